//! Shared helpers for the fixture tests.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use precis_rouge::{RougeScorer, RougeType, Scores};
use serde_json::Value;

pub const TYPES: [RougeType; 4] = [
    RougeType::N(1),
    RougeType::N(2),
    RougeType::L,
    RougeType::Lsum,
];

pub fn scorer(stem: bool) -> RougeScorer {
    RougeScorer::new(&TYPES, stem)
}

/// `../shared/data` from the repository root, or `$PRECIS_SHARED`.
pub fn shared_dir() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

pub fn read_jsonl(name: &str) -> Vec<Value> {
    let path = shared_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {} (set PRECIS_SHARED): {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

pub fn fixture(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Space-separated Python float reprs -> f64 (correctly rounded by `str::parse`).
pub fn nums(s: &Value) -> Vec<f64> {
    s.as_str()
        .unwrap()
        .split(' ')
        .map(|x| x.parse::<f64>().unwrap())
        .collect()
}

pub fn flat(s: &Scores) -> Vec<f64> {
    s.iter()
        .flat_map(|(_, x)| [x.precision, x.recall, x.fmeasure])
        .collect()
}

pub const FIELDS: [&str; 12] = [
    "rouge1.P",
    "rouge1.R",
    "rouge1.F",
    "rouge2.P",
    "rouge2.R",
    "rouge2.F",
    "rougeL.P",
    "rougeL.R",
    "rougeL.F",
    "rougeLsum.P",
    "rougeLsum.R",
    "rougeLsum.F",
];

/// Collects bit differences; `check` returns how many numbers were compared.
#[derive(Default)]
pub struct Diffs {
    pub compared: usize,
    pub diffs: Vec<String>,
}

impl Diffs {
    pub fn check(&mut self, key: &str, want: &[f64], got: &[f64]) {
        assert_eq!(want.len(), got.len(), "{key}: length");
        for (k, (w, g)) in want.iter().zip(got).enumerate() {
            self.compared += 1;
            if w.to_bits() != g.to_bits() {
                let field = FIELDS.get(k).copied().unwrap_or("?");
                self.diffs
                    .push(format!("{key} {field}: rouge-score {w:?} precis {g:?}"));
            }
        }
    }

    pub fn assert_none(&self, what: &str) {
        for d in self.diffs.iter().take(20) {
            eprintln!("DIFF {d}");
        }
        assert!(self.compared > 0, "{what}: nothing compared");
        assert_eq!(
            self.diffs.len(),
            0,
            "{what}: {} of {} numbers differ",
            self.diffs.len(),
            self.compared
        );
        eprintln!("{what}: {} numbers, 0 differing bits", self.compared);
    }
}

pub const GEN_VOCAB: [&str; 18] = [
    "the",
    "running",
    "runs",
    "ran",
    "happiness",
    "happy",
    "cat",
    "cats",
    "a",
    "of",
    "generalization",
    "news",
    "skies",
    "agreed",
    "x",
    "2015",
    "relational",
    "controlling",
];

/// Same as `gen_text` in scripts/gen_rouge_fixtures.py.
pub fn gen_text(n: usize, mul: usize, newline_every: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(GEN_VOCAB[(i * mul + i / 13) % GEN_VOCAB.len()]);
        s.push(if i % newline_every == newline_every - 1 {
            '\n'
        } else {
            ' '
        });
    }
    s
}
