//! `precis train`: learn a sentence scorer + length-adaptive selector from articles with reference
//! highlights, report nested k-fold CV ROUGE against Lead-3, and write the model (JSON).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use precis::model::train::{self, CvReport, Summary, TrainConfig};

use crate::summarize::InputArgs;

/// Rejected records listed one by one before the rest are only counted.
const MAX_LISTED: usize = 20;

/// Train a model (`--method auto`) on articles with reference highlights.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Where to write the model (JSON).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Outer cross-validation folds for the ROUGE report (0 = no report).
    #[arg(long, default_value_t = 5)]
    pub folds: usize,
    /// Inner folds used for every choice (features, C, selector).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(2..))]
    pub inner_folds: u32,
    /// Shuffle seed (same seed, same data: same model).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Worker threads (0 = one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Choices are made on at most this many articles (the final fit uses all).
    #[arg(long, default_value_t = 2000, value_name = "N")]
    pub tune_cap: usize,
    /// Write the CV report (per fold, per article) as JSON here.
    #[arg(long, value_name = "FILE")]
    pub report: Option<PathBuf>,
    /// Write every article's held-out CV highlights here (JSONL: `id`, `fold`, `highlights`
    /// [{`sentence`, `text`}], `reference`), e.g. to score them with another ROUGE
    /// implementation.
    #[arg(long, value_name = "FILE")]
    pub cv_output: Option<PathBuf>,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

fn fmt3(v: [f64; 3]) -> String {
    format!("{:.2}/{:.2}/{:.2}", v[0], v[1], v[2])
}

fn fmt_delta(s: &Summary) -> String {
    (0..3)
        .map(|k| format!("{:+.2}±{:.2}", s.delta[k], s.delta_se[k]))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_report(r: &CvReport) {
    eprintln!(
        "nested {}-fold CV (seed {}), R1/R2/RLsum F×100; Δ = model − Lead-3, paired per article ± SE",
        r.folds, r.seed
    );
    for (f, s) in r.per_fold.iter().enumerate() {
        let sel = r
            .choices
            .get(f)
            .map(|c| serde_json::to_string(&c.selector).unwrap_or_default())
            .unwrap_or_default();
        eprintln!(
            "  fold {f}: n={:<4} model {}  lead-3 {}  Δ {}  {sel}",
            s.n,
            fmt3(s.model),
            fmt3(s.lead),
            fmt_delta(s)
        );
    }
    let o = &r.overall;
    eprintln!(
        "  all:    n={:<4} model {}  lead-3 {}  Δ {}  ({:.2} sentences, {:.0}% same as Lead-3)",
        o.n,
        fmt3(o.model),
        fmt3(o.lead),
        fmt_delta(o),
        o.sentences,
        o.same_as_lead * 100.0
    );
}

pub fn run(args: Args) -> Result<ExitCode> {
    let pool = crate::batch::pool(args.threads)?;
    pool.install(|| run_in_pool(args))
}

fn run_in_pool(args: Args) -> Result<ExitCode> {
    let started = Instant::now();
    let scorer = train::rouge_scorer();
    let records = precis_ingest::read_inputs(&args.input.paths(), &args.input.read_options(None));
    let pb = crate::batch::progress(!args.quiet, "articles");
    let (data, rejected) = train::prepare_all(records, &scorer, |n| pb.set_position(n));
    pb.finish_and_clear();
    for msg in rejected.iter().take(MAX_LISTED) {
        eprintln!("precis: skipped: {msg}");
    }
    if rejected.len() > MAX_LISTED {
        eprintln!(
            "precis: skipped {} more records",
            rejected.len() - MAX_LISTED
        );
    }
    let positives: usize = data
        .iter()
        .map(|p| p.labels.iter().filter(|&&l| l).count())
        .sum();
    eprintln!(
        "precis: {} articles labelled ({} skipped), {} positive of {} candidate sentences, {:.1}s",
        data.len(),
        rejected.len(),
        positives,
        data.iter().map(|p| p.rows.len()).sum::<usize>(),
        started.elapsed().as_secs_f64()
    );
    if data.len() < 2 * args.inner_folds as usize {
        anyhow::bail!(
            "need at least {} usable articles with reference highlights, got {}",
            2 * args.inner_folds,
            data.len()
        );
    }
    let cfg = TrainConfig {
        folds: args.folds,
        inner_folds: args.inner_folds as usize,
        seed: args.seed,
        tune_cap: args.tune_cap.max(2 * args.inner_folds as usize),
        ..TrainConfig::default()
    };
    let report = if args.folds >= 2 && data.len() >= 2 * args.folds {
        let r = train::cross_validate(&data, &cfg, &scorer, |f| {
            if !args.quiet {
                eprintln!("precis: CV fold {}/{}", f + 1, args.folds);
            }
        });
        print_report(&r);
        Some(r)
    } else {
        None
    };
    let model = train::train(&data, &cfg, &scorer, report.as_ref());
    crate::output::write_file(&args.output, model.to_json().as_bytes())?;
    if let (Some(path), Some(r)) = (&args.report, &report) {
        let json = serde_json::json!({
            "folds": r.folds,
            "seed": r.seed,
            "overall": r.overall,
            "per_fold": r.per_fold,
            "choices": r.choices,
            "articles": r.articles,
        });
        crate::output::write_file(
            path,
            (serde_json::to_string_pretty(&json)? + "\n").as_bytes(),
        )?;
    }
    if let (Some(path), Some(r)) = (&args.cv_output, &report) {
        write_cv_output(path, &data, r)?;
    }
    eprintln!(
        "precis: wrote {} ({} features, selector {}) in {:.1}s",
        args.output.display(),
        model.features.len(),
        serde_json::to_string(&model.selector)?,
        started.elapsed().as_secs_f64()
    );
    Ok(if rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The held-out highlights of the CV, one JSON line per article in input order.
fn write_cv_output(path: &std::path::Path, data: &[train::Prepared], r: &CvReport) -> Result<()> {
    use std::io::Write;
    let mut results: Vec<&train::ArticleResult> = r.articles.iter().collect();
    results.sort_by_key(|a| a.index);
    let mut out = crate::output::Output::create(path)?;
    for a in results {
        let Some(p) = data.get(a.index) else {
            continue;
        };
        let highlights: Vec<serde_json::Value> = a
            .chosen
            .iter()
            .filter_map(|&i| {
                let text = p.texts.get(i)?;
                Some(serde_json::json!({"sentence": i, "text": text}))
            })
            .collect();
        let line = serde_json::json!({
            "id": p.id,
            "fold": a.fold,
            "highlights": highlights,
            "reference": p.reference.split('\n').collect::<Vec<_>>(),
        });
        writeln!(out, "{line}")?;
    }
    out.finish()?;
    Ok(())
}
