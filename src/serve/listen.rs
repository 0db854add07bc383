//! The preview's HTTP/1.1 listener, bounded in every dimension (issue 16 item 11): a fixed
//! number of worker threads, a bounded queue of accepted connections (beyond it: `503`), a
//! request head of at most [`MAX_HEAD`] bytes (beyond it: `431`) that must arrive within
//! [`HEAD_DEADLINE`], one request per connection (`Connection: close`; no keep-alive, so an
//! idle browser connection never holds a worker after its answer). Event streams are counted
//! by [`crate::serve::http`] and capped there; they run on their own threads, not on workers.
//!
//! (tiny_http, used before, buffered request headers without limit and started one thread per
//! connection: 100 MB of headers were buffered, 500 event-stream clients made 900 threads.)

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Largest request line + headers accepted.
pub const MAX_HEAD: usize = 16 * 1024;
/// Threads answering requests. More than a browser's six connections per host, so that a
/// browser's idle pre-opened connections (each holds a worker until [`HEAD_DEADLINE`]) cannot
/// starve the page's own requests.
pub const WORKERS: usize = 8;
/// Accepted connections waiting for a worker; more are answered `503` at once.
pub const QUEUE: usize = 64;
/// How long a client may take to send its whole request head (not per read: a client
/// trickling one byte at a time is cut off too).
pub const HEAD_DEADLINE: Duration = Duration::from_secs(10);
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);

/// One parsed request; the connection is answered once and closed.
pub struct Request {
    stream: TcpStream,
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

impl Request {
    pub fn method(&self) -> &str {
        &self.method
    }

    /// The request target as sent (`/a/b/?x`).
    pub fn url(&self) -> &str {
        &self.target
    }

    /// The first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Answer and close. `HEAD` gets the headers only.
    pub fn respond(mut self, status: u16, headers: &[(&str, &str)], body: &[u8]) {
        let head = self.method == "HEAD";
        let _ = write_response(&mut self.stream, status, headers, body, head);
    }

    /// The connection, for a response written piecemeal (event streams).
    pub fn into_stream(self) -> TcpStream {
        self.stream
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn write_response(
    w: &mut TcpStream,
    status: u16,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    let mut out = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (k, v) in headers {
        // Values are ours; a CR/LF would split the response.
        if !v.contains(['\r', '\n']) {
            out.push_str(&format!("{k}: {v}\r\n"));
        }
    }
    out.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    w.write_all(out.as_bytes())?;
    if !head_only {
        w.write_all(body)?;
    }
    w.flush()
}

/// Why a request head was refused.
#[derive(Debug, PartialEq)]
pub enum HeadError {
    /// Over [`MAX_HEAD`] bytes.
    TooLarge,
    /// Not HTTP/1.x.
    Malformed,
}

/// Answer an error and close gracefully: stop writing, then read and drop what the client is
/// still sending (bounded), so that closing with unread data does not reset the connection
/// before the client has read the answer.
fn refuse(mut stream: TcpStream, status: u16, body: &[u8]) {
    let _ = write_response(&mut stream, status, &[], body, false);
    let _ = stream.shutdown(std::net::Shutdown::Write);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
    let mut sink = [0u8; 8192];
    let mut total = 0usize;
    while total < (4 << 20) {
        match stream.read(&mut sink) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

/// Method, request target and headers of a request head.
type Head = (String, String, Vec<(String, String)>);

/// Parse a complete request head (`…\r\n\r\n` included or not).
pub fn parse_head(head: &[u8]) -> Result<Head, HeadError> {
    let text = std::str::from_utf8(head).map_err(|_| HeadError::Malformed)?;
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let first = lines.next().ok_or(HeadError::Malformed)?;
    let mut parts = first.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(HeadError::Malformed);
    };
    if !version.starts_with("HTTP/1.")
        || method.is_empty()
        || !method.bytes().all(|b| b.is_ascii_uppercase())
        || target.is_empty()
    {
        return Err(HeadError::Malformed);
    }
    let mut headers = Vec::new();
    for l in lines {
        if l.is_empty() {
            break;
        }
        let (k, v) = l.split_once(':').ok_or(HeadError::Malformed)?;
        if k.is_empty() || k.contains([' ', '\t']) {
            return Err(HeadError::Malformed);
        }
        headers.push((k.to_string(), v.trim().to_string()));
    }
    Ok((method.to_string(), target.to_string(), headers))
}

/// Read one request head from `stream`, never buffering more than [`MAX_HEAD`] bytes and
/// never waiting past [`HEAD_DEADLINE`] in total. `Err(None)`: the client went away or was
/// too slow; nothing is answered.
fn read_head(stream: &mut TcpStream) -> Result<Vec<u8>, Option<HeadError>> {
    let deadline = Instant::now() + HEAD_DEADLINE;
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(None);
        }
        stream.set_read_timeout(Some(left)).map_err(|_| None)?;
        let n = stream.read(&mut chunk).map_err(|_| None)?;
        if n == 0 {
            return Err(None);
        }
        let from = buf.len().saturating_sub(3);
        buf.extend_from_slice(&chunk[..n]);
        if let Some(end) = find_end(&buf[from..]) {
            buf.truncate(from + end);
            return Ok(buf);
        }
        if buf.len() > MAX_HEAD {
            return Err(Some(HeadError::TooLarge));
        }
    }
}

/// Offset just past the blank line ending a head (`\r\n\r\n` or `\n\n`).
fn find_end(b: &[u8]) -> Option<usize> {
    (0..b.len()).find_map(|i| {
        if b[i..].starts_with(b"\r\n\r\n") {
            Some(i + 4)
        } else if b[i..].starts_with(b"\n\n") {
            Some(i + 2)
        } else {
            None
        }
    })
}

/// Serve `listener` until the process ends: [`WORKERS`] threads call `handle` for each request.
pub fn run(listener: TcpListener, handle: Arc<dyn Fn(Request) + Send + Sync>) {
    let (tx, rx) = mpsc::sync_channel::<TcpStream>(QUEUE);
    let rx = Arc::new(std::sync::Mutex::new(rx));
    for _ in 0..WORKERS {
        let (rx, handle) = (rx.clone(), handle.clone());
        std::thread::spawn(move || {
            loop {
                let next = rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok(mut stream) = next else { return };
                let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
                match read_head(&mut stream).map(|h| parse_head(&h)) {
                    Ok(Ok((method, target, headers))) => {
                        let req = Request {
                            stream,
                            method,
                            target,
                            headers,
                        };
                        // A bug in one answer must not cost a worker for good.
                        let _ =
                            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handle(req)));
                    }
                    Ok(Err(HeadError::TooLarge)) | Err(Some(HeadError::TooLarge)) => {
                        refuse(
                            stream,
                            431,
                            crate::t!("请求头过大\n", "request head too large\n").as_bytes(),
                        );
                    }
                    Ok(Err(HeadError::Malformed)) | Err(Some(HeadError::Malformed)) => {
                        refuse(
                            stream,
                            400,
                            crate::t!("请求格式错误\n", "bad request\n").as_bytes(),
                        );
                    }
                    Err(None) => {}
                }
            }
        });
    }
    for stream in listener.incoming() {
        let stream = match stream {
            Ok(s) => s,
            // Out of file descriptors and the like: do not spin.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if let Err(mpsc::TrySendError::Full(mut s)) = tx.try_send(stream) {
            let _ = s.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_response(
                &mut s,
                503,
                &[("Retry-After", "1")],
                crate::t!("预览服务器正忙，请稍后刷新\n", "busy; reload in a moment\n").as_bytes(),
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_parsed_strictly() {
        let (m, t, h) =
            parse_head(b"GET /a/?x HTTP/1.1\r\nHost: localhost:1111\r\nX:  y \r\n\r\n").unwrap();
        assert_eq!((m.as_str(), t.as_str()), ("GET", "/a/?x"));
        assert_eq!(
            h,
            [
                ("Host".into(), "localhost:1111".into()),
                ("X".into(), "y".into())
            ]
        );
        for bad in [
            &b"GET /a\r\n\r\n"[..],
            b"GET  / HTTP/1.1\r\n\r\n",
            b"get / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/2\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        ] {
            assert_eq!(
                parse_head(bad).unwrap_err(),
                HeadError::Malformed,
                "{bad:?}"
            );
        }
        assert_eq!(find_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nbody"), Some(24));
        assert_eq!(find_end(b"GET / HTTP/1.0\n\nrest"), Some(16));
        assert_eq!(find_end(b"GET / HTTP/1.1\r\nA: b\r\n"), None);
    }

    /// A head that arrives in pieces, split inside the closing blank line, is read whole; one
    /// over [`MAX_HEAD`] is refused without reading the rest.
    #[test]
    fn heads_are_read_across_partial_reads_and_bounded() {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = l.local_addr().unwrap();
        let client = std::thread::spawn(move || {
            let mut c = TcpStream::connect(addr).unwrap();
            for piece in [
                &b"GET /a/ HTTP/1.1\r\nHo"[..],
                b"st: x\r\n\r",
                b"\nignored body",
            ] {
                c.write_all(piece).unwrap();
                c.flush().unwrap();
                std::thread::yield_now();
            }
            let mut c = TcpStream::connect(addr).unwrap();
            let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(MAX_HEAD * 2));
            let _ = c.write_all(big.as_bytes());
        });
        let (mut s, _) = l.accept().unwrap();
        let head = read_head(&mut s).unwrap();
        assert_eq!(head, b"GET /a/ HTTP/1.1\r\nHost: x\r\n\r\n");
        let (mut s, _) = l.accept().unwrap();
        assert_eq!(read_head(&mut s).unwrap_err(), Some(HeadError::TooLarge));
        drop(s);
        client.join().unwrap();
    }
}
