//! The `Average_X` lines of ROUGE-1.5.5 (SPEC §7): a bootstrap over the per-pair printed values
//! with Perl's `drand48`, `srand(i)` before resample `i`, string-sorted instance keys.
//!
//! Every resample depends only on its own seed, so resamples run in parallel (rayon) and are
//! collected in order: the result does not depend on the number of threads. The indices a
//! resample draws depend only on N and its seed, so one draw serves every metric.

use rayon::prelude::*;

use super::{fmt5, CountMode};

/// Perl's built-in `drand48` (Perl ≥ 5.20 on every platform).
#[derive(Debug, Clone, Copy)]
pub struct Drand48(u64);

impl Drand48 {
    const MASK: u64 = (1 << 48) - 1;

    /// `srand(seed)`: `x = (seed << 16) + 0x330E`.
    pub fn new(seed: u32) -> Self {
        Drand48(((u64::from(seed)) << 16) + 0x330E)
    }

    /// The next value in [0, 1).
    #[inline]
    pub fn next_f64(&mut self) -> f64 {
        self.0 = 0x5_DEEC_E66D_u64.wrapping_mul(self.0).wrapping_add(0xB) & Self::MASK;
        self.0 as f64 / (1u64 << 48) as f64
    }

    /// `int(rand(n))`.
    #[inline]
    pub fn index(&mut self, n: usize) -> usize {
        (n as f64 * self.next_f64()) as usize
    }
}

/// Average and confidence interval of one column as printed: `[avg, low, high]`.
pub type Interval = [f64; 3];

/// One resample's value of each column of each metric.
fn resample(
    values: &[Vec<[f64; 3]>],
    i: usize,
    mode: CountMode,
    alpha: f64,
    idx: &mut Vec<usize>,
) -> Vec<[f64; 3]> {
    let n = values.first().map_or(0, Vec::len);
    let mut rng = Drand48::new(i as u32);
    idx.clear();
    idx.extend((0..n).map(|_| rng.index(n)));
    values
        .iter()
        .map(|rows| {
            let mut s = [0.0f64; 3];
            for &k in idx.iter() {
                let r = rows[k];
                s[0] += r[0];
                s[1] += r[1];
                s[2] += r[2];
            }
            match mode {
                CountMode::Sentence => {
                    if n > 0 {
                        let nf = n as f64;
                        [s[0] / nf, s[1] / nf, s[2] / nf]
                    } else {
                        [0.0; 3]
                    }
                }
                // -t 1: corpus-level R, P, F of the resampled counts [model, peer, hit].
                _ => {
                    let r = if s[0] > 0.0 { s[2] / s[0] } else { 0.0 };
                    let p = if s[1] > 0.0 { s[2] / s[1] } else { 0.0 };
                    let d = (1.0 - alpha) * p + alpha * r;
                    let f = if d > 0.0 { (r * p) / d } else { 0.0 };
                    [r, p, f]
                }
            }
        })
        .collect()
}

/// Average (mean of the sorted resample means) and CI of each column of each metric.
/// `values[m]` holds metric m's per-pair values in instance-key string order.
pub fn bootstrap(
    values: &[Vec<[f64; 3]>],
    resamples: usize,
    confidence: f64,
    mode: CountMode,
    alpha: f64,
) -> Vec<[Interval; 3]> {
    let per: Vec<Vec<[f64; 3]>> = (0..resamples)
        .into_par_iter()
        .map_init(Vec::new, |idx, i| resample(values, i, mode, alpha, idx))
        .collect();
    let nres = resamples as f64;
    let delta = nres * ((100.0 - confidence) / 2.0) / 100.0;
    let ua = (nres - delta - 1.0).trunc();
    let la = delta.trunc();
    let ratio = nres - delta - 1.0 - ua;
    // Out-of-range entries read as 0, as Perl's undef.
    let at = |a: &[f64], k: f64| -> f64 {
        if k >= 0.0 && (k as usize) < a.len() {
            a[k as usize]
        } else {
            0.0
        }
    };
    (0..values.len())
        .map(|m| {
            std::array::from_fn(|c| {
                let mut a: Vec<f64> = per.iter().map(|r| r[m][c]).collect();
                a.sort_by(f64::total_cmp);
                let mut sum = 0.0f64;
                for &x in &a {
                    sum += x;
                }
                let avg = sum / nres;
                let low = at(&a, la) + (at(&a, la + 1.0) - at(&a, la)) * ratio;
                let high = at(&a, ua) + (at(&a, ua + 1.0) - at(&a, ua)) * ratio;
                [printed(avg), printed(low), printed(high)]
            })
        })
        .collect()
}

/// The value of `fmt5(x)` read back.
fn printed(x: f64) -> f64 {
    fmt5(x).trim().parse().unwrap_or(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drand48_check_value() {
        // SPEC §7: after srand(0) the first drand48 output is 0.17082803610628972.
        assert_eq!(Drand48::new(0).next_f64(), 0.170_828_036_106_289_72);
    }

    #[test]
    fn thread_count_does_not_change_the_result() {
        let rows: Vec<[f64; 3]> = (0..97)
            .map(|i| {
                let x = f64::from(i) / 97.0;
                [x, 1.0 - x, x * x]
            })
            .collect();
        let v = vec![rows.clone(), rows];
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .map(|p| p.install(|| bootstrap(&v, 300, 95.0, CountMode::Sentence, 0.5)));
        let four = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .map(|p| p.install(|| bootstrap(&v, 300, 95.0, CountMode::Sentence, 0.5)));
        assert_eq!(one.ok(), four.ok());
    }
}
