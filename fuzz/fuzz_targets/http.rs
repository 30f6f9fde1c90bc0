//! The HTTP layer of precis-server on any byte stream: the input is what a client sends on one
//! HTTP/1.1 connection (any number of pipelined requests, malformed or not, possibly cut
//! short). The application is `precis_server::router` with its defaults (2 MiB bodies, 10 s
//! deadlines, CORS for one origin), served by hyper's HTTP/1 connection with the header-read
//! timeout and keep-alive, as `precis-server`'s accept loop does (`conn.rs`), over an
//! in-memory pipe.
//!
//! Time is tokio's paused clock: timers fire as soon as nothing else can run (an idle
//! keep-alive connection closes at once, a body that never completes gets its 408), while the
//! clock stands still during CPU work on the blocking pool, so the outcome depends on the
//! input only. The client writes the whole input, keeps its side open, and reads until the
//! server closes the connection.
//!
//! Checks: the server closes the connection (within an hour of virtual time); what it sent is
//! a sequence of well-formed HTTP/1.1 responses (head, then a body framed by Content-Length or
//! valid chunked encoding, or up to the close); no 500; JSON bodies parse, and so does every
//! line of an NDJSON body. A panic in a handler or on the blocking pool aborts the process.

#![no_main]

use std::convert::Infallible;
use std::time::Duration;

use axum::body::Body;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use libfuzzer_sys::fuzz_target;
use precis_server::{router, ServeConfig};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

fn config() -> ServeConfig {
    ServeConfig {
        max_concurrency: 2,
        max_queue: 4,
        cors_origins: vec!["https://example.com".to_string()],
        ..ServeConfig::default()
    }
}

/// Serves one connection whose client sends `data`; returns what the server sent back.
fn exchange(data: &[u8]) -> Vec<u8> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .expect("cannot build the tokio runtime");
    let cfg = config();
    let header_timeout = cfg.header_timeout;
    let app = router(cfg);
    rt.block_on(async move {
        let (client, server) = tokio::io::duplex(64 << 10);
        let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let app = app.clone();
            async move {
                let resp = match app.oneshot(req.map(Body::new)).await {
                    Ok(r) => r,
                    Err(e) => match e {},
                };
                Ok::<_, Infallible>(resp)
            }
        });
        let mut builder = hyper::server::conn::http1::Builder::new();
        builder
            .timer(TokioTimer::new())
            .header_read_timeout(header_timeout)
            .keep_alive(true);
        let conn = builder.serve_connection(TokioIo::new(server), svc);
        let (mut rd, mut wr) = tokio::io::split(client);
        let write = async move {
            // The server may close before reading everything (413, a malformed head).
            let _ = wr.write_all(data).await;
            // Keep the client's side open: the server decides when the connection ends.
            wr
        };
        let read = async move {
            let mut out = Vec::new();
            let _ = rd.read_to_end(&mut out).await;
            out
        };
        let all = async {
            let (_, wr, out) = tokio::join!(conn, write, read);
            drop(wr);
            out
        };
        tokio::time::timeout(Duration::from_secs(3600), all)
            .await
            .expect("the server kept the connection open for an hour of virtual time")
    })
}

fn header<'a>(headers: &'a [httparse::Header<'a>], name: &str) -> Option<&'a [u8]> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value)
}

/// A chunked body: the data and what follows the final chunk (and trailers).
fn dechunk(mut b: &[u8]) -> (Vec<u8>, &[u8]) {
    let mut body = Vec::new();
    loop {
        let eol = b
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("chunk size line without CRLF");
        let line = std::str::from_utf8(&b[..eol]).expect("chunk size line is not ASCII");
        let size = line.split(';').next().unwrap_or("").trim();
        let size = usize::from_str_radix(size, 16)
            .unwrap_or_else(|e| panic!("bad chunk size {line:?}: {e}"));
        b = &b[eol + 2..];
        if size == 0 {
            // Trailers, then an empty line.
            loop {
                let eol = b
                    .windows(2)
                    .position(|w| w == b"\r\n")
                    .expect("trailer without CRLF");
                b = &b[eol + 2..];
                if eol == 0 {
                    return (body, b);
                }
            }
        }
        assert!(b.len() >= size + 2, "chunk of {size} bytes cut short");
        body.extend_from_slice(&b[..size]);
        assert_eq!(&b[size..size + 2], b"\r\n", "chunk not followed by CRLF");
        b = &b[size + 2..];
    }
}

fn check_body(code: u16, ctype: &str, body: &[u8]) {
    let essence = ctype.split(';').next().unwrap_or("").trim();
    if essence == "application/json" {
        if let Err(e) = serde_json::from_slice::<serde_json::Value>(body) {
            panic!(
                "{code}: JSON body does not parse ({e}): {:?}",
                String::from_utf8_lossy(body)
            );
        }
    } else if essence == "application/x-ndjson" {
        for line in body.split(|&b| b == b'\n').filter(|l| !l.is_empty()) {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(line) {
                panic!(
                    "{code}: NDJSON line does not parse ({e}): {:?}",
                    String::from_utf8_lossy(line)
                );
            }
        }
    }
}

/// Checks that `out` is a sequence of well-formed responses. After a response to a HEAD
/// request the framing cannot be told without parsing the requests, so when the input has
/// one only the first response head is checked.
fn check_responses(data: &[u8], mut out: &[u8]) {
    let has_head = data.windows(5).any(|w| w == b"HEAD ");
    while !out.is_empty() {
        let mut headers = [httparse::EMPTY_HEADER; 64];
        let mut resp = httparse::Response::new(&mut headers);
        let n = match resp.parse(out) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => panic!(
                "response head cut short: {:?}",
                String::from_utf8_lossy(&out[..out.len().min(512)])
            ),
            Err(e) => panic!(
                "response does not parse ({e}): {:?}",
                String::from_utf8_lossy(&out[..out.len().min(512)])
            ),
        };
        let code = resp.code.expect("a complete head has a status");
        assert!((100..600).contains(&code), "status {code}");
        let rest = &out[n..];
        let hs = resp.headers;
        let body_start = rest;
        if code == 500 {
            panic!(
                "500 Internal Server Error: {:?}",
                String::from_utf8_lossy(&body_start[..body_start.len().min(2048)])
            );
        }
        if (100..200).contains(&code) {
            out = rest;
            continue;
        }
        if has_head {
            return;
        }
        if code == 204 || code == 304 {
            out = rest;
            continue;
        }
        let ctype = header(hs, "content-type")
            .map(|v| String::from_utf8_lossy(v).into_owned())
            .unwrap_or_default();
        let chunked = header(hs, "transfer-encoding").is_some_and(|v| {
            String::from_utf8_lossy(v)
                .to_ascii_lowercase()
                .contains("chunked")
        });
        let length = header(hs, "content-length").map(|v| {
            std::str::from_utf8(v)
                .ok()
                .and_then(|s| s.trim().parse::<usize>().ok())
                .unwrap_or_else(|| panic!("bad Content-Length {v:?}"))
        });
        let (body, after): (Vec<u8>, &[u8]) = if chunked {
            dechunk(body_start)
        } else if let Some(len) = length {
            assert!(
                body_start.len() >= len,
                "{code}: body of {} bytes, Content-Length {len}",
                body_start.len()
            );
            (body_start[..len].to_vec(), &body_start[len..])
        } else {
            (body_start.to_vec(), &[][..])
        };
        check_body(code, &ctype, &body);
        out = after;
    }
}

fuzz_target!(|data: &[u8]| {
    let out = exchange(data);
    if precis_fuzz::debug() {
        eprintln!(
            "--- response ({} bytes)\n{}",
            out.len(),
            String::from_utf8_lossy(&out)
        );
    }
    check_responses(data, &out);
});
