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

/// Calls `f(a, b)` for every skip bigram of `t` (SPEC §6.2), and with `su` `f(a, NONE)` for
/// every unigram but the last; `dist` < 0: no distance limit; `dist` = 0 gives the bigrams.
#[cfg(test)]
fn for_each_skip(t: &[u32], dist: i64, su: bool, mut f: impl FnMut(u32, u32)) {
    let n = t.len();
    for i in 0..n.saturating_sub(1) {
        if su {
            f(t[i], NONE);
        }
        for &b in &t[i + 1..=skip_last(n, i, dist)] {
            f(t[i], b);
        }
    }
}

/// The last position paired with position `i` (< n − 1) of an `n`-token text.
#[inline]
fn skip_last(n: usize, i: usize, dist: i64) -> usize {
    if dist < 0 {
        n - 1
    } else {
        (n - 1).min(i.saturating_add(dist as usize).saturating_add(1))
    }
}

/// Number of items (skip bigrams, and unigrams with `su`) of an `n`-token text.
fn skip_count(n: usize, dist: i64, su: bool) -> u64 {
    let n = n as u64;
    if n < 2 {
        return 0;
    }
    let pairs = if dist < 0 || dist as u64 >= n {
        n * (n - 1) / 2
    } else {
        // Positions i < n − 1 − (d + 1) pair with d + 1 tokens, the last d + 1 positions with
        // the rest of the text: (d+1) + d + … + 1.
        let d1 = dist as u64 + 1;
        (n - 1 - d1.min(n - 1)) * d1 + d1.min(n - 1) * (d1.min(n - 1) + 1) / 2
    };
    pairs + if su { n - 1 } else { 0 }
}

/// The "no second token" marker of a unigram item ([`for_each_skip`]).
#[cfg(test)]
const NONE: u32 = u32::MAX;

/// Positions `0..n-1` of a text (every position that starts an item) grouped by token.
#[derive(Default)]
struct Firsts {
    starts: Vec<u32>,
    pos: Vec<u32>,
}

impl Firsts {
    fn build(&mut self, t: &[u32], vocab: usize) {
        let firsts = &t[..t.len().saturating_sub(1)];
        self.starts.clear();
        self.starts.resize(vocab + 1, 0);
        for &a in firsts {
            self.starts[a as usize + 1] += 1;
        }
        for k in 0..vocab {
            self.starts[k + 1] += self.starts[k];
        }
        self.pos.clear();
        self.pos.resize(firsts.len(), 0);
        let mut fill = self.starts[..vocab].to_vec();
        for (i, &a) in firsts.iter().enumerate() {
            let f = &mut fill[a as usize];
            self.pos[*f as usize] = i as u32;
            *f += 1;
        }
    }

    fn of(&self, a: u32) -> &[u32] {
        let a = a as usize;
        &self.pos[self.starts[a] as usize..self.starts[a + 1] as usize]
    }
}

/// Scratch of [`skip_overlap`].
#[derive(Default)]
pub(crate) struct SkipScratch {
    fm: Firsts,
    fp: Firsts,
    /// Counts of second tokens (index `vocab` = [`NONE`]) in the model and the peer.
    cm: Vec<u64>,
    cp: Vec<u64>,
    tm: Vec<u32>,
    tp: Vec<u32>,
    done: Vec<bool>,
}

/// Items of `t` that start with token `a` (at positions `pos`), counted by second token into
/// `cnt` (index `cnt.len() - 1` = [`NONE`]; second tokens seen first pushed on `touched`).
/// Enumerates the items when there are at most `t.len()` of them, else sweeps the text once
/// with the number of `a` positions in the window before each token: the same counts in
/// linear time.
fn count_from(
    t: &[u32],
    a: u32,
    pos: &[u32],
    dist: i64,
    su: bool,
    cnt: &mut [u64],
    touched: &mut Vec<u32>,
) {
    let n = t.len();
    let none = cnt.len() - 1;
    let mut add = |b: usize, x: u64| {
        if cnt[b] == 0 {
            touched.push(b as u32);
        }
        cnt[b] += x;
    };
    if su && !pos.is_empty() {
        add(none, pos.len() as u64);
    }
    if skip_work_of(n, pos, dist) <= n as u64 {
        for &i in pos {
            let i = i as usize;
            for &b in &t[i + 1..=skip_last(n, i, dist)] {
                add(b as usize, 1);
            }
        }
    } else {
        let mut occ = 0u64;
        for j in 1..n {
            if t[j - 1] == a {
                occ += 1;
            }
            if dist >= 0 {
                let d = dist as usize;
                if j >= d.saturating_add(2) && t[j - d - 2] == a {
                    occ -= 1;
                }
            }
            if occ > 0 {
                add(t[j] as usize, occ);
            }
        }
    }
}

/// Items starting at positions `pos` of an `n`-token text.
fn skip_work_of(n: usize, pos: &[u32], dist: i64) -> u64 {
    pos.iter()
        .map(|&i| (skip_last(n, i as usize, dist) - i as usize) as u64)
        .sum()
}

/// `(hits, model count, peer count)` of the multisets of skip bigrams (and unigrams): hits
/// = Σ over items of min(count in model, count in peer), grouped by first token (only first
/// tokens of both texts can hit), in O(vocabulary + text) memory; see [`skip_work`] for the
/// time.
fn skip_overlap(
    model: &[u32],
    peer: &[u32],
    dist: i64,
    su: bool,
    vocab: usize,
    s: &mut SkipScratch,
) -> (usize, usize, usize) {
    let mc = skip_count(model.len(), dist, su) as usize;
    let pc = skip_count(peer.len(), dist, su) as usize;
    if mc == 0 || pc == 0 {
        return (0, mc, pc);
    }
    s.fm.build(model, vocab);
    s.fp.build(peer, vocab);
    s.cm.clear();
    s.cm.resize(vocab + 1, 0);
    s.cp.clear();
    s.cp.resize(vocab + 1, 0);
    s.done.clear();
    s.done.resize(vocab, false);
    let mut h = 0u64;
    for &a in &model[..model.len() - 1] {
        if std::mem::replace(&mut s.done[a as usize], true) {
            continue;
        }
        let pp = s.fp.of(a);
        if pp.is_empty() {
            continue;
        }
        count_from(model, a, s.fm.of(a), dist, su, &mut s.cm, &mut s.tm);
        count_from(peer, a, pp, dist, su, &mut s.cp, &mut s.tp);
        for &b in &s.tm {
            h += s.cm[b as usize].min(s.cp[b as usize]);
            s.cm[b as usize] = 0;
        }
        for &b in &s.tp {
            s.cp[b as usize] = 0;
        }
        s.tm.clear();
        s.tp.clear();
    }
    (h as usize, mc, pc)
}

/// The work of [`skip_overlap`] (items counted, or text lengths swept), computed in linear
/// time before scoring: Σ over first tokens of both texts of min(its items, text length) in
/// each text.
fn skip_work(model: &[u32], peer: &[u32], dist: i64, vocab: usize, e: &mut Vec<u64>) -> u64 {
    let (n, m) = (model.len(), peer.len());
    if n < 2 || m < 2 {
        return 0;
    }
    e.clear();
    e.resize(2 * vocab, 0);
    for i in 0..n - 1 {
        e[model[i] as usize] += (skip_last(n, i, dist) - i) as u64;
    }
    for j in 0..m - 1 {
        e[vocab + peer[j] as usize] += (skip_last(m, j, dist) - j) as u64;
    }
    let mut w = 0u64;
    for a in 0..vocab {
        let (em, ep) = (e[a], e[vocab + a]);
        if em > 0 && ep > 0 {
            w += em.min(n as u64) + ep.min(m as u64);
        }
    }
    w
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
    skip: &mut SkipScratch,
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
        2 => skip_overlap(model, peer, 0, false, vocab, skip),
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

/// Above this many bytes, the rows of ROUGE-W's table for one (model unit, peer unit) pair are
/// checkpointed: every k-th row is kept (k ≈ √(1.5·n)) and the rows of one block at a time are
/// recomputed while tracing back through it (32 MiB: e.g. 2,000 × 2,000 tokens in one table).
const W_TABLE_BYTES: usize = 32 << 20;

/// Scratch of [`wlcs_mark`].
#[derive(Default)]
struct Dp {
    /// WLCS values of the rows of the block being traced back.
    c: Vec<f64>,
    /// Run lengths of the previous and the current row.
    run: Vec<u32>,
    run2: Vec<u32>,
    /// Checkpoint rows: values and run lengths.
    ck_c: Vec<f64>,
    ck_run: Vec<u32>,
    /// The forward pass's previous and current rows.
    prev: Vec<f64>,
    cur: Vec<f64>,
}

impl Dp {
    /// Frees buffers grown past [`W_TABLE_BYTES`] by a huge pair.
    fn shrink(&mut self) {
        let bytes = (self.c.capacity() + self.ck_c.capacity()) * 8 + self.ck_run.capacity() * 4;
        if bytes > W_TABLE_BYTES {
            *self = Dp::default();
        }
    }
}

/// Rows kept per block by [`wlcs_mark`] for an `n`-token model unit against an `m`-token peer
/// unit: all of them when the whole table fits in `table_bytes`.
fn w_block_rows(n: usize, m: usize, table_bytes: usize) -> usize {
    if (n + 1).saturating_mul(m + 1).saturating_mul(8) <= table_bytes {
        n
    } else {
        ((1.5 * n as f64).sqrt().ceil() as usize).clamp(1, n.max(1))
    }
}

/// Bytes [`wlcs_mark`] holds for an `n`-token model unit against an `m`-token peer unit.
pub(crate) fn wlcs_bytes(n: usize, m: usize) -> usize {
    let w = m.saturating_add(1);
    let k = w_block_rows(n, m, W_TABLE_BYTES);
    let ckpt = if k >= n { 0 } else { (n - 1) / k + 1 };
    (k + 1)
        .saturating_mul(w)
        .saturating_mul(8)
        .saturating_add(ckpt.saturating_mul(w).saturating_mul(12))
        .saturating_add(w.saturating_mul(24))
}

/// One row of the script's WLCS table (SPEC §6.4): `cc`/`cr` (values, run lengths) for model
/// token `mi` from the row above, `pc`/`pr`. On a match the value grows by f(k+1) − f(k) from
/// the diagonal; otherwise it is the upper value if it is at least the left one, else the left.
#[inline]
fn w_row(mi: u32, p: &[u32], f: &[f64], pc: &[f64], pr: &[u32], cc: &mut [f64], cr: &mut [u32]) {
    cc[0] = 0.0;
    cr[0] = 0;
    for j in 1..cc.len() {
        if p[j - 1] == mi {
            let k = pr[j - 1] as usize;
            cc[j] = pc[j - 1] + f[k + 1] - f[k];
            cr[j] = pr[j - 1] + 1;
        } else {
            let (up, left) = (pc[j], cc[j - 1]);
            cc[j] = if up >= left { up } else { left };
            cr[j] = 0;
        }
    }
}

/// ROUGE-W (weighted LCS with the table `f[k] = k^w`) of model unit `m` against peer unit `p`:
/// marks every model position the script's traceback passes diagonally (SPEC §6.4). The moves
/// are read from the values (a match is diagonal; else up when the upper value is at least the
/// left one), so only values are kept: all rows when they fit in [`W_TABLE_BYTES`], else
/// checkpoint rows and one block at a time, recomputed in the same order (the same values).
fn wlcs_mark(m: &[u32], p: &[u32], f: &[f64], mask: &mut [bool], dp: &mut Dp) {
    let k = w_block_rows(m.len(), p.len(), W_TABLE_BYTES);
    wlcs_mark_in(m, p, f, mask, dp, k);
}

/// [`wlcs_mark`] with blocks of `k` rows (≥ 1; `k ≥ m.len()`: the whole table).
fn wlcs_mark_in(m: &[u32], p: &[u32], f: &[f64], mask: &mut [bool], dp: &mut Dp, k: usize) {
    let (n, cols) = (m.len(), p.len());
    if n == 0 || cols == 0 {
        return;
    }
    let w = cols + 1;
    let k = k.clamp(1, n);
    dp.ck_c.clear();
    dp.ck_run.clear();
    dp.run.clear();
    dp.run.resize(w, 0);
    dp.run2.clear();
    dp.run2.resize(w, 0);
    if k < n {
        // Forward pass: rows k, 2k, … (< n) as checkpoints (row 0 is all zeros).
        dp.prev.clear();
        dp.prev.resize(w, 0.0);
        dp.cur.clear();
        dp.cur.resize(w, 0.0);
        dp.ck_c.extend_from_slice(&dp.prev);
        dp.ck_run.extend_from_slice(&dp.run);
        for i in 1..n {
            w_row(m[i - 1], p, f, &dp.prev, &dp.run, &mut dp.cur, &mut dp.run2);
            std::mem::swap(&mut dp.prev, &mut dp.cur);
            std::mem::swap(&mut dp.run, &mut dp.run2);
            if i % k == 0 {
                dp.ck_c.extend_from_slice(&dp.prev);
                dp.ck_run.extend_from_slice(&dp.run);
            }
        }
    }
    let (mut i, mut j) = (n, cols);
    let mut hi = n;
    while i != 0 && j != 0 {
        // Rows lo..=hi of the block, from checkpoint lo.
        let lo = (hi - 1) / k * k;
        dp.c.clear();
        dp.c.resize((hi - lo + 1) * w, 0.0);
        if lo > 0 {
            let at = lo / k * w;
            dp.c[..w].copy_from_slice(&dp.ck_c[at..at + w]);
            dp.run.copy_from_slice(&dp.ck_run[at..at + w]);
        } else {
            dp.run.fill(0);
        }
        for r in lo + 1..=hi {
            let (above, here) = dp.c[(r - lo - 1) * w..(r - lo + 1) * w].split_at_mut(w);
            w_row(m[r - 1], p, f, above, &dp.run, here, &mut dp.run2);
            std::mem::swap(&mut dp.run, &mut dp.run2);
        }
        let c = &dp.c;
        let at = |r: usize, col: usize| c[(r - lo) * w + col];
        while i > lo && j != 0 {
            if m[i - 1] == p[j - 1] {
                i -= 1;
                j -= 1;
                mask[i] = true;
            } else if at(i - 1, j) >= at(i, j - 1) {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        hi = lo;
    }
}

/// The script's LCS table and traceback as written (the reference of the tests).
#[cfg(test)]
fn mark(m: &[u32], p: &[u32], pow: Option<&[f64]>, mask: &mut [bool]) {
    const DIAG: u8 = 1;
    const UP: u8 = 2;
    if m.is_empty() {
        return;
    }
    let (rows, cols) = (m.len(), p.len());
    let w = cols + 1;
    let mut c = vec![0.0f64; (rows + 1) * w];
    let mut mv = vec![0u8; (rows + 1) * w];
    let mut run = vec![0u32; (rows + 1) * w];
    for i in 1..=rows {
        for j in 1..=cols {
            let here = i * w + j;
            if m[i - 1] == p[j - 1] {
                let d = (i - 1) * w + j - 1;
                match pow {
                    None => c[here] = c[d] + 1.0,
                    Some(f) => {
                        let k = run[d] as usize;
                        c[here] = c[d] + f[k + 1] - f[k];
                        run[here] = run[d] + 1;
                    }
                }
                mv[here] = DIAG;
            } else if c[(i - 1) * w + j] >= c[here - 1] {
                c[here] = c[(i - 1) * w + j];
                mv[here] = UP;
            } else {
                c[here] = c[here - 1];
                mv[here] = 3;
            }
        }
    }
    let (mut i, mut j) = (rows, cols);
    while i != 0 && j != 0 {
        match mv[i * w + j] {
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
    // Units without tokens mark nothing: the loops visit only the others.
    let nonempty = |x: &Prepared| -> Vec<usize> {
        (0..x.units.len())
            .filter(|&u| !x.units[u].is_empty())
            .collect()
    };
    let model_units: Vec<Vec<usize>> = models.iter().map(nonempty).collect();
    for pu in nonempty(peer) {
        let pu = &peer.units[pu];
        sc.cols.build(pu, &mut sc.slot);
        for ((m, mk), units) in models.iter().zip(marks.iter_mut()).zip(&model_units) {
            for &u in units {
                crate::lcs::mark_lcs_bits(
                    &m.units[u],
                    pu,
                    &mut sc.cols,
                    &sc.slot,
                    &mut sc.mark,
                    &mut mk[u],
                );
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

/// `(h, base)` of ROUGE-W for one model (`f[k] = k^w`): `base` is Σ f(|M_i|). `um` / `up` are
/// the model's and a fresh copy of the peer's unigram counts; `stamp` (one entry per vocabulary
/// id) is scratch.
fn wlcs_counts(
    model: &Prepared,
    peer: &Prepared,
    f: &[f64],
    um: &mut [u32],
    up: &mut [u32],
    stamp: &mut [u32],
    dp: &mut Dp,
) -> (f64, f64) {
    let mut hit = 0.0f64;
    let mut base = 0.0f64;
    let mut mask = Vec::new();
    let peer_units: Vec<&Vec<u32>> = peer.units.iter().filter(|u| !u.is_empty()).collect();
    for (k, unit) in model.units.iter().enumerate() {
        base += f[unit.len()];
        if unit.is_empty() {
            continue;
        }
        mask.clear();
        mask.resize(unit.len(), false);
        // Tokens of this unit carry its stamp (k + 1, unique per unit).
        let mark_id = k as u32 + 1;
        for &t in unit {
            stamp[t as usize] = mark_id;
        }
        for pu in &peer_units {
            // No shared token: no diagonal move, nothing to mark.
            if pu.iter().any(|&t| stamp[t as usize] == mark_id) {
                wlcs_mark(unit, pu, f, &mut mask, dp);
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
                run += 1;
                if j + 1 == unit.len() || !mask[j + 1] {
                    hit += f[run];
                    run = 0;
                }
            }
        }
    }
    stamp.fill(0);
    dp.shrink();
    (hit, base)
}

/// `x ** w` as the script computes it (C `pow`).
#[inline]
pub(crate) fn wpow(x: f64, w: f64) -> f64 {
    x.powf(w)
}

/// Most (model token, peer token) cells of ROUGE-W's tables for one pair (Σ over the models of
/// model tokens × peer tokens): 2²⁸ ≈ 2.7·10⁸, e.g. two 16,000-token texts, one to three seconds
/// (ROUGE-W's table is not bit-parallel: a few ns a cell, twice over when checkpointed).
pub const MAX_WLCS_CELLS: u64 = 1 << 28;

/// Most steps of ROUGE-S / ROUGE-SU's counting for one pair and metric: 2²⁹ ≈ 5.4·10⁸ (about a
/// second). Skip bigrams are counted by first token, only for first tokens of both texts, each
/// either item by item or, when it starts more items than the text has tokens, in one pass
/// over the text; the steps are Σ over those tokens and both texts of min(its items, text
/// length). Without `-2` a text of n distinct tokens has n(n−1)/2 skip bigrams (two copies of a
/// 23,000-token text of distinct tokens reach the limit); a text repeating a few tokens costs
/// linear time, and so does `-2 D` for a small D.
pub const MAX_SKIP_BIGRAMS: u64 = 1 << 29;

/// The work limits of one pair, from its tokenized units, before anything is scored:
/// ROUGE-L over [`crate::MAX_LCS_CELLS`] token pairs, ROUGE-W over [`MAX_WLCS_CELLS`], either
/// over [`crate::MAX_LCS_LINE_PAIRS`] (non-empty model sentence, peer sentence) pairs or with
/// one sentence pair needing more than [`crate::MAX_LCS_BYTES`], ROUGE-S/SU over
/// [`MAX_SKIP_BIGRAMS`] steps.
fn check_limits(
    ms: &[Prepared],
    p: &Prepared,
    opts: &Options,
    metrics: &[Metric],
    vocab: usize,
    work: &mut Vec<u64>,
) -> Result<(), Rouge155Error> {
    let tokens = |x: &Prepared| x.units.iter().map(|u| u.len() as u64).sum::<u64>();
    let units = |x: &Prepared| x.units.iter().filter(|u| !u.is_empty()).count() as u64;
    let longest = |x: &Prepared| x.units.iter().map(Vec::len).max().unwrap_or(0);
    let too_large = |m: Metric, what: String| {
        Err(Rouge155Error::TooLarge(format!(
            "{}: {what}",
            opts.metric_name(m)
        )))
    };
    for &metric in metrics {
        match metric {
            Metric::N(_) => {}
            Metric::L | Metric::W => {
                let (mt, pt) = (ms.iter().map(tokens).sum::<u64>(), tokens(p));
                let cells = mt.saturating_mul(pt);
                let (limit, name) = if metric == Metric::L {
                    (crate::MAX_LCS_CELLS, "MAX_LCS_CELLS")
                } else {
                    (MAX_WLCS_CELLS, "rouge155::MAX_WLCS_CELLS")
                };
                if cells > limit {
                    return too_large(metric, format!(
                        "{mt} model tokens × {pt} peer tokens = {cells} token pairs, over the limit of {limit} ({name})"
                    ));
                }
                let (mu, pu) = (ms.iter().map(units).sum::<u64>(), units(p));
                let pairs = mu.saturating_mul(pu);
                if pairs > crate::MAX_LCS_LINE_PAIRS {
                    return too_large(metric, format!(
                        "{mu} model sentences × {pu} peer sentences = {pairs} sentence pairs, over the limit of {} (MAX_LCS_LINE_PAIRS)",
                        crate::MAX_LCS_LINE_PAIRS
                    ));
                }
                let (ln, lp) = (ms.iter().map(longest).max().unwrap_or(0), longest(p));
                if ln > 0 && lp > 0 {
                    let bytes = if metric == Metric::L {
                        crate::lcs::mark_bytes(ln, lp)
                    } else {
                        wlcs_bytes(ln, lp)
                    };
                    if bytes > crate::MAX_LCS_BYTES {
                        return too_large(metric, format!(
                            "a {ln}-token model sentence against a {lp}-token peer sentence needs {} MiB, over the limit of {} MiB (MAX_LCS_BYTES)",
                            bytes >> 20,
                            crate::MAX_LCS_BYTES >> 20
                        ));
                    }
                }
            }
            Metric::S | Metric::SU => {
                let dist = opts.skip_distance();
                let steps = ms
                    .iter()
                    .map(|m| skip_work(&m.flat, &p.flat, dist, vocab, work))
                    .fold(0u64, u64::saturating_add);
                if steps > MAX_SKIP_BIGRAMS {
                    let mt: usize = ms.iter().map(|m| m.flat.len()).sum();
                    return too_large(metric, format!(
                        "counting the skip bigrams of {mt} model tokens and {} peer tokens takes {steps} steps, over the limit of {MAX_SKIP_BIGRAMS} (rouge155::MAX_SKIP_BIGRAMS)",
                        p.flat.len()
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The per-pair result of [`score_pair`]: the counts of the metrics before the first that
/// failed, and that failure (ROUGE-W with a token-less model, where the script dies).
pub(crate) type PairCounts = (Vec<Counts>, Option<(usize, Rouge155Error)>);

/// All metrics of one peer against its models. Stops at the first metric that fails (ROUGE-W
/// with a token-less model, where the script dies): `(counts before it, (index, error))`.
/// With `checked`, a pair over the work limits ([`check_limits`]) is an error before anything
/// is scored.
pub(crate) fn score_pair(
    peer: &Summary,
    models: &[Summary],
    opts: &Options,
    metrics: &[Metric],
    checked: bool,
) -> Result<PairCounts, Rouge155Error> {
    let mut vocab = Vocab::default();
    let p = prepare(peer, opts, &mut vocab);
    let ms: Vec<Prepared> = models
        .iter()
        .map(|m| prepare(m, opts, &mut vocab))
        .collect();
    let nv = vocab.len();
    if checked {
        check_limits(&ms, &p, opts, metrics, nv, &mut Vec::new())?;
    }
    let mut um = vec![0u32; nv];
    let mut up = vec![0u32; nv];
    let mut dp = Dp::default();
    let mut dense: Vec<u32> = Vec::new();
    let mut skip = SkipScratch::default();
    let mut stamp: Vec<u32> = Vec::new();
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
                    let (h, mc, pc) = ngram_overlap(&m.flat, &p.flat, n, nv, &mut dense, &mut skip);
                    let (h, mc) = (h as f64, mc as f64);
                    acc.add(h, mc, pc as f64, rounded_recall(h, mc));
                }
            }
            Metric::S | Metric::SU => {
                let (dist, su) = (opts.skip_distance(), metric == Metric::SU);
                for m in &ms {
                    let (h, mc, pc) = skip_overlap(&m.flat, &p.flat, dist, su, nv, &mut skip);
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
                stamp.resize(nv, 0);
                for (k, m) in ms.iter().enumerate() {
                    fill_counts(&m.flat, &mut um);
                    fill_counts(&p.flat, &mut up);
                    let (h, base) =
                        wlcs_counts(m, &p, &table, &mut um, &mut up, &mut stamp, &mut dp);
                    clear_counts(&m.flat, &mut um);
                    clear_counts(&p.flat, &mut up);
                    if base == 0.0 {
                        return Ok((out, Some((mi, Rouge155Error::EmptyModelW { model: k }))));
                    }
                    let s = wpow(h / base, 1.0 / w);
                    acc.add(h, wpow(base, w), wpow(p.flat.len() as f64, w), s);
                }
            }
        }
        out.push(acc.counts);
    }
    Ok((out, None))
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

    /// A small deterministic generator (LCG) for the randomized comparisons.
    fn rng(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |k| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % k
        }
    }

    /// Skip bigrams as the specification counts them: every item enumerated, multisets
    /// compared sorted.
    fn naive_skip(m: &[u32], p: &[u32], dist: i64, su: bool) -> (usize, usize, usize) {
        let grams = |t: &[u32]| {
            let mut g = Vec::new();
            for_each_skip(t, dist, su, |a, b| {
                g.push((u64::from(a) << 32) | u64::from(b))
            });
            g.sort_unstable();
            g
        };
        let (mg, pg) = (grams(m), grams(p));
        (sorted_overlap(&mg, &pg), mg.len(), pg.len())
    }

    #[test]
    fn grouped_skip_bigrams_equal_the_enumeration() {
        // Small vocabularies (long runs of a token: counted by sweeping) and large ones
        // (counted item by item), every distance and SU, against the plain enumeration.
        let mut r = rng(7);
        let mut s = SkipScratch::default();
        for case in 0..400 {
            let vocab = [1u64, 2, 3, 5, 40][case % 5];
            let (n, m) = (r(60) as usize, r(60) as usize);
            let model: Vec<u32> = (0..n).map(|_| r(vocab) as u32).collect();
            let peer: Vec<u32> = (0..m).map(|_| r(vocab) as u32).collect();
            for dist in [-1, 0, 1, 3, 100] {
                for su in [false, true] {
                    let got = skip_overlap(&model, &peer, dist, su, vocab as usize, &mut s);
                    let want = naive_skip(&model, &peer, dist, su);
                    assert_eq!(got, want, "{model:?} {peer:?} {dist} {su}");
                    assert_eq!(skip_count(n, dist, su) as usize, want.1);
                }
            }
        }
        assert!(s.cm.iter().chain(&s.cp).all(|&c| c == 0));
    }

    #[test]
    fn skip_work_is_linear_for_repeated_tokens() {
        // "a b a b …": every first token starts ~n²/4 items, far more than the text has
        // tokens, so each is swept once: the work is 2 × 2 × n, not n².
        let t: Vec<u32> = (0..100_000).map(|i| i % 2).collect();
        let mut e = Vec::new();
        assert_eq!(skip_work(&t, &t, -1, 2, &mut e), 4 * 100_000);
        // Distinct tokens: every item is counted.
        let d: Vec<u32> = (0..1000).collect();
        assert_eq!(
            skip_work(&d, &d, -1, 1000, &mut e),
            2 * skip_count(1000, -1, false)
        );
        assert_eq!(
            skip_work(&d, &d, 3, 1000, &mut e),
            2 * skip_count(1000, 3, false)
        );
        // Swept counts are exact on long texts too.
        let mut s = SkipScratch::default();
        let (a, b) = (&t[..2000], &t[1..1801]);
        for dist in [-1, 4] {
            assert_eq!(
                skip_overlap(a, b, dist, true, 2, &mut s),
                naive_skip(a, b, dist, true)
            );
        }
    }

    #[test]
    fn ngram_overlaps_equal_sorted_windows() {
        let m = [0u32, 1, 2, 1, 0, 3, 1, 2];
        let p = [1u32, 0, 1, 2, 3, 3, 0];
        let (mut dense, mut skip) = (Vec::new(), SkipScratch::default());
        for n in 1..=6 {
            let a = ngram_overlap(&m, &p, n, 4, &mut dense, &mut skip);
            let (mg, pg) = (sorted_windows(&m, n), sorted_windows(&p, n));
            assert_eq!(a, (sorted_overlap(&mg, &pg), mg.len(), pg.len()), "n={n}");
        }
        assert!(dense.iter().all(|&c| c == 0));
    }

    #[test]
    fn lcs_tie_rule_marks_the_later_match() {
        // model "a b", peer "b a": both LCSs have length 1; ties move up, so the traceback
        // from (2, 2) goes up to row 1 and marks model position 0 ("a").
        let mut mask = vec![false; 2];
        mark(&[0, 1], &[1, 0], None, &mut mask);
        assert_eq!(mask, vec![true, false]);
        let f: Vec<f64> = (0..4).map(|k| wpow(k as f64, 1.2)).collect();
        let mut mask = vec![false; 2];
        wlcs_mark(&[0, 1], &[1, 0], &f, &mut mask, &mut Dp::default());
        assert_eq!(mask, vec![true, false]);
    }

    #[test]
    fn wlcs_marks_equal_the_scripts_table() {
        // The value-only table, whole or checkpointed in blocks of a few rows, marks exactly what the script's full table with its move matrix marks.
        let mut r = rng(11);
        let mut dp = Dp::default();
        for case in 0..300 {
            let vocab = [2u64, 4, 9, 30][case % 4];
            let (n, m) = (1 + r(70) as usize, 1 + r(70) as usize);
            let a: Vec<u32> = (0..n).map(|_| r(vocab) as u32).collect();
            let b: Vec<u32> = (0..m).map(|_| r(vocab) as u32).collect();
            let weight = [1.2, 0.5, 2.0][case % 3];
            let f: Vec<f64> = (0..=n.max(m) + 1).map(|k| wpow(k as f64, weight)).collect();
            let mut want = vec![false; n];
            mark(&a, &b, Some(&f), &mut want);
            for k in [n, 1, 2, 3, 7, w_block_rows(n, m, 0)] {
                let mut got = vec![false; n];
                wlcs_mark_in(&a, &b, &f, &mut got, &mut dp, k);
                assert_eq!(got, want, "{a:?} {b:?} k {k}");
            }
        }
    }

    #[test]
    fn wlcs_memory_is_checkpointed() {
        // One 50,000-token unit pair: the whole table would be 20 GB; checkpointed, ~200 MB.
        assert!(wlcs_bytes(50_000, 50_000) <= crate::MAX_LCS_BYTES);
        assert!(wlcs_bytes(200_000, 200_000) > crate::MAX_LCS_BYTES);
        assert_eq!(w_block_rows(100, 100, W_TABLE_BYTES), 100);
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
