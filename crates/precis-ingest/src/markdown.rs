//! Markdown → plain text: the syntax is removed, the words are kept, so highlights never carry
//! `#`, `*`, `![…](…)` or link URLs, and spans point into the text the user gets back.
//!
//! Parsed with pulldown-cmark (CommonMark + tables, strikethrough, task lists, footnotes and
//! YAML front matter): escapes, entities, nested emphasis, reference links and code spans are
//! resolved by a real parser, not by regular expressions.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

/// A Markdown document as text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MarkdownText {
    /// The first heading when nothing but front matter comes before it, or the front matter's
    /// `title`.
    pub title: Option<String>,
    /// A "By …" line right under the title (or the front matter's `author`).
    pub byline: Option<String>,
    /// The front matter's `date`.
    pub date: Option<String>,
    /// The text: one line per paragraph, heading, list item, block quote paragraph, table row.
    pub text: String,
}

/// Converts Markdown to text: headings become the title or lines, emphasis markers are dropped,
/// images (with their alt text) and link URLs are removed but link text is kept, list items and
/// block quotes become lines, raw HTML and footnote definitions are dropped.
pub fn to_text(md: &str) -> MarkdownText {
    let opts = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut out = MarkdownText::default();
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    // Depth of constructs whose text is dropped (images, footnote definitions, front matter).
    let mut skip = 0usize;
    let mut in_meta = false;
    let mut meta = String::new();
    let mut heading: Option<String> = None;
    let mut body_started = false;
    for event in Parser::new_ext(md, opts) {
        match event {
            Event::Start(Tag::MetadataBlock(MetadataBlockKind::YamlStyle)) => in_meta = true,
            Event::End(TagEnd::MetadataBlock(_)) => in_meta = false,
            Event::Start(Tag::MetadataBlock(_)) => skip += 1,
            Event::Start(Tag::Image { .. } | Tag::FootnoteDefinition(_)) => skip += 1,
            Event::End(TagEnd::Image | TagEnd::FootnoteDefinition) => skip = skip.saturating_sub(1),
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut cur, &mut lines);
                heading = Some(String::new());
            }
            Event::End(TagEnd::Heading(_)) => {
                let h = heading.take().map(|h| squash(&h)).unwrap_or_default();
                if h.is_empty() {
                    continue;
                }
                if out.title.is_none() && !body_started {
                    out.title = Some(h);
                } else {
                    lines.push(h);
                    body_started = true;
                }
            }
            Event::Text(t) | Event::Code(t) if in_meta => meta.push_str(&t),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                if skip > 0 {
                    continue;
                }
                match heading.as_mut() {
                    Some(h) => h.push_str(&t),
                    None => cur.push_str(&t),
                }
            }
            Event::SoftBreak => match heading.as_mut() {
                Some(h) => h.push(' '),
                None => cur.push(' '),
            },
            Event::HardBreak if heading.is_none() => {
                flush(&mut cur, &mut lines);
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow
                | TagEnd::TableHead
                | TagEnd::DefinitionListTitle
                | TagEnd::DefinitionListDefinition,
            )
            | Event::Rule => {
                body_started |= skip == 0 && flush(&mut cur, &mut lines);
            }
            Event::Start(Tag::Item) => {
                // A list item that holds a nested list: its own text is one line.
                body_started |= flush(&mut cur, &mut lines);
            }
            Event::End(TagEnd::TableCell) => cur.push(' '),
            // Raw HTML, footnote markers, task list boxes: not prose.
            Event::Html(_)
            | Event::InlineHtml(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
            _ => {}
        }
    }
    flush(&mut cur, &mut lines);
    front_matter(&meta, &mut out);
    // A short "By …" line right under the title is the byline, not a sentence of the story.
    if let Some(first) = lines.first() {
        if is_byline(first) {
            let by = lines.remove(0);
            out.byline.get_or_insert(by);
        }
    }
    out.text = lines.join("\n");
    out
}

/// Moves `cur` (whitespace squashed) into `lines` when it has text; true when a line was added.
fn flush(cur: &mut String, lines: &mut Vec<String>) -> bool {
    let line = squash(cur);
    cur.clear();
    if line.is_empty() {
        false
    } else {
        lines.push(line);
        true
    }
}

/// Whitespace runs to one space, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "By Jane Doe", "By Jane Doe and John Roe, Reuters": at most 10 words, no sentence end.
fn is_byline(line: &str) -> bool {
    let Some(rest) = line.strip_prefix("By ") else {
        return false;
    };
    rest.chars().next().is_some_and(char::is_uppercase)
        && rest.split_whitespace().count() <= 10
        && !rest.trim_end().ends_with(['.', '!', '?'])
}

/// `title:`, `author:` and `date:` of YAML front matter (plain scalars, quotes removed).
fn front_matter(meta: &str, out: &mut MarkdownText) {
    for line in meta.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let value = value.trim().trim_matches(['"', '\'']).trim();
        if value.is_empty() {
            continue;
        }
        match key.trim().to_ascii_lowercase().as_str() {
            "title" => out.title = Some(value.to_string()),
            "author" | "byline" => out.byline = Some(value.to_string()),
            "date" | "published" => out.date = Some(value.to_string()),
            _ => {}
        }
    }
}

/// Whether text with no telling file name is Markdown: it opens with an ATX heading
/// (`# Title`), or it has link or image syntax (`[text](url)`) and at least one more sign
/// (headings, emphasis, list or quote lines). Plain news text has none of these.
pub fn looks_like_markdown(s: &str) -> bool {
    let head = &s[..floor_char_boundary(s, 16 * 1024)];
    let mut lines = head
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty());
    if let Some(first) = lines.next() {
        if is_atx_heading(first) || first == "---" {
            return true;
        }
    }
    let links = head.matches("](").count();
    let mut signs = 0usize;
    for l in head.lines() {
        let t = l.trim_start();
        if is_atx_heading(t)
            || t.starts_with("> ")
            || t.starts_with("- ")
            || t.starts_with("* ")
            || t.starts_with("```")
        {
            signs += 1;
        }
    }
    signs += head.matches("**").count() / 2;
    links >= 1 && links + signs >= 2
}

fn is_atx_heading(l: &str) -> bool {
    let hashes = l.bytes().take_while(|&b| b == b'#').count();
    (1..=6).contains(&hashes)
        && l[hashes..].starts_with(' ')
        && l[hashes..].trim().chars().any(char::is_alphanumeric)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article() {
        let md = "# Storm hits the coast\n\n*By Jane Doe*\n\n![A flooded street](https://x.example/a.jpg)\n\nThe **storm** hit the [coast](https://x.example/c) on _Monday_, officials said.\n\n## What next\n\n- Roads are closed.\n- Schools are shut.\n\n> \"We are ready,\" the mayor said.\n";
        let t = to_text(md);
        assert_eq!(t.title.as_deref(), Some("Storm hits the coast"));
        assert_eq!(t.byline.as_deref(), Some("By Jane Doe"));
        assert_eq!(
            t.text,
            "The storm hit the coast on Monday, officials said.\nWhat next\nRoads are closed.\nSchools are shut.\n\"We are ready,\" the mayor said."
        );
    }

    #[test]
    fn front_matter_and_escapes() {
        let md = "---\ntitle: \"A title\"\ndate: 2024-05-01\nauthor: Jane Doe\n---\n\nPrices rose 5\\% in \\*May\\*, the &amp; office said.[^1]\n\n[^1]: A footnote.\n";
        let t = to_text(md);
        assert_eq!(t.title.as_deref(), Some("A title"));
        assert_eq!(t.date.as_deref(), Some("2024-05-01"));
        assert_eq!(t.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(t.text, "Prices rose 5% in *May*, the & office said.");
    }

    #[test]
    fn detection() {
        assert!(looks_like_markdown("# Title\n\nBody."));
        assert!(looks_like_markdown(
            "Intro with a [link](http://a.example).\n\n- item\n"
        ));
        assert!(!looks_like_markdown(
            "LONDON (Reuters) - Shares fell.\n\nThe index - which rose - fell."
        ));
        assert!(!looks_like_markdown("#hashtag news today"));
    }
}
