//! Timing + quality run over the article-extraction-benchmark pages.
//!
//! `html_bench [HTML_DIR] [--passes N] [--out FILE.jsonl]`
//! HTML_DIR holds `pages/<id>.html.gz` and `ground-truth.jsonl` (default: ../shared/data/html).
//! Writes one JSON line per page (`id`, `text`, `error`) to --out (default stdout), and a summary
//! line to stderr and (with --out) as the file's last line:
//! pages, passes, median wall seconds and CPU seconds (from /proc/thread-self/schedstat) per
//! pass, pages/s on CPU time and wall time, and F1/P/R by the benchmark's metric.

use std::io::{Read, Write};
use std::time::Instant;

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    if v.is_empty() {
        return f64::NAN;
    }
    v[v.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut dir = String::from("../shared/data/html");
    let mut passes = 3usize;
    let mut out_path: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--passes" => passes = args.next().ok_or("--passes N")?.parse()?,
            "--out" => out_path = Some(args.next().ok_or("--out FILE")?),
            _ => dir = a,
        }
    }
    let gt = std::fs::read_to_string(format!("{dir}/ground-truth.jsonl"))?;
    let mut pages = Vec::new();
    for line in gt.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let id = v["id"].as_str().ok_or("id")?.to_string();
        let url = v["url"].as_str().map(str::to_string);
        let truth = v["articleBody"].as_str().unwrap_or("").to_string();
        let mut gz = Vec::new();
        std::fs::File::open(format!("{dir}/pages/{id}.html.gz"))?.read_to_end(&mut gz)?;
        // Decompress + decode outside the timed loop (as the anchor measurements did).
        let html = precis_html::decode(&gz);
        pages.push((id, url, truth, html));
    }
    let mut walls = Vec::new();
    let mut cpus = Vec::new();
    let mut results: Vec<Result<precis_html::Extracted, precis_html::HtmlError>> = Vec::new();
    for _ in 0..passes.max(1) {
        let c0 = thread_cpu_ns();
        let t0 = Instant::now();
        let res: Vec<_> = pages
            .iter()
            .map(|(_, url, _, html)| precis_html::extract(html, url.as_deref()))
            .collect();
        walls.push(t0.elapsed().as_secs_f64());
        if let (Some(a), Some(b)) = (c0, thread_cpu_ns()) {
            cpus.push((b - a) as f64 / 1e9);
        }
        results = res;
    }
    let texts: Vec<String> = results
        .iter()
        .map(|r| r.as_ref().map(|e| e.text.clone()).unwrap_or_default())
        .collect();
    let scores = precis_html::aeb::score(
        pages
            .iter()
            .zip(&texts)
            .map(|((_, _, truth, _), text)| (truth.as_str(), text.as_str())),
    );
    let mut sink: Box<dyn Write> = match &out_path {
        Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout())),
    };
    for ((id, ..), r) in pages.iter().zip(&results) {
        let (text, error) = match r {
            Ok(e) => (e.text.as_str(), None),
            Err(e) => ("", Some(e.to_string())),
        };
        writeln!(
            sink,
            "{}",
            serde_json::json!({"id": id, "text": text, "error": error})
        )?;
    }
    let n = pages.len() as f64;
    let wall = median(&mut walls);
    let cpu = median(&mut cpus);
    let summary = serde_json::json!({
        "system": "precis-html",
        "pages": pages.len(),
        "passes": passes,
        "wall_s": wall,
        "cpu_s": cpu,
        "pages_per_s_cpu": n / cpu,
        "pages_per_s_wall": n / wall,
        "f1": scores.f1,
        "precision": scores.precision,
        "recall": scores.recall,
        "errors": results.iter().filter(|r| r.is_err()).count(),
    });
    eprintln!("{summary}");
    if out_path.is_some() {
        writeln!(sink, "{summary}")?;
    }
    sink.flush()?;
    Ok(())
}
