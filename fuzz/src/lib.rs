//! Helpers shared by the fuzz targets: how an input's leading bytes pick options, and the
//! invariants several targets check. A violated invariant panics, which libFuzzer reports as a
//! crash (libfuzzer-sys turns every panic, in any thread, into an abort).

use std::ops::Range;
use std::sync::OnceLock;
use std::time::Instant;

use precis_text::lang::Lang;
use precis_text::segment::Case;

/// The language at `b` modulo the number of languages precis names (`und` at 0, `en` at 1).
pub fn lang(b: u8) -> Lang {
    let k = usize::from(b) % Lang::COUNT;
    Lang::all().nth(k).unwrap_or(Lang::EN)
}

/// A case mode from the low two bits of `b`.
pub fn case(b: u8) -> Case {
    match b & 3 {
        0 => Case::Auto,
        1 => Case::Mixed,
        2 => Case::Lower,
        _ => Case::Upper,
    }
}

/// Splits `data` into its first `n` bytes (options; missing bytes read as 0) and the rest.
pub fn flags<const N: usize>(data: &[u8]) -> ([u8; N], &[u8]) {
    let mut f = [0u8; N];
    let n = data.len().min(N);
    f[..n].copy_from_slice(&data[..n]);
    (f, &data[n..])
}

/// The pieces of `data` between NUL bytes (`a\0b\0c` → `a`, `b`, `c`).
pub fn pieces(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == 0).collect()
}

/// Whitespace as the segmenter trims it: Unicode whitespace and the byte-order mark.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// The segmenter's guarantees (`precis_text::segment`): spans non-empty, in bounds, on char
/// boundaries, ascending and non-overlapping, trimmed, newline-free, and lossless (every
/// non-whitespace char lies in a span).
pub fn check_sentence_spans(text: &str, spans: &[Range<usize>]) {
    let mut prev_end = 0;
    for r in spans {
        assert!(r.start < r.end, "empty span {r:?}");
        assert!(
            r.end <= text.len(),
            "span {r:?} out of bounds ({} bytes)",
            text.len()
        );
        assert!(
            r.start >= prev_end,
            "span {r:?} overlaps or is out of order"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "span {r:?} not on char boundaries"
        );
        let s = &text[r.clone()];
        assert_eq!(s, s.trim_matches(is_space), "span {r:?} not trimmed");
        assert!(!s.contains('\n'), "span {r:?} contains a newline");
        prev_end = r.end;
    }
    let mut k = 0;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            continue;
        }
        while k < spans.len() && spans[k].end <= i {
            k += 1;
        }
        assert!(
            k < spans.len() && spans[k].start <= i,
            "char {c:?} at byte {i} is in no sentence"
        );
    }
}

/// Word spans: non-empty, in bounds, on char boundaries, ascending, non-overlapping.
pub fn check_word_spans(text: &str, spans: impl Iterator<Item = Range<usize>>) -> usize {
    let mut prev_end = 0;
    let mut n = 0;
    for r in spans {
        assert!(r.start < r.end, "empty word span {r:?}");
        assert!(r.end <= text.len(), "word span {r:?} out of bounds");
        assert!(
            r.start >= prev_end,
            "word span {r:?} overlaps or is out of order"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "word span {r:?} not on char boundaries"
        );
        prev_end = r.end;
        n += 1;
    }
    n
}

/// A cleaned text's shape: lines non-empty, trimmed, joined by `"\n"`.
pub fn check_lines(what: &str, text: &str) {
    if text.is_empty() {
        return;
    }
    for l in text.split('\n') {
        assert!(!l.is_empty(), "{what}: empty line in {text:?}");
        assert_eq!(l.trim(), l, "{what}: line not trimmed");
    }
}

/// Characters that are not whitespace (nor BOM / zero-width space), as the cleaner's
/// "nothing disappears silently" accounting counts them.
pub fn non_ws(s: &str) -> usize {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}' && *c != '\u{200b}')
        .count()
}

/// A ROUGE score's range: P, R, F finite and in [0, 1], F = 0 when P + R = 0.
pub fn check_score(what: &str, p: f64, r: f64, f: f64) {
    for (name, x) in [("precision", p), ("recall", r), ("fmeasure", f)] {
        assert!(
            x.is_finite() && (0.0..=1.0).contains(&x),
            "{what}: {name} = {x} (p {p}, r {r}, f {f})"
        );
    }
    if p + r == 0.0 {
        assert_eq!(f, 0.0, "{what}: F must be 0 when P + R = 0");
    }
}

/// `PRECIS_FUZZ_DEBUG` is set: targets print what they did (to look at a seed or a crash).
pub fn debug() -> bool {
    static DEBUG: OnceLock<bool> = OnceLock::new();
    *DEBUG.get_or_init(|| std::env::var_os("PRECIS_FUZZ_DEBUG").is_some())
}

/// Prints the time of each stage of a run under `PRECIS_FUZZ_DEBUG` (does nothing otherwise).
pub struct Stages(Option<Instant>);

impl Stages {
    pub fn start() -> Self {
        Stages(debug().then(Instant::now))
    }

    /// Prints the time since the previous stage ended.
    pub fn done(&mut self, stage: &str) {
        if let Some(t) = self.0 {
            eprintln!("{stage}: {:.3} s", t.elapsed().as_secs_f64());
            self.0 = Some(Instant::now());
        }
    }
}

impl Default for Stages {
    fn default() -> Self {
        Stages::start()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_pad_short_inputs() {
        assert_eq!(flags::<3>(b"a"), ([b'a', 0, 0], &b""[..]));
        assert_eq!(flags::<1>(b"ab"), ([b'a'], &b"b"[..]));
        assert_eq!(pieces(b"a\0b"), vec![&b"a"[..], &b"b"[..]]);
        assert_eq!(lang(1), Lang::EN);
    }
}
