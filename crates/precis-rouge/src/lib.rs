//! ROUGE scores that are **bit-for-bit identical** to Google's Python `rouge-score` 0.1.2
//! (`rouge_score.rouge_scorer.RougeScorer` with the default tokenizer), and its
//! `BootstrapAggregator` confidence intervals under `np.random.seed(seed)`.
//!
//! What it is for: scoring summaries against references (ROUGE-N, ROUGE-L, ROUGE-Lsum,
//! with or without NLTK Porter stemming), fast enough for training-label generation
//! ([`oracle`]) and corpus evaluation, with results one can quote next to papers that used
//! rouge-score. The other two flavours papers report live beside it: [`rouge155`] (the
//! ROUGE-1.5.5 Perl script: another tokenizer, WordNet exceptions + original Porter with `-m`,
//! rounded R/P, a drand48 bootstrap mean) and [`multilingual`] (XL-Sum's tokenizers and
//! stemmers in front of this scoring, [`RougeScorer::score_tokens`]). Not a general tokenizer.
//!
//! # Exactness
//! - Tokens: maximal `[a-z0-9]` runs of Python's `text.lower()` (so `İ` gives `i` and the Kelvin
//!   sign gives `k`; every other non-ASCII character separates), tokens longer than 3 stemmed
//!   with [`precis_text::stem`] (a port of NLTK's `PorterStemmer`, NLTK_EXTENSIONS).
//! - ROUGE-N: n-gram multisets; P = overlap / max(#candidate n-grams, 1), R likewise over the
//!   reference; F = `2 * P * R / (P + R)` in that float order, 0 when P + R = 0.
//! - ROUGE-L: LCS of the whole token lists (computed bit-parallel; the length is exact).
//! - ROUGE-Lsum: texts split on `"\n"` only; for each reference line the union of the
//!   backtracked LCS indices against every candidate line (rouge-score's `_backtrack_norec`,
//!   ties move up in the reference), hits clipped by whole-text token counts. The DP table is
//!   not materialised: the rows of the bit-parallel LCS encode it exactly, and the backtracking
//!   reads the same `L[i][j]` values from them (tested against the plain table).
//! - [`RougeScorer::score_multi`]: per type, the first reference with the maximal F.
//! - [`BootstrapAggregator`]: numpy's legacy MT19937 (`init_genrand(seed)`), `choice(N, N)` via
//!   masked rejection sampling on 32-bit draws, left-to-right means, numpy 'linear' percentiles
//!   with its `_lerp`; see [`bootstrap`].
//!
//! Verified against rouge-score on 1,250 + 250 CNN/DM pairs and several hundred edge and random
//! cases (0 differing bits), see `tests/` and `scripts/gen_rouge_fixtures.py`.
//!
//! # Threads
//! [`RougeScorer`] is `Send + Sync` and cheap; scoring uses a thread-local scratch (token
//! vocabulary, stem cache, DP buffers), so scoring pairs in parallel (e.g. with rayon) needs no
//! locking.
//!
//! ```
//! use precis_rouge::{RougeScorer, RougeType};
//! let scorer = RougeScorer::new(&[RougeType::N(1), RougeType::L], true);
//! let s = scorer.score("The cat sat on the mat.", "The cats sat.");
//! assert_eq!(s[0].precision, 1.0);
//! ```

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::str::FromStr;

pub mod bootstrap;
mod hash;
mod lcs;
pub mod multilingual;
pub mod oracle;
pub mod rouge155;
mod text;

pub use bootstrap::{AggregateScore, BootstrapAggregator, MeanAggregator, Mt19937};
pub use text::tokenize;

use crate::hash::MixBuild;
use text::{tokenize_into, Tokens, Vocab};

/// Errors of this crate.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RougeError {
    /// A name that is not `rouge1`..`rouge9`, `rougeL` or `rougeLsum`.
    #[error("invalid rouge type: {0:?}")]
    InvalidType(String),
    /// Bootstrap parameters out of range.
    #[error("invalid bootstrap parameter: {0}")]
    InvalidParameter(&'static str),
    /// A pair of texts whose ROUGE-L / ROUGE-Lsum work is over [`MAX_LCS_CELLS`] token pairs,
    /// [`MAX_LCS_LINE_PAIRS`] line pairs, [`MAX_LSUM_WORK`] or [`MAX_LCS_BYTES`] bytes
    /// ([`RougeScorer::try_score`]).
    #[error("{0}")]
    TooLarge(String),
    /// A language or option this crate cannot score exactly.
    #[error("not supported: {0}")]
    Unsupported(String),
}

/// A text already tokenized by another flavour's tokenizer: the tokens of rouge1..9 and
/// rougeL, and the per-line tokens of rougeLsum (which may be tokenized differently).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TokenizedText {
    /// Tokens for ROUGE-N and ROUGE-L.
    pub tokens: Vec<String>,
    /// Tokens of each `\n`-separated line for ROUGE-Lsum.
    pub lines: Vec<Vec<String>>,
}

/// Most token pairs (reference tokens × candidate tokens) that ROUGE-L and ROUGE-Lsum compare
/// for one pair of texts in [`RougeScorer::try_score`]: 2³⁴ ≈ 1.7·10¹⁰, e.g. two texts of
/// 130,000 tokens each, about a second of work (rouge-score's own table for it would take
/// over 100 GB). Every other type is linear or n log n in the text lengths.
pub const MAX_LCS_CELLS: u64 = 1 << 34;

/// Most bytes ROUGE-Lsum's backtracking holds for one (reference line, candidate line) pair in
/// [`RougeScorer::try_score`] (256 MiB). Rows past 32 MiB are checkpointed (about √n rows
/// kept instead of n), so only lines of millions of tokens reach it.
pub const MAX_LCS_BYTES: usize = 256 << 20;

/// Most (reference line, candidate line) pairs ROUGE-Lsum compares for one pair of texts in
/// [`RougeScorer::try_score`] (lines without tokens do not count): 2²⁶ ≈ 6.7·10⁷, e.g. two
/// texts of 8,000 lines each, about 1.5 s (each line pair costs ~20 ns however short its
/// lines, so two texts of 100,000 one-word lines, well under [`MAX_LCS_CELLS`], would take
/// minutes). ROUGE-1.5.5's ROUGE-L and ROUGE-W ([`rouge155`]) use the same limit on sentence
/// pairs.
pub const MAX_LCS_LINE_PAIRS: u64 = 1 << 26;

/// Most ROUGE-Lsum work [`RougeScorer::try_score`] lets through for one pair of texts: over
/// all (reference line, candidate line) pairs of `n` and `m` tokens, the bit-parallel rows
/// (`n` rows of ⌈m/64⌉ words, plus one unit of per-row cost) and the backtracking steps (up
/// to `m` a pair), i.e. `N · (Σ ⌈m/64⌉ + candidate lines) + reference lines · M` for texts of
/// `N` and `M` tokens in lines: 2²⁸ ≈ 2.7·10⁸ units, about 2 s (two single lines of 130,000
/// tokens fit). [`MAX_LCS_CELLS`] and [`MAX_LCS_LINE_PAIRS`] alone admitted ragged texts that
/// took minutes: one 1,000,000-token reference line against 8,000 one-token candidate lines
/// (8·10⁹ token pairs, 8,000 line pairs; 79 s), 4,000 one-token reference lines against one
/// 400,000-token candidate line (15 s), or 2,000 lines of 60 tokens a side (5 s).
pub const MAX_LSUM_WORK: u64 = 1 << 28;

/// The ROUGE-Lsum work of [`MAX_LSUM_WORK`] for texts with these line lengths (reference,
/// candidate; lines without tokens cost nothing).
fn lsum_work(ref_lines: &[usize], cand_lines: &[usize]) -> u64 {
    let (mut n, mut rl) = (0u64, 0u64);
    for &l in ref_lines.iter().filter(|&&l| l > 0) {
        n = n.saturating_add(l as u64);
        rl += 1;
    }
    let (mut m, mut row_cost) = (0u64, 0u64);
    for &l in cand_lines.iter().filter(|&&l| l > 0) {
        m = m.saturating_add(l as u64);
        row_cost = row_cost.saturating_add(l.div_ceil(64) as u64 + 1);
    }
    n.saturating_mul(row_cost)
        .saturating_add(rl.saturating_mul(m))
}

/// A ROUGE variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RougeType {
    /// ROUGE-N (n ≥ 1; rouge-score's names cover 1..=9). `N(0)` scores 0.
    N(usize),
    /// ROUGE-L: LCS over the whole texts.
    L,
    /// ROUGE-Lsum: summary-level union LCS over `"\n"`-separated lines.
    Lsum,
}

impl FromStr for RougeType {
    type Err = RougeError;
    /// Parses rouge-score's names: `rouge1`..`rouge9`, `rougeL`, `rougeLsum`.
    fn from_str(s: &str) -> Result<Self, RougeError> {
        match s {
            "rougeL" => Ok(Self::L),
            "rougeLsum" => Ok(Self::Lsum),
            _ => match s.strip_prefix("rouge").map(str::as_bytes) {
                Some(&[d]) if (b'1'..=b'9').contains(&d) => Ok(Self::N(usize::from(d - b'0'))),
                _ => Err(RougeError::InvalidType(s.to_string())),
            },
        }
    }
}

impl fmt::Display for RougeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::N(n) => write!(f, "rouge{n}"),
            Self::L => f.write_str("rougeL"),
            Self::Lsum => f.write_str("rougeLsum"),
        }
    }
}

/// Precision, recall and F-measure, as rouge-score's `Score`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Score {
    /// Matches / candidate size.
    pub precision: f64,
    /// Matches / reference size.
    pub recall: f64,
    /// `2 * P * R / (P + R)`, 0 when `P + R == 0`.
    pub fmeasure: f64,
}

impl Score {
    /// A score from precision and recall, with F from [`fmeasure`].
    #[inline]
    pub fn from_pr(precision: f64, recall: f64) -> Self {
        Self {
            precision,
            recall,
            fmeasure: fmeasure(precision, recall),
        }
    }
}

/// rouge-score's `scoring.fmeasure`: `2 * precision * recall / (precision + recall)` evaluated
/// left to right, or 0 when `precision + recall` is not positive.
#[inline]
pub fn fmeasure(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

/// The scores of one call, one per requested type, in the order given to [`RougeScorer::new`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scores(pub Vec<(RougeType, Score)>);

impl Scores {
    /// The score of `t` (the first one if `t` was requested twice).
    pub fn get(&self, t: RougeType) -> Option<Score> {
        self.0.iter().find(|(k, _)| *k == t).map(|&(_, s)| s)
    }
    /// `(type, score)` pairs in request order.
    pub fn iter(&self) -> impl Iterator<Item = &(RougeType, Score)> {
        self.0.iter()
    }
    /// Number of types.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether no type was requested.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<usize> for Scores {
    type Output = Score;
    fn index(&self, i: usize) -> &Score {
        &self.0[i].1
    }
}

/// Per-thread buffers reused across calls.
#[derive(Default)]
pub(crate) struct Scratch {
    pub(crate) vocab: Vocab,
    pub(crate) tok: Vec<u8>,
    a: Tokens,
    b: Tokens,
    cnt_a: Vec<u32>,
    cnt_b: Vec<u32>,
    slot: Vec<u32>,
    cols: lcs::Columns,
    bigrams: HashMap<u64, u32, MixBuild>,
    mark: lcs::MarkBufs,
    marked: Vec<bool>,
}

impl Scratch {
    /// Sizes the dense per-id arrays for the current vocabulary (new entries zero / MAX).
    fn fit(&mut self) {
        let n = self.vocab.len();
        if self.cnt_a.len() < n {
            self.cnt_a.resize(n, 0);
            self.cnt_b.resize(n, 0);
            self.slot.resize(n, u32::MAX);
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch (or a fresh one if it is already in use).
pub(crate) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => f(&mut s),
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Computes rouge-score's scores; see the crate documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct RougeScorer {
    types: Vec<RougeType>,
    use_stemmer: bool,
}

impl RougeScorer {
    /// A scorer for `types` (in this order), with NLTK Porter stemming of tokens longer than
    /// 3 characters if `use_stemmer` (rouge-score's default is `false`).
    pub fn new(types: &[RougeType], use_stemmer: bool) -> Self {
        Self {
            types: types.to_vec(),
            use_stemmer,
        }
    }

    /// A scorer from rouge-score names (`"rouge1"`, `"rouge2"`, `"rougeL"`, `"rougeLsum"`, …).
    pub fn from_names<S: AsRef<str>>(names: &[S], use_stemmer: bool) -> Result<Self, RougeError> {
        let types = names
            .iter()
            .map(|n| n.as_ref().parse())
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self { types, use_stemmer })
    }

    /// The requested types.
    pub fn types(&self) -> &[RougeType] {
        &self.types
    }

    /// Whether tokens are stemmed.
    pub fn use_stemmer(&self) -> bool {
        self.use_stemmer
    }

    /// rouge-score's `score(target, prediction)`: `reference` is the target (recall side),
    /// `candidate` the prediction (precision side).
    ///
    /// Memory stays bounded for any input (ROUGE-Lsum checkpoints its backtracking rows), but
    /// ROUGE-L / ROUGE-Lsum time grows with reference tokens × candidate tokens; services and
    /// batch jobs should use [`RougeScorer::try_score`], which refuses pairs over
    /// [`MAX_LCS_CELLS`].
    pub fn score(&self, reference: &str, candidate: &str) -> Scores {
        with_scratch(|s| {
            self.tokenize(s, reference, candidate);
            self.compute(s)
        })
    }

    /// [`RougeScorer::score`] within the work limits: an error naming the sizes when ROUGE-L or
    /// ROUGE-Lsum is asked for and the pair is over [`MAX_LCS_CELLS`] token pairs (or, for
    /// Lsum, over [`MAX_LCS_LINE_PAIRS`] line pairs, over [`MAX_LSUM_WORK`] or a line pair
    /// over [`MAX_LCS_BYTES`]). The scores it returns are exactly `score`'s.
    pub fn try_score(&self, reference: &str, candidate: &str) -> Result<Scores, RougeError> {
        with_scratch(|s| {
            self.tokenize(s, reference, candidate);
            self.check_limits(s)?;
            Ok(self.compute(s))
        })
    }

    /// [`RougeScorer::score_multi`] within the work limits of [`RougeScorer::try_score`].
    pub fn try_score_multi(
        &self,
        references: &[&str],
        candidate: &str,
    ) -> Result<Scores, RougeError> {
        let mut best: Option<Scores> = None;
        for r in references {
            let s = self.try_score(r, candidate)?;
            match &mut best {
                None => best = Some(s),
                Some(b) => {
                    for (bs, (_, ns)) in b.0.iter_mut().zip(s.0) {
                        if ns.fmeasure > bs.1.fmeasure {
                            bs.1 = ns;
                        }
                    }
                }
            }
        }
        Ok(best
            .unwrap_or_else(|| Scores(self.types.iter().map(|&t| (t, Score::default())).collect())))
    }

    /// rouge-score's `score_multi(targets, prediction)`: for each type, the score against the
    /// reference with the largest F (the first one on ties). With no references, all scores
    /// are 0 (rouge-score raises).
    pub fn score_multi(&self, references: &[&str], candidate: &str) -> Scores {
        let mut best: Option<Scores> = None;
        for r in references {
            let s = self.score(r, candidate);
            match &mut best {
                None => best = Some(s),
                Some(b) => {
                    for (bs, (_, ns)) in b.0.iter_mut().zip(s.0) {
                        if ns.fmeasure > bs.1.fmeasure {
                            bs.1 = ns;
                        }
                    }
                }
            }
        }
        best.unwrap_or_else(|| Scores(self.types.iter().map(|&t| (t, Score::default())).collect()))
    }

    /// rouge-score's scoring of texts tokenized elsewhere (e.g. by [`multilingual::Lang`]):
    /// ROUGE-N and ROUGE-L on `tokens`, ROUGE-Lsum on `lines`. The stemming flag of the scorer
    /// is not used (the tokenizer stems).
    pub fn score_tokens(&self, reference: &TokenizedText, candidate: &TokenizedText) -> Scores {
        with_scratch(|s| {
            s.vocab.maybe_reset();
            fn fill(v: &mut text::Vocab, lines: &[&[String]], out: &mut Tokens) {
                out.ids.clear();
                out.lines.clear();
                for l in lines {
                    let start = out.ids.len() as u32;
                    out.ids.extend(l.iter().map(|t| v.id(t.as_bytes(), false)));
                    let end = out.ids.len() as u32;
                    if end > start {
                        out.lines.push((start, end));
                    }
                }
            }
            let mut out: Vec<(RougeType, Score)> = Vec::with_capacity(self.types.len());
            fill(&mut s.vocab, &[&reference.tokens], &mut s.a);
            fill(&mut s.vocab, &[&candidate.tokens], &mut s.b);
            s.fit();
            for &t in &self.types {
                let sc = match t {
                    RougeType::N(1) => rouge1(s),
                    RougeType::N(2) => rouge2(s),
                    RougeType::N(n) => rouge_n(&s.a.ids, &s.b.ids, n),
                    RougeType::L => rouge_l(s),
                    RougeType::Lsum => continue,
                };
                out.push((t, sc));
            }
            if self.types.contains(&RougeType::Lsum) {
                let r: Vec<&[String]> = reference.lines.iter().map(Vec::as_slice).collect();
                let c: Vec<&[String]> = candidate.lines.iter().map(Vec::as_slice).collect();
                fill(&mut s.vocab, &r, &mut s.a);
                fill(&mut s.vocab, &c, &mut s.b);
                s.fit();
                let sc = rouge_lsum(s);
                // Keep the requested order.
                let mut ordered = Vec::with_capacity(self.types.len());
                let mut rest = out.into_iter();
                for &t in &self.types {
                    if t == RougeType::Lsum {
                        ordered.push((t, sc));
                    } else if let Some(x) = rest.next() {
                        ordered.push(x);
                    }
                }
                return Scores(ordered);
            }
            Scores(out)
        })
    }

    fn tokenize(&self, s: &mut Scratch, reference: &str, candidate: &str) {
        s.vocab.maybe_reset();
        tokenize_into(
            reference,
            self.use_stemmer,
            &mut s.vocab,
            &mut s.tok,
            &mut s.a,
        );
        tokenize_into(
            candidate,
            self.use_stemmer,
            &mut s.vocab,
            &mut s.tok,
            &mut s.b,
        );
        s.fit();
    }

    fn compute(&self, s: &mut Scratch) -> Scores {
        let out = self
            .types
            .iter()
            .map(|&t| {
                let sc = match t {
                    RougeType::N(1) => rouge1(s),
                    RougeType::N(2) => rouge2(s),
                    RougeType::N(n) => rouge_n(&s.a.ids, &s.b.ids, n),
                    RougeType::L => rouge_l(s),
                    RougeType::Lsum => rouge_lsum(s),
                };
                (t, sc)
            })
            .collect();
        Scores(out)
    }

    /// The [`MAX_LCS_CELLS`] / [`MAX_LCS_BYTES`] checks of [`RougeScorer::try_score`].
    fn check_limits(&self, s: &Scratch) -> Result<(), RougeError> {
        let line_lens = |t: &Tokens| t.lines.iter().map(|&(a, b)| (b - a) as usize).collect();
        self.check_sizes(
            (s.a.ids.len(), s.b.ids.len()),
            (s.a.ids.len(), s.b.ids.len()),
            (line_lens(&s.a), line_lens(&s.b)),
        )
    }

    /// Work limits from the sizes: whole-text token counts for ROUGE-L, all line tokens and
    /// every line's length for ROUGE-Lsum (reference, candidate).
    fn check_sizes(
        &self,
        (n_l, m_l): (usize, usize),
        (n_s, m_s): (usize, usize),
        (ref_lines, cand_lines): (Vec<usize>, Vec<usize>),
    ) -> Result<(), RougeError> {
        for &t in &self.types {
            let (n, m) = match t {
                RougeType::L => (n_l, m_l),
                RougeType::Lsum => (n_s, m_s),
                RougeType::N(_) => continue,
            };
            let cells = n as u64 * m as u64;
            if cells > MAX_LCS_CELLS {
                return Err(RougeError::TooLarge(format!(
                    "texts too long for {t}: {n} reference tokens × {m} candidate tokens = {cells} token pairs, over the limit of {MAX_LCS_CELLS}"
                )));
            }
        }
        if self.types.contains(&RougeType::Lsum) {
            let (rl, cl) = (
                ref_lines.iter().filter(|&&l| l > 0).count() as u64,
                cand_lines.iter().filter(|&&l| l > 0).count() as u64,
            );
            let pairs = rl.saturating_mul(cl);
            if pairs > MAX_LCS_LINE_PAIRS {
                return Err(RougeError::TooLarge(format!(
                    "too many lines for rougeLsum: {rl} reference lines × {cl} candidate lines = {pairs} line pairs, over the limit of {MAX_LCS_LINE_PAIRS}"
                )));
            }
            let work = lsum_work(&ref_lines, &cand_lines);
            if work > MAX_LSUM_WORK {
                return Err(RougeError::TooLarge(format!(
                    "texts too ragged for rougeLsum: {rl} reference lines of {} tokens against {cl} candidate lines of {} tokens need {work} units of work, over the limit of {MAX_LSUM_WORK}",
                    ref_lines.iter().sum::<usize>(),
                    cand_lines.iter().sum::<usize>()
                )));
            }
            if let (Some(&ln), Some(&lm)) = (ref_lines.iter().max(), cand_lines.iter().max()) {
                let bytes = lcs::mark_bytes(ln, lm);
                if bytes > MAX_LCS_BYTES {
                    return Err(RougeError::TooLarge(format!(
                        "lines too long for rougeLsum: a {ln}-token reference line against a {lm}-token candidate line needs {} MiB, over the limit of {} MiB",
                        bytes >> 20,
                        MAX_LCS_BYTES >> 20
                    )));
                }
            }
        }
        Ok(())
    }

    /// [`RougeScorer::score_tokens`] within the work limits of [`RougeScorer::try_score`].
    pub fn try_score_tokens(
        &self,
        reference: &TokenizedText,
        candidate: &TokenizedText,
    ) -> Result<Scores, RougeError> {
        let lens = |t: &TokenizedText| t.lines.iter().map(Vec::len).collect::<Vec<_>>();
        let (rl, cl) = (lens(reference), lens(candidate));
        self.check_sizes(
            (reference.tokens.len(), candidate.tokens.len()),
            (rl.iter().sum(), cl.iter().sum()),
            (rl, cl),
        )?;
        Ok(self.score_tokens(reference, candidate))
    }
}

#[inline]
fn ratio(hits: usize, n: usize) -> f64 {
    hits as f64 / n as f64
}

/// `_score_ngrams` for n = 1 with dense counts.
fn rouge1(s: &mut Scratch) -> Score {
    let (a, b) = (&s.a.ids, &s.b.ids);
    for &t in a {
        s.cnt_a[t as usize] += 1;
    }
    for &t in b {
        s.cnt_b[t as usize] += 1;
    }
    let mut hits = 0usize;
    for &t in a {
        let ca = s.cnt_a[t as usize];
        if ca > 0 {
            hits += ca.min(s.cnt_b[t as usize]) as usize;
            s.cnt_a[t as usize] = 0;
        }
    }
    for &t in b {
        s.cnt_b[t as usize] = 0;
    }
    Score::from_pr(ratio(hits, b.len().max(1)), ratio(hits, a.len().max(1)))
}

/// Overlap of two sorted multisets: Σ over distinct keys of min(count a, count b).
fn sorted_overlap<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut hits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                hits += 1;
                i += 1;
                j += 1;
            }
        }
    }
    hits
}

/// `_score_ngrams` for n = 2: reference bigram counts in a hash map, consumed by the
/// candidate's bigrams (Σ min(counts)); bigrams with a token absent from the reference are
/// skipped without hashing.
fn rouge2(s: &mut Scratch) -> Score {
    let (a, b) = (&s.a.ids, &s.b.ids);
    let n_a = a.len().saturating_sub(1);
    let n_b = b.len().saturating_sub(1);
    let mut hits = 0usize;
    if n_a > 0 && n_b > 0 {
        for &t in a {
            s.cnt_a[t as usize] = 1;
        }
        s.bigrams.clear();
        for w in a.windows(2) {
            *s.bigrams
                .entry((u64::from(w[0]) << 32) | u64::from(w[1]))
                .or_insert(0) += 1;
        }
        for w in b.windows(2) {
            if s.cnt_a[w[0] as usize] != 0 && s.cnt_a[w[1] as usize] != 0 {
                if let Some(c) = s
                    .bigrams
                    .get_mut(&((u64::from(w[0]) << 32) | u64::from(w[1])))
                {
                    if *c > 0 {
                        *c -= 1;
                        hits += 1;
                    }
                }
            }
        }
        for &t in a {
            s.cnt_a[t as usize] = 0;
        }
    }
    Score::from_pr(ratio(hits, n_b.max(1)), ratio(hits, n_a.max(1)))
}

/// `_score_ngrams` for any n (n-grams compared as slices).
fn rouge_n(a: &[u32], b: &[u32], n: usize) -> Score {
    if n == 0 {
        return Score::default();
    }
    let mut ga: Vec<&[u32]> = a.windows(n).collect();
    let mut gb: Vec<&[u32]> = b.windows(n).collect();
    ga.sort_unstable();
    gb.sort_unstable();
    let hits = sorted_overlap(&ga, &gb);
    Score::from_pr(ratio(hits, gb.len().max(1)), ratio(hits, ga.len().max(1)))
}

/// `_score_lcs`.
fn rouge_l(s: &mut Scratch) -> Score {
    let (a, b) = (&s.a.ids, &s.b.ids);
    if a.is_empty() || b.is_empty() {
        return Score::default();
    }
    let l = lcs::lcs_len(a, b, &mut s.slot, &mut s.cols);
    Score::from_pr(ratio(l, b.len()), ratio(l, a.len()))
}

/// `_summary_level_lcs` over the lines of the reference (`a`) and candidate (`b`).
///
/// The union LCS marks of each (reference line, candidate line) pair do not depend on each
/// other, so candidate lines are the outer loop (their token masks are built once); the hits
/// are then counted in rouge-score's order: reference lines in order, positions ascending.
fn rouge_lsum(s: &mut Scratch) -> Score {
    let m = s.a.ids.len();
    let n = s.b.ids.len();
    if m == 0 || n == 0 {
        return Score::default();
    }
    s.marked.clear();
    s.marked.resize(m, false);
    for ci in 0..s.b.lines.len() {
        let c = s.b.line(ci);
        // Column masks of `c`, built once for every reference line.
        s.cols.build(c, &mut s.slot);
        for &(ra, rb) in &s.a.lines {
            let r = &s.a.ids[ra as usize..rb as usize];
            lcs::mark_lcs_bits(
                r,
                c,
                &mut s.cols,
                &s.slot,
                &mut s.mark,
                &mut s.marked[ra as usize..rb as usize],
            );
        }
        s.cols.reset(c, &mut s.slot);
    }
    s.mark.shrink();
    for &t in &s.a.ids {
        s.cnt_a[t as usize] += 1;
    }
    for &t in &s.b.ids {
        s.cnt_b[t as usize] += 1;
    }
    let mut hits = 0usize;
    for (k, &t) in s.a.ids.iter().enumerate() {
        if s.marked[k] {
            let (ca, cb) = (&mut s.cnt_a[t as usize], &mut s.cnt_b[t as usize]);
            if *cb > 0 && *ca > 0 {
                hits += 1;
                *ca -= 1;
                *cb -= 1;
            }
        }
    }
    for &t in &s.a.ids {
        s.cnt_a[t as usize] = 0;
    }
    for &t in &s.b.ids {
        s.cnt_b[t as usize] = 0;
    }
    Score::from_pr(ratio(hits, n), ratio(hits, m))
}
