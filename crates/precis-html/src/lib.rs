//! HTML news page → main article text and metadata, for precis's summarizers.
//!
//! **What it is for**: one saved article page (bytes or text) in, the article body out as
//! clean paragraphs (one per line) plus title, byline, publication date, site name,
//! canonical URL and language, and — when the page has one — a CNN-style "Story highlights"
//! or CNBC-style "Key Points" list, which is returned separately (it is a reference summary,
//! never body text). Photo captions, bylines, timestamps, "Media playback is unsupported on
//! your device" placeholders are deleted before extraction and listed in
//! [`Extracted::removed`]; related-link lists and share widgets too (kinds `related`,
//! `share`). Reader-comment sections are deleted as well but not listed.
//!
//! **How**: the page is decoded ([`decode`]), its nesting depth bounded by a byte scan, parsed
//! once with `dom_query` (html5ever), pre-cleaned (short caption/byline/`<time>` elements
//! deleted), and handed to `dom_smoothie` (a Readability.js port) with formatted text output.
//! On the scrapinghub article-extraction-benchmark pages in `shared/data/html` this scores
//! F1 ≥ 0.962 (the benchmark's shingle metric, see [`aeb`]), on a par with Python trafilatura
//! with `favor_precision`, at several hundred pages per second on one thread.
//!
//! **What it is not**: not a crawler (no network), not a JavaScript renderer (pages whose
//! text is filled in by scripts come out empty → [`HtmlError::NoArticle`]), not a
//! comment/forum extractor, not a boilerplate classifier for list/index pages, and not a
//! general HTML → Markdown converter (links, images and tables are flattened to text).
//!
//! Limits: input above [`MAX_HTML_BYTES`] (after decoding) is rejected; nesting deeper than
//! [`nesting::MAX_DEPTH`] is flattened before parsing; documents with more than
//! [`MAX_ELEMENTS`] elements are rejected. No input makes it panic.

pub mod aeb;
pub mod attrs;
mod clean;
mod decode;
pub mod nesting;
pub mod parse;
pub mod shape;

use std::sync::LazyLock;

use dom_query::{Document, Matcher};
use dom_smoothie::{Config, Readability, ReadabilityError, TextMode};

pub use decode::MAX_INFLATED_BYTES;

/// Largest page (decoded text, bytes) [`extract`] accepts.
pub const MAX_HTML_BYTES: usize = 10 * 1024 * 1024;

/// Most elements a parsed page may have (bounds the scoring work).
pub const MAX_ELEMENTS: usize = 300_000;

/// What [`extract`] found in a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extracted {
    /// Headline: JSON-LD `headline`, `og:title`, or `<title>` without a " | Site" suffix.
    pub title: Option<String>,
    /// Author(s): JSON-LD author name, `<meta name=author>`, or a `rel=author` / byline element.
    pub byline: Option<String>,
    /// Publication date as written in the page (`article:published_time`, JSON-LD
    /// `datePublished`, or the first `<time datetime>`), not normalized.
    pub date: Option<String>,
    /// Site name (`og:site_name`, JSON-LD publisher).
    pub site: Option<String>,
    /// Canonical URL (`<link rel=canonical>`, `og:url`), else the URL passed in.
    pub url: Option<String>,
    /// Language from `<html lang>`.
    pub lang: Option<String>,
    /// Main article text, paragraphs separated by "\n" (one paragraph per line, trimmed, no empty lines).
    pub text: String,
    /// A CNN-style "Story highlights" list or a "Key Points" list found in the page (becomes the article's reference, never body text).
    pub highlights: Option<Vec<String>>,
    /// What was dropped before extraction (captions, bylines, ...), as (kind, text), kind one of "caption","byline","story_highlights","key_points","share","related".
    pub removed: Vec<(String, String)>,
}

/// Why a page gave no article.
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum HtmlError {
    /// The input is empty or whitespace only.
    #[error("empty page")]
    Empty,
    /// The input does not look like text (NUL bytes / mostly control characters).
    #[error("not an HTML page (binary data)")]
    Binary,
    /// The decoded page exceeds [`MAX_HTML_BYTES`].
    #[error("page too large ({size} bytes, limit {limit})")]
    TooLarge {
        /// Size of the decoded page.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The parsed page has more than [`MAX_ELEMENTS`] elements.
    #[error("too many elements in the page ({found}, limit {limit})")]
    TooManyElements {
        /// Elements found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// Nothing that reads like an article body was found.
    #[error("no article text found")]
    NoArticle,
    /// Parsing the page asked more work of the HTML tree builder than its size allows
    /// (see [`parse`]); only crafted pages do.
    #[error("page too complex to parse ({work} work units, limit {limit})")]
    TooComplex {
        /// Work units counted when parsing stopped.
        work: u64,
        /// The limit for this page.
        limit: u64,
    },
}

/// What the bounded parse of a page did: the checks behind [`extract`]'s limits, for tests
/// and diagnostics. See [`parse_report`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ParseReport {
    /// Bytes of the page (decoded text).
    pub input_bytes: usize,
    /// Bytes of the text handed to the parser, after [`nesting::prescan`].
    pub parsed_bytes: usize,
    /// Whether the pre-scan changed the text (ordinary pages are passed on unchanged).
    pub prescan_changed: bool,
    /// The most attributes any tag of the parsed text can have, in any tokenizer state
    /// ([`nesting::max_attributes`]); at most [`attrs::MAX_ATTRS`].
    pub max_attributes: usize,
    /// Deepest nesting of the parsed text by the pre-scan's model ([`nesting::max_depth`]);
    /// at most [`nesting::MAX_DEPTH`].
    pub scan_depth: usize,
    /// Tree-builder work units counted while parsing, and the page's limit
    /// ([`parse::WORK_PER_BYTE`] per byte plus [`parse::WORK_BASE`]).
    pub parse_work: u64,
    /// The work limit for this page.
    pub parse_work_limit: u64,
    /// Elements the tree builder created (at most [`parse::MAX_CREATED`] plus one chunk's).
    pub created_elements: u64,
    /// Elements of the parsed tree (at most [`MAX_ELEMENTS`] unless rejected).
    pub elements: usize,
    /// Deepest element of the parsed tree before and after the depth bound
    /// ([`shape::MAX_TREE_DEPTH`], [`shape::MAX_MEAN_DEPTH`]).
    pub tree_depth_parsed: usize,
    /// Deepest element after the bound.
    pub tree_depth: usize,
    /// The depth the tree was cut at, if it was.
    pub cut_at: Option<usize>,
    /// Node units of the tree after the bound (one per node, plus one per
    /// [`shape::TEXT_UNIT`] bytes of text).
    pub tree_units: u64,
    /// Sum over the tree's nodes of units times depth, after the bound: at most
    /// [`shape::MAX_MEAN_DEPTH`]` * tree_units + `[`shape::DEPTH_ALLOWANCE`].
    pub tree_weighted_depth: u64,
    /// Why the page was rejected before extraction, if it was.
    pub error: Option<HtmlError>,
}

/// Runs the bounded parse [`extract`] starts with (pre-scan, guarded parse, tree bounds) and
/// reports what it did. Pages over [`MAX_HTML_BYTES`] or empty are reported as rejected.
pub fn parse_report(html: &str) -> ParseReport {
    let mut report = ParseReport {
        input_bytes: html.len(),
        ..ParseReport::default()
    };
    if let Err(e) = check_input(html) {
        report.error = Some(e);
        return report;
    }
    let pre = nesting::prescan(html);
    report.parsed_bytes = pre.len();
    report.prescan_changed = matches!(pre, std::borrow::Cow::Owned(_));
    report.max_attributes = nesting::max_attributes(&pre);
    report.scan_depth = nesting::max_depth(&pre);
    match bounded_parse(&pre, &mut report) {
        Ok(doc) => {
            let t = shape::tree_stats(&doc);
            report.tree_depth = t.max_depth;
            report.tree_units = t.units;
            report.tree_weighted_depth = t.weighted;
        }
        Err(e) => report.error = Some(e),
    }
    report
}

fn check_input(html: &str) -> Result<(), HtmlError> {
    if html.len() > MAX_HTML_BYTES {
        return Err(HtmlError::TooLarge {
            size: html.len(),
            limit: MAX_HTML_BYTES,
        });
    }
    if html.trim().is_empty() {
        return Err(HtmlError::Empty);
    }
    Ok(())
}

/// Guarded parse of pre-scanned text, then the tree bounds.
fn bounded_parse(pre: &str, report: &mut ParseReport) -> Result<Document, HtmlError> {
    let (parsed, counts) = parse::parse(pre);
    report.parse_work = counts.work;
    report.parse_work_limit = parse::work_limit(pre.len());
    report.created_elements = counts.created;
    let doc = parsed.map_err(|stop| match stop {
        parse::Stop::Work { work, limit } => HtmlError::TooComplex { work, limit },
        parse::Stop::Elements { created } => HtmlError::TooManyElements {
            found: usize::try_from(created).unwrap_or(usize::MAX),
            limit: MAX_ELEMENTS,
        },
    })?;
    let shape = shape::bound(&doc)?;
    report.elements = shape.elements;
    report.tree_depth_parsed = shape.max_depth;
    report.cut_at = shape.cut_at;
    Ok(doc)
}

/// Pre-scan, guarded parse, tree bounds: the document [`extract`] works on.
fn prepare(html: &str) -> Result<(Document, ParseReport), HtmlError> {
    check_input(html)?;
    let pre = nesting::prescan(html);
    let mut report = ParseReport {
        input_bytes: html.len(),
        parsed_bytes: pre.len(),
        prescan_changed: matches!(pre, std::borrow::Cow::Owned(_)),
        ..ParseReport::default()
    };
    let doc = bounded_parse(&pre, &mut report)?;
    Ok((doc, report))
}

/// Decodes page bytes to text: gzip-compressed input (magic `1f 8b`) is inflated first (at
/// most [`MAX_INFLATED_BYTES`]); then a byte-order mark decides, else a `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="...; charset=...">` in the first 8 KB (any
/// WHATWG label: windows-1252, Shift_JIS, GBK, KOI8-R, ...), else UTF-8 with invalid
/// sequences replaced by U+FFFD.
pub fn decode(bytes: &[u8]) -> String {
    decode::decode_bytes(bytes)
}

/// Whether `bytes` look like an HTML document: within the first 1 KB (after a BOM and
/// whitespace) there is `<!doctype html`, `<html`, `<head`, `<body` or `<p>`
/// (ASCII case-insensitive). Gzip-compressed bytes are not inflated and return `false`.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF][..]).unwrap_or(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 1024)];
    if head.first() != Some(&b'<') {
        return false;
    }
    const MARKERS: &[&[u8]] = &[b"<!doctype html", b"<html", b"<head", b"<body", b"<p>"];
    MARKERS
        .iter()
        .any(|m| head.windows(m.len()).any(|w| w.eq_ignore_ascii_case(m)))
}

/// [`decode`]s the bytes, then [`extract`]s.
pub fn extract_bytes(bytes: &[u8], url: Option<&str>) -> Result<Extracted, HtmlError> {
    let inflated = decode::gunzip_if_needed(bytes);
    if is_binary(&inflated) {
        return Err(HtmlError::Binary);
    }
    extract(&decode(&inflated), url)
}

/// NUL bytes or many C0 control bytes in the first 4 KB (and no UTF-16 BOM).
fn is_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    head.contains(&0) || controls * 10 > head.len().max(1)
}

static CANONICAL: LazyLock<Option<Matcher>> =
    LazyLock::new(|| Matcher::new("link[rel=canonical][href]").ok());
static OG_URL: LazyLock<Option<Matcher>> =
    LazyLock::new(|| Matcher::new("meta[property=\"og:url\"][content]").ok());
static TIME_DATETIME: LazyLock<Option<Matcher>> =
    LazyLock::new(|| Matcher::new("time[datetime]").ok());

/// Extracts the article from decoded HTML. `url` is the page's address (used for the
/// result's `url` when the page names no canonical URL, and for resolving links; a
/// relative or malformed URL is ignored).
///
/// # Errors
/// [`HtmlError::Empty`], [`HtmlError::TooLarge`], [`HtmlError::TooManyElements`],
/// [`HtmlError::TooComplex`], or [`HtmlError::NoArticle`] when no body text is found.
pub fn extract(html: &str, url: Option<&str>) -> Result<Extracted, HtmlError> {
    let (doc, _) = prepare(html)?;

    let mut out = Extracted::default();
    let attr_of = |m: &Option<Matcher>, attr: &str| -> Option<String> {
        let m = m.as_ref()?;
        let sel = doc.select_single_matcher(m);
        let v = sel.attr(attr)?;
        let v = v.trim();
        (!v.is_empty()).then(|| v.to_string())
    };
    let canonical = attr_of(&CANONICAL, "href").or_else(|| attr_of(&OG_URL, "content"));
    let first_time = attr_of(&TIME_DATETIME, "datetime");

    let h1_text = H1
        .as_ref()
        .map(|m| doc.select_single_matcher(m).text().to_string());

    out.highlights = clean::take_highlights(&doc, &mut out.removed);
    clean::preclean(&doc, &mut out.removed);

    let cfg = Config {
        text_mode: TextMode::Formatted,
        max_elements_to_parse: MAX_ELEMENTS,
        ..Config::default()
    };
    let abs_url = url.map(str::trim).filter(|u| {
        u.split_once("://")
            .is_some_and(|(scheme, rest)| matches!(scheme, "http" | "https") && !rest.is_empty())
    });
    let mut reader =
        Readability::with_document(doc, None, Some(cfg)).map_err(|_| HtmlError::NoArticle)?;
    // Set directly: `with_document` would reject the whole page over a malformed URL.
    reader.doc_url = abs_url.map(str::to_string);
    let article = reader.parse().map_err(|e| match e {
        ReadabilityError::TooManyElements(found, limit) => {
            HtmlError::TooManyElements { found, limit }
        }
        _ => HtmlError::NoArticle,
    })?;

    let title = clean::squeeze(&article.title);
    out.title = (!title.is_empty()).then_some(title);
    out.byline = nonempty(article.byline).or_else(|| {
        out.removed
            .iter()
            .find(|(k, t)| k == "byline" && t.len() < 100 && t.chars().any(char::is_alphabetic))
            .map(|(_, t)| t.clone())
    });
    out.date = nonempty(article.published_time).or(first_time);
    out.site = nonempty(article.site_name);
    out.lang = nonempty(article.lang);
    out.url = canonical
        .or_else(|| nonempty(article.url))
        .or_else(|| url.map(str::to_string));
    if let (Some(t), Some(site)) = (&out.title, &out.site) {
        out.title = Some(strip_site_suffix(t, site));
    }

    let mut lines: Vec<&str> = article
        .text_content
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut titles: Vec<String> = Vec::new();
    if let Some(t) = &out.title {
        titles.push(word_key(t));
    }
    titles.push(word_key(&article.title));
    if let Some(h1) = &h1_text {
        titles.push(word_key(h1));
    }
    titles.retain(|t| !t.is_empty());
    let lead = lines
        .iter()
        .take(4)
        .take_while(|l| is_lead_boilerplate(l, &titles))
        .count();
    lines.drain(..lead);
    out.text = lines.join("\n");
    if out.text.is_empty() {
        return Err(HtmlError::NoArticle);
    }
    Ok(out)
}

static H1: LazyLock<Option<Matcher>> = LazyLock::new(|| Matcher::new("h1").ok());

/// The `\w+` words of a line, lowercased, space-joined (for comparing lines with titles).
fn word_key(s: &str) -> String {
    aeb::tokens(s)
        .into_iter()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A line at the top of the extracted text that is the headline repeated, or a
/// "Published …" / "Updated …" / "By …" line.
fn is_lead_boilerplate(line: &str, titles: &[String]) -> bool {
    let key = word_key(line);
    if titles.contains(&key) {
        return true;
    }
    let words = line.split_whitespace().count();
    let lower = line.to_lowercase();
    let dated = ["published", "updated", "posted", "last updated"]
        .iter()
        .any(|p| lower.starts_with(p))
        && line.chars().any(|c| c.is_ascii_digit())
        && words <= 20;
    let byline = lower.starts_with("by ") && words <= 10 && !line.ends_with('.');
    dated || byline
}

fn nonempty(s: Option<String>) -> Option<String> {
    s.map(|s| clean::squeeze(&s)).filter(|s| !s.is_empty())
}

/// "Headline | Site" / "Headline - Site" → "Headline" when `site` is the page's site name.
fn strip_site_suffix(title: &str, site: &str) -> String {
    for sep in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(head) = title.strip_suffix(site).and_then(|h| h.strip_suffix(sep)) {
            if !head.trim().is_empty() {
                return head.trim().to_string();
            }
        }
    }
    title.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniff() {
        assert!(looks_like_html(b"  <!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<p>hi"));
        assert!(looks_like_html(b"\xEF\xBB\xBF<html lang=en>"));
        assert!(!looks_like_html(b"{\"a\": 1}"));
        assert!(!looks_like_html(b"hello <html>"));
        assert!(!looks_like_html(b""));
    }

    #[test]
    fn site_suffix() {
        assert_eq!(
            strip_site_suffix("Big news | The Site", "The Site"),
            "Big news"
        );
        assert_eq!(strip_site_suffix("The Site", "The Site"), "The Site");
    }
}
