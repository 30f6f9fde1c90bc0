//! Per-pair counts of ROUGE-1.5.5 (SPEC §4–§6): the two views of a text, ROUGE-N, S/SU, L, W,
//! and the combination of several models by `-f A` / `-f B`.

use std::cell::RefCell;
use std::collections::HashMap;

use crate::hash::MixBuild;

use super::input::{is_perl_space, Summary};
use super::stem::stem_token;
use super::{fmt5, Counts, Formula, Limit, Metric, Options, Rouge155Error};

/// Stems of tokens longer than 3 bytes, per thread (cleared past a size cap).
struct StemCache {
    map: HashMap<Box<[u8]>, Box<[u8]>, MixBuild>,
    buf: Vec<u8>,
}

thread_local! {
    static STEMS: RefCell<StemCache> = RefCell::new(StemCache {
        map: HashMap::default(),
        buf: Vec::new(),
    });
}

const STEM_CACHE_CAP: usize = 1 << 20;

/// Token strings (after stemming) of one pair mapped to dense ids.
#[derive(Default)]
pub(crate) struct Vocab {
    ids: HashMap<Box<[u8]>, u32, MixBuild>,
}

impl Vocab {
    pub(crate) fn len(&self) -> usize {
        self.ids.len()
    }

    fn intern(&mut self, tok: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(tok) {
            return id;
        }
        let id = self.ids.len() as u32;
        self.ids.insert(tok.into(), id);
        id
    }

    /// Id of raw token `tok` (a maximal `[a-z0-9]` run), stemmed if asked.
    fn token(&mut self, tok: &[u8], stem: bool) -> u32 {
        if !stem || tok.len() <= 3 {
            return self.intern(tok);
        }
        STEMS.with(|cell| {
            let mut c = cell.borrow_mut();
            if let Some(s) = c.map.get(tok) {
                return self.intern(s);
            }
            let mut buf = std::mem::take(&mut c.buf);
            stem_token(tok, &mut buf);
            let id = self.intern(&buf);
            if c.map.len() > STEM_CACHE_CAP {
                c.map.clear();
            }
            c.map.insert(tok.into(), buf.as_slice().into());
            c.buf = buf;
            id
        })
    }
}

/// A summary tokenized for one option set: the flat token stream and the units.
#[derive(Debug, Default, Clone)]
pub(crate) struct Prepared {
    pub(crate) flat: Vec<u32>,
    pub(crate) units: Vec<Vec<u32>>,
}

/// Tokens of lower-cased bytes: the maximal `[a-z0-9]` runs, minus stop words, stemmed.
fn tokenize(text: &[u8], opts: &Options, vocab: &mut Vocab, out: &mut Vec<u32>) {
    for piece in text.split(|b| !(b.is_ascii_lowercase() || b.is_ascii_digit())) {
        if piece.is_empty() {
            continue;
        }
        if let Some(sw) = &opts.stopwords {
            if sw.contains(piece) {
                continue;
            }
        }
        out.push(vocab.token(piece, opts.stem));
    }
}

/// Perl's `split(/\s+/, $s)`: a leading empty field is kept (when some field follows),
/// trailing empty fields are dropped.
fn perl_fields(s: &[u8]) -> Vec<&[u8]> {
    let mut v: Vec<&[u8]> = s.split(|&b| is_perl_space(b)).collect();
    // Runs of spaces give empty fields in the middle; Perl's /\s+/ joins them.
    let mut out: Vec<&[u8]> = Vec::with_capacity(v.len());
    for (i, f) in v.drain(..).enumerate() {
        if f.is_empty() && i > 0 {
            continue;
        }
        out.push(f);
    }
    while out.last().is_some_and(|f| f.is_empty()) {
        out.pop();
    }
    out
}

/// The first `k` fields joined with single spaces (`k` never exceeds the number of fields:
/// the cut happens only when the sentence reaches the limit).
fn join_fields(fields: &[&[u8]], k: usize) -> Vec<u8> {
    fields[..k.min(fields.len())].join(&b' ')
}

/// The flat text (SPEC §5.1); `None` when the script's text would be undefined.
fn flat_text(sents: &[Vec<u8>], limit: Limit) -> Option<Vec<u8>> {
    match limit {
        Limit::None => Some(sents.join(&b' ')),
        Limit::Words(n) | Limit::Bytes(n) => {
            let mut text = Vec::new();
            let mut used = 0usize;
            for s in sents {
                let fields = perl_fields(s);
                let len = match limit {
                    Limit::Words(_) => fields.len(),
                    _ => s.len(),
                };
                if used + len < n {
                    if used != 0 {
                        text.push(b' ');
                    }
                    text.extend_from_slice(s);
                    used += len;
                } else {
                    if used > 0 {
                        text.push(b' ');
                    }
                    match limit {
                        Limit::Words(_) => text.extend(join_fields(&fields, n - used)),
                        _ => text.extend_from_slice(&s[..(n - used).min(s.len())]),
                    }
                    break;
                }
            }
            (!text.is_empty()).then_some(text)
        }
    }
}

/// The units (SPEC §5.2), including the `-b` quirk (the running total never advances).
fn unit_texts(sents: &[Vec<u8>], limit: Limit) -> Vec<Vec<u8>> {
    match limit {
        Limit::None => sents.to_vec(),
        Limit::Words(n) => {
            let mut out = Vec::new();
            let mut used = 0usize;
            for s in sents {
                let fields = perl_fields(s);
                if used + fields.len() < n {
                    used += fields.len();
                    out.push(s.clone());
                } else {
                    out.push(join_fields(&fields, n - used));
                    break;
                }
            }
            out
        }
        Limit::Bytes(n) => {
            let mut out = Vec::new();
            for s in sents {
                if s.len() < n {
                    out.push(s.clone());
                } else {
                    out.push(s[..n].to_vec());
                    break;
                }
            }
            out
        }
    }
}

/// Lower-cases (ASCII only), truncates and tokenizes a summary.
pub(crate) fn prepare(s: &Summary, opts: &Options, vocab: &mut Vocab) -> Prepared {
    let lower: Vec<Vec<u8>> = s.sentences.iter().map(|x| x.to_ascii_lowercase()).collect();
    let mut p = Prepared::default();
    for u in unit_texts(&lower, opts.limit) {
        let mut ids = Vec::new();
        tokenize(&u, opts, vocab, &mut ids);
        p.units.push(ids);
    }
    if opts.limit == Limit::None {
        p.flat = p.units.concat();
    } else if let Some(t) = flat_text(&lower, opts.limit) {
        tokenize(&t, opts, vocab, &mut p.flat);
    }
    p
}

/// Σ over distinct keys of min(count in a, count in b), both sorted.
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

/// Largest vocabulary for the dense pair-count table ((V+1)² counters).
const DENSE_MAX_VOCAB: usize = 2047;

/// Calls `f(a, b)` for every skip bigram of `t` (SPEC §6.2), and with `su` `f(a, NONE)` for
/// every unigram but the last; `dist` < 0: no distance limit; `dist` = 0 gives the bigrams.
fn for_each_skip(t: &[u32], dist: i64, su: bool, mut f: impl FnMut(u32, u32)) {
    let n = t.len();
    for i in 0..n.saturating_sub(1) {
        if su {
            f(t[i], NONE);
        }
        let last = if dist < 0 {
            n - 1
        } else {
            (n - 1).min(i.saturating_add(dist as usize).saturating_add(1))
        };
        for &b in &t[i + 1..=last] {
            f(t[i], b);
        }
    }
}

/// The "no second token" marker of a unigram item.
const NONE: u32 = u32::MAX;

/// `(hits, model count, peer count)` of the multisets of skip bigrams (and unigrams): hits
/// = Σ over items of min(count in model, count in peer).
fn skip_overlap(
    model: &[u32],
    peer: &[u32],
    dist: i64,
    su: bool,
    vocab: usize,
    dense: &mut Vec<u32>,
) -> (usize, usize, usize) {
    if vocab <= DENSE_MAX_VOCAB {
        let w = vocab + 1;
        if dense.len() < w * w {
            dense.resize(w * w, 0);
        }
        let key = |a: u32, b: u32| a as usize * w + if b == NONE { vocab } else { b as usize };
        let mut mc = 0usize;
        for_each_skip(model, dist, su, |a, b| {
            dense[key(a, b)] += 1;
            mc += 1;
        });
        let (mut pc, mut h) = (0usize, 0usize);
        for_each_skip(peer, dist, su, |a, b| {
            pc += 1;
            let c = &mut dense[key(a, b)];
            if *c > 0 {
                *c -= 1;
                h += 1;
            }
        });
        for_each_skip(model, dist, su, |a, b| dense[key(a, b)] = 0);
        (h, mc, pc)
    } else {
        let grams = |t: &[u32]| {
            let mut g = Vec::new();
            for_each_skip(t, dist, su, |a, b| {
                g.push((u64::from(a) << 32) | u64::from(b))
            });
            g.sort_unstable();
            g
        };
        let (mg, pg) = (grams(model), grams(peer));
        (sorted_overlap(&mg, &pg), mg.len(), pg.len())
    }
}

fn sorted_windows(t: &[u32], n: usize) -> Vec<&[u32]> {
    let mut g: Vec<&[u32]> = if t.len() < n {
        Vec::new()
    } else {
        t.windows(n).collect()
    };
    g.sort_unstable();
    g
}

/// `(hits, model count, peer count)` of the n-gram multisets.
fn ngram_overlap(
    model: &[u32],
    peer: &[u32],
    n: usize,
    vocab: usize,
    dense: &mut Vec<u32>,
) -> (usize, usize, usize) {
    let count = |t: &[u32]| {
        if n == 0 {
            0
        } else {
            (t.len() + 1).saturating_sub(n)
        }
    };
    match n {
        0 => (0, 0, 0),
        1 => {
            if dense.len() < vocab {
                dense.resize(vocab, 0);
            }
            for &a in model {
                dense[a as usize] += 1;
            }
            let mut h = 0;
            for &a in peer {
                let c = &mut dense[a as usize];
                if *c > 0 {
                    *c -= 1;
                    h += 1;
                }
            }
            for &a in model {
                dense[a as usize] = 0;
            }
            (h, model.len(), peer.len())
        }
        2 => skip_overlap(model, peer, 0, false, vocab, dense),
        3 | 4 => {
            let grams = |t: &[u32]| {
                let mut g: Vec<u128> = t
                    .windows(n)
                    .map(|w| w.iter().fold(0u128, |k, &x| (k << 32) | u128::from(x)))
                    .collect();
                g.sort_unstable();
                g
            };
            let (mg, pg) = (grams(model), grams(peer));
            (sorted_overlap(&mg, &pg), count(model), count(peer))
        }
        _ => {
            let (mg, pg) = (sorted_windows(model, n), sorted_windows(peer, n));
            (sorted_overlap(&mg, &pg), count(model), count(peer))
        }
    }
}

/// DP scratch for the LCS tables.
#[derive(Default)]
struct Dp {
    c: Vec<f64>,
    run: Vec<u32>,
    mv: Vec<u8>,
}

const DIAG: u8 = 1;
const UP: u8 = 2;
const LEFT: u8 = 3;

/// LCS (or WLCS with `pow` = f(k) table) of model unit `m` against peer unit `p`; marks every
/// model position the traceback passes diagonally (SPEC §6.3/§6.4).
fn mark(m: &[u32], p: &[u32], pow: Option<&[f64]>, mask: &mut [bool], dp: &mut Dp) {
    if m.is_empty() {
        return;
    }
    let (rows, cols) = (m.len(), p.len());
    let w = cols + 1;
    dp.c.clear();
    dp.c.resize((rows + 1) * w, 0.0);
    dp.mv.clear();
    dp.mv.resize((rows + 1) * w, 0);
    if pow.is_some() {
        dp.run.clear();
        dp.run.resize((rows + 1) * w, 0);
    }
    for i in 1..=rows {
        for j in 1..=cols {
            let here = i * w + j;
            if m[i - 1] == p[j - 1] {
                let d = (i - 1) * w + j - 1;
                match pow {
                    None => dp.c[here] = dp.c[d] + 1.0,
                    Some(f) => {
                        let k = dp.run[d] as usize;
                        dp.c[here] = dp.c[d] + f[k + 1] - f[k];
                        dp.run[here] = dp.run[d] + 1;
                    }
                }
                dp.mv[here] = DIAG;
            } else if dp.c[(i - 1) * w + j] >= dp.c[here - 1] {
                dp.c[here] = dp.c[(i - 1) * w + j];
                dp.mv[here] = UP;
            } else {
                dp.c[here] = dp.c[here - 1];
                dp.mv[here] = LEFT;
            }
        }
    }
    let (mut i, mut j) = (rows, cols);
    while i != 0 && j != 0 {
        match dp.mv[i * w + j] {
            DIAG => {
                i -= 1;
                j -= 1;
                mask[i] = true;
            }
            UP => i -= 1,
            _ => j -= 1,
        }
    }
}

/// ROUGE-L marks of every model unit against every peer unit (bit-parallel LCS with the same
/// table and tie rules as the script's; see `crate::lcs::mark_lcs_bits`): `marks[m][u][k]`.
fn lcs_marks(
    models: &[Prepared],
    peer: &Prepared,
    vocab: usize,
    sc: &mut LcsScratch,
) -> Vec<Vec<Vec<bool>>> {
    let mut marks: Vec<Vec<Vec<bool>>> = models
        .iter()
        .map(|m| m.units.iter().map(|u| vec![false; u.len()]).collect())
        .collect();
    sc.slot.clear();
    sc.slot.resize(vocab, u32::MAX);
    for pu in &peer.units {
        if pu.is_empty() {
            continue;
        }
        sc.cols.build(pu, &mut sc.slot);
        for (m, mk) in models.iter().zip(marks.iter_mut()) {
            for (unit, marked) in m.units.iter().zip(mk.iter_mut()) {
                if !unit.is_empty() {
                    crate::lcs::mark_lcs_bits(
                        unit,
                        pu,
                        &mut sc.cols,
                        &sc.slot,
                        &mut sc.mark,
                        marked,
                    );
                }
            }
        }
        sc.cols.reset(pu, &mut sc.slot);
    }
    sc.mark.shrink();
    marks
}

/// Scratch of [`lcs_marks`].
#[derive(Default)]
struct LcsScratch {
    slot: Vec<u32>,
    cols: crate::lcs::Columns,
    mark: crate::lcs::MarkBufs,
}

/// ROUGE-L hits of one model from its marks, clipped by the unigram counts.
fn lcs_hits(model: &Prepared, marks: &[Vec<bool>], um: &mut [u32], up: &mut [u32]) -> (f64, f64) {
    let mut hit = 0usize;
    let mut base = 0usize;
    for (unit, mask) in model.units.iter().zip(marks) {
        base += unit.len();
        for (&t, &mk) in unit.iter().zip(mask) {
            let t = t as usize;
            if mk && um[t] > 0 && up[t] > 0 {
                um[t] -= 1;
                up[t] -= 1;
                hit += 1;
            }
        }
    }
    (hit as f64, base as f64)
}

/// `(h, base, s)` of ROUGE-L (`pow` None) or ROUGE-W for one model; `base` is Σ|M_i| or
/// Σ f(|M_i|). `um` / `up` are the model's and a fresh copy of the peer's unigram counts.
fn lcs_counts(
    model: &Prepared,
    peer: &Prepared,
    pow: Option<&[f64]>,
    um: &mut [u32],
    up: &mut [u32],
    dp: &mut Dp,
) -> (f64, f64) {
    let mut hit = 0.0f64;
    let mut base = 0.0f64;
    let mut mask = Vec::new();
    for unit in &model.units {
        mask.clear();
        mask.resize(unit.len(), false);
        base += match pow {
            None => unit.len() as f64,
            Some(f) => f[unit.len()],
        };
        for pu in &peer.units {
            // No shared token: no diagonal move, nothing to mark.
            if pu.iter().any(|t| unit.contains(t)) {
                mark(unit, pu, pow, &mut mask, dp);
            }
        }
        let mut run = 0usize;
        for (j, &t) in unit.iter().enumerate() {
            if !mask[j] {
                continue;
            }
            let t = t as usize;
            if um[t] > 0 && up[t] > 0 {
                um[t] -= 1;
                up[t] -= 1;
                match pow {
                    None => hit += 1.0,
                    Some(f) => {
                        run += 1;
                        if j + 1 == unit.len() || !mask[j + 1] {
                            hit += f[run];
                            run = 0;
                        }
                    }
                }
            }
        }
    }
    (hit, base)
}

/// `x ** w` as the script computes it (C `pow`).
#[inline]
pub(crate) fn wpow(x: f64, w: f64) -> f64 {
    x.powf(w)
}

/// All metrics of one peer against its models. Stops at the first metric that fails (ROUGE-W
/// with a token-less model, where the script dies): `Err((index of that metric, error))`
/// together with the counts before it.
pub(crate) fn score_pair(
    peer: &Summary,
    models: &[Summary],
    opts: &Options,
    metrics: &[Metric],
) -> (Vec<Counts>, Option<(usize, Rouge155Error)>) {
    let mut vocab = Vocab::default();
    let p = prepare(peer, opts, &mut vocab);
    let ms: Vec<Prepared> = models
        .iter()
        .map(|m| prepare(m, opts, &mut vocab))
        .collect();
    let nv = vocab.len();
    let mut um = vec![0u32; nv];
    let mut up = vec![0u32; nv];
    let mut dp = Dp::default();
    let mut dense: Vec<u32> = Vec::new();
    let mut lcs_scratch = LcsScratch::default();
    let max_len = ms
        .iter()
        .chain(std::iter::once(&p))
        .flat_map(|x| x.units.iter().map(Vec::len))
        .max()
        .unwrap_or(0);
    let mut out = Vec::with_capacity(metrics.len());
    for (mi, &metric) in metrics.iter().enumerate() {
        let mut acc = Acc::new(opts.formula);
        match metric {
            Metric::N(n) => {
                for m in &ms {
                    let (h, mc, pc) = ngram_overlap(&m.flat, &p.flat, n, nv, &mut dense);
                    let (h, mc) = (h as f64, mc as f64);
                    acc.add(h, mc, pc as f64, rounded_recall(h, mc));
                }
            }
            Metric::S | Metric::SU => {
                let (dist, su) = (opts.skip_distance(), metric == Metric::SU);
                for m in &ms {
                    let (h, mc, pc) = skip_overlap(&m.flat, &p.flat, dist, su, nv, &mut dense);
                    let (h, mc) = (h as f64, mc as f64);
                    acc.add(h, mc, pc as f64, rounded_recall(h, mc));
                }
            }
            Metric::L => {
                let marks = lcs_marks(&ms, &p, nv, &mut lcs_scratch);
                for (m, mk) in ms.iter().zip(&marks) {
                    fill_counts(&m.flat, &mut um);
                    fill_counts(&p.flat, &mut up);
                    let (h, base) = lcs_hits(m, mk, &mut um, &mut up);
                    clear_counts(&m.flat, &mut um);
                    clear_counts(&p.flat, &mut up);
                    let s = if base > 0.0 { h / base } else { 0.0 };
                    acc.add(h, base, p.flat.len() as f64, s);
                }
            }
            Metric::W => {
                let w = opts.weight();
                let table: Vec<f64> = (0..=max_len + 1).map(|k| wpow(k as f64, w)).collect();
                for (k, m) in ms.iter().enumerate() {
                    fill_counts(&m.flat, &mut um);
                    fill_counts(&p.flat, &mut up);
                    let (h, base) = lcs_counts(m, &p, Some(&table), &mut um, &mut up, &mut dp);
                    clear_counts(&m.flat, &mut um);
                    clear_counts(&p.flat, &mut up);
                    if base == 0.0 {
                        return (out, Some((mi, Rouge155Error::EmptyModelW { model: k })));
                    }
                    let s = wpow(h / base, 1.0 / w);
                    acc.add(h, wpow(base, w), wpow(p.flat.len() as f64, w), s);
                }
            }
        }
        out.push(acc.counts);
    }
    (out, None)
}

fn fill_counts(t: &[u32], c: &mut [u32]) {
    for &x in t {
        c[x as usize] += 1;
    }
}

fn clear_counts(t: &[u32], c: &mut [u32]) {
    for &x in t {
        c[x as usize] = 0;
    }
}

/// The `-f B` comparison value of ROUGE-N and S/SU: recall rounded to 5 decimals, 0 without
/// model n-grams.
fn rounded_recall(h: f64, mc: f64) -> f64 {
    if mc != 0.0 {
        fmt5(h / mc).parse().unwrap_or(0.0)
    } else {
        0.0
    }
}

/// Combination of the models' counts (SPEC §6.6).
struct Acc {
    formula: Formula,
    best: f64,
    counts: Counts,
}

impl Acc {
    fn new(formula: Formula) -> Self {
        Acc {
            formula,
            best: -1.0,
            counts: Counts::default(),
        }
    }

    fn add(&mut self, h: f64, mc: f64, pc: f64, s: f64) {
        match self.formula {
            Formula::A => {
                self.counts.hit += h;
                self.counts.model += mc;
                self.counts.peer += pc;
            }
            Formula::B => {
                if s > self.best {
                    self.best = s;
                    self.counts = Counts {
                        hit: h,
                        model: mc,
                        peer: pc,
                    };
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perl_split_fields() {
        let f = |s: &str| perl_fields(s.as_bytes()).len();
        assert_eq!(f("a b  c"), 3);
        assert_eq!(f(" a b"), 3);
        assert_eq!(f("a b  "), 2);
        assert_eq!(f("   "), 0);
        assert_eq!(f(""), 0);
        assert_eq!(f("state-of-the-art"), 1);
        assert_eq!(f("hello\u{a0}world"), 1);
    }

    fn n_skip(t: &[u32], dist: i64, su: bool) -> usize {
        let mut n = 0;
        for_each_skip(t, dist, su, |_, _| n += 1);
        n
    }

    #[test]
    fn skip_bigram_counts() {
        // SPEC §6.2: the last token never starts a pair nor adds its unigram.
        assert_eq!(n_skip(&[1, 2, 3, 4], -1, false), 6);
        assert_eq!(n_skip(&[1, 2, 3, 4], -1, true), 9);
        assert_eq!(n_skip(&[1, 2, 3, 4], 0, false), 3);
        assert_eq!(n_skip(&[1, 2, 3, 4, 5], 1, false), 7);
        assert_eq!(n_skip(&[1], -1, true), 0);
    }

    #[test]
    fn dense_and_sorted_overlaps_agree() {
        // The dense table (small vocabularies) and the sorted fallback count the same.
        let m = [0u32, 1, 2, 1, 0, 3, 1, 2];
        let p = [1u32, 0, 1, 2, 3, 3, 0];
        let mut dense = Vec::new();
        for (dist, su) in [(-1, false), (-1, true), (0, false), (2, true)] {
            let a = skip_overlap(&m, &p, dist, su, 4, &mut dense);
            let b = skip_overlap(&m, &p, dist, su, DENSE_MAX_VOCAB + 1, &mut dense);
            assert_eq!(a, b, "{dist} {su}");
        }
        for n in 1..=6 {
            let a = ngram_overlap(&m, &p, n, 4, &mut dense);
            let (mg, pg) = (sorted_windows(&m, n), sorted_windows(&p, n));
            assert_eq!(a, (sorted_overlap(&mg, &pg), mg.len(), pg.len()), "n={n}");
        }
        assert!(dense.iter().all(|&c| c == 0));
    }

    #[test]
    fn lcs_tie_rule_marks_the_later_match() {
        // model "a b", peer "b a": both LCSs have length 1; ties move up, so the traceback
        // from (2, 2) goes up to row 1 and marks model position 0 ("a").
        let mut dp = Dp::default();
        let mut mask = vec![false; 2];
        mark(&[0, 1], &[1, 0], None, &mut mask, &mut dp);
        assert_eq!(mask, vec![true, false]);
    }

    #[test]
    fn limits() {
        let s: Vec<Vec<u8>> = vec![b"one two three".to_vec(), b"four five".to_vec()];
        assert_eq!(
            flat_text(&s, Limit::Words(4)).unwrap(),
            b"one two three four"
        );
        assert_eq!(flat_text(&s, Limit::Words(3)).unwrap(), b"one two three");
        assert_eq!(
            flat_text(&s, Limit::Bytes(15)).unwrap(),
            b"one two three fo"
        );
        assert_eq!(unit_texts(&s, Limit::Words(4))[1], b"four");
        // -b units quirk: the total never advances.
        assert_eq!(unit_texts(&s, Limit::Bytes(10)).len(), 1);
        assert_eq!(unit_texts(&s, Limit::Bytes(10))[0], b"one two th");
        assert_eq!(unit_texts(&s, Limit::Bytes(14)), s);
    }
}
