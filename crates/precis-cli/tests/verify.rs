//! `precis verify` end to end: a source and a summary file, JSONL records (renamed fields, bad
//! records reported and the batch going on), HTML sources, exit codes, and `eval --verify`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

fn shared_data() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(p) => PathBuf::from(p).join("data"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

const ARTICLE: &str =
    "The storm hit the coast of Florida on Monday, cutting power to 3,500,000 homes.\n\
Governor Ron DeSantis said repairs would take at least two weeks.\n\
\"We are doing everything we can to restore power,\" he told reporters in Tallahassee.\n\
The National Hurricane Center said the storm weakened as it moved inland.\n";

const SUMMARY: &str = "Governor Ron DeSantis said repairs would take at least two weeks. \
The storm cut power to 4.2 million homes in Georgia. \
He said: \"We will rebuild every single house by Christmas.\"";

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("precis-verify-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir.join(name)
}

fn write(name: &str, content: &[u8]) -> PathBuf {
    let p = tmp(name);
    std::fs::write(&p, content).expect("write");
    p
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn jsonl(o: &Output) -> Vec<Value> {
    String::from_utf8(o.stdout.clone())
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn span<'a>(text: &'a str, x: &Value) -> &'a str {
    &text[x["start"].as_u64().unwrap_or(0) as usize..x["end"].as_u64().unwrap_or(0) as usize]
}

#[test]
fn source_and_summary_files_give_support_and_unsupported_spans() {
    let src = write("a.txt", ARTICLE.as_bytes());
    let sum = write("a.sum", SUMMARY.as_bytes());
    let o = run(precis()
        .args([
            "verify",
            "-f",
            "json",
            "--include-text",
            "--lang",
            "en",
            "--source",
        ])
        .arg(&src)
        .arg("--summary")
        .arg(&sum));
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    let text = v["text"].as_str().expect("text");
    let summary = v["summary"].as_str().expect("summary");
    assert_eq!(summary, SUMMARY);
    let sents = v["sentences"].as_array().expect("sentences");
    assert_eq!(sents.len(), 3);
    assert_eq!(sents[0]["score"], 1.0);
    assert_eq!(sents[0]["support"][0]["sentence"], 1);
    assert_eq!(
        span(text, &sents[0]["support"][0]),
        "Governor Ron DeSantis said repairs would take at least two weeks."
    );
    let items: Vec<(String, String)> = sents
        .iter()
        .flat_map(|s| s["unsupported"].as_array().cloned().unwrap_or_default())
        .map(|u| {
            (
                u["kind"].as_str().unwrap_or("").to_string(),
                span(summary, &u).to_string(),
            )
        })
        .collect();
    for want in [
        ("number", "4.2 million"),
        ("name", "Georgia"),
        (
            "quote",
            "\"We will rebuild every single house by Christmas.\"",
        ),
    ] {
        assert!(
            items.iter().any(|(k, t)| k == want.0 && t == want.1),
            "{want:?} in {items:?}"
        );
    }
    let score = v["score"].as_f64().expect("score");
    assert!(score > 0.0 && score < 1.0, "{score}");
    // Text output names the evidence.
    let o = run(precis()
        .args(["verify", "--source"])
        .arg(&src)
        .arg("--summary")
        .arg(&sum));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.starts_with("score 0."), "{out}");
    assert!(out.contains("number \"4.2 million\" (= 4200000)"), "{out}");
    assert!(out.contains("support #2 (1.00)"), "{out}");
}

#[test]
fn records_with_renamed_fields_one_output_each_bad_ones_reported() {
    let lines = [
        json!({ "key": "ok", "body": ARTICLE, "bullets": SUMMARY }),
        json!({ "key": "empty-summary", "body": ARTICLE, "bullets": "  " }),
        json!({ "key": "no-summary", "body": ARTICLE }),
        json!({ "key": "list", "body": ARTICLE, "bullets": ["The storm hit the coast of Florida on Monday.", "It weakened inland."] }),
    ];
    let data: String = lines.iter().map(|l| format!("{l}\n")).collect();
    let p = write("recs.jsonl", data.as_bytes());
    let o = run(precis()
        .args([
            "verify",
            "-f",
            "jsonl",
            "-q",
            "--text-field",
            "body",
            "--summary-field",
            "bullets",
            "--id-field",
            "key",
        ])
        .arg(&p));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = jsonl(&o);
    assert_eq!(out.len(), 4, "one line per record: {out:?}");
    assert_eq!(out[0]["id"], "ok");
    assert!(out[0]["score"].as_f64().is_some());
    assert_eq!(out[1]["id"], "empty-summary");
    assert!(
        out[1]["error"].as_str().unwrap_or("").contains("empty"),
        "{}",
        out[1]
    );
    assert_eq!(out[2]["id"], "no-summary");
    assert!(
        out[2]["error"].as_str().unwrap_or("").contains("bullets"),
        "{}",
        out[2]
    );
    assert_eq!(out[3]["id"], "list");
    assert_eq!(out[3]["sentences"].as_array().map(Vec::len), Some(2));
    assert!(
        stderr(&o).contains("2 of 4 records failed"),
        "{}",
        stderr(&o)
    );
    // --strict stops at the first bad record, exit 1.
    let o = run(precis()
        .args([
            "verify",
            "-f",
            "jsonl",
            "-q",
            "--strict",
            "--text-field",
            "body",
            "--summary-field",
            "bullets",
            "--id-field",
            "key",
        ])
        .arg(&p));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--strict"), "{}", stderr(&o));
    // -o writes the same lines to a file; -j gives the same bytes at any thread count.
    let out1 = tmp("out1.jsonl");
    let o1 = run(precis()
        .args([
            "verify",
            "-f",
            "jsonl",
            "-q",
            "-j",
            "1",
            "--text-field",
            "body",
        ])
        .args(["--summary-field", "bullets", "--id-field", "key", "-o"])
        .arg(&out1)
        .arg(&p));
    assert_eq!(o1.status.code(), Some(1));
    let o2 = run(precis()
        .args([
            "verify",
            "-f",
            "jsonl",
            "-q",
            "-j",
            "2",
            "--text-field",
            "body",
        ])
        .args(["--summary-field", "bullets", "--id-field", "key"])
        .arg(&p));
    assert_eq!(std::fs::read(&out1).expect("-o file"), o2.stdout);
}

#[test]
fn bad_input_gets_clear_errors_and_exit_codes() {
    let src = write("b.txt", ARTICLE.as_bytes());
    let empty = write("empty.txt", b"");
    let binary = write("bin.dat", &[0u8, 159, 146, 150, 0, 1, 2, 255, 254]);
    let punct = write("punct.txt", b"... !!");
    for (source, summary, says) in [
        (&src, &empty, "empty"),
        (&empty, &src, "empty"),
        (&src, &binary, "binary"),
        (&binary, &src, "binary"),
        (&src, &punct, "no letters"),
    ] {
        let o = run(precis()
            .args(["verify", "--source"])
            .arg(source)
            .arg("--summary")
            .arg(summary));
        assert_eq!(o.status.code(), Some(1), "{source:?} {summary:?}");
        let e = stderr(&o);
        assert!(e.contains("error") && e.contains(says), "{e}");
        assert!(o.stdout.is_empty(), "nothing on stdout for a failed pair");
    }
    // Usage errors: exit 2.
    let o = run(precis().args(["verify", "--source"]).arg(&src));
    assert_eq!(o.status.code(), Some(2));
    let o = run(precis()
        .args(["verify", "--source"])
        .arg(&src)
        .arg("--summary")
        .arg(&src)
        .arg(&src));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // A dataset as --source is refused, naming what to do.
    let ds = write("ds.jsonl", b"{\"article\": \"x\", \"summary\": \"y\"}\n");
    let o = run(precis()
        .args(["verify", "--source"])
        .arg(&ds)
        .arg("--summary")
        .arg(&src));
    assert_ne!(o.status.code(), Some(0));
    assert!(stderr(&o).contains("dataset"), "{}", stderr(&o));
}

#[test]
fn html_source_through_the_reader_and_stdin_summary() {
    let html = format!(
        "<!doctype html><html><head><title>Storm</title></head><body><nav>Home | World</nav>\
         <article><h1>Storm</h1>{}</article><footer>Copyright</footer></body></html>",
        ARTICLE
            .lines()
            .map(|l| format!("<p>{}</p>", l.replace('"', "&quot;")))
            .collect::<String>()
    );
    let src = write("page.html", html.as_bytes());
    let mut child = precis()
        .args(["verify", "-f", "json", "--summary", "-", "--source"])
        .arg(&src)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(b"The National Hurricane Center said the storm weakened as it moved inland.")
        .expect("write");
    let o = child.wait_with_output().expect("wait");
    assert!(o.status.success(), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["score"], 1.0, "{v}");
    // The page's four paragraphs are the cleaned article (the navigation bar removed); the
    // summary is its last sentence.
    assert_eq!(v["source_sentences"], 4, "{v}");
    assert_eq!(v["sentences"][0]["support"][0]["sentence"], 3, "{v}");
    assert_eq!(
        v["sentences"][0]["support"][0]["text"],
        "The National Hurricane Center said the storm weakened as it moved inland."
    );
}

#[test]
fn eval_verify_adds_a_faithfulness_column() {
    let data = shared_data().join("cnndm-test-frank250.jsonl");
    if !data.exists() {
        eprintln!("skipped: {} not found", data.display());
        return;
    }
    // The first 5 records.
    let head: String = std::fs::read_to_string(&data)
        .expect("dev set")
        .lines()
        .take(5)
        .map(|l| format!("{l}\n"))
        .collect();
    let p = write("dev5.jsonl", head.as_bytes());
    let o = run(precis()
        .args([
            "eval",
            "-q",
            "--verify",
            "-m",
            "lead",
            "--systems-field",
            "systems",
            "--samples",
            "10",
            "-f",
            "json",
        ])
        .arg(&p));
    assert!(o.status.success(), "{}", stderr(&o));
    let t: Value = serde_json::from_slice(&o.stdout).expect("JSON table");
    let rows = t["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 6, "lead and 5 systems");
    for r in rows {
        let f = r["verify"].as_f64().expect("verify column");
        assert!((0.0..=1.0).contains(&f), "{r}");
    }
    // Lead copies the article: every sentence supported, score 1.
    assert_eq!(rows[0]["system"], "lead");
    assert_eq!(rows[0]["verify"], 1.0);
    let o = run(precis()
        .args(["eval", "-q", "--verify", "-m", "lead", "--samples", "10"])
        .arg(&p));
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("| verify |"), "{out}");
    assert!(out.contains(" 1.000 |"), "{out}");
}
