//! One tokio runtime per process, built on first use (never at import) and built again in a
//! forked child, whose copy of the parent's runtime has no threads.

use pyo3::BoundObject;
use pyo3::prelude::*;
use std::future::Future;
use std::sync::{Arc, Mutex};
use tokio::runtime::Runtime;

static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

pub fn get() -> Arc<Runtime> {
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    match &*slot {
        Some((owner, rt)) if *owner == pid => rt.clone(),
        _ => {
            if let Some((_, old)) = slot.take() {
                // The parent's runtime cannot be shut down from a child: its threads are not here.
                std::mem::forget(old);
            }
            let rt = Arc::new(
                tokio::runtime::Builder::new_multi_thread()
                    .enable_all()
                    .thread_name("saasus-runtime")
                    .build()
                    .expect("the tokio runtime starts"),
            );
            *slot = Some((pid, rt.clone()));
            rt
        }
    }
}

pub fn block_on<F: Future>(fut: F) -> F::Output {
    get().block_on(fut)
}

/// An asyncio future of the running loop, resolved when `fut` completes on the runtime.
pub fn future_into_py<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let py_future = event_loop.call_method0("create_future")?;
    let resolve = py.import("saasus._async")?.getattr("_resolve")?.unbind();
    let (loop_ref, future_ref) = (event_loop.unbind(), py_future.clone().unbind());
    get().spawn(async move {
        let result = fut.await;
        Python::attach(|py| {
            let (ok, value) = match result.and_then(|v| v.into_pyobject(py).map(|b| b.into_any().unbind()).map_err(Into::into)) {
                Ok(v) => (true, v),
                Err(e) => (false, e.into_value(py).into_any()),
            };
            // The loop may be closed by now; then nobody is waiting for the answer.
            let _ = loop_ref.bind(py).call_method1("call_soon_threadsafe", (resolve, future_ref, ok, value));
        });
    });
    Ok(py_future)
}
