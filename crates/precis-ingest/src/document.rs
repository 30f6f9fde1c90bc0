//! Turning one document (text / story file) or one dataset record into an [`Article`].

use crate::clean::{clean_in, normalize, Cleaned};
use crate::{pyrepr, Article, InputFormat, Lang, ReadOptions, RecordError, Removed, RemovedKind};

/// How many leading bytes are inspected to tell binary data from text.
const SNIFF_BYTES: usize = 8192;

/// Why bytes are not usable text, if they are not: empty, binary, not UTF-8, no letters.
pub(crate) fn check_text_bytes(bytes: &[u8]) -> Result<&str, String> {
    if bytes.is_empty() {
        return Err("empty text (the input is empty)".to_string());
    }
    if looks_binary(bytes) {
        return Err("binary file (NUL bytes or control characters), not text".to_string());
    }
    let s = std::str::from_utf8(bytes).map_err(|e| {
        let off = e.valid_up_to();
        let line = bytes[..off].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("invalid UTF-8 at byte {off} (line {line}); the input must be UTF-8 text")
    })?;
    match check_text_str(s) {
        Err(NotText::Blank) => Err("empty text (only whitespace)".to_string()),
        Err(NotText::NoLetters) => Err("no text (no letters in the input)".to_string()),
        Ok(()) => Ok(s),
    }
}

/// Why a text is not something to summarize.
pub(crate) enum NotText {
    /// Empty or whitespace only.
    Blank,
    /// No letter at all.
    NoLetters,
}

/// Empty / whitespace-only or letter-free text.
pub(crate) fn check_text_str(s: &str) -> Result<(), NotText> {
    if s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .is_empty()
    {
        return Err(NotText::Blank);
    }
    if !s.chars().any(char::is_alphabetic) {
        return Err(NotText::NoLetters);
    }
    Ok(())
}

/// NUL bytes, or more than 10% control characters, in the first bytes.
pub(crate) fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    !head.is_empty() && control * 10 > head.len()
}

/// A line "@highlight" anywhere: the CNN/DailyMail `.story` layout.
pub(crate) fn has_highlight_line(s: &str) -> bool {
    s.lines().any(|l| l.trim() == "@highlight")
}

/// Parse a whole text or story document.
pub(crate) fn parse_document_bytes(
    source: &str,
    id: &str,
    bytes: &[u8],
    format: Option<InputFormat>,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    let err = |message: String| RecordError::document(source, id, message);
    let s = check_text_bytes(bytes).map_err(err)?;
    if !opts.verbatim
        && match format {
            Some(InputFormat::Markdown) => true,
            Some(_) => false,
            None => crate::markdown::looks_like_markdown(s),
        }
    {
        return markdown_article(source, id, s, opts);
    }
    let story = !opts.verbatim
        && match format {
            Some(InputFormat::Story) => true,
            Some(_) => false,
            None => has_highlight_line(s),
        };
    let (body, highlights) = if story {
        split_story(s)
    } else {
        (s.to_string(), Vec::new())
    };
    let (mut cleaned, lang) = run_clean(&body, opts, None);
    if !highlights.is_empty() {
        cleaned.reference = Some(highlights);
    }
    if cleaned.text.is_empty() {
        return Err(err(if story {
            "empty text (the story has no body before its @highlight lines)".to_string()
        } else {
            "empty text (nothing is left after removing boilerplate)".to_string()
        }));
    }
    Ok(Article {
        id: id.to_string(),
        title: cleaned.title,
        text: cleaned.text,
        reference: cleaned.reference,
        removed: cleaned.removed,
        systems: Vec::new(),
        lang,
        fields: Vec::new(),
        byline: None,
        date: None,
        url: None,
        fetched_at: None,
    })
}

/// An article from text that is already plain (a feed item's content as text): cleaned like
/// any text body.
pub(crate) fn text_article(
    id: &str,
    text: &str,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    if let Err(why) = check_text_str(text) {
        return Err(RecordError::document(
            id,
            id,
            match why {
                NotText::Blank => "empty text (only whitespace)",
                NotText::NoLetters => "no text (no letters)",
            },
        ));
    }
    let (cleaned, lang) = run_clean(text, opts, None);
    if cleaned.text.trim().is_empty() {
        return Err(RecordError::document(
            id,
            id,
            "empty text (nothing is left after removing boilerplate)",
        ));
    }
    Ok(Article {
        id: id.to_string(),
        title: cleaned.title,
        text: cleaned.text,
        reference: cleaned.reference,
        removed: cleaned.removed,
        systems: Vec::new(),
        lang,
        byline: None,
        date: None,
        url: None,
        fetched_at: None,
        fields: Vec::new(),
    })
}

/// A Markdown document: its syntax removed, then cleaned like any text.
pub(crate) fn markdown_article(
    source: &str,
    id: &str,
    s: &str,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    let md = crate::markdown::to_text(s);
    let (cleaned, lang) = run_clean(&md.text, opts, None);
    if cleaned.text.trim().is_empty() {
        return Err(RecordError::document(
            source,
            id,
            "empty text (the Markdown document has no prose once its syntax is removed)",
        ));
    }
    Ok(Article {
        id: id.to_string(),
        title: md.title.or(cleaned.title),
        text: cleaned.text,
        reference: cleaned.reference,
        removed: cleaned.removed,
        systems: Vec::new(),
        lang,
        byline: md.byline,
        date: md.date,
        url: None,
        fetched_at: None,
        fields: Vec::new(),
    })
}

/// An HTML page or gzip data (magic `1f 8b`)?
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    #[cfg(feature = "html")]
    {
        bytes.starts_with(&[0x1f, 0x8b]) || precis_html::looks_like_html(bytes)
    }
    #[cfg(not(feature = "html"))]
    {
        let _ = bytes;
        false
    }
}

/// Parse an HTML page: extract the main text and metadata, then clean the text like any
/// other body. Removed page parts (captions, bylines, share bars, related links) and a
/// "Story highlights" / "Key Points" list (which becomes the reference) are reported.
pub(crate) fn parse_html_bytes(
    source: &str,
    id: &str,
    bytes: &[u8],
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    let err = |message: String| RecordError::document(source, id, message);
    #[cfg(feature = "html")]
    {
        let page = precis_html::extract_bytes(bytes, None).map_err(|e| err(e.to_string()))?;
        let mut removed: Vec<Removed> = page
            .removed
            .into_iter()
            .map(|(kind, text)| Removed {
                kind: match kind.as_str() {
                    "caption" => RemovedKind::Caption,
                    "byline" => RemovedKind::Byline,
                    "story_highlights" | "key_points" => RemovedKind::StoryHighlights,
                    "share" => RemovedKind::ShareWidget,
                    _ => RemovedKind::Related,
                },
                text,
            })
            .collect();
        // The page's declared language is a hint, not the answer (pages declare "de" and are
        // English): it decides only when identification is unsure.
        let hint = page.lang.as_deref().and_then(Lang::from_code);
        let (mut cleaned, lang) = run_clean(&page.text, opts, hint);
        removed.append(&mut cleaned.removed);
        if cleaned.text.trim().is_empty() {
            return Err(err("no article text found in the page".to_string()));
        }
        Ok(Article {
            id: id.to_string(),
            title: page.title.or(cleaned.title),
            text: cleaned.text,
            reference: page.highlights.or(cleaned.reference),
            removed,
            systems: Vec::new(),
            lang,
            fields: Vec::new(),
            byline: page.byline,
            date: page.date,
            url: None,
            fetched_at: None,
        })
    }
    #[cfg(not(feature = "html"))]
    {
        let _ = (bytes, opts);
        Err(err(
            "HTML input needs precis-ingest's `html` feature".to_string()
        ))
    }
}

/// The language of `body` (given, or identified with `hint` as a prior) and its text prepared
/// as `opts` says: cleaned, only normalised (`clean: false`), or as given (`verbatim`).
fn run_clean(body: &str, opts: &ReadOptions, hint: Option<Lang>) -> (Cleaned, Lang) {
    let lang = opts.lang.resolve(body, hint);
    let cleaned = if opts.verbatim {
        Cleaned {
            text: body.to_string(),
            ..Cleaned::default()
        }
    } else if opts.clean {
        clean_in(body, lang)
    } else {
        Cleaned {
            text: normalize(body),
            ..Cleaned::default()
        }
    };
    (cleaned, lang)
}

/// Split a `.story` file into its body and its `@highlight` blocks (each block, its lines
/// joined by a space, is one highlight).
pub(crate) fn split_story(s: &str) -> (String, Vec<String>) {
    let mut body = String::new();
    let mut highlights: Vec<String> = Vec::new();
    let mut in_highlights = false;
    let mut current: Option<String> = None;
    for line in s.lines() {
        let t = line.trim();
        if t == "@highlight" {
            in_highlights = true;
            if let Some(h) = current.take() {
                if !h.is_empty() {
                    highlights.push(h);
                }
            }
            current = Some(String::new());
            continue;
        }
        if in_highlights {
            if let Some(h) = current.as_mut() {
                if !t.is_empty() {
                    if !h.is_empty() {
                        h.push(' ');
                    }
                    h.push_str(t);
                }
            }
        } else {
            body.push_str(line);
            body.push('\n');
        }
    }
    if let Some(h) = current.take() {
        if !h.is_empty() {
            highlights.push(h);
        }
    }
    (body, highlights)
}

/// Builds a record error from (record id, field, message).
pub(crate) type MakeError<'a> = dyn Fn(Option<String>, Option<&str>, String) -> RecordError + 'a;

/// The fields of one dataset record, already extracted from JSON or CSV.
pub(crate) struct RecordFields {
    pub id: Option<String>,
    pub text: String,
    pub reference: Option<Vec<String>>,
    pub systems: Vec<(String, String)>,
    /// The values of `ReadOptions::fields`, in order.
    pub fields: Vec<(String, String)>,
}

/// Checks the value of a required extra field (`ReadOptions::fields`): not blank, has letters.
pub(crate) fn check_field(
    id: &Option<String>,
    name: &str,
    value: Option<String>,
    err: &MakeError<'_>,
) -> Result<(String, String), RecordError> {
    let Some(value) = value else {
        return Err(err(
            id.clone(),
            Some(name),
            format!("field `{name}` is missing"),
        ));
    };
    if let Err(why) = check_text_str(&value) {
        let why = match why {
            NotText::Blank => "empty text (only whitespace)",
            NotText::NoLetters => "no text (no letters)",
        };
        return Err(err(
            id.clone(),
            Some(name),
            format!("field `{name}`: {why}"),
        ));
    }
    Ok((name.to_string(), value))
}

/// Build an [`Article`] from the fields of one dataset record.
pub(crate) fn record_article(
    fields: RecordFields,
    fallback_id: String,
    err: &MakeError<'_>,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    let RecordFields {
        id,
        text,
        reference,
        systems,
        fields,
    } = fields;
    let tf = opts.text_field.as_str();
    if let Err(why) = check_text_str(&text) {
        let why = match why {
            NotText::Blank => "empty text (only whitespace)",
            NotText::NoLetters => "no text (no letters)",
        };
        return Err(err(id, Some(tf), format!("field `{tf}`: {why}")));
    }
    let (cleaned, lang) = run_clean(&text, opts, None);
    if cleaned.text.trim().is_empty() {
        return Err(err(
            id,
            Some(tf),
            format!("field `{tf}`: empty text (nothing is left after removing boilerplate)"),
        ));
    }
    let reference = reference.or(cleaned.reference);
    Ok(Article {
        id: id.unwrap_or(fallback_id),
        title: cleaned.title,
        text: cleaned.text,
        reference,
        removed: cleaned.removed,
        systems,
        lang,
        fields,
        byline: None,
        date: None,
        url: None,
        fetched_at: None,
    })
}

/// Split a reference string on '\n', trim, drop empty lines; `None` if nothing is left.
pub fn split_reference(s: &str) -> Option<Vec<String>> {
    let v: Vec<String> = s
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    (!v.is_empty()).then_some(v)
}

/// Parse stored system outputs given as a string: a JSON object or a Python dict repr.
pub(crate) fn parse_systems_str(s: &str) -> Option<Vec<(String, String)>> {
    let t = s.trim();
    if t.is_empty() {
        return Some(Vec::new());
    }
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str::<serde_json::Value>(t) {
        return systems_from_map(&map);
    }
    let mut v = pyrepr::parse_str_dict(t)?;
    v.sort();
    Some(v)
}

/// A JSON object of strings → sorted (name, summary) pairs; `None` if a value is not a string.
pub(crate) fn systems_from_map(
    map: &serde_json::Map<String, serde_json::Value>,
) -> Option<Vec<(String, String)>> {
    let mut v = Vec::with_capacity(map.len());
    for (k, val) in map {
        match val {
            serde_json::Value::String(s) => v.push((k.clone(), s.clone())),
            serde_json::Value::Null => {}
            _ => return None,
        }
    }
    v.sort();
    Some(v)
}

/// The JSON type name of a value, for error messages.
pub(crate) fn json_type(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// Build an [`Article`] from one parsed JSON line.
pub(crate) fn json_record(
    value: serde_json::Value,
    fallback_id: String,
    err: &MakeError<'_>,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    use serde_json::Value;
    let Value::Object(mut obj) = value else {
        return Err(err(
            None,
            None,
            format!(
                "expected a JSON object (with the text field `{}`), found {}",
                opts.text_field,
                json_type(&value)
            ),
        ));
    };
    let idf = opts.id_field.as_str();
    let id = match obj.get(idf) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(s.trim().to_string()),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(other) => {
            return Err(err(
                None,
                Some(idf),
                format!(
                    "field `{idf}` must be a string or a number, found {}",
                    json_type(other)
                ),
            ))
        }
    };
    let tf = opts.text_field.as_str();
    // The text, or (no text field) an HTML page to extract it from.
    let (text, html) = match obj.remove(tf) {
        None => match obj.remove("html") {
            Some(Value::String(h)) => (String::new(), Some(h)),
            _ => return Err(err(id, Some(tf), format!("field `{tf}` is missing"))),
        },
        Some(Value::String(s)) => (s, None),
        Some(other) => {
            return Err(err(
                id,
                Some(tf),
                format!("field `{tf}` must be a string, found {}", json_type(&other)),
            ))
        }
    };
    let rf = opts.reference_field.as_str();
    // Verbatim reading (segmentation) wants the text only.
    let reference = match obj.get(rf).filter(|_| !opts.verbatim) {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => split_reference(s),
        Some(Value::Array(items)) => {
            let mut v = Vec::with_capacity(items.len());
            for it in items {
                match it {
                    Value::String(s) => v.extend(split_reference(s).unwrap_or_default()),
                    other => {
                        return Err(err(
                            id,
                            Some(rf),
                            format!(
                                "field `{rf}` must be a string or an array of strings, found an array with {}",
                                json_type(other)
                            ),
                        ))
                    }
                }
            }
            (!v.is_empty()).then_some(v)
        }
        Some(other) => {
            return Err(err(
                id,
                Some(rf),
                format!(
                    "field `{rf}` must be a string or an array of strings, found {}",
                    json_type(other)
                ),
            ))
        }
    };
    let mut systems = Vec::new();
    if let Some(sf) = opts.systems_field.as_deref().filter(|_| !opts.verbatim) {
        let parsed = match obj.get(sf) {
            None | Some(Value::Null) => Some(Vec::new()),
            Some(Value::Object(map)) => systems_from_map(map),
            Some(Value::String(s)) => parse_systems_str(s),
            Some(_) => None,
        };
        match parsed {
            Some(v) => systems = v,
            None => {
                return Err(err(
                    id,
                    Some(sf),
                    format!("field `{sf}` must be an object of strings (or a JSON / Python dict of strings)"),
                ))
            }
        }
    }
    let mut fields = Vec::with_capacity(opts.fields.len());
    for name in opts.fields.iter().filter(|_| !opts.verbatim) {
        let value = match obj.get(name.as_str()) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .collect::<Vec<_>>()
                    .join("\n"),
            ),
            Some(other) => {
                return Err(err(
                    id,
                    Some(name),
                    format!(
                        "field `{name}` must be a string or an array of strings, found {}",
                        json_type(other)
                    ),
                ))
            }
        };
        fields.push(check_field(&id, name, value, err)?);
    }
    if let Some(html) = html {
        // The record's reference and systems fields apply to an HTML record too.
        let name = id.clone().unwrap_or_else(|| fallback_id.clone());
        let mut article = parse_html_bytes(&name, &name, html.as_bytes(), opts)
            .map_err(|e| err(id, Some("html"), format!("field `html`: {}", e.message)))?;
        if reference.is_some() {
            article.reference = reference;
        }
        article.systems = systems;
        article.fields = fields;
        return Ok(article);
    }
    record_article(
        RecordFields {
            id,
            text,
            reference,
            systems,
            fields,
        },
        fallback_id,
        err,
        opts,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn story_split() {
        let (body, hl) = split_story(
            "Para one.\n\nPara two.\n\n@highlight\n\nFirst hl\n\n@highlight\n\nSecond\nhl\n",
        );
        assert_eq!(body, "Para one.\n\nPara two.\n\n");
        assert_eq!(hl, vec!["First hl".to_string(), "Second hl".to_string()]);
    }

    #[test]
    fn text_checks() {
        assert!(check_text_bytes(b"").unwrap_err().contains("empty"));
        assert!(check_text_bytes(b"  \n\t ").unwrap_err().contains("empty"));
        assert!(check_text_bytes(b"abc\0def")
            .unwrap_err()
            .contains("binary"));
        assert!(check_text_bytes(b"123 456 !!")
            .unwrap_err()
            .contains("no text"));
        let e = check_text_bytes(b"ok\nbad \xff here").unwrap_err();
        assert!(e.contains("invalid UTF-8 at byte 7 (line 2)"), "{e}");
        assert_eq!(check_text_bytes("Fine text.".as_bytes()), Ok("Fine text."));
    }

    #[test]
    fn systems_strings() {
        assert_eq!(
            parse_systems_str(r#"{"b": "y", "a": "x"}"#),
            Some(vec![("a".into(), "x".into()), ("b".into(), "y".into())])
        );
        assert_eq!(
            parse_systems_str(r#"{'b': "it's", 'a': 'x'}"#),
            Some(vec![("a".into(), "x".into()), ("b".into(), "it's".into())])
        );
        assert_eq!(parse_systems_str("{'a': 1}"), None);
    }

    #[test]
    fn reference_split() {
        assert_eq!(
            split_reference("One.\n\n Two. \n"),
            Some(vec!["One.".to_string(), "Two.".to_string()])
        );
        assert_eq!(split_reference(" \n"), None);
    }
}
