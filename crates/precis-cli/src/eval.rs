//! `precis eval`: summarize each record with one or more methods, score every method (and the
//! stored outputs of other systems) against the record's reference, print one table.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Result};
use precis::{Method, Summarizer};
use precis_rouge::{RougeScorer, RougeType, Scores};

use crate::batch::{self, Flow};
use crate::report::{self, BootstrapArgs, RowAggregator};
use crate::rouge::TableFormat;
use crate::summarize::{self, open_output, InputArgs, LengthArgs};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    /// Methods to evaluate, comma-separated (auto, lead, textrank, lexrank, centroid, oracle).
    #[arg(short, long = "method", value_name = "METHODS", value_delimiter = ',', default_value = "lead,auto", value_parser = summarize::parse_method)]
    pub methods: Vec<Method>,
    #[command(flatten)]
    pub length: LengthArgs,
    /// Also score the stored outputs in this field (an object {system: summary}).
    #[arg(long, value_name = "FIELD")]
    pub systems_field: Option<String>,
    /// Write per-document scores (JSONL: id, system, scores, words) to this file.
    #[arg(long, value_name = "FILE")]
    pub per_doc: Option<PathBuf>,
    /// Table format.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: TableFormat,
    #[command(flatten)]
    pub bootstrap: BootstrapArgs,
    #[command(flatten)]
    pub run: batch::RunArgs,
}

const TYPES: [RougeType; 4] = [
    RougeType::N(1),
    RougeType::N(2),
    RougeType::L,
    RougeType::Lsum,
];

struct DocScores {
    id: String,
    lang: precis::Lang,
    rows: Vec<(String, Scores, usize)>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.methods.is_empty() && args.systems_field.is_none() {
        bail!("nothing to evaluate: give --method and/or --systems-field");
    }
    let paths = args.input.paths();
    let read_opts = args.input.read_options(args.systems_field.clone());
    let pool = batch::pool(args.run.threads)?;
    let idf = if args.methods.iter().any(|m| m.uses_idf()) {
        summarize::corpus_idf(&paths, &read_opts, &pool).map(Arc::new)
    } else {
        None
    };
    let summarizers: Vec<(Method, Summarizer)> = args
        .methods
        .iter()
        .map(|&m| {
            let s = Summarizer::new(args.length.options(m, precis::Order::Source, false));
            let s = match &idf {
                Some(t) if m.uses_idf() => s.with_idf(t.clone()),
                _ => s,
            };
            (m, s)
        })
        .collect();
    let scorer = RougeScorer::new(&TYPES, true);
    let progress = batch::progress(!args.run.quiet, "articles");
    let records = precis_ingest::read_inputs(&paths, &read_opts);
    // Documents scored per language.
    let mut langs: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut per_doc = match &args.per_doc {
        Some(p) => Some(open_output(Some(p))?),
        None => None,
    };
    let mut rows: Vec<(String, RowAggregator)> = Vec::new();
    for (m, _) in &summarizers {
        rows.push((m.name().to_string(), RowAggregator::new(&args.bootstrap)?));
    }
    let mut n_err = 0usize;
    batch::run_ordered(
        records,
        &pool,
        &progress,
        |rec| -> std::result::Result<DocScores, (Option<String>, String)> {
            let article = rec.map_err(|e| (e.id.clone(), e.to_string()))?;
            let reference = match &article.reference {
                Some(r) if !r.is_empty() => r.join("\n"),
                _ => {
                    return Err((
                        Some(article.id.clone()),
                        format!("{}: no reference highlights to score against", article.id),
                    ))
                }
            };
            let mut out = Vec::new();
            let failed =
                |e: precis::Error| (Some(article.id.clone()), format!("{}: {e}", article.id));
            let score = |system: &str, cand: &str| {
                scorer.try_score(&reference, cand).map_err(|e| {
                    (
                        Some(article.id.clone()),
                        format!("{}: {system}: {e}", article.id),
                    )
                })
            };
            // Segmented and analysed once for all methods.
            let analyzed = precis::Analyzed::new(&article).map_err(failed)?;
            for (m, s) in &summarizers {
                let h = s.summarize_analyzed(&analyzed).map_err(failed)?;
                let cand: Vec<&str> = h.highlights.iter().map(|x| x.text.as_str()).collect();
                let cand = cand.join("\n");
                let words = report::whitespace_words(&cand);
                out.push((m.name().to_string(), score(m.name(), &cand)?, words));
            }
            for (name, text) in &article.systems {
                // Stored outputs are scored as stored: "\n" separates their sentences.
                let words = report::whitespace_words(text);
                out.push((name.clone(), score(name, text)?, words));
            }
            Ok(DocScores {
                id: article.id,
                lang: article.lang,
                rows: out,
            })
        },
        |r| {
            match r {
                Ok(doc) => {
                    *langs.entry(doc.lang.code()).or_insert(0usize) += 1;
                    for (name, scores, words) in doc.rows {
                        if let Some(out) = per_doc.as_mut() {
                            let mut obj = report::scores_json(&scores);
                            obj.insert("id".into(), doc.id.clone().into());
                            obj.insert("system".into(), name.clone().into());
                            obj.insert("lang".into(), doc.lang.code().into());
                            obj.insert("words".into(), words.into());
                            writeln!(out, "{}", serde_json::Value::Object(obj))?;
                        }
                        let k = match rows.iter().position(|(n, _)| *n == name) {
                            Some(k) => k,
                            None => {
                                rows.push((name, RowAggregator::new(&args.bootstrap)?));
                                rows.len() - 1
                            }
                        };
                        rows[k].1.add(&scores, words);
                    }
                }
                Err((id, msg)) => {
                    n_err += 1;
                    return batch::report_failure(
                        &progress,
                        per_doc.as_mut(),
                        id.as_deref(),
                        &msg,
                        args.run.strict,
                    );
                }
            }
            Ok(Flow::Continue)
        },
    )?;
    if let Some(out) = per_doc {
        out.finish()?;
    }
    if rows.iter().all(|(_, a)| a.n == 0) {
        bail!("no record could be evaluated");
    }
    let mut out = open_output(None)?;
    match args.format {
        TableFormat::Json => {
            let table: Vec<serde_json::Value> = rows
                .iter()
                .map(|(name, a)| {
                    serde_json::json!({
                        "system": name,
                        "documents": a.n,
                        "words": a.words as f64 / a.n.max(1) as f64,
                        "metrics": a.summarize(),
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "failed": n_err,
                "languages": langs,
                "use_stemmer": true,
                "confidence": args.bootstrap.confidence,
                "seed": args.bootstrap.seed,
                "rows": table,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        TableFormat::Text => {
            let docs = rows.first().map_or(0, |(_, a)| a.n);
            let languages: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
            writeln!(
                out,
                "{docs} documents scored ({}), {n_err} failed; rouge-score F ×100 (stemmer) with {:.0}% bootstrap CI ({} resamples, seed {})",
                languages.join(", "),
                100.0 * args.bootstrap.confidence,
                args.bootstrap.samples,
                args.bootstrap.seed
            )?;
            writeln!(out)?;
            writeln!(out, "| system | R1 | R2 | RL | RLsum | words |")?;
            writeln!(out, "|---|---:|---:|---:|---:|---:|")?;
            for (name, a) in &rows {
                let cells: Vec<String> = a.summarize().iter().map(report::f_cell).collect();
                writeln!(
                    out,
                    "| {name} | {} | {:.1} |",
                    cells.join(" | "),
                    a.words as f64 / a.n.max(1) as f64
                )?;
            }
        }
    }
    out.finish()?;
    Ok(batch::exit_code(n_err))
}
