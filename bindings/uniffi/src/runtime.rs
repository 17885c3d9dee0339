//! Where every call of the Kotlin and Swift surface runs: as one task on the library's call
//! thread (`saasus::io_thread`), the request, its connection's IO and the decoding together, so
//! that the foreign side is woken once per call, when the answer is ready. (uniffi's own tokio
//! support polls the call's future on the caller's thread while another thread drives the IO:
//! a JNA callback, a coroutine resumption and an FFI poll for each of the several wake-ups of
//! one call, which made a Kotlin call cost several times the Rust core's.)

use crate::SaasusError;
use saasus::io_thread::IoThread;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use tokio::task::JoinHandle;

/// Runs `fut` as a task of the call thread; the returned future is what uniffi polls.
/// Dropping it (a cancelled coroutine or Swift task) aborts the task, and with it the request.
pub async fn spawned<T, F>(fut: F) -> Result<T, SaasusError>
where
    F: Future<Output = Result<T, SaasusError>> + Send + 'static,
    T: Send + 'static,
{
    let io = IoThread::shared().map_err(|e| SaasusError::Transport { detail: format!("the saasus call thread could not start: {e}") })?;
    Task(io.spawn(fut)).await
}

struct Task<T>(JoinHandle<Result<T, SaasusError>>);

impl<T> Drop for Task<T> {
    fn drop(&mut self) {
        // A no-op once the task has finished.
        self.0.abort();
    }
}

impl<T> Future for Task<T> {
    type Output = Result<T, SaasusError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match Pin::new(&mut self.0).poll(cx) {
            Poll::Ready(Ok(outcome)) => Poll::Ready(outcome),
            // A panic (a bug) is raised again where uniffi polls, which catches it and reports
            // it to the foreign caller as its internal error: it never unwinds across the FFI.
            Poll::Ready(Err(e)) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Poll::Ready(Err(_)) => Poll::Ready(Err(SaasusError::Transport { detail: "the call was cancelled".into() })),
            Poll::Pending => Poll::Pending,
        }
    }
}
