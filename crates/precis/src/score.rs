//! Sentence scorers: each gives every sentence of a [`Doc`] a score (higher = more summary-worthy).
//!
//! - [`Lead`]: position only (the first sentences win).
//! - [`TextRank`]: weighted PageRank over word-overlap similarity (Mihalcea & Tarau 2004).
//! - [`LexRank`]: continuous LexRank, PageRank over TF-IDF cosine similarity (Erkan & Radev 2004).
//! - [`Centroid`]: TF-IDF cosine to the centroid of the other sentences (after Radev et al. 2004).
//!
//! IDF comes from an [`Idf`] source: the document's own sentences (inverse sentence frequency)
//! or a corpus table built over a whole batch ([`IdfTable`]).

use std::collections::HashMap;
use std::sync::Arc;

use crate::analyze::Doc;

/// Gives each sentence of a document a score.
pub trait Scorer {
    /// One score per sentence of `doc`.
    fn score(&self, doc: &Doc) -> Vec<f32>;
}

/// Document frequencies over a corpus, for IDF weighting in batch runs.
#[derive(Debug, Clone, Default)]
pub struct IdfTable {
    df: HashMap<Arc<str>, u32>,
    n_docs: u32,
}

impl IdfTable {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts the distinct terms of one document.
    pub fn add(&mut self, doc: &Doc) {
        self.n_docs = self.n_docs.saturating_add(1);
        let mut seen = vec![false; doc.n_terms()];
        for toks in &doc.tokens {
            for &t in toks {
                if !seen[t as usize] {
                    seen[t as usize] = true;
                    *self.df.entry(doc.stems[t as usize].clone()).or_insert(0) += 1;
                }
            }
        }
    }

    /// Adds another table's counts (order does not matter: counts are integers).
    pub fn merge(&mut self, other: IdfTable) {
        self.n_docs = self.n_docs.saturating_add(other.n_docs);
        for (k, v) in other.df {
            *self.df.entry(k).or_insert(0) += v;
        }
    }

    /// Number of documents counted.
    pub fn n_docs(&self) -> u32 {
        self.n_docs
    }

    /// Smoothed IDF of a stem: ln((N + 1) / (df + 1)) + 1.
    pub fn idf(&self, stem: &str) -> f64 {
        let df = self.df.get(stem).copied().unwrap_or(0);
        ((f64::from(self.n_docs) + 1.0) / (f64::from(df) + 1.0)).ln() + 1.0
    }
}

/// Where IDF weights come from.
#[derive(Debug, Clone, Copy, Default)]
pub enum Idf<'t> {
    /// Inverse sentence frequency within the document itself.
    #[default]
    Document,
    /// A corpus table (batch runs).
    Corpus(&'t IdfTable),
}

/// Per local term id: its IDF weight.
pub(crate) fn idf_weights(doc: &Doc, idf: Idf) -> Vec<f64> {
    match idf {
        Idf::Corpus(table) => doc.stems.iter().map(|s| table.idf(s)).collect(),
        Idf::Document => isf_weights(doc, doc.len()),
    }
}

/// Per local term id: its inverse sentence frequency over the first `g` sentences.
pub(crate) fn isf_weights(doc: &Doc, g: usize) -> Vec<f64> {
    let mut sf = vec![0u32; doc.n_terms()];
    let mut last = vec![usize::MAX; doc.n_terms()];
    for (i, toks) in doc.tokens[..g].iter().enumerate() {
        for &t in toks {
            if last[t as usize] != i {
                last[t as usize] = i;
                sf[t as usize] += 1;
            }
        }
    }
    let n = g as f64;
    sf.iter()
        .map(|&c| ((n + 1.0) / (f64::from(c) + 1.0)).ln() + 1.0)
        .collect()
}

/// Sparse TF-IDF vector: (term, weight) sorted by term, plus its norm.
pub(crate) struct SparseVec {
    pub entries: Vec<(u32, f64)>,
    pub norm: f64,
}

/// TF-IDF vectors of the content terms of the first `g` sentences.
pub(crate) fn tfidf_vectors(doc: &Doc, idf: &[f64], g: usize) -> Vec<SparseVec> {
    let mut counts = vec![0u32; doc.n_terms()];
    let mut touched: Vec<u32> = Vec::new();
    (0..g)
        .map(|i| {
            for t in doc.content_terms(i) {
                if counts[t as usize] == 0 {
                    touched.push(t);
                }
                counts[t as usize] += 1;
            }
            touched.sort_unstable();
            let entries: Vec<(u32, f64)> = touched
                .iter()
                .map(|&t| (t, f64::from(counts[t as usize]) * idf[t as usize]))
                .collect();
            for &t in &touched {
                counts[t as usize] = 0;
            }
            touched.clear();
            let norm = entries.iter().map(|(_, w)| w * w).sum::<f64>().sqrt();
            SparseVec { entries, norm }
        })
        .collect()
}

/// Dense symmetric cosine-similarity matrix (row-major, n × n). The diagonal is 0: a self-loop
/// would let an isolated sentence keep its rank in PageRank.
pub(crate) fn cosine_matrix(vecs: &[SparseVec], n_terms: usize) -> Vec<f64> {
    let n = vecs.len();
    let mut m = vec![0.0; n * n];
    let mut dense = vec![0.0f64; n_terms];
    for i in 0..n {
        if vecs[i].norm == 0.0 {
            continue;
        }
        for &(t, w) in &vecs[i].entries {
            dense[t as usize] = w;
        }
        for j in (i + 1)..n {
            if vecs[j].norm == 0.0 {
                continue;
            }
            let dot: f64 = vecs[j]
                .entries
                .iter()
                .map(|&(t, w)| dense[t as usize] * w)
                .sum();
            let c = dot / (vecs[i].norm * vecs[j].norm);
            m[i * n + j] = c;
            m[j * n + i] = c;
        }
        for &(t, _) in &vecs[i].entries {
            dense[t as usize] = 0.0;
        }
    }
    m
}

/// Weighted PageRank by power iteration: `p = (1-d)/n + d · Wᵀ p` with W row-normalised.
/// A sentence with no edge keeps only the teleport share `(1-d)/n` (as in TextRank), so an
/// isolated, off-topic sentence ranks last. Deterministic: fixed iteration order.
pub(crate) fn pagerank(weights: &[f64], n: usize, damping: f64) -> Vec<f64> {
    if n == 0 {
        return Vec::new();
    }
    // Transposed, row-normalised transition matrix: t[j * n + i] = w[i][j] / Σ_k w[i][k].
    let mut t = vec![0.0; n * n];
    for i in 0..n {
        let row = &weights[i * n..(i + 1) * n];
        let sum: f64 = row.iter().sum();
        if sum > 0.0 {
            for (j, &w) in row.iter().enumerate() {
                t[j * n + i] = w / sum;
            }
        }
    }
    let uniform = 1.0 / n as f64;
    let mut p = vec![uniform; n];
    let mut next = vec![0.0; n];
    for _ in 0..200 {
        for (j, slot) in next.iter_mut().enumerate() {
            let s: f64 = t[j * n..(j + 1) * n]
                .iter()
                .zip(&p)
                .map(|(a, b)| a * b)
                .sum();
            *slot = (1.0 - damping) * uniform + damping * s;
        }
        let delta: f64 = p.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut p, &mut next);
        if delta < 1e-7 {
            break;
        }
    }
    p
}

/// Lead: the earlier the better.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lead;

impl Scorer for Lead {
    fn score(&self, doc: &Doc) -> Vec<f32> {
        let n = doc.len() as f32;
        (0..doc.len()).map(|i| 1.0 - i as f32 / n).collect()
    }
}

/// The graph scorers (TextRank, LexRank) rank the first `GRAPH_LIMIT` sentences; later ones
/// score 0. Their n×n matrices would take gigabytes on book-length input (3.2 GB each at
/// 20,000 sentences); at the limit they take 32 MB. News articles have well under 200.
pub const GRAPH_LIMIT: usize = 2_000;

/// PageRank scores of the first `g` sentences, 0 for the other `n - g`.
fn graph_scores(weights: &[f64], g: usize, n: usize, damping: f64) -> Vec<f32> {
    let mut out: Vec<f32> = pagerank(weights, g, damping)
        .iter()
        .map(|&x| x as f32)
        .collect();
    out.resize(n, 0.0);
    out
}

/// TextRank: PageRank over `|Si ∩ Sj| / (ln|Si| + ln|Sj|)` on content-term sets.
#[derive(Debug, Clone, Copy)]
pub struct TextRank {
    /// PageRank damping factor (0.85).
    pub damping: f64,
}

impl Default for TextRank {
    fn default() -> Self {
        TextRank { damping: 0.85 }
    }
}

impl Scorer for TextRank {
    fn score(&self, doc: &Doc) -> Vec<f32> {
        let n = doc.len().min(GRAPH_LIMIT);
        let sets: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                let mut v: Vec<u32> = doc.content_terms(i).collect();
                v.sort_unstable();
                v.dedup();
                v
            })
            .collect();
        let mut w = vec![0.0; n * n];
        let mut mark = vec![false; doc.n_terms()];
        for i in 0..n {
            if sets[i].len() < 2 {
                continue;
            }
            for &t in &sets[i] {
                mark[t as usize] = true;
            }
            for j in (i + 1)..n {
                if sets[j].len() < 2 {
                    continue;
                }
                let common = sets[j].iter().filter(|&&t| mark[t as usize]).count();
                if common > 0 {
                    let s =
                        common as f64 / ((sets[i].len() as f64).ln() + (sets[j].len() as f64).ln());
                    w[i * n + j] = s;
                    w[j * n + i] = s;
                }
            }
            for &t in &sets[i] {
                mark[t as usize] = false;
            }
        }
        graph_scores(&w, n, doc.len(), self.damping)
    }
}

/// Continuous LexRank: PageRank over the TF-IDF cosine matrix.
#[derive(Debug, Clone, Copy)]
pub struct LexRank<'t> {
    /// PageRank damping factor (0.85).
    pub damping: f64,
    /// IDF source.
    pub idf: Idf<'t>,
}

impl Default for LexRank<'_> {
    fn default() -> Self {
        LexRank {
            damping: 0.85,
            idf: Idf::Document,
        }
    }
}

impl Scorer for LexRank<'_> {
    fn score(&self, doc: &Doc) -> Vec<f32> {
        let g = doc.len().min(GRAPH_LIMIT);
        let idf = idf_weights(doc, self.idf);
        let vecs = tfidf_vectors(doc, &idf, g);
        let m = cosine_matrix(&vecs, doc.n_terms());
        graph_scores(&m, g, doc.len(), self.damping)
    }
}

/// Centroid: cosine between each sentence's TF-IDF vector and the centroid of the other sentences.
#[derive(Debug, Clone, Copy, Default)]
pub struct Centroid<'t> {
    /// IDF source.
    pub idf: Idf<'t>,
}

impl Scorer for Centroid<'_> {
    fn score(&self, doc: &Doc) -> Vec<f32> {
        let idf = idf_weights(doc, self.idf);
        let vecs = tfidf_vectors(doc, &idf, doc.len());
        let mut centroid = vec![0.0f64; doc.n_terms()];
        for v in &vecs {
            for &(t, w) in &v.entries {
                centroid[t as usize] += w;
            }
        }
        let c2: f64 = centroid.iter().map(|w| w * w).sum();
        // Leave-one-out: compare each sentence with the centroid of the *other* sentences, so a
        // sentence's own unusual words do not make it look central.
        vecs.iter()
            .map(|v| {
                if v.norm == 0.0 {
                    return 0.0;
                }
                let dot_c: f64 = v
                    .entries
                    .iter()
                    .map(|&(t, w)| centroid[t as usize] * w)
                    .sum();
                let v2 = v.norm * v.norm;
                let dot = dot_c - v2;
                let rest2 = c2 - 2.0 * dot_c + v2;
                if rest2 <= 1e-12 || dot <= 0.0 {
                    return 0.0;
                }
                (dot / (v.norm * rest2.sqrt())) as f32
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The storm hit the coast on Monday.\n\
        Thousands of homes lost power after the storm.\n\
        Officials said the storm was the worst in a decade.\n\
        A local bakery gave away free bread.\n\
        Power companies expect to restore power to homes by Friday.";

    #[test]
    fn lead_decreases() {
        let d = Doc::new(TEXT);
        let s = Lead.score(&d);
        assert!(s.windows(2).all(|w| w[0] > w[1]));
    }

    #[test]
    fn graph_scorers_stop_at_the_limit() {
        let text: String = (0..GRAPH_LIMIT + 300)
            .map(|i| format!("Storm number {} hit town {} today.\n", i % 7, i % 11))
            .collect();
        let d = Doc::new(&text);
        assert_eq!(d.len(), GRAPH_LIMIT + 300);
        for s in [TextRank::default().score(&d), LexRank::default().score(&d)] {
            assert_eq!(s.len(), d.len());
            assert!(s[..GRAPH_LIMIT].iter().all(|&x| x > 0.0));
            assert!(s[GRAPH_LIMIT..].iter().all(|&x| x == 0.0));
        }
    }

    #[test]
    fn graph_scorers_rank_the_off_topic_sentence_last() {
        let d = Doc::new(TEXT);
        for s in [
            TextRank::default().score(&d),
            LexRank::default().score(&d),
            Centroid::default().score(&d),
        ] {
            assert_eq!(s.len(), 5);
            let min = s
                .iter()
                .enumerate()
                .min_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i);
            assert_eq!(min, Some(3), "scores {s:?}");
        }
    }

    #[test]
    fn pagerank_sums_to_one() {
        let w = vec![0.0, 1.0, 0.5, 1.0, 0.0, 0.0, 0.5, 0.0, 0.0];
        let p = pagerank(&w, 3, 0.85);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn corpus_idf_weights_rare_terms_higher() {
        let mut t = IdfTable::new();
        t.add(&Doc::new("storm storm power."));
        t.add(&Doc::new("storm bread."));
        assert!(t.idf("bread") > t.idf("storm"));
        assert_eq!(t.n_docs(), 2);
    }
}
