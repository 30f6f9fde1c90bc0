//! `precis verify`: is every sentence of a summary backed by its article?

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Result};
use precis::verify::{Verification, Verifier, VerifyError, VerifyOptions};
use precis::Article;
use precis_ingest::{InputFormat, ReadOptions};

use crate::batch::{self, Flow};
use crate::summarize::{open_output, Format, InputFormatArg, LangArg};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Datasets of (article, summary) records: JSONL (`.jsonl`, one object per line) or CSV,
    /// or directories of them; `-` reads stdin. Not with --source/--summary.
    #[arg(value_name = "INPUT", conflicts_with_all = ["source", "summary"])]
    pub inputs: Vec<PathBuf>,
    /// The source article: plain text, a .story file or an HTML page (`-` = stdin).
    #[arg(long, value_name = "FILE", requires = "summary")]
    pub source: Option<PathBuf>,
    /// The summary to check against --source: a text file (`-` = stdin), read as given.
    #[arg(long, value_name = "FILE", requires = "source")]
    pub summary: Option<PathBuf>,
    /// Input format of the INPUTs or of --source; detected from the extension, then the
    /// content, when not given.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Dataset field holding the article (`html` is read when it is missing).
    #[arg(long, default_value = "article")]
    pub text_field: String,
    /// Dataset field holding the summary (a string, or an array of sentences).
    #[arg(long, default_value = "summary")]
    pub summary_field: String,
    /// Dataset field holding the record id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Largest accepted record (line, file) in bytes.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_record_bytes: usize,
    /// Keep the article as it is: no removal of captions, datelines, bylines and other
    /// boilerplate.
    #[arg(long)]
    pub no_clean: bool,
    #[command(flatten)]
    pub lang: LangArg,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include the cleaned article (`text`) and the summary (`summary`) in JSON output: the
    /// texts the byte offsets point into.
    #[arg(long)]
    pub include_text: bool,
    #[command(flatten)]
    pub run: batch::RunArgs,
}

/// The field (or file) a verification error is about.
fn failure(e: &VerifyError, summary: &str, source: &str) -> String {
    match e {
        VerifyError::NoSource => format!("{source}: {e}"),
        _ => format!("{summary}: {e}"),
    }
}

pub fn run(args: Args) -> Result<ExitCode> {
    let read = ReadOptions {
        format: args.input_format.map(Into::into),
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        max_record_bytes: args.max_record_bytes,
        clean: !args.no_clean,
        lang: args.lang.lang,
        ..ReadOptions::default()
    };
    let verifier = Verifier::new(VerifyOptions {
        lang: args.lang.lang,
        clean: !args.no_clean,
        include_text: args.include_text,
    });
    if let (Some(source), Some(summary)) = (&args.source, &args.summary) {
        return run_pair(&args, source, summary, read, &verifier);
    }
    if args.inputs.is_empty() && atty_stdin() {
        bail!("nothing to verify: give --source FILE --summary FILE, or datasets of records with `{}` and `{}` fields", args.text_field, args.summary_field);
    }
    let paths = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let read = ReadOptions {
        fields: vec![args.summary_field.clone()],
        ..read
    };
    if let Some(f @ (InputFormat::Text | InputFormat::Story | InputFormat::Html)) = read.format {
        bail!(
            "INPUTs are datasets of records (jsonl or csv), not `{f}` documents: give a single article with --source FILE --summary FILE"
        );
    }
    let pool = batch::pool(args.run.threads)?;
    let progress = batch::progress(!args.run.quiet, "summaries");
    let records = precis_ingest::read_inputs(&paths, &read);
    let (sf, tf) = (
        format!("field `{}`", args.summary_field),
        format!("field `{}`", args.text_field),
    );
    let strict = args.run.strict;
    let format = args.format;
    let (mut n_ok, mut n_err) = (0usize, 0usize);
    let mut w = batch::RecordWriter::begin(open_output(args.output.as_deref())?, format, true)?;
    batch::run_ordered(
        records,
        &pool,
        &progress,
        |rec| -> std::result::Result<Verification, (Option<String>, String)> {
            let article = rec.map_err(|e| (e.id.clone(), e.to_string()))?;
            let summary = summary_of(&article);
            let Some(summary) = summary else {
                // The reader requires the field; a document (not a record) has none.
                return Err((
                    Some(article.id.clone()),
                    format!(
                        "{}: not a dataset record: verify reads (article, summary) records from JSONL or CSV, or --source FILE --summary FILE",
                        article.id
                    ),
                ));
            };
            verifier.verify_article(&article, summary).map_err(|e| {
                (
                    Some(article.id.clone()),
                    format!("{}: {}", article.id, failure(&e, &sf, &tf)),
                )
            })
        },
        |result| {
            match result {
                Ok(v) => {
                    n_ok += 1;
                    warn_truncated(&progress, &v);
                    w.write(&v.id, &v, |out| v.write_text(&mut &mut *out))?;
                }
                Err((id, msg)) => {
                    n_err += 1;
                    let sink = (format == Format::Jsonl && !strict).then_some(&mut w.out);
                    return batch::report_failure(&progress, sink, id.as_deref(), &msg, strict);
                }
            }
            Ok(Flow::Continue)
        },
    )?;
    w.end(n_ok, n_err, strict)
}

fn summary_of(article: &Article) -> Option<&str> {
    article.fields.first().map(|(_, v)| v.as_str())
}

fn warn_truncated(progress: &indicatif::ProgressBar, v: &Verification) {
    if v.truncated {
        progress.suspend(|| {
            eprintln!(
                "precis: warning: {}: the source has more than {} sentences; only the first {} were read",
                v.id,
                precis::MAX_SENTENCES,
                precis::MAX_SENTENCES
            )
        });
    }
}

fn atty_stdin() -> bool {
    std::io::IsTerminal::is_terminal(&std::io::stdin())
}

/// Reads the summary file (or stdin) as given, with the checks every reader makes.
fn read_summary(path: &Path, max: usize) -> std::result::Result<String, String> {
    let name = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let mut bytes = Vec::new();
    let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
    let res = if path == Path::new("-") {
        std::io::stdin().take(limit).read_to_end(&mut bytes)
    } else {
        match std::fs::File::open(path) {
            Ok(f) => f.take(limit).read_to_end(&mut bytes),
            Err(e) => return Err(format!("{name}: cannot open: {e}")),
        }
    };
    res.map_err(|e| format!("{name}: cannot read: {e}"))?;
    if bytes.len() > max {
        return Err(format!(
            "{name}: file is larger than the limit of {max} bytes (max_record_bytes)"
        ));
    }
    precis_ingest::text_from_bytes(&bytes)
        .map(str::to_string)
        .map_err(|why| format!("{name}: {why}"))
}

/// `--source FILE --summary FILE`: one verification.
fn run_pair(
    args: &Args,
    source: &Path,
    summary: &Path,
    read: ReadOptions,
    verifier: &Verifier,
) -> Result<ExitCode> {
    if source == Path::new("-") && summary == Path::new("-") {
        bail!("--source and --summary cannot both be stdin (-)");
    }
    if let Some(f @ (InputFormat::Jsonl | InputFormat::Csv)) =
        read.format.or_else(|| InputFormat::from_extension(source))
    {
        bail!(
            "--source must be one article (text, .story or HTML), not a {f} dataset: give datasets of (article, summary) records as INPUT"
        );
    }
    let mut w =
        batch::RecordWriter::begin(open_output(args.output.as_deref())?, args.format, false)?;
    let fail = |w: batch::RecordWriter, msg: String| -> Result<ExitCode> {
        eprintln!("precis: error: {msg}");
        let mut w = w;
        if args.format == Format::Jsonl {
            let line = precis::RecordFailure {
                id: None,
                error: &msg,
            }
            .to_json_line();
            std::io::Write::write_all(&mut w.out, format!("{line}\n").as_bytes())?;
            w.finish()?;
        }
        Ok(ExitCode::from(1))
    };
    let summary_text = match read_summary(summary, args.max_record_bytes) {
        Ok(s) => s,
        Err(msg) => return fail(w, msg),
    };
    let mut records = precis_ingest::read_inputs(&[source.to_path_buf()], &read);
    let article = match records.next() {
        Some(Ok(a)) => a,
        Some(Err(e)) => return fail(w, e.to_string()),
        None => return fail(w, format!("{}: no article", source.display())),
    };
    let source_name = source.display().to_string();
    let summary_name = summary.display().to_string();
    let v = match verifier.verify_article(&article, &summary_text) {
        Ok(v) => v,
        Err(e) => return fail(w, failure(&e, &summary_name, &source_name)),
    };
    warn_truncated(&indicatif::ProgressBar::hidden(), &v);
    w.write(&v.id, &v, |out| v.write_text(&mut &mut *out))?;
    w.finish()?;
    Ok(ExitCode::SUCCESS)
}
