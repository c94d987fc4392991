//! A reverse proxy on loopback in front of a registry: answers CORS preflights itself (what
//! an auth registry needs, distribution#4458) and injects faults for the error-path tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use crate::Result;

/// A fault applied to requests whose path contains `path`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fault {
    /// Flips one bit of the byte at `offset` in the response body.
    FlipByte {
        /// Path substring.
        path: String,
        /// Body offset.
        offset: usize,
    },
    /// Sends the headers and the first `bytes` of the body, then drops the connection;
    /// `times` requests are cut, later ones pass.
    CutAfter {
        /// Path substring.
        path: String,
        /// Body bytes sent before the cut.
        bytes: usize,
        /// How many requests to cut.
        times: usize,
    },
    /// Holds the response back for `ms` milliseconds.
    Delay {
        /// Path substring.
        path: String,
        /// Delay.
        ms: u64,
    },
    /// Answers with this status, body and headers instead of asking the registry.
    Respond {
        /// Path substring.
        path: String,
        /// HTTP status.
        status: u16,
        /// Body.
        body: String,
        /// Extra headers.
        headers: Vec<(String, String)>,
    },
}

impl Fault {
    fn path(&self) -> &str {
        match self {
            Fault::FlipByte { path, .. }
            | Fault::CutAfter { path, .. }
            | Fault::Delay { path, .. }
            | Fault::Respond { path, .. } => path,
        }
    }
}

#[derive(Default)]
struct Shared {
    faults: Vec<Fault>,
    log: Vec<String>,
}

/// The proxy; stopped on drop.
pub struct Front {
    port: u16,
    stop: Arc<AtomicBool>,
    shared: Arc<Mutex<Shared>>,
    thread: Option<JoinHandle<()>>,
}

impl Front {
    /// Starts a front for the registry at `upstream` (`http://127.0.0.1:PORT`).
    pub fn start(upstream: &str) -> Result<Front> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let shared = Arc::new(Mutex::new(Shared::default()));
        let (stop2, shared2, upstream) = (stop.clone(), shared.clone(), upstream.to_owned());
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .into();
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (shared, upstream, agent) = (shared2.clone(), upstream.clone(), agent.clone());
                std::thread::spawn(move || {
                    let _ = handle(stream, &upstream, &agent, &shared);
                });
            }
        });
        Ok(Front {
            port,
            stop,
            shared,
            thread: Some(thread),
        })
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// `127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Replaces the active faults.
    pub fn set_faults(&self, faults: Vec<Fault>) {
        self.shared.lock().unwrap().faults = faults;
    }

    /// Every request so far, as `METHOD /path?query` (preflights included).
    pub fn requests(&self) -> Vec<String> {
        self.shared.lock().unwrap().log.clone()
    }
}

impl Drop for Front {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("/").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    let len = header(&headers, "content-length")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(0);
    let mut body = vec![0; len];
    reader.read_exact(&mut body)?;
    Ok(Request {
        method,
        target,
        headers,
        body,
    })
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn handle(
    mut stream: TcpStream,
    upstream: &str,
    agent: &ureq::Agent,
    shared: &Mutex<Shared>,
) -> std::io::Result<()> {
    let req = read_request(&stream)?;
    let origin = header(&req.headers, "origin").unwrap_or("*").to_owned();
    let fault = {
        let mut s = shared.lock().unwrap();
        s.log.push(format!("{} {}", req.method, req.target));
        let found = s
            .faults
            .iter()
            .position(|f| req.method != "OPTIONS" && req.target.contains(f.path()));
        match found.map(|i| (i, s.faults[i].clone())) {
            Some((i, Fault::CutAfter { path, bytes, times })) => {
                if times <= 1 {
                    s.faults.remove(i);
                } else {
                    s.faults[i] = Fault::CutAfter {
                        path: path.clone(),
                        bytes,
                        times: times - 1,
                    };
                }
                Some(Fault::CutAfter { path, bytes, times })
            }
            Some((_, f)) => Some(f),
            None => None,
        }
    };

    if req.method == "OPTIONS" {
        let allow_headers = header(&req.headers, "access-control-request-headers")
            .unwrap_or("Authorization, Accept, Content-Type, Range")
            .to_owned();
        let head = format!(
            "HTTP/1.1 204 No Content\r\nAccess-Control-Allow-Origin: {origin}\r\nAccess-Control-Allow-Methods: HEAD, GET, OPTIONS, DELETE, PUT, POST, PATCH\r\nAccess-Control-Allow-Headers: {allow_headers}\r\nAccess-Control-Max-Age: 600\r\nVary: Origin\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        stream.write_all(head.as_bytes())?;
        return stream.flush();
    }

    let cors = format!(
        "Access-Control-Allow-Origin: {origin}\r\nAccess-Control-Expose-Headers: Docker-Content-Digest, Link, WWW-Authenticate, Content-Length, Location, Content-Range, Retry-After\r\nVary: Origin\r\n"
    );
    if let Some(Fault::Respond {
        status,
        body,
        headers,
        ..
    }) = &fault
    {
        let mut head = format!("HTTP/1.1 {status} {}\r\n{cors}", reason(*status));
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            body.len()
        ));
        stream.write_all(head.as_bytes())?;
        stream.write_all(body.as_bytes())?;
        return stream.flush();
    }

    if let Some(Fault::Delay { ms, .. }) = &fault {
        std::thread::sleep(std::time::Duration::from_millis(*ms));
    }
    let url = format!("{upstream}{}", req.target);
    let mut builder = ureq::http::Request::builder()
        .method(req.method.as_str())
        .uri(&url);
    for (k, v) in &req.headers {
        let skip = ["host", "connection", "content-length", "origin"];
        if !skip.iter().any(|s| k.eq_ignore_ascii_case(s)) {
            builder = builder.header(k, v);
        }
    }
    let request = builder.body(req.body).map_err(std::io::Error::other)?;
    let mut response = match agent.run(request) {
        Ok(r) => r,
        Err(e) => {
            let msg = format!("front: upstream failed: {e}");
            let head = format!(
                "HTTP/1.1 502 Bad Gateway\r\n{cors}Content-Length: {}\r\nConnection: close\r\n\r\n",
                msg.len()
            );
            stream.write_all(head.as_bytes())?;
            stream.write_all(msg.as_bytes())?;
            return stream.flush();
        }
    };
    let status = response.status().as_u16();
    let mut head = format!("HTTP/1.1 {status} {}\r\n{cors}", reason(status));
    for (k, v) in response.headers() {
        let name = k.as_str();
        let skip = name.starts_with("access-control-")
            || ["content-length", "transfer-encoding", "connection", "vary"].contains(&name);
        if !skip {
            head.push_str(&format!("{name}: {}\r\n", v.to_str().unwrap_or("")));
        }
    }
    let mut body = if req.method == "HEAD" {
        Vec::new()
    } else {
        response
            .body_mut()
            .with_config()
            .limit(u64::MAX)
            .read_to_vec()
            .map_err(std::io::Error::other)?
    };
    let length = if req.method == "HEAD" {
        response
            .headers()
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    } else {
        body.len()
    };
    head.push_str(&format!(
        "Content-Length: {length}\r\nConnection: close\r\n\r\n"
    ));
    stream.write_all(head.as_bytes())?;
    match fault {
        Some(Fault::FlipByte { offset, .. }) if offset < body.len() => {
            body[offset] ^= 0x01;
            stream.write_all(&body)?;
        }
        Some(Fault::CutAfter { bytes, .. }) => {
            stream.write_all(&body[..bytes.min(body.len())])?;
            stream.flush()?;
            return stream.shutdown(std::net::Shutdown::Both);
        }
        _ => stream.write_all(&body)?,
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        307 => "Temporary Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Status",
    }
}
