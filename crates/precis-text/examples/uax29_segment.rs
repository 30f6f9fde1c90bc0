//! The UAX #29 sentence boundaries of `unicode-segmentation`, as a peer in `bench/segment.sh`:
//! JSONL records `{"id", "text"}` on stdin, one `{"id", "sentences": [[start, end], ...]}` line
//! out per record (UTF-8 byte offsets, each sentence trimmed, empty ones dropped).

use std::io::{self, BufRead, BufWriter, Write};

use unicode_segmentation::UnicodeSegmentation;

fn main() -> io::Result<()> {
    let mut out = BufWriter::new(io::stdout().lock());
    for line in io::stdin().lock().lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: serde_json::Value = serde_json::from_str(&line).map_err(io::Error::other)?;
        let text = rec["text"].as_str().unwrap_or("");
        let spans: Vec<[usize; 2]> = text
            .split_sentence_bound_indices()
            .filter_map(|(start, piece)| {
                let t = piece.trim_start();
                let s = start + piece.len() - t.len();
                let e = s + t.trim_end().len();
                (e > s).then_some([s, e])
            })
            .collect();
        writeln!(
            out,
            "{}",
            serde_json::json!({"id": rec["id"], "sentences": spans})
        )?;
    }
    out.flush()
}
