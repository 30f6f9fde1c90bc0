//! API tests over a real loopback socket, with a minimal HTTP/1.1 client on a raw TcpStream.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use precis_server::ServeConfig;
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

const SEED: &str = include_str!("../../../examples/cnn-trump-putin.txt");

/// Every highlight is exactly `text[start..end]` (UTF-8 byte offsets).
fn assert_spans(h: &Value) {
    let text = h["text"].as_str().unwrap();
    for x in h["highlights"].as_array().unwrap() {
        let (s, e) = (
            x["start"].as_u64().unwrap() as usize,
            x["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&text[s..e], x["text"].as_str().unwrap());
    }
}

#[tokio::test]
async fn summarize_seed_article() {
    let srv = Server::start(small()).await;
    for method in ["lead", "textrank", "lexrank", "centroid"] {
        let r = post_json(
            srv.addr,
            "/v1/summarize",
            &json!({ "text": SEED, "method": method, "include_text": true, "id": "seed" }),
        )
        .await;
        assert_eq!(r.status, 200, "{method}: {}", r.text());
        assert_eq!(r.header("content-type"), Some("application/json"));
        let h = r.json();
        assert_eq!(h["id"], "seed");
        assert_eq!(h["method"], method);
        assert_eq!(h["highlights"].as_array().unwrap().len(), 3, "{method}");
        assert!(h["sentences"].as_u64().unwrap() > 3);
        assert!(
            !h["removed"].as_array().unwrap().is_empty(),
            "boilerplate removed"
        );
        assert_spans(&h);
    }
    // No method and no length: the trained model at its own length, as in the library.
    let r = post_json(srv.addr, "/v1/summarize", &json!({ "text": SEED })).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let h = r.json();
    let lib = precis::summarize(SEED, &precis::Options::default()).unwrap();
    let got: Vec<u64> = h["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["sentence"].as_u64().unwrap())
        .collect();
    let want: Vec<u64> = lib.highlights.iter().map(|x| x.sentence as u64).collect();
    assert_eq!(got, want);
    assert_eq!(h["method"], "auto");
    // Length options and the text left out by default.
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": SEED, "sentences": 1, "method": "lead" }),
    )
    .await;
    let h = r.json();
    assert_eq!(h["highlights"].as_array().unwrap().len(), 1);
    assert!(h.get("text").is_none());
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "article": SEED, "words": 30 }),
    )
    .await;
    assert_eq!(r.status, 200);
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": SEED, "ratio": 0.5 }),
    )
    .await;
    assert_eq!(r.status, 200);
    srv.stop().await;
}

#[tokio::test]
async fn spans_are_utf8_byte_offsets() {
    let srv = Server::start(small()).await;
    let text = "Zürich 東京 café naïve résumé — the first sentence is here. \
                The second one talks about Ærø and 🦀 crabs. A third one ends it.";
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": text, "sentences": 2, "include_text": true, "clean": false }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_spans(&r.json());
    srv.stop().await;
}

#[tokio::test]
async fn oracle_uses_given_reference() {
    let srv = Server::start(small()).await;
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": SEED, "method": "oracle", "sentences": 2,
        "highlights": ["Trump and Putin spoke for over an hour", "They discussed Syria"] }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let n = r.json()["highlights"].as_array().unwrap().len();
    assert!((1..=2).contains(&n), "{n}");
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": "A sentence here. And another.", "method": "oracle" }),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.error().contains("reference"));
    srv.stop().await;
}

#[tokio::test]
async fn html_input() {
    let srv = Server::start(small()).await;
    let paras: String = SEED
        .lines()
        .filter(|l| l.len() > 80)
        .map(|l| format!("<p>{l}</p>\n"))
        .collect();
    let html = format!(
        "<!doctype html><html><head><title>Trump and Putin talk</title></head><body>\
         <nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav>\
         <article><h1>Trump and Putin talk</h1>{paras}</article><footer>Copyright</footer></body></html>"
    );
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "html": html, "include_text": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let h = r.json();
    // No length given: the default method (`auto`) at its own length.
    assert_eq!(h["method"], "auto");
    let n = h["highlights"].as_array().unwrap().len();
    assert!((1..=5).contains(&n), "{n}");
    assert_spans(&h);
    assert!(!h["text"].as_str().unwrap().contains("Copyright"));
    srv.stop().await;
}

#[tokio::test]
async fn bad_requests_are_400_naming_the_problem() {
    let srv = Server::start(small()).await;
    let cases: Vec<(&[u8], &str)> = vec![
        (b"{\"text\": \"x\" ", "line 1 column"),
        (b"", "empty request body"),
        (b"[1, 2]", "invalid JSON"),
        (br#"{"text": 5}"#, "invalid type"),
        (
            br#"{"text": "A b c.", "sentence": 3}"#,
            "unknown field `sentence`",
        ),
        (br#"{"method": "lead"}"#, "missing the article"),
        (br#"{"text": "a", "html": "<p>a</p>"}"#, "not both"),
        (
            br#"{"text": "A b c.", "method": "bogus"}"#,
            "unknown method `bogus`",
        ),
        (
            br#"{"text": "A b c.", "sentences": 2, "words": 5}"#,
            "at most one",
        ),
        (br#"{"text": "A b c.", "sentences": 0}"#, "at least 1"),
        (br#"{"text": "A b c.", "ratio": 1.5}"#, "ratio"),
        (br#"{"text": "A b c.", "order": "random"}"#, "unknown order"),
    ];
    for (body, needle) in cases {
        let r = request(srv.addr, "POST", "/v1/summarize", body).await;
        assert_eq!(
            r.status,
            400,
            "{}: {}",
            String::from_utf8_lossy(body),
            r.text()
        );
        let e = r.error();
        assert!(e.contains(needle), "{e:?} should contain {needle:?}");
    }
    // Well-formed but nothing to summarize.
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": "... !!", "clean": false }),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.error().contains("no text"), "{}", r.error());
    let r = post_json(srv.addr, "/v1/summarize", &json!({ "text": "  " })).await;
    assert_eq!(r.status, 422, "{}", r.text());
    srv.stop().await;
}

#[tokio::test]
async fn not_found_and_method_not_allowed() {
    let srv = Server::start(small()).await;
    let r = request(srv.addr, "GET", "/v2/nothing", b"").await;
    assert_eq!(r.status, 404);
    assert!(r.error().contains("/v2/nothing"));
    let r = request(srv.addr, "GET", "/v1/summarize", b"").await;
    assert_eq!(r.status, 405);
    assert_eq!(r.header("allow"), Some("POST"));
    assert!(r.error().contains("not allowed"));
    srv.stop().await;
}

#[tokio::test]
async fn body_over_the_limit_is_413() {
    let srv = Server::start(ServeConfig {
        body_limit: 1000,
        ..small()
    })
    .await;
    let big = json!({ "text": "word ".repeat(400) }).to_string();
    assert!(big.len() > 1000);
    let r = request(srv.addr, "POST", "/v1/summarize", big.as_bytes()).await;
    assert_eq!(r.status, 413);
    assert!(r.error().contains("1000 bytes"));
    // Chunked, no Content-Length: caught while reading.
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    let chunk = "a".repeat(700);
    let msg = format!(
        "POST /v1/summarize HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\
         {:x}\r\n{chunk}\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len(),
        chunk.len()
    );
    s.write_all(msg.as_bytes()).await.unwrap();
    let r = read_all(&mut s).await;
    assert_eq!(r.status, 413);
    // Under the limit is fine.
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "text": "A short one. Two." }),
    )
    .await;
    assert_eq!(r.status, 200);
    srv.stop().await;
}

#[tokio::test]
async fn slow_body_is_408() {
    let srv = Server::start(ServeConfig {
        timeout: Duration::from_millis(300),
        ..small()
    })
    .await;
    let mut s = TcpStream::connect(srv.addr).await.unwrap();
    s.write_all(head("POST", "/v1/summarize", 100, "").as_bytes())
        .await
        .unwrap();
    s.write_all(b"{\"text\":").await.unwrap();
    let r = read_all(&mut s).await;
    assert_eq!(r.status, 408);
    assert!(r.error().contains("deadline"));
    srv.stop().await;
}

#[tokio::test]
async fn saturated_server_sheds_with_503_and_retry_after() {
    let srv = Server::start(ServeConfig {
        max_concurrency: 1,
        max_queue: 0,
        ..small()
    })
    .await;
    let held = hold_slot(srv.addr, 3000).await;
    let body = json!({ "text": "Another text here. Fine." });
    let r = post_json(srv.addr, "/v1/summarize", &body).await;
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(r.error().contains("busy"));
    // Health and metrics are not shed.
    assert_eq!(request(srv.addr, "GET", "/healthz", b"").await.status, 200);
    let m = request(srv.addr, "GET", "/metrics", b"").await.text();
    assert!(m.contains("precis_http_requests_shed_total 1"), "{m}");
    assert!(m.contains("precis_api_busy_slots 1"), "{m}");
    // The held request still completes, and the slot frees.
    let r = held.await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    let r = post_json(srv.addr, "/v1/summarize", &body).await;
    assert_eq!(r.status, 200);
    srv.stop().await;
}

#[tokio::test]
async fn bounded_queue_waits_then_sheds() {
    let srv = Server::start(ServeConfig {
        max_concurrency: 1,
        max_queue: 1,
        ..small()
    })
    .await;
    let addr = srv.addr;
    let held = hold_slot(addr, 3000).await;
    // The second request waits in the queue…
    let body = json!({ "text": "Queued text here. Fine." });
    let queued = tokio::spawn(async move { post_json(addr, "/v1/summarize", &body).await });
    let mut waiting = false;
    for _ in 0..200 {
        if request(addr, "GET", "/metrics", b"")
            .await
            .text()
            .contains("precis_api_queued 1")
        {
            waiting = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(waiting, "second request queued");
    // …the third is shed at once…
    let r = post_json(
        addr,
        "/v1/summarize",
        &json!({ "text": "Third one. Shed." }),
    )
    .await;
    assert_eq!(r.status, 503);
    assert_eq!(r.header("retry-after"), Some("1"));
    // …and once the slot frees, the queued one is served.
    assert_eq!(held.await.unwrap().status, 200);
    let r = queued.await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    srv.stop().await;
}

#[tokio::test]
async fn batch_keeps_order_and_reports_bad_records() {
    let srv = Server::start(small()).await;
    let lines = [
        json!({ "id": "a", "text": SEED }).to_string(),
        "{not json".to_string(),
        json!({ "id": "c", "article": "First one here. Second one here. Third one." }).to_string(),
        String::new(),
        json!({ "id": "e", "text": "" }).to_string(),
        json!({ "text": SEED, "sentences": 2 }).to_string(),
        json!({ "id": "g", "text": SEED, "method": "nope" }).to_string(),
    ];
    let body = lines.join("\n");
    let r = request(
        srv.addr,
        "POST",
        "/v1/summarize/batch?method=textrank&sentences=1",
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("content-type"), Some("application/x-ndjson"));
    let out: Vec<Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let ids: Vec<&str> = out.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["a", "batch:2", "c", "e", "batch:6", "g"]);
    assert_eq!(out[0]["method"], "textrank");
    assert_eq!(out[0]["highlights"].as_array().unwrap().len(), 1);
    assert!(out[1]["error"].as_str().unwrap().contains("invalid JSON"));
    assert_eq!(out[2]["highlights"].as_array().unwrap().len(), 1);
    assert!(out[3]["error"].as_str().unwrap().contains("empty"));
    assert_eq!(
        out[4]["highlights"].as_array().unwrap().len(),
        2,
        "a record overrides the query"
    );
    assert!(out[5]["error"].as_str().unwrap().contains("unknown method"));
    // Bad query settings are refused before anything streams.
    let r = request(
        srv.addr,
        "POST",
        "/v1/summarize/batch?method=bogus",
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("bogus"));
    let r = request(
        srv.addr,
        "POST",
        "/v1/summarize/batch?sentences=x",
        body.as_bytes(),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("query"));
    srv.stop().await;
}

#[tokio::test]
async fn batch_of_many_records_streams_in_order() {
    let srv = Server::start(small()).await;
    let body: String = (0..300)
        .map(|i| json!({ "id": format!("r{i}"), "text": format!("Record {i} starts here. It has a second sentence. And {i} ends.") }).to_string() + "\n")
        .collect();
    let r = request(srv.addr, "POST", "/v1/summarize/batch", body.as_bytes()).await;
    assert_eq!(r.status, 200);
    let ids: Vec<String> = r
        .text()
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let want: Vec<String> = (0..300).map(|i| format!("r{i}")).collect();
    assert_eq!(ids, want);
    srv.stop().await;
}

#[tokio::test]
async fn rouge_endpoint() {
    let srv = Server::start(small()).await;
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({
            "candidates": ["the cat sat on the mat", "a dog barked"],
            "references": ["the cat sat on the mat", "the cat sat on the mat"],
        }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(
        v["types"],
        json!(["rouge1", "rouge2", "rougeL", "rougeLsum"])
    );
    assert_eq!(v["use_stemmer"], true);
    assert_eq!(v["flavor"], "rouge-score");
    assert_eq!(v["scores"].as_array().unwrap().len(), 2);
    assert_eq!(v["scores"][0]["rouge1"]["fmeasure"], 1.0);
    assert_eq!(v["scores"][1]["rouge2"]["fmeasure"], 0.0);
    let mean = v["mean"]["rougeL"]["fmeasure"].as_f64().unwrap();
    let want = (v["scores"][0]["rougeL"]["fmeasure"].as_f64().unwrap()
        + v["scores"][1]["rougeL"]["fmeasure"].as_f64().unwrap())
        / 2.0;
    assert!((mean - want).abs() < 1e-12);
    // One reference for all, chosen types, stemming off.
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": ["cats running", "cat runs"], "reference": "cat running",
                 "types": ["rouge1"], "use_stemmer": false }),
    )
    .await;
    let v = r.json();
    assert_eq!(v["types"], json!(["rouge1"]));
    assert!(v["scores"][0].get("rouge2").is_none());
    assert!((v["scores"][0]["rouge1"]["fmeasure"].as_f64().unwrap() - 0.5).abs() < 1e-12);
    // Errors.
    for (body, needle) in [
        (
            json!({ "candidates": ["a"], "references": ["a", "b"] }),
            "1 candidates but 2",
        ),
        (
            json!({ "candidates": ["a"], "reference": "a", "types": ["rouge0"] }),
            "rouge type",
        ),
        (json!({ "candidates": [], "reference": "a" }), "empty"),
        (json!({ "candidates": ["a"] }), "missing"),
        (
            json!({ "candidates": ["a"], "reference": "a", "stem": true }),
            "unknown field `stem`",
        ),
    ] {
        let r = post_json(srv.addr, "/v1/rouge", &body).await;
        assert_eq!(r.status, 400, "{body}");
        assert!(r.error().contains(needle), "{} vs {needle}", r.error());
    }
    srv.stop().await;
}

fn shared() -> std::path::PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(p) => p.into(),
        None => std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared"),
    }
}

fn fixture_lines(path: &str) -> Vec<Value> {
    let p = shared().join(path);
    std::fs::read_to_string(&p)
        .unwrap_or_else(|e| panic!("{}: {e} (set PRECIS_SHARED)", p.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The ROUGE-1.5.5 flavour over HTTP gives the script's numbers: per pair as `-d` prints them,
/// and its Average with the CI (the 250 `bart` pairs with pyrouge's options: 45.511 / 22.578 /
/// 42.430, the README's worked example).
#[tokio::test]
async fn rouge155_flavor_gives_the_scripts_numbers() {
    let srv = Server::start(small()).await;
    let pairs = fixture_lines("fixtures/rouge155/inputs/bart250/pairs.jsonl");
    let candidates: Vec<&str> = pairs
        .iter()
        .map(|p| p["candidate"].as_str().unwrap())
        .collect();
    let references: Vec<&str> = pairs
        .iter()
        .map(|p| p["references"][0].as_str().unwrap())
        .collect();
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": candidates, "references": references, "flavor": "rouge155" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["flavor"], "rouge155");
    assert_eq!(
        v["rouge155_options"],
        "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m"
    );
    assert_eq!(v["count"], 250);
    assert_eq!(v["types"][5], "ROUGE-W-1.2");
    let want: Value = serde_json::from_str(
        &std::fs::read_to_string(
            shared().join("fixtures/rouge155/outputs/parsed/bart250__O1.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let names = v["types"].as_array().unwrap();
    assert_eq!(names.len(), want["metrics"].as_object().unwrap().len());
    for name in names {
        let name = name.as_str().unwrap();
        let w = &want["metrics"][name];
        for (c, field) in [("R", "recall"), ("P", "precision"), ("F", "fmeasure")] {
            let a = &v["average"][name];
            for (j, part) in ["average", "low", "high"].iter().enumerate() {
                let got = a[part][field].as_f64().unwrap();
                assert_eq!(
                    format!("{got:.5}"),
                    w["average"][c][j].as_str().unwrap(),
                    "{name} {c} {part}"
                );
            }
            for k in 0..250 {
                let got = v["scores"][k][name][field].as_f64().unwrap();
                let printed = &w["per_eval"][format!("{}.1", k + 1)];
                let i = ["R", "P", "F"].iter().position(|x| *x == c).unwrap();
                assert_eq!(
                    format!("{got:.5}"),
                    printed[i].as_str().unwrap(),
                    "{name} {k}"
                );
            }
        }
        // `mean`: the plain mean of the per-pair values.
        let mean: f64 = (0..250)
            .map(|k| v["scores"][k][name]["fmeasure"].as_f64().unwrap())
            .sum::<f64>()
            / 250.0;
        assert!((v["mean"][name]["fmeasure"].as_f64().unwrap() - mean).abs() < 1e-12);
    }
    assert_eq!(v["average"]["ROUGE-1"]["average"]["fmeasure"], 0.45511);
    assert_eq!(v["average"]["ROUGE-2"]["average"]["fmeasure"], 0.22578);
    assert_eq!(v["average"]["ROUGE-L"]["average"]["fmeasure"], 0.4243);
    // Options as given; one reference for all; `use_stemmer: false` drops -m from the default.
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": ["The cats sat.", "A dog"], "reference": "The cat sat on the mat.",
                 "rouge155_options": "-n 1 -x -r 10" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["types"], json!(["ROUGE-1"]));
    assert_eq!(v["use_stemmer"], false);
    assert_eq!(v["scores"][0]["ROUGE-1"]["precision"], 0.66667);
    assert_eq!(v["scores"][0]["ROUGE-1"]["recall"], 0.33333);
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": ["The cats sat."], "reference": "The cat sat on the mat.",
                 "flavor": "rouge155", "use_stemmer": true }),
    )
    .await;
    assert_eq!(r.json()["scores"][0]["ROUGE-1"]["precision"], 1.0);
    let r = post_json(
        srv.addr,
        "/v1/rouge",
        &json!({ "candidates": ["The cats sat."], "reference": "The cat sat on the mat.",
                 "flavor": "rouge155", "use_stemmer": false }),
    )
    .await;
    assert_eq!(
        r.json()["rouge155_options"],
        "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a"
    );
    srv.stop().await;
}

/// The multilingual flavour over HTTP equals XL-Sum's package on its fixture rows, bit for bit.
#[tokio::test]
async fn multilingual_flavor_equals_the_package() {
    let srv = Server::start(small()).await;
    for (file, lang, stem) in [
        ("chinese.jsonl", "chinese", false),
        ("hindi.jsonl", "hindi", true),
    ] {
        let rows: Vec<Value> = fixture_lines(&format!("fixtures/multilingual-rouge/{file}"))
            .into_iter()
            .filter(|v| v["lang"] == lang && v["use_stemmer"] == stem)
            .collect();
        assert!(!rows.is_empty());
        let r = post_json(
            srv.addr,
            "/v1/rouge",
            &json!({
                "candidates": rows.iter().map(|v| v["candidate"].clone()).collect::<Vec<_>>(),
                "references": rows.iter().map(|v| v["reference"].clone()).collect::<Vec<_>>(),
                "lang": lang,
                "use_stemmer": stem,
            }),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(v["flavor"], "multilingual");
        assert_eq!(v["lang"], lang);
        for (k, row) in rows.iter().enumerate() {
            for t in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
                let got = &v["scores"][k][t];
                let want = &row["scores"][t];
                assert_eq!(
                    [&got["precision"], &got["recall"], &got["fmeasure"]],
                    [&want[0], &want[1], &want[2]],
                    "{lang} {} {t}",
                    row["id"]
                );
            }
        }
    }
    srv.stop().await;
}

#[tokio::test]
async fn rouge_flavor_errors_are_400_naming_the_problem() {
    let srv = Server::start(small()).await;
    let pair = |extra: Value| {
        let mut b = json!({ "candidates": ["a b c"], "reference": "a b" });
        for (k, v) in extra.as_object().unwrap() {
            b[k] = v.clone();
        }
        b
    };
    for (extra, needle) in [
        (
            json!({ "flavor": "rouge-1.5.5" }),
            "unknown flavor `rouge-1.5.5`",
        ),
        (
            json!({ "lang": "japanese" }),
            "`lang`: not supported: multilingual ROUGE for \"japanese\"",
        ),
        (json!({ "lang": "russian" }), "score without the stemmer"),
        (
            json!({ "flavor": "rouge-score", "lang": "english" }),
            "`lang` needs flavor multilingual",
        ),
        (
            json!({ "flavor": "multilingual", "rouge155_options": "-n 2" }),
            "`rouge155_options` needs flavor rouge155",
        ),
        (
            json!({ "lang": "english", "rouge155_options": "-n 2" }),
            "different flavours",
        ),
        (
            json!({ "rouge155_options": "-3 HM" }),
            "`rouge155_options`: not supported: -3",
        ),
        (
            json!({ "rouge155_options": "-n 2 -q" }),
            "unknown option -q",
        ),
        (
            json!({ "rouge155_options": "-n 2 config.xml" }),
            "options only",
        ),
        (json!({ "rouge155_options": "-n 2 -t 2" }), "-t 2"),
        (json!({ "rouge155_options": "-n 2 -s" }), "-s and -e"),
        (
            json!({ "rouge155_options": "-n 12" }),
            "-n 12: at most -n 9",
        ),
        (
            json!({ "rouge155_options": "-n 2", "types": ["rouge1"] }),
            "`types` does not apply",
        ),
        (
            json!({ "rouge155_options": "-n 2", "use_stemmer": true }),
            "give -m",
        ),
    ] {
        let body = pair(extra.clone());
        let r = post_json(srv.addr, "/v1/rouge", &body).await;
        assert_eq!(r.status, 400, "{extra}: {}", r.text());
        assert!(
            r.error().contains(needle),
            "{extra}: {} vs {needle}",
            r.error()
        );
    }
    srv.stop().await;
}

#[tokio::test]
async fn metrics_count_requests() {
    let srv = Server::start(small()).await;
    for _ in 0..3 {
        let r = post_json(srv.addr, "/v1/summarize", &json!({ "text": SEED })).await;
        assert_eq!(r.status, 200);
    }
    request(srv.addr, "POST", "/v1/summarize", b"{").await;
    request(srv.addr, "GET", "/missing", b"").await;
    request(srv.addr, "GET", "/healthz", b"").await;
    let r = request(srv.addr, "GET", "/metrics", b"").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    let m = r.text();
    assert_eq!(
        metric(
            &m,
            r#"precis_http_requests_total{route="/v1/summarize",status="200"}"#
        ),
        3
    );
    assert_eq!(
        metric(
            &m,
            r#"precis_http_requests_total{route="/v1/summarize",status="400"}"#
        ),
        1
    );
    assert_eq!(
        metric(
            &m,
            r#"precis_http_requests_total{route="other",status="404"}"#
        ),
        1
    );
    assert_eq!(
        metric(
            &m,
            r#"precis_http_requests_total{route="/healthz",status="200"}"#
        ),
        1
    );
    assert_eq!(
        metric(
            &m,
            r#"precis_http_request_duration_seconds_bucket{route="/v1/summarize",le="+Inf"}"#
        ),
        4
    );
    assert_eq!(
        metric(
            &m,
            r#"precis_http_request_duration_seconds_count{route="/v1/summarize"}"#
        ),
        4
    );
    // The metrics request itself is in flight while it renders.
    assert_eq!(metric(&m, "precis_http_requests_in_flight"), 1);
    assert!(m.contains("# TYPE precis_http_request_duration_seconds histogram"));
    srv.stop().await;
}

#[tokio::test]
async fn openapi_document_lists_the_api() {
    let srv = Server::start(small()).await;
    let r = request(srv.addr, "GET", "/openapi.json", b"").await;
    assert_eq!(r.status, 200);
    let doc = r.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for p in [
        "/v1/summarize",
        "/v1/summarize/batch",
        "/v1/summarize/feed",
        "/v1/config",
        "/v1/rouge",
        "/healthz",
        "/metrics",
        "/openapi.json",
        "/",
    ] {
        assert!(paths.contains_key(p), "{p} missing");
    }
    assert!(doc["paths"]["/v1/summarize"]["post"]["responses"]["413"].is_object());
    assert!(doc["paths"]["/v1/summarize"]["post"]["responses"]["403"].is_object());
    let feed = &doc["components"]["schemas"]["FeedRequest"]["properties"];
    for f in [
        "url",
        "no_fetch",
        "max_items",
        "method",
        "sentences",
        "lang",
    ] {
        assert!(feed[f].is_object(), "FeedRequest.{f}");
    }
    // Every $ref resolves.
    let text = doc.to_string();
    for part in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap();
        assert!(doc["components"]["schemas"][name].is_object(), "{name}");
    }
    // Every documented route is served (not 404).
    for p in paths.keys() {
        let method = if paths[p].get("post").is_some() {
            "POST"
        } else {
            "GET"
        };
        let r = request(srv.addr, method, p, b"{}").await;
        assert_ne!(r.status, 404, "{p}");
    }
    srv.stop().await;
}

#[tokio::test]
async fn web_page_is_embedded_and_self_contained() {
    let srv = Server::start(small()).await;
    let r = request(srv.addr, "GET", "/", b"").await;
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r
        .header("content-security-policy")
        .unwrap()
        .contains("default-src 'none'"));
    let page = r.text();
    assert!(page.contains("src=\"/app.js\""));
    for (path, ty) in [("/app.js", "text/javascript"), ("/style.css", "text/css")] {
        let r = request(srv.addr, "GET", path, b"").await;
        assert_eq!(r.status, 200);
        assert!(r.header("content-type").unwrap().starts_with(ty));
        assert!(
            !r.text().contains("http://") && !r.text().contains("https://"),
            "{path} fetches nothing"
        );
    }
    assert!(!page.contains("http://") && !page.contains("https://"));
    srv.stop().await;
}

#[tokio::test]
async fn cors_is_off_by_default_and_on_when_configured() {
    let preflight = "Origin: http://app.example\r\nAccess-Control-Request-Method: POST\r\n";
    let srv = Server::start(small()).await;
    let r = request_with(
        srv.addr,
        "GET",
        "/healthz",
        b"",
        "Origin: http://app.example\r\n",
    )
    .await;
    assert_eq!(r.status, 200);
    assert!(r.header("access-control-allow-origin").is_none());
    srv.stop().await;

    let srv = Server::start(ServeConfig {
        cors_origins: vec!["http://app.example".into()],
        ..small()
    })
    .await;
    let r = request_with(srv.addr, "OPTIONS", "/v1/summarize", b"", preflight).await;
    assert_eq!(
        r.header("access-control-allow-origin"),
        Some("http://app.example")
    );
    let r = request_with(
        srv.addr,
        "GET",
        "/healthz",
        b"",
        "Origin: http://other.example\r\n",
    )
    .await;
    assert!(r.header("access-control-allow-origin").is_none());
    srv.stop().await;
}

#[tokio::test]
async fn graceful_shutdown_finishes_in_flight_requests() {
    let srv = Server::start(small()).await;
    let addr = srv.addr;
    let held = hold_slot(addr, 1500).await;
    // A second request whose body is still arriving.
    let body = json!({ "text": "One sentence here. Two here." })
        .to_string()
        .into_bytes();
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(head("POST", "/v1/summarize", body.len(), "").as_bytes())
        .await
        .unwrap();
    slow.write_all(&body[..5]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let Server { stop, handle, .. } = srv;
    stop.unwrap().send(()).unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    // No new connections once shutting down…
    assert!(TcpStream::connect(addr).await.is_err());
    // …but the in-flight requests complete.
    slow.write_all(&body[5..]).await.unwrap();
    let r = read_all(&mut slow).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let r = held.await.unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    tokio::time::timeout(Duration::from_secs(5), handle)
        .await
        .expect("server exits after the last request")
        .unwrap()
        .unwrap();
}

#[tokio::test]
async fn healthz() {
    let srv = Server::start(small()).await;
    let r = request(srv.addr, "GET", "/healthz", b"").await;
    assert_eq!(r.status, 200);
    assert_eq!(r.json(), json!({ "status": "ok" }));
    srv.stop().await;
}

#[tokio::test]
async fn languages_are_identified_given_and_reported() {
    let server = Server::start(small()).await;
    // Identified: a Chinese article made of short lines gets its lead sentences (today's main
    // returned no highlight for such an article).
    let zh = "市政府昨天宣布将在明年春天开通新的地铁线路。\n新线路全长二十五公里。\n沿线共设十八座车站。\n工程总投资约为一百二十亿元。\n市民对这一消息普遍表示欢迎。\n有专家认为新线路将缓解城市东部的交通压力。\n也有居民担心施工期间的噪音问题。\n市政府表示将采取措施减少对居民生活的影响。\n新线路预计每天运送乘客五十万人次。\n据介绍，新线路采用无人驾驶技术，列车最高时速为一百公里，高峰期每两分钟一班，夜间运营至十二点，票价与现有线路相同。";
    let r = post_json(
        server.addr,
        "/v1/summarize",
        &json!({ "text": zh, "include_text": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let h = r.json();
    assert_eq!(h["lang"], "zh");
    assert_spans(&h);
    assert_eq!(
        h["highlights"][0]["text"],
        "市政府昨天宣布将在明年春天开通新的地铁线路。"
    );
    // Given: the request's language is used as given.
    let r = post_json(
        server.addr,
        "/v1/summarize",
        &json!({ "text": "Der Bundestag hat am 26. Oktober beschlossen. Die Opposition protestierte.", "lang": "de", "method": "lead" }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let h = r.json();
    assert_eq!(h["lang"], "de");
    assert_eq!(
        h["highlights"][0]["text"],
        "Der Bundestag hat am 26. Oktober beschlossen."
    );
    // Unknown code: 400 naming the field's problem.
    let r = post_json(
        server.addr,
        "/v1/summarize",
        &json!({ "text": zh, "lang": "xx" }),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("unknown language"), "{}", r.text());
    // Never silent: text without a sentence is a 422 with a message, never an empty list.
    let r = post_json(
        server.addr,
        "/v1/summarize",
        &json!({ "text": "... !! ??" }),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(!r.error().is_empty());
    server.stop().await;
}
