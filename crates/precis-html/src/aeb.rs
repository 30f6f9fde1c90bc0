//! The scrapinghub article-extraction-benchmark metric, for tests and benchmarks.
//!
//! Tokens are `\w+` runs (Unicode letters, digits, `_`); each text becomes the multiset of its
//! token 4-gram shingles (a 1–3 token text is one shorter shingle, an empty text none). Per
//! page tp = |T ∩ P|, fp = |P − T|, fn = |T − P| (multisets). Precision is the mean of
//! tp/(tp+fp) over pages whose prediction has shingles; recall the mean of tp/(tp+fn) over
//! pages whose truth has shingles; F1 = 2PR/(P+R) of the two means.
//!
//! Python's `\w` counts letters as Unicode categories L*, Rust's `is_alphanumeric` uses the
//! Alphabetic property (which adds a few combining marks), so scores can differ in the last
//! digits on scripts with combining vowel signs; the Latin, Cyrillic, CJK and Hangul pages of
//! the benchmark tokenize the same.

use std::collections::HashMap;

pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word = c.is_alphanumeric() || c == '_';
        match (word, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let toks = tokens(text);
    let mut m = HashMap::new();
    if toks.is_empty() {
        return m;
    }
    if toks.len() < 4 {
        m.insert(toks, 1);
        return m;
    }
    for w in toks.windows(4) {
        *m.entry(w.to_vec()).or_insert(0) += 1;
    }
    m
}

/// Per-page counts: (tp, fp, fn).
pub fn page_counts(truth: &str, pred: &str) -> (usize, usize, usize) {
    let t = shingles(truth);
    let p = shingles(pred);
    let mut tp = 0;
    for (k, &pc) in &p {
        tp += pc.min(t.get(k).copied().unwrap_or(0));
    }
    let np: usize = p.values().sum();
    let nt: usize = t.values().sum();
    (tp, np - tp, nt - tp)
}

/// Benchmark scores over a set of pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scores {
    /// Mean precision over pages with a non-empty prediction.
    pub precision: f64,
    /// Mean recall over pages with a non-empty truth.
    pub recall: f64,
    /// 2PR/(P+R).
    pub f1: f64,
}

/// Scores (truth, prediction) pairs.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Scores {
    let (mut ps, mut np, mut rs, mut nr) = (0.0, 0usize, 0.0, 0usize);
    for (truth, pred) in pairs {
        let (tp, fp, fn_) = page_counts(truth, pred);
        if tp + fp > 0 {
            ps += tp as f64 / (tp + fp) as f64;
            np += 1;
        }
        if tp + fn_ > 0 {
            rs += tp as f64 / (tp + fn_) as f64;
            nr += 1;
        }
    }
    let precision = if np > 0 { ps / np as f64 } else { 0.0 };
    let recall = if nr > 0 { rs / nr as f64 } else { 0.0 };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    Scores {
        precision,
        recall,
        f1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts() {
        assert_eq!(page_counts("a b c d e", "a b c d e"), (2, 0, 0));
        assert_eq!(page_counts("a b c d e", "b c d e f"), (1, 1, 1));
        assert_eq!(page_counts("one two", "one two"), (1, 0, 0));
        assert_eq!(page_counts("", "x"), (0, 1, 0));
        let s = score([("a b c d e", "a b c d e"), ("x y z w", "")]);
        assert!((s.precision - 1.0).abs() < 1e-12);
        assert!((s.recall - 0.5).abs() < 1e-12);
    }
}
