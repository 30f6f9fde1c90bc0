//! precis-ingest: turn news articles as people have them into clean [`Article`] records.
//!
//! Readers:
//! - **plain text / pasted web copy** (`.txt`): one article per file; line breaks are hard
//!   boundaries. Photo captions, the "Story highlights" block (its bullets become the
//!   reference), datelines, Daily Mail bylines, "Scroll down for video", "READ MORE: …",
//!   "Click here to …" and share-widget text are removed by [`clean`] and reported in
//!   [`Article::removed`], so nothing disappears silently.
//! - **CNN/DailyMail `.story` files**: body, then `@highlight` blocks (the reference).
//! - **JSONL** (`.jsonl`, `.ndjson`, `.json`, one object per line) and **CSV** (`.csv`, with a
//!   header) datasets with Hugging Face `cnn_dailymail`-style fields (`id`, `article`,
//!   `highlights`), field names configurable in [`ReadOptions`]. Streamed: memory stays flat
//!   however large the file, and a record longer than [`ReadOptions::max_record_bytes`] is an
//!   error for that record, never an out-of-memory.
//!
//! [`read_inputs`] yields `Result<Article, RecordError>` for every record of every input, in
//! order: one bad record (or file) is one error item and never stops the stream.
//!
//! What this crate is not: it does not split sentences (that is `precis-text`; paragraph
//! run-ons like "found.The" are left in the text for the segmenter), it does not summarize or
//! score, and it does not extract articles from HTML pages.

mod boilerplate;
mod clean;
mod document;
pub mod feed;
pub mod markdown;
pub mod ptb;
mod pyrepr;
mod records;
pub mod sniff;

use std::str::FromStr;

pub use clean::{clean, clean_in, Cleaned};
pub use document::split_reference;
pub use precis_text::lang::{Lang, LangChoice};
pub use records::{list_files, read_inputs, Records};

/// One article, ready for sentence segmentation.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Article {
    /// From the id field for datasets (if missing or empty: `<file name>:<line>`), the file
    /// stem for text / story files, `stdin` for text read from stdin.
    pub id: String,
    /// A headline found above the dateline or byline, if any.
    pub title: Option<String>,
    /// The cleaned body: all later byte offsets point into it. Paragraph breaks kept as
    /// "\n" (blank lines collapsed to one "\n"), lines trimmed.
    pub text: String,
    /// Reference highlights if the input had them (Story highlights bullets, @highlight
    /// lines, the `highlights` field split on '\n', empty lines dropped).
    pub reference: Option<Vec<String>>,
    /// Boilerplate dropped from the input, in input order.
    pub removed: Vec<Removed>,
    /// Stored system outputs (name, summary) when `ReadOptions::systems_field` is set and the
    /// record has it (dict of strings). Sorted by name.
    pub systems: Vec<(String, String)>,
    /// The language of the text: given ([`ReadOptions::lang`]) or identified from it.
    pub lang: Lang,
    /// The record's values of [`ReadOptions::fields`], as given (a JSON array of strings is
    /// joined with line breaks), in the order asked; empty for documents.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<(String, String)>,
    /// The author line, when the input names one (an HTML page's byline, a feed item's author,
    /// a Markdown "By …" line or front matter `author`).
    pub byline: Option<String>,
    /// The publication date as the input gives it (HTML page metadata, a feed item's date,
    /// Markdown front matter `date`).
    pub date: Option<String>,
    /// Where the article was read from on the web: a fetched page's final URL after
    /// redirects, or a feed item's link.
    pub url: Option<String>,
    /// When the page was fetched (RFC 3339, UTC), for articles read from a URL.
    pub fetched_at: Option<String>,
}

/// A piece of boilerplate dropped from the input.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Removed {
    pub kind: RemovedKind,
    /// The removed text, trimmed.
    pub text: String,
}

/// What kind of boilerplate was dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovedKind {
    /// A photo caption or other non-prose line above the dateline.
    Caption,
    /// The "Story highlights" heading and its bullets.
    StoryHighlights,
    /// "(CNN)", "Washington CNN —", "LONDON (Reuters) --", "WASHINGTON (AP) —".
    Dateline,
    /// Daily Mail bylines and publication stamps ("By . Sam Webb . PUBLISHED: …").
    Byline,
    /// "Scroll down for video".
    ScrollDown,
    /// "READ MORE: …".
    ReadMore,
    /// "Click here to …".
    ClickHere,
    /// "Share this withEmailFacebook…Copy this link", share bars of HTML pages.
    ShareWidget,
    /// Related-link lists, newsletter boxes and navigation of HTML pages.
    Related,
}

impl RemovedKind {
    /// All kinds, in declaration order.
    pub const ALL: [RemovedKind; 9] = [
        RemovedKind::Caption,
        RemovedKind::StoryHighlights,
        RemovedKind::Dateline,
        RemovedKind::Byline,
        RemovedKind::ScrollDown,
        RemovedKind::ReadMore,
        RemovedKind::ClickHere,
        RemovedKind::ShareWidget,
        RemovedKind::Related,
    ];

    /// The snake_case name used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovedKind::Caption => "caption",
            RemovedKind::StoryHighlights => "story_highlights",
            RemovedKind::Dateline => "dateline",
            RemovedKind::Byline => "byline",
            RemovedKind::ScrollDown => "scroll_down",
            RemovedKind::ReadMore => "read_more",
            RemovedKind::ClickHere => "click_here",
            RemovedKind::ShareWidget => "share_widget",
            RemovedKind::Related => "related",
        }
    }
}

impl std::fmt::Display for RemovedKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Input format of a file or document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// Plain text / pasted web copy: one article.
    Text,
    /// CNN/DailyMail `.story`: body, then `@highlight` blocks.
    Story,
    /// One JSON object per line.
    Jsonl,
    /// CSV with a header row.
    Csv,
    /// An HTML page (optionally gzip-compressed): the main article text is extracted.
    Html,
    /// A Markdown document: the syntax is removed (see [`markdown::to_text`]).
    Markdown,
    /// An RSS/Atom feed or XML sitemap: one record per item (see [`feed`]).
    Feed,
}

impl InputFormat {
    /// Parse "text" | "story" | "jsonl" | "csv" (case-insensitive; "txt", "ndjson" and "json"
    /// are accepted as aliases).
    pub fn parse(s: &str) -> Option<InputFormat> {
        InputFormat::from_name(&s.trim().to_ascii_lowercase())
    }

    /// The one table of format names and aliases (lower case); file extensions use it too.
    fn from_name(lower: &str) -> Option<InputFormat> {
        match lower {
            "text" | "txt" => Some(InputFormat::Text),
            "story" => Some(InputFormat::Story),
            "jsonl" | "ndjson" | "json" => Some(InputFormat::Jsonl),
            "csv" => Some(InputFormat::Csv),
            "html" | "htm" => Some(InputFormat::Html),
            "markdown" | "md" => Some(InputFormat::Markdown),
            "feed" | "rss" | "atom" | "sitemap" => Some(InputFormat::Feed),
            _ => None,
        }
    }

    /// The format a file extension stands for: .txt/.text, .story, .jsonl/.ndjson/.json, .csv,
    /// .html/.htm (also .html.gz / .htm.gz).
    pub fn from_extension(path: &std::path::Path) -> Option<InputFormat> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "gz" => {
                let inner = std::path::Path::new(path.file_stem()?);
                match InputFormat::from_extension(inner) {
                    Some(InputFormat::Html) => Some(InputFormat::Html),
                    _ => None,
                }
            }
            // `.xml` files are read as feeds or sitemaps (the only XML precis reads).
            "xml" => Some(InputFormat::Feed),
            name => InputFormat::from_name(name),
        }
    }

    /// The canonical name ("text", "story", "jsonl", "csv").
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Story => "story",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Csv => "csv",
            InputFormat::Html => "html",
            InputFormat::Markdown => "markdown",
            InputFormat::Feed => "feed",
        }
    }
}

impl FromStr for InputFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        InputFormat::parse(s).ok_or_else(|| {
            format!("unknown input format `{s}` (expected one of: text, story, jsonl, csv, html, markdown, feed)")
        })
    }
}

impl std::fmt::Display for InputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How to read inputs.
#[derive(Debug, Clone)]
pub struct ReadOptions {
    /// `None` = detect from the extension, then from the content.
    pub format: Option<InputFormat>,
    /// Field / column with the article body. Default "article".
    pub text_field: String,
    /// Field / column with the record id. Default "id".
    pub id_field: String,
    /// Field / column with the reference highlights ("\n"-separated string or array of
    /// strings). Default "highlights".
    pub reference_field: String,
    /// Field / column with stored system outputs (a dict of name → summary, or a JSON /
    /// Python-repr string of one). Default `None` (not read).
    pub systems_field: Option<String>,
    /// Longest line (JSONL), record (CSV) or file (text / story) accepted; a longer one is a
    /// [`RecordError`], never an out-of-memory. Default 16 MiB.
    pub max_record_bytes: usize,
    /// Run [`clean`] on text bodies. Default true.
    pub clean: bool,
    /// Keep every text exactly as given: no cleaning, no line normalisation, no `.story`
    /// split (for `precis segment`, whose offsets point into the input as given). Default false.
    pub verbatim: bool,
    /// The language of the texts, or `Auto` to identify it per record. Default `Auto`.
    pub lang: LangChoice,
    /// Further text fields every dataset record must have (e.g. `summary` for `precis
    /// verify`), read as given into [`Article::fields`]; a record without one, or with one
    /// that is blank or has no letter, is a [`RecordError`] naming the field. Default none.
    pub fields: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            text_field: "article".to_string(),
            id_field: "id".to_string(),
            reference_field: "highlights".to_string(),
            systems_field: None,
            max_record_bytes: 16 * 1024 * 1024,
            clean: true,
            verbatim: false,
            lang: LangChoice::Auto,
            fields: Vec::new(),
        }
    }
}

/// One failed record or file. `Display` gives a one-line message naming the source, line,
/// id and field, e.g. `data.jsonl:17: invalid JSON: expected `,` or `}` at column 42` or
/// `data.jsonl:3 (id cnn-1): field `article` is missing`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordError {
    /// The file path as given, or `<stdin>`, or the document id for [`parse_document`].
    pub source: String,
    /// 1-based line number (JSONL line, CSV line where the record starts), when known.
    pub line: Option<u64>,
    /// The record id, when known.
    pub id: Option<String>,
    /// The field concerned, when one is.
    pub field: Option<String>,
    /// What went wrong (already names the field when there is one).
    pub message: String,
}

impl RecordError {
    pub(crate) fn file(source: &str, message: impl Into<String>) -> RecordError {
        RecordError {
            source: source.to_string(),
            line: None,
            id: None,
            field: None,
            message: message.into(),
        }
    }

    /// An error about a whole document with a known id.
    pub(crate) fn document(source: &str, id: &str, message: impl Into<String>) -> RecordError {
        RecordError {
            id: Some(id.to_string()),
            ..RecordError::file(source, message)
        }
    }
}

impl std::fmt::Display for RecordError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(id) = self.id.as_ref().filter(|id| **id != self.source) {
            write!(f, " (id {id})")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for RecordError {}

/// The UTF-8 text of raw bytes, or why they are not usable text: empty, binary (NUL bytes or
/// control characters), invalid UTF-8 (with the byte and line), blank, or without a letter. The
/// checks every file reader makes, for callers that read a text of their own (a summary).
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, String> {
    document::check_text_bytes(bytes)
}

/// Whether a text document is in the CNN/DailyMail `.story` layout (a line `@highlight`
/// anywhere): what format detection decides for text that is not HTML.
pub fn looks_like_story(text: &str) -> bool {
    document::has_highlight_line(text)
}

/// Parse one in-memory document (used by the HTTP server). `format` may be `Text`, `Story` or
/// `Html`; `None` sniffs (an HTML page or gzip data means Html, a line "@highlight" Story).
/// JSONL and CSV are datasets: use [`read_inputs`] for them.
pub fn parse_document(
    id: &str,
    bytes: &[u8],
    format: Option<InputFormat>,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    if let Some(why) = sniff::refuse_reason(bytes) {
        return Err(RecordError::document(id, id, why));
    }
    match format {
        Some(f @ (InputFormat::Jsonl | InputFormat::Csv | InputFormat::Feed)) => Err(RecordError::document(
            id,
            id,
            format!(
                "format {} is a dataset of records; a single document must be text or story",
                f.as_str()
            ),
        )),
        Some(InputFormat::Html) => document::parse_html_bytes(id, id, bytes, opts),
        None if feed::sniff_feed(bytes).is_some() => Err(RecordError::document(
            id,
            id,
            "this is a feed or sitemap (several articles); a single document must be text, Markdown or HTML",
        )),
        None if document::looks_like_html(bytes) => document::parse_html_bytes(id, id, bytes, opts),
        _ => document::parse_document_bytes(id, id, bytes, format, opts),
    }
}
