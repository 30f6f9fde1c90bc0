//! Training: greedy-oracle labels, feature / C choice by inner cross-validated log loss,
//! selector choice by inner cross-validated ROUGE, and an outer k-fold CV report.
//!
//! Every choice (feature groups, C, selector window and threshold, or plain Lead-3) is made
//! by [`fit`] from the articles it is given alone, so [`cross_validate`] is a *nested* CV:
//! the held-out fold never influences the model that is scored on it.
//!
//! Determinism: article order is shuffled with a seeded SplitMix64; all parallel sums run over
//! fixed chunks in a fixed order, so a seed gives the same model at any thread count.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use precis_ingest::Article;
use precis_rouge::RougeScorer;

use super::features::{self, NF};
use super::logreg::{self, Linear, Sample};
use super::selector::{self, Selector};
use super::{FeatureWeight, Model};
use crate::analyze::Doc;
use crate::score::{Lead, Scorer};
use crate::select::{self, Budget, Order};

/// Training rows per article: its first sentences (the selector never looks further).
pub const ROW_WINDOW: usize = 8;

/// One labelled article, reduced to what training and evaluation need.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// Record id.
    pub id: String,
    /// Features of the first [`ROW_WINDOW`] sentences.
    pub rows: Vec<[f32; NF]>,
    /// Greedy-oracle labels of those rows.
    pub labels: Vec<bool>,
    /// Which rows may be picked.
    pub eligible: Vec<bool>,
    /// Bit `j` of `dup[i]`: rows `i` and `j` are near-duplicates.
    pub dup: Vec<u64>,
    /// Texts of those rows (and of any later sentence Lead-3 takes).
    pub texts: Vec<String>,
    /// The sentences our Lead-3 takes.
    pub lead_sel: Vec<usize>,
    /// Words of those rows (as `Doc::word_count`).
    pub words: Vec<usize>,
    /// Reference highlights joined with "\n".
    pub reference: String,
    /// ROUGE-1/2/Lsum F of our own Lead-3 (`precis summarize -m lead`).
    pub lead: [f64; 3],
}

/// Why a record cannot be used for training.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrepareError {
    /// No reference highlights.
    #[error("no reference highlights")]
    NoReference,
    /// No sentence with words.
    #[error("no sentence found in the text")]
    NoSentences,
}

/// The ROUGE scorer used everywhere in training: rouge1, rouge2, rougeLsum with stemming.
pub fn rouge_scorer() -> RougeScorer {
    RougeScorer::new(
        &[
            precis_rouge::RougeType::N(1),
            precis_rouge::RougeType::N(2),
            precis_rouge::RougeType::Lsum,
        ],
        true,
    )
}

fn rouge3(scorer: &RougeScorer, reference: &str, candidate: &str) -> [f64; 3] {
    let s = scorer.score(reference, candidate);
    let mut out = [0.0; 3];
    for (o, (_, sc)) in out.iter_mut().zip(s.iter()) {
        *o = sc.fmeasure;
    }
    out
}

/// Labels and featurises one article.
pub fn prepare(article: &Article, scorer: &RougeScorer) -> Result<Prepared, PrepareError> {
    let reference = article
        .reference
        .as_ref()
        .filter(|r| r.iter().any(|l| !l.trim().is_empty()))
        .ok_or(PrepareError::NoReference)?
        .join("\n");
    let doc = Doc::new(&article.text);
    if (0..doc.len()).all(|i| doc.word_count(i) == 0) {
        return Err(PrepareError::NoSentences);
    }
    let all: Vec<&str> = (0..doc.len()).map(|i| doc.sentence_text(i)).collect();
    let oracle = precis_rouge::oracle::greedy_oracle(&all, &reference, None);
    let w = ROW_WINDOW.min(doc.len());
    let rows = features::extract(&doc, w);
    let labels = (0..w).map(|i| oracle.contains(&i)).collect();
    let eligible = selector::eligible(&doc, w);
    let tri = selector::trigram_sets(&doc, w);
    let dup = (0..w)
        .map(|i| {
            (0..w)
                .filter(|&j| j != i && crate::select::is_near_duplicate(&tri[i], &tri[j]))
                .fold(0u64, |m, j| m | (1 << j))
        })
        .collect();
    let lead_sel = select::select(&doc, &Lead.score(&doc), Budget::Sentences(3), Order::Source);
    let lead_text: Vec<&str> = lead_sel.iter().map(|&i| doc.sentence_text(i)).collect();
    let lead = rouge3(scorer, &reference, &lead_text.join("\n"));
    let kept = lead_sel.iter().map(|&i| i + 1).fold(w, usize::max);
    Ok(Prepared {
        id: article.id.clone(),
        rows,
        labels,
        eligible,
        dup,
        texts: all[..kept].iter().map(|s| s.to_string()).collect(),
        lead_sel,
        words: (0..w).map(|i| doc.word_count(i)).collect(),
        reference,
        lead,
    })
}

impl Prepared {
    /// ROUGE-1/2/Lsum F of the given rows (ascending indices < rows).
    pub fn rouge(&self, scorer: &RougeScorer, sel: &[usize]) -> [f64; 3] {
        let cand: Vec<&str> = sel
            .iter()
            .filter_map(|&i| self.texts.get(i).map(String::as_str))
            .collect();
        rouge3(scorer, &self.reference, &cand.join("\n"))
    }

    fn sample(&self) -> Sample<'_> {
        Sample {
            x: &self.rows,
            y: &self.labels,
        }
    }

    /// The rows a selector picks given row probabilities; `None` = Lead-3.
    fn choose(&self, probs: &[f64], sel: &Selector) -> Option<Vec<usize>> {
        sel.choose(probs, &self.eligible, &self.words, |a, b| {
            self.dup[a] & (1 << b) != 0
        })
    }
}

/// Training settings.
#[derive(Debug, Clone, Serialize)]
pub struct TrainConfig {
    /// Outer folds for the CV report (0 or 1: no report).
    pub folds: usize,
    /// Inner folds for every choice.
    pub inner_folds: usize,
    /// Shuffle seed.
    pub seed: u64,
    /// Candidate inverse regularisation strengths.
    pub c_grid: Vec<f64>,
    /// Candidate selector windows.
    pub windows: Vec<usize>,
    /// Candidate selector thresholds.
    pub thresholds: Vec<f64>,
    /// Candidate minimum lengths (sentences always taken).
    pub min_sentences: Vec<usize>,
    /// Candidate word targets of the `lead_words` and `ranked_words` selectors.
    pub word_targets: Vec<usize>,
    /// Candidate windows of the `ranked_words` selector.
    pub ranked_windows: Vec<usize>,
    /// Candidate thresholds of the `lead_filtered` selector.
    pub filter_thresholds: Vec<f64>,
    /// Choices are made on at most this many (shuffled) training articles; the final fit
    /// uses all of them.
    pub tune_cap: usize,
    /// Relative log-loss increase tolerated when dropping a feature group (parsimony);
    /// negative: never drop a group.
    pub drop_tolerance: f64,
    /// Whether plain Lead-3 is a selector candidate.
    pub lead_candidate: bool,
    /// One-standard-error rule: a more complex selector tier replaces a simpler one only if
    /// its inner-CV gain exceeds this many standard errors of the paired per-article difference.
    pub lead_margin_se: f64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            folds: 5,
            inner_folds: 4,
            seed: 0,
            c_grid: vec![0.01, 0.03, 0.1, 0.3, 1.0],
            windows: vec![4, 5, 6, 7, 8],
            thresholds: (0..=10).map(|i| 0.3 + 0.05 * f64::from(i)).collect(),
            min_sentences: vec![2],
            word_targets: (10..=18).map(|i| 5 * i).collect(),
            ranked_windows: vec![4, 5, 6],
            filter_thresholds: (1..=7).map(|i| 0.1 * f64::from(i)).collect(),
            tune_cap: 2000,
            drop_tolerance: 0.0005,
            lead_candidate: true,
            lead_margin_se: 1.0,
        }
    }
}

/// SplitMix64.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

fn shuffled(idx: &[usize], seed: u64) -> Vec<usize> {
    let mut v = idx.to_vec();
    let mut rng = Rng(seed);
    for i in (1..v.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

/// Splits `order` into `k` folds by position (i mod k).
fn folds_of(order: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut f = vec![Vec::new(); k];
    for (p, &i) in order.iter().enumerate() {
        f[p % k].push(i);
    }
    f
}

fn samples<'a>(data: &'a [Prepared], idx: &[usize]) -> Vec<Sample<'a>> {
    idx.iter().map(|&i| data[i].sample()).collect()
}

/// What [`fit`] chose, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// Feature groups kept.
    pub groups: Vec<String>,
    /// Inverse regularisation strength.
    pub c: f64,
    /// Inner-CV log loss per row of that choice.
    pub log_loss: f64,
    /// The selector.
    pub selector: Selector,
    /// Inner-CV mean (R1 + R2 + RLsum) F × 100 / 3 of that selector.
    pub objective: f64,
    /// Same for Lead-3 on the same articles.
    pub lead_objective: f64,
    /// Articles the choices were made on.
    pub tune_articles: usize,
}

fn inner_log_loss(data: &[Prepared], folds: &[Vec<usize>], cols: &[usize], c: f64) -> f64 {
    let mut loss = 0.0;
    let mut rows = 0;
    for (k, test) in folds.iter().enumerate() {
        let train: Vec<usize> = folds
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != k)
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        let lin = logreg::fit(&samples(data, &train), cols, c);
        let (l, r) = lin.log_loss(&samples(data, test));
        loss += l;
        rows += r;
    }
    loss / rows.max(1) as f64
}

fn mean3(v: [f64; 3]) -> f64 {
    (v[0] + v[1] + v[2]) * 100.0 / 3.0
}

/// Makes every choice on `idx` (inner CV) and fits the final model on all of `idx`.
pub fn fit(
    data: &[Prepared],
    idx: &[usize],
    cfg: &TrainConfig,
    seed: u64,
    scorer: &RougeScorer,
) -> (Model, Choice) {
    let order = shuffled(idx, seed);
    let tune: Vec<usize> = order.iter().copied().take(cfg.tune_cap.max(1)).collect();
    let k = cfg.inner_folds.clamp(2, tune.len().max(2));
    let inner = folds_of(&tune, k);

    // 1. Feature groups and C by inner-CV log loss (smooth, far less noisy than ROUGE).
    let mut cache: HashMap<(u32, usize), f64> = HashMap::new();
    let mut ll = |groups: &[&str], ci: usize| -> f64 {
        let mask = features::GROUPS
            .iter()
            .enumerate()
            .filter(|(_, g)| groups.contains(g))
            .fold(0u32, |m, (i, _)| m | (1 << i));
        *cache.entry((mask, ci)).or_insert_with(|| {
            inner_log_loss(
                data,
                &inner,
                &features::columns_of_groups(groups),
                cfg.c_grid[ci],
            )
        })
    };
    let best_c = |ll: &mut dyn FnMut(&[&str], usize) -> f64, groups: &[&str]| -> (usize, f64) {
        let mut best = (0, f64::INFINITY);
        for ci in 0..cfg.c_grid.len() {
            let v = ll(groups, ci);
            if v < best.1 {
                best = (ci, v);
            }
        }
        best
    };
    let mut groups: Vec<&str> = features::GROUPS.to_vec();
    let (mut ci, mut cur) = best_c(&mut ll, &groups);
    loop {
        let mut best: Option<(usize, f64)> = None;
        for (gi, g) in groups.iter().enumerate() {
            if *g == "position" {
                continue;
            }
            let without: Vec<&str> = groups.iter().copied().filter(|x| x != g).collect();
            let v = ll(&without, ci);
            if best.is_none_or(|(_, b)| v < b) {
                best = Some((gi, v));
            }
        }
        match best {
            Some((gi, v)) if cfg.drop_tolerance >= 0.0 && v <= cur * (1.0 + cfg.drop_tolerance) => {
                groups.remove(gi);
                let (c2, v2) = best_c(&mut ll, &groups);
                ci = c2;
                cur = v2;
            }
            _ => break,
        }
    }
    let cols = features::columns_of_groups(&groups);
    let c = cfg.c_grid[ci];

    // 2. Out-of-fold probabilities for every tuning article.
    let mut probs: HashMap<usize, Vec<f64>> = HashMap::new();
    for (kf, test) in inner.iter().enumerate() {
        let train: Vec<usize> = inner
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != kf)
            .flat_map(|(_, f)| f.iter().copied())
            .collect();
        let lin = logreg::fit(&samples(data, &train), &cols, c);
        for &i in test {
            probs.insert(i, data[i].rows.iter().map(|r| lin.prob(r)).collect());
        }
    }

    // 3. Selector by inner-CV ROUGE; Lead-3 is a candidate too (first, so it wins ties).
    let mut grid = vec![Selector::Lead { sentences: 3 }];
    for &min_sentences in &cfg.min_sentences {
        for &window in &cfg.windows {
            for &threshold in &cfg.thresholds {
                grid.push(Selector::Adaptive {
                    window: window.min(ROW_WINDOW),
                    min_sentences: min_sentences.clamp(1, 4),
                    max_sentences: 4,
                    threshold,
                });
            }
        }
    }
    for &words in &cfg.word_targets {
        grid.push(Selector::LeadWords {
            words,
            max_sentences: 5,
        });
        for &window in &cfg.ranked_windows {
            grid.push(Selector::RankedWords {
                window: window.min(ROW_WINDOW),
                words,
                max_sentences: 5,
            });
        }
        for &threshold in &cfg.filter_thresholds {
            grid.push(Selector::LeadFiltered {
                window: ROW_WINDOW,
                words,
                max_sentences: 5,
                threshold,
            });
        }
    }
    let per_article: Vec<Vec<f64>> = tune
        .par_iter()
        .map(|&i| {
            let p = &data[i];
            let pr = probs.get(&i).map(Vec::as_slice).unwrap_or(&[]);
            let mut seen: HashMap<Vec<usize>, f64> = HashMap::new();
            grid.iter()
                .map(|sel| match p.choose(pr, sel) {
                    None => mean3(p.lead),
                    Some(chosen) => *seen
                        .entry(chosen.clone())
                        .or_insert_with(|| mean3(p.rouge(scorer, &chosen))),
                })
                .collect()
        })
        .collect();
    let n = per_article.len().max(1) as f64;
    let totals: Vec<f64> = (0..grid.len())
        .map(|g| per_article.iter().map(|v| v[g]).sum::<f64>() / n)
        .collect();
    let mut best = usize::from(!cfg.lead_candidate && grid.len() > 1);
    for g in best + 1..grid.len() {
        if totals[g] > totals[best] {
            best = g;
        }
    }
    // One-standard-error rule over tiers of complexity (Lead-3 < lead_words < lead_filtered,
    // which uses the learned scorer only to skip sentences < selectors that rank by it): the
    // simplest tier whose best candidate is within
    // `lead_margin_se` standard errors (of the paired per-article difference) of the overall
    // best wins. Picking the maximum of ~100 noisy candidates overrates the complex ones.
    let paired_gap = |a: usize, b: usize| -> (f64, f64) {
        let diffs: Vec<f64> = per_article.iter().map(|v| v[a] - v[b]).collect();
        let dm = diffs.iter().sum::<f64>() / n;
        let dse = if diffs.len() > 1 {
            (diffs.iter().map(|d| (d - dm).powi(2)).sum::<f64>() / (n - 1.0) / n).sqrt()
        } else {
            f64::INFINITY
        };
        (dm, dse)
    };
    let tier = |sel: &Selector| match sel {
        Selector::Lead { .. } => 0,
        Selector::LeadWords { .. } => 1,
        Selector::LeadFiltered { .. } => 2,
        Selector::Adaptive { .. } | Selector::RankedWords { .. } => 3,
    };
    let first_tier = usize::from(!cfg.lead_candidate);
    for t in first_tier..3 {
        let Some(cand) = (0..grid.len())
            .filter(|&g| tier(&grid[g]) == t)
            .max_by(|&a, &b| totals[a].total_cmp(&totals[b]).then(b.cmp(&a)))
        else {
            continue;
        };
        if cand == best {
            break;
        }
        let (dm, dse) = paired_gap(best, cand);
        if dm <= cfg.lead_margin_se * dse {
            best = cand;
            break;
        }
    }
    let sel = grid[best];

    // 4. Final fit on everything.
    let lin = logreg::fit(&samples(data, idx), &cols, c);
    let model = to_model(&lin, sel, serde_json::Value::Null);
    let choice = Choice {
        groups: groups.iter().map(|s| s.to_string()).collect(),
        c,
        log_loss: cur,
        selector: sel,
        objective: totals[best],
        lead_objective: totals[0],
        tune_articles: tune.len(),
    };
    (model, choice)
}

fn to_model(lin: &Linear, sel: Selector, training: serde_json::Value) -> Model {
    let feats = lin
        .cols
        .iter()
        .enumerate()
        .map(|(k, &c)| FeatureWeight {
            name: features::FEATURES[c].0.to_string(),
            mean: lin.mean[k],
            scale: lin.scale[k],
            weight: lin.weights[k],
        })
        .collect();
    let cols = lin.cols.clone();
    Model {
        format: super::FORMAT.to_string(),
        version: super::FORMAT_VERSION,
        features: feats,
        bias: lin.bias,
        selector: sel,
        training,
        cols,
    }
}

/// Applies a model to a prepared article: the chosen rows (`None` = Lead-3).
pub fn apply(model: &Model, p: &Prepared) -> Option<Vec<usize>> {
    let probs: Vec<f64> = p.rows.iter().map(|r| model.prob(r)).collect();
    p.choose(&probs, &model.selector)
}

/// One held-out article's result.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleResult {
    /// Record id.
    pub id: String,
    /// Position of the article in the prepared data.
    pub index: usize,
    /// Outer fold.
    pub fold: usize,
    /// Model R1/R2/RLsum F.
    pub model: [f64; 3],
    /// Our Lead-3 R1/R2/RLsum F.
    pub lead: [f64; 3],
    /// Sentences chosen (3 when the fold's model is Lead-3).
    pub sentences: usize,
    /// The chosen sentences (indices into the article).
    pub chosen: Vec<usize>,
    /// Whether the output equals Lead-3's.
    pub same_as_lead: bool,
}

/// Mean and paired difference summary.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Articles.
    pub n: usize,
    /// Model means ×100.
    pub model: [f64; 3],
    /// Lead-3 means ×100.
    pub lead: [f64; 3],
    /// Mean paired difference ×100.
    pub delta: [f64; 3],
    /// Standard error of the paired difference ×100.
    pub delta_se: [f64; 3],
    /// Mean sentences chosen.
    pub sentences: f64,
    /// Share of articles whose output equals Lead-3's.
    pub same_as_lead: f64,
}

/// Summary over a set of article results.
pub fn summarize_results(results: &[&ArticleResult]) -> Summary {
    let n = results.len();
    let nf = n.max(1) as f64;
    let mut s = Summary {
        n,
        model: [0.0; 3],
        lead: [0.0; 3],
        delta: [0.0; 3],
        delta_se: [0.0; 3],
        sentences: results.iter().map(|r| r.sentences as f64).sum::<f64>() / nf,
        same_as_lead: results.iter().filter(|r| r.same_as_lead).count() as f64 / nf,
    };
    for k in 0..3 {
        s.model[k] = results.iter().map(|r| r.model[k]).sum::<f64>() * 100.0 / nf;
        s.lead[k] = results.iter().map(|r| r.lead[k]).sum::<f64>() * 100.0 / nf;
        let d: Vec<f64> = results
            .iter()
            .map(|r| (r.model[k] - r.lead[k]) * 100.0)
            .collect();
        let mean = d.iter().sum::<f64>() / nf;
        let var = if n > 1 {
            d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64
        } else {
            0.0
        };
        s.delta[k] = mean;
        s.delta_se[k] = (var / nf).sqrt();
    }
    s
}

/// The outer CV report.
#[derive(Debug, Clone, Serialize)]
pub struct CvReport {
    /// Outer folds.
    pub folds: usize,
    /// Seed.
    pub seed: u64,
    /// All folds together.
    pub overall: Summary,
    /// Per fold.
    pub per_fold: Vec<Summary>,
    /// What each fold's inner CV chose.
    pub choices: Vec<Choice>,
    /// Per article.
    #[serde(skip)]
    pub articles: Vec<ArticleResult>,
}

/// Nested k-fold CV: for each outer fold, [`fit`] on the rest and score the fold.
/// `on_fold(k)` is called before each fold.
pub fn cross_validate(
    data: &[Prepared],
    cfg: &TrainConfig,
    scorer: &RougeScorer,
    mut on_fold: impl FnMut(usize),
) -> CvReport {
    let all: Vec<usize> = (0..data.len()).collect();
    let order = shuffled(&all, cfg.seed);
    let k = cfg.folds.clamp(2, data.len().max(2));
    let outer = folds_of(&order, k);
    let mut articles = Vec::with_capacity(data.len());
    let mut choices = Vec::with_capacity(k);
    for (f, test) in outer.iter().enumerate() {
        on_fold(f);
        let train: Vec<usize> = outer
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != f)
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        let (model, choice) = fit(
            data,
            &train,
            cfg,
            cfg.seed.wrapping_add(1 + f as u64),
            scorer,
        );
        choices.push(choice);
        let res: Vec<ArticleResult> = test
            .par_iter()
            .map(|&i| {
                let p = &data[i];
                let (scores, chosen, same) = match apply(&model, p) {
                    None => (p.lead, p.lead_sel.clone(), true),
                    Some(sel) => {
                        let r = p.rouge(scorer, &sel);
                        let same = sel == p.lead_sel;
                        (r, sel, same)
                    }
                };
                ArticleResult {
                    id: p.id.clone(),
                    index: i,
                    fold: f,
                    model: scores,
                    lead: p.lead,
                    sentences: chosen.len(),
                    chosen,
                    same_as_lead: same,
                }
            })
            .collect();
        articles.extend(res);
    }
    let per_fold = (0..k)
        .map(|f| {
            let v: Vec<&ArticleResult> = articles.iter().filter(|a| a.fold == f).collect();
            summarize_results(&v)
        })
        .collect();
    let refs: Vec<&ArticleResult> = articles.iter().collect();
    CvReport {
        folds: k,
        seed: cfg.seed,
        overall: summarize_results(&refs),
        per_fold,
        choices,
        articles,
    }
}

/// Fits the shipped model on all articles, with provenance (and the CV report, if any).
pub fn train(
    data: &[Prepared],
    cfg: &TrainConfig,
    scorer: &RougeScorer,
    cv: Option<&CvReport>,
) -> Model {
    let all: Vec<usize> = (0..data.len()).collect();
    let (mut model, choice) = fit(data, &all, cfg, cfg.seed, scorer);
    let rows: usize = data.iter().map(|p| p.rows.len()).sum();
    let positives: usize = data
        .iter()
        .map(|p| p.labels.iter().filter(|&&l| l).count())
        .sum();
    model.training = serde_json::json!({
        "method": "L2 logistic regression on standardised features, greedy-oracle (R1+R2) labels of the first 8 sentences; adaptive selector",
        "articles": data.len(),
        "rows": rows,
        "positive_rows": positives,
        "seed": cfg.seed,
        "choice": choice,
        "config": cfg,
        "cv": cv.map(|r| serde_json::json!({
            "folds": r.folds,
            "overall": r.overall,
            "per_fold": r.per_fold,
            "choices": r.choices,
        })),
    });
    model
}

/// A record that could not be used, with the reason (one line, for the user).
pub type Rejected = String;

/// Reads and prepares records, in parallel chunks, keeping input order. Bad records (read
/// errors, no reference, no sentences) are returned as messages and skipped.
/// `on_progress(n)` is called with the number of records handled so far.
pub fn prepare_all<I>(
    records: I,
    scorer: &RougeScorer,
    mut on_progress: impl FnMut(u64),
) -> (Vec<Prepared>, Vec<Rejected>)
where
    I: Iterator<Item = Result<Article, precis_ingest::RecordError>>,
{
    const CHUNK: usize = 1024;
    let mut data = Vec::new();
    let mut rejected = Vec::new();
    let mut done = 0u64;
    let mut chunk: Vec<Result<Article, precis_ingest::RecordError>> = Vec::with_capacity(CHUNK);
    let flush = |chunk: &mut Vec<Result<Article, precis_ingest::RecordError>>,
                 data: &mut Vec<Prepared>,
                 rejected: &mut Vec<Rejected>| {
        let out: Vec<Result<Prepared, String>> = chunk
            .par_iter()
            .map(|r| match r {
                Err(e) => Err(e.to_string()),
                Ok(a) => prepare(a, scorer).map_err(|e| format!("record {}: {e}", a.id)),
            })
            .collect();
        chunk.clear();
        for o in out {
            match o {
                Ok(p) => data.push(p),
                Err(e) => rejected.push(e),
            }
        }
    };
    for r in records {
        chunk.push(r);
        if chunk.len() == CHUNK {
            flush(&mut chunk, &mut data, &mut rejected);
            done += CHUNK as u64;
            on_progress(done);
        }
    }
    let rest = chunk.len() as u64;
    flush(&mut chunk, &mut data, &mut rejected);
    on_progress(done + rest);
    (data, rejected)
}
