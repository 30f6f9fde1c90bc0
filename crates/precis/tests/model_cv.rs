//! Nested cross-validation on the 250 CNN/DM dev articles (slow-ish; run with --ignored).
//!
//! `cargo test -p precis --release --test model_cv -- --ignored --nocapture`

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use precis::model::train::{self, TrainConfig};

fn dev_set() -> Option<PathBuf> {
    let p = PathBuf::from(
        std::env::var("PRECIS_DEV_SET")
            .unwrap_or_else(|_| "/work/shared/data/cnndm-test-frank250.jsonl".to_string()),
    );
    p.exists().then_some(p)
}

#[test]
#[ignore]
fn nested_cv_beats_lead3() {
    let Some(path) = dev_set() else {
        eprintln!("dev set not found; skipped");
        return;
    };
    let scorer = train::rouge_scorer();
    let records = precis_ingest::read_inputs(&[path], &precis_ingest::ReadOptions::default());
    let (data, rejected) = train::prepare_all(records, &scorer, |_| {});
    assert!(rejected.is_empty(), "{rejected:?}");
    let seeds: Vec<u64> = std::env::var("PRECIS_CV_SEEDS")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        .unwrap_or_else(|| vec![0]);
    for seed in seeds {
        let mut cfg = TrainConfig {
            seed,
            ..TrainConfig::default()
        };
        let list = |k: &str| -> Option<Vec<f64>> {
            std::env::var(k)
                .ok()
                .map(|s| s.split(',').filter_map(|x| x.parse().ok()).collect())
        };
        if let Some(v) = list("PRECIS_C") {
            cfg.c_grid = v;
        }
        if let Some(v) = list("PRECIS_W") {
            cfg.windows = v.iter().map(|&x| x as usize).collect();
        }
        if let Some(v) = list("PRECIS_T") {
            cfg.thresholds = v;
        }
        if let Some(v) = list("PRECIS_WT") {
            cfg.word_targets = v.iter().map(|&x| x as usize).collect();
        }
        if let Some(v) = list("PRECIS_RW") {
            cfg.ranked_windows = v.iter().map(|&x| x as usize).collect();
        }
        if let Some(v) = list("PRECIS_FT") {
            cfg.filter_thresholds = v;
        }
        if let Some(v) = list("PRECIS_DROP") {
            cfg.drop_tolerance = v[0];
        }
        if let Some(v) = list("PRECIS_MIN") {
            cfg.min_sentences = v.iter().map(|&x| x as usize).collect();
        }
        if let Some(v) = list("PRECIS_MARGIN") {
            cfg.lead_margin_se = v[0];
        }
        if std::env::var("PRECIS_NOLEAD").is_ok() {
            cfg.lead_candidate = false;
        }
        let r = train::cross_validate(&data, &cfg, &scorer, |_| {});
        println!(
            "seed {seed}: {}",
            serde_json::to_string(&r.overall).unwrap()
        );
        for (f, s) in r.per_fold.iter().enumerate() {
            println!(
                "  fold {f}: model {:.2}/{:.2}/{:.2} lead {:.2}/{:.2}/{:.2} choice {}",
                s.model[0],
                s.model[1],
                s.model[2],
                s.lead[0],
                s.lead[1],
                s.lead[2],
                serde_json::to_string(&r.choices[f]).unwrap()
            );
        }
        if let Ok(dir) = std::env::var("PRECIS_CV_OUT") {
            let lines: Vec<String> = r
                .articles
                .iter()
                .map(|a| serde_json::to_string(a).unwrap())
                .collect();
            std::fs::write(
                format!("{dir}/cv-seed{seed}.jsonl"),
                lines.join("\n") + "\n",
            )
            .unwrap();
        }
        assert!(r.overall.delta[0] > -0.5, "{:?}", r.overall);
    }
}

/// Single-thread speed of `--method auto` (embedded model, or `PRECIS_MODEL`).
/// `cargo test -p precis --release --test model_cv speed -- --ignored --nocapture`
#[test]
#[ignore]
fn speed_of_auto() {
    let Some(path) = dev_set() else {
        return;
    };
    let articles: Vec<precis::Article> =
        precis_ingest::read_inputs(&[path], &precis_ingest::ReadOptions::default())
            .filter_map(Result::ok)
            .collect();
    let mut s = precis::Summarizer::new(precis::Options::default());
    if let Ok(p) = std::env::var("PRECIS_MODEL") {
        let m = precis::model::Model::load(std::path::Path::new(&p)).unwrap();
        s = s.with_model(std::sync::Arc::new(m));
    }
    for method in [precis::Method::Lead, precis::Method::Auto] {
        let s = precis::Summarizer::new(precis::Options {
            method,
            ..s.options().clone()
        });
        let s = if method == precis::Method::Auto {
            match std::env::var("PRECIS_MODEL") {
                Ok(p) => s.with_model(std::sync::Arc::new(
                    precis::model::Model::load(std::path::Path::new(&p)).unwrap(),
                )),
                Err(_) => s,
            }
        } else {
            s
        };
        let start = std::time::Instant::now();
        let mut n = 0usize;
        let mut sentences = 0usize;
        while start.elapsed().as_secs_f64() < 3.0 {
            for a in &articles {
                sentences += s.summarize_article(a).unwrap().highlights.len();
                n += 1;
            }
        }
        let secs = start.elapsed().as_secs_f64();
        println!(
            "{method}: {:.0} articles/s (1 thread), {:.2} sentences/article",
            n as f64 / secs,
            sentences as f64 / n as f64
        );
    }
}
