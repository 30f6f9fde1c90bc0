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
//! number out of range (weights, bias and means beyond ±[`MAX_MAGNITUDE`], a scale that is not
//! a normal positive number), no features under a selector that ranks, or selector counts
//! outside 1..=[`MAX_SELECTED`] sentences / 1..=[`MAX_WORDS`] words is rejected with a
//! [`ModelError`] that says so; [`Model::load`] reads only regular files of at most
//! [`MAX_MODEL_BYTES`].

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

/// Largest model file [`Model::load`] reads (1 MiB; models are a few kB).
pub const MAX_MODEL_BYTES: usize = 1 << 20;

/// Largest absolute weight, bias or feature mean a model may hold: features are standardised,
/// so trained weights are single digits; beyond this the sums overflow into infinities.
pub const MAX_MAGNITUDE: f64 = 1e6;

/// Most sentences or words a model's selector may ask for (highlights are a few sentences).
pub const MAX_SELECTED: usize = 100;
/// Most words a model's selector may ask for.
pub const MAX_WORDS: usize = 10_000;

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

    /// Reads a model file: a regular file (not a FIFO or device, which could block or never
    /// end) of at most [`MAX_MODEL_BYTES`].
    pub fn load(path: &Path) -> Result<Model, ModelError> {
        use std::io::Read;
        let io = |source| ModelError::Io {
            path: path.display().to_string(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(io)?;
        if !meta.is_file() {
            return Err(io(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "not a regular file",
            )));
        }
        let too_big = || {
            io(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("larger than {MAX_MODEL_BYTES} bytes (a model is a few kB)"),
            ))
        };
        if meta.len() > MAX_MODEL_BYTES as u64 {
            return Err(too_big());
        }
        let mut text = String::new();
        std::fs::File::open(path)
            .map_err(io)?
            .take(MAX_MODEL_BYTES as u64 + 1)
            .read_to_string(&mut text)
            .map_err(io)?;
        if text.len() > MAX_MODEL_BYTES {
            return Err(too_big());
        }
        Model::from_json(&text)
    }

    /// The model as pretty JSON (what [`Model::from_json`] reads back).
    pub fn to_json(&self) -> String {
        // Serialising plain data with finite numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default() + "\n"
    }

    fn validate(&mut self) -> Result<(), ModelError> {
        let mut cols = Vec::with_capacity(self.features.len());
        let bounded = |x: f64| x.is_finite() && x.abs() <= MAX_MAGNITUDE;
        for f in &self.features {
            let i = features::index_of(&f.name)
                .ok_or_else(|| ModelError::Invalid(format!("unknown feature `{}`", f.name)))?;
            if cols.contains(&i) {
                return Err(ModelError::Invalid(format!(
                    "feature `{}` listed twice",
                    f.name
                )));
            }
            // A scale is a standard deviation: a normal positive number (a denormal one turns
            // every standardised value into an infinity).
            let scale_ok = f.scale.is_normal() && f.scale > 0.0 && f.scale <= MAX_MAGNITUDE;
            if !(bounded(f.mean) && bounded(f.weight) && scale_ok) {
                return Err(ModelError::Invalid(format!(
                    "feature `{}`: mean and weight must be finite with |x| ≤ {MAX_MAGNITUDE:e}, scale a normal number in (0, {MAX_MAGNITUDE:e}] (got mean {}, weight {}, scale {})",
                    f.name, f.mean, f.weight, f.scale
                )));
            }
            cols.push(i);
        }
        if !bounded(self.bias) {
            return Err(ModelError::Invalid(format!(
                "bias must be finite with |bias| ≤ {MAX_MAGNITUDE:e} (got {})",
                self.bias
            )));
        }
        let needs_features = !matches!(self.selector, Selector::Lead { .. });
        if needs_features && self.features.is_empty() {
            return Err(ModelError::Invalid(
                "no features: every sentence would score the same (only the `lead` selector works without features)"
                    .to_string(),
            ));
        }
        let sentences = |n: usize| (1..=MAX_SELECTED).contains(&n);
        let words = |n: usize| (1..=MAX_WORDS).contains(&n);
        let window = |n: usize| (1..=64).contains(&n);
        let threshold = |t: f64| (0.0..=1.0).contains(&t);
        let ok = match self.selector {
            Selector::Adaptive {
                window: w,
                min_sentences,
                max_sentences,
                threshold: t,
            } => {
                window(w)
                    && sentences(min_sentences)
                    && sentences(max_sentences)
                    && min_sentences <= max_sentences
                    && threshold(t)
            }
            Selector::Lead { sentences: n } => sentences(n),
            Selector::LeadWords {
                words: n,
                max_sentences,
            } => words(n) && sentences(max_sentences) && max_sentences <= 64,
            Selector::RankedWords {
                window: w,
                words: n,
                max_sentences,
            } => window(w) && words(n) && sentences(max_sentences),
            Selector::LeadFiltered {
                window: w,
                words: n,
                max_sentences,
                threshold: t,
            } => window(w) && words(n) && sentences(max_sentences) && threshold(t),
        };
        if !ok {
            return Err(ModelError::Invalid(format!(
                "selector {}: need 1 ≤ window ≤ 64, 1 ≤ sentences ≤ {MAX_SELECTED} (min ≤ max; lead_words max_sentences ≤ 64), 1 ≤ words ≤ {MAX_WORDS}, 0 ≤ threshold ≤ 1",
                serde_json::to_string(&self.selector).unwrap_or_default()
            )));
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

    /// The embedded model with one edit made to its JSON.
    fn edited(edit: impl FnOnce(&mut serde_json::Value)) -> Result<Model, ModelError> {
        let mut v: serde_json::Value = serde_json::from_str(EMBEDDED).unwrap();
        edit(&mut v);
        Model::from_json(&v.to_string())
    }

    fn invalid(r: Result<Model, ModelError>) -> String {
        match r {
            Err(ModelError::Invalid(m)) => m,
            other => panic!("expected Invalid, got {other:?}"),
        }
    }

    #[test]
    fn out_of_range_numbers_are_rejected() {
        let m = invalid(edited(|v| v["features"][0]["weight"] = 1e308.into()));
        assert!(m.contains("weight"), "{m}");
        let m = invalid(edited(|v| v["features"][0]["weight"] = (-1e308).into()));
        assert!(m.contains("weight"), "{m}");
        let m = invalid(edited(|v| v["features"][0]["scale"] = 1e-310.into()));
        assert!(m.contains("scale"), "{m}");
        let m = invalid(edited(|v| v["bias"] = 1e300.into()));
        assert!(m.contains("bias"), "{m}");
        let m = invalid(edited(|v| v["features"] = serde_json::json!([])));
        assert!(m.contains("no features"), "{m}");
        for field in ["words", "max_sentences", "window"] {
            let m = invalid(edited(|v| v["selector"][field] = u64::MAX.into()));
            assert!(m.contains("selector"), "{field}: {m}");
        }
        let m = invalid(edited(|v| v["selector"]["threshold"] = 7.0.into()));
        assert!(m.contains("threshold"), "{m}");
        // Lead needs no features.
        let lead = edited(|v| {
            v["features"] = serde_json::json!([]);
            v["selector"] = serde_json::json!({"kind": "lead", "sentences": 3});
        });
        assert!(lead.is_ok());
        let m = invalid(edited(|v| {
            v["selector"] = serde_json::json!({"kind": "lead", "sentences": u64::MAX});
        }));
        assert!(m.contains("selector"), "{m}");
    }

    #[test]
    fn only_small_regular_files_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.json");
        std::fs::write(&big, vec![b' '; MAX_MODEL_BYTES + 10]).unwrap();
        let e = Model::load(&big).unwrap_err().to_string();
        assert!(e.contains("larger than") && e.contains("big.json"), "{e}");
        let e = Model::load(dir.path()).unwrap_err().to_string();
        assert!(e.contains("not a regular file"), "{e}");
        #[cfg(unix)]
        {
            // A device that never ends: refused before reading.
            let e = Model::load(Path::new("/dev/zero")).unwrap_err().to_string();
            assert!(e.contains("not a regular file"), "{e}");
        }
        let ok = dir.path().join("ok.json");
        std::fs::write(&ok, EMBEDDED).unwrap();
        assert!(Model::load(&ok).is_ok());
    }
}
