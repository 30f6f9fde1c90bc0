//! `POST /v1/verify` over a real loopback socket.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use precis_server::ServeConfig;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const ARTICLE: &str =
    "The storm hit the coast of Florida on Monday, cutting power to 3,500,000 homes. \
Governor Ron DeSantis said repairs would take at least two weeks. \
\"We are doing everything we can to restore power,\" he told reporters in Tallahassee. \
The National Hurricane Center said the storm weakened as it moved inland.";

fn span<'a>(text: &'a str, x: &Value) -> &'a str {
    &text[x["start"].as_u64().unwrap() as usize..x["end"].as_u64().unwrap() as usize]
}

#[tokio::test]
async fn verify_reports_support_and_unsupported_content_with_spans() {
    let srv = Server::start(small()).await;
    let summary = "Governor Ron DeSantis said repairs would take at least two weeks. \
                   The storm cut power to 4.2 million homes in Georgia.";
    let r = post_json(
        srv.addr,
        "/v1/verify",
        &json!({ "article": ARTICLE, "summary": summary, "include_text": true, "id": "storm", "lang": "en" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/json"));
    let v = r.json();
    assert_eq!(v["id"], "storm");
    let score = v["score"].as_f64().unwrap();
    assert!(score > 0.0 && score < 1.0, "{score}");
    let text = v["text"].as_str().unwrap();
    let sum = v["summary"].as_str().unwrap();
    assert_eq!(sum, summary);
    let sents = v["sentences"].as_array().unwrap();
    assert_eq!(sents.len(), 2);
    // The copied sentence rests on the article's second sentence, spans into the cleaned text.
    let first = &sents[0];
    assert_eq!(first["score"].as_f64().unwrap(), 1.0);
    let sup = &first["support"][0];
    assert_eq!(sup["sentence"], 1);
    assert_eq!(span(text, sup), sup["text"].as_str().unwrap());
    assert!(sup["text"]
        .as_str()
        .unwrap()
        .starts_with("Governor Ron DeSantis"));
    // The second: the number and the place are unsupported, with spans into the summary.
    let items = sents[1]["unsupported"].as_array().unwrap();
    let got: Vec<(&str, &str)> = items
        .iter()
        .map(|u| (u["kind"].as_str().unwrap(), span(sum, u)))
        .collect();
    assert!(got.contains(&("number", "4.2 million")), "{got:?}");
    assert!(got.contains(&("name", "Georgia")), "{got:?}");
    let num = items.iter().find(|u| u["kind"] == "number").unwrap();
    assert_eq!(num["value"], "4200000");
    // The same as the library.
    let lib = precis::verify(
        ARTICLE,
        summary,
        &precis::VerifyOptions {
            lang: "en".parse().unwrap(),
            include_text: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(v["score"].as_f64().unwrap(), lib.score);
    // A summary as an array of sentences; HTML articles through the reader.
    let html = format!(
        "<html><head><title>Storm</title></head><body><article><p>{}</p></article></body></html>",
        ARTICLE.replace('"', "&quot;")
    );
    let r = post_json(
        srv.addr,
        "/v1/verify",
        &json!({ "html": html, "summary": ["The storm hit the coast of Florida on Monday.", "It weakened as it moved inland."] }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["sentences"].as_array().unwrap().len(), 2);
    assert!(v.get("text").is_none(), "text only when asked for");
    assert_eq!(v["sentences"][0]["support"][0]["sentence"], 0);
    srv.stop().await;
}

#[tokio::test]
async fn verify_bad_requests_name_the_problem() {
    let srv = Server::start(small()).await;
    let cases = [
        (
            json!({ "summary": "A sentence." }),
            400,
            "missing the article",
        ),
        (json!({ "text": ARTICLE }), 400, "missing `summary`"),
        (
            json!({ "text": ARTICLE, "html": "<p>x</p>", "summary": "x" }),
            400,
            "not both",
        ),
        (
            json!({ "text": ARTICLE, "summary": "x", "sentences": 3 }),
            400,
            "unknown field `sentences`",
        ),
        (json!({ "text": ARTICLE, "summary": "  \n" }), 422, "empty"),
        (
            json!({ "text": ARTICLE, "summary": "... !!" }),
            422,
            "no words",
        ),
        (json!({ "text": "  ", "summary": "A summary." }), 422, ""),
        (
            json!({ "text": ARTICLE, "summary": "x", "lang": "klingon" }),
            400,
            "",
        ),
    ];
    for (body, status, says) in cases {
        let r = post_json(srv.addr, "/v1/verify", &body).await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
        assert!(r.error().contains(says), "{body}: {}", r.error());
        assert!(!r.error().is_empty());
    }
    let r = request(srv.addr, "POST", "/v1/verify", b"{not json").await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("invalid JSON"), "{}", r.error());
    let r = request(srv.addr, "GET", "/v1/verify", b"").await;
    assert_eq!(r.status, 405);
    srv.stop().await;
}

#[tokio::test]
async fn verify_keeps_the_hardening() {
    let srv = Server::start(ServeConfig {
        body_limit: 1000,
        ..small()
    })
    .await;
    // Body limit.
    let big = json!({ "text": "word ".repeat(400), "summary": "word" }).to_string();
    let r = request(srv.addr, "POST", "/v1/verify", big.as_bytes()).await;
    assert_eq!(r.status, 413, "{}", r.text());
    // JSON only, uncompressed.
    let body =
        json!({ "text": "One sentence here. Two here.", "summary": "One sentence." }).to_string();
    for extra in [
        "Content-Type: text/plain\r\n",
        "Content-Type: application/json\r\nContent-Encoding: gzip\r\n",
    ] {
        let msg = format!(
            "POST /v1/verify HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut s = TcpStream::connect(srv.addr).await.unwrap();
        s.write_all(msg.as_bytes()).await.unwrap();
        let r = read_all(&mut s).await;
        assert_eq!(r.status, 415, "{extra}: {}", r.text());
    }
    let r = request(srv.addr, "POST", "/v1/verify", body.as_bytes()).await;
    assert_eq!(r.status, 200, "{}", r.text());
    // Counted under its own route.
    let m = request(srv.addr, "GET", "/metrics", b"").await.text();
    assert!(m.contains("route=\"/v1/verify\""), "{m}");
    // Described in the OpenAPI document.
    let doc = request(srv.addr, "GET", "/openapi.json", b"").await.json();
    assert!(doc["paths"]["/v1/verify"]["post"].is_object());
    assert!(doc["components"]["schemas"]["Verification"].is_object());
    srv.stop().await;
}
