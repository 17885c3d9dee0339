//! An emulator for the bindings' test kits (Python's `saasus.testing`, Node's `saasus/testing`):
//! started and stopped from plain synchronous code, with no runtime of the caller's. The
//! emulator is linked into the binding's native library, so a user's tests need no binary and
//! no Rust toolchain; every such emulator of the process is served by one thread of its own
//! (`saasus-emulator`), apart from the SDK's call thread, so that the client under test and
//! the emulator answering it never wait on each other.

use crate::{Emulator, Options};
use saasus::io_thread::IoThread;
use std::future::Future;
use std::sync::OnceLock;

/// A running emulator; [`Background::stop`] (or dropping it) stops it.
pub struct Background {
    emulator: Option<Emulator>,
}

fn thread() -> std::io::Result<&'static IoThread> {
    static THREAD: OnceLock<Result<IoThread, String>> = OnceLock::new();
    THREAD
        .get_or_init(|| IoThread::start("saasus-emulator").map_err(|e| e.to_string()))
        .as_ref()
        .map_err(|e| std::io::Error::other(format!("the emulator's thread could not start: {e}")))
}

/// Runs `fut` on the emulator's thread and waits for its output. Not from that thread itself.
fn run<F>(fut: F) -> std::io::Result<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    thread()?.spawn(async move {
        let _ = tx.send(fut.await);
    });
    rx.recv().map_err(|_| std::io::Error::other("the emulator's thread stopped"))
}

impl Background {
    /// Binds (127.0.0.1 and a free port unless `options` say otherwise), serves, and returns
    /// once connections are accepted.
    pub fn start(options: Options) -> std::io::Result<Background> {
        let emulator = run(Emulator::start(options))??;
        Ok(Background { emulator: Some(emulator) })
    }

    pub fn emulator(&self) -> &Emulator {
        self.emulator.as_ref().expect("a Background holds its emulator until stopped")
    }

    /// Stops accepting, finishes requests in flight, and returns when the server is down.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            let _ = run(emulator.stop());
        }
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        self.shut_down();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starts_serves_and_stops_from_plain_threads() {
        let first = Background::start(Options::default()).unwrap();
        let second = Background::start(Options::default()).unwrap();
        assert_ne!(first.emulator().addr(), second.emulator().addr());
        let addr = first.emulator().addr();
        let health = |addr| {
            use std::io::{Read, Write};
            let mut s = std::net::TcpStream::connect(addr)?;
            s.write_all(b"GET /_emulator/health HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n")?;
            let mut out = String::new();
            s.read_to_string(&mut out)?;
            Ok::<_, std::io::Error>(out)
        };
        assert!(health(addr).unwrap().contains(r#""status":"ok""#));
        first.stop();
        assert!(health(addr).is_err(), "a stopped emulator refuses connections");
        drop(second);
    }
}
