//! A cheap byte scan that bounds element nesting before the HTML parser sees the page.
//!
//! html5ever checks "element in scope" by walking the stack of open elements, so a page of
//! 100,000 nested `<div>`s costs O(n²) to parse, and a deep tree also deepens every later
//! tree walk. Browsers cap the depth (Blink at 512); here tags that would open an element
//! deeper than [`MAX_DEPTH`] are dropped together with their matching end tags, which keeps the
//! text and flattens the structure. The scan is approximate (it counts start/end tags of
//! elements that must be closed explicitly; void elements and elements with optional end
//! tags such as `<p>`/`<li>`/`<td>` are not counted), which is enough for a bound.

use std::borrow::Cow;

/// Deepest element nesting passed to the parser.
pub const MAX_DEPTH: usize = 512;

/// Elements that do not nest: void elements and those whose end tag is optional.
fn is_uncounted(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"area",
        b"base",
        b"br",
        b"col",
        b"embed",
        b"hr",
        b"img",
        b"input",
        b"link",
        b"meta",
        b"source",
        b"track",
        b"wbr",
        b"param",
        b"keygen",
        b"basefont",
        b"bgsound",
        b"frame",
        b"image",
        b"p",
        b"li",
        b"dt",
        b"dd",
        b"option",
        b"optgroup",
        b"tr",
        b"td",
        b"th",
        b"thead",
        b"tbody",
        b"tfoot",
        b"colgroup",
        b"caption",
        b"rb",
        b"rt",
        b"rp",
        b"rtc",
        b"html",
        b"head",
        b"body",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Elements whose content is raw text (no tags inside).
fn is_raw_text(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"script",
        b"style",
        b"textarea",
        b"title",
        b"xmp",
        b"iframe",
        b"noembed",
        b"noframes",
        b"plaintext",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

enum Token {
    /// Markup to copy unchanged, up to the byte offset.
    Other(usize),
    /// A start (`close == false`) or end tag of a counted element, ending at the offset.
    Tag { close: bool, end: usize },
}

/// Scans one token at `i` (a `<`); returns what it is and where it ends.
fn scan_tag(b: &[u8], i: usize) -> Token {
    let n = b.len();
    let rest = &b[i..];
    if rest.starts_with(b"<!--") {
        let end = find(b, i + 4, b"-->").map_or(n, |p| p + 3);
        return Token::Other(end);
    }
    if rest.len() > 1 && (rest[1] == b'!' || rest[1] == b'?') {
        let end = memchr(b, i + 2, b'>').map_or(n, |p| p + 1);
        return Token::Other(end);
    }
    let close = rest.len() > 1 && rest[1] == b'/';
    let name_start = i + 1 + usize::from(close);
    let mut j = name_start;
    while j < n && (b[j].is_ascii_alphanumeric() || b[j] == b'-' || b[j] == b':') {
        j += 1;
    }
    if j == name_start || !b[name_start].is_ascii_alphabetic() {
        // Not a tag: a literal '<'.
        return Token::Other(i + 1);
    }
    let name = &b[name_start..j];
    // Find the end of the tag, skipping quoted attribute values.
    let mut k = j;
    let mut self_closing = false;
    while k < n {
        match b[k] {
            b'>' => break,
            q @ (b'"' | b'\'') if k > 0 && prev_non_space(b, k) == Some(b'=') => {
                k = memchr(b, k + 1, q).unwrap_or(n);
            }
            _ => {}
        }
        k += 1;
    }
    if k < n && k > 0 && b[k - 1] == b'/' {
        self_closing = true;
    }
    let end = (k + 1).min(n);
    if !close && is_raw_text(name) {
        // Skip the raw text up to the matching end tag.
        let mut p = end;
        loop {
            match find(b, p, b"</") {
                Some(q) => {
                    let cand = &b[q + 2..];
                    if cand.len() >= name.len() && cand[..name.len()].eq_ignore_ascii_case(name) {
                        let close_end = memchr(b, q, b'>').map_or(n, |x| x + 1);
                        return Token::Other(close_end);
                    }
                    p = q + 2;
                }
                None => return Token::Other(n),
            }
        }
    }
    if self_closing || is_uncounted(name) {
        return Token::Other(end);
    }
    Token::Tag { close, end }
}

fn prev_non_space(b: &[u8], k: usize) -> Option<u8> {
    b[..k]
        .iter()
        .rev()
        .find(|c| !c.is_ascii_whitespace())
        .copied()
}

fn memchr(b: &[u8], from: usize, c: u8) -> Option<usize> {
    b.get(from..)?
        .iter()
        .position(|&x| x == c)
        .map(|p| from + p)
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    let hay = b.get(from..)?;
    if hay.len() < needle.len() {
        return None;
    }
    hay.windows(needle.len())
        .position(|w| w == needle)
        .map(|p| from + p)
}

/// Deepest nesting of counted elements, by the byte scan.
pub fn max_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut i, mut depth, mut max) = (0, 0usize, 0usize);
    while let Some(p) = memchr(b, i, b'<') {
        match scan_tag(b, p) {
            Token::Other(end) => i = end,
            Token::Tag { close, end } => {
                if close {
                    depth = depth.saturating_sub(1);
                } else {
                    depth += 1;
                    max = max.max(depth);
                }
                i = end;
            }
        }
    }
    max
}

/// Returns `html` with tags deeper than `limit` removed (borrowed when nothing is that deep).
pub fn flatten(html: &str, limit: usize) -> Cow<'_, str> {
    if max_depth(html) <= limit {
        return Cow::Borrowed(html);
    }
    let b = html.as_bytes();
    let mut out = String::with_capacity(html.len());
    let (mut i, mut copied, mut depth) = (0usize, 0usize, 0usize);
    while let Some(p) = memchr(b, i, b'<') {
        match scan_tag(b, p) {
            Token::Other(end) => i = end,
            Token::Tag { close, end } => {
                let drop = if close {
                    let d = depth > limit;
                    depth = depth.saturating_sub(1);
                    d
                } else {
                    depth += 1;
                    depth > limit
                };
                if drop {
                    // Tags are ASCII-delimited, so these offsets are char boundaries.
                    out.push_str(&html[copied..p]);
                    copied = end;
                }
                i = end;
            }
        }
    }
    out.push_str(&html[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_flattens() {
        let html = "<div><div><span>x</span></div></div><p>a<p>b<br><img src='a>b'>";
        assert_eq!(max_depth(html), 3);
        let deep = format!("{}text{}", "<div>".repeat(10), "</div>".repeat(10));
        assert_eq!(max_depth(&deep), 10);
        let flat = flatten(&deep, 4);
        assert_eq!(
            flat,
            format!("{}text{}", "<div>".repeat(4), "</div>".repeat(4))
        );
        assert_eq!(max_depth(&flat), 4);
    }

    #[test]
    fn skips_raw_text_and_comments() {
        let html = "<script>if (a<b) { x = '<div>'; }</script><!-- <div><div> --><div>ok</div>";
        assert_eq!(max_depth(html), 1);
    }
}
