//! Print what `clean` removes from dataset files, per kind, and optionally every removed
//! piece. Usage:
//!   cargo run -p precis-ingest --example ingest_report -- [--show N] [--removed] FILE...
//! Default files: ../shared/data/cnndm-test-frank250.jsonl and xsum-test-frank251.jsonl.

use std::collections::BTreeMap;
use std::path::PathBuf;

use precis_ingest::{read_inputs, ReadOptions, RemovedKind};

fn main() {
    let mut show = 0usize;
    let mut list_removed = false;
    let mut files: Vec<PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--show" => show = args.next().and_then(|n| n.parse().ok()).unwrap_or(40),
            "--removed" => list_removed = true,
            _ => files.push(a.into()),
        }
    }
    if files.is_empty() {
        let shared = std::env::var("PRECIS_SHARED").map_or_else(
            |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
            PathBuf::from,
        );
        files.push(shared.join("cnndm-test-frank250.jsonl"));
        files.push(shared.join("xsum-test-frank251.jsonl"));
    }
    let opts = ReadOptions {
        systems_field: Some("systems".into()),
        ..ReadOptions::default()
    };
    for file in &files {
        let mut counts: BTreeMap<RemovedKind, usize> = BTreeMap::new();
        let (mut ok, mut errors, mut touched) = (0, 0, 0);
        for (i, rec) in read_inputs(std::slice::from_ref(file), &opts).enumerate() {
            match rec {
                Ok(a) => {
                    ok += 1;
                    if !a.removed.is_empty() {
                        touched += 1;
                    }
                    for r in &a.removed {
                        *counts.entry(r.kind).or_default() += 1;
                        if list_removed {
                            println!("  [{i}] {}: {:?}", r.kind, r.text);
                        }
                    }
                    if i < show {
                        let head: String = a.text.chars().take(160).collect();
                        println!("[{i}] {} | {head:?}", a.id);
                    }
                }
                Err(e) => {
                    errors += 1;
                    println!("error: {e}");
                }
            }
        }
        println!(
            "{}: {ok} articles, {errors} errors, {touched} articles with removals",
            file.display()
        );
        for k in RemovedKind::ALL {
            println!(
                "  {:<16} {}",
                k.as_str(),
                counts.get(&k).copied().unwrap_or(0)
            );
        }
    }
}
