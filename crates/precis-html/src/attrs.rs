//! A bound on attributes per tag that holds whatever the parser's state.
//!
//! html5ever's tokenizer checks every new attribute of a tag against all earlier ones (to drop
//! duplicates), so one tag with 200,000 distinct attributes costs 2·10¹⁰ comparisons (a 2 MB
//! page, tens of seconds). [`crate::nesting`] truncates the tags it sees at [`MAX_ATTRS`]
//! attributes, but it sees tags only where it believes the tokenizer is in its data state;
//! the tokenizer's state also depends on the tree builder (`<style>` is raw text in HTML but not
//! inside `<svg>`, ...), and a page can be crafted so that the two disagree.
//!
//! This pass does not guess. A tag can start at any `<` followed by an ASCII letter (or `</`
//! and a letter), and from there the tokenizer's tag states (tag name, attribute name, before
//! value, quoted or unquoted value, ...) depend on the bytes alone. So all the tags that could
//! start anywhere are followed at once, as a set of tokenizer states (at most 11, each with the
//! largest attribute count of the tags in that state): linear time, whatever the page. When a
//! tag in the set is about to get attribute number [`MAX_ATTRS`]` + 1`, a `>` is inserted
//! there, which ends every tag in the set that is not inside a quoted value. The inserted byte
//! follows whitespace, `/` or a quote, so it cannot end a comment (`-->`, `--!>`) or a CDATA
//! section (`]]>`); in text, raw text or a quoted value it is one more character.
//!
//! Ordinary pages never come near the bound and are returned borrowed, unchanged.

use std::borrow::Cow;

/// Most attributes a tag may have when the parser sees it (browsers keep them all; no news page
/// needs more than a few dozen).
pub const MAX_ATTRS: usize = 256;

const TAG_OPEN: usize = 0; // after `<`
const END_TAG_OPEN: usize = 1; // after `</`
const TAG_NAME: usize = 2;
const BEFORE_NAME: usize = 3; // before attribute name
const NAME: usize = 4; // attribute name
const AFTER_NAME: usize = 5; // after attribute name
const BEFORE_VALUE: usize = 6;
const DOUBLE_QUOTED: usize = 7;
const SINGLE_QUOTED: usize = 8;
const UNQUOTED: usize = 9;
const AFTER_QUOTED: usize = 10; // after a quoted attribute value
const SELF_CLOSING: usize = 11;
const STATES: usize = 12;

/// No tag in this state.
const NONE: u32 = u32::MAX;

/// What a byte does to a tag in a state: `(next state, starts a new attribute)`, or `None`
/// when the tag ends (or turns out not to be a tag).
#[inline]
fn step(state: usize, c: u8) -> Option<(usize, bool)> {
    let ws = matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
    match state {
        TAG_OPEN => match c {
            b'/' => Some((END_TAG_OPEN, false)),
            c if c.is_ascii_alphabetic() => Some((TAG_NAME, false)),
            _ => None,
        },
        END_TAG_OPEN => c.is_ascii_alphabetic().then_some((TAG_NAME, false)),
        TAG_NAME => match c {
            b'>' => None,
            b'/' => Some((SELF_CLOSING, false)),
            _ if ws => Some((BEFORE_NAME, false)),
            _ => Some((TAG_NAME, false)),
        },
        // In these three states any other byte starts an attribute (in `SELF_CLOSING` and
        // `AFTER_QUOTED` by being reconsumed in `BEFORE_NAME`).
        BEFORE_NAME | SELF_CLOSING | AFTER_QUOTED => match c {
            b'>' => None,
            b'/' => Some((SELF_CLOSING, false)),
            _ if ws => Some((BEFORE_NAME, false)),
            _ => Some((NAME, true)),
        },
        NAME => match c {
            b'>' => None,
            b'/' => Some((SELF_CLOSING, false)),
            b'=' => Some((BEFORE_VALUE, false)),
            _ if ws => Some((AFTER_NAME, false)),
            _ => Some((NAME, false)),
        },
        AFTER_NAME => match c {
            b'>' => None,
            b'/' => Some((SELF_CLOSING, false)),
            b'=' => Some((BEFORE_VALUE, false)),
            _ if ws => Some((AFTER_NAME, false)),
            _ => Some((NAME, true)),
        },
        BEFORE_VALUE => match c {
            b'>' => None,
            b'"' => Some((DOUBLE_QUOTED, false)),
            b'\'' => Some((SINGLE_QUOTED, false)),
            _ if ws => Some((BEFORE_VALUE, false)),
            _ => Some((UNQUOTED, false)),
        },
        DOUBLE_QUOTED => Some((
            if c == b'"' {
                AFTER_QUOTED
            } else {
                DOUBLE_QUOTED
            },
            false,
        )),
        SINGLE_QUOTED => Some((
            if c == b'\'' {
                AFTER_QUOTED
            } else {
                SINGLE_QUOTED
            },
            false,
        )),
        UNQUOTED => match c {
            b'>' => None,
            _ if ws => Some((BEFORE_NAME, false)),
            _ => Some((UNQUOTED, false)),
        },
        _ => None,
    }
}

/// The set of tags being followed: for each state, the largest attribute count of a tag in it.
struct Set {
    counts: [u32; STATES],
    active: u16,
}

impl Set {
    fn new() -> Self {
        Self {
            counts: [NONE; STATES],
            active: 0,
        }
    }

    #[inline]
    fn add(&mut self, state: usize, count: u32) {
        let c = &mut self.counts[state];
        if *c == NONE || *c < count {
            *c = count;
        }
        self.active |= 1 << state;
    }

    /// Feeds one byte. Returns `Err(())` when a tag would get more than `limit` attributes
    /// (the set is left unchanged then), else the largest attribute count now in the set.
    #[inline]
    fn feed(&mut self, c: u8, limit: u32) -> Result<u32, ()> {
        let mut next = Set::new();
        let mut max = 0;
        let mut bits = self.active;
        while bits != 0 {
            let s = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let count = self.counts[s];
            if let Some((t, new_attr)) = step(s, c) {
                let count = count + u32::from(new_attr);
                if count > limit {
                    return Err(());
                }
                max = max.max(count);
                next.add(t, count);
            }
        }
        if c == b'<' {
            next.add(TAG_OPEN, 0);
        }
        *self = next;
        Ok(max)
    }

    /// The one state of the set, if it has exactly one.
    fn single(&self) -> Option<usize> {
        (self.active.count_ones() == 1).then(|| self.active.trailing_zeros() as usize)
    }

    /// Only tags inside a double- (`Some(b'"')`) or single-quoted value are in the set.
    fn only_quoted(&self) -> Option<u8> {
        if self.active == 1 << DOUBLE_QUOTED {
            Some(b'"')
        } else if self.active == 1 << SINGLE_QUOTED {
            Some(b'\'')
        } else {
            None
        }
    }
}

/// Whether a byte leaves a tag in `state` as it is (and starts no other tag).
#[inline]
fn stays(state: usize, c: u8) -> bool {
    let ws = matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ');
    match state {
        TAG_NAME => !ws && !matches!(c, b'/' | b'>' | b'<'),
        NAME => !ws && !matches!(c, b'/' | b'>' | b'=' | b'<'),
        UNQUOTED => !ws && !matches!(c, b'>' | b'<'),
        BEFORE_NAME | AFTER_NAME | BEFORE_VALUE => ws,
        _ => false,
    }
}

/// Follows every possible tag of `html` outside the `skip` ranges (sorted, disjoint; no tag
/// starts or continues in them); with `limit`, inserts `>` where one would get more than
/// `limit` attributes. Returns the edited text (if any edit) and the largest attribute count of
/// a possible tag in the result.
fn run(html: &str, limit: Option<usize>, skip: &[(usize, usize)]) -> (Option<String>, usize) {
    let b = html.as_bytes();
    let lim = limit.map_or(u32::MAX - 1, |l| u32::try_from(l).unwrap_or(u32::MAX - 1));
    let mut set = Set::new();
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut max = 0u32;
    let mut i = 0;
    let mut skips = skip.iter().copied().peekable();
    loop {
        // The end of the current segment.
        let seg_end = skips.peek().map_or(b.len(), |&(s, _)| s.min(b.len()));
        if i >= seg_end {
            match skips.next() {
                Some((_, e)) => {
                    set = Set::new();
                    i = i.max(e);
                    continue;
                }
                None => break,
            }
        }
        let seg = &b[..seg_end];
        if set.active == 0 {
            // No tag open: skip to the next `<`.
            match memchr::memchr(b'<', &seg[i..]) {
                Some(p) => i += p,
                None => {
                    i = seg_end;
                    continue;
                }
            }
        } else if let Some(q) = set.only_quoted() {
            // Inside a quoted value only the quote and a new `<` matter.
            match memchr::memchr2(q, b'<', &seg[i..]) {
                Some(p) => i += p,
                None => {
                    i = seg_end;
                    continue;
                }
            }
        } else if let Some(s) = set.single() {
            while i < seg_end && stays(s, seg[i]) {
                i += 1;
            }
            if i == seg_end {
                continue;
            }
        }
        match set.feed(b[i], lim) {
            Ok(m) => {
                max = max.max(m);
                i += 1;
            }
            Err(()) => {
                // Insert `>` before this byte (a character boundary: it follows ASCII
                // whitespace, `/` or a quote) and feed it, which leaves only quoted values.
                let o = out.get_or_insert_with(|| String::with_capacity(html.len() + 64));
                o.push_str(&html[copied..i]);
                o.push('>');
                copied = i;
                if let Ok(m) = set.feed(b'>', lim) {
                    max = max.max(m);
                }
            }
        }
    }
    if let Some(o) = out.as_mut() {
        o.push_str(&html[copied..]);
    }
    (out, max as usize)
}

/// `html` with every possible tag cut at `limit` attributes (borrowed when none has more).
pub fn cap(html: &str, limit: usize) -> Cow<'_, str> {
    cap_outside(html, limit, &[])
}

/// [`cap`], not looking inside the `skip` ranges (sorted, disjoint byte ranges of `html` where
/// the parser is known to read no tags, such as the text of a `<script>`).
pub fn cap_outside<'a>(html: &'a str, limit: usize, skip: &[(usize, usize)]) -> Cow<'a, str> {
    match run(html, Some(limit), skip) {
        (Some(s), _) => Cow::Owned(s),
        (None, _) => Cow::Borrowed(html),
    }
}

/// The most attributes any tag of `html` could have, in any tokenizer state it could start in.
pub fn max_attributes(html: &str) -> usize {
    max_attributes_outside(html, &[])
}

/// [`max_attributes`] outside the `skip` ranges.
pub fn max_attributes_outside(html: &str, skip: &[(usize, usize)]) -> usize {
    run(html, None, skip).1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_with(n: usize, sep: &str) -> String {
        let mut s = String::from("<div");
        for i in 0..n {
            s.push_str(&format!("{sep}a{i}=\"x>\""));
        }
        s.push_str(">text</div>");
        s
    }

    #[test]
    fn counts_like_the_tokenizer() {
        assert_eq!(max_attributes("<p>hello</p>"), 0);
        assert_eq!(
            max_attributes("<a href=x class='y z' data-q=\"a>b\" hidden>"),
            4
        );
        // `=` starts a name, quotes inside names, a slash separates attributes.
        assert_eq!(max_attributes("<a =x \"y z/w>"), 4);
        // A quote after an unquoted value's `=` is part of the value.
        assert_eq!(max_attributes("<a b=c\"d e>"), 2);
        // Text is not a tag; `< a` and `<1` do not start one.
        assert_eq!(max_attributes("a < b c d > e <1 f g>"), 0);
        assert_eq!(max_attributes("</div a b c>"), 3);
        assert_eq!(max_attributes(&tag_with(300, " ")), 300);
    }

    #[test]
    fn caps_any_tag() {
        for sep in [" ", "\n", "/", " / "] {
            let html = tag_with(1000, sep);
            let capped = cap(&html, MAX_ATTRS);
            assert_eq!(max_attributes(&capped), MAX_ATTRS, "{sep:?}");
        }
        // Quoted values without separating whitespace, and valueless attributes.
        let html = format!(
            "<div {}>",
            (0..1000).map(|i| format!("a{i}='v'")).collect::<String>()
        );
        assert_eq!(max_attributes(&cap(&html, 10)), 10);
        let html = format!(
            "<div{}>",
            (0..1000).map(|i| format!(" b{i}")).collect::<String>()
        );
        assert_eq!(max_attributes(&cap(&html, 10)), 10);
    }

    #[test]
    fn tags_hidden_from_a_context_scan_are_capped_too() {
        // The comment ends at `<!-->`, the `<style>` is not raw text in SVG: either way the
        // tag is bounded.
        for head in ["<!--> ", "<svg><style>", "<script>x = '", "<p title=\""] {
            let html = format!("{head}{}", tag_with(1000, " "));
            assert!(max_attributes(&cap(&html, 50)) <= 50, "{head}");
        }
    }

    #[test]
    fn skipped_ranges_are_not_read() {
        let js = format!("if (a<b {}) f();", "x ".repeat(500));
        let html = format!("<script>{js}</script><p>text</p>");
        assert!(max_attributes(&html) > 500);
        let skip = [(8, 8 + js.len())];
        assert_eq!(max_attributes_outside(&html, &skip), 0);
        assert!(matches!(cap_outside(&html, 10, &skip), Cow::Borrowed(_)));
        // A tag open before a skipped range does not continue after it.
        let html = format!("<b c=\"{js}\" d e f>");
        assert_eq!(max_attributes_outside(&html, &[(6, 6 + js.len())]), 1);
    }

    #[test]
    fn ordinary_markup_is_borrowed() {
        let html =
            "<!DOCTYPE html><html><body><p class=a>x &lt; y</p><script>if (a<b) f(c>d)</script>";
        assert!(matches!(cap(html, MAX_ATTRS), Cow::Borrowed(_)));
        assert!(matches!(
            cap(&tag_with(256, " "), MAX_ATTRS),
            Cow::Borrowed(_)
        ));
        assert!(matches!(cap(&tag_with(257, " "), MAX_ATTRS), Cow::Owned(_)));
    }

    #[test]
    fn edits_keep_text_and_utf8() {
        let html = format!("é<b {}>ü</b>", "x ".repeat(20));
        let capped = cap(&html, 5);
        assert!(capped.starts_with("é<b x x x x x >"), "{capped}");
        assert!(capped.ends_with(">ü</b>"));
    }
}
