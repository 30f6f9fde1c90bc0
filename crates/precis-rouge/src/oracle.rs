//! The greedy extractive oracle used to make sentence labels.
//!
//! Starting from nothing, repeatedly add the sentence that most increases ROUGE-1 F + ROUGE-2 F
//! against the reference, and stop when no sentence increases it (or at `max_sentences`).
//! Scores are computed on rouge-score's tokens (stemmed with NLTK Porter, as
//! `RougeScorer(..., use_stemmer=True)`), as n-gram multisets with rouge-score's P/R/F, but
//! **bigrams are counted within sentences**: within each selected candidate sentence and within
//! each `"\n"`-separated reference line (the reported ROUGE of the joined selection, as rouge-score
//! computes it, also counts bigrams across sentence boundaries). Ties go to the earlier sentence.

use std::collections::HashMap;

/// Most sentences the oracle selects, whatever `max_sentences` asks: every selection step
/// scores every remaining sentence, so the work is (selected sentences) × (article n-grams).
/// Without a cap a 1.3 MB article with a 5,000-line reference took 147 s; reference
/// highlights have a handful of sentences, and 50 leaves room for any summary length.
pub const MAX_SELECTED: usize = 50;

use crate::hash::MixBuild;

use crate::text::{tokenize_into, Tokens};
use crate::{fmeasure, with_scratch};

#[derive(Default)]
struct Bag {
    uni: Vec<(u32, u32)>,
    bi: Vec<(u64, u32)>,
    n_uni: usize,
    n_bi: usize,
}

fn bag_of(ids: &[u32], lines: &[(u32, u32)]) -> Bag {
    let mut uni: HashMap<u32, u32, MixBuild> = HashMap::default();
    let mut bi: HashMap<u64, u32, MixBuild> = HashMap::default();
    let mut n_bi = 0;
    for &t in ids {
        *uni.entry(t).or_insert(0) += 1;
    }
    for &(a, b) in lines {
        let line = &ids[a as usize..b as usize];
        for w in line.windows(2) {
            *bi.entry((u64::from(w[0]) << 32) | u64::from(w[1]))
                .or_insert(0) += 1;
            n_bi += 1;
        }
    }
    let uni: Vec<_> = uni.into_iter().collect();
    let bi: Vec<_> = bi.into_iter().collect();
    Bag {
        uni,
        bi,
        n_uni: ids.len(),
        n_bi,
    }
}

/// Running overlap of the selection with the reference for one n.
struct Side<K> {
    reference: HashMap<K, u32, MixBuild>,
    n_ref: usize,
    selected: HashMap<K, u32, MixBuild>,
    n_sel: usize,
    overlap: usize,
}

impl<K: std::hash::Hash + Eq + Copy> Side<K> {
    fn new(reference: &[(K, u32)], n_ref: usize) -> Self {
        Self {
            reference: reference.iter().copied().collect(),
            n_ref,
            selected: HashMap::default(),
            n_sel: 0,
            overlap: 0,
        }
    }

    /// Overlap and candidate size if `grams` were added.
    fn with(&self, grams: &[(K, u32)], n: usize) -> (usize, usize) {
        let mut ov = self.overlap;
        for (k, c) in grams {
            if let Some(&r) = self.reference.get(k) {
                let s = self.selected.get(k).copied().unwrap_or(0);
                ov += (r.min(s + c) - r.min(s)) as usize;
            }
        }
        (ov, self.n_sel + n)
    }

    fn add(&mut self, grams: &[(K, u32)], n: usize) {
        let (ov, n_sel) = self.with(grams, n);
        for (k, c) in grams {
            *self.selected.entry(*k).or_insert(0) += c;
        }
        self.overlap = ov;
        self.n_sel = n_sel;
    }

    fn f(&self, ov: usize, n_sel: usize) -> f64 {
        let p = ov as f64 / n_sel.max(1) as f64;
        let r = ov as f64 / self.n_ref.max(1) as f64;
        fmeasure(p, r)
    }
}

/// Greedy oracle: indices (ascending, i.e. document order) of the selected `sentences` for the
/// `reference` (highlights joined with `"\n"`). `max_sentences = None` means no cap other than
/// [`MAX_SELECTED`].
pub fn greedy_oracle(
    sentences: &[&str],
    reference: &str,
    max_sentences: Option<usize>,
) -> Vec<usize> {
    greedy_oracle_scored(sentences, reference, max_sentences).0
}

/// Like [`greedy_oracle`], also returning the final R1 F + R2 F objective.
pub fn greedy_oracle_scored(
    sentences: &[&str],
    reference: &str,
    max_sentences: Option<usize>,
) -> (Vec<usize>, f64) {
    let (ref_bag, bags) = with_scratch(|s| {
        s.vocab.maybe_reset();
        let mut t = Tokens::default();
        tokenize_into(reference, true, &mut s.vocab, &mut s.tok, &mut t);
        let ref_bag = bag_of(&t.ids, &t.lines);
        let bags: Vec<Bag> = sentences
            .iter()
            .map(|sent| {
                tokenize_into(sent, true, &mut s.vocab, &mut s.tok, &mut t);
                // A candidate sentence is one unit: its bigrams run over its whole token list.
                let all = [(0u32, t.ids.len() as u32)];
                bag_of(&t.ids, &all)
            })
            .collect();
        (ref_bag, bags)
    });
    let mut one = Side::new(&ref_bag.uni, ref_bag.n_uni);
    let mut two = Side::new(&ref_bag.bi, ref_bag.n_bi);
    let cap = max_sentences.unwrap_or(MAX_SELECTED).min(MAX_SELECTED);
    let mut chosen = vec![false; sentences.len()];
    let mut picked = Vec::new();
    let mut current = 0.0f64;
    while picked.len() < cap {
        let mut best: Option<(usize, f64)> = None;
        for (i, bag) in bags.iter().enumerate() {
            if chosen[i] {
                continue;
            }
            let (o1, n1) = one.with(&bag.uni, bag.n_uni);
            let (o2, n2) = two.with(&bag.bi, bag.n_bi);
            let v = one.f(o1, n1) + two.f(o2, n2);
            if best.is_none_or(|(_, b)| v > b) {
                best = Some((i, v));
            }
        }
        match best {
            Some((i, v)) if v > current => {
                chosen[i] = true;
                picked.push(i);
                one.add(&bags[i].uni, bags[i].n_uni);
                two.add(&bags[i].bi, bags[i].n_bi);
                current = v;
            }
            _ => break,
        }
    }
    picked.sort_unstable();
    (picked, current)
}
