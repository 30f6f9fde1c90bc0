//! Faithfulness of a summary to its source, sentence by sentence, with the evidence.
//!
//! For each sentence of the summary, [`Verifier`] finds the source sentences it rests on (one,
//! or several when it fuses them) and the content the source does not back: numbers and
//! quantities (normalised: "3.5 million" = "3,500,000", "two" = 2), dates, names, quotations
//! and content words (stemmed, in the language's analysis), each with its kind and byte span.
//! The summary gets a `score` in [0, 1]: 1 when every sentence is copied from the source.
//!
//! # Signals and score
//!
//! Per summary sentence, three signals in [0, 1]:
//!
//! - **coverage**: the share of its distinct content words (stems, stop words aside) found in
//!   the source sentences chosen as its support (greedy: the sentence covering most of them,
//!   words weighted by how rare they are among the source's sentences, then up to two more that
//!   each add at least two). It catches invented content and content gathered from unrelated
//!   parts of the article; it misses a wrong relation between supported words ("A beat B"
//!   for "B beat A").
//! - **copied**: the share of its word 4-grams (stemmed, stop words included, shorter n-grams
//!   for short sentences) found in the source. It catches recombined fragments, the
//!   place where abstractive systems go wrong (wrong agent, wrong attachment of a number or
//!   a name); it also lowers faithful paraphrase.
//! - **clean**: `1 / (1 + k)`, `k` the unsupported items of the sentence (numbers, dates,
//!   names, quotations, content words absent from the source). It catches hallucinated
//!   entities and figures; it misses a supported number attached to the wrong thing.
//!
//! The sentence score is `0.30 · coverage + 0.65 · copied + 0.05 · clean` ([`W_COVERAGE`],
//! [`W_COPIED`], [`W_CLEAN`]), the summary score the mean over its sentences. The weights (and
//! n = 4 for `copied`) were chosen on the FRANK validation split, the weights by the partial
//! correlation with human judgements on a grid, n by inner cross-validation, the whole
//! procedure estimated by nested cross-validation (`bench/verify_fit.py`, run by
//! `bench/verify.sh`; README "Faithfulness"). `clean` has a small weight because what it
//! sees, coverage and copied already see; its items are the evidence shown to people.

mod lexicon;
mod quantity;
mod quotes;
mod text;

use std::io::{self, Write};
use std::ops::Range;

use precis_ingest::{Article, Lang, LangChoice, Removed};
use precis_text::hash::FxBuild;
use precis_text::segment::{Case, Segmenter};
use serde::Serialize;

use crate::analyze::with_interner;
use lexicon::Lexicon;
use quantity::Quantity;
use text::{Tok, Tokens, CAP, DIGIT, STOP};

/// Weight of `coverage` in a sentence's score.
pub const W_COVERAGE: f64 = 0.30;
/// Weight of `copied` in a sentence's score.
pub const W_COPIED: f64 = 0.65;
/// Weight of `clean` in a sentence's score.
pub const W_CLEAN: f64 = 0.05;

/// Most summary sentences checked: a longer "summary" is an error (it is an article).
pub const MAX_SUMMARY_SENTENCES: usize = 1_000;

/// Most source sentences one summary sentence rests on.
const MAX_SUPPORT: usize = 3;

/// Longest n-gram of `copied`.
const COPY_N: usize = 4;

/// How to verify.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifyOptions {
    /// The language of raw source text given to [`verify`] (identified when `Auto`); the
    /// summary is read in the source's language.
    pub lang: LangChoice,
    /// Clean boilerplate from raw source text given to [`verify`].
    pub clean: bool,
    /// Put the cleaned source and the summary into the output.
    pub include_text: bool,
}

impl Default for VerifyOptions {
    fn default() -> Self {
        VerifyOptions {
            lang: LangChoice::Auto,
            clean: true,
            include_text: false,
        }
    }
}

/// Why a summary could not be verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VerifyError {
    /// The summary is empty or only whitespace.
    #[error("the summary is empty")]
    EmptySummary,
    /// The summary has no word (only punctuation or symbols).
    #[error("the summary has no words")]
    NoSummaryWords,
    /// The source has no sentence with a word in it.
    #[error("the source has no sentence with a word in it")]
    NoSource,
    /// The summary has more sentences than [`MAX_SUMMARY_SENTENCES`].
    #[error(
        "the summary has {0} sentences, more than the {MAX_SUMMARY_SENTENCES} a summary may have"
    )]
    SummaryTooLong(usize),
}

/// What a piece of unsupported content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A number or quantity no source quantity matches.
    Number,
    /// A year, month or weekday the source does not mention.
    Date,
    /// A capitalised name absent from the source (cased summaries only).
    Name,
    /// A quotation whose words do not appear in this order in the source.
    Quote,
    /// A content word (stemmed) absent from the source.
    Word,
}

impl Kind {
    /// All kinds, in declaration order.
    pub const ALL: [Kind; 5] = [
        Kind::Number,
        Kind::Date,
        Kind::Name,
        Kind::Quote,
        Kind::Word,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Date => "date",
            Kind::Name => "name",
            Kind::Quote => "quote",
            Kind::Word => "word",
        }
    }
}

/// Content of a summary sentence the source does not back.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unsupported {
    pub kind: Kind,
    /// Exactly `summary[start..end]`.
    pub text: String,
    /// Byte offsets into the summary.
    pub start: usize,
    pub end: usize,
    /// The normalised value of a number ("3500000" for "3.5 million").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

/// A source sentence a summary sentence rests on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Support {
    /// Index of the sentence in the cleaned source (0-based).
    pub sentence: usize,
    /// Byte offsets into the cleaned source.
    pub start: usize,
    pub end: usize,
    /// The share of the summary sentence's content words this sentence holds.
    pub score: f64,
    /// Exactly `source[start..end]`.
    pub text: String,
}

/// One summary sentence and its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CheckedSentence {
    /// Exactly `summary[start..end]`.
    pub text: String,
    /// Byte offsets into the summary.
    pub start: usize,
    pub end: usize,
    /// How well the source backs it, in [0, 1].
    pub score: f64,
    /// Share of its content words found in its support sentences.
    pub coverage: f64,
    /// Share of its word n-grams found in a source sentence.
    pub copied: f64,
    /// The source sentences it rests on, best first (empty when none shares a content word).
    pub support: Vec<Support>,
    /// What the source does not back, in order.
    pub unsupported: Vec<Unsupported>,
}

/// The verification of one summary against its source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// The record id.
    pub id: String,
    /// The language both texts were read in (the source's).
    pub lang: Lang,
    /// How well the source backs the summary, in [0, 1] (1: every sentence copied).
    pub score: f64,
    /// The summary's sentences.
    pub sentences: Vec<CheckedSentence>,
    /// Unsupported items over all sentences.
    pub unsupported: usize,
    /// Sentences in the cleaned source.
    pub source_sentences: usize,
    /// Present (and true) when the source had more than [`crate::MAX_SENTENCES`] sentences
    /// and only the first ones were read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// Boilerplate removed from the source before verifying.
    pub removed: Vec<Removed>,
    /// The summary all summary offsets point into (only when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    /// The cleaned source all source offsets point into (only when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl Verification {
    /// Text rendering: the score, then each sentence with its support and what is unsupported.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "score {:.3} ({} sentences, {} unsupported)",
            self.score,
            self.sentences.len(),
            self.unsupported
        )?;
        for (i, s) in self.sentences.iter().enumerate() {
            writeln!(out, "{}. [{:.3}] {}", i + 1, s.score, s.text)?;
            for sup in &s.support {
                writeln!(
                    out,
                    "   support #{} ({:.2}): {}",
                    sup.sentence + 1,
                    sup.score,
                    sup.text
                )?;
            }
            if s.support.is_empty() {
                writeln!(out, "   support: none")?;
            }
            if !s.unsupported.is_empty() {
                let items: Vec<String> = s
                    .unsupported
                    .iter()
                    .map(|u| match &u.value {
                        Some(v) if v != &u.text => {
                            format!("{} \"{}\" (= {v})", u.kind.as_str(), u.text)
                        }
                        _ => format!("{} \"{}\"", u.kind.as_str(), u.text),
                    })
                    .collect();
                writeln!(out, "   unsupported: {}", items.join(" · "))?;
            }
        }
        Ok(())
    }

    /// Pretty JSON (no trailing newline).
    pub fn to_json_pretty(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One-line JSON (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The raw signals of one summary sentence (for fitting the score's weights:
/// `examples/verify_signals.rs`).
#[doc(hidden)]
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signals {
    /// Words (stop words included).
    pub tokens: usize,
    /// Distinct content words.
    pub content: usize,
    /// Coverage by the chosen support sentences.
    pub coverage: f64,
    /// Coverage by the best single sentence.
    pub best: f64,
    /// Share of content words found anywhere in the source.
    pub anywhere: f64,
    /// Share of word 1..4-grams found in one source sentence.
    pub p: [f64; 4],
    /// Unsupported items per kind (number, date, name, quote, word).
    pub items: [usize; 5],
}

/// Verifies summaries against articles with fixed options.
#[derive(Debug, Clone, Default)]
pub struct Verifier {
    opts: VerifyOptions,
}

/// Cleans raw source text (when `opts.clean`) and verifies `summary` against it.
pub fn verify(
    source: &str,
    summary: &str,
    opts: &VerifyOptions,
) -> Result<Verification, VerifyError> {
    let article = crate::article_from_text(source, opts.clean, opts.lang);
    Verifier::new(opts.clone()).verify_article(&article, summary)
}

impl Verifier {
    /// A verifier with these options.
    pub fn new(opts: VerifyOptions) -> Self {
        Verifier { opts }
    }

    /// The options in use.
    pub fn options(&self) -> &VerifyOptions {
        &self.opts
    }

    /// Verifies `summary` against an already-cleaned article (its text, in its language).
    pub fn verify_article(
        &self,
        article: &Article,
        summary: &str,
    ) -> Result<Verification, VerifyError> {
        let checked = check(&article.text, article.lang, summary)?;
        let mut sentences = Vec::with_capacity(checked.sentences.len());
        let mut total = 0.0;
        let mut unsupported = 0;
        for s in checked.sentences {
            let score = sentence_score(&s.signals);
            total += score;
            unsupported += s.unsupported.len();
            let support = s
                .support
                .iter()
                .filter_map(|&(i, sc)| {
                    let span = checked.source_spans.get(i)?.clone();
                    Some(Support {
                        sentence: i,
                        start: span.start,
                        end: span.end,
                        score: sc,
                        text: article.text.get(span)?.to_string(),
                    })
                })
                .collect();
            sentences.push(CheckedSentence {
                text: summary.get(s.span.clone()).unwrap_or("").to_string(),
                start: s.span.start,
                end: s.span.end,
                score,
                coverage: s.signals.coverage,
                copied: copied(&s.signals),
                support,
                unsupported: s.unsupported,
            });
        }
        let score = total / sentences.len().max(1) as f64;
        Ok(Verification {
            id: article.id.clone(),
            lang: article.lang,
            score,
            sentences,
            unsupported,
            source_sentences: checked.source_spans.len(),
            truncated: checked.truncated,
            removed: article.removed.clone(),
            summary: self.opts.include_text.then(|| summary.to_string()),
            text: self.opts.include_text.then(|| article.text.clone()),
        })
    }
}

/// `copied`: the 4-gram share (shorter n-grams for sentences under four words).
fn copied(s: &Signals) -> f64 {
    let n = s.tokens.clamp(1, COPY_N);
    s.p[n - 1]
}

/// The score of one sentence from its signals.
pub fn sentence_score(s: &Signals) -> f64 {
    let k: usize = s.items.iter().sum();
    let clean = 1.0 / (1.0 + k as f64);
    (W_COVERAGE * s.coverage + W_COPIED * copied(s) + W_CLEAN * clean).clamp(0.0, 1.0)
}

/// The raw signals of every sentence of `summary` against the source `text` in `lang`
/// (for fitting the weights; see [`Signals`]).
#[doc(hidden)]
pub fn signals(text: &str, lang: Lang, summary: &str) -> Result<Vec<Signals>, VerifyError> {
    Ok(check(text, lang, summary)?
        .sentences
        .into_iter()
        .map(|s| s.signals)
        .collect())
}

/// One checked summary sentence before rendering.
struct Checked {
    span: Range<usize>,
    signals: Signals,
    /// (source sentence, score)
    support: Vec<(usize, f64)>,
    unsupported: Vec<Unsupported>,
}

struct CheckedSummary {
    source_spans: Vec<Range<usize>>,
    truncated: bool,
    sentences: Vec<Checked>,
}

/// Key of an n-gram (n ≤ 4) of term ids: unused places hold `u32::MAX`.
fn gram_key(g: &[u32]) -> u128 {
    let mut k: u128 = 0;
    for j in 0..4 {
        let t = g.get(j).copied().unwrap_or(u32::MAX);
        k |= (t as u128) << (32 * j);
    }
    k
}

/// The source side: tokens, their n-grams, where each content word occurs, its quantities.
struct Source {
    tokens: Tokens,
    /// Terms numbered below this occur in the source.
    n_terms: u32,
    /// Word n-grams (n = 2..=4).
    grams: std::collections::HashSet<u128, FxBuild>,
    /// Per term: the sentences holding it as a content word (CSR: `post[post_start[t]..post_start[t+1]]`).
    post_start: Vec<u32>,
    post: Vec<u32>,
    quantities: Vec<Quantity>,
}

impl Source {
    fn has(&self, term: u32) -> bool {
        term < self.n_terms
    }

    fn sentences_of(&self, term: u32) -> &[u32] {
        let t = term as usize;
        match (self.post_start.get(t), self.post_start.get(t + 1)) {
            (Some(&a), Some(&b)) => self.post.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    fn has_gram(&self, g: &[u32]) -> bool {
        match g.len() {
            0 => true,
            1 => self.has(g[0]),
            _ => self.grams.contains(&gram_key(g)),
        }
    }
}

fn build_source(text: &str, tokens: Tokens, n_terms: u32, lex: &Lexicon) -> Source {
    let mut grams = std::collections::HashSet::with_capacity_and_hasher(
        tokens.toks.len() * 3,
        FxBuild::default(),
    );
    let mut count = vec![0u32; n_terms as usize + 1];
    let mut last_sentence = vec![u32::MAX; n_terms as usize];
    let mut quantities = Vec::new();
    // N-grams over the whole text (a quotation may run over two source sentences).
    let terms: Vec<u32> = tokens.toks.iter().map(|t| t.term).collect();
    for n in 2..=COPY_N {
        for g in terms.windows(n) {
            grams.insert(gram_key(g));
        }
    }
    for (si, r) in tokens.sentences.iter().enumerate() {
        let toks = &tokens.toks[r.clone()];
        for t in toks {
            if !t.is(STOP) && last_sentence[t.term as usize] != si as u32 {
                last_sentence[t.term as usize] = si as u32;
                count[t.term as usize] += 1;
            }
        }
        quantity::scan(text, toks, lex, &mut quantities);
    }
    // CSR of the sentences of each content term.
    let mut post_start = Vec::with_capacity(count.len());
    let mut acc = 0u32;
    for &c in &count {
        post_start.push(acc);
        acc += c;
    }
    let mut fill = post_start.clone();
    let mut post = vec![0u32; acc as usize];
    last_sentence.iter_mut().for_each(|s| *s = u32::MAX);
    for (si, r) in tokens.sentences.iter().enumerate() {
        for t in &tokens.toks[r.clone()] {
            let id = t.term as usize;
            if !t.is(STOP) && last_sentence[id] != si as u32 {
                last_sentence[id] = si as u32;
                post[fill[id] as usize] = si as u32;
                fill[id] += 1;
            }
        }
    }
    Source {
        tokens,
        n_terms,
        grams,
        post_start,
        post,
        quantities,
    }
}

/// Segments and checks a summary against a source text.
fn check(text: &str, lang: Lang, summary: &str) -> Result<CheckedSummary, VerifyError> {
    if summary.trim().is_empty() {
        return Err(VerifyError::EmptySummary);
    }
    let segmenter = Segmenter::new(lang);
    let mut source_spans = segmenter.split(text);
    let truncated = source_spans.len() > crate::MAX_SENTENCES;
    source_spans.truncate(crate::MAX_SENTENCES);
    // Research systems write unknown words as "UNK" in otherwise lower-cased text: they must
    // not make it look cased (which changes how it splits into sentences and what is a name).
    let probe = if summary.contains("UNK") {
        std::borrow::Cow::Owned(summary.replace("UNK", "unk"))
    } else {
        std::borrow::Cow::Borrowed(summary)
    };
    let summary_spans = segmenter.split(&probe);
    if summary_spans.len() > MAX_SUMMARY_SENTENCES {
        return Err(VerifyError::SummaryTooLong(summary_spans.len()));
    }
    let lex = Lexicon::for_lang(lang);
    let cased = Case::detect(&probe) == Case::Mixed;
    with_interner(lang, |interner| {
        let mut src_tokens = Tokens::default();
        text::tokenize_into(text, &source_spans, interner, &mut src_tokens);
        if src_tokens.toks.is_empty() {
            return Err(VerifyError::NoSource);
        }
        let n_terms = interner.len() as u32;
        let source = build_source(text, src_tokens, n_terms, lex);
        let mut sum_tokens = Tokens::default();
        text::tokenize_into(summary, &summary_spans, interner, &mut sum_tokens);
        if sum_tokens.toks.is_empty() {
            return Err(VerifyError::NoSummaryWords);
        }
        let mut scratch = Scratch::new(source.tokens.sentences.len());
        let mut sentences = Vec::new();
        for (i, span) in summary_spans.iter().enumerate() {
            let toks = sum_tokens.sentence(i);
            if toks.is_empty() {
                continue;
            }
            let ctx = SentenceCtx {
                summary,
                span: span.clone(),
                toks,
                cased,
                lex,
            };
            sentences.push(check_sentence(&ctx, &source, interner, &mut scratch));
        }
        Ok(CheckedSummary {
            source_spans,
            truncated,
            sentences,
        })
    })
}

/// Buffers reused across the sentences of one summary.
struct Scratch {
    gain: Vec<f64>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n_sentences: usize) -> Scratch {
        Scratch {
            gain: vec![0.0; n_sentences],
            touched: Vec::new(),
        }
    }
}

struct SentenceCtx<'a> {
    summary: &'a str,
    span: Range<usize>,
    toks: &'a [Tok],
    cased: bool,
    lex: &'a Lexicon,
}

fn check_sentence(
    ctx: &SentenceCtx<'_>,
    source: &Source,
    interner: &mut crate::analyze::Interner<'_>,
    scratch: &mut Scratch,
) -> Checked {
    let toks = ctx.toks;
    let terms: Vec<u32> = toks.iter().map(|t| t.term).collect();
    // Distinct content terms, in order.
    let mut content: Vec<u32> = Vec::new();
    for t in toks {
        if !t.is(STOP) && !content.contains(&t.term) {
            content.push(t.term);
        }
    }
    let n_src = source.tokens.sentences.len().max(1) as f64;
    let weight = |t: u32| -> f64 {
        let df = source.sentences_of(t).len();
        if df == 0 {
            0.0
        } else {
            1.0 + (n_src / df as f64).ln()
        }
    };
    // Support: greedy cover of the content terms.
    let mut covered = vec![false; content.len()];
    let mut support: Vec<(usize, f64)> = Vec::new();
    let mut best_single = 0.0;
    for round in 0..MAX_SUPPORT {
        for &s in &scratch.touched {
            scratch.gain[s as usize] = 0.0;
        }
        scratch.touched.clear();
        for (k, &t) in content.iter().enumerate() {
            if covered[k] {
                continue;
            }
            let w = weight(t);
            for &s in source.sentences_of(t) {
                if scratch.gain[s as usize] == 0.0 {
                    scratch.touched.push(s);
                }
                scratch.gain[s as usize] += w;
            }
        }
        if scratch.touched.is_empty() {
            break;
        }
        scratch.touched.sort_unstable();
        let top = scratch
            .touched
            .iter()
            .map(|&s| scratch.gain[s as usize])
            .fold(0.0f64, f64::max);
        // Ties: the sentence sharing most word pairs in order, then the first.
        let mut pick: Option<(usize, usize)> = None;
        for &s in &scratch.touched {
            if scratch.gain[s as usize] + 1e-9 < top {
                continue;
            }
            let shared = shared_bigrams(&terms, source.tokens.sentence(s as usize));
            if pick.is_none_or(|(_, b)| shared > b) {
                pick = Some((s as usize, shared));
            }
        }
        let Some((s, _)) = pick else { break };
        let src_sentence = source.tokens.sentence(s);
        let holds = |t: u32| src_sentence.iter().any(|x| x.term == t && !x.is(STOP));
        let mut new = 0;
        let mut held = 0;
        for (k, &t) in content.iter().enumerate() {
            if holds(t) {
                held += 1;
                if !covered[k] {
                    new += 1;
                }
            }
        }
        if round > 0 && new < 2 {
            break;
        }
        for (k, &t) in content.iter().enumerate() {
            if holds(t) {
                covered[k] = true;
            }
        }
        let share = held as f64 / content.len().max(1) as f64;
        if round == 0 {
            best_single = share;
        }
        support.push((s, share));
    }
    let n_content = content.len();
    let coverage = if n_content == 0 {
        1.0
    } else {
        covered.iter().filter(|&&c| c).count() as f64 / n_content as f64
    };
    let best = if n_content == 0 { 1.0 } else { best_single };
    let anywhere = if n_content == 0 {
        1.0
    } else {
        content.iter().filter(|&&t| source.has(t)).count() as f64 / n_content as f64
    };
    let mut p = [0.0; 4];
    for (n, slot) in p.iter_mut().enumerate() {
        let n = n + 1;
        let total = terms.len().saturating_sub(n - 1);
        *slot = if total == 0 {
            1.0
        } else {
            terms.windows(n).filter(|g| source.has_gram(g)).count() as f64 / total as f64
        };
    }
    let unsupported = unsupported_items(ctx, source, interner);
    let mut items = [0usize; 5];
    for u in &unsupported {
        items[Kind::ALL.iter().position(|&k| k == u.kind).unwrap_or(4)] += 1;
    }
    Checked {
        span: ctx.span.clone(),
        signals: Signals {
            tokens: terms.len(),
            content: n_content,
            coverage,
            best,
            anywhere,
            p,
            items,
        },
        support,
        unsupported,
    }
}

/// Word pairs of `terms` that occur in order in `sentence`.
fn shared_bigrams(terms: &[u32], sentence: &[Tok]) -> usize {
    let pairs: Vec<(u32, u32)> = sentence
        .windows(2)
        .map(|w| (w[0].term, w[1].term))
        .collect();
    terms
        .windows(2)
        .filter(|g| pairs.contains(&(g[0], g[1])))
        .count()
}

/// The unsupported items of one summary sentence, in order, not overlapping.
fn unsupported_items(
    ctx: &SentenceCtx<'_>,
    source: &Source,
    interner: &mut crate::analyze::Interner<'_>,
) -> Vec<Unsupported> {
    let (summary, toks, lex) = (ctx.summary, ctx.toks, ctx.lex);
    let mut out: Vec<Unsupported> = Vec::new();
    // Tokens already accounted for (by a quantity, a date, a quotation or a name).
    let mut done = vec![false; toks.len()];
    let item = |kind: Kind, span: Range<usize>, value: Option<String>| Unsupported {
        kind,
        text: summary.get(span.clone()).unwrap_or("").to_string(),
        start: span.start,
        end: span.end,
        value,
    };
    // Quotations: their words, in order, in the source (every n-gram up to 4 of them in one
    // source sentence); one item for the whole quotation.
    for q in quotes::quotes(summary, ctx.span.clone()) {
        let inside: Vec<usize> = (0..toks.len())
            .filter(|&k| toks[k].start >= q.content.start && toks[k].end <= q.content.end)
            .collect();
        if inside.len() < 3 {
            continue;
        }
        let terms: Vec<u32> = inside.iter().map(|&k| toks[k].term).collect();
        let n = terms.len().min(COPY_N);
        if !terms.windows(n).all(|g| source.has_gram(g)) {
            for &k in &inside {
                done[k] = true;
            }
            out.push(item(Kind::Quote, q.span.clone(), None));
        }
    }
    // Quantities.
    let mut qs = Vec::new();
    quantity::scan(summary, toks, lex, &mut qs);
    for q in qs {
        if q.toks.clone().any(|k| done.get(k).copied().unwrap_or(true)) {
            continue;
        }
        for k in q.toks.clone() {
            done[k] = true;
        }
        let ok = source.quantities.iter().any(|s| q.matches(s.value));
        if !ok {
            let kind = if q.year { Kind::Date } else { Kind::Number };
            out.push(item(kind, q.span.clone(), Some(q.value_string())));
        }
    }
    // Month and weekday names.
    for k in 0..toks.len() {
        if done[k] {
            continue;
        }
        let t = toks[k];
        let w = summary.get(t.start..t.end).unwrap_or("").to_lowercase();
        let Some(&date) = lex.dates.get(&w) else {
            continue;
        };
        if date.ambiguous {
            let next_digit = toks.get(k + 1).is_some_and(|n| n.is(DIGIT));
            let prev_digit = k > 0 && toks[k - 1].is(DIGIT);
            if !(next_digit || prev_digit || (ctx.cased && t.is(CAP))) {
                continue;
            }
        }
        done[k] = true;
        // Any spelling of the same month or day in the source.
        let mut found = false;
        for (spelling, d) in &lex.dates {
            if d.index == date.index && source.has(interner.term(spelling).0) {
                found = true;
                break;
            }
        }
        if !found {
            out.push(item(Kind::Date, t.start..t.end, None));
        }
    }
    // Content words absent from the source; capitalised ones in a cased summary are names
    // (with the capitalised words around them).
    let mut k = 0;
    while k < toks.len() {
        let t = toks[k];
        let absent = !done[k]
            && !t.is(STOP)
            && !source.has(t.term)
            && summary
                .get(t.start..t.end)
                .is_some_and(|w| w.chars().count() > 1);
        if !absent {
            k += 1;
            continue;
        }
        // Capitalised words absent from the source (a name's words the source has, such as a
        // title before it, are not part of what is unsupported).
        let capital = |j: usize| -> bool {
            toks.get(j)
                .is_some_and(|x| x.is(CAP) && !x.is(STOP) && !done[j] && !source.has(x.term))
        };
        // A capital after an opening quote or a colon starts a sentence too.
        let initial = k == 0
            || summary
                .get(..t.start)
                .and_then(|b| b.trim_end().chars().next_back())
                .is_some_and(|c| matches!(c, '"' | '“' | '‘' | '\'' | '«' | '„' | ':' | '`'));
        let is_name = ctx.cased
            && t.is(CAP)
            && (!initial || toks.get(k + 1).is_some_and(|x| x.is(CAP) && !x.is(STOP)));
        if !is_name {
            done[k] = true;
            out.push(item(Kind::Word, t.start..t.end, None));
            k += 1;
            continue;
        }
        let glued = |a: &Tok, b: &Tok| {
            summary
                .get(a.end..b.start)
                .is_some_and(|s| matches!(s, " " | "-" | "'" | "’"))
        };
        let mut first = k;
        while first > 0 && capital(first - 1) && glued(&toks[first - 1], &toks[first]) {
            first -= 1;
        }
        let mut last = k;
        while capital(last + 1) && glued(&toks[last], &toks[last + 1]) {
            last += 1;
        }
        for d in done.iter_mut().take(last + 1).skip(first) {
            *d = true;
        }
        out.push(item(Kind::Name, toks[first].start..toks[last].end, None));
        k = last + 1;
    }
    out.sort_by_key(|u| (u.start, u.end));
    out
}

#[cfg(test)]
mod tests;
