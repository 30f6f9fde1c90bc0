//! Language identification on news-like snippets of the UD dev splits: precis's
//! `lang::detect` (function-word vote, then whatlang) against whatlang alone. Accuracy per
//! language for 1-sentence, 3-sentence and whole-record snippets, and microseconds per call.
//!
//! ```text
//! cargo run --release -p precis-text --example langid_eval -- ../shared/data/ud/dev
//! ```

use std::time::Instant;

use precis_text::lang::{detect, Lang};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: langid_eval UD_DEV_DIR")?;
    let mut langs: Vec<String> = std::fs::read_dir(&dir)?
        .filter_map(|e| {
            e.ok()?
                .file_name()
                .to_str()?
                .strip_suffix(".jsonl")
                .map(str::to_string)
        })
        .collect();
    langs.sort();
    println!("lang  size  n   precis%  whatlang%  precis_us  whatlang_us");
    let mut totals = [[0usize; 3]; 3]; // [size][n, precis ok, whatlang ok]
    for code in &langs {
        let gold = Lang::from_code(code).ok_or("unknown language")?;
        let mut snippets: [Vec<String>; 3] = Default::default();
        for line in std::fs::read_to_string(format!("{dir}/{code}.jsonl"))?.lines() {
            let v: serde_json::Value = serde_json::from_str(line)?;
            let text = v["text"].as_str().unwrap_or("");
            let spans: Vec<(usize, usize)> = v["sentences"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|s| Some((s[0].as_u64()? as usize, s[1].as_u64()? as usize)))
                .collect();
            for (k, &(s, e)) in spans.iter().enumerate() {
                if k % 2 == 0 {
                    snippets[0].push(text[s..e].to_string());
                }
                if k % 3 == 0 && k + 3 <= spans.len() {
                    snippets[1].push(text[s..spans[k + 2].1].to_string());
                }
            }
            snippets[2].push(text.to_string());
        }
        for (size, items) in snippets.iter().enumerate() {
            let items: Vec<&String> = items.iter().take(300).collect();
            let t = Instant::now();
            let ours = items.iter().filter(|s| detect(s) == gold).count();
            let us_ours = t.elapsed().as_secs_f64() * 1e6 / items.len().max(1) as f64;
            let t = Instant::now();
            let theirs = items
                .iter()
                .filter(|s| {
                    let mut e = s.len().min(1024);
                    while !s.is_char_boundary(e) {
                        e -= 1;
                    }
                    whatlang::detect(&s[..e]).map(|i| i.lang().code().to_string())
                        == whatlang::Lang::from_code(whatlang_code(code))
                            .map(|l| l.code().to_string())
                })
                .count();
            let us_theirs = t.elapsed().as_secs_f64() * 1e6 / items.len().max(1) as f64;
            let n = items.len();
            totals[size][0] += n;
            totals[size][1] += ours;
            totals[size][2] += theirs;
            println!(
                "{code:4}  {:4}  {n:3}  {:6.1}  {:8.1}  {us_ours:9.1}  {us_theirs:11.1}",
                ["1s", "3s", "rec"][size],
                100.0 * ours as f64 / n.max(1) as f64,
                100.0 * theirs as f64 / n.max(1) as f64
            );
        }
    }
    for (size, t) in totals.iter().enumerate() {
        println!(
            "all   {:4}  {:5}  precis {:.1}%  whatlang {:.1}%",
            ["1s", "3s", "rec"][size],
            t[0],
            100.0 * t[1] as f64 / t[0].max(1) as f64,
            100.0 * t[2] as f64 / t[0].max(1) as f64
        );
    }
    Ok(())
}

/// whatlang's ISO 639-3 code for a UD language.
fn whatlang_code(code: &str) -> &'static str {
    match code {
        "cs" => "ces",
        "de" => "deu",
        "en" => "eng",
        "es" => "spa",
        "fr" => "fra",
        "it" => "ita",
        "ja" => "jpn",
        "ko" => "kor",
        "nl" => "nld",
        "pl" => "pol",
        "pt" => "por",
        "ru" => "rus",
        "tr" => "tur",
        "zh" => "cmn",
        _ => "und",
    }
}
