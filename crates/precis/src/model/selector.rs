//! How many sentences, and which: the adaptive-length selector.
//!
//! Only the first `window` sentences are candidates. The two most probable (eligible,
//! non-duplicate) ones are taken; a 3rd and 4th are added only while their probability is at
//! least `threshold` × the best one's. The result is in document order.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::analyze::Doc;
use crate::select::{DUPLICATE_SHARE, MIN_WORDS};

/// The selector of a model.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Selector {
    /// Top `min_sentences` of the first `window`, then more (up to `max_sentences`) while
    /// probability ≥ `threshold` × the best probability.
    Adaptive {
        window: usize,
        min_sentences: usize,
        max_sentences: usize,
        threshold: f64,
    },
    /// The first `sentences` sentences (the trainer falls back to it when it does better).
    Lead { sentences: usize },
}

impl Selector {
    /// Sentences the scorer must look at.
    pub fn window(&self) -> usize {
        match *self {
            Selector::Adaptive { window, .. } => window,
            Selector::Lead { sentences } => sentences,
        }
    }
}

/// Adaptive choice over candidates `0..probs.len()`; `dup(i, j)` says whether two candidates
/// are near-duplicates. Returns indices in ascending order.
pub fn adaptive(
    probs: &[f64],
    eligible: &[bool],
    min_sentences: usize,
    max_sentences: usize,
    threshold: f64,
    mut dup: impl FnMut(usize, usize) -> bool,
) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..probs.len())
        .filter(|&i| eligible.get(i).copied().unwrap_or(false))
        .collect();
    ranked.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    let mut chosen: Vec<usize> = Vec::new();
    let mut best = 0.0;
    for &i in &ranked {
        if chosen.len() >= max_sentences {
            break;
        }
        if chosen.len() >= min_sentences && probs[i] < threshold * best {
            break;
        }
        if chosen.iter().any(|&j| dup(j, i)) {
            continue;
        }
        if chosen.is_empty() {
            best = probs[i];
        }
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
}

/// Which of the first `window` sentences may be picked: with words, and not a fragment of
/// fewer than [`MIN_WORDS`] words while the document has longer sentences (as in `select`).
pub fn eligible(doc: &Doc, window: usize) -> Vec<bool> {
    let long_enough = (0..doc.len()).any(|i| doc.word_count(i) >= MIN_WORDS);
    (0..window.min(doc.len()))
        .map(|i| {
            let wc = doc.word_count(i);
            wc > 0 && (!long_enough || wc >= MIN_WORDS)
        })
        .collect()
}

/// Word-trigram sets of the first `window` sentences.
pub fn trigram_sets(doc: &Doc, window: usize) -> Vec<HashSet<(u32, u32, u32)>> {
    (0..window.min(doc.len()))
        .map(|i| {
            doc.tokens[i]
                .windows(3)
                .map(|w| (w[0], w[1], w[2]))
                .collect()
        })
        .collect()
}

/// The near-duplicate rule of `select`: ≥ [`DUPLICATE_SHARE`] of the shorter trigram set shared.
pub fn near_duplicate(a: &HashSet<(u32, u32, u32)>, b: &HashSet<(u32, u32, u32)>) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return false;
    }
    let shared = small.iter().filter(|t| large.contains(t)).count();
    shared as f64 >= DUPLICATE_SHARE * small.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_then_while_close_to_the_best() {
        let p = [0.9, 0.8, 0.5, 0.44, 0.1];
        let e = [true; 5];
        assert_eq!(adaptive(&p, &e, 2, 4, 0.5, |_, _| false), vec![0, 1, 2]);
        assert_eq!(adaptive(&p, &e, 2, 4, 0.4, |_, _| false), vec![0, 1, 2, 3]);
        assert_eq!(adaptive(&p, &e, 2, 4, 0.95, |_, _| false), vec![0, 1]);
        // A duplicate is skipped, the next one takes its place.
        assert_eq!(
            adaptive(&p, &e, 2, 4, 0.95, |a, b| (a, b) == (0, 1)),
            vec![0, 2]
        );
        let e2 = [false, true, true, true, true];
        assert_eq!(adaptive(&p, &e2, 2, 4, 0.9, |_, _| false), vec![1, 2]);
    }
}
