//! The shared evaluation sets: ../shared/data (override with PRECIS_SHARED).

#![allow(clippy::unwrap_used)] // test helpers may unwrap

use std::collections::BTreeMap;
use std::path::PathBuf;

use precis_ingest::{read_inputs, Article, ReadOptions, RemovedKind};

fn shared_data() -> PathBuf {
    std::env::var("PRECIS_SHARED").map_or_else(
        |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
        PathBuf::from,
    )
}

/// The raw records, read with serde_json directly, to compare against.
fn raw_records(path: &PathBuf) -> Vec<serde_json::Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn non_ws_len(s: &str) -> usize {
    s.chars().filter(|c| !c.is_whitespace()).count()
}

/// Read a data set with systems; check order, ids, references, systems, and that cleaning
/// only ever drops the reported pieces. Returns removal counts per kind.
fn check_dataset(file: &str, expected: usize) -> (Vec<Article>, BTreeMap<RemovedKind, usize>) {
    let path = shared_data().join(file);
    let opts = ReadOptions {
        systems_field: Some("systems".into()),
        ..ReadOptions::default()
    };
    let articles: Vec<Article> = read_inputs(std::slice::from_ref(&path), &opts)
        .map(|r| r.unwrap())
        .collect();
    let raw = raw_records(&path);
    assert_eq!(articles.len(), expected);
    assert_eq!(raw.len(), expected);
    let mut counts = BTreeMap::new();
    for (a, r) in articles.iter().zip(&raw) {
        assert_eq!(a.id, r["id"].as_str().unwrap());
        match r["highlights"].as_str() {
            Some(h) => {
                let hl: Vec<String> = h
                    .split('\n')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect();
                assert_eq!(a.reference.as_ref().unwrap(), &hl);
            }
            // One XSum record has `"highlights": null`.
            None => assert_eq!(a.reference, None),
        }
        let sys = r["systems"].as_object().unwrap();
        assert_eq!(a.systems.len(), sys.len());
        assert!(
            a.systems.windows(2).all(|w| w[0].0 < w[1].0),
            "systems sorted"
        );
        for (name, summary) in &a.systems {
            assert_eq!(sys[name].as_str().unwrap(), summary);
        }
        // Nothing lost but what was reported.
        let article = r["article"].as_str().unwrap();
        let removed: usize = a.removed.iter().map(|x| non_ws_len(&x.text)).sum();
        assert_eq!(
            non_ws_len(article),
            non_ws_len(&a.text) + removed,
            "{}: text lost beyond the reported removals",
            a.id
        );
        for x in &a.removed {
            *counts.entry(x.kind).or_insert(0) += 1;
        }
    }
    println!("{file}: removed per kind: {counts:?}");
    (articles, counts)
}

#[test]
fn cnndm_250_in_order_with_references_and_systems() {
    let (articles, counts) = check_dataset("cnndm-test-frank250.jsonl", 250);
    // 23 "(CNN)" datelines + 1 "(The Hollywood Reporter)"; 68 "Scroll down for video(s)".
    assert_eq!(counts.get(&RemovedKind::Dateline), Some(&24));
    assert_eq!(counts.get(&RemovedKind::ScrollDown), Some(&68));
    assert_eq!(counts.len(), 2, "{counts:?}");
    for a in &articles {
        assert!(!a.text.starts_with("(CNN)"));
        assert!(!a.text.to_lowercase().contains("scroll down for video"));
    }
    let boston = articles
        .iter()
        .find(|a| a.text.starts_with("Guilty across the board."));
    assert!(boston.is_some());
    // Without systems_field, no systems.
    let path = shared_data().join("cnndm-test-frank250.jsonl");
    let first = read_inputs(&[path], &ReadOptions::default())
        .next()
        .unwrap()
        .unwrap();
    assert!(first.systems.is_empty());
    assert_eq!(first.id, articles[0].id);
}

#[test]
fn xsum_251_share_widgets_removed() {
    let (articles, counts) = check_dataset("xsum-test-frank251.jsonl", 251);
    assert_eq!(counts.get(&RemovedKind::ShareWidget), Some(&50));
    assert_eq!(counts.get(&RemovedKind::Byline), Some(&1));
    assert_eq!(counts.get(&RemovedKind::ClickHere), Some(&1));
    assert_eq!(counts.len(), 3, "{counts:?}");
    for a in &articles {
        assert!(!a.text.contains("Share this with"));
    }
    // Run-on paragraph joins are left for the segmenter.
    assert!(articles[0].text.contains("community.Dr Venter"));
}
