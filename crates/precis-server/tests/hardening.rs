//! The hardening findings, each over a loopback socket: no single request, client or input
//! takes the server down or locks others out.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::{Duration, Instant};

use common::*;
use precis_server::ServeConfig;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Finding 1: the request that made the server print `memory allocation of 30015501256 bytes
/// failed` and abort is a 422 naming the limit; the server stays up.
#[tokio::test]
async fn quadratic_rouge_request_is_refused_not_fatal() {
    let srv = Server::start(small()).await;
    let body = json!({
        "candidates": ["a ".repeat(490_000)],
        "reference": "b a ".repeat(245_000),
    });
    let r = post_json(srv.addr, "/v1/rouge", &body).await;
    assert_eq!(r.status, 422, "{}", r.text());
    let e = r.error();
    assert!(e.contains("pair 1") && e.contains("over the limit"), "{e}");
    assert_eq!(request(srv.addr, "GET", "/healthz", b"").await.status, 200);
    // A long single line (rows checkpointed) is scored.
    let long = (0..30_000)
        .map(|i| format!("w{}", i % 700))
        .collect::<Vec<_>>()
        .join(" ");
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": [long.clone()], "reference": long, "types": ["rougeLsum"] }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["scores"][0]["rougeLsum"]["fmeasure"], 1.0);
    srv.stop().await;
}

/// The ROUGE-1.5.5 and multilingual flavours: every metric whose work grows faster than the
/// texts is refused past its budget with a 422 naming the pair, the metric and the sizes, in a
/// fraction of a second; the server stays up.
#[tokio::test]
async fn rouge_flavour_limits_are_422_naming_the_pair() {
    let srv = Server::start(small()).await;
    let distinct = |n: usize| {
        (0..n)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (d40, d20) = (distinct(40_000), distinct(20_000));
    let ab = "a b ".repeat(150_000);
    let lines = "w\n".repeat(10_000);
    for (body, needle) in [
        (
            json!({ "candidates": ["a b", d40], "references": ["a", d40],
                    "rouge155_options": "-n 1 -x -2 -1 -U" }),
            "pair 2: ROUGE-S*: counting the skip bigrams of 40000 model tokens",
        ),
        (
            json!({ "candidates": [ab], "reference": ab, "rouge155_options": "-n 1" }),
            "pair 1: ROUGE-L: 300000 model tokens × 300000 peer tokens",
        ),
        (
            json!({ "candidates": [d20], "reference": d20, "rouge155_options": "-n 0 -x -w 1.2" }),
            "pair 1: ROUGE-W-1.2: 20000 model tokens × 20000 peer tokens",
        ),
        (
            json!({ "candidates": [lines], "reference": lines, "rouge155_options": "-n 0" }),
            "pair 1: ROUGE-L: 10000 model sentences × 10000 peer sentences",
        ),
        (
            json!({ "candidates": [lines], "reference": lines, "lang": "english" }),
            "pair 1: too many lines for rougeLsum: 10000 reference lines × 10000 candidate lines",
        ),
        (
            json!({ "candidates": ["a"], "reference": "a", "rouge155_options": "-n 1 -r 1000001" }),
            "-r 1000001",
        ),
        (
            json!({ "candidates": ["a b", "c"], "references": ["a", "—"], "rouge155_options": "-n 1 -w 1.2" }),
            "pair 2: ROUGE-W: model 0",
        ),
    ] {
        let t = Instant::now();
        let r = post_json(srv.addr, "/v1/rouge", &body).await;
        assert_eq!(r.status, 422, "{needle}: {}", r.text());
        assert!(r.error().contains(needle), "{} vs {needle}", r.error());
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{needle}: {:?}",
            t.elapsed()
        );
    }
    assert_eq!(request(srv.addr, "GET", "/healthz", b"").await.status, 200);
    // Under the limits a long pair is scored: "a b a b …" skip bigrams in linear time.
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": [ab], "reference": ab, "rouge155_options": "-n 1 -x -2 -1 -U -r 10" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["scores"][0]["ROUGE-S*"]["fmeasure"], 1.0);
    srv.stop().await;
}

/// A batch of `n` records whose output is large (the text is echoed back).
fn big_batch(n: usize) -> Vec<u8> {
    let text = "The council approved the new budget on Tuesday after a long debate. ".repeat(20);
    let mut body = Vec::new();
    for i in 0..n {
        body.extend_from_slice(
            json!({ "id": format!("r{i}"), "text": text, "include_text": true, "method": "lead" })
                .to_string()
                .as_bytes(),
        );
        body.push(b'\n');
    }
    body
}

/// Finding 2: a batch client that never reads its response holds no concurrency slot while
/// its output waits, so the only slot serves everyone else.
#[tokio::test]
async fn a_batch_client_that_never_reads_holds_no_slot() {
    let srv = Server::start(ServeConfig {
        max_concurrency: 1,
        max_queue: 4,
        timeout: Duration::from_secs(3),
        body_limit: 16 << 20,
        ..small()
    })
    .await;
    // ~6,000 records with ~1.4 kB of text each: output far beyond the socket buffers.
    let body = big_batch(6000);
    let mut stuck = TcpStream::connect(srv.addr).await.unwrap();
    let head = format!(
        "POST /v1/summarize/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stuck.write_all(head.as_bytes()).await.unwrap();
    stuck.write_all(&body).await.unwrap();
    // Let the batch fill the socket buffers and block.
    tokio::time::sleep(Duration::from_secs(2)).await;
    for _ in 0..3 {
        let t = Instant::now();
        let r = post_json(
            srv.addr,
            "/v1/summarize",
            &json!({ "text": "One sentence here. Two here." }),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    }
    assert_eq!(busy_slots(srv.addr).await, 0);
    drop(stuck);
    srv.stop().await;
}

/// Reads a whole chunked response and checks it ended with the terminating chunk.
async fn read_stream(s: &mut TcpStream) -> Resp {
    let mut raw = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), s.read_to_end(&mut raw))
        .await
        .expect("stream ends")
        .unwrap();
    assert!(raw.ends_with(b"0\r\n\r\n"), "no terminating chunk");
    parse_response(&raw)
}

async fn start_batch(addr: std::net::SocketAddr, n: usize, hold_ms: u64) -> TcpStream {
    let mut body = String::new();
    for i in 0..n {
        body.push_str(
            &json!({ "id": format!("r{i}"), "text": "One sentence here. Two here." }).to_string(),
        );
        body.push('\n');
    }
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /v1/summarize/batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/x-ndjson\r\nx-precis-test-hold-ms: {hold_ms}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body.as_bytes()).await.unwrap();
    s
}

/// Finding 3: a batch is bounded by its time budget: the records it had no time for get one
/// error line each (ids kept, one line per record) and the stream ends with its terminating
/// chunk.
#[tokio::test]
async fn a_batch_stops_at_its_time_budget_with_error_lines() {
    let srv = Server::start(ServeConfig {
        batch_timeout: Duration::from_millis(600),
        ..small()
    })
    .await;
    // 20 records of 100 ms each: ~6 fit in the budget.
    let mut s = start_batch(srv.addr, 20, 100).await;
    let r = read_stream(&mut s).await;
    assert_eq!(r.status, 200);
    let lines: Vec<serde_json::Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 20);
    for (i, l) in lines.iter().enumerate() {
        assert_eq!(l["id"], format!("r{i}"));
    }
    let done = lines
        .iter()
        .filter(|l| l.get("highlights").is_some())
        .count();
    assert!((1..20).contains(&done), "{done} done");
    let last = lines[19]["error"].as_str().unwrap();
    assert!(
        last.contains("line 20: not processed: the batch time budget"),
        "{last}"
    );
    let m = request(srv.addr, "GET", "/metrics", b"").await.text();
    assert_eq!(
        metric(&m, "precis_batch_records_unprocessed_total"),
        20 - done as u64
    );
    srv.stop().await;
}

/// Finding 3 (shutdown): at SIGTERM a running batch stops taking records, answers the rest
/// with error lines and ends its stream cleanly; the server then exits.
#[tokio::test]
async fn shutdown_ends_a_batch_stream_cleanly() {
    let srv = Server::start(small()).await;
    let mut s = start_batch(srv.addr, 50, 100).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let Server { stop, handle, .. } = srv;
    stop.unwrap().send(()).unwrap();
    let r = read_stream(&mut s).await;
    let text = r.text();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 50);
    assert!(
        lines[49].contains("not processed: the server is shutting down"),
        "{}",
        lines[49]
    );
    tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("server exits")
        .unwrap()
        .unwrap();
}

/// Finding 4: requests whose bodies trickle in take no slot, so they cannot starve others.
#[tokio::test]
async fn slow_bodies_hold_no_slot() {
    let srv = Server::start(ServeConfig {
        max_concurrency: 1,
        max_queue: 0,
        ..small()
    })
    .await;
    let mut slow = Vec::new();
    for _ in 0..20 {
        let mut s = TcpStream::connect(srv.addr).await.unwrap();
        s.write_all(head("POST", "/v1/summarize", 1000, "").as_bytes())
            .await
            .unwrap();
        s.write_all(b"{\"text\": \"a").await.unwrap();
        slow.push(s);
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let t = Instant::now();
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": "One sentence here. Two here." }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(t.elapsed() < Duration::from_secs(2));
    drop(slow);
    srv.stop().await;
}

/// True when the server closed `s` within `within` (EOF or reset).
async fn closed_within(s: &mut TcpStream, within: Duration) -> bool {
    let mut buf = [0u8; 512];
    let deadline = tokio::time::Instant::now() + within;
    loop {
        match tokio::time::timeout_at(deadline, s.read(&mut buf)).await {
            Err(_) => return false,
            Ok(Ok(0)) | Ok(Err(_)) => return true,
            Ok(Ok(_)) => continue,
        }
    }
}

/// Finding 5: a head that never completes and an idle connection are closed after the header
/// timeout; past the connection limit the longest-idle connections make room, so health checks
/// keep working under a flood of idle connections.
#[tokio::test]
async fn slowloris_and_idle_connections_are_closed() {
    let srv = Server::start(ServeConfig {
        header_timeout: Duration::from_millis(500),
        max_connections: 32,
        ..small()
    })
    .await;
    let mut partial = TcpStream::connect(srv.addr).await.unwrap();
    partial
        .write_all(b"POST /v1/summarize HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .unwrap();
    let mut idle = TcpStream::connect(srv.addr).await.unwrap();
    // A kept-alive connection after one request.
    let mut kept = TcpStream::connect(srv.addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    assert!(closed_within(&mut partial, Duration::from_secs(3)).await);
    assert!(closed_within(&mut idle, Duration::from_secs(3)).await);
    assert!(closed_within(&mut kept, Duration::from_secs(3)).await);

    // 200 idle connections against a limit of 32.
    let mut flood = Vec::new();
    for _ in 0..200 {
        flood.push(TcpStream::connect(srv.addr).await.unwrap());
    }
    for _ in 0..5 {
        let t = Instant::now();
        let r = request(srv.addr, "GET", "/healthz", b"").await;
        assert_eq!(r.status, 200);
        assert!(t.elapsed() < Duration::from_secs(1), "{:?}", t.elapsed());
    }
    let m = request(srv.addr, "GET", "/metrics", b"").await.text();
    assert!(metric(&m, "precis_connections_evicted_total") >= 150, "{m}");
    assert!(metric(&m, "precis_connections_open") <= 33, "{m}");
    drop(flood);
    srv.stop().await;
}

/// Finding 6: one element with 170,000 attributes (through `{"html": …}`) is answered within
/// the deadline and frees its slot.
#[tokio::test]
async fn html_with_a_huge_attribute_list_is_answered_quickly() {
    let srv = Server::start(ServeConfig {
        body_limit: 4 << 20,
        ..small()
    })
    .await;
    let mut html = String::from("<html><body><div ");
    for i in 0..170_000 {
        html.push_str(&format!("a{i}=x "));
    }
    html.push_str("><p>The council approved the budget on Tuesday. The vote was close.</p></div></body></html>");
    let t = Instant::now();
    let r = post_json(srv.addr, "/v1/summarize", &json!({ "html": html })).await;
    assert!(matches!(r.status, 200 | 422), "{}", r.text());
    assert!(t.elapsed() < Duration::from_secs(8), "{:?}", t.elapsed());
    for _ in 0..100 {
        if busy_slots(srv.addr).await == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(busy_slots(srv.addr).await, 0);
    srv.stop().await;
}

/// Finding 7: JSON routes take JSON only (415 otherwise, so no cross-site "simple" POST reaches
/// them), compressed bodies are refused, and unknown transfer codings get 501.
#[tokio::test]
async fn content_type_and_codings_are_checked() {
    let srv = Server::start(small()).await;
    let body = json!({ "text": "One sentence here. Two here." }).to_string();
    let raw = |ctype: Option<&str>, extra: &str| {
        let ct = ctype.map_or(String::new(), |c| format!("Content-Type: {c}\r\n"));
        format!(
            "POST /v1/summarize HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{ct}{extra}Content-Length: {}\r\n\r\n{body}",
            body.len()
        )
    };
    let send = |msg: String| async move {
        let mut s = TcpStream::connect(srv.addr).await.unwrap();
        s.write_all(msg.as_bytes()).await.unwrap();
        read_all(&mut s).await
    };
    for ct in [
        None,
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/xml"),
    ] {
        let r = send(raw(ct, "")).await;
        assert_eq!(r.status, 415, "{ct:?}: {}", r.text());
        assert!(r.error().contains("application/json"), "{}", r.error());
    }
    let r = send(raw(Some("application/json; charset=utf-8"), "")).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = send(raw(Some("application/json"), "Content-Encoding: gzip\r\n")).await;
    assert_eq!(r.status, 415);
    assert!(r.error().contains("gzip"));
    let chunked = format!(
        "POST /v1/summarize HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\nTransfer-Encoding: gzip, chunked\r\n\r\n{:x}\r\n{body}\r\n0\r\n\r\n",
        body.len()
    );
    let r = send(chunked).await;
    assert_eq!(r.status, 501, "{}", r.text());
    assert!(r.error().contains("gzip"));
    // The batch route takes JSON Lines types.
    let line = format!("{body}\n");
    for ct in [
        "application/x-ndjson",
        "application/jsonl",
        "application/json",
    ] {
        let msg = format!(
            "POST /v1/summarize/batch HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{line}",
            line.len()
        );
        assert_eq!(send(msg).await.status, 200, "{ct}");
    }
    srv.stop().await;
}
