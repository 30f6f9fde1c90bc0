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
    /// Read page URLs from FILE, one a line (after the other inputs).
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,
    /// Requests in flight at once (at most 2 per host).
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub fetch_concurrency: u32,
    /// Timeout of one request in seconds.
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    pub fetch_timeout: f64,
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
    /// When the page was fetched (RFC 3339 UTC), for URL inputs; `url` is then the final URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    fetched_at: Option<String>,
}

/// (source, bytes or error, for fetched pages: (final URL, fetched_at)).
type Item = (
    String,
    std::result::Result<Vec<u8>, String>,
    Option<(String, String)>,
);

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
    /// A run of consecutive URLs, fetched together (concurrently, in order).
    Urls(Vec<String>),
}

/// Inputs expanded to pages (directories listed, nothing read yet), then read one at a time
/// by the batch reader thread, in input order: memory holds a chunk of pages, not a directory.
fn pages(
    inputs: Vec<PathBuf>,
    urls: Vec<String>,
    fetcher: precis_fetch::Fetcher,
) -> impl Iterator<Item = Item> + Send {
    let mut sources: Vec<PageSource> = Vec::new();
    let push_url = |sources: &mut Vec<PageSource>, u: String| match sources.last_mut() {
        Some(PageSource::Urls(run)) => run.push(u),
        _ => sources.push(PageSource::Urls(vec![u])),
    };
    for p in inputs {
        if crate::sources::is_url(&p) {
            push_url(&mut sources, p.to_string_lossy().into_owned());
        } else if p == Path::new("-") {
            sources.push(PageSource::Stdin);
        } else if p.is_dir() {
            let (files, errors) = precis_ingest::list_files(&p);
            sources.extend(
                errors
                    .into_iter()
                    .map(|e| PageSource::Failed(e.source, e.message)),
            );
            sources.extend(files.into_iter().map(PageSource::File));
        } else {
            sources.push(PageSource::File(p));
        }
    }
    for u in urls {
        push_url(&mut sources, u);
    }
    sources
        .into_iter()
        .flat_map(move |page| -> Box<dyn Iterator<Item = Item> + Send> {
            match page {
                PageSource::Stdin => Box::new(std::iter::once((
                    "<stdin>".to_string(),
                    read_bounded(std::io::stdin()),
                    None,
                ))),
                PageSource::File(f) => {
                    let bytes = std::fs::File::open(&f)
                        .map_err(|e| format!("cannot open: {e}"))
                        .and_then(read_bounded);
                    Box::new(std::iter::once((f.display().to_string(), bytes, None)))
                }
                PageSource::Failed(source, msg) => {
                    Box::new(std::iter::once((source, Err(msg), None)))
                }
                PageSource::Urls(run) => Box::new(fetcher.fetch_all(run).map(|r| match r {
                    Ok(f) => (f.url, Ok(f.body), Some((f.final_url, f.fetched_at))),
                    Err(e) => (e.url, Err(e.message), None),
                })),
            }
        })
}

pub fn run(args: Args) -> Result<ExitCode> {
    let urls = match &args.urls {
        Some(path) => std::fs::read_to_string(path)
            .map_err(|e| anyhow::anyhow!("cannot read the URL list {}: {e}", path.display()))?
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect(),
        None => Vec::new(),
    };
    let inputs = if args.inputs.is_empty() && args.urls.is_none() {
        vec![PathBuf::from("-")]
    } else {
        args.inputs.clone()
    };
    let many = inputs.len() + urls.len() > 1 || inputs.iter().any(|p| p.is_dir());
    let timeout = std::time::Duration::from_secs_f64(args.fetch_timeout.clamp(0.05, 3600.0));
    let fetcher = precis_fetch::Fetcher::new(precis_fetch::FetchOptions {
        timeout,
        connect_timeout: timeout.min(std::time::Duration::from_secs(10)),
        max_bytes: MAX_PAGE_FILE,
        concurrency: args.fetch_concurrency as usize,
        ..precis_fetch::FetchOptions::default()
    });
    let pool = batch::pool(args.run.threads)?;
    let progress = batch::progress(!args.run.quiet, "pages");
    let choice = args.lang.lang;
    let (mut n_ok, mut n_err) = (0usize, 0usize);
    let mut w =
        batch::RecordWriter::begin(open_output(args.output.as_deref())?, args.format, many)?;
    batch::run_ordered(
        pages(inputs, urls, fetcher),
        &pool,
        &progress,
        |(source, bytes, fetched)| {
            let page = bytes.and_then(|b| {
                if let Some(why) = precis_ingest::sniff::refuse_reason(&b) {
                    return Err(why);
                }
                if let Some(kind) = precis_ingest::feed::sniff_feed(&b) {
                    return Err(format!(
                        "this is an {} (several articles): `precis summarize` reads feeds and sitemaps",
                        kind.name()
                    ));
                }
                precis_html::extract_bytes(&b, None).map_err(|e| e.to_string())
            });
            match page {
                Ok(p) => {
                    let hint = p.lang.as_deref().and_then(precis_ingest::Lang::from_code);
                    Ok(Page {
                        source,
                        title: p.title,
                        byline: p.byline,
                        date: p.date,
                        site: p.site,
                        url: fetched.as_ref().map(|(u, _)| u.clone()).or(p.url),
                        lang: choice.resolve(&p.text, hint),
                        declared_lang: p.lang,
                        text: p.text,
                        highlights: p.highlights,
                        fetched_at: fetched.map(|(_, t)| t),
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
