//! News feeds and sitemaps: bytes in, items out (parsing only; fetching the items' links is
//! `precis-fetch`'s job).
//!
//! - **RSS 0.9x / 1.0 (RDF) / 2.0 and Atom** are parsed with `feed-rs`: each item's title,
//!   link, date (published, else updated), authors and content (`content:encoded` / Atom
//!   `content`, else `description` / `summary`).
//! - **XML sitemaps** (`<urlset>`), **Google News sitemaps** (`news:title`,
//!   `news:publication_date`) and **sitemap indexes** (`<sitemapindex>`) are read with
//!   `quick-xml`: each `<loc>` with its dates.
//!
//! Relative links are resolved against the feed's own URL when it is known.

use crate::{Article, ReadOptions, RecordError};

/// What kind of feed a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedKind {
    /// RSS 0.9x, 1.0 (RDF) or 2.0.
    Rss,
    /// Atom.
    Atom,
    /// An XML sitemap (`<urlset>`; Google News sitemaps too).
    Sitemap,
    /// A sitemap index (`<sitemapindex>`): its items are sitemaps.
    SitemapIndex,
}

impl FeedKind {
    /// "RSS feed", "Atom feed", "sitemap", "sitemap index".
    pub fn name(self) -> &'static str {
        match self {
            FeedKind::Rss => "RSS feed",
            FeedKind::Atom => "Atom feed",
            FeedKind::Sitemap => "sitemap",
            FeedKind::SitemapIndex => "sitemap index",
        }
    }
}

/// One item of a feed, or one entry of a sitemap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeedItem {
    /// The item's link (absolute when the feed's URL was known or the link was absolute).
    pub link: Option<String>,
    pub title: Option<String>,
    /// Published (else updated / lastmod) date, RFC 3339 for feeds, as written for sitemaps.
    pub date: Option<String>,
    /// Authors joined by ", ".
    pub author: Option<String>,
    /// The item's own content (HTML or text): `content:encoded` / `content`, else the
    /// `description` / `summary`. `None` for sitemap entries.
    pub content: Option<String>,
}

/// A parsed feed or sitemap: its items in document order.
#[derive(Debug, Clone, PartialEq)]
pub struct Feed {
    pub kind: FeedKind,
    pub items: Vec<FeedItem>,
}

/// The feed kind of `bytes` from its root element (`rss`, `rdf:RDF`, `feed`, `urlset`,
/// `sitemapindex`), looking past a BOM, the XML declaration, comments, processing
/// instructions and a DOCTYPE; `None` for anything else (XHTML pages included).
pub fn sniff_feed(bytes: &[u8]) -> Option<FeedKind> {
    let mut b = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let limit = 4096;
    let mut steps = 0;
    loop {
        steps += 1;
        if steps > 64 {
            return None;
        }
        let skip = b.iter().take_while(|c| c.is_ascii_whitespace()).count();
        b = &b[skip..];
        if bytes.len() - b.len() > limit || b.first() != Some(&b'<') {
            return None;
        }
        if b.starts_with(b"<?") {
            b = &b[find(b, b"?>")? + 2..];
        } else if b.starts_with(b"<!--") {
            b = &b[find(b, b"-->")? + 3..];
        } else if b.starts_with(b"<!") {
            b = &b[find(b, b">")? + 1..];
        } else {
            let name_len = b[1..]
                .iter()
                .take_while(|&&c| !c.is_ascii_whitespace() && c != b'>' && c != b'/')
                .count();
            let name = &b[1..1 + name_len];
            let local = match name.iter().position(|&c| c == b':') {
                Some(i) if !name.eq_ignore_ascii_case(b"rdf:RDF") => &name[i + 1..],
                _ => name,
            };
            return match local {
                b"rss" | b"rdf:RDF" | b"RDF" => Some(FeedKind::Rss),
                b"feed" => Some(FeedKind::Atom),
                b"urlset" => Some(FeedKind::Sitemap),
                b"sitemapindex" => Some(FeedKind::SitemapIndex),
                _ => None,
            };
        }
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Parses a feed or sitemap. `base` (the feed's own URL) resolves relative links.
pub fn parse_feed(bytes: &[u8], base: Option<&str>) -> Result<Feed, String> {
    let kind = sniff_feed(bytes)
        .ok_or("not an RSS/Atom feed or XML sitemap (no <rss>, <feed>, <urlset> root)")?;
    let base = base.and_then(|b| url::Url::parse(b).ok());
    let mut items = match kind {
        FeedKind::Rss | FeedKind::Atom => parse_syndication(bytes, kind)?,
        FeedKind::Sitemap | FeedKind::SitemapIndex => parse_sitemap(bytes, kind)?,
    };
    for item in &mut items {
        if let Some(link) = item.link.take() {
            item.link = Some(resolve(&link, base.as_ref()));
        }
    }
    Ok(Feed { kind, items })
}

/// `link` made absolute against `base` when it is relative and a base is known.
fn resolve(link: &str, base: Option<&url::Url>) -> String {
    let link = link.trim();
    if url::Url::parse(link).is_ok() {
        return link.to_string();
    }
    match base.and_then(|b| b.join(link).ok()) {
        Some(u) => u.to_string(),
        None => link.to_string(),
    }
}

fn parse_syndication(bytes: &[u8], kind: FeedKind) -> Result<Vec<FeedItem>, String> {
    let feed =
        feed_rs::parser::parse(bytes).map_err(|e| format!("invalid {}: {e}", kind.name()))?;
    Ok(feed
        .entries
        .into_iter()
        .map(|e| {
            let link = e
                .links
                .iter()
                .find(|l| l.rel.as_deref().is_none_or(|r| r == "alternate"))
                .or_else(|| e.links.first())
                .map(|l| l.href.clone());
            let authors: Vec<&str> = e
                .authors
                .iter()
                .filter_map(|p| p.name.as_deref().map(str::trim))
                .filter(|n| !n.is_empty())
                .collect();
            let content = e
                .content
                .and_then(|c| c.body)
                .filter(|b| !b.trim().is_empty())
                .or_else(|| e.summary.map(|s| s.content))
                .filter(|b| !b.trim().is_empty());
            FeedItem {
                link,
                title: e
                    .title
                    .map(|t| squash(&html_to_text(&t.content)))
                    .filter(|t| !t.is_empty()),
                date: e
                    .published
                    .or(e.updated)
                    .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)),
                author: (!authors.is_empty()).then(|| authors.join(", ")),
                content,
            }
        })
        .collect())
}

/// `<url>`/`<sitemap>` entries: `<loc>`, `<lastmod>`, `<news:title>`,
/// `<news:publication_date>`. Elements of other namespaces' `loc` (`image:loc`) are ignored.
fn parse_sitemap(bytes: &[u8], kind: FeedKind) -> Result<Vec<FeedItem>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut items = Vec::new();
    let mut path: Vec<Vec<u8>> = Vec::new();
    let mut cur: Option<FeedItem> = None;
    let mut text = String::new();
    loop {
        let ev = reader.read_event().map_err(|e| {
            format!(
                "invalid {} at byte {}: {e}",
                kind.name(),
                reader.buffer_position()
            )
        })?;
        match ev {
            Event::Start(e) => {
                let name = e.name().into_inner().as_bytes().to_vec();
                if name == b"url" || name == b"sitemap" {
                    cur = Some(FeedItem::default());
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t),
            Event::CData(t) => text.push_str(&t),
            Event::GeneralRef(r) => {
                let raw = format!("&{};", &*r);
                match quick_xml::escape::unescape(&raw) {
                    Ok(s) => text.push_str(&s),
                    Err(_) => text.push_str(&raw),
                }
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let value = text.trim().to_string();
                text.clear();
                if let Some(item) = cur.as_mut() {
                    match name.as_slice() {
                        b"loc" if !value.is_empty() => item.link = Some(value),
                        b"lastmod" if item.date.is_none() && !value.is_empty() => {
                            item.date = Some(value)
                        }
                        b"news:publication_date" if !value.is_empty() => item.date = Some(value),
                        b"news:title" if !value.is_empty() => item.title = Some(value),
                        b"url" | b"sitemap" => {
                            if let Some(it) = cur.take() {
                                items.push(it);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
        if items.len() > 1_000_000 {
            return Err(format!("{} has more than 1,000,000 entries", kind.name()));
        }
    }
    Ok(items)
}

/// Whitespace runs to one space, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text of an HTML fragment (a feed item's content): block elements and `<br>` end lines,
/// `<script>`/`<style>`/`<figure>`/`<figcaption>` are dropped with their content, other tags are
/// removed, entities decoded. Text without tags passes through with its entities decoded.
pub fn html_to_text(html: &str) -> String {
    const BLOCK: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "hr",
        "pre",
        "dd",
        "dt",
    ];
    const DROP: &[&str] = &["script", "style", "figure", "figcaption", "noscript"];
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut dropping: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if dropping.is_none() {
            out.push_str(&decode_entities(&rest[..lt]));
        }
        let after = &rest[lt + 1..];
        let Some(gt) = after.find('>') else {
            if dropping.is_none() {
                out.push_str(&decode_entities(&rest[lt..]));
            }
            rest = "";
            break;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        if let Some(d) = &dropping {
            if closing && &name == d {
                dropping = None;
            }
            continue;
        }
        if !closing && !tag.ends_with('/') && DROP.contains(&name.as_str()) {
            dropping = Some(name);
            continue;
        }
        if BLOCK.contains(&name.as_str()) {
            out.push('\n');
        }
    }
    if dropping.is_none() {
        out.push_str(&decode_entities(rest));
    }
    out.lines()
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Decodes `&amp;`-style entities (the XML ones, numeric references and common HTML names).
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(i, _)| i);
        let decoded = end.and_then(|e| entity(&after[..e]).map(|c| (c, e)));
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "rsquo" => '\u{2019}',
        "lsquo" => '\u{2018}',
        "rdquo" => '\u{201d}',
        "ldquo" => '\u{201c}',
        "mdash" => '\u{2014}',
        "ndash" => '\u{2013}',
        "hellip" => '\u{2026}',
        "eacute" => 'é',
        "egrave" => 'è',
        "aacute" => 'á',
        "oacute" => 'ó',
        "uuml" => 'ü',
        "ouml" => 'ö',
        "auml" => 'ä',
        "copy" => '©',
        "euro" => '€',
        "pound" => '£',
        _ => return None,
    })
}

/// The article of one feed item, from its own content (what `--no-fetch` summarizes):
/// title, date and author fill the article's `title`/`date`/`byline`, the link its `url` and
/// `id`. `source` names the feed, `n` is the item's 1-based position.
pub fn item_article(
    item: &FeedItem,
    kind: FeedKind,
    source: &str,
    n: usize,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    let id = item.link.clone().unwrap_or_else(|| format!("{source}#{n}"));
    let err = |message: String| RecordError {
        source: source.to_string(),
        line: None,
        id: Some(id.clone()),
        field: None,
        message: format!("item {n}: {message}"),
    };
    let Some(content) = item.content.as_deref() else {
        return Err(err(match kind {
            FeedKind::Sitemap | FeedKind::SitemapIndex => format!(
                "a {} entry has no text of its own: fetch its link (without --no-fetch)",
                kind.name()
            ),
            _ => "the item has no content, content:encoded, description or summary: fetch its link (without --no-fetch)".to_string(),
        }));
    };
    let text = html_to_text(content);
    let mut article =
        crate::document::text_article(&id, &text, opts).map_err(|e| err(e.message))?;
    article.title = item.title.clone().or(article.title);
    article.byline = item.author.clone();
    article.date = item.date.clone();
    article.url = item.link.clone();
    Ok(article)
}

/// The absolute http(s) link to fetch for item `n` (1-based) of a feed, or why there is none
/// (no link; a relative link, which needs the feed's URL to resolve).
pub fn item_link(item: &FeedItem, n: usize) -> Result<String, String> {
    match item.link.as_deref() {
        Some(url) if is_http_url(url) => Ok(url.to_string()),
        Some(rel) => Err(format!(
            "item {n}: link `{rel}` is not an absolute http(s) URL (a relative link needs the feed's URL)"
        )),
        None => Err(format!("item {n}: no link to fetch")),
    }
}

/// Whether `s` starts with `http://` or `https://` (any case).
pub fn is_http_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    l.starts_with("http://") || l.starts_with("https://")
}

/// A page fetched from the web, as the fetcher returned it (precis-ingest never connects
/// anywhere: the caller fetched it).
#[derive(Debug, Clone, Copy)]
pub struct FetchedPage<'a> {
    /// The URL as asked for (names the page in errors and is the article id).
    pub url: &'a str,
    /// The final URL after redirects (the article's `url`).
    pub final_url: &'a str,
    pub status: u16,
    /// The `Content-Type` media type, lower case.
    pub content_type: Option<&'a str>,
    pub body: &'a [u8],
    /// When it was fetched (RFC 3339).
    pub fetched_at: &'a str,
}

/// The article of a fetched page (not a feed: check [`sniff_feed`] first): media types that
/// are not text are refused naming the URL and the status, `text/html` and Markdown types
/// pick the reader, anything else is sniffed. The feed `item` the link came from, if any,
/// gives the title, date and author (they win over the page's own).
pub fn fetched_article(
    page: &FetchedPage<'_>,
    item: Option<&FeedItem>,
    opts: &ReadOptions,
) -> Result<Article, RecordError> {
    if let Some(ct) = page.content_type {
        let not_text = ct.starts_with("image/")
            || ct.starts_with("audio/")
            || ct.starts_with("video/")
            || matches!(
                ct,
                "application/pdf" | "application/zip" | "application/octet-stream"
            );
        if not_text {
            let why = crate::sniff::refuse_reason(page.body)
                .unwrap_or_else(|| "not an HTML page or text".to_string());
            return Err(RecordError {
                source: page.url.to_string(),
                line: None,
                id: Some(page.url.to_string()),
                field: None,
                message: format!("HTTP {} (Content-Type {ct}): {why}", page.status),
            });
        }
    }
    let format = match page.content_type {
        Some("text/html" | "application/xhtml+xml") => Some(crate::InputFormat::Html),
        Some("text/markdown" | "text/x-markdown") => Some(crate::InputFormat::Markdown),
        _ => None,
    };
    let mut a = crate::parse_document(page.url, page.body, format, opts)?;
    a.url = Some(page.final_url.to_string());
    a.fetched_at = Some(page.fetched_at.to_string());
    if let Some(it) = item {
        a.title = it.title.clone().or(a.title);
        a.date = it.date.clone().or(a.date);
        a.byline = it.author.clone().or(a.byline);
    }
    Ok(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_roots() {
        assert_eq!(
            sniff_feed(b"\xef\xbb\xbf<?xml version=\"1.0\"?>\n<!-- c --><rss version=\"2.0\">"),
            Some(FeedKind::Rss)
        );
        assert_eq!(
            sniff_feed(b"<rdf:RDF xmlns:rdf=\"x\">"),
            Some(FeedKind::Rss)
        );
        assert_eq!(
            sniff_feed(b"<feed xmlns=\"http://www.w3.org/2005/Atom\">"),
            Some(FeedKind::Atom)
        );
        assert_eq!(sniff_feed(b"<urlset>"), Some(FeedKind::Sitemap));
        assert_eq!(sniff_feed(b"<sitemapindex>"), Some(FeedKind::SitemapIndex));
        assert_eq!(
            sniff_feed(b"<?xml version=\"1.0\"?><!DOCTYPE html><html>"),
            None
        );
        assert_eq!(sniff_feed(b"plain text"), None);
    }

    #[test]
    fn html_text() {
        assert_eq!(
            html_to_text("<p>One &amp; <b>two</b>.</p><figure><img src=x><figcaption>Cap</figcaption></figure><p>Three&#8217;s<br>four</p><script>x()</script>"),
            "One & two.\nThree\u{2019}s\nfour"
        );
        assert_eq!(html_to_text("a < b and c"), "a < b and c");
    }

    #[test]
    fn sitemap_entries() {
        let xml = br#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
 <url><loc>/a?x=1&amp;y=2</loc><image:image><image:loc>http://i.example/a.jpg</image:loc></image:image>
  <news:news><news:publication><news:name>T</news:name></news:publication>
   <news:publication_date>2024-01-02</news:publication_date><news:title>Title A</news:title></news:news></url>
 <url><loc>http://s.example/b</loc><lastmod>2024-01-03</lastmod></url>
</urlset>"#;
        let f = parse_feed(xml, Some("http://s.example/sitemap.xml")).unwrap();
        assert_eq!(f.kind, FeedKind::Sitemap);
        assert_eq!(f.items.len(), 2);
        assert_eq!(
            f.items[0].link.as_deref(),
            Some("http://s.example/a?x=1&y=2")
        );
        assert_eq!(f.items[0].title.as_deref(), Some("Title A"));
        assert_eq!(f.items[0].date.as_deref(), Some("2024-01-02"));
        assert_eq!(f.items[1].date.as_deref(), Some("2024-01-03"));
    }
}
