//! `precis summarize` on URLs, feeds, sitemaps, Markdown and refused formats. Network tests use
//! a loopback site started by the test (never the internet).

#![allow(clippy::unwrap_used)]

#[path = "../../precis-fetch/tests/support/site.rs"]
mod site;

use std::process::Command;

use serde_json::Value;
use site::{feed_page_ids, page_ids, Site};

fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(args: &[&str]) -> Run {
    let out = precis().args(args).output().expect("run precis");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn jsonl(s: &str) -> Vec<Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// The highlights (text and spans) of one record.
fn highlights(v: &Value) -> Value {
    v["highlights"].clone()
}

/// Summaries of the saved pages, one `precis summarize` per page file.
fn saved(ids: &[String]) -> Vec<Value> {
    let dir = site::shared_html_dir();
    ids.iter()
        .map(|id| {
            let p = dir.join(format!("{id}.html.gz"));
            let r = run(&["summarize", "-f", "json", "-q", p.to_str().unwrap()]);
            assert_eq!(r.code, 0, "{}", r.stderr);
            serde_json::from_str(&r.stdout).unwrap()
        })
        .collect()
}

#[test]
fn rss_and_atom_feeds_equal_the_saved_pages() {
    let ids = feed_page_ids(8);
    if ids.len() < 8 {
        eprintln!("skipping: shared pages absent");
        return;
    }
    let want = saved(&ids);
    let site = Site::start();
    for feed in [
        "/feed.xml",
        "/atom.xml",
        "/relative.xml",
        "/news-sitemap.xml",
    ] {
        let r = run(&["summarize", "-f", "jsonl", "-q", &site.url(feed)]);
        assert_eq!(r.code, 0, "{feed}: {}", r.stderr);
        let got = jsonl(&r.stdout);
        assert_eq!(got.len(), ids.len(), "{feed}: one record per item");
        for (i, (g, w)) in got.iter().zip(&want).enumerate() {
            let url = site.url(&format!("/pages/{}.html", ids[i]));
            assert_eq!(
                g["id"],
                url.as_str(),
                "{feed}: id is the item's link, in feed order"
            );
            assert_eq!(g["url"], url.as_str());
            assert!(g["fetched_at"].as_str().unwrap().ends_with('Z'));
            assert_eq!(highlights(g), highlights(w), "{feed} item {i}");
            assert_eq!(g["sentences"], w["sentences"]);
        }
        match feed {
            "/feed.xml" | "/relative.xml" => {
                assert_eq!(got[3]["title"], "Item 3");
                assert_eq!(got[3]["byline"], "Writer 3");
                assert_eq!(got[3]["date"], "2024-01-02T10:00:00Z");
            }
            "/atom.xml" => assert_eq!(got[2]["byline"], "Author 2"),
            _ => assert_eq!(got[1]["title"], "News 1"),
        }
    }
    // --no-fetch: the items' own text (the teasers), nothing fetched.
    let before = site.hits(&format!("/pages/{}.html", ids[0]));
    let r = run(&[
        "summarize",
        "-f",
        "jsonl",
        "-q",
        "--no-fetch",
        &site.url("/feed.xml"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 8);
    assert_eq!(got[5]["highlights"][0]["text"], "Teaser 5.");
    assert_eq!(site.hits(&format!("/pages/{}.html", ids[0])), before);
}

#[test]
fn failures_are_records_in_place_and_exit_1() {
    let ids = feed_page_ids(2);
    if ids.len() < 2 {
        eprintln!("skipping: shared pages absent");
        return;
    }
    let site = Site::start();
    let r = run(&[
        "summarize",
        "-f",
        "jsonl",
        "-q",
        "--fetch-timeout",
        "1.5",
        "--max-record-bytes",
        "2000000",
        &site.url("/feed-mixed.xml"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 6, "{}", r.stdout);
    // 0: a page; 1: a 301 to a page; 2: 404; 3: slow; 4: 30 MB; 5: windows-1252.
    assert!(got[0]["highlights"].is_array());
    assert_eq!(
        got[1]["id"],
        site.url(&format!("/moved/{}.html", ids[1])).as_str()
    );
    assert_eq!(
        got[1]["url"],
        site.url(&format!("/pages/{}.html", ids[1])).as_str(),
        "final URL"
    );
    let e404 = got[2]["error"].as_str().unwrap();
    assert_eq!(got[2]["id"], site.url("/missing.html").as_str());
    assert!(
        e404.contains(&site.url("/missing.html")) && e404.contains("HTTP 404"),
        "{e404}"
    );
    assert!(
        got[3]["error"].as_str().unwrap().contains("timed out"),
        "{}",
        got[3]
    );
    assert!(
        got[4]["error"]
            .as_str()
            .unwrap()
            .contains("larger than the limit of 2000000 bytes"),
        "{}",
        got[4]
    );
    let text = got[5]["highlights"][0]["text"].as_str().unwrap();
    assert!(text.contains("Caf\u{e9} owners"), "{text}");
    assert!(r.stderr.contains("3 of 6 records failed"), "{}", r.stderr);
}

#[test]
fn urls_as_inputs_and_url_lists_keep_input_order() {
    let ids = page_ids();
    if ids.len() < 3 {
        eprintln!("skipping: shared pages absent");
        return;
    }
    let site = Site::start();
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("urls.txt");
    let urls: Vec<String> = ids[..3]
        .iter()
        .map(|id| site.url(&format!("/pages/{id}.html")))
        .collect();
    std::fs::write(
        &list,
        format!(
            "# news\n{}\n\n{}\n{}\n",
            urls[0],
            site.url("/missing.html"),
            urls[2]
        ),
    )
    .unwrap();
    let local = dir.path().join("local.txt");
    std::fs::write(&local, "The council approved the budget on Tuesday. Officials said the plan would fund schools. Critics said it was too costly.").unwrap();
    let r = run(&[
        "summarize",
        "-f",
        "jsonl",
        "-q",
        &urls[1],
        local.to_str().unwrap(),
        "--urls",
        list.to_str().unwrap(),
        "--fetch-concurrency",
        "4",
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    let order: Vec<&str> = got.iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        vec![
            urls[1].as_str(),
            "local",
            urls[0].as_str(),
            site.url("/missing.html").as_str(),
            urls[2].as_str()
        ]
    );
    assert!(got[3]["error"].as_str().unwrap().contains("HTTP 404"));
}

#[test]
fn sitemap_index_and_local_feed_files() {
    let ids = page_ids();
    if ids.len() < 12 {
        eprintln!("skipping: shared pages absent");
        return;
    }
    let site = Site::start();
    let r = run(&[
        "summarize",
        "-f",
        "jsonl",
        "-q",
        &site.url("/sitemap-index.xml"),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    let want: Vec<String> = ids[..12]
        .iter()
        .map(|id| site.url(&format!("/pages/{id}.html")))
        .collect();
    let order: Vec<String> = got
        .iter()
        .map(|v| v["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        order, want,
        "index → news sitemap (8) then sitemap-1 (4, relative loc)"
    );

    // A feed saved to a file: its links are fetched (default), or its own text (--no-fetch).
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    let rss = format!(
        "<rss version=\"2.0\"><channel><title>t</title><item><title>A</title><link>{}</link><description>First teaser sentence here.</description></item><item><title>B</title><link>pages/x.html</link><description>Second teaser sentence here.</description></item></channel></rss>",
        want[0]
    );
    std::fs::write(&feed, rss).unwrap();
    let r = run(&["summarize", "-f", "jsonl", "-q", feed.to_str().unwrap()]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0]["id"], want[0].as_str());
    assert!(got[0]["highlights"].is_array());
    assert!(
        got[1]["error"]
            .as_str()
            .unwrap()
            .contains("not an absolute http(s) URL"),
        "{}",
        got[1]
    );
    let r = run(&[
        "summarize",
        "-f",
        "jsonl",
        "-q",
        "--no-fetch",
        feed.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 2, "two items, two records");
    assert_eq!(
        got[1]["highlights"][0]["text"],
        "Second teaser sentence here."
    );
}

#[test]
fn refused_formats_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("report.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n",
    )
    .unwrap();
    let r = run(&["summarize", pdf.to_str().unwrap()]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.is_empty(), "no garbage highlights: {}", r.stdout);
    assert!(
        r.stderr.contains(
            "report.pdf: PDF is not supported: convert it to text first (e.g. pdftotext)"
        ),
        "{}",
        r.stderr
    );
    // In a batch: one error record per refused file, the others go on.
    let png = dir.path().join("photo.png");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR").unwrap();
    let md = dir.path().join("story.md");
    std::fs::write(
        &md,
        "# Storm hits the coast\n\n*By Jane Doe*\n\n![Flooded street](https://img.example/a.jpg)\n\nA **storm** hit the [coast](https://x.example/c) on Monday, officials said.\n\n- Roads were closed for hours.\n- Schools were shut across the region.\n\n> \"We are ready,\" the mayor said.\n",
    )
    .unwrap();
    let r = run(&[
        "summarize",
        "-f",
        "jsonl",
        "-q",
        pdf.to_str().unwrap(),
        png.to_str().unwrap(),
        md.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 1);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 3);
    assert!(got[0]["error"]
        .as_str()
        .unwrap()
        .contains("PDF is not supported"));
    assert!(got[1]["error"]
        .as_str()
        .unwrap()
        .contains("PNG image is not supported"));
    let m = &got[2];
    assert_eq!(m["title"], "Storm hits the coast");
    assert_eq!(m["byline"], "By Jane Doe");
    let texts: Vec<&str> = m["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts[0], "A storm hit the coast on Monday, officials said.");
    for t in &texts {
        for bad in ["*", "#", "![", "](", "http", "> ", "- "] {
            assert!(!t.contains(bad), "{bad:?} in {t:?}");
        }
    }
}

#[test]
fn extract_reads_urls_in_order() {
    let ids = page_ids();
    if ids.len() < 2 {
        eprintln!("skipping: shared pages absent");
        return;
    }
    let site = Site::start();
    let a = site.url(&format!("/moved/{}.html", ids[0]));
    let r = run(&[
        "extract",
        "-f",
        "jsonl",
        "-q",
        &a,
        &site.url("/missing.html"),
        &site.url("/feed.xml"),
        &site.url("/cp1252.html"),
    ]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let got = jsonl(&r.stdout);
    assert_eq!(got.len(), 4);
    assert_eq!(got[0]["source"], a.as_str());
    assert_eq!(
        got[0]["url"],
        site.url(&format!("/pages/{}.html", ids[0])).as_str()
    );
    assert!(got[0]["fetched_at"].is_string());
    let saved = run(&[
        "extract",
        "-f",
        "json",
        "-q",
        site::shared_html_dir()
            .join(format!("{}.html.gz", ids[0]))
            .to_str()
            .unwrap(),
    ]);
    let saved: Value = serde_json::from_str(&saved.stdout).unwrap();
    assert_eq!(got[0]["text"], saved["text"], "same text as the saved page");
    assert!(got[1]["error"].as_str().unwrap().contains("HTTP 404"));
    assert!(got[2]["error"]
        .as_str()
        .unwrap()
        .contains("precis summarize"));
    assert!(got[3]["text"]
        .as_str()
        .unwrap()
        .contains("\u{201c}We cannot pay these fees,\u{201d}"));
}
