//! The output model ([`Highlights`]) and its renderings: text, JSON, JSONL.
//!
//! The JSON schema is documented in the README ("JSON output") and kept stable: fields are only
//! ever added, never renamed or removed.

use std::io::{self, Write};

use precis_ingest::{Lang, Removed};
use serde::Serialize;

/// One highlight: a sentence of the cleaned text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Highlight {
    /// The sentence text, exactly `text[start..end]` of the cleaned article text.
    pub text: String,
    /// Index of the sentence in the article (0-based).
    pub sentence: usize,
    /// Byte offset where the sentence starts in the cleaned text.
    pub start: usize,
    /// Byte offset where it ends (exclusive).
    pub end: usize,
    /// The scorer's score for the sentence (comparable within one article and method only).
    pub score: f32,
}

/// The highlights of one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Highlights {
    /// The article id.
    pub id: String,
    /// The method that chose the highlights.
    pub method: String,
    /// The language of the article (ISO 639-1 code, "und" when it could not be told): given,
    /// or identified from the text.
    pub lang: Lang,
    /// The article title, when the input had one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The author line, when the input named one (page byline, feed item author).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<String>,
    /// The publication date as the input gave it (page metadata, feed item date).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// The article's URL: a fetched page's final URL after redirects, or a feed item's link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// When the page was fetched (RFC 3339, UTC), for articles read from a URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fetched_at: Option<String>,
    /// The highlights, in source order by default.
    pub highlights: Vec<Highlight>,
    /// Number of sentences in the article.
    pub sentences: usize,
    /// Number of words in the article.
    pub words: usize,
    /// Present (and true) when the article had more than [`crate::MAX_SENTENCES`] sentences
    /// and only the first ones were summarized.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub truncated: bool,
    /// The reference highlights, when the input had them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<Vec<String>>,
    /// Boilerplate removed from the input before summarizing.
    pub removed: Vec<Removed>,
    /// The cleaned text all offsets point into (only when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// A failed record in JSONL output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordFailure<'a> {
    /// The record's id, when known.
    pub id: Option<&'a str>,
    /// What went wrong.
    pub error: &'a str,
}

impl Highlights {
    /// Text rendering: one highlight per line.
    pub fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        for h in &self.highlights {
            writeln!(out, "{}", h.text)?;
        }
        Ok(())
    }

    /// Pretty JSON (no trailing newline).
    pub fn to_json_pretty(&self) -> String {
        // Serializing plain structs of strings and numbers cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// One-line JSON (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl RecordFailure<'_> {
    /// One-line JSON (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
