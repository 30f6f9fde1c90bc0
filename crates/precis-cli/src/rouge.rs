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
use crate::report::{self, BootstrapArgs, RowAggregator};
use crate::summarize::open_output;

/// Which ROUGE: the three give different numbers on the same texts (README, "ROUGE flavours").
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Flavor {
    /// Google's rouge-score (Python), bit-identical.
    RougeScore,
    /// The ROUGE-1.5.5 Perl script (pyrouge, files2rouge), identical printed numbers.
    Rouge155,
    /// XL-Sum's multilingual_rouge_scoring (per-language tokenizer and stemmer).
    Multilingual,
}

/// The ROUGE-1.5.5 options pyrouge and files2rouge pass (with `-m`), without the data
/// directory and `-d`.
pub const ROUGE155_DEFAULT: &str = "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m";

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
    /// (the default of `--flavor rouge155`); pairs get EVAL IDs 1, 2, … in input order.
    /// `--types`, `--seed`, `--samples`, `--confidence` do not apply (use -n, -r, -c).
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
    let flavor = match (args.flavor, &args.rouge155, &args.lang) {
        (_, Some(_), Some(_)) => {
            eprintln!("precis rouge: --rouge155 and --lang are different flavours");
            return Ok(ExitCode::from(2));
        }
        (Some(f), Some(_), _) if f != Flavor::Rouge155 => {
            eprintln!("precis rouge: --rouge155 OPTIONS needs --flavor rouge155 (or no --flavor)");
            return Ok(ExitCode::from(2));
        }
        (Some(f), _, Some(_)) if f != Flavor::Multilingual => {
            eprintln!("precis rouge: --lang needs --flavor multilingual (or no --flavor)");
            return Ok(ExitCode::from(2));
        }
        (Some(f), _, _) => f,
        (None, Some(_), _) => Flavor::Rouge155,
        (None, None, Some(_)) => Flavor::Multilingual,
        (None, None, None) => Flavor::RougeScore,
    };
    if flavor == Flavor::Rouge155 {
        return run_rouge155(&args, pairs);
    }
    let lang = match flavor {
        Flavor::Multilingual => {
            match precis_rouge::multilingual::Lang::new(args.lang.as_deref(), !args.no_stemmer) {
                Ok(l) => Some(l),
                Err(e) => {
                    eprintln!("precis rouge: {e}");
                    return Ok(ExitCode::from(2));
                }
            }
        }
        _ => None,
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
                let scores = match &lang {
                    None => scorer.try_score_multi(&refs, &p.candidate),
                    Some(l) => score_multi_tokens(&scorer, l, &refs, &p.candidate),
                }
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
    if let Some(out) = per_pair {
        out.finish()?;
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
                "flavor": if lang.is_some() { "multilingual" } else { "rouge-score" },
                "lang": lang.as_ref().and_then(|l| l.name()),
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
                "{} pairs scored, {} failed; {}stemmer {}; mean ×100 with {:.0}% bootstrap CI ({} resamples, seed {})",
                agg.n,
                n_err,
                match &lang {
                    Some(l) => format!(
                        "multilingual ROUGE (XL-Sum), lang {}; ",
                        l.name().unwrap_or("none")
                    ),
                    None => String::new(),
                },
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
    out.finish()?;
    Ok(batch::exit_code(n_err))
}

/// rouge-score's `score_multi` with the multilingual tokenizer: per type, the reference with the
/// largest F (the first on ties).
fn score_multi_tokens(
    scorer: &RougeScorer,
    lang: &precis_rouge::multilingual::Lang,
    refs: &[&str],
    candidate: &str,
) -> Result<precis_rouge::Scores, precis_rouge::RougeError> {
    let c = lang.tokenize(candidate);
    let mut best: Option<precis_rouge::Scores> = None;
    for r in refs {
        let s = scorer.try_score_tokens(&lang.tokenize(r), &c)?;
        match &mut best {
            None => best = Some(s),
            Some(b) => {
                for (bs, (_, ns)) in b.0.iter_mut().zip(s.0) {
                    if ns.fmeasure > bs.1.fmeasure {
                        bs.1 = ns;
                    }
                }
            }
        }
    }
    Ok(best.unwrap_or_else(|| {
        precis_rouge::Scores(
            scorer
                .types()
                .iter()
                .map(|&t| (t, Default::default()))
                .collect(),
        )
    }))
}

/// `--flavor rouge155`: every pair is one evaluation (IDs 1, 2, … in input order, peer ID 1),
/// scored and averaged exactly as ROUGE-1.5.5 with `options`.
fn run_rouge155(
    args: &Args,
    pairs: Box<dyn Iterator<Item = PairResult> + Send>,
) -> Result<ExitCode> {
    use precis_rouge::rouge155::{self, CountMode, LoadedEval, Options, Summary};
    let text = match &args.rouge155 {
        Some(t) => t.clone(),
        None if args.no_stemmer => ROUGE155_DEFAULT.trim_end_matches(" -m").to_string(),
        None => ROUGE155_DEFAULT.to_string(),
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let parsed = match Options::parse_args(&words) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("precis rouge: --rouge155 {text:?}: {e}");
            return Ok(ExitCode::from(2));
        }
    };
    let mut opts = parsed.options;
    let bad = if !parsed.positionals.is_empty() {
        Some("takes options only (the pairs come from FILE)")
    } else if opts.file_list.is_some() {
        Some("-z does not apply (the pairs come from FILE)")
    } else if opts.count_mode == CountMode::Raw {
        Some("-t 2 prints counts: use `precis rouge155 -t 2` on a config file")
    } else if parsed.help {
        Some("see `precis rouge155 -h` for the options")
    } else {
        None
    };
    if let Some(msg) = bad {
        eprintln!("precis rouge: --rouge155 {text:?}: {msg}");
        return Ok(ExitCode::from(2));
    }
    if opts.remove_stopwords {
        opts.stopwords = Some(crate::rouge155::load_stopwords(&opts)?);
    }
    // Input order: Ok(index into evals) or the failed record (id, message).
    let mut order: Vec<std::result::Result<usize, (String, String)>> = Vec::new();
    let mut ids = Vec::new();
    let mut evals = Vec::new();
    let mut n_err = 0usize;
    let progress = batch::progress(false, "pairs");
    for p in pairs {
        match p {
            Ok(p) => {
                order.push(Ok(evals.len()));
                ids.push(p.id);
                evals.push(LoadedEval {
                    id: evals.len().saturating_add(1).to_string(),
                    peers: vec![("1".to_string(), Summary::from_text(&p.candidate))],
                    models: p.references.iter().map(|r| Summary::from_text(r)).collect(),
                });
            }
            Err((id, msg)) => {
                n_err += 1;
                let stop = matches!(
                    batch::report_failure(&progress, None, Some(&id), &msg, args.run.strict)?,
                    Flow::Stop
                );
                order.push(Err((id, msg)));
                if stop {
                    break;
                }
            }
        }
    }
    if evals.is_empty() {
        bail!("no pair could be scored");
    }
    let pool = batch::pool(args.run.threads)?;
    let report = pool.install(|| rouge155::evaluate(&evals, &opts, Some("1")));
    let peer = report.peers.first().context("no pair could be scored")?;
    if let Some((key, err)) = &peer.failed {
        let k: usize = key
            .split('.')
            .next()
            .and_then(|x| x.parse().ok())
            .unwrap_or(1);
        let id = ids.get(k.saturating_sub(1)).map_or("?", String::as_str);
        bail!("pair {id} (evaluation {key}): {err}");
    }
    let per_pair = match &args.per_pair {
        Some(p) => Some(open_output(Some(p))?),
        None => None,
    };
    if let Some(mut out) = per_pair {
        // Per-pair R, P, F as the script prints them (-d), in input order, failures in place.
        for o in &order {
            let k = match o {
                Ok(k) => *k,
                Err((id, msg)) => {
                    let line = precis::RecordFailure {
                        id: Some(id),
                        error: msg,
                    }
                    .to_json_line();
                    writeln!(out, "{line}")?;
                    continue;
                }
            };
            let ps = &peer.pairs[k].1;
            let mut obj = serde_json::Map::new();
            obj.insert("id".into(), ids[k].clone().into());
            for (m, metric) in peer.metrics.iter().enumerate() {
                let v = ps.values(m, &opts);
                obj.insert(
                    metric.name.clone(),
                    serde_json::json!({"precision": v[1], "recall": v[0], "fmeasure": v[2]}),
                );
            }
            writeln!(out, "{}", serde_json::Value::Object(obj))?;
        }
        out.finish()?;
    }
    let mut out = open_output(None)?;
    let col = |a: &[[f64; 3]; 3], j: usize| serde_json::json!({"precision": a[1][j], "recall": a[0][j], "fmeasure": a[2][j]});
    match args.format {
        TableFormat::Json => {
            let metrics: Vec<serde_json::Value> = peer
                .metrics
                .iter()
                .filter_map(|m| {
                    m.average.as_ref().map(|a| {
                        serde_json::json!({"metric": m.name, "mean": col(a, 0), "low": col(a, 1), "high": col(a, 2)})
                    })
                })
                .collect();
            let doc = serde_json::json!({
                "pairs": evals.len(),
                "failed": n_err,
                "flavor": "rouge155",
                "options": text,
                "metrics": metrics,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        TableFormat::Text => {
            writeln!(
                out,
                "{} pairs scored, {n_err} failed; ROUGE-1.5.5 ({text}): Average ×100 with its {}% CI ({} resamples)",
                evals.len(),
                opts.confidence.0,
                opts.resamples
            )?;
            writeln!(out)?;
            writeln!(out, "| metric | precision | recall | F |")?;
            writeln!(out, "|---|---:|---:|---:|")?;
            let cell = |x: [f64; 3]| {
                format!(
                    "{:.3} ({:.3}–{:.3})",
                    100.0 * x[0],
                    100.0 * x[1],
                    100.0 * x[2]
                )
            };
            for m in &peer.metrics {
                if let Some(a) = &m.average {
                    writeln!(
                        out,
                        "| {} | {} | {} | {} |",
                        m.name,
                        cell(a[1]),
                        cell(a[0]),
                        cell(a[2])
                    )?;
                }
            }
        }
    }
    out.finish()?;
    Ok(batch::exit_code(n_err))
}
