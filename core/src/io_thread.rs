//! Where the bindings run the calls their host starts (Node's JS thread, an asyncio loop,
//! Kotlin coroutines, Swift tasks): a current-thread tokio runtime on a thread of its own.
//!
//! Not tokio's default multi-thread runtime: a call started from a thread outside that runtime
//! wakes one worker, which on finding the task wakes a second to share the work; the two then
//! hand the request, the socket's readiness and the answer back and forth, about three thread
//! wake-ups per call where one suffices. On a 2-core machine those wake-ups were most of what
//! a call cost: with one thread the Node binding spent 15 % less CPU per call and made 15 % more
//! calls per second one after another (the bench drivers, 8 alternated rounds of both). One thread
//! also serves what a binding's host can ask of it: Node and an asyncio loop start calls from
//! one thread themselves, and a call's own work is microseconds against its network round trip.

use std::future::Future;
use std::sync::OnceLock;
use tokio::runtime::{Builder, Handle};
use tokio::task::JoinHandle;

/// A current-thread runtime and the thread that drives it, for the rest of the process.
#[derive(Clone, Debug)]
pub struct IoThread {
    handle: Handle,
}

impl IoThread {
    /// Starts the thread, named `name` as debuggers, profilers and the JVM show it. It runs
    /// until the process exits; a task that panics ends that task only.
    pub fn start(name: &str) -> std::io::Result<IoThread> {
        let runtime = Builder::new_current_thread().enable_all().build()?;
        let handle = runtime.handle().clone();
        std::thread::Builder::new().name(name.to_string()).spawn(move || runtime.block_on(std::future::pending::<()>()))?;
        Ok(IoThread { handle })
    }

    /// The process's one call thread named `saasus-io`, started by the first caller; the error
    /// (the thread could not start) is kept and returned to every caller. Not for a process that
    /// forks and keeps calling in the child: there the thread does not exist (Python keeps its own).
    pub fn shared() -> Result<&'static IoThread, &'static str> {
        static SHARED: OnceLock<Result<IoThread, String>> = OnceLock::new();
        SHARED.get_or_init(|| IoThread::start("saasus-io").map_err(|e| e.to_string())).as_ref().map_err(String::as_str)
    }

    /// Runs `fut` on the thread; callable from any thread.
    pub fn spawn<F>(&self, fut: F) -> JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        self.handle.spawn(fut)
    }
}
