//! The thread asyncio calls run on (`saasus::io_thread`), started on first use (never at import)
//! and again in a forked child, whose copy of the parent's has no thread; and the current-thread
//! runtime of each thread making blocking calls. A panic (a bug) never
//! crosses into Python: it becomes a `saasus.SaasusError`, and an awaitable still settles.

use pyo3::prelude::*;
use saasus::io_thread::IoThread;
use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Mutex;
use tokio::runtime::Runtime;

static IO: Mutex<Option<(u32, IoThread)>> = Mutex::new(None);

/// A finished call: the result to convert, or what went wrong outside the core.
pub type Outcome = Result<Result<crate::Convert, saasus::Error>, Internal>;

/// What went wrong outside the core's own errors: the runtime could not start, or a panic.
#[derive(Debug)]
pub struct Internal(pub String);

impl Internal {
    pub fn panicked(payload: Box<dyn Any + Send>) -> Self {
        Internal(format!("internal error in saasus (please report it): {}", saasus::unwind::panic_message(payload.as_ref())))
    }

    /// A `saasus.SaasusError` (the base class: this is no API, transport or argument error).
    pub fn into_py_err(self, py: Python<'_>) -> PyErr {
        let build = || -> PyResult<PyErr> {
            let factory = py.import(crate::ERRORS_MODULE)?.getattr("_from_native")?;
            let exc = factory.call1(("SaasusError", py.None(), py.None(), &self.0, &self.0, py.None(), py.None()))?;
            Ok(PyErr::from_value(exc))
        };
        build().unwrap_or_else(|e| e)
    }
}

pub fn io_thread() -> Result<IoThread, Internal> {
    let mut slot = IO.lock().unwrap_or_else(|p| p.into_inner());
    let pid = std::process::id();
    match &*slot {
        Some((owner, io)) if *owner == pid => Ok(io.clone()),
        _ => {
            if let Some((_, old)) = slot.take() {
                // The parent's runtime cannot be shut down from a child: its thread is not here.
                std::mem::forget(old);
            }
            let io = IoThread::start("saasus-io").map_err(|e| Internal(format!("the saasus call thread could not start: {e}")))?;
            *slot = Some((pid, io.clone()));
            Ok(io)
        }
    }
}

/// A call's outcome as Python sees it: the converted value, a `saasus` exception, never a panic.
pub fn finish(py: Python<'_>, outcome: Outcome) -> PyResult<Py<PyAny>> {
    match outcome {
        Ok(Ok(convert)) => {
            catch_unwind(AssertUnwindSafe(|| convert(py))).unwrap_or_else(|payload| Err(Internal::panicked(payload).into_py_err(py)))
        }
        Ok(Err(e)) => Err(saasus::glue::python::to_py_err(py, e)),
        Err(internal) => Err(internal.into_py_err(py)),
    }
}

/// A current-thread runtime of the calling thread's own, with the process it was built in.
struct Local(Option<(u32, Runtime)>);

impl Drop for Local {
    fn drop(&mut self) {
        if let Some((pid, rt)) = self.0.take() {
            if pid == std::process::id() {
                // At thread exit: a panic here would abort the process.
                let _ = catch_unwind(AssertUnwindSafe(|| drop(rt)));
            } else {
                std::mem::forget(rt);
            }
        }
    }
}

thread_local! {
    static LOCAL: std::cell::RefCell<Local> = const { std::cell::RefCell::new(Local(None)) };
}

/// Runs `fut` to its end on this thread (call it with the GIL released), on a current-thread
/// runtime of this thread's own: the request, its connection and the wait for the answer all
/// happen here, with no hand-off to the shared runtime's threads and back — on 2 cores such
/// hand-offs were most of a blocking call's cost (bench/run.py). The connections a blocking
/// call uses are this thread's too (`Client::for_this_thread`).
pub fn block_on<F: Future>(fut: F) -> Result<F::Output, Internal> {
    LOCAL.with(|slot| {
        let mut slot = slot.try_borrow_mut().map_err(|_| Internal("a blocking saasus call cannot run inside another".into()))?;
        let pid = std::process::id();
        if !matches!(&slot.0, Some((owner, _)) if *owner == pid) {
            if let Some((_, inherited)) = slot.0.take() {
                // A forked child's copy of the parent's runtime: never used, never dropped here.
                std::mem::forget(inherited);
            }
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| Internal(format!("the saasus runtime could not start: {e}")))?;
            slot.0 = Some((pid, rt));
        }
        let Some((_, rt)) = &slot.0 else { return Err(Internal("the saasus runtime could not start".into())) };
        catch_unwind(AssertUnwindSafe(|| rt.block_on(fut))).map_err(Internal::panicked)
    })
}

/// How often a blocking call looks for a signal (Ctrl-C) while it waits.
const SIGNAL_POLL: std::time::Duration = std::time::Duration::from_millis(50);

/// `fut`, ended early when a signal handler raises (Ctrl-C's `KeyboardInterrupt`): the GIL is
/// released during a blocking call, so Python's handlers only run if someone asks
/// (`PyErr_CheckSignals`, a no-op outside the main thread). Dropping `fut` cancels the request.
/// The handler's exception becomes the call's outcome.
pub async fn interruptible<F>(fut: F) -> Result<crate::Convert, saasus::Error>
where
    F: Future<Output = Result<crate::Convert, saasus::Error>>,
{
    let mut fut = std::pin::pin!(fut);
    let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + SIGNAL_POLL, SIGNAL_POLL);
    loop {
        tokio::select! {
            biased;
            out = &mut fut => return out,
            _ = ticks.tick() => {
                if let Err(e) = Python::attach(|py| py.check_signals()) {
                    return Ok(Box::new(move |_| Err(e)));
                }
            }
        }
    }
}
