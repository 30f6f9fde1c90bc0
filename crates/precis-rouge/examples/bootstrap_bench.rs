//! Timing binary for rouge-score's bootstrap on 1 and 2 threads: scores the (highlights, system
//! output) pairs of a CNN/DM JSONL (`systems` field) with rouge1/2/L/Lsum (stemmer on), repeats
//! them `--repeat` times, then times `BootstrapAggregator::aggregate()` (1000 resamples, seed 0)
//! on a 1-thread and a 2-thread rayon pool, median wall time of `--rounds`, and checks that both
//! give the same bits. Prints one JSON line.
//!
//! `cargo run --release -p precis-rouge --example bootstrap_bench -- DATA.jsonl [--repeat 10] [--rounds 5]`

use std::time::Instant;

use precis_rouge::{BootstrapAggregator, RougeScorer, RougeType};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args
        .first()
        .ok_or("usage: bootstrap_bench DATA.jsonl [--repeat R] [--rounds K]")?;
    let flag = |name: &str, default: usize| -> usize {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let (repeat, rounds) = (flag("--repeat", 10), flag("--rounds", 5).max(1));
    let text = std::fs::read_to_string(path)?;
    let scorer = RougeScorer::new(
        &[
            RougeType::N(1),
            RougeType::N(2),
            RougeType::L,
            RougeType::Lsum,
        ],
        true,
    );
    let mut scores = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let hl = v["highlights"].as_str().ok_or("no highlights")?;
        if let Some(sys) = v["systems"].as_object() {
            for out in sys.values() {
                scores.push(scorer.score(hl, out.as_str().unwrap_or("")));
            }
        }
    }
    let mut agg = BootstrapAggregator::new(0);
    for _ in 0..repeat {
        for s in &scores {
            agg.add_scores(s);
        }
    }
    let mut result = Vec::new();
    let mut times = Vec::new();
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let mut t = Vec::new();
        let mut r = Vec::new();
        for _ in 0..rounds {
            let t0 = Instant::now();
            r = pool.install(|| agg.aggregate());
            t.push(t0.elapsed().as_secs_f64());
        }
        t.sort_by(f64::total_cmp);
        times.push(t[t.len() / 2]);
        result.push(r);
    }
    println!(
        "{}",
        serde_json::json!({
            "scores_per_type": scores.len() * repeat,
            "resamples": 1000,
            "wall_1_thread_s": times[0],
            "wall_2_threads_s": times[1],
            "ratio_2_over_1": times[1] / times[0],
            "identical": result[0] == result[1],
        })
    );
    Ok(())
}
