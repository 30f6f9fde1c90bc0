//! `precis rouge`: score candidate summaries against references, exactly as rouge-score does.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use precis_rouge::{RougeScorer, RougeType};

use crate::batch::{self, Flow};
use crate::report::{self, BootstrapArgs, RowAggregator};
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
    /// Score without the Porter stemmer (rouge-score's `use_stemmer=False`).
    #[arg(long)]
    pub no_stemmer: bool,
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
    let scorer = RougeScorer::new(&args.types, !args.no_stemmer);
    let pool = batch::pool(args.run.threads)?;
    let progress = batch::progress(!args.run.quiet, "pairs");
    let mut per_pair = match &args.per_pair {
        Some(p) => Some(open_output(Some(p))?),
        None => None,
    };
    let mut agg = RowAggregator::new(&args.bootstrap)?;
    let mut n_err = 0usize;
    batch::run_ordered(
        pairs,
        &pool,
        &progress,
        |p| {
            p.and_then(|p| {
                let refs: Vec<&str> = p.references.iter().map(String::as_str).collect();
                // One reference: exactly `score`; several: rouge-score's best-of. Pairs over
                // the LCS work limit are reported as failed records.
                let scores = scorer
                    .try_score_multi(&refs, &p.candidate)
                    .map_err(|e| (p.id.clone(), format!("pair {}: {e}", p.id)))?;
                let words = report::whitespace_words(&p.candidate);
                Ok((p.id, scores, words))
            })
        },
        |r| {
            match r {
                Ok((id, scores, words)) => {
                    if let Some(out) = per_pair.as_mut() {
                        let mut obj = report::scores_json(&scores);
                        obj.insert("id".into(), id.into());
                        writeln!(out, "{}", serde_json::Value::Object(obj))?;
                    }
                    agg.add(&scores, words);
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
    if let Some(mut out) = per_pair {
        out.flush()?;
    }
    if agg.n == 0 {
        bail!("no pair could be scored");
    }
    let summary = agg.summarize();
    let mut out = open_output(None)?;
    match args.format {
        TableFormat::Json => {
            let doc = serde_json::json!({
                "pairs": agg.n,
                "failed": n_err,
                "use_stemmer": !args.no_stemmer,
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
                "{} pairs scored, {} failed; stemmer {}; mean ×100 with {:.0}% bootstrap CI ({} resamples, seed {})",
                agg.n,
                n_err,
                if args.no_stemmer { "off" } else { "on" },
                100.0 * args.bootstrap.confidence,
                args.bootstrap.samples,
                args.bootstrap.seed
            )?;
            writeln!(out)?;
            writeln!(out, "| metric | precision | recall | F |")?;
            writeln!(out, "|---|---:|---:|---:|")?;
            let cell = report::ci_cell;
            for m in &summary {
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
    out.flush()?;
    Ok(batch::exit_code(n_err))
}
