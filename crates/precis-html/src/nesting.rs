//! A cheap byte scan that bounds element nesting, and attributes per tag, before the HTML
//! parser sees the page.
//!
//! html5ever checks "element in scope" by walking the stack of open elements, so a page of
//! 100,000 nested `<div>`s costs O(n²) to parse, and a deep tree also deepens every later
//! tree walk (dom_smoothie and the pre-clean look at ancestors and whole subtrees). Browsers
//! cap the depth (Blink at 512); here tags that would open an element deeper than
//! [`MAX_DEPTH`] are dropped together with their matching end tags, which keeps the text and
//! flattens the structure. Tags with more than [`crate::attrs::MAX_ATTRS`] attributes lose the
//! extra ones (html5ever compares every attribute of a tag with all earlier ones).
//!
//! The scan tokenizes like html5ever's tokenizer in its data state (tags and their attribute
//! syntax, comments including `<!-->` and `--!>`, doctypes, bogus comments, and the raw text of
//! `<script>`, `<style>`, `<textarea>`, `<title>`, ... up to their end tag), and keeps a model
//! of the tree builder's stack of open elements:
//! - an end tag closes the innermost open element of the same name (and everything opened
//!   inside it) unless a scope boundary (`<table>`, a table cell, `<template>`, `<object>`, ...)
//!   or, for end tags of non-"special" elements, a special element (`<div>`, `<p>`, ...) lies in
//!   between; stray end tags close nothing;
//! - formatting elements (`<b>`, `<font>`, `<a>`, ...) closed by an enclosing element's end tag
//!   stay counted (html5ever reopens them at the next text), until their own end tag or the end
//!   of the table cell, `<object>`, ... they were opened in;
//! - elements whose end tag is optional (`<p>`, `<li>`, `<td>`, `<option>`, ...) and void
//!   elements are not counted, nor are raw-text elements; inside `<svg>`/`<math>` every element
//!   counts (there `<style>` or `<title>` are ordinary elements, not raw text), except
//!   self-closing ones.
//!
//! The model is approximate (it ignores, e.g., foster parenting and the adoption agency's
//! restructuring), which is enough for a bound on ordinary and hostile pages alike; the
//! parser's own work is bounded exactly by [`crate::parse`] and the tree's depth again after
//! parsing, so a page crafted to fool the scan costs an error, not time. Pages within the
//! bounds are returned unchanged (borrowed).

use std::borrow::Cow;
use std::collections::HashMap;

use crate::attrs::MAX_ATTRS;

/// Deepest element nesting passed to the parser.
pub const MAX_DEPTH: usize = 512;

/// Most formatting elements of one name (`<b>`, `<font>`, ...) open at once in one table cell
/// (or outside tables): html5ever compares each new one with all of them (its Noah's Ark
/// clause). Deeper ones are dropped like elements past [`MAX_DEPTH`].
pub const MAX_SAME_FORMATTING: usize = 12;

fn is_ws(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

// What the scan needs to know about an element name.
const VOID: u32 = 1; // never open
const OPTIONAL_END: u32 = 1 << 1; // end tag optional: not counted
const CELL: u32 = 1 << 2; // td, th, caption
const TABLE_PART: u32 = 1 << 3; // tr, thead, tbody, tfoot, colgroup: close a cell
const RAW_TEXT: u32 = 1 << 4;
const FORMATTING: u32 = 1 << 5;
const MARKER: u32 = 1 << 6; // ends the formatting elements opened inside it
const BOUNDARY: u32 = 1 << 7; // scope boundary
const SPECIAL: u32 = 1 << 8;
const INTEGRATION: u32 = 1 << 9; // SVG/MathML element whose content is HTML
const FOREIGN_ROOT: u32 = 1 << 10; // svg, math
const CLOSES_SAME: u32 = 1 << 11; // a, nobr: a new one closes the previous one

const NAME_FLAGS: &[(&str, u32)] = &[
    ("area", VOID | SPECIAL),
    ("base", VOID | SPECIAL),
    ("br", VOID | SPECIAL),
    ("col", VOID | SPECIAL),
    ("embed", VOID | SPECIAL),
    ("hr", VOID | SPECIAL),
    ("img", VOID | SPECIAL),
    ("input", VOID | SPECIAL),
    ("link", VOID | SPECIAL),
    ("meta", VOID | SPECIAL),
    ("source", VOID | SPECIAL),
    ("track", VOID | SPECIAL),
    ("wbr", VOID | SPECIAL),
    ("param", VOID | SPECIAL),
    ("keygen", VOID),
    ("basefont", VOID | SPECIAL),
    ("bgsound", VOID | SPECIAL),
    ("frame", VOID | SPECIAL),
    ("image", VOID),
    ("p", OPTIONAL_END | SPECIAL),
    ("li", OPTIONAL_END | SPECIAL),
    ("dt", OPTIONAL_END | SPECIAL),
    ("dd", OPTIONAL_END | SPECIAL),
    ("option", OPTIONAL_END),
    ("optgroup", OPTIONAL_END),
    ("tr", OPTIONAL_END | TABLE_PART | SPECIAL),
    ("thead", OPTIONAL_END | TABLE_PART | SPECIAL),
    ("tbody", OPTIONAL_END | TABLE_PART | SPECIAL),
    ("tfoot", OPTIONAL_END | TABLE_PART | SPECIAL),
    ("colgroup", OPTIONAL_END | TABLE_PART | SPECIAL),
    ("rb", OPTIONAL_END),
    ("rt", OPTIONAL_END),
    ("rp", OPTIONAL_END),
    ("rtc", OPTIONAL_END),
    ("html", OPTIONAL_END | BOUNDARY | SPECIAL),
    ("head", OPTIONAL_END | SPECIAL),
    ("body", OPTIONAL_END | SPECIAL),
    ("td", CELL | MARKER | BOUNDARY | SPECIAL),
    ("th", CELL | MARKER | BOUNDARY | SPECIAL),
    ("caption", CELL | MARKER | BOUNDARY | SPECIAL),
    ("script", RAW_TEXT | SPECIAL),
    ("style", RAW_TEXT | SPECIAL),
    ("textarea", RAW_TEXT | SPECIAL),
    ("title", RAW_TEXT | SPECIAL | INTEGRATION),
    ("xmp", RAW_TEXT | SPECIAL),
    ("iframe", RAW_TEXT | SPECIAL),
    ("noembed", RAW_TEXT | SPECIAL),
    ("noframes", RAW_TEXT | SPECIAL),
    ("plaintext", RAW_TEXT | SPECIAL),
    ("a", FORMATTING | CLOSES_SAME),
    ("nobr", FORMATTING | CLOSES_SAME),
    ("b", FORMATTING),
    ("big", FORMATTING),
    ("code", FORMATTING),
    ("em", FORMATTING),
    ("font", FORMATTING),
    ("i", FORMATTING),
    ("s", FORMATTING),
    ("small", FORMATTING),
    ("strike", FORMATTING),
    ("strong", FORMATTING),
    ("tt", FORMATTING),
    ("u", FORMATTING),
    ("applet", MARKER | BOUNDARY | SPECIAL),
    ("marquee", MARKER | BOUNDARY | SPECIAL),
    ("object", MARKER | BOUNDARY | SPECIAL),
    ("template", MARKER | BOUNDARY | SPECIAL),
    ("table", BOUNDARY | SPECIAL),
    ("svg", FOREIGN_ROOT),
    ("math", FOREIGN_ROOT),
    ("foreignobject", INTEGRATION),
    ("desc", INTEGRATION),
    ("mi", INTEGRATION),
    ("mo", INTEGRATION),
    ("mn", INTEGRATION),
    ("ms", INTEGRATION),
    ("mtext", INTEGRATION),
    ("address", SPECIAL),
    ("article", SPECIAL),
    ("aside", SPECIAL),
    ("blockquote", SPECIAL),
    ("button", SPECIAL),
    ("center", SPECIAL),
    ("details", SPECIAL),
    ("dir", SPECIAL),
    ("div", SPECIAL),
    ("dl", SPECIAL),
    ("fieldset", SPECIAL),
    ("figcaption", SPECIAL),
    ("figure", SPECIAL),
    ("footer", SPECIAL),
    ("form", SPECIAL),
    ("frameset", SPECIAL),
    ("h1", SPECIAL),
    ("h2", SPECIAL),
    ("h3", SPECIAL),
    ("h4", SPECIAL),
    ("h5", SPECIAL),
    ("h6", SPECIAL),
    ("header", SPECIAL),
    ("hgroup", SPECIAL),
    ("isindex", SPECIAL),
    ("listing", SPECIAL),
    ("main", SPECIAL),
    ("menu", SPECIAL),
    ("nav", SPECIAL),
    ("noscript", SPECIAL),
    ("ol", SPECIAL),
    ("pre", SPECIAL),
    ("search", SPECIAL),
    ("section", SPECIAL),
    ("select", SPECIAL),
    ("summary", SPECIAL),
    ("ul", SPECIAL),
];

/// FNV-1a, for the name table (names are short; no need for SipHash's DoS resistance:
/// the table only grows by one entry per distinct name, each hashed once per tag).
#[derive(Default)]
struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type FnvBuild = std::hash::BuildHasherDefault<Fnv>;

/// Interned lowercase element names with their flags.
struct Names {
    ids: HashMap<Box<[u8]>, u32, FnvBuild>,
    flags: Vec<u32>,
}

impl Names {
    fn new() -> Self {
        let mut n = Self {
            ids: HashMap::default(),
            flags: Vec::new(),
        };
        for &(name, f) in NAME_FLAGS {
            let id = n.id(name.as_bytes());
            n.flags[id as usize] = f;
        }
        n
    }

    fn id(&mut self, name: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.flags.len() as u32;
        self.ids.insert(name.into(), id);
        self.flags.push(0);
        id
    }

    fn get(&self, name: &[u8]) -> Option<u32> {
        self.ids.get(name).copied()
    }
}

/// One tag as html5ever's tokenizer reads it.
#[derive(Debug)]
struct Tag {
    close: bool,
    /// Where the name is in the input.
    name: (usize, usize),
    self_closing: bool,
    /// Offset just past the `>` (the input's length when the tag runs to the end).
    end: usize,
    /// The tag runs to the end of the input (html5ever drops it).
    unterminated: bool,
    /// Where attribute number `attr_limit + 1` starts, when there is one.
    cut: Option<usize>,
}

/// Reads the attributes of a tag from `k` (just after the name) like html5ever's tokenizer.
/// Returns (end, self-closing, unterminated, cut).
fn read_attributes(
    b: &[u8],
    mut k: usize,
    attr_limit: usize,
) -> (usize, bool, bool, Option<usize>) {
    #[derive(Clone, Copy, PartialEq)]
    enum S {
        BeforeName,
        Name,
        AfterName,
        BeforeValue,
        Unquoted,
        AfterQuoted,
        SelfClosing,
    }
    let n = b.len();
    let mut s = S::BeforeName;
    let mut attrs = 0usize;
    let mut cut = None;
    while k < n {
        let c = b[k];
        let ws = is_ws(c);
        s = match s {
            S::BeforeName | S::AfterQuoted | S::SelfClosing | S::AfterName => match c {
                b'>' => return (k + 1, s == S::SelfClosing, false, cut),
                b'/' => S::SelfClosing,
                b'=' if s == S::AfterName => S::BeforeValue,
                _ if ws && s == S::AfterName => S::AfterName,
                _ if ws => S::BeforeName,
                _ => {
                    attrs += 1;
                    if Some(attrs) == attr_limit.checked_add(1) {
                        cut = Some(k);
                    }
                    S::Name
                }
            },
            S::Name => match c {
                b'>' => return (k + 1, false, false, cut),
                b'/' => S::SelfClosing,
                b'=' => S::BeforeValue,
                _ if ws => S::AfterName,
                _ => S::Name,
            },
            S::BeforeValue => match c {
                b'>' => return (k + 1, false, false, cut),
                b'"' | b'\'' => match memchr::memchr(c, &b[k + 1..]) {
                    // Skip to the closing quote.
                    Some(p) => {
                        k += p + 1;
                        S::AfterQuoted
                    }
                    None => return (n, false, true, cut),
                },
                _ if ws => S::BeforeValue,
                _ => S::Unquoted,
            },
            S::Unquoted => match c {
                b'>' => return (k + 1, false, false, cut),
                _ if ws => S::BeforeName,
                _ => S::Unquoted,
            },
        };
        k += 1;
    }
    (n, false, true, cut)
}

/// Reads a tag at `i` (`<` followed by a letter, or `</` and a letter).
fn read_tag(b: &[u8], i: usize, attr_limit: usize) -> Tag {
    let close = b[i + 1] == b'/';
    let name_start = i + 1 + usize::from(close);
    let name_end = b[name_start..]
        .iter()
        .position(|&c| is_ws(c) || c == b'/' || c == b'>')
        .map_or(b.len(), |p| name_start + p);
    let (end, self_closing, unterminated, cut) = read_attributes(b, name_end, attr_limit);
    Tag {
        close,
        name: (name_start, name_end),
        self_closing,
        end,
        unterminated,
        cut,
    }
}

/// End of a comment starting at `i` (`<!--`), like html5ever: `<!-->`, `<!--->`, or the first
/// `>` after `--` or `--!`.
fn comment_end(b: &[u8], i: usize) -> usize {
    let n = b.len();
    let body = i + 4;
    if b.get(body) == Some(&b'>') {
        return body + 1;
    }
    if b.get(body) == Some(&b'-') && b.get(body + 1) == Some(&b'>') {
        return body + 2;
    }
    let mut p = body;
    while let Some(q) = memchr::memchr(b'>', &b[p..]) {
        let gt = p + q;
        let ends = (gt >= body + 2 && &b[gt - 2..gt] == b"--")
            || (gt >= body + 3 && &b[gt - 3..gt] == b"--!");
        if ends {
            return gt + 1;
        }
        p = gt + 1;
    }
    n
}

fn find(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p)
}

/// Start of the end tag closing raw text `name` at or after `from`: `</name` followed by
/// whitespace, `/` or `>` (ASCII case-insensitive).
fn raw_text_end(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut p = from;
    while let Some(q) = find(b, p, b"</") {
        let cand = &b[q + 2..];
        if cand.len() > name.len()
            && cand[..name.len()].eq_ignore_ascii_case(name)
            && (is_ws(cand[name.len()]) || matches!(cand[name.len()], b'/' | b'>'))
        {
            return Some(q);
        }
        p = q + 2;
    }
    None
}

/// What is at a `<` in the data state.
enum Token {
    /// Markup or text to copy unchanged, up to the offset.
    Other(usize),
    /// A start or end tag.
    Tag(Tag),
}

/// Reads the token at `i` (a `<`).
fn read_token(b: &[u8], i: usize, foreign: bool, attr_limit: usize) -> Token {
    let n = b.len();
    let rest = &b[i..];
    let to_gt = |from: usize| memchr::memchr(b'>', &b[from.min(n)..]).map_or(n, |p| from + p + 1);
    match rest.get(1) {
        Some(b'!') => {
            if rest.starts_with(b"<!--") {
                Token::Other(comment_end(b, i))
            } else if foreign && rest.starts_with(b"<![CDATA[") {
                Token::Other(find(b, i + 9, b"]]>").map_or(n, |p| p + 3))
            } else {
                // Doctype or bogus comment: up to the first `>`.
                Token::Other(to_gt(i + 2))
            }
        }
        Some(b'?') => Token::Other(to_gt(i + 2)),
        Some(b'/') => match rest.get(2) {
            Some(c) if c.is_ascii_alphabetic() => Token::Tag(read_tag(b, i, attr_limit)),
            Some(b'>') => Token::Other(i + 3),
            Some(_) => Token::Other(to_gt(i + 2)),
            None => Token::Other(n),
        },
        Some(c) if c.is_ascii_alphabetic() => Token::Tag(read_tag(b, i, attr_limit)),
        _ => Token::Other(i + 1),
    }
}

/// An element of the modelled stack of open elements.
#[derive(Clone, Copy)]
struct Entry {
    name: u32,
    /// 1 for counted elements, 0 for table cells.
    weight: u8,
    /// Dropped from the output (deeper than the limit).
    dropped: bool,
    /// Removed by its own end tag while not on top (a formatting element).
    dead: bool,
    formatting: bool,
    marker: bool,
    special: bool,
    /// Its children are SVG/MathML content.
    foreign: bool,
    /// It is an SVG/MathML element (its end tags follow the rules for foreign content).
    foreign_ns: bool,
    /// `<svg>`, `<math>` or `<template>`: inside, html5ever may read tags in what the scan
    /// takes for raw text.
    risky: bool,
}

/// The modelled stack, with per-name positions and running counts for O(1) lookups.
struct Stack {
    names: Names,
    entries: Vec<Entry>,
    /// For each entry: boundaries and specials at or below it.
    below: Vec<(u32, u32)>,
    /// Positions of the live entries of each name id.
    by_name: Vec<Vec<usize>>,
    /// Positions of the live markers.
    markers: Vec<usize>,
    depth: usize,
    /// Live risky entries.
    risky: usize,
}

impl Stack {
    fn new() -> Self {
        Self {
            names: Names::new(),
            entries: Vec::new(),
            below: Vec::new(),
            by_name: Vec::new(),
            markers: Vec::new(),
            depth: 0,
            risky: 0,
        }
    }

    fn flags(&self, id: u32) -> u32 {
        self.names.flags[id as usize]
    }

    /// Start tags and text are in SVG/MathML content.
    fn foreign(&self) -> bool {
        self.entries.last().is_some_and(|e| e.foreign)
    }

    /// The current element is an SVG/MathML element.
    fn foreign_ns(&self) -> bool {
        self.entries.last().is_some_and(|e| e.foreign_ns)
    }

    fn push(&mut self, e: Entry, boundary: bool) {
        let (bd, sp) = self.below.last().copied().unwrap_or((0, 0));
        self.below
            .push((bd + u32::from(boundary), sp + u32::from(e.special)));
        let id = e.name as usize;
        if self.by_name.len() <= id {
            self.by_name.resize_with(id + 1, Vec::new);
        }
        self.by_name[id].push(self.entries.len());
        if e.marker {
            self.markers.push(self.entries.len());
        }
        self.depth += usize::from(e.weight);
        self.risky += usize::from(e.risky);
        self.entries.push(e);
    }

    /// Topmost live entry named `id`.
    fn top_of(&self, id: u32) -> Option<usize> {
        self.by_name
            .get(id as usize)
            .and_then(|v| v.last().copied())
    }

    /// Position of the innermost marker, if any.
    fn last_marker(&self) -> Option<usize> {
        self.markers.last().copied()
    }

    /// Counts of boundaries and specials strictly above position `p`.
    fn above(&self, p: usize) -> (u32, u32) {
        let top = self.below.last().copied().unwrap_or((0, 0));
        let at = self.below[p];
        (top.0 - at.0, top.1 - at.1)
    }

    /// Live entries named `id` above the innermost marker, counting up to `max`.
    fn open_since_marker(&self, id: u32, max: usize) -> usize {
        let floor = self.last_marker();
        self.by_name.get(id as usize).map_or(0, |v| {
            v.iter()
                .rev()
                .take(max)
                .take_while(|&&p| floor.is_none_or(|m| p > m))
                .count()
        })
    }

    fn unlink(&mut self, p: usize) {
        let e = self.entries[p];
        self.depth -= usize::from(e.weight);
        self.risky -= usize::from(e.risky);
        if let Some(v) = self.by_name.get_mut(e.name as usize) {
            if v.last() == Some(&p) {
                v.pop();
            }
        }
        if e.marker && self.markers.last() == Some(&p) {
            self.markers.pop();
        }
    }

    fn trim_dead(&mut self) {
        while self.entries.last().is_some_and(|e| e.dead) {
            self.entries.pop();
            self.below.pop();
        }
    }

    /// Pops entries down to and including `p`. Formatting elements above it that were passed
    /// to the parser are reopened on top, unless a cell or marker between them and `p` (or `p`
    /// itself) ends them.
    fn pop_to(&mut self, p: usize) {
        let mut reopen: Vec<Entry> = Vec::new();
        for q in (p..self.entries.len()).rev() {
            let e = self.entries[q];
            if e.dead {
                continue;
            }
            self.unlink(q);
            if e.marker {
                reopen.clear();
            } else if e.formatting && !e.dropped && q != p {
                reopen.push(e);
            }
        }
        self.entries.truncate(p);
        self.below.truncate(p);
        self.trim_dead();
        for e in reopen.into_iter().rev() {
            self.push(e, false);
        }
    }

    /// Removes the entry at `p` alone (a formatting element closed by its end tag).
    fn remove(&mut self, p: usize) {
        self.unlink(p);
        self.entries[p].dead = true;
        self.trim_dead();
    }
}

/// Result of a scan: the rewritten text (if anything was dropped or cut), the deepest
/// nesting of the result by the model, and the raw text of the result (script, style, ...
/// contents, as byte ranges) that html5ever certainly reads as text: not inside `<svg>`,
/// `<math>` or `<template>`, not after `<frameset>`.
struct Scan {
    out: Option<String>,
    max_depth: usize,
    raw_text: Vec<(usize, usize)>,
}

fn scan(html: &str, depth_limit: usize, attr_limit: usize) -> Scan {
    let b = html.as_bytes();
    let mut st = Stack::new();
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut max_depth = 0usize;
    let mut frameset = false;
    let mut name_buf: Vec<u8> = Vec::new();
    let mut raw_text: Vec<(usize, usize)> = Vec::new();
    // Bytes removed from the output so far (to place `raw_text` in it).
    let mut removed = 0usize;
    let mut i = 0usize;

    // Replaces `html[from..to]` by `with` in the output.
    let edit =
        |out: &mut Option<String>, copied: &mut usize, from: usize, to: usize, with: &str| {
            let o = out.get_or_insert_with(|| String::with_capacity(html.len()));
            // Tags are ASCII-delimited, so these offsets are char boundaries.
            o.push_str(&html[*copied..from]);
            o.push_str(with);
            *copied = to;
        };

    while let Some(p) = memchr::memchr(b'<', &b[i..]).map(|p| p + i) {
        let foreign = st.foreign();
        let tag = match read_token(b, p, foreign, attr_limit) {
            Token::Other(end) => {
                i = end;
                continue;
            }
            Token::Tag(t) => t,
        };
        i = tag.end;
        if tag.unterminated {
            // html5ever drops a tag cut off by the end of the input.
            continue;
        }
        name_buf.clear();
        name_buf.extend(b[tag.name.0..tag.name.1].iter().map(u8::to_ascii_lowercase));
        let id = st.names.id(&name_buf);
        let flags = st.flags(id);
        // Whether the parser gets this tag.
        let mut keep = true;
        if tag.close {
            let foreign_ns = st.foreign_ns();
            keep = end_tag(&mut st, id, foreign_ns);
        } else {
            let raw = !foreign
                && flags & RAW_TEXT != 0
                && (!frameset || name_buf.as_slice() == b"noframes");
            if raw {
                // The element's text runs to its end tag, which the loop reads next.
                i = if name_buf.as_slice() == b"plaintext" {
                    b.len()
                } else {
                    raw_text_end(b, tag.end, &name_buf).unwrap_or(b.len())
                };
                if !frameset && st.risky == 0 {
                    // Output positions: the start tag may lose attributes below.
                    let cut = tag
                        .cut
                        .map_or(0, |c| tag.end - c - if tag.self_closing { 2 } else { 1 });
                    raw_text.push((tag.end - removed - cut, i - removed - cut));
                }
            } else {
                if name_buf.as_slice() == b"frameset" && !foreign {
                    frameset = true;
                }
                keep = start_tag(&mut st, id, tag.self_closing, foreign, depth_limit);
            }
        }
        max_depth = max_depth.max(st.depth.min(depth_limit));
        if !keep {
            edit(&mut out, &mut copied, p, tag.end, "");
            removed += tag.end - p;
        } else if let Some(cut) = tag.cut {
            let close = if tag.self_closing { "/>" } else { ">" };
            edit(&mut out, &mut copied, cut, tag.end, close);
            removed += tag.end - cut - close.len();
        }
    }
    if let Some(o) = out.as_mut() {
        o.push_str(&html[copied..]);
    }
    Scan {
        out,
        max_depth,
        raw_text,
    }
}

/// Models a start tag; returns whether it is passed to the parser.
fn start_tag(st: &mut Stack, id: u32, self_closing: bool, foreign: bool, limit: usize) -> bool {
    let flags = st.flags(id);
    if foreign {
        if self_closing {
            return true;
        }
    } else {
        if flags & VOID != 0 {
            return true;
        }
        if flags & (CELL | TABLE_PART) != 0 {
            close_cell(st);
        }
        if flags & OPTIONAL_END != 0 {
            return true;
        }
        if flags & CLOSES_SAME != 0 {
            // A new `<a>` first closes the previous one (adoption agency).
            if let Some(p) = st.top_of(id) {
                if st.last_marker().is_none_or(|m| p > m) {
                    st.remove(p);
                }
            }
        }
    }
    let child_foreign = if foreign {
        flags & INTEGRATION == 0
    } else {
        flags & FOREIGN_ROOT != 0
    };
    let html = !foreign;
    let cell = html && flags & CELL != 0;
    if cell && !in_table(st) {
        // A cell outside a table is ignored by the parser.
        return true;
    }
    let formatting = html && flags & FORMATTING != 0;
    let weight = u8::from(!cell);
    let dropped = (weight == 1 && st.depth + 1 > limit)
        || (formatting && st.open_since_marker(id, MAX_SAME_FORMATTING) >= MAX_SAME_FORMATTING);
    st.push(
        Entry {
            name: id,
            weight,
            dropped,
            dead: false,
            formatting,
            marker: html && flags & MARKER != 0,
            // SVG/MathML integration points are special and scope boundaries too.
            special: flags & SPECIAL != 0 && (html || flags & INTEGRATION != 0),
            foreign: child_foreign,
            foreign_ns: foreign || flags & FOREIGN_ROOT != 0,
            risky: flags & FOREIGN_ROOT != 0 || (html && st.names.get(b"template") == Some(id)),
        },
        (html && flags & BOUNDARY != 0) || (!html && flags & INTEGRATION != 0),
    );
    !dropped
}

/// Whether the innermost table-scope boundary is a `<table>` (so a cell would be created).
fn in_table(st: &Stack) -> bool {
    let Some(table) = st.names.get(b"table").and_then(|id| st.top_of(id)) else {
        return false;
    };
    st.above(table).0 == 0
}

/// Closes the innermost table cell when it is the innermost table-scope boundary.
fn close_cell(st: &mut Stack) {
    let mut best: Option<usize> = None;
    for n in [b"td".as_slice(), b"th", b"caption"] {
        if let Some(p) = st.names.get(n).and_then(|id| st.top_of(id)) {
            best = best.max(Some(p));
        }
    }
    if let Some(p) = best {
        // No table, template, ... opened inside the cell.
        if st.above(p).0 == 0 {
            st.pop_to(p);
        }
    }
}

/// Models an end tag; returns whether it is passed to the parser.
fn end_tag(st: &mut Stack, id: u32, foreign: bool) -> bool {
    let flags = st.flags(id);
    if !foreign {
        if flags & (VOID | RAW_TEXT) != 0 {
            return true;
        }
        if flags & TABLE_PART != 0 || st.names.get(b"table") == Some(id) {
            close_cell(st);
        }
        if flags & OPTIONAL_END != 0 {
            return true;
        }
    }
    let Some(p) = st.top_of(id) else {
        return true;
    };
    let (boundaries, specials) = st.above(p);
    let e = st.entries[p];
    if e.formatting && !foreign {
        // The adoption agency removes just this element (unless a cell or marker is in
        // between: then the end tag is ignored).
        if st.last_marker().is_none_or(|m| p > m) {
            st.remove(p);
            return !e.dropped;
        }
        return true;
    }
    let closes = boundaries == 0 && (specials == 0 || flags & SPECIAL != 0 || foreign);
    if closes {
        st.pop_to(p);
        return !e.dropped;
    }
    true
}

/// Deepest nesting of counted elements, by the byte scan's model.
pub fn max_depth(html: &str) -> usize {
    scan(html, usize::MAX, usize::MAX).max_depth
}

/// Returns `html` with tags deeper than `limit` removed (borrowed when nothing is that deep).
pub fn flatten(html: &str, limit: usize) -> Cow<'_, str> {
    match scan(html, limit, usize::MAX).out {
        Some(s) => Cow::Owned(s),
        None => Cow::Borrowed(html),
    }
}

/// Most rounds of [`prescan`]: a round that changes the text only removes bytes (tags past
/// the depth, attributes past the cap), and ordinary pages need none.
pub const MAX_PRESCAN_ROUNDS: usize = 8;

/// [`flatten`] to [`MAX_DEPTH`], tags cut to [`MAX_ATTRS`] attributes, then the same cut
/// wherever else a tag could start ([`crate::attrs`]; the raw text of scripts and styles
/// outside SVG, MathML and templates excepted): what [`crate::extract`] parses.
///
/// Repeated until a round changes nothing (at most [`MAX_PRESCAN_ROUNDS`]): cutting
/// attributes can change how the rest of a crafted page tokenizes (a quote removed with an
/// attribute), and dropping a tag can join text into a new tag, so one round's output could
/// still nest deeper than [`MAX_DEPTH`] (found by fuzzing: 513) or carry a tag with too many
/// attributes. A page still changing after the last round has every `<` escaped as `&lt;`
/// (no tag left: only crafted pages get there).
pub fn prescan(html: &str) -> Cow<'_, str> {
    let mut out = match prescan_round(html) {
        Cow::Borrowed(_) => return Cow::Borrowed(html),
        Cow::Owned(s) => s,
    };
    for _ in 1..MAX_PRESCAN_ROUNDS {
        match prescan_round(&out) {
            Cow::Borrowed(_) => return Cow::Owned(out),
            Cow::Owned(s) => out = s,
        }
    }
    if matches!(prescan_round(&out), Cow::Borrowed(_)) {
        Cow::Owned(out)
    } else {
        Cow::Owned(out.replace('<', "&lt;"))
    }
}

/// One round of [`prescan`].
fn prescan_round(html: &str) -> Cow<'_, str> {
    let sc = scan(html, MAX_DEPTH, MAX_ATTRS);
    match sc.out {
        None => crate::attrs::cap_outside(html, MAX_ATTRS, &sc.raw_text),
        Some(s) => match crate::attrs::cap_outside(&s, MAX_ATTRS, &sc.raw_text) {
            Cow::Borrowed(_) => Cow::Owned(s),
            Cow::Owned(t) => Cow::Owned(t),
        },
    }
}

/// The most attributes a tag of `html` could have in any state html5ever's tokenizer could
/// read it in ([`crate::attrs::max_attributes`], the raw text of scripts and styles outside
/// SVG, MathML and templates excepted).
pub fn max_attributes(html: &str) -> usize {
    let sc = scan(html, usize::MAX, usize::MAX);
    crate::attrs::max_attributes_outside(html, &sc.raw_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing (fuzz/ html target): nested tables spliced into a tag of unterminated
    /// quoted attributes. One round's attribute cut changes how the tables tokenize, so its
    /// output nested one deeper than `MAX_DEPTH` (513); `prescan` repeats until nothing
    /// changes.
    #[test]
    fn prescan_output_is_within_the_bounds() {
        // The fuzzer's input, run-length encoded (64 KiB).
        let a = " a=\"x";
        let html = [
            "<!doctype html><html><body><div".to_string(),
            a.repeat(7818),
            " a".into(),
            "<td><table><tr>".repeat(872),
            "<td><table<r><t>td>".into(),
            "<table><tr><td>".repeat(452),
            "<tab".into(),
            a.repeat(1294),
            " ".into(),
            a.repeat(5),
            " a\"x".into(),
            a.repeat(6),
        ]
        .concat();
        let pre = prescan(&html);
        assert!(
            max_depth(&pre) <= MAX_DEPTH,
            "depth {} after prescan (one round: {})",
            max_depth(&pre),
            max_depth(&prescan_round(&html))
        );
        assert!(max_attributes(&pre) <= MAX_ATTRS);
        assert!(matches!(prescan_round(&pre), Cow::Borrowed(_)));
        assert_eq!(crate::parse_report(&html).scan_depth, max_depth(&pre));
    }

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
    fn stray_end_tags_close_nothing() {
        // The old count went down on every end tag; html5ever ignores `</x>` here.
        let html = "<div></x>".repeat(1000);
        assert_eq!(max_depth(&html), 1000);
        assert_eq!(max_depth(&flatten(&html, 8)), 8);
        // An end tag closes the innermost element of its name and what is open inside it.
        assert_eq!(
            max_depth("<div><section><span><i>x</section></div><div>"),
            4
        );
        // ... but not across a table or cell, nor (for non-special elements) a special one.
        assert_eq!(
            max_depth("<div><table><tr><td><div></div></div></td></tr></table></div>"),
            3
        );
        assert_eq!(max_depth("<span><div></span><div></span><div>"), 4);
    }

    #[test]
    fn formatting_elements_stay_open_until_their_end_tag_or_cell() {
        // `</div>` closes the `<b>`, which html5ever reopens at the next text: still counted.
        let html = "<div><b id=1></div>".repeat(10);
        assert_eq!(max_depth(&html), 11);
        assert_eq!(max_depth(&"<div><b id=1></div></b>".repeat(100)), 2);
        // The end of a table cell clears them.
        let cells = format!("<table><tr>{}</tr></table>", "<td><font>x</td>".repeat(100));
        assert_eq!(max_depth(&cells), 2);
        // A new <a> closes the previous one.
        assert_eq!(max_depth(&"<a href=x>link ".repeat(100)), 1);
    }

    #[test]
    fn same_formatting_elements_are_bounded() {
        let html: String = (0..100).map(|i| format!("<b id={i}>x")).collect();
        assert_eq!(max_depth(&html), 100);
        let flat = flatten(&html, MAX_DEPTH);
        assert_eq!(flat.matches("<b ").count(), MAX_SAME_FORMATTING);
        // Per table cell.
        let cells: String = (0..30).map(|_| "<td><b>x".to_string()).collect();
        let html = format!("<table><tr>{}</table>", cells.repeat(2));
        assert_eq!(flatten(&html, MAX_DEPTH).matches("<b>").count(), 60);
    }

    #[test]
    fn self_closing_syntax_only_counts_in_svg() {
        assert_eq!(max_depth(&"<div/>".repeat(50)), 50);
        assert_eq!(
            max_depth(&format!("<svg>{}</svg>", "<path/>".repeat(50))),
            1
        );
        // Inside SVG, <style> and <title> are elements, not raw text.
        assert_eq!(max_depth("<svg><style><g><g></svg>"), 4);
        assert_eq!(max_depth("<style><g><g></style>"), 0);
    }

    #[test]
    fn cuts_attributes_of_the_tags_it_sees() {
        let many: String = (0..300).map(|i| format!(" a{i}=\"v\"")).collect();
        let html = format!("<div{many}>text</div><img{many}/>");
        let out = scan(&html, MAX_DEPTH, 10).out.expect("cut");
        let expect: String = (0..10).map(|i| format!(" a{i}=\"v\"")).collect();
        assert_eq!(out, format!("<div{expect} >text</div><img{expect} />"));
        assert!(scan("<div a b c>", MAX_DEPTH, 3).out.is_none());
    }

    #[test]
    fn svg_titles_and_integration_points() {
        // `<title>` in SVG is an ordinary element that its end tag closes; scripts after the
        // SVG are raw text again.
        let js = format!("if (a<b {}) f();", "x ".repeat(MAX_ATTRS + 10));
        let html = format!("<svg><title>Icon</title><use/></svg><script>{js}</script>");
        assert_eq!(max_depth(&html), 2);
        assert!(prescan(&html).contains(&js));
        // `</svg>` does not close the SVG from inside an integration point's HTML content.
        let html = "<svg><foreignObject><div></svg></div></foreignObject><style><g><g><g>";
        assert_eq!(max_depth(html), 5);
    }

    #[test]
    fn prescan_leaves_script_text_alone() {
        let js = format!("if (a<b {}) f();", "x ".repeat(MAX_ATTRS + 10));
        let many: String = (0..MAX_ATTRS + 5).map(|i| format!(" a{i}")).collect();
        let html = format!("<div{many}><script {many}>{js}</script><p>x</p>");
        let out = prescan(&html);
        assert!(out.contains(&format!(">{js}</script>")), "{out}");
        assert_eq!(max_attributes(&out), MAX_ATTRS);
        // Inside SVG (or a template) the same text gets cut.
        let html = format!("<svg><script>{js}</script></svg>");
        assert!(!prescan(&html).contains(&js));
        let html = format!("<template><script>{js}</script></template>");
        assert!(!prescan(&html).contains(&js));
    }

    #[test]
    fn tokenizes_like_html5ever() {
        // A `>` inside a quoted value does not end the tag; a quote after an unquoted value's
        // first character does not start one.
        assert_eq!(max_depth("<div title='a>b'><span a=b\"c>x"), 2);
        // `<!-->` is a whole comment; the bogus comment `</ x>` ends at the first `>`.
        assert_eq!(max_depth("<!--><div></ x><div>"), 2);
        assert_eq!(max_depth("<div></ <div>x>"), 1);
        // CDATA sections exist only in SVG/MathML.
        assert_eq!(max_depth("<svg><![CDATA[ <g> ]]><g>"), 2);
        assert_eq!(max_depth("<![CDATA[ <div> ]]><div>"), 1);
        // An unterminated tag is dropped by html5ever, and so counts nothing.
        assert_eq!(max_depth("<div><div title='x"), 1);
    }

    #[test]
    fn skips_raw_text_and_comments() {
        let html = "<script>if (a<b) { x = '<div>'; }</script><!-- <div><div> --><div>ok</div>";
        assert_eq!(max_depth(html), 1);
        // `</scriptx>` does not end a script; `<!-->` and `--!>` end comments.
        let html = "<script></scriptx><div></script><!--><div><!-- --!><div>";
        assert_eq!(max_depth(html), 2);
    }
}
