//! `precis extract`: HTML pages in, article text and metadata out.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::batch::{self, Flow};
use crate::summarize::{open_output, Format};

/// Largest page file read (compressed or not); precis-html applies its own limits after.
const MAX_PAGE_FILE: u64 = 64 << 20;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// HTML files (.html, .htm, .html.gz) or directories (recursive); `-` or nothing reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Output format: the article text, or JSON/JSONL records with its metadata.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub lang: crate::summarize::LangArg,
    #[command(flatten)]
    pub run: batch::RunArgs,
}

/// One extracted page, as `--format json|jsonl` prints it.
#[derive(Debug, Serialize)]
struct Page {
    source: String,
    title: Option<String>,
    byline: Option<String>,
    date: Option<String>,
    site: Option<String>,
    url: Option<String>,
    /// The language of the text: given with `--lang`, or identified from it (the page's
    /// declared language is a hint).
    lang: precis_ingest::Lang,
    /// The language the page declares (`<html lang>`, `og:locale`...), as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    declared_lang: Option<String>,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    highlights: Option<Vec<String>>,
}

type Item = (String, std::result::Result<Vec<u8>, String>);

/// Reads at most [`MAX_PAGE_FILE`] bytes; a longer input is an error.
fn read_bounded(r: impl Read) -> std::result::Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    r.take(MAX_PAGE_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_PAGE_FILE {
        return Err(format!("file larger than {MAX_PAGE_FILE} bytes"));
    }
    Ok(bytes)
}

/// Where a page comes from.
enum PageSource {
    Stdin,
    File(PathBuf),
    Failed(String, String),
}

/// Inputs expanded to pages (directories listed, nothing read yet), then read one at a time
/// by the batch reader thread, in input order: memory holds a chunk of pages, not a directory.
fn pages(inputs: Vec<PathBuf>) -> impl Iterator<Item = Item> + Send {
    inputs
        .into_iter()
        .flat_map(|p| -> Vec<PageSource> {
            if p == Path::new("-") {
                vec![PageSource::Stdin]
            } else if p.is_dir() {
                let (files, errors) = precis_ingest::list_files(&p);
                let failed = errors
                    .into_iter()
                    .map(|e| PageSource::Failed(e.source, e.message));
                failed
                    .chain(files.into_iter().map(PageSource::File))
                    .collect()
            } else {
                vec![PageSource::File(p)]
            }
        })
        .map(|page| match page {
            PageSource::Stdin => ("<stdin>".to_string(), read_bounded(std::io::stdin())),
            PageSource::File(f) => {
                let bytes = std::fs::File::open(&f)
                    .map_err(|e| format!("cannot open: {e}"))
                    .and_then(read_bounded);
                (f.display().to_string(), bytes)
            }
            PageSource::Failed(source, msg) => (source, Err(msg)),
        })
}

pub fn run(args: Args) -> Result<ExitCode> {
    let inputs = if args.inputs.is_empty() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let many = inputs.len() > 1 || inputs.iter().any(|p| p.is_dir());
    let pool = batch::pool(args.run.threads)?;
    let progress = batch::progress(!args.run.quiet, "pages");
    let choice = args.lang.lang;
    let (mut n_ok, mut n_err) = (0usize, 0usize);
    let mut w =
        batch::RecordWriter::begin(open_output(args.output.as_deref())?, args.format, many)?;
    batch::run_ordered(
        pages(inputs),
        &pool,
        &progress,
        |(source, bytes)| {
            let page =
                bytes.and_then(|b| precis_html::extract_bytes(&b, None).map_err(|e| e.to_string()));
            match page {
                Ok(p) => {
                    let hint = p.lang.as_deref().and_then(precis_ingest::Lang::from_code);
                    Ok(Page {
                        source,
                        title: p.title,
                        byline: p.byline,
                        date: p.date,
                        site: p.site,
                        url: p.url,
                        lang: choice.resolve(&p.text, hint),
                        declared_lang: p.lang,
                        text: p.text,
                        highlights: p.highlights,
                    })
                }
                Err(e) => Err((source, e)),
            }
        },
        |r| {
            match r {
                Ok(page) => {
                    n_ok += 1;
                    w.write(&page.source, &page, |out| writeln!(out, "{}", page.text))?;
                }
                Err((source, msg)) => {
                    n_err += 1;
                    let strict = args.run.strict;
                    let sink = (args.format == Format::Jsonl && !strict).then_some(&mut w.out);
                    return batch::report_failure_as(
                        &progress,
                        sink,
                        &format!("{source}: {msg}"),
                        || serde_json::json!({"source": source, "error": msg}).to_string(),
                        strict,
                    );
                }
            }
            Ok(Flow::Continue)
        },
    )?;
    w.finish()?;
    if n_err > 0 {
        eprintln!("precis: {n_err} of {} pages failed", n_ok + n_err);
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
