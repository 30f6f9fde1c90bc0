//! Aggregation: rouge-score's `BootstrapAggregator` (bit-identical under `np.random.seed(seed)`)
//! and a plain mean.
//!
//! How rouge-score 0.1.2 + numpy compute it, and how this module copies it:
//! 1. Scores are grouped per rouge type in the order the types were first added, each group an
//!    `(N, 3)` matrix of `[precision, recall, fmeasure]` rows.
//! 2. For each type in that order and each of `n_samples` resamples,
//!    `np.random.choice(np.arange(N), size=N)` draws N indices from numpy's *global legacy*
//!    `RandomState` (MT19937). Legacy `choice` calls `randint(0, N)`, which for a range
//!    `N - 1 < 2^32 - 1` draws `next_uint32() & mask` (mask = smallest `2^k - 1 ≥ N - 1`) and
//!    rejects values `> N - 1`; `N = 1` consumes no draws. [`Mt19937::new`] is
//!    `init_genrand(seed)` (= `np.random.seed(seed)` for an integer seed).
//! 3. The resample mean per column is a plain left-to-right `f64` sum of the N picked rows,
//!    divided by N (numpy's axis-0 reduction of a C-contiguous array is not pairwise).
//! 4. low / mid / high are `np.percentile(means, 100 * [d, 0.5, 1 - d])` with
//!    `d = (1 - confidence) / 2`, method 'linear': `v = (n - 1) * (q / 100)`, `i = floor(v)`,
//!    `g = v - i`, `a + (b - a) * g` if `g < 0.5` else `b - (b - a) * (1 - g)` (numpy ≥ 1.22's
//!    `_lerp`). So "mid" is the median of the resample means, not the plain mean.
//!
//! Limits: fewer than 2^32 scores per type (numpy switches to 64-bit draws beyond that).
//!
//! [`BootstrapAggregator::aggregate`] seeds a fresh generator with the aggregator's seed, which
//! equals calling `np.random.seed(seed)` right before rouge-score's `aggregate()`;
//! [`BootstrapAggregator::aggregate_with`] continues an existing stream instead.

use crate::{RougeError, RougeType, Score, Scores};

/// MT19937 as in numpy's legacy `RandomState` (`init_genrand` seeding, 32-bit outputs).
#[derive(Clone)]
pub struct Mt19937 {
    mt: [u32; 624],
    idx: usize,
}

impl Mt19937 {
    /// `init_genrand(seed)`, i.e. numpy's `np.random.seed(seed)` for `0 <= seed < 2^32`.
    pub fn new(seed: u32) -> Self {
        let mut mt = [0u32; 624];
        mt[0] = seed;
        for i in 1..624 {
            mt[i] = 1_812_433_253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        Self { mt, idx: 624 }
    }

    fn twist(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        for i in 0..624 {
            let y = (self.mt[i] & UPPER) | (self.mt[(i + 1) % 624] & LOWER);
            let mut v = self.mt[(i + 397) % 624] ^ (y >> 1);
            if y & 1 != 0 {
                v ^= 0x9908_b0df;
            }
            self.mt[i] = v;
        }
        self.idx = 0;
    }

    /// The next 32-bit output (`genrand_int32`).
    pub fn next_u32(&mut self) -> u32 {
        if self.idx >= 624 {
            self.twist();
        }
        let mut y = self.mt[self.idx];
        self.idx += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^= y >> 18;
        y
    }

    /// numpy legacy `randint(0, n)` for one value (masked rejection sampling), `n ≥ 1`.
    /// Ranges beyond 32 bits are not supported (they would need 64-bit draws); `n` is a
    /// sample count here.
    pub fn below(&mut self, n: u32) -> u32 {
        let rng = n.saturating_sub(1);
        if rng == 0 {
            return 0;
        }
        if rng == u32::MAX {
            return self.next_u32();
        }
        let mask = u32::MAX >> rng.leading_zeros();
        loop {
            let v = self.next_u32() & mask;
            if v <= rng {
                return v;
            }
        }
    }
}

/// A confidence interval as rouge-score's `AggregateScore`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AggregateScore {
    /// Lower percentile (2.5th for 95 %).
    pub low: Score,
    /// 50th percentile of the resample means.
    pub mid: Score,
    /// Upper percentile (97.5th for 95 %).
    pub high: Score,
}

/// Scores grouped per type in first-added order.
#[derive(Debug, Clone, Default)]
struct Groups {
    types: Vec<RougeType>,
    rows: Vec<Vec<[f64; 3]>>,
}

impl Groups {
    fn add(&mut self, scores: &Scores) {
        for &(t, s) in scores.iter() {
            let k = match self.types.iter().position(|&x| x == t) {
                Some(k) => k,
                None => {
                    self.types.push(t);
                    self.rows.push(Vec::new());
                    self.types.len() - 1
                }
            };
            self.rows[k].push([s.precision, s.recall, s.fmeasure]);
        }
    }
}

/// rouge-score's `scoring.BootstrapAggregator`, bit-identical after `np.random.seed(seed)`.
#[derive(Debug, Clone)]
pub struct BootstrapAggregator {
    confidence: f64,
    n_samples: usize,
    seed: u32,
    groups: Groups,
}

impl BootstrapAggregator {
    /// rouge-score's defaults (confidence 0.95, 1000 samples), seeded like `np.random.seed(seed)`.
    pub fn new(seed: u32) -> Self {
        Self {
            confidence: 0.95,
            n_samples: 1000,
            seed,
            groups: Groups::default(),
        }
    }

    /// Custom confidence (in [0, 1]) and number of resamples (> 0).
    pub fn with_params(confidence: f64, n_samples: usize, seed: u32) -> Result<Self, RougeError> {
        if !(0.0..=1.0).contains(&confidence) {
            return Err(RougeError::InvalidParameter(
                "confidence_interval must be in [0, 1]",
            ));
        }
        if n_samples == 0 {
            return Err(RougeError::InvalidParameter("n_samples must be positive"));
        }
        Ok(Self {
            confidence,
            n_samples,
            seed,
            groups: Groups::default(),
        })
    }

    /// `add_scores`: one call's scores.
    pub fn add_scores(&mut self, scores: &Scores) {
        self.groups.add(scores);
    }

    /// `aggregate()` after `np.random.seed(seed)`: per type (first-added order) low/mid/high.
    pub fn aggregate(&self) -> Vec<(RougeType, AggregateScore)> {
        self.aggregate_with(&mut Mt19937::new(self.seed))
    }

    /// `aggregate()` drawing from `rng` (continuing numpy's global stream).
    pub fn aggregate_with(&self, rng: &mut Mt19937) -> Vec<(RougeType, AggregateScore)> {
        let d = (1.0 - self.confidence) / 2.0;
        let qs = [100.0 * d, 100.0 * 0.5, 100.0 * (1.0 - d)];
        self.groups
            .types
            .iter()
            .zip(&self.groups.rows)
            .map(|(&t, rows)| {
                let n = rows.len();
                let mut means: [Vec<f64>; 3] =
                    std::array::from_fn(|_| Vec::with_capacity(self.n_samples));
                for _ in 0..self.n_samples {
                    let mut sum = [0.0f64; 3];
                    for _ in 0..n {
                        let k = rng.below(n as u32) as usize;
                        let r = &rows[k];
                        sum[0] += r[0];
                        sum[1] += r[1];
                        sum[2] += r[2];
                    }
                    for c in 0..3 {
                        means[c].push(sum[c] / n as f64);
                    }
                }
                let mut out = [[0.0f64; 3]; 3];
                for (c, col) in means.iter_mut().enumerate() {
                    col.sort_unstable_by(f64::total_cmp);
                    for (j, &q) in qs.iter().enumerate() {
                        out[j][c] = percentile_linear(col, q);
                    }
                }
                let sc = |r: [f64; 3]| Score {
                    precision: r[0],
                    recall: r[1],
                    fmeasure: r[2],
                };
                (
                    t,
                    AggregateScore {
                        low: sc(out[0]),
                        mid: sc(out[1]),
                        high: sc(out[2]),
                    },
                )
            })
            .collect()
    }
}

/// numpy `percentile(sorted, q, method='linear')` on an ascending-sorted, non-empty slice.
pub fn percentile_linear(sorted: &[f64], q: f64) -> f64 {
    let n = sorted.len();
    if n == 0 {
        return f64::NAN;
    }
    let quantile = q / 100.0;
    let v = (n - 1) as f64 * quantile;
    if v >= (n - 1) as f64 {
        return sorted[n - 1];
    }
    if v < 0.0 || v.is_nan() {
        return sorted[0];
    }
    let prev = v.floor();
    let i = prev as usize;
    let g = v - prev;
    let a = sorted[i];
    let b = sorted[(i + 1).min(n - 1)];
    let diff = b - a;
    if g >= 0.5 {
        b - diff * (1.0 - g)
    } else {
        a + diff * g
    }
}

/// The plain mean of each score component per type (first-added order), summed left to right.
#[derive(Debug, Clone, Default)]
pub struct MeanAggregator {
    groups: Groups,
}

impl MeanAggregator {
    /// An empty aggregator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one call's scores.
    pub fn add_scores(&mut self, scores: &Scores) {
        self.groups.add(scores);
    }

    /// Mean P, R, F per type.
    pub fn aggregate(&self) -> Vec<(RougeType, Score)> {
        self.groups
            .types
            .iter()
            .zip(&self.groups.rows)
            .map(|(&t, rows)| {
                let mut sum = [0.0f64; 3];
                for r in rows {
                    for c in 0..3 {
                        sum[c] += r[c];
                    }
                }
                let n = rows.len().max(1) as f64;
                (
                    t,
                    Score {
                        precision: sum[0] / n,
                        recall: sum[1] / n,
                        fmeasure: sum[2] / n,
                    },
                )
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mt19937_reference_outputs() {
        // numpy: np.random.seed(5489); np.random.randint(0, 2**32, dtype=np.uint64)... the classic
        // MT19937 reference: first output for init_genrand(5489) is 3499211612.
        let mut r = Mt19937::new(5489);
        assert_eq!(r.next_u32(), 3_499_211_612);
    }
}
