//! Corpus tables shared by `precis rouge` and `precis eval`: per-row mean scores with rouge-score's
//! bootstrap confidence intervals, printed as text or JSON.

use precis_rouge::{BootstrapAggregator, MeanAggregator, RougeType, Score, Scores};
use serde::Serialize;

/// Bootstrap settings (rouge-score's defaults: 95 %, 1000 resamples).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct BootstrapArgs {
    /// Seed of the bootstrap resampling (as `np.random.seed(SEED)` before rouge-score's
    /// `BootstrapAggregator.aggregate()`).
    #[arg(long, default_value_t = 0)]
    pub seed: u32,
    /// Bootstrap resamples.
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..))]
    pub samples: u32,
    /// Confidence level of the intervals.
    #[arg(long, default_value_t = 0.95)]
    pub confidence: f64,
}

/// One metric of one row: plain mean and the bootstrap interval (rouge-score's low/mid/high).
#[derive(Debug, Clone, Serialize)]
pub struct MetricSummary {
    pub metric: String,
    pub mean: ScoreJson,
    pub low: ScoreJson,
    pub mid: ScoreJson,
    pub high: ScoreJson,
}

#[derive(Debug, Clone, Copy, Serialize)]
pub struct ScoreJson {
    pub precision: f64,
    pub recall: f64,
    pub fmeasure: f64,
}

impl From<Score> for ScoreJson {
    fn from(s: Score) -> Self {
        ScoreJson {
            precision: s.precision,
            recall: s.recall,
            fmeasure: s.fmeasure,
        }
    }
}

/// Collects per-document scores of one row (a method or system).
pub struct RowAggregator {
    boot: BootstrapAggregator,
    mean: MeanAggregator,
    pub n: usize,
    pub words: usize,
}

impl RowAggregator {
    pub fn new(args: &BootstrapArgs) -> anyhow::Result<Self> {
        Ok(RowAggregator {
            boot: BootstrapAggregator::with_params(
                args.confidence,
                args.samples as usize,
                args.seed,
            )?,
            mean: MeanAggregator::new(),
            n: 0,
            words: 0,
        })
    }

    pub fn add(&mut self, scores: &Scores, words: usize) {
        self.boot.add_scores(scores);
        self.mean.add_scores(scores);
        self.n += 1;
        self.words += words;
    }

    pub fn summarize(&self) -> Vec<MetricSummary> {
        if self.n == 0 {
            return Vec::new();
        }
        let means = self.mean.aggregate();
        self.boot
            .aggregate()
            .into_iter()
            .map(|(t, agg)| {
                let mean = means
                    .iter()
                    .find(|(mt, _)| *mt == t)
                    .map(|(_, s)| *s)
                    .unwrap_or_default();
                MetricSummary {
                    metric: t.to_string(),
                    mean: mean.into(),
                    low: agg.low.into(),
                    mid: agg.mid.into(),
                    high: agg.high.into(),
                }
            })
            .collect()
    }
}

/// Whitespace-separated words (the usual "words per summary").
pub fn whitespace_words(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Per-pair scores as a JSON object `{ "rouge1": {precision, recall, fmeasure}, ... }`.
pub fn scores_json(scores: &Scores) -> serde_json::Map<String, serde_json::Value> {
    scores
        .iter()
        .map(|(t, s)| {
            (
                t.to_string(),
                serde_json::json!({"precision": s.precision, "recall": s.recall, "fmeasure": s.fmeasure}),
            )
        })
        .collect()
}

/// Parses "rouge1,rouge2,rougeL,rougeLsum".
pub fn parse_types(s: &str) -> Result<Vec<RougeType>, String> {
    s.split(',')
        .map(|t| t.trim().parse::<RougeType>().map_err(|e| e.to_string()))
        .collect()
}

/// F ×100 with CI, e.g. `41.29 (39.87–42.71)`.
pub fn f_cell(m: &MetricSummary) -> String {
    ci_cell(m.mean.fmeasure, m.low.fmeasure, m.high.fmeasure)
}

/// "mean (low–high)" ×100, two decimals.
pub fn ci_cell(mean: f64, low: f64, high: f64) -> String {
    format!(
        "{:.2} ({:.2}–{:.2})",
        100.0 * mean,
        100.0 * low,
        100.0 * high
    )
}
