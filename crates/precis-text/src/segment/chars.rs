//! Byte- and char-level helpers of the scanner: sentence marks of every script, quotes and
//! brackets, whitespace.

/// Byte at `p`, or 0 when out of range.
#[inline]
pub(super) fn at(b: &[u8], p: usize) -> u8 {
    b.get(p).copied().unwrap_or(0)
}

/// Byte before `p` if it is at or after `lo`, else 0.
#[inline]
pub(super) fn before(b: &[u8], lo: usize, p: usize) -> u8 {
    if p > lo {
        at(b, p - 1)
    } else {
        0
    }
}

/// Whitespace for the scanner: Unicode whitespace and the byte-order mark.
#[inline]
pub(super) fn is_space_char(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Byte length of the whitespace char at `p` (0 if none). `p` must be a char boundary.
#[inline]
pub(super) fn ws_len(text: &str, p: usize) -> usize {
    let b = text.as_bytes();
    match at(b, p) {
        0 => 0,
        9..=13 | b' ' => 1,
        c if c < 0x80 => 0,
        _ => match char_at(text, p) {
            Some(ch) if is_space_char(ch) => ch.len_utf8(),
            _ => 0,
        },
    }
}

/// Char at byte `p` (a char boundary), if any.
#[inline]
pub(super) fn char_at(text: &str, p: usize) -> Option<char> {
    let c = at(text.as_bytes(), p);
    if c != 0 && c < 0x80 {
        return Some(c as char);
    }
    text.get(p..).and_then(|s| s.chars().next())
}

/// The char ending at byte `p` (exclusive), not before `lo`.
#[inline]
pub(super) fn char_before(text: &str, lo: usize, p: usize) -> Option<char> {
    if p <= lo {
        return None;
    }
    let b = text.as_bytes();
    let c = b[p - 1];
    if c < 0x80 {
        return Some(c as char);
    }
    let mut s = p - 1;
    while s > lo && p - s < 4 && !text.is_char_boundary(s) {
        s -= 1;
    }
    text.get(s..p).and_then(|t| t.chars().next())
}

/// Is the char ending at `p` (exclusive) whitespace? Used for backward scans.
#[inline]
pub(super) fn ws_before(text: &str, lo: usize, p: usize) -> bool {
    let c = before(text.as_bytes(), lo, p);
    if c < 0x80 {
        return matches!(c, 9..=13 | b' ');
    }
    char_before(text, lo, p).is_some_and(is_space_char)
}

/// Chinese and Japanese script: Han, kana, CJK punctuation and full-width forms.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3000..=0x30FF        // CJK symbols and punctuation, hiragana, katakana
        | 0x31F0..=0x31FF      // katakana extensions
        | 0x3400..=0x4DBF      // Han extension A
        | 0x4E00..=0x9FFF      // Han
        | 0xF900..=0xFAFF      // Han compatibility
        | 0xFF01..=0xFF9F      // full-width forms, half-width katakana
        | 0x20000..=0x3134F) // Han extensions B-G
}

/// A sentence mark's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Mark {
    /// `.`: depends on the word before it.
    Dot,
    /// `…`.
    Ellipsis,
    /// `?` `!` `‼` `⁇` `⁈` `⁉`: a boundary before anything that can start a sentence.
    Strong,
    /// Marks that end a sentence wherever they stand, space or not: `。` `！` `？` `．` `｡`
    /// (Chinese, Japanese), `।` `॥` (Devanagari, Bengali), `؟` `۔` (Arabic, Urdu), `։`
    /// (Armenian), `።` `፧` (Ethiopic), `။` (Burmese).
    Full,
}

/// Lead bytes of every mark (and the ASCII capitals, for the caption rules): the scanner looks
/// closer only at these.
pub(crate) const fn candidates(capitals: bool) -> [bool; 256] {
    let mut t = [false; 256];
    t[b'.' as usize] = true;
    t[b'?' as usize] = true;
    t[b'!' as usize] = true;
    t[0xD6] = true; // ։
    t[0xD8] = true; // ؟
    t[0xDB] = true; // ۔
    t[0xE0] = true; // । ॥
    t[0xE1] = true; // ። ။
    t[0xE2] = true; // … ‼ ⁇ ⁈ ⁉
    t[0xE3] = true; // 。
    t[0xEF] = true; // ！ ？ ． ｡
    let mut c = b'A';
    while c <= b'Z' {
        t[c as usize] = capitals;
        c += 1;
    }
    t
}

/// The sentence mark starting at byte `i`, with its length.
#[inline]
pub(super) fn mark_at(b: &[u8], i: usize) -> Option<(Mark, usize)> {
    let full = |n| Some((Mark::Full, n));
    match (at(b, i), at(b, i + 1), at(b, i + 2)) {
        (b'.', _, _) => Some((Mark::Dot, 1)),
        (b'?' | b'!', _, _) => Some((Mark::Strong, 1)),
        (0xE2, 0x80, 0xA6) => Some((Mark::Ellipsis, 3)),
        (0xE2, 0x80, 0xBC) | (0xE2, 0x81, 0x87..=0x89) => Some((Mark::Strong, 3)),
        (0xE3, 0x80, 0x82) => full(3), // 。
        (0xEF, 0xBC, 0x81 | 0x8E | 0x9F) | (0xEF, 0xBD, 0xA1) => full(3), // ！ ． ？ ｡
        (0xE0, 0xA5, 0xA4 | 0xA5) => full(3), // । ॥
        (0xD8, 0x9F, _) | (0xDB, 0x94, _) | (0xD6, 0x89, _) => full(2), // ؟ ۔ ։
        (0xE1, 0x8D, 0xA2 | 0xA7) | (0xE1, 0x81, 0x8B) => full(3), // ። ፧ ။
        _ => None,
    }
}

/// Length of a closing quote or bracket at `p` glued to a sentence mark (0 if none):
/// `" ' ) ] }`, `’ ” “ » « ›` (German „…“ and »…« close with `“` and `«`), and the CJK
/// closers `」 』 ） 】 》 〉 〕 ］ ｝ ＂ ＇ 〞 〟`.
#[inline]
pub(super) fn closer_len(b: &[u8], p: usize) -> usize {
    match (at(b, p), at(b, p + 1), at(b, p + 2)) {
        (b'"' | b'\'' | b')' | b']' | b'}', _, _) => 1,
        (0xC2, 0xBB | 0xAB, _) => 2,                  // » «
        (0xE2, 0x80, 0x99 | 0x9D | 0x9C | 0xBA) => 3, // ’ ” “ ›
        (0xE3, 0x80, 0x89 | 0x8B | 0x8D | 0x8F | 0x91 | 0x95 | 0x9E | 0x9F) => 3,
        (0xEF, 0xBC, 0x82 | 0x87 | 0x89 | 0xBD) | (0xEF, 0xBD, 0x9D) => 3,
        _ => 0,
    }
}

/// Whether the closer at `p` is a CJK closing quote (`」` `』`).
#[inline]
pub(super) fn is_cjk_quote_closer(b: &[u8], p: usize) -> bool {
    matches!(
        (at(b, p), at(b, p + 1), at(b, p + 2)),
        (0xE3, 0x80, 0x8D | 0x8F)
    )
}

/// Length of an opening quote or bracket at `p` (0 if none): `" ' ‘ “ „ ‚ ,, ( [ { « » ‹ ¿ ¡`,
/// the CJK openers `「 『 （ 【 《 〈 〔 ［ ｛`, and the Penn Treebank tokens `` `` `` / `` ` ``
/// and `-lrb-` / `-lsb-` / `-lcb-`.
#[inline]
pub(super) fn opener_len(b: &[u8], p: usize) -> usize {
    match (at(b, p), at(b, p + 1), at(b, p + 2)) {
        (b'"' | b'\'' | b'(' | b'[' | b'{' | b'`', _, _) => 1,
        (b',', b',', _) => 2, // Dutch ,,opening quote
        (b'-', _, _) => ptb_bracket(b, p, b'l'),
        (0xC2, 0xAB | 0xBB | 0xBF | 0xA1, _) => 2, // « » ¿ ¡
        (0xE2, 0x80, 0x98 | 0x9C | 0x9E | 0x9A | 0xB9) => 3, // ‘ “ „ ‚ ‹
        (0xE3, 0x80, 0x88 | 0x8A | 0x8C | 0x8E | 0x90 | 0x94) => 3,
        (0xEF, 0xBC, 0x88 | 0xBB) | (0xEF, 0xBD, 0x9B) => 3,
        _ => 0,
    }
}

/// A Penn Treebank bracket token at `p` (`-lrb-`, `-rsb-`, ... any case; `side` is `b'l'`
/// or `b'r'`) followed by whitespace or the end: its length, else 0.
#[inline]
pub(super) fn ptb_bracket(b: &[u8], p: usize, side: u8) -> usize {
    let t = b.get(p..p + 5).unwrap_or(&[]);
    let ok = t.len() == 5
        && t[0] == b'-'
        && t[1].to_ascii_lowercase() == side
        && matches!(
            (t[2].to_ascii_lowercase(), t[3].to_ascii_lowercase()),
            (b'r', b'b') | (b's', b'b') | (b'c', b'b')
        )
        && t[4] == b'-'
        && !at(b, p + 5).is_ascii_alphanumeric();
    if ok {
        5
    } else {
        0
    }
}

/// Skips at most `max` opening quotes/brackets starting at `p`, not starting one at or past
/// `limit`. Returns the position after them.
#[inline]
pub(super) fn skip_openers(b: &[u8], mut p: usize, limit: usize, max: usize) -> usize {
    let mut k = 0;
    while p < limit && k < max {
        let n = opener_len(b, p);
        if n == 0 {
            break;
        }
        p += n;
        // "-lrb- cnn", ",, Het is": the token is followed by a space.
        if n == 5 || (n == 2 && at(b, p - 1) == b',') {
            while at(b, p) == b' ' {
                p += 1;
            }
        }
        k += 1;
    }
    p
}

/// Length of an emoji or pictograph at `p` (0 if none): U+1F000–1FAFF (emoji, flags, skin
/// tones), U+2600–27BF (symbols, dingbats), U+2B00–2BFF (stars, arrows), U+2800 (a blank used
/// as a spacer), U+FE0F (variation selector) and U+200D (zero-width joiner).
#[inline]
pub(super) fn emoji_len(b: &[u8], p: usize) -> usize {
    match (at(b, p), at(b, p + 1), at(b, p + 2)) {
        (0xF0, 0x9F, 0x80..=0xAB) => 4,
        (0xE2, 0x98..=0x9E | 0xAC | 0xAD, _) | (0xE2, 0xA0, 0x80) | (0xE2, 0x80, 0x8D) => 3,
        (0xEF, 0xB8, 0x8F) => 3,
        _ => 0,
    }
}

/// Does an apostrophe (`'` or `’`) end at byte `p` (exclusive)?
#[inline]
pub(super) fn apostrophe_ends_at(b: &[u8], lo: usize, p: usize) -> bool {
    before(b, lo, p) == b'\'' || (p >= lo + 3 && b.get(p - 3..p) == Some("\u{2019}".as_bytes()))
}

/// Start of the left word ending at `p`: the byte after the last whitespace before `p`, looking
/// back at most `MAX_WORD` bytes. `None` when the word is longer than that.
pub(super) fn word_start(text: &str, lo: usize, p: usize) -> Option<usize> {
    const MAX_WORD: usize = 64;
    let b = text.as_bytes();
    let mut s = p;
    while s > lo {
        let c = b[s - 1];
        if c < 0x80 {
            if matches!(c, 9..=13 | b' ') {
                return Some(s);
            }
        } else if ws_before(text, lo, s) {
            return Some(s);
        }
        if p - s >= MAX_WORD {
            return None;
        }
        s -= 1;
    }
    Some(lo)
}

/// End of the run of letters (any script) starting at `p`, not past `end`.
#[inline]
pub(super) fn letters_end(text: &str, p: usize, end: usize) -> usize {
    let b = text.as_bytes();
    let mut e = p;
    while e < end {
        let c = b[e];
        if c < 0x80 {
            if !c.is_ascii_alphabetic() {
                break;
            }
            e += 1;
        } else {
            match char_at(text, e) {
                Some(ch) if ch.is_alphabetic() => e += ch.len_utf8(),
                _ => break,
            }
        }
    }
    e.min(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_of_every_script() {
        for (s, kind) in [
            (".", Mark::Dot),
            ("?", Mark::Strong),
            ("!", Mark::Strong),
            ("…", Mark::Ellipsis),
            ("‼", Mark::Strong),
            ("。", Mark::Full),
            ("！", Mark::Full),
            ("？", Mark::Full),
            ("।", Mark::Full),
            ("॥", Mark::Full),
            ("؟", Mark::Full),
            ("۔", Mark::Full),
            ("։", Mark::Full),
            ("።", Mark::Full),
            ("။", Mark::Full),
        ] {
            let b = s.as_bytes();
            assert_eq!(mark_at(b, 0), Some((kind, b.len())), "{s}");
            assert!(candidates(false)[b[0] as usize], "{s}");
        }
        for s in ["、", "，", "a", "—", "«", "ا"] {
            assert_eq!(mark_at(s.as_bytes(), 0), None, "{s}");
        }
    }

    #[test]
    fn quotes_and_brackets() {
        for s in [
            "\"", "'", ")", "’", "”", "“", "»", "«", "›", "」", "』", "）", "》",
        ] {
            assert_eq!(closer_len(s.as_bytes(), 0), s.len(), "{s}");
        }
        for s in [
            "\"", "(", "‘", "“", "„", "«", "»", "¿", "¡", "「", "『", "（", "《", "`",
        ] {
            assert_eq!(opener_len(s.as_bytes(), 0), s.len(), "{s}");
        }
        assert_eq!(opener_len(b"-lrb- x", 0), 5);
        assert_eq!(opener_len(b"-LRB- x", 0), 5);
        assert_eq!(opener_len(b"-lrbx", 0), 0);
        assert_eq!(ptb_bracket(b"-rrb- x", 0, b'r'), 5);
        assert_eq!(skip_openers(b"-lrb- cnn", 0, 9, 4), 6);
    }

    #[test]
    fn cjk_ranges() {
        assert!(is_cjk('中') && is_cjk('の') && is_cjk('カ') && is_cjk('。'));
        assert!(!is_cjk('a') && !is_cjk('한') && !is_cjk('ä'));
    }
}
