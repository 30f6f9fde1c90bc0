//! `precis rouge`: score candidate summaries against references, exactly as rouge-score does
//! (default), as the ROUGE-1.5.5 Perl script does (`--rouge155 OPTIONS`), or as XL-Sum's
//! multilingual rouge does (`--flavor multilingual`, `--lang`).

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use precis_rouge::{RougeScorer, RougeType};

use crate::batch::{self, Flow};
use crate::flavor::{self, Flavor, LangChoice, RowSummary, Scoring};
use crate::report::{self, BootstrapArgs};
use crate::summarize::open_output;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Either one JSONL file of pairs, or two plain files: CANDIDATES then REFERENCES, one
    /// summary per line, sentences separated by the two characters `\n`.
    #[arg(value_name = "FILE", num_args = 1..=2, required = true)]
    pub files: Vec<PathBuf>,
    /// JSONL field with the candidate summary.
    #[arg(long, default_value = "candidate")]
    pub candidate_field: String,
    /// JSONL field with the reference: a string, or an array of strings (multi-reference:
    /// the best reference by F per metric, as rouge-score's `score_multi`).
    #[arg(long, default_value = "reference")]
    pub reference_field: String,
    /// JSONL field with the pair id (line number when absent).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// ROUGE types, comma-separated (rouge1..rouge9, rougeL, rougeLsum).
    #[arg(long, default_value = "rouge1,rouge2,rougeL,rougeLsum", value_parser = report::parse_types)]
    pub types: std::vec::Vec<RougeType>,
    /// Score without the Porter stemmer (rouge-score's `use_stemmer=False`; with
    /// `--flavor rouge155` and no `--rouge155`, the default options without `-m`).
    #[arg(long)]
    pub no_stemmer: bool,
    /// Scoring flavour (default rouge-score; `--rouge155` implies rouge155, `--lang` multilingual).
    #[arg(long, value_enum)]
    pub flavor: Option<Flavor>,
    /// ROUGE-1.5.5 options as given to the script, e.g. "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m"
    /// (the default of `--flavor rouge155`); the pairs scored get EVAL IDs 1, 2, … in input
    /// order. A pair over the work limits, or where the script dies (ROUGE-W over a reference
    /// without tokens), is a failed record. `--types`, `--seed`, `--samples`, `--confidence`
    /// do not apply (use -n, -r, -c).
    #[arg(long, value_name = "OPTIONS", allow_hyphen_values = true)]
    pub rouge155: Option<String>,
    /// Language of the multilingual flavour, as XL-Sum names it (english, chinese, hindi, …;
    /// implies `--flavor multilingual`; without it the multilingual flavour uses no language:
    /// its tokenizer with Porter stemming).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Write per-pair scores as JSONL to this file.
    #[arg(long, value_name = "FILE")]
    pub per_pair: Option<PathBuf>,
    /// Corpus table format.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: TableFormat,
    #[command(flatten)]
    pub bootstrap: BootstrapArgs,
    #[command(flatten)]
    pub run: batch::RunArgs,
}

struct Pair {
    id: String,
    candidate: String,
    references: Vec<String>,
}

type PairResult = std::result::Result<Pair, (String, String)>;

fn unescape_newlines(s: &str) -> String {
    s.replace("\\n", "\n")
}

fn open_lines(path: &PathBuf) -> Result<impl Iterator<Item = std::io::Result<String>>> {
    let f = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    Ok(BufReader::new(f).lines())
}

fn plain_pairs(cands: &PathBuf, refs: &PathBuf) -> Result<impl Iterator<Item = PairResult>> {
    let (cname, rname) = (cands.display().to_string(), refs.display().to_string());
    let mut c = open_lines(cands)?;
    let mut r = open_lines(refs)?;
    let mut line = 0u64;
    let mut done = false;
    Ok(std::iter::from_fn(move || {
        if done {
            return None;
        }
        line += 1;
        let id = line.to_string();
        match (c.next(), r.next()) {
            (None, None) => None,
            (Some(Ok(cand)), Some(Ok(reference))) => Some(Ok(Pair {
                id,
                candidate: unescape_newlines(&cand),
                references: vec![unescape_newlines(&reference)],
            })),
            (Some(Err(e)), _) => Some(Err((id, format!("{cname}:{line}: {e}")))),
            (_, Some(Err(e))) => Some(Err((id, format!("{rname}:{line}: {e}")))),
            (Some(_), None) | (None, Some(_)) => {
                done = true;
                Some(Err((
                    id,
                    format!(
                        "{cname} and {rname} have different numbers of lines (from line {line})"
                    ),
                )))
            }
        }
    }))
}

fn jsonl_pairs(path: &PathBuf, args: &Args) -> Result<impl Iterator<Item = PairResult>> {
    let name = path.display().to_string();
    let lines = open_lines(path)?;
    let (cf, rf, idf) = (
        args.candidate_field.clone(),
        args.reference_field.clone(),
        args.id_field.clone(),
    );
    Ok(lines.enumerate().filter_map(move |(i, line)| {
        let n = i + 1;
        let line = match line {
            Ok(l) => l,
            Err(e) => return Some(Err((n.to_string(), format!("{name}:{n}: {e}")))),
        };
        if line.trim().is_empty() {
            return None;
        }
        let v: serde_json::Value = match serde_json::from_str(&line) {
            Ok(v) => v,
            Err(e) => {
                return Some(Err((
                    n.to_string(),
                    format!("{name}:{n}: invalid JSON: {e}"),
                )))
            }
        };
        let id = match v.get(&idf) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(x) if !x.is_null() => x.to_string(),
            _ => n.to_string(),
        };
        let candidate = match v.get(&cf) {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(_) => {
                return Some(Err((
                    id,
                    format!("{name}:{n}: field `{cf}` is not a string"),
                )))
            }
            None => return Some(Err((id, format!("{name}:{n}: field `{cf}` is missing")))),
        };
        let references = match v.get(&rf) {
            Some(serde_json::Value::String(s)) => vec![s.clone()],
            Some(serde_json::Value::Array(a)) if !a.is_empty() => {
                let refs: Option<Vec<String>> =
                    a.iter().map(|x| x.as_str().map(str::to_string)).collect();
                match refs {
                    Some(r) => r,
                    None => {
                        return Some(Err((
                            id,
                            format!("{name}:{n}: field `{rf}` must hold strings"),
                        )))
                    }
                }
            }
            Some(_) => {
                return Some(Err((
                    id,
                    format!(
                        "{name}:{n}: field `{rf}` must be a string or a non-empty array of strings"
                    ),
                )))
            }
            None => return Some(Err((id, format!("{name}:{n}: field `{rf}` is missing")))),
        };
        Some(Ok(Pair {
            id,
            candidate,
            references,
        }))
    }))
}

pub fn run(args: Args) -> Result<ExitCode> {
    let pairs: Box<dyn Iterator<Item = PairResult> + Send> = match args.files.as_slice() {
        [one] => Box::new(jsonl_pairs(one, &args)?),
        [c, r] => Box::new(plain_pairs(c, r)?),
        _ => bail!("give one JSONL file or two plain files"),
    };
    let usage = |msg: &str| {
        eprintln!("precis rouge: {msg}");
        Ok(ExitCode::from(2))
    };
    let flavor = match flavor::resolve(
        args.flavor,
        args.rouge155.is_some(),
        args.lang.is_some(),
        "--lang",
    ) {
        Ok(f) => f,
        Err(msg) => return usage(&msg),
    };
    let use_stemmer = !args.no_stemmer;
    let scoring = match flavor {
        Flavor::Rouge155 => match Scoring::rouge155(args.rouge155.as_deref(), args.no_stemmer)? {
            Ok(s) => s,
            Err(msg) => return usage(&msg),
        },
        Flavor::Multilingual => {
            match precis_rouge::multilingual::Lang::new(args.lang.as_deref(), use_stemmer) {
                Ok(l) => Scoring::Multilingual(
                    RougeScorer::new(&args.types, use_stemmer),
                    LangChoice::Fixed(l),
                ),
                Err(e) => return usage(&e.to_string()),
            }
        }
        Flavor::RougeScore => Scoring::RougeScore(RougeScorer::new(&args.types, use_stemmer)),
    };
    let pool = batch::pool(args.run.threads)?;
    let progress = batch::progress(!args.run.quiet, "pairs");
    let mut per_pair = match &args.per_pair {
        Some(p) => Some(open_output(Some(p))?),
        None => None,
    };
    let mut row = scoring.row(&args.bootstrap)?;
    let mut n_err = 0usize;
    batch::run_ordered(
        pairs,
        &pool,
        &progress,
        |p| {
            p.and_then(|p| {
                let refs: Vec<&str> = p.references.iter().map(String::as_str).collect();
                // One reference: exactly `score`; several: rouge-score's best-of, or the
                // script's -f A / -f B. Pairs over the work limits, and pairs where
                // ROUGE-1.5.5 dies, are failed records.
                let scores = scoring
                    .score(&refs, &p.candidate, None)
                    .map_err(|e| (p.id.clone(), format!("pair {}: {e}", p.id)))?;
                let words = report::whitespace_words(&p.candidate);
                Ok((p.id, scores, words))
            })
        },
        |r| {
            match r {
                Ok((id, scores, words)) => {
                    if let Some(out) = per_pair.as_mut() {
                        let mut obj = scoring.scores_json(&scores);
                        obj.insert("id".into(), id.into());
                        writeln!(out, "{}", serde_json::Value::Object(obj))?;
                    }
                    row.add(scores, words);
                }
                Err((id, msg)) => {
                    n_err += 1;
                    return batch::report_failure(
                        &progress,
                        per_pair.as_mut(),
                        Some(&id),
                        &msg,
                        args.run.strict,
                    );
                }
            }
            Ok(Flow::Continue)
        },
    )?;
    if let Some(out) = per_pair {
        out.finish()?;
    }
    let n = row.len();
    if n == 0 {
        bail!("no pair could be scored");
    }
    let summary = pool.install(|| row.summarize(&scoring))?;
    let mut out = open_output(None)?;
    match (&scoring, &summary) {
        (Scoring::Rouge155 { text, opts }, RowSummary::R155(peer)) => {
            write_rouge155_table(&mut out, args.format, n, n_err, text, opts, peer)?
        }
        (_, RowSummary::Rs(summary)) => {
            let lang = match &scoring {
                Scoring::Multilingual(_, LangChoice::Fixed(l)) => Some(l),
                _ => None,
            };
            match args.format {
                TableFormat::Json => {
                    let doc = serde_json::json!({
                        "pairs": n,
                        "failed": n_err,
                        "use_stemmer": use_stemmer,
                        "flavor": scoring.flavor().name(),
                        "lang": lang.and_then(|l| l.name()),
                        "confidence": args.bootstrap.confidence,
                        "samples": args.bootstrap.samples,
                        "seed": args.bootstrap.seed,
                        "metrics": summary,
                    });
                    writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
                }
                TableFormat::Text => {
                    writeln!(
                        out,
                        "{n} pairs scored, {n_err} failed; {}stemmer {}; mean ×100 with {:.0}% bootstrap CI ({} resamples, seed {})",
                        match lang {
                            Some(l) => format!(
                                "multilingual ROUGE (XL-Sum), lang {}; ",
                                l.name().unwrap_or("none")
                            ),
                            None => String::new(),
                        },
                        if use_stemmer { "on" } else { "off" },
                        100.0 * args.bootstrap.confidence,
                        args.bootstrap.samples,
                        args.bootstrap.seed
                    )?;
                    writeln!(out)?;
                    writeln!(out, "| metric | precision | recall | F |")?;
                    writeln!(out, "|---|---:|---:|---:|")?;
                    let cell = report::ci_cell;
                    for m in summary {
                        writeln!(
                            out,
                            "| {} | {} | {} | {} |",
                            m.metric,
                            cell(m.mean.precision, m.low.precision, m.high.precision),
                            cell(m.mean.recall, m.low.recall, m.high.recall),
                            cell(m.mean.fmeasure, m.low.fmeasure, m.high.fmeasure),
                        )?;
                    }
                }
            }
        }
        _ => bail!("internal error: flavour and summary differ"),
    }
    out.finish()?;
    Ok(batch::exit_code(n_err))
}

/// The table of `--flavor rouge155`: the script's Average and CI of every metric (pairs are
/// evaluations 1, 2, … in input order, peer ID 1).
fn write_rouge155_table(
    out: &mut dyn Write,
    format: TableFormat,
    n: usize,
    n_err: usize,
    text: &str,
    opts: &precis_rouge::rouge155::Options,
    peer: &precis_rouge::rouge155::PeerReport,
) -> Result<()> {
    match format {
        TableFormat::Json => {
            let doc = serde_json::json!({
                "pairs": n,
                "failed": n_err,
                "flavor": "rouge155",
                "options": text,
                "metrics": RowSummary::R155(peer.clone()).metrics_json(),
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        TableFormat::Text => {
            writeln!(
                out,
                "{n} pairs scored, {n_err} failed; ROUGE-1.5.5 ({text}): Average ×100 with its {}% CI ({} resamples)",
                opts.confidence.0,
                opts.resamples
            )?;
            writeln!(out)?;
            writeln!(out, "| metric | precision | recall | F |")?;
            writeln!(out, "|---|---:|---:|---:|")?;
            for m in &peer.metrics {
                if let Some(a) = &m.average {
                    writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        m.name,
                        flavor::r155_cell(a[1]),
                        flavor::r155_cell(a[0]),
                        flavor::r155_cell(a[2])
                    )?;
                }
            }
        }
    }
    Ok(())
}
