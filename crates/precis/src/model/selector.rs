//! How many sentences, and which.
//!
//! - `Adaptive`: only the first `window` sentences are candidates. The two most probable
//!   (eligible, non-duplicate) ones are taken; a 3rd and 4th are added only while their
//!   probability is at least `threshold` × the best one's.
//! - `LeadWords`: the first sentences until they reach a word target (Lead-k with k chosen per
//!   article by length, so three long lead sentences are not all taken).
//! - `RankedWords`: the most probable of the first `window` sentences until they reach a word
//!   target.
//! - `LeadFiltered`: `LeadWords`, but skipping sentences the scorer finds unlikely (probability
//!   below `threshold` × the best of the first `window`): teaser openings ("As attempts to
//!   break a world record go, it was pretty impressive."), quotes, questions.
//!
//! Results are always in document order.

use serde::{Deserialize, Serialize};

use crate::analyze::Doc;
pub use crate::select::eligible;
use crate::select::{trigrams, Trigrams};

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
    /// The first eligible sentences until their words reach `words` (at most `max_sentences`).
    #[serde(rename = "lead_words")]
    LeadWords { words: usize, max_sentences: usize },
    /// The most probable eligible, non-duplicate sentences of the first `window` until their
    /// words reach `words` (at most `max_sentences`).
    #[serde(rename = "ranked_words")]
    RankedWords {
        window: usize,
        words: usize,
        max_sentences: usize,
    },
    /// The first eligible sentences until their words reach `words` (at most
    /// `max_sentences`), skipping those whose probability is below `threshold` × the best
    /// probability among the first `window` sentences.
    #[serde(rename = "lead_filtered")]
    LeadFiltered {
        window: usize,
        words: usize,
        max_sentences: usize,
        threshold: f64,
    },
}

impl Selector {
    /// Sentences the scorer must look at.
    pub fn window(&self) -> usize {
        match *self {
            Selector::Adaptive { window, .. }
            | Selector::RankedWords { window, .. }
            | Selector::LeadFiltered { window, .. } => window,
            Selector::Lead { sentences } => sentences,
            // Room to skip a few ineligible sentences (the trainer sees 8 rows).
            Selector::LeadWords { max_sentences, .. } => max_sentences + 3,
        }
    }

    /// Whether the selector ranks by the learned scorer's probabilities.
    pub fn uses_scores(&self) -> bool {
        matches!(
            self,
            Selector::Adaptive { .. }
                | Selector::RankedWords { .. }
                | Selector::LeadFiltered { .. }
        )
    }

    /// The candidates this selector picks (ascending), given per candidate its probability
    /// (may be empty when [`Selector::uses_scores`] is false), eligibility and word count, and
    /// a near-duplicate test. `None` for `Lead` (plain Lead-k is the caller's).
    pub fn choose(
        &self,
        probs: &[f64],
        eligible: &[bool],
        words: &[usize],
        dup: impl FnMut(usize, usize) -> bool,
    ) -> Option<Vec<usize>> {
        match *self {
            Selector::Lead { .. } => None,
            Selector::Adaptive {
                window,
                min_sentences,
                max_sentences,
                threshold,
            } => {
                let w = window.min(probs.len()).min(eligible.len());
                Some(adaptive(
                    &probs[..w],
                    &eligible[..w],
                    min_sentences,
                    max_sentences,
                    threshold,
                    dup,
                ))
            }
            Selector::LeadWords {
                words: target,
                max_sentences,
            } => Some(until_words(
                0..eligible.len(),
                eligible,
                words,
                target,
                max_sentences,
                dup,
            )),
            Selector::RankedWords {
                window,
                words: target,
                max_sentences,
            } => {
                let w = window.min(probs.len());
                Some(until_words(
                    by_probability(&probs[..w]),
                    eligible,
                    words,
                    target,
                    max_sentences,
                    dup,
                ))
            }
            Selector::LeadFiltered {
                window,
                words: target,
                max_sentences,
                threshold,
            } => {
                let keep = kept(&probs[..window.min(probs.len())], eligible, threshold);
                Some(until_words(
                    0..keep.len(),
                    &keep,
                    words,
                    target,
                    max_sentences,
                    dup,
                ))
            }
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

/// Which candidates `lead_filtered` may take: eligible ones whose probability is at least
/// `threshold` × the best eligible probability (one entry per probability).
pub fn kept(probs: &[f64], eligible: &[bool], threshold: f64) -> Vec<bool> {
    let ok = |i: usize| eligible.get(i).copied().unwrap_or(false);
    let best = (0..probs.len())
        .filter(|&i| ok(i))
        .map(|i| probs[i])
        .fold(0.0f64, f64::max);
    (0..probs.len())
        .map(|i| ok(i) && probs[i] >= threshold * best)
        .collect()
}

/// Candidates taken in `order` (skipping ineligible ones and near-duplicates of those already
/// taken) until their word counts reach `target` or `max_sentences` are taken. Returns indices
/// in ascending order.
pub fn until_words(
    order: impl IntoIterator<Item = usize>,
    eligible: &[bool],
    words: &[usize],
    target: usize,
    max_sentences: usize,
    mut dup: impl FnMut(usize, usize) -> bool,
) -> Vec<usize> {
    let mut chosen: Vec<usize> = Vec::new();
    let mut total = 0usize;
    for i in order {
        if chosen.len() >= max_sentences || total >= target {
            break;
        }
        if !eligible.get(i).copied().unwrap_or(false) || chosen.iter().any(|&j| dup(j, i)) {
            continue;
        }
        total += words.get(i).copied().unwrap_or(0);
        chosen.push(i);
    }
    chosen.sort_unstable();
    chosen
}

/// Candidate order of `RankedWords`: by probability, then position.
pub fn by_probability(probs: &[f64]) -> Vec<usize> {
    let mut ranked: Vec<usize> = (0..probs.len()).collect();
    ranked.sort_by(|&a, &b| probs[b].total_cmp(&probs[a]).then(a.cmp(&b)));
    ranked
}

/// Word-trigram sets of the first `window` sentences.
pub fn trigram_sets(doc: &Doc, window: usize) -> Vec<Trigrams> {
    (0..window.min(doc.len()))
        .map(|i| trigrams(doc, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn until_words_stops_at_the_target() {
        let e = [true, true, false, true, true];
        let w = [30, 25, 10, 20, 40];
        // lead order: 30 + 25 = 55 < 60, then index 2 is ineligible, + 20 = 75 ≥ 60
        assert_eq!(
            until_words(0..5, &e, &w, 60, 5, |_, _| false),
            vec![0, 1, 3]
        );
        assert_eq!(until_words(0..5, &e, &w, 50, 5, |_, _| false), vec![0, 1]);
        assert_eq!(until_words(0..5, &e, &w, 500, 2, |_, _| false), vec![0, 1]);
        // ranked order, a duplicate skipped
        let order = by_probability(&[0.1, 0.9, 0.5, 0.8, 0.2]);
        assert_eq!(order, vec![1, 3, 2, 4, 0]);
        assert_eq!(
            until_words(order, &e, &w, 40, 5, |a, b| (a, b) == (1, 3)),
            vec![1, 4]
        );
    }

    #[test]
    fn lead_order_skipping_improbable_sentences() {
        let sel = Selector::LeadFiltered {
            window: 5,
            words: 50,
            max_sentences: 4,
            threshold: 0.5,
        };
        // Sentence 0 (0.2 < 0.5 × 0.8) and the ineligible sentence 2 are skipped; lead order
        // otherwise, until 50 words.
        let p = [0.2, 0.8, 0.9, 0.5, 0.6];
        let e = [true, true, false, true, true];
        let w = [20, 30, 10, 15, 40];
        assert_eq!(kept(&p, &e, 0.5), vec![false, true, false, true, true]);
        assert_eq!(sel.choose(&p, &e, &w, |_, _| false), Some(vec![1, 3, 4]));
        // A near-duplicate of a taken sentence is skipped too.
        assert_eq!(
            sel.choose(&p, &e, &w, |a, b| (a, b) == (1, 3)),
            Some(vec![1, 4])
        );
        // Threshold 0 keeps every eligible sentence: plain lead_words.
        let lw = Selector::LeadWords {
            words: 50,
            max_sentences: 4,
        };
        let all = Selector::LeadFiltered {
            window: 5,
            words: 50,
            max_sentences: 4,
            threshold: 0.0,
        };
        assert_eq!(
            all.choose(&p, &e, &w, |_, _| false),
            lw.choose(&p, &e, &w, |_, _| false)
        );
        // Probabilities only cover the window: nothing beyond it is taken.
        assert_eq!(sel.choose(&p[..2], &e, &w, |_, _| false), Some(vec![1]));
    }

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
