//! LCS kernels: length only (bit-parallel) and rouge-score's table + backtracking.

/// One word of Hyyrö's bit-parallel LCS step: `(v + (v & m) + carry) | (v & !m)` and the carry out.
#[inline(always)]
fn step(v: u64, m: u64, carry: u64) -> (u64, u64) {
    let u = v & m;
    let (s1, c1) = v.overflowing_add(u);
    let (s2, c2) = s1.overflowing_add(carry);
    (s2 | (v & !m), u64::from(c1 | c2))
}

/// Builds one `words`-word position mask per distinct token of `seq` (`words = ⌈len/64⌉`):
/// `slot[t]` becomes the mask index of token `t` (reset it to `u32::MAX` for every token of
/// `seq` afterwards). Returns `words`.
pub(crate) fn column_masks(seq: &[u32], slot: &mut [u32], masks: &mut Vec<u64>) -> usize {
    let words = seq.len().div_ceil(64);
    masks.clear();
    let mut n_slots = 0u32;
    for (j, &t) in seq.iter().enumerate() {
        let s = &mut slot[t as usize];
        if *s == u32::MAX {
            *s = n_slots;
            n_slots += 1;
            masks.resize(masks.len() + words, 0);
        }
        masks[*s as usize * words + j / 64] |= 1u64 << (j % 64);
    }
    words
}

/// Length of the longest common subsequence of `a` and `b` (ids below `n_ids`), bit-parallel
/// (Allison–Dix / Hyyrö): one `u64` word per 64 positions of the shorter sequence.
///
/// `slot` (len ≥ `n_ids`, all `u32::MAX` on entry and on return) and `masks` are scratch.
pub(crate) fn lcs_len(a: &[u32], b: &[u32], slot: &mut [u32], masks: &mut Vec<u64>) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return 0;
    }
    let words = column_masks(a, slot, masks);
    let mut v = vec![u64::MAX; words];
    if words == 1 {
        let mut v0 = u64::MAX;
        for &t in b {
            if let Some(&s) = slot.get(t as usize) {
                if s != u32::MAX {
                    v0 = step(v0, masks[s as usize], 0).0;
                }
            }
        }
        v[0] = v0;
    } else {
        for &t in b {
            if let Some(&s) = slot.get(t as usize) {
                if s != u32::MAX {
                    let m = &masks[s as usize * words..(s as usize + 1) * words];
                    let mut carry = 0u64;
                    for (vw, &mw) in v.iter_mut().zip(m) {
                        (*vw, carry) = step(*vw, mw, carry);
                    }
                }
            }
        }
    }
    for &t in a {
        slot[t as usize] = u32::MAX;
    }
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

/// Bit-parallel equivalent of rouge-score's `_lcs_table` + `_backtrack_norec` for one reference
/// sentence `r` against a candidate sentence `c` whose per-token column masks are ready:
/// `mask_of(t)` gives the `words`-word mask of the columns of `c` holding token `t` (or `None`).
/// Marks `marked[i] = true` for every index `i` of `r` on the backtracked LCS.
///
/// Row `i` of the bit-vector DP (`rows`) has a 0 at bit `j - 1` iff `L[i][j] = L[i][j-1] + 1`.
/// The backtracking keeps `cur = L[i][j]`; on a mismatch rouge-score moves left iff
/// `L[i][j-1] > L[i-1][j]`: if bit `j - 1` of row `i` is 0 then `L[i][j-1] = cur - 1` and
/// (as `cur = max(L[i][j-1], L[i-1][j])`) `L[i-1][j] = cur`, so it moves up; otherwise
/// `L[i][j-1] = cur` and it moves left iff `L[i-1][j] < cur` (one prefix popcount). `cur` only
/// changes on a match (−1), and at 0 no match is left.
pub(crate) fn mark_lcs_bits<'m>(
    r: &[u32],
    c: &[u32],
    words: usize,
    mask_of: impl Fn(u32) -> Option<&'m [u64]>,
    rows: &mut Vec<u64>,
    cum: &mut Vec<u32>,
    marked: &mut [bool],
) {
    let cw = words + 1;
    let multi = words > 1;
    rows.clear();
    rows.resize((r.len() + 1) * words, u64::MAX);
    cum.clear();
    if multi {
        cum.resize((r.len() + 1) * cw, 0);
    }
    let mut any = false;
    for i in 1..=r.len() {
        let (prev, cur) = rows[(i - 1) * words..(i + 1) * words].split_at_mut(words);
        match mask_of(r[i - 1]) {
            None => cur.copy_from_slice(prev),
            Some(m) => {
                any = true;
                let mut carry = 0u64;
                for ((out, &pw), &mw) in cur.iter_mut().zip(prev.iter()).zip(m) {
                    (*out, carry) = step(pw, mw, carry);
                }
            }
        }
        if multi {
            let crow = &mut cum[i * cw..(i + 1) * cw];
            let mut z = 0u32;
            for (k, w) in cur.iter().enumerate() {
                crow[k] = z;
                z += w.count_zeros();
            }
            // Read only when `c.len() == 64 * words` (no padding bits in the last word).
            crow[words] = z;
        }
    }
    if !any {
        return;
    }
    let row = |i: usize| &rows[i * words..(i + 1) * words];
    let crow = |i: usize| {
        if multi {
            &cum[i * cw..(i + 1) * cw]
        } else {
            &cum[..]
        }
    };
    let (mut i, mut j) = (r.len(), c.len());
    let mut cur = zeros_below(row(i), crow(i), j);
    while i > 0 && j > 0 && cur > 0 {
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

    #[test]
    fn bit_marks_match_table_marks() {
        let mut seed = 777u64;
        let mut rnd = |k: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % k
        };
        let (mut table, mut rows, mut cum) = (Vec::new(), Vec::new(), Vec::new());
        for it in 0..800 {
            let lr = rnd(90) as usize;
            let lc = rnd(if it % 4 == 0 { 1000 } else { 200 }) as usize;
            let k = 1 + rnd(12);
            let r: Vec<u32> = (0..lr).map(|_| rnd(k) as u32).collect();
            let c: Vec<u32> = (0..lc).map(|_| rnd(k) as u32).collect();
            let words = lc.div_ceil(64).max(1);
            let masks: Vec<Vec<u64>> = (0..k as u32)
                .map(|t| {
                    let mut m = vec![0u64; words];
                    for (j, &x) in c.iter().enumerate() {
                        if x == t {
                            m[j / 64] |= 1 << (j % 64);
                        }
                    }
                    m
                })
                .collect();
            let mut a = vec![false; lr];
            let mut b = vec![false; lr];
            mark_lcs(&r, &c, &mut table, &mut a);
            mark_lcs_bits(
                &r,
                &c,
                words,
                |t| {
                    masks
                        .get(t as usize)
                        .map(Vec::as_slice)
                        .filter(|m| m.iter().any(|&w| w != 0))
                },
                &mut rows,
                &mut cum,
                &mut b,
            );
            assert_eq!(a, b, "r={r:?} c={c:?}");
        }
    }

    #[test]
    fn bitparallel_matches_dp() {
        let mut seed = 12345u64;
        let mut rnd = |k: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % k
        };
        let mut slot = vec![u32::MAX; 16];
        let mut masks = Vec::new();
        for _ in 0..400 {
            let la = rnd(200) as usize;
            let lb = rnd(200) as usize;
            let k = 1 + rnd(15);
            let a: Vec<u32> = (0..la).map(|_| rnd(k) as u32).collect();
            let b: Vec<u32> = (0..lb).map(|_| rnd(k) as u32).collect();
            assert_eq!(lcs_len(&a, &b, &mut slot, &mut masks), dp(&a, &b));
            assert!(slot.iter().all(|&s| s == u32::MAX));
        }
    }
}
