//! Connections whose client stops reading are closed. hyper waits for a socket to take a response
//! for as long as it takes; a client that stops reading an event stream would hold its connection
//! and buffers for good (the stream itself is dropped once its queue stays full). So every accepted
//! connection carries a limit on how long one write may stay stalled: past it the write fails, and
//! hyper closes the connection. Only a write that waits counts: an idle connection, or a stream
//! whose reader keeps up (keep-alive comments included), never reaches it.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;

/// A `TcpListener` whose connections close after a write stalled for `limit`.
pub struct StallListener {
    inner: TcpListener,
    limit: Duration,
}

impl StallListener {
    pub fn new(inner: TcpListener, limit: Duration) -> Self {
        Self { inner, limit }
    }
}

impl Listener for StallListener {
    type Io = StallLimited<TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        // axum's accept: it retries (and logs) what a failed accept can be, e.g. out of descriptors.
        let (stream, addr) = Listener::accept(&mut self.inner).await;
        (StallLimited::new(stream, self.limit), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// An accepted connection (counted in `http_open_connections` while it lives) whose writes fail
/// once one of them waited `limit` for the socket.
pub struct StallLimited<T> {
    inner: T,
    limit: Duration,
    /// Armed by the first write that has to wait, disarmed by any write that goes through.
    stalled: Option<Pin<Box<Sleep>>>,
}

impl<T> StallLimited<T> {
    fn new(inner: T, limit: Duration) -> Self {
        metrics::gauge!("http_open_connections").increment(1);
        Self { inner, limit, stalled: None }
    }

    /// What a write that got `poll` returns: its result, or the stall error once `limit` passed.
    fn progress<R>(&mut self, cx: &mut Context<'_>, poll: Poll<io::Result<R>>) -> Poll<io::Result<R>> {
        if poll.is_ready() {
            self.stalled = None;
            return poll;
        }
        let limit = self.limit;
        let stalled = self.stalled.get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(stalled.as_mut().poll(cx));
        tracing::info!(
            stalled_secs = limit.as_secs_f64(),
            "closing a connection whose client stopped reading"
        );
        metrics::counter!("http_stalled_connections_closed_total").increment(1);
        Poll::Ready(Err(io::Error::new(io::ErrorKind::TimedOut, "the client stopped reading")))
    }
}

impl<T> Drop for StallLimited<T> {
    fn drop(&mut self) {
        metrics::gauge!("http_open_connections").decrement(1);
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for StallLimited<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for StallLimited<T> {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.progress(cx, poll)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.progress(cx, poll)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_flush(cx);
        self.progress(cx, poll)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let poll = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.progress(cx, poll)
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt, duplex};

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_write_that_waits_past_the_limit_fails_and_one_that_goes_through_does_not() {
        let (near, mut far) = duplex(16);
        let mut limited = StallLimited::new(near, Duration::from_secs(30));
        // The far end reads now and then, each time before the limit: every write goes through.
        let reader = tokio::spawn(async move {
            let mut buf = [0; 16];
            for _ in 0..4 {
                tokio::time::sleep(Duration::from_secs(20)).await;
                far.read_exact(&mut buf).await.unwrap();
            }
            far
        });
        for _ in 0..4 {
            limited.write_all(&[1; 16]).await.unwrap();
        }
        let _far = reader.await.unwrap();
        limited.write_all(&[2; 16]).await.unwrap();
        // Now nobody reads: the next write waits 30 s, then fails.
        let started = tokio::time::Instant::now();
        let stalled = limited.write_all(&[3; 16]).await.unwrap_err();
        assert_eq!(stalled.kind(), io::ErrorKind::TimedOut);
        assert_eq!(started.elapsed(), Duration::from_secs(30));
    }
}
