//! Golden test: our Porter stemmer against NLTK 3.10.4 `PorterStemmer().stem` on every token
//! of the shared data sets plus synthetic tokens (`scripts/gen_stem_fixtures.py`).

use precis_text::stem::{stem, stem_ascii_into, StemCache};

const TSV: &str = include_str!("data/stems.tsv");

fn rows() -> Vec<(&'static str, &'static str)> {
    TSV.lines()
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (w, s) = l.split_once('\t').expect("tab-separated row");
            (w, s)
        })
        .collect()
}

#[test]
fn nltk_golden_zero_mismatches() {
    let rows = rows();
    assert!(rows.len() > 25_000, "fixture too small: {}", rows.len());
    let mut cache = StemCache::new();
    let mut buf = Vec::new();
    let mut mismatches = Vec::new();
    for &(w, want) in &rows {
        let got = stem(w);
        let cached = cache.stem(w).to_string();
        let via_bytes = if stem_ascii_into(w.as_bytes(), &mut buf) {
            Some(String::from_utf8(buf.clone()).expect("ascii"))
        } else {
            None
        };
        if got != want || cached != want || via_bytes.as_deref().is_some_and(|b| b != want) {
            mismatches.push((w, want, got, cached, via_bytes));
        }
    }
    for m in mismatches.iter().take(30) {
        eprintln!(
            "MISMATCH word={:?} nltk={:?} stem={:?} cache={:?} bytes={:?}",
            m.0, m.1, m.2, m.3, m.4
        );
    }
    assert_eq!(
        mismatches.len(),
        0,
        "{} of {} tokens differ from nltk",
        mismatches.len(),
        rows.len()
    );
    eprintln!("{} tokens, 0 mismatches", rows.len());
}

#[test]
fn cache_is_idempotent_on_repeats() {
    let rows = rows();
    let mut cache = StemCache::new();
    for &(w, want) in rows.iter().chain(rows.iter()) {
        assert_eq!(cache.stem(w), want);
    }
    assert_eq!(
        cache.len(),
        rows.iter()
            .map(|r| r.0)
            .collect::<std::collections::HashSet<_>>()
            .len()
    );
}
