//! One tokio runtime per process, built on first use (never at import) and built again in a
//! forked child, whose copy of the parent's runtime has no threads. A panic (a bug) never
//! crosses into Python: it becomes a `saasus.SaasusError`, and an awaitable still settles.

use pyo3::BoundObject;
use pyo3::prelude::*;
use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::{Arc, Mutex};
use tokio::runtime::Runtime;

static RUNTIME: Mutex<Option<(u32, Arc<Runtime>)>> = Mutex::new(None);

/// What went wrong outside the core's own errors: the runtime could not start, or a panic.
#[derive(Debug)]
pub struct Internal(pub String);

impl Internal {
    pub fn panicked(payload: Box<dyn Any + Send>) -> Self {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a panic".into());
        Internal(format!("internal error in saasus (please report it): {what}"))
    }

    /// A `saasus.SaasusError` (the base class: this is no API, transport or argument error).
    pub fn into_py_err(self, py: Python<'_>) -> PyErr {
        let build = || -> PyResult<PyErr> {
            let factory = py.import("saasus._errors")?.getattr("_from_native")?;
            let exc = factory.call1(("internal", py.None(), py.None(), &self.0, &self.0, py.None(), py.None()))?;
            Ok(PyErr::from_value(exc))
        };
        build().unwrap_or_else(|e| e)
    }
}

pub fn get() -> Result<Arc<Runtime>, Internal> {
    let mut slot = RUNTIME.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    match &*slot {
        Some((owner, rt)) if *owner == pid => Ok(rt.clone()),
        _ => {
            if let Some((_, old)) = slot.take() {
                // The parent's runtime cannot be shut down from a child: its threads are not here.
                std::mem::forget(old);
            }
            let rt = tokio::runtime::Builder::new_multi_thread()
                .enable_all()
                .thread_name("saasus-runtime")
                .build()
                .map_err(|e| Internal(format!("the saasus runtime could not start: {e}")))?;
            let rt = Arc::new(rt);
            *slot = Some((pid, rt.clone()));
            Ok(rt)
        }
    }
}

/// Runs `fut` to completion on the runtime, on this thread (call it with the GIL released).
pub fn block_on<F: Future>(fut: F) -> Result<F::Output, Internal> {
    let rt = get()?;
    catch_unwind(AssertUnwindSafe(|| rt.block_on(fut))).map_err(Internal::panicked)
}

/// An asyncio future of the running loop, resolved when `fut` completes on the runtime; also
/// when `fut` or the conversion of its result panics.
pub fn future_into_py<'py, F, T>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = PyResult<T>> + Send + 'static,
    T: for<'a> IntoPyObject<'a> + Send + 'static,
{
    let rt = get().map_err(|e| e.into_py_err(py))?;
    let event_loop = py.import("asyncio")?.call_method0("get_running_loop")?;
    let py_future = event_loop.call_method0("create_future")?;
    let resolve = py.import("saasus._async")?.getattr("_resolve")?.unbind();
    let (loop_ref, future_ref) = (event_loop.unbind(), py_future.clone().unbind());
    // The work is a task of its own, so that its panic reaches this one as a JoinError.
    let work = rt.spawn(fut);
    rt.spawn(async move {
        let result = work.await;
        Python::attach(|py| {
            let settled = catch_unwind(AssertUnwindSafe(|| {
                let value = match result {
                    Ok(r) => r.and_then(|v| v.into_pyobject(py).map(|b| b.into_any().unbind()).map_err(Into::into)),
                    Err(join) if join.is_panic() => Err(Internal::panicked(join.into_panic()).into_py_err(py)),
                    Err(join) => Err(Internal(format!("the call was cancelled: {join}")).into_py_err(py)),
                };
                match value {
                    Ok(v) => (true, v),
                    Err(e) => (false, e.into_value(py).into_any()),
                }
            }));
            let (ok, value) =
                settled.unwrap_or_else(|payload| (false, Internal::panicked(payload).into_py_err(py).into_value(py).into_any()));
            // The loop may be closed by now; then nobody is waiting for the answer.
            let _ = loop_ref.bind(py).call_method1("call_soon_threadsafe", (resolve, future_ref, ok, value));
        });
    });
    Ok(py_future)
}
