//! Selection: the best-scoring sentences under a [`Budget`], without near-duplicates.
//!
//! Candidates are taken in score order (ties: earlier sentence first). A candidate that is a
//! near-duplicate of a sentence already chosen is skipped: at least [`DUPLICATE_SHARE`] of the
//! shorter sentence's word trigrams (stemmed, stop words included) occur in the other. BertSum's
//! "any shared trigram" rule is too blunt for news, where distinct lead sentences often share
//! phrases like "over the years" or "the Duchess of Cambridge". Fragments of fewer than
//! [`MIN_WORDS`] words, and short lines without final punctuation, are skipped while real
//! sentences remain. The chosen
//! sentences come back in source order unless [`Order::Score`] is asked for.

use std::collections::HashSet;

use crate::analyze::Doc;

/// Sentences shorter than this are not picked while longer ones remain.
pub const MIN_WORDS: usize = 3;

/// Share of the shorter sentence's trigrams that makes two sentences near-duplicates.
pub const DUPLICATE_SHARE: f64 = 0.5;

/// How long the highlights may be.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Budget {
    /// The method's own length: the trained model's adaptive length for `auto`,
    /// [`DEFAULT_SENTENCES`] sentences for the other methods.
    #[default]
    Auto,
    /// At most this many sentences.
    Sentences(usize),
    /// At most this many words in all (at least one sentence is always returned).
    Words(usize),
    /// This fraction of the article's sentences (rounded, at least one).
    Ratio(f64),
}

/// Sentences returned under [`Budget::Auto`] by methods without a length model.
pub const DEFAULT_SENTENCES: usize = 3;

/// Order of the returned sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// As in the article.
    #[default]
    Source,
    /// Best first.
    Score,
}

/// A sentence's word trigrams (stemmed term ids, stop words included).
pub type Trigrams = HashSet<(u32, u32, u32)>;

/// The word trigrams of sentence `i`.
pub fn trigrams(doc: &Doc, i: usize) -> Trigrams {
    doc.tokens
        .get(i)
        .map(|t| t.windows(3).map(|w| (w[0], w[1], w[2])).collect())
        .unwrap_or_default()
}

/// A fragment rather than a sentence: under [`MIN_WORDS`] words, or a short line without final
/// punctuation ("email the author", "Related Articles", a caption label).
fn is_fragment(doc: &Doc, i: usize) -> bool {
    let wc = doc.word_count(i);
    if wc < MIN_WORDS {
        return true;
    }
    let ends_like_a_sentence = precis_text::segment::ends_with_mark(doc.sentence_text(i));
    wc < 6 && !ends_like_a_sentence
}

/// Near-duplicates: at least [`DUPLICATE_SHARE`] of the shorter sentence's trigrams occur in
/// the other.
pub fn is_near_duplicate(a: &Trigrams, b: &Trigrams) -> bool {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return false;
    }
    let shared = small.iter().filter(|t| large.contains(t)).count();
    shared as f64 >= DUPLICATE_SHARE * small.len() as f64
}

/// Which of the first `window` sentences may be picked: sentences with words that are not
/// fragments (fragments only when the document has nothing else).
pub fn eligible(doc: &Doc, window: usize) -> Vec<bool> {
    let long_enough = (0..doc.len()).any(|i| !is_fragment(doc, i));
    (0..window.min(doc.len()))
        .map(|i| doc.word_count(i) > 0 && !(long_enough && is_fragment(doc, i)))
        .collect()
}

/// Picks sentence indices of `doc` given one score per sentence.
pub fn select(doc: &Doc, scores: &[f32], budget: Budget, order: Order) -> Vec<usize> {
    let n = doc.len().min(scores.len());
    let mut ranked: Vec<usize> = (0..n).collect();
    ranked.sort_by(|&a, &b| by_score(scores, a, b));
    select_ranked(doc, &ranked, budget, order)
}

/// Best score first; NaN (or no score) ranks last; ties keep source order.
pub fn by_score(scores: &[f32], a: usize, b: usize) -> std::cmp::Ordering {
    let (sa, sb) = (
        scores.get(a).copied().unwrap_or(f32::NAN),
        scores.get(b).copied().unwrap_or(f32::NAN),
    );
    match (sa.is_nan(), sb.is_nan()) {
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => sb.total_cmp(&sa).then(a.cmp(&b)),
    }
}

/// Picks sentences of `doc` under `budget`, taking candidates in the order of `ranked` (a
/// permutation of the first `ranked.len()` sentences, best first).
pub fn select_ranked(doc: &Doc, ranked: &[usize], budget: Budget, order: Order) -> Vec<usize> {
    let n = ranked.len();
    if n == 0 {
        return Vec::new();
    }
    let ok = eligible(doc, n);
    let max_sentences = match budget {
        Budget::Sentences(k) => k,
        Budget::Auto => DEFAULT_SENTENCES,
        Budget::Words(_) => n,
        Budget::Ratio(r) => ((n as f64 * r).round() as usize).max(1),
    };
    // Under a word budget: whether any eligible sentence fits at all (if none does, the best
    // one is taken anyway).
    let any_fits = match budget {
        Budget::Words(limit) => (0..n).any(|j| ok[j] && doc.word_count(j) <= limit),
        _ => true,
    };
    let mut chosen: Vec<usize> = Vec::new();
    let mut chosen_trigrams: Vec<Trigrams> = Vec::new();
    let mut words = 0usize;
    for &i in ranked {
        if chosen.len() >= max_sentences {
            break;
        }
        if !ok[i] {
            continue;
        }
        let wc = doc.word_count(i);
        if let Budget::Words(limit) = budget {
            if words + wc > limit && (!chosen.is_empty() || any_fits) {
                continue;
            }
        }
        let mine = trigrams(doc, i);
        if chosen_trigrams.iter().any(|c| is_near_duplicate(c, &mine)) {
            continue;
        }
        chosen_trigrams.push(mine);
        words += wc;
        chosen.push(i);
    }
    if order == Order::Source {
        chosen.sort_unstable();
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "One two three four five.\nSix seven eight nine ten eleven.\n\
        One two three four again.\nTwelve thirteen fourteen fifteen.\nShort.";

    #[test]
    fn sentences_budget_and_source_order() {
        let d = Doc::new(TEXT);
        let s = [0.1, 0.9, 0.5, 0.8, 1.0];
        assert_eq!(
            select(&d, &s, Budget::Sentences(2), Order::Source),
            vec![1, 3]
        );
        assert_eq!(
            select(&d, &s, Budget::Sentences(2), Order::Score),
            vec![1, 3]
        );
        assert_eq!(
            select(&d, &s, Budget::Sentences(3), Order::Score),
            vec![1, 3, 2]
        );
    }

    #[test]
    fn shared_phrase_is_not_a_duplicate() {
        let d = Doc::new("The team won over the years again and again.\nFans cheered over the years in the rain today.");
        assert_eq!(
            select(&d, &[0.9, 0.8], Budget::Sentences(2), Order::Source),
            vec![0, 1]
        );
    }

    #[test]
    fn trigram_blocking_skips_near_duplicates() {
        let d = Doc::new(TEXT);
        let s = [0.9, 0.1, 0.8, 0.2, 0.0];
        assert_eq!(
            select(&d, &s, Budget::Sentences(2), Order::Source),
            vec![0, 3]
        );
    }

    #[test]
    fn word_budget() {
        let d = Doc::new(TEXT);
        let s = [0.9, 0.8, 0.1, 0.7, 0.0];
        // 5 + 6 > 10, so the 6-word sentence is skipped and the 4-word one fits.
        assert_eq!(select(&d, &s, Budget::Words(10), Order::Source), vec![0, 3]);
        // Nothing fits in 2 words: the best sentence still comes back.
        assert_eq!(select(&d, &s, Budget::Words(2), Order::Source), vec![0]);
    }

    #[test]
    fn ratio_budget() {
        let d = Doc::new(TEXT);
        let s = [0.9, 0.8, 0.1, 0.7, 0.0];
        assert_eq!(select(&d, &s, Budget::Ratio(0.5), Order::Source).len(), 3);
        assert_eq!(select(&d, &s, Budget::Ratio(0.01), Order::Source).len(), 1);
    }

    #[test]
    fn nan_scores_rank_last() {
        let d = Doc::new(TEXT);
        let s = [f32::NAN, 0.1, 0.2, 0.3, 0.4];
        assert_eq!(select(&d, &s, Budget::Sentences(1), Order::Source), vec![3]);
    }
}
