//! Timing binary: scores every `{reference, candidate}` pair of a JSONL file with rouge1, rouge2,
//! rougeL and rougeLsum (stemmer on) and prints one JSON line with pairs/s (CPU and wall,
//! medians of the rounds).
//!
//! `cargo run --release -p precis-rouge --example rouge_bench -- PAIRS.jsonl [--threads N] [--rounds R] [--label NAME]`

use std::time::Instant;

use rayon::prelude::*;

use precis_rouge::{RougeScorer, RougeType};

/// CPU seconds of the calling thread (`/proc/thread-self/schedstat`, ns) or, for several
/// threads, of the process (`/proc/self/stat` utime + stime, clock ticks of 1/100 s).
fn cpu_seconds(process: bool) -> f64 {
    if !process {
        if let Ok(s) = std::fs::read_to_string("/proc/thread-self/schedstat") {
            if let Some(ns) = s
                .split_whitespace()
                .next()
                .and_then(|x| x.parse::<f64>().ok())
            {
                return ns / 1e9;
            }
        }
    }
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |x| x.1);
    let f: Vec<&str> = after.split_whitespace().collect();
    let tick = |i: usize| f.get(i).and_then(|x| x.parse::<f64>().ok()).unwrap_or(0.0);
    (tick(11) + tick(12)) / 100.0
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn score_all(scorer: &RougeScorer, pairs: &[(String, String)]) -> f64 {
    pairs
        .iter()
        .map(|(r, c)| {
            scorer
                .score(r, c)
                .iter()
                .map(|(_, s)| s.fmeasure)
                .sum::<f64>()
        })
        .sum()
}

/// Scores all pairs `passes` times on `pool` (1 thread: the calling thread).
fn run(
    scorer: &RougeScorer,
    pairs: &[(String, String)],
    pool: Option<&rayon::ThreadPool>,
    passes: usize,
) -> f64 {
    let mut sum = 0.0;
    for _ in 0..passes {
        sum = match pool {
            None => score_all(scorer, pairs),
            Some(p) => p.install(|| {
                pairs
                    .par_chunks(64)
                    .map(|part| score_all(scorer, part))
                    .sum()
            }),
        };
    }
    sum
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut path = None;
    let (mut threads, mut rounds, mut label) = (1usize, 3usize, String::from("pairs"));
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--threads" => threads = it.next().ok_or("--threads N")?.parse()?,
            "--rounds" => rounds = it.next().ok_or("--rounds R")?.parse()?,
            "--label" => label = it.next().ok_or("--label NAME")?.clone(),
            _ => path = Some(a.clone()),
        }
    }
    let path = path.ok_or("usage: rouge_bench PAIRS.jsonl [--threads N] [--rounds R]")?;
    let mut pairs = Vec::new();
    for line in std::fs::read_to_string(&path)?.lines() {
        if line.trim().is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line)?;
        let get = |k: &str| {
            v[k].as_str()
                .map(String::from)
                .ok_or(format!("missing {k}"))
        };
        pairs.push((get("reference")?, get("candidate")?));
    }
    let types = [
        RougeType::N(1),
        RougeType::N(2),
        RougeType::L,
        RougeType::Lsum,
    ];
    let scorer = RougeScorer::new(&types, true);
    let pool = if threads > 1 {
        Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()?,
        )
    } else {
        None
    };
    // Warm-up: one pass fills each worker thread's stem cache, as any long-running use would.
    let t0 = Instant::now();
    let warm = run(&scorer, &pairs, pool.as_ref(), 1);
    // Enough passes per round for >= 0.3 s of work, so clock-tick CPU time is meaningful.
    let passes = (0.3 / t0.elapsed().as_secs_f64().max(1e-6))
        .ceil()
        .clamp(1.0, 1000.0) as usize;
    let (mut cpu, mut wall) = (Vec::new(), Vec::new());
    let mut checksum = 0.0;
    for _ in 0..rounds.max(1) {
        let (c0, w0) = (cpu_seconds(threads > 1), Instant::now());
        checksum = run(&scorer, &pairs, pool.as_ref(), passes);
        wall.push(w0.elapsed().as_secs_f64());
        cpu.push(cpu_seconds(threads > 1) - c0);
    }
    let n = (pairs.len() * passes) as f64;
    let (mc, mw) = (median(&mut cpu), median(&mut wall));
    println!(
        "{{\"impl\":\"precis\",\"set\":\"{label}\",\"threads\":{threads},\"pairs\":{},\"passes\":{passes},\"rounds\":{},\
         \"cpu_s\":{cpu:?},\"wall_s\":{wall:?},\"pairs_per_s_cpu\":{:.1},\"pairs_per_s_wall\":{:.1},\
         \"checksum\":{checksum},\"warm\":{warm}}}",
        pairs.len(),
        cpu.len(),
        n / mc,
        n / mw
    );
    Ok(())
}
