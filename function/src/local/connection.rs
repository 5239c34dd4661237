//! One client connection of the local server, as hyper reads and writes it. hyper answers a head it
//! cannot parse (a malformed line, too many headers, a URI over its limit) with an empty body of its
//! own, and drops a client that is slow to send its head without a word; here both get the JSON
//! error every other answer has. hyper offers no hook for either, hence this wrapper.

use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use hyper::rt::{Read, ReadBuf, ReadBufCursor, Write};
use tokio::time::{Instant, Sleep};

use crate::outcome::Outcome;
use crate::router;

/// What the service tells the connection: a request is being answered, and how many were.
#[derive(Debug, Default)]
pub struct Requests {
    answering: AtomicBool,
    answered: AtomicU64,
}

impl Requests {
    pub fn started(&self) {
        self.answering.store(true, Ordering::Release);
    }

    pub fn finished(&self) {
        self.answered.fetch_add(1, Ordering::AcqRel);
        self.answering.store(false, Ordering::Release);
    }
}

pub struct GuardedConnection<IO> {
    io: IO,
    requests: Arc<Requests>,
    /// Requests answered when the wait for the next head began.
    answered_before: u64,
    head_timeout: Duration,
    head_deadline: Pin<Box<Sleep>>,
    /// Bytes of the next head have arrived.
    head_started: bool,
    /// A JSON refusal still to write, and how much of it is written.
    refusal: Option<(Vec<u8>, usize)>,
    /// The head timed out: after the 408, the connection ends.
    closing: bool,
    read_buffer: Box<[u8]>,
}

impl<IO> GuardedConnection<IO> {
    pub fn new(io: IO, requests: Arc<Requests>, head_timeout: Duration) -> Self {
        Self {
            io,
            requests,
            answered_before: 0,
            head_timeout,
            head_deadline: Box::pin(tokio::time::sleep(head_timeout)),
            head_started: false,
            refusal: None,
            closing: false,
            read_buffer: vec![0; 16 * 1024].into_boxed_slice(),
        }
    }
}

impl<IO: Write + Unpin> GuardedConnection<IO> {
    /// Writes what is left of a refusal; ready once it is all written.
    fn poll_refusal(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        while let Some((bytes, written)) = &mut self.refusal {
            if *written == bytes.len() {
                self.refusal = None;
                break;
            }
            let n = ready!(Pin::new(&mut self.io).poll_write(cx, &bytes[*written..]))?;
            if n == 0 {
                return Poll::Ready(Err(io::ErrorKind::WriteZero.into()));
            }
            *written += n;
        }
        Poll::Ready(Ok(()))
    }

    /// The wait for a head starts again once the previous request is answered.
    fn restart_head_wait(&mut self) {
        let answered = self.requests.answered.load(Ordering::Acquire);
        if answered != self.answered_before {
            self.answered_before = answered;
            self.head_started = false;
            let deadline = Instant::now() + self.head_timeout;
            self.head_deadline.as_mut().reset(deadline);
        }
    }
}

impl<IO: Read + Write + Unpin> Read for GuardedConnection<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        mut buf: ReadBufCursor<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        if this.closing {
            ready!(this.poll_refusal(cx))?;
            return Poll::Ready(Ok(())); // end of stream: hyper closes the connection
        }
        let answering = this.requests.answering.load(Ordering::Acquire);
        if !answering {
            this.restart_head_wait();
            if this.head_deadline.as_mut().poll(cx).is_ready() {
                this.closing = true;
                if this.head_started {
                    let message = "the request head did not arrive in time";
                    this.refusal = Some((json_refusal(Outcome::Timeout, message), 0));
                }
                ready!(this.poll_refusal(cx))?;
                return Poll::Ready(Ok(()));
            }
        }
        // Read through a buffer of its own, to see whether bytes came.
        let room = buf.remaining().min(this.read_buffer.len());
        let mut read = ReadBuf::new(&mut this.read_buffer[..room]);
        ready!(Pin::new(&mut this.io).poll_read(cx, read.unfilled()))?;
        let filled = read.filled();
        if !answering && !filled.is_empty() {
            this.head_started = true;
        }
        buf.put_slice(filled);
        Poll::Ready(Ok(()))
    }
}

impl<IO: Write + Unpin> Write for GuardedConnection<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = &mut *self;
        ready!(this.poll_refusal(cx))?;
        if let Some(outcome) = hypers_own_refusal(buf) {
            let message = match outcome {
                Outcome::UriTooLong => "the request target is too long",
                Outcome::HeadersTooLarge => "the request head has too many or too large fields",
                _ => "the request head could not be read",
            };
            this.refusal = Some((json_refusal(outcome, message), 0));
            let _ = this.poll_refusal(cx)?;
            return Poll::Ready(Ok(buf.len()));
        }
        Pin::new(&mut this.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_refusal(cx))?;
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        ready!(self.poll_refusal(cx))?;
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// hyper's automatic answer to a head it could not parse: a 4xx with no content type (every answer
/// of this server has one), written whole at the start of a buffer.
fn hypers_own_refusal(buf: &[u8]) -> Option<Outcome> {
    let head_end = buf.windows(4).position(|window| window == b"\r\n\r\n")?;
    let head = String::from_utf8_lossy(&buf[..head_end]).to_ascii_lowercase();
    let status = head.strip_prefix("http/1.1 ")?.get(..3)?;
    if head.contains("\r\ncontent-type:") {
        return None;
    }
    match status {
        "400" => Some(Outcome::UnreadableRequest),
        "414" => Some(Outcome::UriTooLong),
        "431" => Some(Outcome::HeadersTooLarge),
        _ => None,
    }
}

/// A whole HTTP/1.1 answer with the JSON error body, closing the connection.
fn json_refusal(outcome: Outcome, message: &str) -> Vec<u8> {
    let response = router::error(outcome, message);
    let status = response.status();
    let body = response.body();
    let reason = status.canonical_reason().unwrap_or_default();
    let head = format!(
        "HTTP/1.1 {} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
        status.as_u16(),
        body.len()
    );
    [head.as_bytes(), body.as_bytes()].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hypers_empty_refusals_are_replaced() {
        let hyper_431 =
            b"HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-length: 0\r\ndate: x\r\n\r\n";
        assert_eq!(
            hypers_own_refusal(hyper_431),
            Some(Outcome::HeadersTooLarge)
        );
        let ours = b"HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}";
        assert_eq!(hypers_own_refusal(ours), None);
        assert_eq!(
            hypers_own_refusal(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n"),
            None
        );
        assert_eq!(hypers_own_refusal(b"{\"RideId\": 1}"), None);
    }
}
