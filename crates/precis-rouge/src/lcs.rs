//! LCS kernels: length only (bit-parallel) and rouge-score's table + backtracking.

/// One word of Hyyrö's bit-parallel LCS step: `(v + (v & m) + carry) | (v & !m)` and the carry out.
#[inline(always)]
fn step(v: u64, m: u64, carry: u64) -> (u64, u64) {
    let u = v & m;
    let (s1, c1) = v.overflowing_add(u);
    let (s2, c2) = s1.overflowing_add(carry);
    (s2 | (v & !m), u64::from(c1 | c2))
}

/// Above this many bytes of position masks ([`Columns`]) a sequence's masks are not
/// precomputed: each is built from the token's position list when a row needs it (the same
/// bits, for O(occurrences) more work per row). 8 MiB holds every mask of a 2,900-token line
/// with all tokens distinct; beyond that, precomputed masks grow as distinct tokens × length.
const DENSE_BYTES: usize = 8 << 20;

/// The columns of the bit-parallel LCS: for each distinct token of a sequence, the mask of
/// its positions (`words = ⌈len/64⌉` words). Built by [`Columns::build`], which gives every
/// distinct token a slot in the caller's `slot` array (`u32::MAX` = none; reset with
/// [`Columns::reset`]).
#[derive(Default)]
pub(crate) struct Columns {
    words: usize,
    dense: bool,
    /// Dense: `n_slots × words` masks.
    masks: Vec<u64>,
    /// Sparse: positions of slot `s` are `pos[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
    pos: Vec<u32>,
    /// Sparse: the mask of slot `shown` (all zero when `shown == u32::MAX`).
    tmp: Vec<u64>,
    shown: u32,
}

impl Columns {
    /// Words per mask.
    pub(crate) fn words(&self) -> usize {
        self.words
    }

    /// Masks for `seq` (slot of token `t` in `slot[t]`, which must be all `u32::MAX` on entry).
    pub(crate) fn build(&mut self, seq: &[u32], slot: &mut [u32]) {
        self.build_with(seq, slot, DENSE_BYTES);
    }

    fn build_with(&mut self, seq: &[u32], slot: &mut [u32], dense_bytes: usize) {
        let words = seq.len().div_ceil(64);
        self.words = words;
        let mut n_slots = 0u32;
        for &t in seq {
            let s = &mut slot[t as usize];
            if *s == u32::MAX {
                *s = n_slots;
                n_slots += 1;
            }
        }
        let n_slots = n_slots as usize;
        self.dense = n_slots.saturating_mul(words).saturating_mul(8) <= dense_bytes;
        self.masks.clear();
        self.starts.clear();
        self.pos.clear();
        self.tmp.clear();
        self.shown = u32::MAX;
        if self.dense {
            self.masks.resize(n_slots * words, 0);
            for (j, &t) in seq.iter().enumerate() {
                let s = slot[t as usize] as usize;
                self.masks[s * words + j / 64] |= 1u64 << (j % 64);
            }
        } else {
            // Counting sort of positions by slot (positions ascend within a slot).
            self.starts.resize(n_slots + 1, 0);
            for &t in seq {
                self.starts[slot[t as usize] as usize + 1] += 1;
            }
            for s in 0..n_slots {
                self.starts[s + 1] += self.starts[s];
            }
            self.pos.resize(seq.len(), 0);
            let mut fill: Vec<u32> = self.starts[..n_slots].to_vec();
            for (j, &t) in seq.iter().enumerate() {
                let f = &mut fill[slot[t as usize] as usize];
                self.pos[*f as usize] = j as u32;
                *f += 1;
            }
            self.tmp.resize(words, 0);
        }
    }

    /// The mask of token `t`, or `None` if `t` is not in the sequence.
    #[inline]
    pub(crate) fn mask(&mut self, slot: &[u32], t: u32) -> Option<&[u64]> {
        let s = *slot.get(t as usize)?;
        if s == u32::MAX {
            return None;
        }
        let words = self.words;
        if self.dense {
            return self.masks.get(s as usize * words..(s as usize + 1) * words);
        }
        if self.shown != s {
            if self.shown != u32::MAX {
                let (a, b) = (
                    self.starts[self.shown as usize],
                    self.starts[self.shown as usize + 1],
                );
                for &j in &self.pos[a as usize..b as usize] {
                    self.tmp[j as usize / 64] = 0;
                }
            }
            let (a, b) = (self.starts[s as usize], self.starts[s as usize + 1]);
            for &j in &self.pos[a as usize..b as usize] {
                self.tmp[j as usize / 64] |= 1u64 << (j % 64);
            }
            self.shown = s;
        }
        Some(&self.tmp)
    }

    /// Frees the slots of `seq` (sets them back to `u32::MAX`) and buffers grown past the dense
    /// budget.
    pub(crate) fn reset(&mut self, seq: &[u32], slot: &mut [u32]) {
        for &t in seq {
            slot[t as usize] = u32::MAX;
        }
        if self.masks.capacity() * 8 + self.pos.capacity() * 8 + self.tmp.capacity() * 8
            > DENSE_BYTES
        {
            *self = Columns::default();
        }
    }
}

/// Length of the longest common subsequence of `a` and `b` (ids below the length of `slot`),
/// bit-parallel (Allison–Dix / Hyyrö): one `u64` word per 64 positions of the shorter sequence.
///
/// `slot` (all `u32::MAX` on entry and on return) and `cols` are scratch.
pub(crate) fn lcs_len(a: &[u32], b: &[u32], slot: &mut [u32], cols: &mut Columns) -> usize {
    lcs_len_in(a, b, slot, cols, DENSE_BYTES)
}

fn lcs_len_in(
    a: &[u32],
    b: &[u32],
    slot: &mut [u32],
    cols: &mut Columns,
    dense_bytes: usize,
) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return 0;
    }
    cols.build_with(a, slot, dense_bytes);
    let words = cols.words();
    let mut v = vec![u64::MAX; words];
    for &t in b {
        if let Some(m) = cols.mask(slot, t) {
            if words == 1 {
                v[0] = step(v[0], m[0], 0).0;
            } else {
                let mut carry = 0u64;
                for (vw, &mw) in v.iter_mut().zip(m) {
                    (*vw, carry) = step(*vw, mw, carry);
                }
            }
        }
    }
    cols.reset(a, slot);
    let full = a.len() / 64;
    let mut zeros: usize = v[..full].iter().map(|w| w.count_zeros() as usize).sum();
    let rem = a.len() % 64;
    if rem > 0 {
        let mask = (1u64 << rem) - 1;
        zeros += (!v[full] & mask).count_ones() as usize;
    }
    zeros
}

/// Reference implementation for the tests: rouge-score `_lcs_table(r, c)` + `_backtrack_norec`: marks `marked[i] = true` for every
/// index `i` of `r` on the backtracked LCS (ties move up in `r`). `table` is scratch.
#[cfg(test)]
pub(crate) fn mark_lcs(r: &[u32], c: &[u32], table: &mut Vec<u32>, marked: &mut [bool]) {
    let rows = r.len();
    let cols = c.len();
    let w = cols + 1;
    table.clear();
    table.resize((rows + 1) * w, 0);
    for i in 1..=rows {
        let ri = r[i - 1];
        let (prev, cur) = table[(i - 1) * w..(i + 1) * w].split_at_mut(w);
        for j in 1..=cols {
            cur[j] = if ri == c[j - 1] {
                prev[j - 1] + 1
            } else {
                prev[j].max(cur[j - 1])
            };
        }
    }
    let (mut i, mut j) = (rows, cols);
    while i > 0 && j > 0 {
        if r[i - 1] == c[j - 1] {
            marked[i - 1] = true;
            i -= 1;
            j -= 1;
        } else if table[i * w + j - 1] > table[(i - 1) * w + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
}

/// Zero bits of the bit-vector row `v` in columns `[0, j)`, i.e. the DP value `L[i][j]` of
/// Hyyrö's bit-parallel LCS after row `i`. `cum[w]` = zero bits in the words before `w` (only
/// used when the row has more than one word).
#[inline(always)]
fn zeros_below(v: &[u64], cum: &[u32], j: usize) -> u32 {
    if v.len() == 1 {
        let mask = if j >= 64 { u64::MAX } else { (1u64 << j) - 1 };
        return (!v[0] & mask).count_ones();
    }
    let w = j / 64;
    let rem = j % 64;
    if rem == 0 {
        return cum[w];
    }
    cum[w] + (!v[w] & ((1u64 << rem) - 1)).count_ones()
}

/// Most bytes the bit rows (and their prefix counts) of one (reference line, candidate line)
/// pair may take before [`mark_lcs_bits`] switches to checkpoints (32 MiB: a 1,000-token line
/// against a 170,000-token one, far beyond any sentence).
pub(crate) const TABLE_BYTES: usize = 32 << 20;

/// Scratch of [`mark_lcs_bits`]: the rows of the block being backtracked, their prefix zero
/// counts, and the checkpoint rows.
#[derive(Default)]
pub(crate) struct MarkBufs {
    rows: Vec<u64>,
    cum: Vec<u32>,
    ckpt: Vec<u64>,
    cur: Vec<u64>,
}

impl MarkBufs {
    /// Frees buffers grown past [`TABLE_BYTES`] by a huge pair, so a thread's scratch does not
    /// keep them.
    pub(crate) fn shrink(&mut self) {
        if self.rows.capacity() * 8 + self.cum.capacity() * 4 + self.ckpt.capacity() * 8
            > TABLE_BYTES
        {
            *self = MarkBufs::default();
        }
    }
}

/// One bit-parallel DP row: `out` = row after `prev` for a reference token with column mask `m`.
#[inline(always)]
fn next_row(prev: &[u64], m: Option<&[u64]>, out: &mut [u64]) {
    match m {
        None => out.copy_from_slice(prev),
        Some(m) => {
            let mut carry = 0u64;
            for ((o, &pw), &mw) in out.iter_mut().zip(prev).zip(m) {
                (*o, carry) = step(pw, mw, carry);
            }
        }
    }
}

/// Bit-parallel equivalent of rouge-score's `_lcs_table` + `_backtrack_norec` for one reference
/// sentence `r` against a candidate sentence `c` whose column masks `cols` are built (with
/// the slots in `slot`).
/// Marks `marked[i] = true` for every index `i` of `r` on the backtracked LCS.
///
/// Row `i` of the bit-vector DP (`rows`) has a 0 at bit `j - 1` iff `L[i][j] = L[i][j-1] + 1`.
/// The backtracking keeps `cur = L[i][j]`; on a mismatch rouge-score moves left iff
/// `L[i][j-1] > L[i-1][j]`: if bit `j - 1` of row `i` is 0 then `L[i][j-1] = cur - 1` and
/// (as `cur = max(L[i][j-1], L[i-1][j])`) `L[i-1][j] = cur`, so it moves up; otherwise
/// `L[i][j-1] = cur` and it moves left iff `L[i-1][j] < cur` (one prefix popcount). `cur` only
/// changes on a match (−1), and at 0 no match is left.
///
/// Memory: when all `r.len() + 1` rows fit in [`TABLE_BYTES`] they are kept; otherwise only
/// every `k`-th row is kept (`k ≈ √(2n/3)`) and the rows of one block at a time are recomputed
/// from its checkpoint while backtracking through it: ~2·√(1.5·n) rows instead of `n`, for
/// one more pass of DP work, with exactly the same marks.
pub(crate) fn mark_lcs_bits(
    r: &[u32],
    c: &[u32],
    cols: &mut Columns,
    slot: &[u32],
    bufs: &mut MarkBufs,
    marked: &mut [bool],
) {
    mark_lcs_bits_in(r, c, cols, slot, bufs, marked, TABLE_BYTES);
}

/// Rows kept per block by [`mark_lcs_bits`] for a reference line of `n` tokens against `words`
/// words of candidate columns, when the whole table would exceed `table_bytes`.
fn block_rows(n: usize, words: usize, table_bytes: usize) -> usize {
    if (n + 1).saturating_mul(words).saturating_mul(12) <= table_bytes {
        n
    } else {
        ((2 * n / 3) as f64).sqrt().ceil().max(1.0) as usize
    }
}

/// Bytes [`mark_lcs_bits`] holds for a reference line of `n` tokens against a candidate line
/// of `m` tokens (rows, prefix counts and checkpoints).
pub(crate) fn mark_bytes(n: usize, m: usize) -> usize {
    let words = m.div_ceil(64);
    let k = block_rows(n, words, TABLE_BYTES);
    let n_ckpt = n.saturating_sub(1) / k.max(1) + 1;
    (k + 1)
        .saturating_mul(words)
        .saturating_mul(12)
        .saturating_add(n_ckpt.saturating_mul(words).saturating_mul(8))
}

fn mark_lcs_bits_in(
    r: &[u32],
    c: &[u32],
    cols: &mut Columns,
    slot: &[u32],
    bufs: &mut MarkBufs,
    marked: &mut [bool],
    table_bytes: usize,
) {
    let words = cols.words();
    let n = r.len();
    if n == 0 || c.is_empty() || words == 0 {
        return;
    }
    let k = block_rows(n, words, table_bytes);
    // Checkpoint rows at 0, k, 2k, … (< n); row 0 is all ones.
    if k < n {
        let n_ckpt = (n - 1) / k + 1;
        bufs.ckpt.clear();
        bufs.ckpt.reserve(n_ckpt * words);
        bufs.ckpt.resize(words, u64::MAX);
        bufs.cur.clear();
        bufs.cur.resize(words, u64::MAX);
        let mut next = vec![0u64; words];
        let mut any = false;
        for i in 1..n {
            let m = cols.mask(slot, r[i - 1]);
            any |= m.is_some();
            next_row(&bufs.cur, m, &mut next);
            std::mem::swap(&mut bufs.cur, &mut next);
            if i % k == 0 {
                bufs.ckpt.extend_from_slice(&bufs.cur);
            }
        }
        if !any && cols.mask(slot, r[n - 1]).is_none() {
            return;
        }
    }
    let mut state: Option<(usize, usize, u32)> = None;
    let mut hi = n;
    while hi > 0 {
        let lo = (hi - 1) / k * k;
        let block = &r[lo..hi];
        let start = (lo > 0).then(|| &bufs.ckpt[lo / k * words..][..words]);
        let any = fill_block(block, start, cols, slot, &mut bufs.rows, &mut bufs.cum);
        if !any && k == n {
            // No token of `r` occurs in `c`: nothing to mark.
            return;
        }
        let (mut i, mut j, mut cur) = match state {
            Some(s) => s,
            None => {
                let last = hi - lo;
                (
                    hi,
                    c.len(),
                    zeros_below(
                        block_row(bufs, words, last),
                        block_cum(bufs, words, last),
                        c.len(),
                    ),
                )
            }
        };
        let rows = &bufs.rows;
        let cum = &bufs.cum;
        let cw = words + 1;
        let multi = words > 1;
        let row = |i: usize| &rows[(i - lo) * words..(i - lo + 1) * words];
        let crow = |i: usize| {
            if multi {
                &cum[(i - lo) * cw..(i - lo + 1) * cw]
            } else {
                &cum[..]
            }
        };
        while i > lo && j > 0 && cur > 0 {
            if r[i - 1] == c[j - 1] {
                marked[i - 1] = true;
                i -= 1;
                j -= 1;
                cur -= 1;
            } else if (row(i)[(j - 1) / 64] >> ((j - 1) % 64)) & 1 == 0 {
                i -= 1;
            } else if zeros_below(row(i - 1), crow(i - 1), j) < cur {
                j -= 1;
            } else {
                i -= 1;
            }
        }
        if j == 0 || cur == 0 {
            return;
        }
        state = Some((i, j, cur));
        hi = lo;
    }
}

fn block_row(bufs: &MarkBufs, words: usize, i: usize) -> &[u64] {
    &bufs.rows[i * words..(i + 1) * words]
}

fn block_cum(bufs: &MarkBufs, words: usize, i: usize) -> &[u32] {
    if words > 1 {
        &bufs.cum[i * (words + 1)..(i + 1) * (words + 1)]
    } else {
        &bufs.cum[..]
    }
}

/// Rows `0..=block.len()` of a block starting from the row `start` (all ones when `None`)
/// and, for multi-word rows, their prefix zero counts; returns whether any token of `block`
/// occurs in the candidate.
fn fill_block(
    block: &[u32],
    start: Option<&[u64]>,
    cols: &mut Columns,
    slot: &[u32],
    rows: &mut Vec<u64>,
    cum: &mut Vec<u32>,
) -> bool {
    let words = cols.words();
    let cw = words + 1;
    let multi = words > 1;
    let len = block.len();
    rows.clear();
    match start {
        Some(row) => rows.extend_from_slice(row),
        None => rows.resize(words, u64::MAX),
    }
    rows.resize((len + 1) * words, 0);
    cum.clear();
    if multi {
        cum.resize((len + 1) * cw, 0);
        if start.is_some() {
            prefix_zeros(&rows[..words], &mut cum[..cw]);
        }
    }
    let mut any = false;
    for i in 1..=len {
        let m = cols.mask(slot, block[i - 1]);
        any |= m.is_some();
        let (prev, cur) = rows[(i - 1) * words..(i + 1) * words].split_at_mut(words);
        next_row(prev, m, cur);
        if multi {
            prefix_zeros(cur, &mut cum[i * cw..(i + 1) * cw]);
        }
    }
    any
}

/// `crow[k]` = zero bits in the words of `row` before `k`; `crow[words]` = all of them (read
/// only when the candidate fills the last word: no padding bits).
#[inline]
fn prefix_zeros(row: &[u64], crow: &mut [u32]) {
    let mut z = 0u32;
    for (k, w) in row.iter().enumerate() {
        crow[k] = z;
        z += w.count_zeros();
    }
    crow[row.len()] = z;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dp(a: &[u32], b: &[u32]) -> usize {
        let mut row = vec![0usize; b.len() + 1];
        for &x in a {
            let mut diag = 0;
            for j in 1..=b.len() {
                let up = row[j];
                row[j] = if x == b[j - 1] {
                    diag + 1
                } else {
                    up.max(row[j - 1])
                };
                diag = up;
            }
        }
        row[b.len()]
    }

    fn rng(mut seed: u64) -> impl FnMut(u64) -> u64 {
        move |k: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % k
        }
    }

    /// The marks with every combination of dense/sparse columns and full/checkpointed rows
    /// equal those of rouge-score's table.
    #[test]
    fn bit_marks_match_table_marks() {
        let mut rnd = rng(777);
        let mut table = Vec::new();
        let mut bufs = MarkBufs::default();
        let mut cols = Columns::default();
        let mut slot = vec![u32::MAX; 16];
        for it in 0..1600 {
            let lr = rnd(if it % 5 == 0 { 400 } else { 90 }) as usize;
            let lc = rnd(if it % 4 == 0 { 1000 } else { 200 }) as usize;
            let k = 1 + rnd(12);
            let r: Vec<u32> = (0..lr).map(|_| rnd(k) as u32).collect();
            let c: Vec<u32> = (0..lc).map(|_| rnd(k) as u32).collect();
            let mut a = vec![false; lr];
            mark_lcs(&r, &c, &mut table, &mut a);
            let dense = if it % 2 == 0 { 0 } else { DENSE_BYTES };
            let rows = if it % 3 == 0 { 0 } else { TABLE_BYTES };
            cols.build_with(&c, &mut slot, dense);
            let mut b = vec![false; lr];
            mark_lcs_bits_in(&r, &c, &mut cols, &slot, &mut bufs, &mut b, rows);
            cols.reset(&c, &mut slot);
            assert_eq!(a, b, "r={r:?} c={c:?} dense={dense} rows={rows}");
            assert!(slot.iter().all(|&s| s == u32::MAX));
        }
    }

    #[test]
    fn bitparallel_matches_dp() {
        let mut rnd = rng(12345);
        let mut slot = vec![u32::MAX; 16];
        let mut cols = Columns::default();
        for it in 0..600 {
            let la = rnd(200) as usize;
            let lb = rnd(200) as usize;
            let k = 1 + rnd(15);
            let a: Vec<u32> = (0..la).map(|_| rnd(k) as u32).collect();
            let b: Vec<u32> = (0..lb).map(|_| rnd(k) as u32).collect();
            let dense = if it % 2 == 0 { 0 } else { DENSE_BYTES };
            assert_eq!(lcs_len_in(&a, &b, &mut slot, &mut cols, dense), dp(&a, &b));
            assert!(slot.iter().all(|&s| s == u32::MAX));
        }
    }

    #[test]
    fn checkpointed_rows_stay_small() {
        // 100,000 reference tokens against 100,000 candidate tokens: the whole table would be
        // 100,001 × 1,563 words × 12 bytes ≈ 1.9 GB.
        let n: usize = 100_000;
        let full = (n + 1) * n.div_ceil(64) * 12;
        assert!(full > 1 << 30);
        assert!(mark_bytes(n, n) < 16 << 20, "{}", mark_bytes(n, n));
        assert_eq!(mark_bytes(10, 20), 11 * 12 + 8);
    }
}
