//! Raw `verify` signals of every summary sentence of a JSONL file, for fitting the score's
//! weights (`bench/verify_fit.py`, run by `bench/verify.sh`).
//!
//! cargo run --release -p precis --example verify_signals -- DATA.jsonl [--article FIELD] [--summary FIELD]
//!
//! Prints one JSON object per record: {"id", "sentences": [Signals...]} or {"id", "error"};
//! with `--full`, the verification as `precis verify -f jsonl` prints it.
//! The article is cleaned and its language identified, as `precis verify` does by default.

use precis::verify::signals;
use precis::LangChoice;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: verify_signals DATA.jsonl [--article F] [--summary F]")?;
    let field = |name: &str, default: &str| -> String {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
            .unwrap_or_else(|| default.to_string())
    };
    let (af, sf) = (field("--article", "article"), field("--summary", "summary"));
    for line in std::fs::read_to_string(path)?.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let r: serde_json::Value = serde_json::from_str(line)?;
        let id = r["id"].as_str().unwrap_or("").to_string();
        let mut article =
            precis::article_from_text(r[&af].as_str().unwrap_or(""), true, LangChoice::Auto);
        article.id = id.clone();
        let summary = match &r[&sf] {
            serde_json::Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            v => v.as_str().unwrap_or("").to_string(),
        };
        if args.iter().any(|a| a == "--full") {
            match precis::Verifier::default().verify_article(&article, &summary) {
                Ok(v) => println!("{}", v.to_json_line()),
                Err(e) => println!(
                    "{}",
                    serde_json::json!({ "id": id, "error": e.to_string() })
                ),
            }
            continue;
        }
        let out = match signals(&article.text, article.lang, &summary) {
            Ok(s) => serde_json::json!({ "id": id, "lang": article.lang, "sentences": s }),
            Err(e) => serde_json::json!({ "id": id, "error": e.to_string() }),
        };
        println!("{out}");
    }
    Ok(())
}
