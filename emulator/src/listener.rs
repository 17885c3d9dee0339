//! The listener the emulator serves on: TCP, with each connection's writes passed through
//! [`crate::refusals::hyper_answer_as_json`], so that what hyper answers on its own carries the
//! API's error JSON like every other refusal.

use crate::refusals::hyper_answer_as_json;
use axum::extract::connect_info::Connected;
use axum::serve::IncomingStream;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};

pub(crate) struct Listener(pub TcpListener);

impl axum::serve::Listener for Listener {
    type Io = Connection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Connection, SocketAddr) {
        // axum's own accept loop: it retries (and backs off) on errors such as too many open files.
        let (stream, addr) = axum::serve::Listener::accept(&mut self.0).await;
        (Connection { stream, replacement: Vec::new(), sent: 0, http2: false, first_read: true }, addr)
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        self.0.local_addr()
    }
}

/// The client's address, as connect info (`ConnectInfo<ClientAddr>`) of connections accepted
/// by [`Listener`], with its IP as the API log shows it: written once for all the connection's
/// requests (formatting it was a tenth of what logging a request cost).
#[derive(Clone, Debug)]
pub(crate) struct ClientAddr {
    pub addr: SocketAddr,
    pub ip: Arc<str>,
}

impl Connected<IncomingStream<'_, Listener>> for ClientAddr {
    fn connect_info(stream: IncomingStream<'_, Listener>) -> Self {
        let addr = *stream.remote_addr();
        ClientAddr { addr, ip: addr.ip().to_string().into() }
    }
}

/// One accepted connection. Not vectored, so hyper hands each response head over in one write.
pub(crate) struct Connection {
    stream: TcpStream,
    /// The error JSON answer being sent in place of hyper's, and how much of it went out.
    replacement: Vec<u8>,
    sent: usize,
    /// HTTP/2 is framed in binary and never rewritten.
    http2: bool,
    first_read: bool,
}

impl Connection {
    /// Sends what is left of the replacement answer.
    fn poll_replacement(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while self.sent < self.replacement.len() {
            match ready!(Pin::new(&mut self.stream).poll_write(cx, &self.replacement[self.sent..]))? {
                0 => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                n => self.sent += n,
            }
        }
        self.replacement.clear();
        self.sent = 0;
        Poll::Ready(Ok(()))
    }
}

impl AsyncRead for Connection {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        ready!(Pin::new(&mut this.stream).poll_read(cx, buf))?;
        if this.first_read && buf.filled().len() > before {
            this.first_read = false;
            this.http2 = buf.filled()[before..].starts_with(b"PRI ");
        }
        Poll::Ready(Ok(()))
    }
}

impl AsyncWrite for Connection {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        if !this.http2
            && let Some(answer) = hyper_answer_as_json(buf)
        {
            // Hyper's bytes count as written; ours go out in their place (flush drives the rest).
            this.replacement = answer;
            if let Poll::Ready(Err(e)) = this.poll_replacement(cx) {
                return Poll::Ready(Err(e));
            }
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.stream).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        ready!(this.poll_replacement(cx))?;
        Pin::new(&mut this.stream).poll_shutdown(cx)
    }
}
