//! `precis eval`: summarize each record with one or more methods, score every method (and the
//! stored outputs of other systems) against the record's reference, print one table.
//!
//! Records come from files, directories and stdin, or from the web as `summarize` reads it
//! (URLs, `--urls FILE`, feeds and sitemaps, through [`crate::sources`]). A fetched page's
//! reference is what the readers find in it: a `.story` text's `@highlight` lines, an HTML
//! page's "Story highlights" / "Key Points" list; a page without one is one error record.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{bail, Result};
use precis::{Method, Summarizer};
use precis_rouge::{RougeScorer, RougeType};

use crate::batch::{self, Flow};
use crate::flavor::{self, Flavor, LangChoice, PairScores, Row, RowSummary, Scoring};
use crate::report::{self, BootstrapArgs};
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
    /// ROUGE flavour (README, "ROUGE flavours"; default rouge-score; `--rouge155` implies
    /// rouge155, `--rouge-lang` multilingual).
    #[arg(long, value_enum)]
    pub flavor: Option<Flavor>,
    /// ROUGE-1.5.5 options as given to the script, e.g. "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a
    /// -m" (the default of `--flavor rouge155`); each system's pairs are evaluations 1, 2, … in
    /// record order, so its Average is `precis rouge --rouge155`'s on the same pairs.
    /// `--seed`, `--samples`, `--confidence` do not apply (use -r, -c).
    #[arg(long, value_name = "OPTIONS", allow_hyphen_values = true)]
    pub rouge155: Option<String>,
    /// Language of the multilingual flavour as XL-Sum names it (english, chinese, hindi, …), or
    /// `auto` (the default of `--flavor multilingual`): each record's language (identified, or
    /// given with `--lang`) by its English name. Implies `--flavor multilingual`.
    #[arg(long, value_name = "LANG|auto")]
    pub rouge_lang: Option<String>,
    /// Score without stemming (rouge-score's `use_stemmer=False`; with `--flavor rouge155` and
    /// no `--rouge155`, the default options without -m).
    #[arg(long)]
    pub no_stemmer: bool,
    /// Also check every candidate against its article with `precis verify` and show the mean
    /// faithfulness score (0–1, README "Faithfulness") beside ROUGE; a candidate it cannot
    /// check (no words) is left out of that mean.
    #[arg(long)]
    pub verify: bool,
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
    #[command(flatten)]
    pub fetch: crate::sources::FetchArgs,
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
    rows: Vec<(String, PairScores, usize, Option<f64>)>,
}

/// Mean `verify` score of a row: (sum, candidates checked).
#[derive(Debug, Default, Clone, Copy)]
struct Faith {
    sum: f64,
    n: usize,
}

impl Faith {
    fn add(&mut self, v: Option<f64>) {
        if let Some(v) = v {
            self.sum += v;
            self.n += 1;
        }
    }

    fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum / self.n as f64)
    }
}

/// The scoring the flags ask for; `Err(message)` for a usage error.
fn scoring(args: &Args) -> Result<std::result::Result<Scoring, String>> {
    let flavor = match flavor::resolve(
        args.flavor,
        args.rouge155.is_some(),
        args.rouge_lang.is_some(),
        "--rouge-lang",
    ) {
        Ok(f) => f,
        Err(msg) => return Ok(Err(msg)),
    };
    let use_stemmer = !args.no_stemmer;
    let scorer = RougeScorer::new(&TYPES, use_stemmer);
    Ok(Ok(match flavor {
        Flavor::RougeScore => Scoring::RougeScore(scorer),
        Flavor::Rouge155 => match Scoring::rouge155(args.rouge155.as_deref(), args.no_stemmer)? {
            Ok(s) => s,
            Err(msg) => return Ok(Err(msg)),
        },
        Flavor::Multilingual => match args.rouge_lang.as_deref() {
            None | Some("auto") => Scoring::Multilingual(scorer, LangChoice::Auto { use_stemmer }),
            Some(name) => match precis_rouge::multilingual::Lang::new(Some(name), use_stemmer) {
                Ok(l) => Scoring::Multilingual(scorer, LangChoice::Fixed(l)),
                Err(e) => return Ok(Err(e.to_string())),
            },
        },
    }))
}

pub fn run(args: Args) -> Result<ExitCode> {
    if args.methods.is_empty() && args.systems_field.is_none() {
        bail!("nothing to evaluate: give --method and/or --systems-field");
    }
    let scoring = match scoring(&args)? {
        Ok(s) => s,
        Err(msg) => {
            eprintln!("precis eval: {msg}");
            return Ok(ExitCode::from(2));
        }
    };
    // URLs, URL lists and feeds whose links are fetched are read through `sources`.
    let inputs = crate::sources::Inputs::new(&args.input, &args.fetch)?;
    let remote = inputs.remote;
    let read_opts = args.input.read_options(args.systems_field.clone());
    let pool = batch::pool(args.run.threads)?;
    // Web inputs are not fetched twice: they get document-level IDF, as stdin does.
    let idf = if args.methods.iter().any(|m| m.uses_idf()) && !remote {
        summarize::corpus_idf(&inputs.paths, &read_opts, &pool).map(Arc::new)
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
    let progress = batch::progress(!args.run.quiet, "articles");
    let records = inputs.records(&read_opts, &args.fetch);
    // Documents scored per language.
    let mut langs: std::collections::BTreeMap<&'static str, usize> = Default::default();
    let mut per_doc = match &args.per_doc {
        Some(p) => Some(open_output(Some(p))?),
        None => None,
    };
    let mut rows: Vec<(String, Row)> = Vec::new();
    for (m, _) in &summarizers {
        rows.push((m.name().to_string(), scoring.row(&args.bootstrap)?));
    }
    // Mean `verify` score per row (same order as `rows`).
    let mut faiths: Vec<Faith> = vec![Faith::default(); rows.len()];
    let verifier = args.verify.then(|| {
        precis::Verifier::new(precis::VerifyOptions {
            lang: args.input.lang.lang,
            clean: !args.input.no_clean,
            include_text: false,
        })
    });
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
                    // A fetched page has no reference field: say where one would have come from.
                    let hint = if article.fetched_at.is_some() {
                        " (a fetched page's reference is its \"Story highlights\" or \"Key \
                         Points\" list, or a text's @highlight lines; this page has none)"
                    } else {
                        ""
                    };
                    return Err((
                        Some(article.id.clone()),
                        format!(
                            "{}: no reference highlights to score against{hint}",
                            article.id
                        ),
                    ));
                }
            };
            let mut out = Vec::new();
            let failed =
                |e: precis::Error| (Some(article.id.clone()), format!("{}: {e}", article.id));
            // Pairs over the work limits (and, under rouge155, pairs where the script dies)
            // fail the record.
            let score = |system: &str, cand: &str| {
                scoring
                    .score(&[reference.as_str()], cand, Some(article.lang))
                    .map_err(|e| {
                        (
                            Some(article.id.clone()),
                            format!("{}: {system}: {e}", article.id),
                        )
                    })
            };
            let faith = |cand: &str| -> Option<f64> {
                verifier
                    .as_ref()
                    .and_then(|v| v.verify_article(&article, cand).ok())
                    .map(|v| v.score)
            };
            // Segmented and analysed once for all methods.
            let analyzed = precis::Analyzed::new(&article).map_err(failed)?;
            for (m, s) in &summarizers {
                let h = s.summarize_analyzed(&analyzed).map_err(failed)?;
                let cand: Vec<&str> = h.highlights.iter().map(|x| x.text.as_str()).collect();
                let cand = cand.join("\n");
                let words = report::whitespace_words(&cand);
                out.push((
                    m.name().to_string(),
                    score(m.name(), &cand)?,
                    words,
                    faith(&cand),
                ));
            }
            for (name, text) in &article.systems {
                // Stored outputs are scored as stored: "\n" separates their sentences.
                let words = report::whitespace_words(text);
                out.push((name.clone(), score(name, text)?, words, faith(text)));
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
                    for (name, scores, words, verified) in doc.rows {
                        if let Some(out) = per_doc.as_mut() {
                            let mut obj = scoring.scores_json(&scores);
                            obj.insert("id".into(), doc.id.clone().into());
                            obj.insert("system".into(), name.clone().into());
                            obj.insert("lang".into(), doc.lang.code().into());
                            obj.insert("words".into(), words.into());
                            if args.verify {
                                obj.insert("verify".into(), verified.into());
                            }
                            writeln!(out, "{}", serde_json::Value::Object(obj))?;
                        }
                        let k = match rows.iter().position(|(n, _)| *n == name) {
                            Some(k) => k,
                            None => {
                                rows.push((name, scoring.row(&args.bootstrap)?));
                                faiths.push(Faith::default());
                                rows.len() - 1
                            }
                        };
                        rows[k].1.add(scores, words);
                        if let Some(f) = faiths.get_mut(k) {
                            f.add(verified);
                        }
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
    if rows.iter().all(|(_, a)| a.len() == 0) {
        bail!("no record could be evaluated");
    }
    let docs = rows.first().map_or(0, |(_, a)| a.len());
    // (system, documents, words per candidate, averages, mean verify score)
    let mut table: Vec<(String, usize, f64, RowSummary, Option<f64>)> = Vec::new();
    for ((name, row), faith) in rows.into_iter().zip(faiths) {
        let (n, words) = (row.len(), row.mean_words());
        let summary = pool
            .install(|| row.summarize(&scoring))
            .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
        table.push((name, n, words, summary, faith.mean()));
    }
    let use_stemmer = !args.no_stemmer;
    let mut out = open_output(None)?;
    match args.format {
        TableFormat::Json => {
            let rows: Vec<serde_json::Value> = table
                .iter()
                .map(|(name, n, words, s, faith)| {
                    let mut row = serde_json::json!({
                        "system": name,
                        "documents": n,
                        "words": words,
                        "metrics": s.metrics_json(),
                    });
                    if args.verify {
                        row["verify"] = (*faith).into();
                    }
                    row
                })
                .collect();
            let mut doc = serde_json::json!({
                "failed": n_err,
                "languages": langs,
                "flavor": scoring.flavor().name(),
                "rows": rows,
            });
            match &scoring {
                Scoring::Rouge155 { text, opts } => {
                    doc["options"] = text.clone().into();
                    doc["use_stemmer"] = opts.stem.into();
                    doc["confidence"] = (opts.confidence.1 / 100.0).into();
                    doc["resamples"] = opts.resamples.into();
                }
                _ => {
                    if let Scoring::Multilingual(_, choice) = &scoring {
                        doc["rouge_lang"] = match choice {
                            LangChoice::Auto { .. } => "auto".into(),
                            LangChoice::Fixed(l) => l.name().into(),
                        };
                    }
                    doc["use_stemmer"] = use_stemmer.into();
                    doc["confidence"] = args.bootstrap.confidence.into();
                    doc["seed"] = args.bootstrap.seed.into();
                }
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        TableFormat::Text => {
            let languages: Vec<String> = langs.iter().map(|(l, n)| format!("{l} {n}")).collect();
            let stemmer = if use_stemmer { "stemmer" } else { "no stemmer" };
            let what = match &scoring {
                Scoring::Rouge155 { text, opts } => format!(
                    "ROUGE-1.5.5 ({text}) F ×100: Average with its {}% CI ({} resamples)",
                    opts.confidence.0, opts.resamples
                ),
                _ => {
                    let name = match &scoring {
                        Scoring::Multilingual(_, LangChoice::Auto { .. }) => {
                            "multilingual ROUGE (XL-Sum, lang per record)".to_string()
                        }
                        Scoring::Multilingual(_, LangChoice::Fixed(l)) => format!(
                            "multilingual ROUGE (XL-Sum, lang {})",
                            l.name().unwrap_or("none")
                        ),
                        _ => "rouge-score".to_string(),
                    };
                    format!(
                        "{name} F ×100 ({stemmer}) with {:.0}% bootstrap CI ({} resamples, seed {})",
                        100.0 * args.bootstrap.confidence,
                        args.bootstrap.samples,
                        args.bootstrap.seed
                    )
                }
            };
            writeln!(
                out,
                "{docs} documents scored ({}), {n_err} failed; {what}",
                languages.join(", "),
            )?;
            writeln!(out)?;
            let columns: Vec<String> = match &scoring {
                Scoring::Rouge155 { .. } => scoring.metric_names(),
                _ => ["R1", "R2", "RL", "RLsum"].map(String::from).to_vec(),
            };
            let faith_head = if args.verify { " verify |" } else { "" };
            writeln!(
                out,
                "| system | {} | words |{faith_head}",
                columns.join(" | ")
            )?;
            writeln!(
                out,
                "|---|{}---:|{}",
                "---:|".repeat(columns.len()),
                if args.verify { "---:|" } else { "" }
            )?;
            for (name, _, words, s, faith) in &table {
                let faith_cell = match (args.verify, faith) {
                    (false, _) => String::new(),
                    (true, Some(f)) => format!(" {f:.3} |"),
                    (true, None) => " – |".to_string(),
                };
                writeln!(
                    out,
                    "| {name} | {} | {words:.1} |{faith_cell}",
                    s.f_cells().join(" | ")
                )?;
            }
            if args.verify {
                writeln!(
                    out,
                    "\nverify: mean faithfulness score of `precis verify` against the article (0–1; README \"Faithfulness\")"
                )?;
            }
        }
    }
    out.finish()?;
    Ok(batch::exit_code(n_err))
}
