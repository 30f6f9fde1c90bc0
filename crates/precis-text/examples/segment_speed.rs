//! Sentence-splitter throughput (and a quality dump) on the CNN/DM articles.
//!
//! ```text
//! cargo run --release --example segment_speed -p precis-text [-- OPTIONS]
//!   --data PATH     JSONL with an `article` field (default: $PRECIS_SHARED/data/cnndm-test-frank250.jsonl,
//!                   else ../../../shared/data/... relative to this crate)
//!   --field NAME    the JSONL field with the text (default `article`)
//!   --lang CODE     the language whose rules to use (default `en`)
//!   --passes N      timed passes (default 15); the median is reported
//!   --stats         also print sentences/article, long-sentence counts, and the first 3
//!                   sentences of the first 20 articles
//!   --lead3 PATH    write {"id", "lead3", "highlights"} JSONL (first 3 sentences joined by "\n")
//!   --dump PATH     write every sentence, one per line, prefixed by the article index
//! ```

use precis_text::lang::Lang;
use precis_text::segment::Segmenter;
use std::path::PathBuf;
use std::time::Instant;

fn default_data() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(dir) => PathBuf::from(dir).join("data/cnndm-test-frank250.jsonl"),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/cnndm-test-frank250.jsonl"),
    }
}

struct Article {
    id: String,
    text: String,
    highlights: String,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut data = default_data();
    let mut passes = 15usize;
    let mut stats = false;
    let mut lead3: Option<PathBuf> = None;
    let mut dump: Option<PathBuf> = None;
    let mut field = "article".to_string();
    let mut lang = Lang::EN;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--data" => data = PathBuf::from(args.next().ok_or("--data needs a path")?),
            "--passes" => passes = args.next().ok_or("--passes needs N")?.parse()?,
            "--field" => field = args.next().ok_or("--field needs a name")?,
            "--lang" => lang = args.next().ok_or("--lang needs a code")?.parse()?,
            "--stats" => stats = true,
            "--lead3" => lead3 = Some(PathBuf::from(args.next().ok_or("--lead3 needs a path")?)),
            "--dump" => dump = Some(PathBuf::from(args.next().ok_or("--dump needs a path")?)),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let raw = std::fs::read_to_string(&data)
        .map_err(|e| format!("cannot read {}: {e}", data.display()))?;
    let mut articles = Vec::new();
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        articles.push(Article {
            id: s("id"),
            text: s(&field),
            highlights: s("highlights"),
        });
    }
    let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
    println!("{} articles, {bytes} bytes", articles.len());

    let seg = Segmenter::new(lang);
    let sentences_into = |t: &str, out: &mut Vec<std::ops::Range<usize>>| seg.split_into(t, out);
    let mut spans = Vec::new();
    let mut checksum = 0usize;
    // Warm-up.
    for a in &articles {
        sentences_into(&a.text, &mut spans);
        checksum += spans.len();
    }
    let mut times = Vec::with_capacity(passes);
    for _ in 0..passes.max(1) {
        let t = Instant::now();
        for a in &articles {
            sentences_into(std::hint::black_box(&a.text), &mut spans);
            checksum += spans.len();
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    println!(
        "median {:.3} ms/pass over {} passes: {:.1} MB/s (best {:.1} MB/s) [checksum {checksum}]",
        median * 1e3,
        times.len(),
        bytes as f64 / median / 1e6,
        bytes as f64 / times[0] / 1e6,
    );

    if stats {
        let mut n_sent = 0usize;
        let mut long = 0usize;
        let mut longest = 0usize;
        for (k, a) in articles.iter().enumerate() {
            sentences_into(&a.text, &mut spans);
            n_sent += spans.len();
            for r in &spans {
                let words = a.text[r.clone()].split_whitespace().count();
                longest = longest.max(words);
                if words > 60 {
                    long += 1;
                }
            }
            if k < 20 {
                println!("--- {}", a.id);
                for r in spans.iter().take(3) {
                    println!("  | {}", &a.text[r.clone()]);
                }
            }
        }
        println!(
            "sentences/article {:.2}, sentences > 60 words: {long}, longest {longest} words",
            n_sent as f64 / articles.len().max(1) as f64
        );
    }
    if let Some(path) = lead3 {
        let mut out = String::new();
        for a in &articles {
            sentences_into(&a.text, &mut spans);
            let lead: Vec<&str> = spans.iter().take(3).map(|r| &a.text[r.clone()]).collect();
            let rec = serde_json::json!({"id": a.id, "lead3": lead.join("\n"), "highlights": a.highlights});
            out.push_str(&rec.to_string());
            out.push('\n');
        }
        std::fs::write(&path, out)?;
        println!("wrote {}", path.display());
    }
    if let Some(path) = dump {
        let mut out = String::new();
        for (k, a) in articles.iter().enumerate() {
            sentences_into(&a.text, &mut spans);
            for r in &spans {
                out.push_str(&format!("{k}\t{}\n", &a.text[r.clone()]));
            }
        }
        std::fs::write(&path, out)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}
