//! `precis summarize`: articles in, highlights out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result};
use clap::ValueEnum;
use precis::{Budget, IdfTable, LangChoice, Method, Options, Order, Summarizer};
use precis_ingest::{InputFormat, ReadOptions};
use rayon::prelude::*;

use crate::batch::{self, Flow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One highlight per line; articles separated by a blank line (with `# id` headers for batches).
    Text,
    /// One pretty JSON object per article (a JSON array for batches).
    Json,
    /// One JSON object per line and input record, in input order; failures are {"id","error"}.
    Jsonl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    Text,
    Story,
    Jsonl,
    Csv,
    Html,
    Markdown,
    /// RSS/Atom feeds and XML sitemaps: one record per item.
    Feed,
}

impl From<InputFormatArg> for InputFormat {
    fn from(f: InputFormatArg) -> Self {
        match f {
            InputFormatArg::Text => InputFormat::Text,
            InputFormatArg::Story => InputFormat::Story,
            InputFormatArg::Jsonl => InputFormat::Jsonl,
            InputFormatArg::Csv => InputFormat::Csv,
            InputFormatArg::Html => InputFormat::Html,
            InputFormatArg::Markdown => InputFormat::Markdown,
            InputFormatArg::Feed => InputFormat::Feed,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OrderArg {
    /// As in the article.
    Source,
    /// Best first.
    Score,
}

/// Input options shared by the commands that read articles.
#[derive(Debug, Clone, clap::Args)]
pub struct InputArgs {
    /// Input files (text, .story, .jsonl, .csv, .html, .html.gz) or directories (recursive);
    /// `-` or nothing reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Input format; detected from the file extension, then the content, when not given.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Dataset field holding the article text.
    #[arg(long, default_value = "article")]
    pub text_field: String,
    /// Dataset field holding the record id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Dataset field holding the reference highlights ("\n" between highlights, or an array).
    #[arg(long, default_value = "highlights")]
    pub reference_field: String,
    /// Largest accepted record (line, file) in bytes.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_record_bytes: usize,
    /// Keep the text as it is: no removal of captions, datelines, bylines and other boilerplate.
    #[arg(long)]
    pub no_clean: bool,
    #[command(flatten)]
    pub lang: LangArg,
}

/// `--lang`: the language of the inputs.
#[derive(Debug, Clone, clap::Args)]
pub struct LangArg {
    /// Language of the inputs: `auto` (identify it per record; an HTML page's declared
    /// language is only a hint) or an ISO 639-1 code (en, de, fr, es, zh, ja, hi, ...). It picks
    /// the sentence rules, stop words, stemmer and boilerplate of the language.
    #[arg(long, value_name = "auto|CODE", default_value = "auto", value_parser = parse_lang)]
    pub lang: LangChoice,
}

pub fn parse_lang(s: &str) -> Result<LangChoice, String> {
    s.parse()
}

impl InputArgs {
    pub fn read_options(&self, systems_field: Option<String>) -> ReadOptions {
        ReadOptions {
            format: self.input_format.map(Into::into),
            text_field: self.text_field.clone(),
            id_field: self.id_field.clone(),
            reference_field: self.reference_field.clone(),
            systems_field,
            max_record_bytes: self.max_record_bytes,
            clean: !self.no_clean,
            verbatim: false,
            lang: self.lang.lang,
            fields: Vec::new(),
        }
    }

    /// The inputs, with an empty list meaning stdin.
    pub fn paths(&self) -> Vec<PathBuf> {
        if self.inputs.is_empty() {
            vec![PathBuf::from("-")]
        } else {
            self.inputs.clone()
        }
    }

    /// Whether the inputs are a batch of records rather than one document.
    pub fn is_batch(&self) -> bool {
        let paths = self.paths();
        if paths.len() > 1 {
            return true;
        }
        if matches!(
            self.input_format,
            Some(InputFormatArg::Jsonl | InputFormatArg::Csv | InputFormatArg::Feed)
        ) {
            return true;
        }
        let p = &paths[0];
        p.is_dir() || is_dataset_path(p) || is_feed_file(p)
    }
}

/// A file whose first bytes are an RSS/Atom feed or a sitemap (several records).
pub fn is_feed_file(p: &Path) -> bool {
    use std::io::Read;
    if p == Path::new("-") || InputFormat::from_extension(p) == Some(InputFormat::Feed) {
        return p != Path::new("-");
    }
    let mut head = Vec::new();
    match std::fs::File::open(p) {
        Ok(f) => {
            if f.take(4096).read_to_end(&mut head).is_err() {
                return false;
            }
        }
        Err(_) => return false,
    }
    precis_ingest::feed::sniff_feed(&head).is_some()
}

fn is_dataset_path(p: &Path) -> bool {
    matches!(
        InputFormat::from_extension(p),
        Some(InputFormat::Jsonl | InputFormat::Csv)
    )
}

/// Summary length options (`summarize`, and `eval` for all its methods).
#[derive(Debug, Clone, clap::Args)]
pub struct LengthArgs {
    /// Number of highlight sentences, or `auto`: the method's own length (the trained model
    /// chooses per article, usually 2–4; 3 for the other methods).
    #[arg(short = 'n', long, value_name = "N|auto", default_value = "auto", conflicts_with_all = ["words", "ratio"], value_parser = parse_sentences)]
    pub sentences: Option<Sentences>,
    /// Word budget for all highlights together (at least one sentence is returned).
    #[arg(long, value_name = "N", conflicts_with = "ratio", value_parser = clap::value_parser!(u32).range(1..))]
    pub words: Option<u32>,
    /// Fraction of the article's sentences to keep (0 < R <= 1; at least one sentence).
    #[arg(long, value_name = "R", value_parser = parse_ratio)]
    pub ratio: Option<f64>,
}

impl LengthArgs {
    pub fn budget(&self) -> Budget {
        if let Some(w) = self.words {
            Budget::Words(w as usize)
        } else if let Some(r) = self.ratio {
            Budget::Ratio(r)
        } else {
            match self.sentences {
                Some(Sentences::Count(n)) => Budget::Sentences(n as usize),
                Some(Sentences::Auto) | None => Budget::Auto,
            }
        }
    }

    /// Summarizer options for `method` at this length.
    pub fn options(&self, method: Method, order: Order, include_text: bool) -> Options {
        Options {
            method,
            budget: self.budget(),
            order,
            include_text,
            clean: true,
            lang: LangChoice::Auto,
        }
    }
}

/// Length and method options.
#[derive(Debug, Clone, clap::Args)]
pub struct MethodArgs {
    /// Summarization method: auto (the trained model), lead, textrank, lexrank, centroid,
    /// oracle (needs reference highlights).
    #[arg(short, long, default_value = "auto", value_parser = parse_method)]
    pub method: Method,
    #[command(flatten)]
    pub length: LengthArgs,
    /// Order of the highlights.
    #[arg(long, value_enum, default_value = "source")]
    pub order: OrderArg,
}

impl MethodArgs {
    pub fn options(&self, include_text: bool) -> Options {
        let order = match self.order {
            OrderArg::Source => Order::Source,
            OrderArg::Score => Order::Score,
        };
        self.length.options(self.method, order, include_text)
    }
}

/// `--sentences`: a count, or `auto` (the method's own length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sentences {
    Auto,
    Count(u32),
}

pub fn parse_sentences(s: &str) -> Result<Sentences, String> {
    if s.eq_ignore_ascii_case("auto") {
        return Ok(Sentences::Auto);
    }
    match s.parse::<u32>() {
        Ok(n) if n >= 1 => Ok(Sentences::Count(n)),
        _ => Err(format!(
            "expected a number of sentences ≥ 1 or `auto`, got `{s}`"
        )),
    }
}

pub fn parse_method(s: &str) -> Result<Method, String> {
    s.parse()
}

fn parse_ratio(s: &str) -> Result<f64, String> {
    let r: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if r > 0.0 && r <= 1.0 {
        Ok(r)
    } else {
        Err(format!("ratio must be in (0, 1], got {s}"))
    }
}

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub method: MethodArgs,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "text")]
    pub format: Format,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Include the cleaned article text in JSON output.
    #[arg(long)]
    pub include_text: bool,
    #[command(flatten)]
    pub run: batch::RunArgs,
    #[command(flatten)]
    pub fetch: crate::sources::FetchArgs,
    /// Model file for `--method auto` (from `precis train`); the embedded default otherwise.
    #[arg(long, value_name = "FILE")]
    pub model: Option<PathBuf>,
}

/// Opens the output: a file (created) or stdout, buffered.
pub fn open_output(path: Option<&Path>) -> Result<crate::output::Output> {
    Ok(crate::output::Output::open(path)?)
}

/// Corpus document frequencies over every good record of re-readable inputs.
pub fn corpus_idf(
    paths: &[PathBuf],
    opts: &ReadOptions,
    pool: &rayon::ThreadPool,
) -> Option<IdfTable> {
    if paths.iter().any(|p| p == Path::new("-")) {
        return None; // stdin cannot be read twice: document-level IDF instead
    }
    let mut table = IdfTable::new();
    let records = precis_ingest::read_inputs(paths, opts).filter_map(Result::ok);
    let mut buf = Vec::new();
    let flush = |buf: &mut Vec<precis::Article>, table: &mut IdfTable| {
        let part = pool.install(|| {
            buf.par_iter()
                .fold(IdfTable::new, |mut t, a| {
                    Summarizer::count_terms(&mut t, a);
                    t
                })
                .reduce(IdfTable::new, |mut a, b| {
                    a.merge(b);
                    a
                })
        });
        table.merge(part);
        buf.clear();
    };
    for a in records {
        buf.push(a);
        if buf.len() == 1024 {
            flush(&mut buf, &mut table);
        }
    }
    flush(&mut buf, &mut table);
    (table.n_docs() > 1).then_some(table)
}

pub fn run(args: Args) -> Result<ExitCode> {
    // URLs, URL lists and feeds whose links are fetched are read through `sources`.
    let inputs = crate::sources::Inputs::new(&args.input, &args.fetch)?;
    let remote = inputs.remote;
    let read_opts = args.input.read_options(None);
    let pool = batch::pool(args.run.threads)?;
    // Cleaning (or not, `--no-clean`) happens in the reader (`read_opts`).
    let mut summarizer = Summarizer::new(args.method.options(args.include_text));
    if let Some(path) = &args.model {
        let model = precis::model::Model::load(path)
            .with_context(|| format!("cannot load model {}", path.display()))?;
        summarizer = summarizer.with_model(Arc::new(model));
    }
    let is_batch = args.input.is_batch() || remote;
    // Web inputs are not fetched twice: they get document-level IDF, as stdin does.
    if args.method.method.uses_idf() && is_batch && !remote {
        if let Some(table) = corpus_idf(&inputs.paths, &read_opts, &pool) {
            summarizer = summarizer.with_idf(Arc::new(table));
        }
    }
    let progress = batch::progress(!args.run.quiet, "articles");
    let records = inputs.records(&read_opts, &args.fetch);

    let mut n_ok = 0usize;
    let mut n_err = 0usize;
    let strict = args.run.strict;
    let format = args.format;
    let mut w = batch::RecordWriter::begin(open_output(args.output.as_deref())?, format, is_batch)?;
    batch::run_ordered(
        records,
        &pool,
        &progress,
        |rec| -> Result<precis::Highlights, (Option<String>, String)> {
            match rec {
                Ok(article) => summarizer
                    .summarize_article(&article)
                    .map_err(|e| (Some(article.id.clone()), format!("{}: {e}", article.id))),
                Err(e) => Err((e.id.clone(), e.to_string())),
            }
        },
        |result| {
            match result {
                Ok(h) => {
                    n_ok += 1;
                    if h.truncated {
                        progress.suspend(|| {
                            eprintln!(
                                "precis: warning: {}: more than {} sentences; only the first {} were summarized",
                                h.id,
                                precis::MAX_SENTENCES,
                                precis::MAX_SENTENCES
                            )
                        });
                    }
                    w.write(&h.id, &h, |out| h.write_text(&mut &mut *out))?;
                }
                Err((id, msg)) => {
                    n_err += 1;
                    // In JSONL the failure takes the record's place (not when stopping).
                    let sink = (format == Format::Jsonl && !strict).then_some(&mut w.out);
                    return batch::report_failure(&progress, sink, id.as_deref(), &msg, strict);
                }
            }
            Ok(Flow::Continue)
        },
    )?;
    w.end(n_ok, n_err, strict)
}
