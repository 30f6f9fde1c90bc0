//! Segments the `text` field of every line of a JSONL file and prints `{"id", "sentences"}`
//! lines (UTF-8 byte offsets): a fast loop for working on the rules without building the CLI.
//!
//! ```text
//! cargo run --release -p precis-text --example segment_jsonl -- FILE.jsonl LANG
//! ```

use precis_text::lang::Lang;
use precis_text::segment::Segmenter;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or("usage: segment_jsonl FILE.jsonl LANG")?;
    let lang: Lang = args.next().unwrap_or_else(|| "en".into()).parse()?;
    let seg = Segmenter::new(lang);
    for line in std::fs::read_to_string(path)?.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let text = v["text"].as_str().unwrap_or("");
        let spans: Vec<[usize; 2]> = seg
            .split(text)
            .into_iter()
            .map(|r| [r.start, r.end])
            .collect();
        println!("{}", serde_json::json!({"id": v["id"], "sentences": spans}));
    }
    Ok(())
}
