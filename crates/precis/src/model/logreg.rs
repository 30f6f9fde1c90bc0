//! L2-regularised logistic regression on standardised features, fitted by Newton's method.
//!
//! Objective (scikit-learn's convention): `½‖w‖² + C · Σ logloss(yᵢ, σ(b + w·zᵢ))` with
//! `z = (x − mean) / scale` and the intercept `b` not penalised. Sums run over fixed chunks
//! of articles and are added in chunk order, so the fit is bit-identical at any thread count.

#![allow(clippy::needless_range_loop)] // dense linear algebra reads clearer with indices

use rayon::prelude::*;

use super::features::NF;

/// Articles per parallel chunk (fixed: the summation order must not depend on threads).
const CHUNK: usize = 256;
const MAX_ITER: usize = 50;

/// One article's training rows.
#[derive(Debug, Clone, Copy)]
pub struct Sample<'a> {
    /// Feature rows.
    pub x: &'a [[f32; NF]],
    /// Labels, one per row.
    pub y: &'a [bool],
}

/// A fitted linear scorer over a subset of the features.
#[derive(Debug, Clone, PartialEq)]
pub struct Linear {
    /// Feature indices used.
    pub cols: Vec<usize>,
    /// Per used feature: training mean.
    pub mean: Vec<f64>,
    /// Per used feature: training standard deviation (1 where it was 0).
    pub scale: Vec<f64>,
    /// Per used feature: weight on the standardised value.
    pub weights: Vec<f64>,
    /// Intercept.
    pub bias: f64,
}

pub(crate) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)` without overflow.
fn softplus(z: f64) -> f64 {
    if z > 30.0 {
        z
    } else {
        z.exp().ln_1p()
    }
}

impl Linear {
    /// The logit of one row.
    pub fn logit(&self, row: &[f32; NF]) -> f64 {
        let mut z = self.bias;
        for (k, &c) in self.cols.iter().enumerate() {
            z += self.weights[k] * ((f64::from(row[c]) - self.mean[k]) / self.scale[k]);
        }
        z
    }

    /// The probability of one row.
    pub fn prob(&self, row: &[f32; NF]) -> f64 {
        sigmoid(self.logit(row))
    }

    /// Total log loss over the samples (and the number of rows).
    pub fn log_loss(&self, samples: &[Sample]) -> (f64, usize) {
        let mut loss = 0.0;
        let mut rows = 0;
        for s in samples {
            for (x, &y) in s.x.iter().zip(s.y) {
                let z = self.logit(x);
                loss += if y { softplus(-z) } else { softplus(z) };
                rows += 1;
            }
        }
        (loss, rows)
    }
}

/// Column means and standard deviations over all rows.
fn standardise(samples: &[Sample], cols: &[usize]) -> (Vec<f64>, Vec<f64>) {
    let d = cols.len();
    let sums: Vec<(Vec<f64>, Vec<f64>, f64)> = samples
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut s = vec![0.0; d];
            let mut s2 = vec![0.0; d];
            let mut n = 0.0;
            for smp in chunk {
                for x in smp.x {
                    for (k, &c) in cols.iter().enumerate() {
                        let v = f64::from(x[c]);
                        s[k] += v;
                        s2[k] += v * v;
                    }
                    n += 1.0;
                }
            }
            (s, s2, n)
        })
        .collect();
    let mut s = vec![0.0; d];
    let mut s2 = vec![0.0; d];
    let mut n = 0.0;
    for (a, b, m) in sums {
        for k in 0..d {
            s[k] += a[k];
            s2[k] += b[k];
        }
        n += m;
    }
    let n = f64::max(n, 1.0);
    let mean: Vec<f64> = s.iter().map(|v| v / n).collect();
    let scale = (0..d)
        .map(|k| {
            let var = (s2[k] / n - mean[k] * mean[k]).max(0.0);
            let sd = var.sqrt();
            if sd > 1e-9 {
                sd
            } else {
                1.0
            }
        })
        .collect();
    (mean, scale)
}

/// Objective, gradient and (optionally) Hessian at `theta` = [w..., b].
fn evaluate(samples: &[Sample], lin: &Linear, c: f64, hessian: bool) -> (f64, Vec<f64>, Vec<f64>) {
    let d = lin.cols.len();
    let p = d + 1;
    let parts: Vec<(f64, Vec<f64>, Vec<f64>)> = samples
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut loss = 0.0;
            let mut g = vec![0.0; p];
            let mut h = if hessian {
                vec![0.0; p * p]
            } else {
                Vec::new()
            };
            let mut z = vec![0.0; p];
            for smp in chunk {
                for (x, &y) in smp.x.iter().zip(smp.y) {
                    for (k, &col) in lin.cols.iter().enumerate() {
                        z[k] = (f64::from(x[col]) - lin.mean[k]) / lin.scale[k];
                    }
                    z[d] = 1.0;
                    let t: f64 =
                        lin.bias + lin.weights.iter().zip(&z).map(|(w, v)| w * v).sum::<f64>();
                    loss += if y { softplus(-t) } else { softplus(t) };
                    let pr = sigmoid(t);
                    let r = pr - f64::from(u8::from(y));
                    for k in 0..p {
                        g[k] += r * z[k];
                    }
                    if hessian {
                        let wgt = pr * (1.0 - pr);
                        for a in 0..p {
                            let za = wgt * z[a];
                            for b in a..p {
                                h[a * p + b] += za * z[b];
                            }
                        }
                    }
                }
            }
            (loss, g, h)
        })
        .collect();
    let mut loss = 0.0;
    let mut g = vec![0.0; p];
    let mut h = if hessian {
        vec![0.0; p * p]
    } else {
        Vec::new()
    };
    for (l, pg, ph) in parts {
        loss += l;
        for k in 0..p {
            g[k] += pg[k];
        }
        for (a, b) in h.iter_mut().zip(&ph) {
            *a += b;
        }
    }
    // Scale by C and add the penalty (not on the intercept).
    let mut obj = c * loss;
    for k in 0..p {
        g[k] *= c;
    }
    for k in 0..d {
        obj += 0.5 * lin.weights[k] * lin.weights[k];
        g[k] += lin.weights[k];
    }
    if hessian {
        for a in 0..p {
            for b in a..p {
                let v = c * h[a * p + b];
                h[a * p + b] = v;
                h[b * p + a] = v;
            }
        }
        for k in 0..d {
            h[k * p + k] += 1.0;
        }
        h[d * p + d] += 1e-9;
    }
    (obj, g, h)
}

/// Solves `h x = g` for symmetric positive definite `h` (Cholesky). `None` if not SPD.
fn solve(h: &[f64], g: &[f64]) -> Option<Vec<f64>> {
    let p = g.len();
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut s = h[i * p + j];
            for k in 0..j {
                s -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if s <= 0.0 {
                    return None;
                }
                l[i * p + i] = s.sqrt();
            } else {
                l[i * p + j] = s / l[j * p + j];
            }
        }
    }
    let mut y = vec![0.0; p];
    for i in 0..p {
        let mut s = g[i];
        for k in 0..i {
            s -= l[i * p + k] * y[k];
        }
        y[i] = s / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let mut s = y[i];
        for k in (i + 1)..p {
            s -= l[k * p + i] * x[k];
        }
        x[i] = s / l[i * p + i];
    }
    Some(x)
}

/// Fits the model on the given feature columns with inverse regularisation strength `c`.
pub fn fit(samples: &[Sample], cols: &[usize], c: f64) -> Linear {
    let (mean, scale) = standardise(samples, cols);
    let d = cols.len();
    let mut lin = Linear {
        cols: cols.to_vec(),
        mean,
        scale,
        weights: vec![0.0; d],
        bias: 0.0,
    };
    for _ in 0..MAX_ITER {
        let (obj, g, h) = evaluate(samples, &lin, c, true);
        let Some(step) = solve(&h, &g) else { break };
        // Backtracking line search on the objective.
        let mut t = 1.0;
        let mut accepted = None;
        for _ in 0..20 {
            let mut cand = lin.clone();
            for k in 0..d {
                cand.weights[k] -= t * step[k];
            }
            cand.bias -= t * step[d];
            let (o, _, _) = evaluate(samples, &cand, c, false);
            if o <= obj {
                accepted = Some(cand);
                break;
            }
            t *= 0.5;
        }
        let Some(next) = accepted else { break };
        lin = next;
        let max_step = step.iter().fold(0.0f64, |m, v| m.max((t * v).abs()));
        if max_step < 1e-7 {
            break;
        }
    }
    lin
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separating_direction() {
        let mut x = Vec::new();
        let mut y = Vec::new();
        for i in 0..200 {
            let mut r = [0.0f32; NF];
            r[0] = (i % 10) as f32;
            r[1] = ((i * 7) % 3) as f32;
            x.push(r);
            y.push(i % 10 >= 6);
        }
        let s = [Sample { x: &x, y: &y }];
        let lin = fit(&s, &[0, 1], 1.0);
        assert!(lin.weights[0] > 1.0, "{lin:?}");
        assert!(lin.prob(&x[9]) > 0.9 && lin.prob(&x[0]) < 0.1);
        // Stronger regularisation shrinks the weight.
        let weak = fit(&s, &[0, 1], 0.001);
        assert!(weak.weights[0].abs() < lin.weights[0].abs());
    }
}
