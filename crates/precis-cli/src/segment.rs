//! `precis segment`: sentence spans of texts, exactly as given.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use clap::ValueEnum;
use precis_ingest::{Lang, ReadOptions};
use precis_text::segment::Segmenter;
use serde::Serialize;

use crate::batch::{self, Flow};
use crate::summarize::{open_output, Format, InputArgs, InputFormatArg, LangArg};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SegmentFormat {
    /// One JSON object per line and input record: {"id", "lang", "sentences": [[start, end], ...]}
    /// (UTF-8 byte offsets into the text as given); failures are {"id", "error"}.
    Jsonl,
    /// One sentence per line; records apart by a blank line (under `# id` headers for batches).
    Text,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Input files (text, .jsonl, .csv, .html, .html.gz) or directories (recursive); `-` or
    /// nothing reads stdin. Texts are segmented exactly as given: no cleaning, no line
    /// normalisation (HTML pages: the extracted article text).
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Input format; detected from the file extension, then the content, when not given.
    #[arg(long, value_enum)]
    pub input_format: Option<InputFormatArg>,
    /// Dataset field holding the text.
    #[arg(long, default_value = "text")]
    pub text_field: String,
    /// Dataset field holding the record id.
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// Largest accepted record (line, file) in bytes.
    #[arg(long, default_value_t = 16 << 20, value_name = "BYTES")]
    pub max_record_bytes: usize,
    #[command(flatten)]
    pub lang: LangArg,
    /// Output format.
    #[arg(short, long, value_enum, default_value = "jsonl")]
    pub format: SegmentFormat,
    /// Also put each record's text into the JSONL output (`"text"`), e.g. for HTML pages, whose
    /// offsets point into the extracted text.
    #[arg(long)]
    pub include_text: bool,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub run: batch::RunArgs,
}

/// One segmented record.
#[derive(Debug, Serialize)]
struct Segmented {
    id: String,
    lang: Lang,
    sentences: Vec<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    /// The sentences' texts, for `-f text` (not serialized).
    #[serde(skip)]
    lines: Vec<String>,
}

pub fn run(args: Args) -> Result<ExitCode> {
    let input = InputArgs {
        inputs: args.inputs.clone(),
        input_format: args.input_format,
        text_field: args.text_field.clone(),
        id_field: args.id_field.clone(),
        reference_field: "highlights".to_string(), // not read: verbatim reading takes the text only
        max_record_bytes: args.max_record_bytes,
        no_clean: true,
        lang: args.lang.clone(),
    };
    let read_opts = ReadOptions {
        verbatim: true,
        ..input.read_options(None)
    };
    let paths = input.paths();
    let is_batch = input.is_batch();
    let pool = batch::pool(args.run.threads)?;
    let progress = batch::progress(!args.run.quiet, "texts");
    let records = precis_ingest::read_inputs(&paths, &read_opts);
    let format = match args.format {
        SegmentFormat::Jsonl => Format::Jsonl,
        SegmentFormat::Text => Format::Text,
    };
    let strict = args.run.strict;
    let include_text = args.include_text;
    let (mut n_ok, mut n_err) = (0usize, 0usize);
    let mut w = batch::RecordWriter::begin(open_output(args.output.as_deref())?, format, is_batch)?;
    batch::run_ordered(
        records,
        &pool,
        &progress,
        |rec| -> std::result::Result<Segmented, (Option<String>, String)> {
            let article = rec.map_err(|e| (e.id.clone(), e.to_string()))?;
            let spans = Segmenter::new(article.lang).split(&article.text);
            if spans.is_empty() {
                return Err((
                    Some(article.id.clone()),
                    format!("{}: no sentence found in the text", article.id),
                ));
            }
            let lines = if format == Format::Text {
                spans
                    .iter()
                    .map(|r| article.text[r.clone()].to_string())
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Segmented {
                id: article.id,
                lang: article.lang,
                sentences: spans.into_iter().map(|r| [r.start, r.end]).collect(),
                text: include_text.then_some(article.text),
                lines,
            })
        },
        |result| {
            match result {
                Ok(s) => {
                    n_ok += 1;
                    w.write(&s.id, &s, |out| {
                        for l in &s.lines {
                            writeln!(out, "{l}")?;
                        }
                        Ok(())
                    })?;
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
