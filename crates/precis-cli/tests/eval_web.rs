//! `precis eval` on URLs, URL lists and feeds. Network tests use a loopback site started by the
//! test (never the internet). The pages are built from CNN/DM test articles of the shared data:
//! a CNN-style "Story highlights" page, a "Key Points" page and a `.story` text, each with the
//! article's reference highlights.

#![allow(clippy::unwrap_used)]

#[path = "../../precis-fetch/tests/support/site.rs"]
mod site;

use std::path::Path;
use std::process::Command;

use serde_json::Value;
use site::Site;

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_precis"))
        .args(args)
        .output()
        .expect("run precis");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn jsonl(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The article as paragraphs of three sentences (split after ". ").
fn paragraphs(article: &str) -> String {
    let sentences: Vec<&str> = article.split_inclusive(". ").collect();
    sentences
        .chunks(3)
        .map(|c| format!("<p>{}</p>\n", escape(c.concat().trim())))
        .collect()
}

/// Three pages with references from the first CNN/DM records of the shared data, written to
/// `dir`: `a-cnn.html` (a CNN "Story highlights" block), `b-keypoints.html` (a "Key Points"
/// heading and list), `c.story` (`@highlight` lines). `None` when the shared data is absent.
fn write_pages(dir: &Path) -> Option<Vec<String>> {
    let data = site::shared_html_dir()
        .join("../../cnndm-test-frank250.jsonl")
        .canonicalize()
        .ok()?;
    let text = std::fs::read_to_string(data).ok()?;
    let records: Vec<Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .filter(|r: &Value| r["id"].as_str().is_some_and(|id| id.starts_with("cnn-")))
        .take(3)
        .collect();
    if records.len() < 3 {
        return None;
    }
    let field = |r: &Value, k: &str| r[k].as_str().unwrap().to_string();
    let items = |r: &Value| -> String {
        field(r, "highlights")
            .lines()
            .map(|h| format!("<li>{}</li>", escape(h)))
            .collect()
    };
    let cnn = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Story one - CNN</title></head><body>\
         <article><h1>Story one</h1>\
         <div class=\"el__storyhighlights\"><h3>Story highlights</h3>\
         <ul class=\"el__storyhighlights__list\">{}</ul></div>\n{}</article></body></html>",
        items(&records[0]),
        paragraphs(&field(&records[0], "article"))
    );
    let key_points = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Story two</title></head><body>\
         <article><h1>Story two</h1><h2>Key Points</h2><ul>{}</ul>\n{}</article></body></html>",
        items(&records[1]),
        paragraphs(&field(&records[1], "article"))
    );
    let mut story = field(&records[2], "article");
    for h in field(&records[2], "highlights").lines() {
        story.push_str(&format!("\n\n@highlight\n\n{h}"));
    }
    let names = ["a-cnn.html", "b-keypoints.html", "c.story"];
    for (name, body) in names.iter().zip([cnn, key_points, story]) {
        std::fs::write(dir.join(name), body).unwrap();
    }
    Some(names.iter().map(|n| n.to_string()).collect())
}

/// `precis eval -q -f json --per-doc FILE ARGS…`: (run, table, per-document lines).
fn eval(args: &[&str], per_doc: &Path) -> (Run, Value, Vec<Value>) {
    let mut all = vec![
        "eval",
        "-q",
        "-f",
        "json",
        "--per-doc",
        per_doc.to_str().unwrap(),
    ];
    all.extend_from_slice(args);
    let r = run(&all);
    let table = serde_json::from_str(&r.stdout).unwrap_or(Value::Null);
    let lines = jsonl(per_doc);
    (r, table, lines)
}

fn without_id(v: &Value) -> Value {
    let mut v = v.clone();
    v.as_object_mut().unwrap().remove("id");
    v
}

#[test]
fn eval_over_urls_equals_eval_over_the_saved_files() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let Some(names) = write_pages(&pages) else {
        eprintln!("skipping: shared data absent");
        return;
    };
    let methods = ["-m", "lead,textrank,oracle"];
    let files: Vec<String> = names
        .iter()
        .map(|n| pages.join(n).to_str().unwrap().to_string())
        .collect();
    let mut args: Vec<&str> = methods.to_vec();
    args.extend(files.iter().map(String::as_str));
    let (r, want, want_docs) = eval(&args, &dir.path().join("local.jsonl"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(want["failed"], 0, "every saved page has a reference");
    assert_eq!(want["rows"][0]["documents"], 3);
    assert_eq!(want_docs.len(), 9, "3 documents × 3 methods");

    let site = Site::start_with_files(&pages);
    let urls: Vec<String> = names
        .iter()
        .map(|n| site.url(&format!("/files/{n}")))
        .collect();
    // The first URL as an argument, the others from `--urls FILE`.
    let list = dir.path().join("urls.txt");
    std::fs::write(&list, format!("# pages\n{}\n\n{}\n", urls[1], urls[2])).unwrap();
    let mut args: Vec<&str> = methods.to_vec();
    args.extend([urls[0].as_str(), "--urls", list.to_str().unwrap()]);
    let (r, got, got_docs) = eval(&args, &dir.path().join("remote.jsonl"));
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(
        got, want,
        "the same table over URLs as over the saved files"
    );
    assert_eq!(got_docs.len(), want_docs.len());
    for (i, (g, w)) in got_docs.iter().zip(&want_docs).enumerate() {
        assert_eq!(
            g["id"],
            urls[i / 3].as_str(),
            "the id of a fetched page is its URL"
        );
        assert_eq!(without_id(g), without_id(w), "per-document line {i}");
    }

    // A feed linking the pages: its items fetched, the same table.
    let (r, got, got_docs) = eval(
        &[&methods[..], &[site.url("/files/feed.xml").as_str()]].concat(),
        &dir.path().join("feed.jsonl"),
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(got, want, "the same table over a feed of the pages");
    assert_eq!(got_docs.len(), want_docs.len());
}

#[test]
fn eval_url_failures_are_records_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("pages");
    std::fs::create_dir(&pages).unwrap();
    let Some(names) = write_pages(&pages) else {
        eprintln!("skipping: shared data absent");
        return;
    };
    let site = Site::start_with_files(&pages);
    let a = site.url(&format!("/files/{}", names[0]));
    let c = site.url(&format!("/files/{}", names[2]));
    let missing = site.url("/missing.html");
    // A news page without a highlights list (the shared extraction-benchmark pages have none).
    let no_reference = site::page_ids()
        .first()
        .map(|id| site.url(&format!("/pages/{id}.html")));
    let mut args = vec!["-m", "lead", a.as_str(), missing.as_str()];
    if let Some(u) = &no_reference {
        args.push(u);
    }
    args.push(&c);
    let (r, table, docs) = eval(&args, &dir.path().join("per.jsonl"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    let n_failed = 1 + usize::from(no_reference.is_some());
    assert_eq!(table["failed"], n_failed);
    assert_eq!(table["rows"][0]["documents"], 2, "the other pages go on");
    assert_eq!(
        docs.len(),
        2 + n_failed,
        "one line per record, in input order"
    );
    assert_eq!(docs[0]["id"], a.as_str());
    assert_eq!(docs[0]["system"], "lead");
    assert!(docs[0]["words"].as_u64().unwrap() > 0, "{}", docs[0]);
    assert_eq!(docs[1]["id"], missing.as_str());
    let e404 = docs[1]["error"].as_str().unwrap();
    assert!(
        e404.contains(&missing) && e404.contains("HTTP 404"),
        "{e404}"
    );
    assert!(
        r.stderr
            .contains(&format!("precis: error: {missing}: HTTP 404 Not Found")),
        "{}",
        r.stderr
    );
    if let Some(u) = &no_reference {
        let e = docs[2]["error"].as_str().unwrap();
        assert_eq!(docs[2]["id"], u.as_str());
        assert!(
            e.starts_with(&format!("{u}: no reference highlights to score against"))
                && e.contains("\"Story highlights\""),
            "{e}"
        );
    }
    assert_eq!(docs.last().unwrap()["id"], c.as_str());
    assert!(docs.last().unwrap().get("error").is_none());

    // --strict: stops at the 404 (its line written), exit 1.
    let mut strict = vec!["--strict"];
    strict.extend_from_slice(&args);
    let (r, table, docs) = eval(&strict, &dir.path().join("strict.jsonl"));
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(docs.len(), 2, "{docs:?}");
    assert_eq!(docs[1]["id"], missing.as_str());
    assert_eq!(table["rows"][0]["documents"], 1);

    // Feed items read with --no-fetch have no reference: each one an error, nothing scored.
    let r = run(&["eval", "-q", "--no-fetch", &site.url("/feed.xml")]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(
        r.stderr
            .matches("no reference highlights to score against")
            .count(),
        site::feed_page_ids(8).len(),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("no record could be evaluated"),
        "{}",
        r.stderr
    );
}
