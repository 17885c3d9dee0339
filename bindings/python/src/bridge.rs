//! How a call finished on the call thread (`saasus::io_thread`) reaches its asyncio loop without
//! that thread taking the GIL. Before, each completion took the GIL on a tokio thread to call
//! `loop.call_soon_threadsafe`: while the loop ran Python, that thread waited (up to the
//! interpreter's switch interval), and with it the calls behind it — 64 awaitables in flight ran
//! at a sixth of the Rust core's rate (bench/run.py). Now a completion is queued here and the
//! loop is woken through a socket it watches (`loop.add_reader`); the loop drains the queue and
//! converts the results on its own thread, in batches when many finish together.

use crate::runtime::{Internal, Outcome, io_thread};
use pyo3::prelude::*;
use std::future::Future;
use std::sync::{Arc, Mutex};

/// The completions waiting for one loop, and how to wake it.
pub struct Queue {
    done: Mutex<Vec<(Py<PyAny>, Outcome)>>,
    #[cfg(unix)]
    wake: std::os::unix::net::UnixStream,
    #[cfg(unix)]
    watched: std::os::unix::net::UnixStream,
    /// For a loop that cannot watch a socket: a callable scheduling `drain` on it (this one
    /// takes the GIL, like the old path).
    waker: std::sync::OnceLock<Py<PyAny>>,
}

impl Queue {
    /// Called on the call thread: queue the outcome and wake the loop if it was not already.
    pub fn push(&self, future: Py<PyAny>, outcome: Outcome) {
        let was_empty = {
            let mut done = self.done.lock().unwrap_or_else(|p| p.into_inner());
            done.push((future, outcome));
            done.len() == 1
        };
        if !was_empty {
            return; // the wake of the first one is pending: the loop drains them all
        }
        if let Some(waker) = self.waker.get() {
            Python::attach(|py| {
                if let Err(e) = waker.call0(py) {
                    // The loop is closed: nobody is waiting any more.
                    drop(e);
                }
            });
            return;
        }
        #[cfg(unix)]
        {
            use std::io::Write;
            // Non-blocking: a full socket already holds a pending wake.
            let _ = (&self.wake).write(&[1]);
        }
    }
}

thread_local! {
    /// The loop this thread last called from (weakly: a closed loop is not kept alive) and its
    /// bridge: most threads only ever run one loop.
    static LAST: std::cell::RefCell<Option<(Py<PyAny>, Py<Bridge>)>> = const { std::cell::RefCell::new(None) };
}

/// A new future of the running loop, and the loop's bridge. The bridge is made (and its socket
/// registered) by `saasus._async._bridge_of` on a loop's first call from a thread; later calls
/// find it here without running Python — that lookup was a measurable part of every call.
pub fn for_running_loop(py: Python<'_>) -> PyResult<(Bound<'_, PyAny>, Bound<'_, Bridge>)> {
    static GET_RUNNING_LOOP: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    static BRIDGE_OF: pyo3::sync::PyOnceLock<Py<PyAny>> = pyo3::sync::PyOnceLock::new();
    // Raises RuntimeError outside a running loop, as asyncio does.
    let running = GET_RUNNING_LOOP.import(py, "asyncio", "get_running_loop")?.call0()?;
    let cached = LAST.with(|last| {
        let last = last.try_borrow().ok()?;
        let (weak_loop, bridge) = last.as_ref()?;
        let alive = weak_loop.bind(py).call0().ok()?;
        alive.is(&running).then(|| bridge.clone_ref(py))
    });
    let bridge = match cached {
        Some(b) => b.into_bound(py),
        None => {
            let b: Bound<'_, Bridge> = BRIDGE_OF.import(py, "saasus._async", "_bridge_of")?.call1((&running,))?.cast_into()?;
            let weak = pyo3::types::PyWeakrefReference::new(&running)?.into_any().unbind();
            LAST.with(|last| {
                if let Ok(mut last) = last.try_borrow_mut() {
                    *last = Some((weak, b.clone().unbind()));
                }
            });
            b
        }
    };
    let future = running.call_method0(pyo3::intern!(py, "create_future"))?;
    Ok((future, bridge))
}

/// One per asyncio loop (`saasus._async._bridge_of`); private to the package.
#[pyclass(module = "saasus._native", name = "_Bridge", frozen)]
pub struct Bridge {
    queue: Arc<Queue>,
}

impl Bridge {
    pub fn queue(&self) -> Arc<Queue> {
        self.queue.clone()
    }
}

#[pymethods]
impl Bridge {
    #[new]
    fn new() -> PyResult<Self> {
        #[cfg(unix)]
        let (wake, watched) = {
            let (a, b) = std::os::unix::net::UnixStream::pair()?;
            a.set_nonblocking(true)?;
            b.set_nonblocking(true)?;
            (a, b)
        };
        Ok(Bridge {
            queue: Arc::new(Queue {
                done: Mutex::new(Vec::new()),
                #[cfg(unix)]
                wake,
                #[cfg(unix)]
                watched,
                waker: std::sync::OnceLock::new(),
            }),
        })
    }

    /// The socket for `loop.add_reader`; readable when completions are waiting.
    fn fileno(&self) -> PyResult<i64> {
        #[cfg(unix)]
        {
            use std::os::fd::AsRawFd;
            Ok(i64::from(self.queue.watched.as_raw_fd()))
        }
        #[cfg(not(unix))]
        Err(pyo3::exceptions::PyNotImplementedError::new_err("no socket to watch on this platform"))
    }

    /// For loops without `add_reader`: `waker()` must schedule `drain` on the loop.
    fn wake_with(&self, waker: Py<PyAny>) {
        let _ = self.queue.waker.set(waker);
    }

    /// On the loop: settles every waiting future (those cancelled meanwhile are skipped).
    fn drain(&self, py: Python<'_>) -> PyResult<()> {
        #[cfg(unix)]
        {
            use std::io::Read;
            let mut sink = [0u8; 256];
            // Empty the socket before taking the queue, so no wake is lost in between.
            while matches!((&self.queue.watched).read(&mut sink), Ok(n) if n > 0) {}
        }
        let done = std::mem::take(&mut *self.queue.done.lock().unwrap_or_else(|p| p.into_inner()));
        // One future that cannot be settled must not strand the rest of the batch: the first
        // such error is raised (to the loop's exception handler) after all were tried.
        let mut first_error = None;
        for (future, outcome) in done {
            let future = future.bind(py);
            let settle = || -> PyResult<()> {
                if future.call_method0(pyo3::intern!(py, "done"))?.is_truthy()? {
                    return Ok(()); // cancelled meanwhile (its task is being aborted)
                }
                match crate::runtime::finish(py, outcome) {
                    Ok(value) => future.call_method1(pyo3::intern!(py, "set_result"), (value,))?,
                    Err(e) => future.call_method1(pyo3::intern!(py, "set_exception"), (e.into_value(py),))?,
                };
                Ok(())
            };
            if let Err(e) = settle() {
                first_error.get_or_insert(e);
            }
        }
        first_error.map_or(Ok(()), Err)
    }
}

/// An asyncio future of the running loop, settled by the loop itself (through the loop's
/// [`Bridge`]) when `fut` completes on the call thread — also when `fut`
/// panics. The call thread never takes the GIL: converting the result to Python happens
/// on the loop's thread, which holds it anyway.
pub fn future_into_py<'py, F>(py: Python<'py>, fut: F) -> PyResult<Bound<'py, PyAny>>
where
    F: Future<Output = Result<crate::Convert, saasus::Error>> + Send + 'static,
{
    let io = io_thread().map_err(|e| e.into_py_err(py))?;
    let (future, bridge) = for_running_loop(py)?;
    let (queue, settles) = (bridge.get().queue(), future.clone().unbind());
    let task = io.spawn(async move {
        let outcome = saasus::unwind::catch_unwind(fut).await.map_err(Internal::panicked);
        queue.push(settles, outcome);
    });
    // Cancelling the awaitable (`task.cancel()`, `asyncio.wait_for`'s timeout, a TaskGroup
    // failing) ends the call: the request, its retries and its connection are dropped. Called
    // on the loop once the future is done; a settled call's task has finished, and aborting it
    // does nothing.
    let abort = Bound::new(py, Abort(task.abort_handle()))?;
    future.call_method1(pyo3::intern!(py, "add_done_callback"), (abort,))?;
    Ok(future)
}

/// A call's task on the call thread, aborted when its asyncio future is done (a done callback).
#[pyclass(module = "saasus._native", name = "_Abort", frozen)]
pub struct Abort(tokio::task::AbortHandle);

#[pymethods]
impl Abort {
    fn __call__(&self, _future: &Bound<'_, PyAny>) {
        self.0.abort();
    }
}
