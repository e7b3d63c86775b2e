//! A deliberately small HTTP/1.1 keep-alive client: one request at a time per connection, the
//! response read by Content-Length (or chunked, or until close). On 2 cores the load generator
//! competes with the server for CPU, so it does as little work per request as it can, like wrk.

use std::io;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    body: std::ops::Range<usize>,
    chunked: Vec<u8>,
    is_chunked: bool,
    /// The server said `Connection: close` (or ended the body by closing).
    pub closed: bool,
}

impl Conn {
    pub async fn connect(addr: &str) -> io::Result<Self> {
        let stream = TcpStream::connect(addr).await?;
        stream.set_nodelay(true)?;
        Ok(Self {
            stream,
            buf: Vec::with_capacity(64 * 1024),
            body: 0..0,
            chunked: Vec::new(),
            is_chunked: false,
            closed: false,
        })
    }

    /// Sends one complete request and reads its response; returns the status code.
    pub async fn send(&mut self, request: &[u8]) -> io::Result<u16> {
        self.stream.write_all(request).await?;
        self.buf.clear();
        self.body = 0..0;
        self.is_chunked = false;

        let mut scanned: usize = 0;
        let head_end = loop {
            let from = scanned.saturating_sub(3);
            if let Some(pos) = find(&self.buf[from..], b"\r\n\r\n") {
                break from + pos + 4;
            }
            scanned = self.buf.len();
            self.fill().await?;
        };

        let head = &self.buf[..head_end];
        let status = parse_status(head).ok_or_else(|| bad("malformed status line"))?;
        let mut content_length: Option<usize> = None;
        let mut chunked = false;
        for line in head.split(|&b| b == b'\n').skip(1) {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let Some(colon) = line.iter().position(|&b| b == b':') else { continue };
            let (name, value) = (&line[..colon], trim(&line[colon + 1..]));
            if name.eq_ignore_ascii_case(b"content-length") {
                let text = std::str::from_utf8(value).map_err(|_| bad("content-length"))?;
                content_length = Some(text.parse().map_err(|_| bad("content-length"))?);
            } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
                chunked = value.eq_ignore_ascii_case(b"chunked");
            } else if name.eq_ignore_ascii_case(b"connection") {
                self.closed = value.eq_ignore_ascii_case(b"close");
            }
        }

        if status == 204 || status == 304 || (100..200).contains(&status) {
            self.body = head_end..head_end;
        } else if chunked {
            self.read_chunked(head_end).await?;
        } else if let Some(len) = content_length {
            while self.buf.len() < head_end + len {
                self.fill().await?;
            }
            self.body = head_end..head_end + len;
        } else {
            // No length: the body runs to the end of the connection.
            loop {
                match self.fill().await {
                    Ok(()) => {}
                    Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => break,
                    Err(e) => return Err(e),
                }
            }
            self.body = head_end..self.buf.len();
            self.closed = true;
        }
        Ok(status)
    }

    /// The body of the last response.
    pub fn body(&self) -> &[u8] {
        if self.is_chunked { &self.chunked } else { &self.buf[self.body.clone()] }
    }

    async fn read_chunked(&mut self, mut pos: usize) -> io::Result<()> {
        self.chunked.clear();
        self.is_chunked = true;
        loop {
            let line_end = loop {
                if let Some(p) = find(&self.buf[pos..], b"\r\n") {
                    break pos + p;
                }
                self.fill().await?;
            };
            let size_text = std::str::from_utf8(&self.buf[pos..line_end]).map_err(|_| bad("chunk size"))?;
            let size_text = size_text.split(';').next().unwrap_or("").trim();
            let size = usize::from_str_radix(size_text, 16).map_err(|_| bad("chunk size"))?;
            pos = line_end + 2;
            if size == 0 {
                // No trailers from this server: just the final CRLF.
                while self.buf.len() < pos + 2 {
                    self.fill().await?;
                }
                return Ok(());
            }
            while self.buf.len() < pos + size + 2 {
                self.fill().await?;
            }
            self.chunked.extend_from_slice(&self.buf[pos..pos + size]);
            pos += size + 2;
        }
    }

    async fn fill(&mut self) -> io::Result<()> {
        if self.buf.capacity() - self.buf.len() < 16 * 1024 {
            self.buf.reserve(64 * 1024);
        }
        let n = self.stream.read_buf(&mut self.buf).await?;
        if n == 0 {
            return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "connection closed mid-response"));
        }
        Ok(())
    }
}

fn bad(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("bad response: {what}"))
}

fn parse_status(head: &[u8]) -> Option<u16> {
    // "HTTP/1.1 200 OK"
    let rest = head.strip_prefix(b"HTTP/1.")?;
    let code = rest.get(2..5)?;
    std::str::from_utf8(code).ok()?.parse().ok()
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

pub fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Builds a request with the usual headers; `bearer` adds `Authorization`, `body` a JSON body.
pub fn request(method: &str, host: &str, path: &str, bearer: Option<&str>, body: Option<&str>) -> Vec<u8> {
    let mut r = String::with_capacity(256 + body.map_or(0, str::len));
    r.push_str(method);
    r.push(' ');
    r.push_str(path);
    r.push_str(" HTTP/1.1\r\nHost: ");
    r.push_str(host);
    r.push_str("\r\n");
    if let Some(token) = bearer {
        r.push_str("Authorization: Bearer ");
        r.push_str(token);
        r.push_str("\r\n");
    }
    match body {
        Some(body) => {
            r.push_str("Content-Type: application/json\r\nContent-Length: ");
            r.push_str(&body.len().to_string());
            r.push_str("\r\n\r\n");
            r.push_str(body);
        }
        None => r.push_str("\r\n"),
    }
    r.into_bytes()
}

/// Percent-encodes everything but RFC 3986's unreserved characters (for cursors in a query).
pub fn encode_query_value(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// One request on a fresh-or-given connection, returning the status and the body as JSON (if any).
pub async fn call(
    conn: &mut Option<Conn>,
    addr: &str,
    request: &[u8],
) -> anyhow::Result<(u16, serde_json::Value)> {
    for attempt in 0..2 {
        if conn.is_none() {
            *conn = Some(Conn::connect(addr).await?);
        }
        let c = conn.as_mut().expect("just connected");
        match c.send(request).await {
            Ok(status) => {
                let body = if c.body().is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::from_slice(c.body()).unwrap_or(serde_json::Value::Null)
                };
                if c.closed {
                    *conn = None;
                }
                return Ok((status, body));
            }
            // A keep-alive connection the server closed while idle: retry once on a new one.
            Err(e) if attempt == 0 => {
                let _ = e;
                *conn = None;
            }
            Err(e) => return Err(e.into()),
        }
    }
    unreachable!()
}
