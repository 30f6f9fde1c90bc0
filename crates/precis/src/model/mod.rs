//! The trained sentence scorer behind `--method auto`, its file format, and its trainer.
//!
//! A [`Model`] is a logistic regression over cheap per-sentence [`features`] plus an
//! adaptive-length [`selector`]. It is trained on greedy-oracle labels by [`train`] and
//! stored as a small JSON file (format below). The default model is embedded in the crate
//! ([`Model::embedded`], from `models/default.json`).
//!
//! # File format (version 1)
//!
//! ```json
//! {
//!   "format": "precis-model",
//!   "version": 1,
//!   "features": [ {"name": "inv_idx", "mean": 0.3, "scale": 0.3, "weight": 0.4}, … ],
//!   "bias": -1.9,
//!   "selector": {"kind": "lead_filtered", "window": 8, "words": 65, "max_sentences": 5,
//!                "threshold": 0.5},
//!   "training": { … free-form provenance: data, seed, C, groups, CV scores … }
//! }
//! ```
//!
//! A sentence's probability is `σ(bias + Σ weight · (x − mean) / scale)` over the listed
//! features (names from [`features::FEATURES`]). `selector` is one of (see [`Selector`]):
//! `{"kind": "lead", "sentences"}`, `{"kind": "lead_words", "words", "max_sentences"}`,
//! `{"kind": "lead_filtered", "window", "words", "max_sentences", "threshold"}`,
//! `{"kind": "adaptive", "window", "min_sentences", "max_sentences", "threshold"}`,
//! `{"kind": "ranked_words", "window", "words", "max_sentences"}`. Selector kinds may be added
//! within a version (an older build rejects a kind it does not know, by name). `training` is
//! ignored when reading. A file with another `format` or `version`, an unknown feature, a
//! non-finite number or a bad selector is
//! rejected with a [`ModelError`] that says so.

pub mod features;
pub mod logreg;
pub mod selector;
pub mod train;

use std::path::Path;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};

use crate::analyze::Doc;
use crate::score::{Lead, Scorer};
use crate::select::{self, Budget, Order};
pub use selector::Selector;

/// The `format` field of every model file.
pub const FORMAT: &str = "precis-model";
/// The model file version this build reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// The default model, trained by `precis train` on the 250 CNN/DM dev articles.
const EMBEDDED: &str = include_str!("../../models/default.json");

/// Why a model file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The file could not be read.
    #[error("cannot read model file `{path}`: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    /// Not JSON, or not the expected shape.
    #[error("model file is not valid: {0}")]
    Json(String),
    /// JSON, but not a precis model.
    #[error("not a precis model file (expected \"format\": \"{FORMAT}\")")]
    NotAModel,
    /// A precis model of another version.
    #[error("unsupported model version {found} (this precis reads version {FORMAT_VERSION})")]
    Version { found: String },
    /// The right version but inconsistent content.
    #[error("invalid model: {0}")]
    Invalid(String),
}

/// One feature's weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeatureWeight {
    /// Feature name (see [`features::FEATURES`]).
    pub name: String,
    /// Training mean.
    pub mean: f64,
    /// Training standard deviation.
    pub scale: f64,
    /// Weight of the standardised value.
    pub weight: f64,
}

/// A trained scorer + selector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`FORMAT_VERSION`].
    pub version: u32,
    /// Weighted features.
    pub features: Vec<FeatureWeight>,
    /// Intercept.
    pub bias: f64,
    /// How sentences are chosen from the probabilities.
    pub selector: Selector,
    /// Provenance (not used for summarizing).
    #[serde(default)]
    pub training: serde_json::Value,
    /// Resolved feature indices (filled by validation).
    #[serde(skip)]
    cols: Vec<usize>,
}

impl Model {
    /// A model from its parts (validated).
    pub fn new(
        features: Vec<FeatureWeight>,
        bias: f64,
        selector: Selector,
        training: serde_json::Value,
    ) -> Result<Model, ModelError> {
        let mut m = Model {
            format: FORMAT.to_string(),
            version: FORMAT_VERSION,
            features,
            bias,
            selector,
            training,
            cols: Vec::new(),
        };
        m.validate()?;
        Ok(m)
    }

    /// Plain Lead-3 as a model (used when no trained model is available).
    pub fn lead3() -> Model {
        Model {
            format: FORMAT.to_string(),
            version: FORMAT_VERSION,
            features: Vec::new(),
            bias: 0.0,
            selector: Selector::Lead { sentences: 3 },
            training: serde_json::Value::Null,
            cols: Vec::new(),
        }
    }

    /// The model embedded in this build (parsed once).
    pub fn embedded() -> Arc<Model> {
        static CELL: OnceLock<Arc<Model>> = OnceLock::new();
        CELL.get_or_init(|| {
            // The embedded file is checked by a unit test; Lead-3 is only a safety net.
            Arc::new(Model::from_json(EMBEDDED).unwrap_or_else(|_| Model::lead3()))
        })
        .clone()
    }

    /// Parses and validates a model file's text.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| ModelError::Json(e.to_string()))?;
        let obj = value.as_object().ok_or(ModelError::NotAModel)?;
        if obj.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
            return Err(ModelError::NotAModel);
        }
        match obj.get("version") {
            Some(v) if v.as_u64() == Some(u64::from(FORMAT_VERSION)) => {}
            Some(v) => {
                return Err(ModelError::Version {
                    found: v.to_string(),
                })
            }
            None => {
                return Err(ModelError::Version {
                    found: "(missing)".to_string(),
                })
            }
        }
        let mut m: Model =
            serde_json::from_value(value).map_err(|e| ModelError::Json(e.to_string()))?;
        m.validate()?;
        Ok(m)
    }

    /// Reads a model file.
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        let text = std::fs::read_to_string(path).map_err(|source| ModelError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Model::from_json(&text)
    }

    /// The model as pretty JSON (what [`Model::from_json`] reads back).
    pub fn to_json(&self) -> String {
        // Serialising plain data with finite numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    fn validate(&mut self) -> Result<(), ModelError> {
        let mut cols = Vec::with_capacity(self.features.len());
        for f in &self.features {
            let i = features::index_of(&f.name)
                .ok_or_else(|| ModelError::Invalid(format!("unknown feature `{}`", f.name)))?;
            if cols.contains(&i) {
                return Err(ModelError::Invalid(format!(
                    "feature `{}` listed twice",
                    f.name
                )));
            }
            if !(f.mean.is_finite() && f.weight.is_finite() && f.scale.is_finite())
                || f.scale <= 0.0
            {
                return Err(ModelError::Invalid(format!(
                    "feature `{}`: mean, weight must be finite and scale > 0",
                    f.name
                )));
            }
            cols.push(i);
        }
        if !self.bias.is_finite() {
            return Err(ModelError::Invalid("bias must be finite".to_string()));
        }
        match self.selector {
            Selector::Adaptive {
                window,
                min_sentences,
                max_sentences,
                threshold,
            } => {
                if !(1..=64).contains(&window)
                    || min_sentences == 0
                    || min_sentences > max_sentences
                    || !threshold.is_finite()
                {
                    return Err(ModelError::Invalid(
                        "selector: need 1 ≤ window ≤ 64, 1 ≤ min_sentences ≤ max_sentences, finite threshold"
                            .to_string(),
                    ));
                }
            }
            Selector::Lead { sentences } => {
                if sentences == 0 {
                    return Err(ModelError::Invalid(
                        "selector: lead needs sentences ≥ 1".to_string(),
                    ));
                }
            }
            Selector::LeadWords {
                words,
                max_sentences,
            } => {
                if words == 0 || !(1..=64).contains(&max_sentences) {
                    return Err(ModelError::Invalid(
                        "selector: lead_words needs words ≥ 1 and 1 ≤ max_sentences ≤ 64"
                            .to_string(),
                    ));
                }
            }
            Selector::RankedWords {
                window,
                words,
                max_sentences,
            } => {
                if words == 0 || !(1..=64).contains(&window) || max_sentences == 0 {
                    return Err(ModelError::Invalid(
                        "selector: ranked_words needs words ≥ 1, 1 ≤ window ≤ 64, max_sentences ≥ 1"
                            .to_string(),
                    ));
                }
            }
            Selector::LeadFiltered {
                window,
                words,
                max_sentences,
                threshold,
            } => {
                if words == 0
                    || !(1..=64).contains(&window)
                    || max_sentences == 0
                    || !threshold.is_finite()
                {
                    return Err(ModelError::Invalid(
                        "selector: lead_filtered needs words ≥ 1, 1 ≤ window ≤ 64, max_sentences ≥ 1, finite threshold"
                            .to_string(),
                    ));
                }
            }
        }
        self.cols = cols;
        Ok(())
    }

    /// Probability of one feature row.
    pub fn prob(&self, row: &[f32; features::NF]) -> f64 {
        let mut z = self.bias;
        for (f, &c) in self.features.iter().zip(&self.cols) {
            z += f.weight * ((f64::from(row[c]) - f.mean) / f.scale);
        }
        logreg::sigmoid(z)
    }

    /// Scores (probabilities; 0 outside the window) and the chosen sentences, in document
    /// order. [`Budget::Auto`]: the model's own adaptive length; any other budget: the
    /// model's order under that budget (via [`select::select_ranked`]).
    pub fn summarize_doc(&self, doc: &Doc, budget: Budget) -> (Vec<f32>, Vec<usize>) {
        let n = doc.len();
        if let Selector::Lead { sentences } = self.selector {
            let scores = Lead.score(doc);
            let b = match budget {
                Budget::Auto => Budget::Sentences(sentences),
                b => b,
            };
            let chosen = select::select(doc, &scores, b, Order::Source);
            return (scores, chosen);
        }
        let window = self.selector.window().min(n);
        let (probs, scores) = if self.selector.uses_scores() {
            let rows = features::extract(doc, window);
            let probs: Vec<f64> = rows.iter().map(|r| self.prob(r)).collect();
            let mut scores = vec![0.0f32; n];
            for (s, p) in scores.iter_mut().zip(&probs) {
                *s = *p as f32;
            }
            (probs, scores)
        } else {
            (Vec::new(), Lead.score(doc))
        };
        let eligible = select::eligible(doc, window);
        if budget != Budget::Auto {
            // `lead_filtered` keeps its policy under an explicit length: the sentences it
            // would take first, in lead order, then all the others (skipped ones and those
            // past its window) in lead order. The other selectors rank by their scores.
            let chosen = match self.selector {
                Selector::LeadFiltered { threshold, .. } => {
                    let keep = selector::kept(&probs, &eligible, threshold);
                    let is_kept = |i: usize| keep.get(i).copied().unwrap_or(false);
                    let (mut ranked, rest): (Vec<usize>, Vec<usize>) =
                        (0..n).partition(|&i| is_kept(i));
                    ranked.extend(rest);
                    select::select_ranked(doc, &ranked, budget, Order::Source)
                }
                _ => select::select(doc, &scores, budget, Order::Source),
            };
            return (scores, chosen);
        }
        let words: Vec<usize> = (0..window).map(|i| doc.word_count(i)).collect();
        let tri = selector::trigram_sets(doc, window);
        let chosen = self
            .selector
            .choose(&probs, &eligible, &words, |a, b| {
                crate::select::is_near_duplicate(&tri[a], &tri[b])
            })
            .unwrap_or_default();
        (scores, chosen)
    }
}

/// Whether the trained model is used for text in `lang`: English only. Its features count
/// English words, read capitals and English reporting verbs, and it was trained and validated
/// on English news; `auto` gives other languages Lead at the model's length (three sentences,
/// the model's mean length in cross-validation), see ARCHITECTURE.md.
pub fn applies_to(lang: precis_ingest::Lang) -> bool {
    lang == precis_ingest::Lang::EN
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_model_parses_and_is_not_the_fallback() {
        let m = Model::from_json(EMBEDDED).unwrap();
        assert!(!m.features.is_empty());
        assert_eq!(Model::embedded().as_ref(), &m);
    }

    #[test]
    fn round_trips() {
        let m = Model::from_json(EMBEDDED).unwrap();
        let again = Model::from_json(&m.to_json()).unwrap();
        assert_eq!(m, again);
        assert_eq!(again.to_json(), m.to_json());
    }
}
