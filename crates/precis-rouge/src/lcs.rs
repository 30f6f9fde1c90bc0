//! LCS kernels: length only (bit-parallel) and rouge-score's table + backtracking.

/// Length of the longest common subsequence of `a` and `b` (ids below `n_ids`), bit-parallel
/// (Allison–Dix / Hyyrö): one `u64` word per 64 positions of the shorter sequence.
///
/// `slot` (len ≥ `n_ids`, all `u32::MAX` on entry and on return) and `masks` are scratch.
pub(crate) fn lcs_len(a: &[u32], b: &[u32], slot: &mut [u32], masks: &mut Vec<u64>) -> usize {
    let (a, b) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if a.is_empty() {
        return 0;
    }
    let words = a.len().div_ceil(64);
    masks.clear();
    let mut n_slots = 0u32;
    for (i, &t) in a.iter().enumerate() {
        let s = &mut slot[t as usize];
        if *s == u32::MAX {
            *s = n_slots;
            n_slots += 1;
            masks.resize(masks.len() + words, 0);
        }
        let base = *s as usize * words;
        masks[base + i / 64] |= 1u64 << (i % 64);
    }
    let mut v = vec![u64::MAX; words];
    if words == 1 {
        let mut v0 = u64::MAX;
        for &t in b {
            if let Some(&s) = slot.get(t as usize) {
                if s != u32::MAX {
                    let m = masks[s as usize];
                    let u = v0 & m;
                    v0 = v0.wrapping_add(u) | (v0 & !m);
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
                        let u = *vw & mw;
                        let (s1, c1) = vw.overflowing_add(u);
                        let (s2, c2) = s1.overflowing_add(carry);
                        carry = u64::from(c1 | c2);
                        *vw = s2 | (*vw & !mw);
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

/// rouge-score `_lcs_table(r, c)` + `_backtrack_norec`: marks `marked[i] = true` for every
/// index `i` of `r` on the backtracked LCS (ties move up in `r`). `table` is scratch.
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
