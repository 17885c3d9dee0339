//! Catching a panic of a future where it is polled, for the bindings: no panic may cross into
//! Python, Node or the JVM, and a caller waiting for the answer must still get one. (Spawning
//! the work as a task of its own would catch it too, at the price of a hand-off between
//! threads per call, which on a small machine costs more than the call's own work.)

use std::any::Any;
use std::future::Future;
use std::panic::{AssertUnwindSafe, catch_unwind as catch};
use std::pin::Pin;
use std::task::{Context, Poll};

/// A future's output, or the payload of the panic that ended it.
pub struct CatchUnwind<T> {
    inner: Pin<Box<dyn Future<Output = T> + Send>>,
}

/// Wraps `fut` so that a panic while polling it becomes `Err(payload)`.
pub fn catch_unwind<F: Future + Send + 'static>(fut: F) -> CatchUnwind<F::Output> {
    CatchUnwind { inner: Box::pin(fut) }
}

impl<T> Future for CatchUnwind<T> {
    type Output = Result<T, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match catch(AssertUnwindSafe(|| self.inner.as_mut().poll(cx))) {
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Err(payload)),
        }
    }
}

/// The text of a panic payload (`panic!("…")` gives a `&str` or a `String`).
pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_becomes_an_error_and_a_value_passes() {
        assert_eq!(catch_unwind(async { 7 }).await.unwrap(), 7);
        let err = catch_unwind(async {
            tokio::task::yield_now().await;
            if std::hint::black_box(true) {
                panic!("boom {}", 1);
            }
        })
        .await
        .unwrap_err();
        assert_eq!(panic_message(err.as_ref()), "boom 1");
    }
}
