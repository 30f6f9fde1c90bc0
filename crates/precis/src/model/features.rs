//! Cheap per-sentence features for the trained scorer.
//!
//! Every feature is computed from one document alone (no corpus statistics), so a model
//! never depends on the batch it runs in. Groups (what the trainer may drop as a unit):
//!
//! - `position`: index, relative index, is-first/second/third, 1/(i+1), ln(sentences),
//!   ln(1 + words before), relative byte offset. Lead bias is the strongest signal in news.
//! - `length`: words, ln(1 + words), z-score of words within the document, < 6 words, > 45 words.
//! - `centrality`: TF-ISF cosine to the document centroid, and its rank.
//! - `lexrank`: continuous LexRank (TF-ISF cosine graph, damping 0.85), and its rank.
//! - `similarity`: cosine to sentence 0, to the centroid of sentences 0–2, max cosine to any other.
//! - `entities`: capitalised words after the first (count, ratio), words with digits.
//! - `quote`: quote marks, starts with a quote, a reporting verb ("said", "told", "according"),
//!   question mark.
//! - `boilerplate`: no final punctuation, ends with ":", has "(".
//! - `idf`: mean and (document-normalised) sum of the inverse sentence frequency of its terms.
//!
//! Graph features look at the first [`GRAPH_SENTENCES`] sentences only, so a pathological
//! document costs O(GRAPH_SENTENCES²), never O(n²).

use crate::analyze::Doc;
use crate::score::{cosine_matrix, isf_weights, pagerank, tfidf_vectors};

/// Number of features.
pub const NF: usize = 33;

/// Graph (centrality, LexRank, similarity) features use at most this many leading sentences.
pub const GRAPH_SENTENCES: usize = 128;

/// Feature names and their groups, in vector order.
pub const FEATURES: [(&str, &str); NF] = [
    ("idx", "position"),
    ("rel_pos", "position"),
    ("is0", "position"),
    ("is1", "position"),
    ("is2", "position"),
    ("inv_idx", "position"),
    ("log_sentences", "position"),
    ("log_words_before", "position"),
    ("rel_offset", "position"),
    ("words", "length"),
    ("log_words", "length"),
    ("words_z", "length"),
    ("very_short", "length"),
    ("very_long", "length"),
    ("centrality", "centrality"),
    ("centrality_rank", "centrality"),
    ("lexrank", "lexrank"),
    ("lexrank_rank", "lexrank"),
    ("sim_first", "similarity"),
    ("sim_lead3", "similarity"),
    ("sim_max", "similarity"),
    ("caps", "entities"),
    ("caps_ratio", "entities"),
    ("digits", "entities"),
    ("quotes", "quote"),
    ("starts_quote", "quote"),
    ("reporting_verb", "quote"),
    ("question", "quote"),
    ("no_end_punct", "boilerplate"),
    ("ends_colon", "boilerplate"),
    ("has_paren", "boilerplate"),
    ("isf_mean", "idf"),
    ("isf_sum_norm", "idf"),
];

/// Feature groups, in order; `position` is always kept by the trainer.
pub const GROUPS: [&str; 9] = [
    "position",
    "length",
    "centrality",
    "lexrank",
    "similarity",
    "entities",
    "quote",
    "boilerplate",
    "idf",
];

/// Index of a feature by name.
pub fn index_of(name: &str) -> Option<usize> {
    FEATURES.iter().position(|(n, _)| *n == name)
}

/// Indices of the features in the given groups, in vector order.
pub fn columns_of_groups(groups: &[&str]) -> Vec<usize> {
    FEATURES
        .iter()
        .enumerate()
        .filter(|(_, (_, g))| groups.contains(g))
        .map(|(i, _)| i)
        .collect()
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '‘' | '«' | '»' | '\'')
}

/// Ranks (0 = highest value, ties by index) divided by the count.
fn relative_ranks(values: &[f64]) -> Vec<f64> {
    let n = values.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    let mut ranks = vec![0.0; n];
    for (r, &i) in order.iter().enumerate() {
        ranks[i] = r as f64 / n.max(1) as f64;
    }
    ranks
}

/// Features of the first `rows` sentences of `doc` (fewer if the document is shorter).
pub fn extract(doc: &Doc, rows: usize) -> Vec<[f32; NF]> {
    let n = doc.len();
    let rows = rows.min(n);
    if rows == 0 {
        return Vec::new();
    }
    let g = n.min(GRAPH_SENTENCES);
    let words: Vec<f64> = (0..n).map(|i| doc.word_count(i) as f64).collect();
    let mean_w = words.iter().sum::<f64>() / n as f64;
    let sd_w = (words.iter().map(|w| (w - mean_w).powi(2)).sum::<f64>() / n as f64).sqrt();

    // TF-ISF over the graph window.
    let isf = isf_weights(doc, g);
    let vecs = tfidf_vectors(doc, &isf, g);
    let m = cosine_matrix(&vecs, doc.n_terms());
    let lex: Vec<f64> = pagerank(&m, g, 0.85).iter().map(|p| p * g as f64).collect();
    let mut centroid = vec![0.0f64; doc.n_terms()];
    let mut lead3 = vec![0.0f64; doc.n_terms()];
    for (i, v) in vecs.iter().enumerate() {
        for &(t, w) in &v.entries {
            centroid[t as usize] += w;
            if i < 3 {
                lead3[t as usize] += w;
            }
        }
    }
    let cn = centroid.iter().map(|w| w * w).sum::<f64>().sqrt();
    let ln3 = lead3.iter().map(|w| w * w).sum::<f64>().sqrt();
    let cos_to = |v: &crate::score::SparseVec, c: &[f64], cnorm: f64| -> f64 {
        if v.norm == 0.0 || cnorm == 0.0 {
            return 0.0;
        }
        v.entries
            .iter()
            .map(|&(t, w)| c[t as usize] * w)
            .sum::<f64>()
            / (v.norm * cnorm)
    };
    let cent: Vec<f64> = vecs.iter().map(|v| cos_to(v, &centroid, cn)).collect();
    let cent_rank = relative_ranks(&cent);
    let lex_rank = relative_ranks(&lex);
    let isf_sum: Vec<f64> = (0..g)
        .map(|i| doc.content_terms(i).map(|t| isf[t as usize]).sum::<f64>())
        .collect();
    let isf_max = isf_sum.iter().copied().fold(0.0f64, f64::max);
    let text_len = doc.text.len().max(1) as f64;

    let mut out = Vec::with_capacity(rows);
    let mut words_before = 0.0f64;
    for i in 0..rows {
        let mut f = [0.0f64; NF];
        let s = doc.sentence_text(i);
        let wc = words[i];
        f[0] = i as f64;
        f[1] = if n > 1 {
            i as f64 / (n - 1) as f64
        } else {
            0.0
        };
        f[2] = f64::from(u8::from(i == 0));
        f[3] = f64::from(u8::from(i == 1));
        f[4] = f64::from(u8::from(i == 2));
        f[5] = 1.0 / (i as f64 + 1.0);
        f[6] = (n as f64).ln();
        f[7] = (1.0 + words_before).ln();
        f[8] = doc.sentences[i].start as f64 / text_len;
        f[9] = wc;
        f[10] = (1.0 + wc).ln();
        f[11] = if sd_w > 0.0 {
            (wc - mean_w) / sd_w
        } else {
            0.0
        };
        f[12] = f64::from(u8::from(wc < 6.0));
        f[13] = f64::from(u8::from(wc > 45.0));
        if i < g {
            f[14] = cent[i];
            f[15] = cent_rank[i];
            f[16] = lex[i];
            f[17] = lex_rank[i];
            f[18] = if i == 0 { 1.0 } else { m[i * g] };
            f[19] = cos_to(&vecs[i], &lead3, ln3);
            f[20] = (0..g)
                .filter(|&j| j != i)
                .map(|j| m[i * g + j])
                .fold(0.0, f64::max);
            let content = doc.content_terms(i).count();
            f[31] = if content > 0 {
                isf_sum[i] / content as f64
            } else {
                0.0
            };
            f[32] = if isf_max > 0.0 {
                isf_sum[i] / isf_max
            } else {
                0.0
            };
        }
        // Surface features from the raw sentence text.
        let mut caps = 0u32;
        let mut digits = 0u32;
        let mut total = 0u32;
        let mut reporting = false;
        for (k, w) in s.split_whitespace().enumerate() {
            total += 1;
            let trimmed = w.trim_start_matches(|c: char| !c.is_alphanumeric());
            if k > 0 && trimmed.chars().next().is_some_and(char::is_uppercase) {
                caps += 1;
            }
            if w.chars().any(|c| c.is_ascii_digit()) {
                digits += 1;
            }
            let core = trimmed.trim_end_matches(|c: char| !c.is_alphanumeric());
            if !reporting
                && [
                    "said",
                    "says",
                    "told",
                    "tells",
                    "according",
                    "added",
                    "explained",
                ]
                .iter()
                .any(|v| core.eq_ignore_ascii_case(v))
            {
                reporting = true;
            }
        }
        let quotes = s.chars().filter(|&c| is_quote_char(c)).count()
            + s.matches(" ’").count()
            + s.matches("’ ").count();
        let first = s.trim_start().chars().next();
        let last = s.trim_end().chars().last();
        f[21] = f64::from(caps);
        f[22] = if total > 0 {
            f64::from(caps) / f64::from(total)
        } else {
            0.0
        };
        f[23] = f64::from(digits);
        f[24] = quotes as f64;
        f[25] = f64::from(u8::from(first.is_some_and(is_quote_char)));
        f[26] = f64::from(u8::from(reporting));
        f[27] = f64::from(u8::from(s.contains('?')));
        f[28] = f64::from(u8::from(!last.is_some_and(|c| {
            matches!(c, '.' | '!' | '?' | '"' | '”' | '’' | '\'' | ')')
        })));
        f[29] = f64::from(u8::from(last == Some(':')));
        f[30] = f64::from(u8::from(s.contains('(')));
        let mut row = [0.0f32; NF];
        for (r, v) in row.iter_mut().zip(f) {
            *r = if v.is_finite() { v as f32 } else { 0.0 };
        }
        out.push(row);
        words_before += wc;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_grouped() {
        for (i, (n, g)) in FEATURES.iter().enumerate() {
            assert_eq!(index_of(n), Some(i));
            assert!(GROUPS.contains(g), "{n}");
        }
        assert_eq!(columns_of_groups(&GROUPS).len(), NF);
    }

    #[test]
    fn features_are_finite_and_positional() {
        let d = Doc::new(
            "The storm hit the coast on Monday.\n\"It was awful,\" she said.\n\
             Thousands of homes lost power after the storm (officials said).\nWhat next?",
        );
        let f = extract(&d, 8);
        assert_eq!(f.len(), 4);
        assert!(f.iter().flatten().all(|v| v.is_finite()));
        assert_eq!(f[0][2], 1.0);
        assert_eq!(f[1][25], 1.0);
        assert_eq!(f[1][26], 1.0);
        assert_eq!(f[2][30], 1.0);
        assert_eq!(f[3][27], 1.0);
        assert_eq!(extract(&d, 2).len(), 2);
    }
}
