//! A loopback stand-in for Docker Hub's v1 search API (`GET /v1/search?q=&n=`), answering
//! in moby's `api/types/registry/search.go` format, with CORS for any origin.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use serde_json::{Value, json};

use crate::Result;

/// One search result as the v1 API returns it.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// `name`.
    pub name: String,
    /// `description`.
    pub description: String,
    /// `star_count`.
    pub stars: u64,
    /// `is_official`.
    pub official: bool,
}

/// The server; stopped on drop.
pub struct SearchServer {
    port: u16,
    stop: Arc<AtomicBool>,
    queries: Arc<Mutex<Vec<String>>>,
    thread: Option<JoinHandle<()>>,
}

impl SearchServer {
    /// Answers every search whose `q` is contained in a hit's name with those hits, in order.
    pub fn start(hits: Vec<Hit>) -> Result<SearchServer> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let port = listener.local_addr()?.port();
        let stop = Arc::new(AtomicBool::new(false));
        let queries = Arc::new(Mutex::new(Vec::new()));
        let (stop2, queries2) = (stop.clone(), queries.clone());
        let thread = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                if let Ok(stream) = stream {
                    let _ = answer(stream, &hits, &queries2);
                }
            }
        });
        Ok(SearchServer {
            port,
            stop,
            queries,
            thread: Some(thread),
        })
    }

    /// `127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// Every request target received (`/v1/search?q=nginx&n=5`).
    pub fn queries(&self) -> Vec<String> {
        self.queries.lock().unwrap().clone()
    }
}

impl Drop for SearchServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn answer(
    mut stream: TcpStream,
    hits: &[Hit],
    queries: &Mutex<Vec<String>>,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut line = String::new();
    reader.read_line(&mut line)?;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h)? == 0 || h.trim().is_empty() {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let cors = "Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Headers: *\r\n";
    if !target.starts_with("/v1/search") {
        let body = "404 page not found";
        write!(
            stream,
            "HTTP/1.1 404 Not Found\r\n{cors}Content-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )?;
        return stream.flush();
    }
    queries.lock().unwrap().push(target.clone());
    let param = |k: &str| {
        target
            .split_once('?')
            .map(|(_, q)| q)
            .unwrap_or("")
            .split('&')
            .find_map(|kv| kv.strip_prefix(&format!("{k}=")).map(str::to_owned))
            .unwrap_or_default()
    };
    let q = param("q");
    let n: usize = param("n").parse().unwrap_or(25);
    let results: Vec<Value> = hits
        .iter()
        .filter(|h| h.name.contains(&q))
        .take(n)
        .map(|h| {
            json!({"name": h.name, "description": h.description, "star_count": h.stars,
                   "is_official": h.official, "is_automated": false})
        })
        .collect();
    let body = json!({"query": q, "num_results": results.len(), "num_pages": 1, "page": 1,
                      "page_size": n, "results": results})
    .to_string();
    write!(
        stream,
        "HTTP/1.1 200 OK\r\n{cors}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()
}
