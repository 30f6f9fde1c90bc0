//! A minimal HTTP/1.1 client on raw TcpStreams and a server started on a loopback port, for
//! the API and hardening tests.

#![allow(clippy::unwrap_used, clippy::expect_used, dead_code)]

use std::net::SocketAddr;
use std::time::Duration;

use precis_server::ServeConfig;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub struct Server {
    pub addr: SocketAddr,
    pub stop: Option<oneshot::Sender<()>>,
    pub handle: JoinHandle<anyhow::Result<()>>,
}

impl Server {
    pub async fn start(cfg: ServeConfig) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(precis_server::serve_on(listener, cfg, async {
            let _ = rx.await;
        }));
        Server {
            addr,
            stop: Some(tx),
            handle,
        }
    }

    pub async fn stop(mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        tokio::time::timeout(Duration::from_secs(10), self.handle)
            .await
            .expect("server stops")
            .unwrap()
            .unwrap();
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    pub fn error(&self) -> String {
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "{self:?}"
        );
        self.json()["error"].as_str().unwrap().to_string()
    }
}

pub fn parse_response(raw: &[u8]) -> Resp {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (k, v) = l.split_once(':').unwrap();
            (k.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

pub fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let eol = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size_str = std::str::from_utf8(&data[..eol]).unwrap();
        let size = usize::from_str_radix(size_str.split(';').next().unwrap().trim(), 16).unwrap();
        data = &data[eol + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[..size]);
        data = &data[size + 2..];
    }
}

pub fn head(method: &str, path: &str, len: usize, extra: &str) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {len}\r\n{extra}\r\n"
    )
}

pub async fn read_all(stream: &mut TcpStream) -> Resp {
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), stream.read_to_end(&mut raw))
        .await
        .expect("response in time")
        .unwrap();
    parse_response(&raw)
}

pub async fn request(addr: SocketAddr, method: &str, path: &str, body: &[u8]) -> Resp {
    request_with(addr, method, path, body, "").await
}

pub async fn request_with(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: &[u8],
    extra: &str,
) -> Resp {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let mut msg = head(method, path, body.len(), extra).into_bytes();
    msg.extend_from_slice(body);
    s.write_all(&msg).await.unwrap();
    read_all(&mut s).await
}

pub async fn post_json(addr: SocketAddr, path: &str, body: &Value) -> Resp {
    request(addr, "POST", path, body.to_string().as_bytes()).await
}

pub fn small() -> ServeConfig {
    ServeConfig {
        addr: "127.0.0.1:0".parse().unwrap(),
        ..ServeConfig::default()
    }
}

pub fn metric(text: &str, series: &str) -> u64 {
    text.lines()
        .find_map(|l| l.strip_prefix(series).and_then(|v| v.strip_prefix(' ')))
        .map_or(0, |v| v.trim().parse().unwrap())
}

/// Busy slots, from `/metrics`.
pub async fn busy_slots(addr: SocketAddr) -> u64 {
    metric(
        &request(addr, "GET", "/metrics", b"").await.text(),
        "precis_api_busy_slots",
    )
}

/// Starts a request whose work keeps its concurrency slot for `ms` (the `test-hooks` header)
/// and waits until the slot is taken; returns the pending response.
pub async fn hold_slot(addr: SocketAddr, ms: u64) -> JoinHandle<Resp> {
    let before = busy_slots(addr).await;
    let body = json!({ "text": "One sentence here. Two here." })
        .to_string()
        .into_bytes();
    let extra = format!("x-precis-test-hold-ms: {ms}\r\n");
    let held =
        tokio::spawn(
            async move { request_with(addr, "POST", "/v1/summarize", &body, &extra).await },
        );
    for _ in 0..500 {
        if busy_slots(addr).await > before {
            return held;
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    panic!("the held request never took a slot");
}
