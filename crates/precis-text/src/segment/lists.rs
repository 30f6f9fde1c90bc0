//! Numbered and bulleted lists: a line that starts with a list marker (`1.`, `1)`, `1.)`, `a.`,
//! `•`, `⁃`) is cut before each following marker of the same sequence.

use super::chars::{at, char_at, ws_len};

/// A list marker kind found at the start of a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Marker {
    /// `1.` / `1)` / `1.)`: the number and the suffix (`.`, `)` or `.)`).
    Num(u32, &'static str),
    /// `a.` / `a)`.
    Letter(u8, &'static str),
    /// `•` / `⁃`.
    Bullet(char),
}

fn marker_suffix(b: &[u8], p: usize) -> Option<(&'static str, usize)> {
    match (at(b, p), at(b, p + 1)) {
        (b'.', b')') => Some((".)", p + 2)),
        (b'.', _) => Some((".", p + 1)),
        (b')', _) => Some((")", p + 1)),
        _ => None,
    }
}

/// A marker suffix at `p` followed by whitespace inside the segment.
fn suffix_then_ws(text: &str, p: usize, end: usize) -> Option<&'static str> {
    let (suffix, after) = marker_suffix(text.as_bytes(), p)?;
    (after < end && ws_len(text, after) > 0).then_some(suffix)
}

/// `1.` / `12)` / `3.)` + whitespace at `p` (at most 3 digits): the number and the suffix.
fn num_marker_at(text: &str, p: usize, end: usize) -> Option<(u32, &'static str)> {
    let b = text.as_bytes();
    let mut q = p;
    let mut n: u32 = 0;
    while q < end && b[q].is_ascii_digit() && q < p + 3 {
        n = n * 10 + u32::from(b[q] - b'0');
        q += 1;
    }
    suffix_then_ws(text, q, end).map(|suffix| (n, suffix))
}

/// The list marker that starts the line `[start, end)`, if any.
pub(super) fn list_marker(text: &str, start: usize, end: usize) -> Option<Marker> {
    let b = text.as_bytes();
    let mut p = start;
    while p < end && matches!(b[p], b' ' | b'\t') {
        p += 1;
    }
    let c = at(b, p);
    if p >= end {
        return None;
    }
    if c.is_ascii_digit() {
        return num_marker_at(text, p, end).map(|(n, suffix)| Marker::Num(n, suffix));
    }
    if c == b'a' {
        return suffix_then_ws(text, p + 1, end).map(|suffix| Marker::Letter(b'a', suffix));
    }
    match char_at(text, p) {
        Some(ch @ ('•' | '⁃')) => Some(Marker::Bullet(ch)),
        _ => None,
    }
}

/// Finds the next marker of the sequence after `m` in `[from, end)`: the same kind, the next
/// number or letter (bullets: any bullet of the same kind), preceded by whitespace. Returns its
/// start and the marker.
pub(super) fn find_next_marker(
    text: &str,
    from: usize,
    m: Marker,
    end: usize,
) -> Option<(usize, Marker)> {
    let b = text.as_bytes();
    let mut p = from + 1;
    while p < end {
        let c = b[p];
        let at_word_start = matches!(b[p - 1], b' ' | b'\t');
        if at_word_start {
            match m {
                Marker::Num(n, suffix)
                    if c.is_ascii_digit()
                        && num_marker_at(text, p, end) == Some((n + 1, suffix)) =>
                {
                    return Some((p, Marker::Num(n + 1, suffix)));
                }
                Marker::Letter(l, suffix)
                    if c == l + 1
                        && l < b'z'
                        && suffix_then_ws(text, p + 1, end) == Some(suffix) =>
                {
                    return Some((p, Marker::Letter(c, suffix)));
                }
                Marker::Bullet(ch) if c >= 0x80 && char_at(text, p) == Some(ch) => {
                    return Some((p, m));
                }
                _ => {}
            }
        }
        p += 1;
    }
    None
}
