//! The bindings' call thread: tasks started from other threads run and answer, a task that
//! panics ends only itself, and the thread does the IO (a request to a local listener).

use saasus::io_thread::IoThread;
use std::sync::mpsc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[test]
fn tasks_from_many_threads_run_on_the_one_named_thread() {
    let io = IoThread::start("saasus-io-test").unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::scope(|s| {
        for i in 0..8 {
            let (io, tx) = (io.clone(), tx.clone());
            s.spawn(move || {
                io.spawn(async move { tx.send((i, std::thread::current().name().map(str::to_string))).unwrap() });
            });
        }
    });
    let mut seen: Vec<_> = (0..8).map(|_| rx.recv_timeout(Duration::from_secs(10)).unwrap()).collect();
    seen.sort();
    assert_eq!(seen, (0..8).map(|i| (i, Some("saasus-io-test".to_string()))).collect::<Vec<_>>());
}

#[test]
fn a_panicking_task_ends_only_itself() {
    let io = IoThread::start("saasus-io-test").unwrap();
    let (tx, rx) = mpsc::channel();
    let failed = io.spawn(async { panic!("a bug") });
    let answered = io.spawn(async move { tx.send(42).unwrap() });
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    assert!(rt.block_on(failed).unwrap_err().is_panic());
    rt.block_on(answered).unwrap();
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap(), 42);
}

#[test]
fn the_thread_drives_sockets_and_timers() {
    let io = IoThread::start("saasus-io-test").unwrap();
    let (tx, rx) = mpsc::channel();
    io.spawn(async move {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (mut conn, _) = listener.accept().await.unwrap();
            tokio::time::sleep(Duration::from_millis(20)).await;
            conn.write_all(b"pong").await.unwrap();
        });
        let mut client = tokio::net::TcpStream::connect(addr).await.unwrap();
        let mut answer = [0u8; 4];
        client.read_exact(&mut answer).await.unwrap();
        server.await.unwrap();
        tx.send(answer).unwrap();
    });
    assert_eq!(&rx.recv_timeout(Duration::from_secs(10)).unwrap(), b"pong");
}

#[test]
fn the_shared_thread_is_one_thread_named_saasus_io() {
    let (first, second) = (IoThread::shared().unwrap(), IoThread::shared().unwrap());
    assert!(std::ptr::eq(first, second));
    let (tx, rx) = mpsc::channel();
    first.spawn(async move { tx.send(std::thread::current().name().map(str::to_string)).unwrap() });
    assert_eq!(rx.recv_timeout(Duration::from_secs(10)).unwrap().as_deref(), Some("saasus-io"));
}
