//! Speed probe used by `bench/summarize.sh`: segmentation MB/s and summarize articles/s on one
//! thread, over a JSONL dataset (field `article`), CPU time from /proc/thread-self/schedstat.
//!
//! cargo run --release -p precis --example speed -- DATA.jsonl [--passes N] [--repeat N]
//!     [--field NAME] [--summarize-only]
//! Prints one JSON object per line: {"what", "method", "units_per_s", "cpu_s"}. The language of
//! every article is identified, as `precis summarize` does by default.

use std::time::Instant;

use precis::{Budget, Method, Options, Summarizer};

fn cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

/// Median CPU seconds of `passes` runs of `f` (wall time if schedstat is unavailable).
fn median_cpu(passes: usize, mut f: impl FnMut()) -> f64 {
    let mut times = Vec::new();
    for _ in 0..passes {
        let (c0, w0) = (cpu_ns(), Instant::now());
        f();
        let t = match (c0, cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => w0.elapsed().as_secs_f64(),
        };
        times.push(t);
    }
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).ok_or("usage: speed DATA.jsonl [--passes N]")?;
    let passes: usize = match args.iter().position(|a| a == "--passes") {
        Some(i) => args.get(i + 1).ok_or("--passes needs a value")?.parse()?,
        None => 5,
    };
    let field = match args.iter().position(|a| a == "--field") {
        Some(i) => args.get(i + 1).ok_or("--field needs a name")?.clone(),
        None => "article".to_string(),
    };
    let summarize_only = args.iter().any(|a| a == "--summarize-only");
    let mut raw = Vec::new();
    for line in std::fs::read_to_string(path)?.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)?;
        raw.push(v[field.as_str()].as_str().unwrap_or_default().to_string());
    }
    // Repeat the corpus so that each timed pass lasts long enough for the CPU clock's
    // resolution (schedstat is tick-based on some kernels).
    let repeat: usize = match args.iter().position(|a| a == "--repeat") {
        Some(i) => args.get(i + 1).ok_or("--repeat needs a value")?.parse()?,
        None => 20,
    };
    let one = raw.clone();
    for _ in 1..repeat {
        raw.extend(one.iter().cloned());
    }
    let bytes: usize = raw.iter().map(String::len).sum();

    if !summarize_only {
        stages(&raw, bytes, passes);
    }
    summarize(&raw, passes);
    Ok(())
}

/// Segmentation MB/s and the clean and analyze stages alone (English CNN/DM articles).
fn stages(raw: &[String], bytes: usize, passes: usize) {
    // Segmentation alone, on the raw article text (what pysbd and punkt are given). It is
    // fast enough that one pass over the corpus lasts only ~14 clock ticks: 10 loops a pass.
    const SEGMENT_LOOPS: usize = 10;
    let mut buf = Vec::new();
    let mut count = 0usize;
    let t = median_cpu(passes, || {
        for _ in 0..SEGMENT_LOOPS {
            for a in raw {
                precis_text::segment::sentences_into(a, &mut buf);
                count += buf.len();
            }
        }
    });
    std::hint::black_box(count);
    println!(
        "{{\"what\":\"segment\",\"method\":\"precis\",\"units_per_s\":{:.3},\"cpu_s\":{t:.6}}}",
        (bytes * SEGMENT_LOOPS) as f64 / t / 1e6
    );

    // The stages alone: boilerplate cleaning, and analysis (segment + tokenize + stem + intern).
    let cleaned: Vec<String> = raw.iter().map(|a| precis_ingest::clean(a).text).collect();
    let mut k = 0usize;
    let t = median_cpu(passes, || {
        for a in raw {
            k += precis_ingest::clean(a).text.len();
        }
    });
    println!(
        "{{\"what\":\"stage\",\"method\":\"clean\",\"units_per_s\":{:.1},\"cpu_s\":{t:.6}}}",
        raw.len() as f64 / t
    );
    let t = median_cpu(passes, || {
        for a in &cleaned {
            k += precis::Doc::new(a).n_terms();
        }
    });
    std::hint::black_box(k);
    println!(
        "{{\"what\":\"stage\",\"method\":\"analyze\",\"units_per_s\":{:.1},\"cpu_s\":{t:.6}}}",
        raw.len() as f64 / t
    );
}

/// Summarize: raw text → highlights (language, cleaning, segmentation, analysis, scoring,
/// selection), articles/s per method.
fn summarize(raw: &[String], passes: usize) {
    for method in [
        Method::Auto,
        Method::Lead,
        Method::TextRank,
        Method::LexRank,
        Method::Centroid,
    ] {
        let opts = Options {
            method,
            budget: Budget::Auto,
            ..Options::default()
        };
        let summarizer = Summarizer::new(opts);
        let mut n = 0usize;
        let t = median_cpu(passes, || {
            for a in raw {
                let article = precis::article_from_text(a, true, precis::LangChoice::Auto);
                if let Ok(h) = summarizer.summarize_article(&article) {
                    n += h.highlights.len();
                }
            }
        });
        std::hint::black_box(n);
        println!(
            "{{\"what\":\"summarize\",\"method\":\"{method}\",\"units_per_s\":{:.1},\"cpu_s\":{t:.6}}}",
            raw.len() as f64 / t
        );
    }
}
