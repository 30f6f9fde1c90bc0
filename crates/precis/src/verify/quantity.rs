//! Numbers and quantities in text, normalised to a value and a precision, so that "3.5
//! million", "3,500,000" and "$3.5m" are the same quantity, "two" is 2, and "2.5bn" is
//! 2,500,000,000.
//!
//! A quantity is digits (with the language's decimal mark and thousands groups: "3,500,000",
//! "3.500.000" in German), or number words ("twenty-five", "two hundred"), then optionally a
//! glued suffix ("10m", "21st", "1990s"), scale words ("million", "bn") and a percent phrase
//! ("%", "per cent"), with a currency sign before it ("$", "£", "€"). Its **precision** is the
//! place value of its last stated digit times its scale: "3.5 million" is 3,500,000 ± 50,000,
//! so a source that says 3,512,000 supports it, while "20" is exactly 20. Four digits from 1000
//! to 2100 without separators or scale are a year (a date).

use std::ops::Range;

use super::lexicon::Lexicon;
use super::text::{Tok, DIGIT};

/// One quantity found in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// Byte span in the text (currency sign, digits or words, suffix, scale, percent).
    pub(crate) span: Range<usize>,
    /// The tokens it covers (indices into the token slice given to [`scan`]).
    pub(crate) toks: Range<usize>,
    pub(crate) value: f64,
    /// Half-width of the interval the written number stands for is `precision / 2`.
    pub(crate) precision: f64,
    /// A year ("2012", "1990s").
    pub(crate) year: bool,
}

impl Quantity {
    /// Whether a quantity of `value` (from the source) is what this one says, at this one's
    /// precision.
    pub(crate) fn matches(&self, value: f64) -> bool {
        let tol = self.precision / 2.0 + 1e-9 * self.value.abs().max(1.0);
        (value - self.value).abs() <= tol
    }

    /// The value as a plain decimal string ("3500000", "2.5", "0.05").
    pub(crate) fn value_string(&self) -> String {
        format_value(self.value)
    }
}

/// A value without exponent or trailing zeros.
pub(crate) fn format_value(v: f64) -> String {
    if !v.is_finite() {
        return "0".to_string();
    }
    if v.fract() == 0.0 && v.abs() < 1e21 {
        return format!("{v:.0}");
    }
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Currency signs (`#` is the pound sign of Penn Treebank and XSum text).
const CURRENCY: [char; 8] = ['$', '£', '€', '¥', '₹', '₽', '₩', '#'];

/// The digits of a number starting at byte `at`: (value, digits after the decimal mark,
/// whether it had group separators, end byte). `None` when no digit is there.
pub(crate) fn parse_digits(text: &str, at: usize, decimal: u8) -> Option<(f64, u32, bool, usize)> {
    let b = text.as_bytes();
    let group = if decimal == b'.' { b',' } else { b'.' };
    let digits_from = |i: usize| {
        b[i.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let first = digits_from(at);
    if first == 0 {
        return None;
    }
    let mut int: Vec<u8> = b[at..at + first].to_vec();
    let mut i = at + first;
    let mut grouped = false;
    if first <= 3 {
        loop {
            // A group separator: the other mark, or a no-break / thin space, then exactly 3 digits.
            let sep = if b.get(i) == Some(&group) {
                // "100, 000": a detokenization artefact of research outputs.
                if group == b','
                    && b.get(i + 1) == Some(&b' ')
                    && digits_from(i + 1) == 0
                    && digits_from(i + 2) == 3
                {
                    2
                } else {
                    1
                }
            } else if text
                .get(i..)
                .is_some_and(|r| r.starts_with(['\u{a0}', '\u{202f}', '\u{2009}']))
            {
                text[i..].chars().next().map_or(1, char::len_utf8)
            } else {
                0
            };
            if sep == 0 || digits_from(i + sep) != 3 {
                break;
            }
            int.extend_from_slice(&b[i + sep..i + sep + 3]);
            i += sep + 3;
            grouped = true;
        }
    }
    let mut frac: Vec<u8> = Vec::new();
    if b.get(i) == Some(&decimal) {
        let n = digits_from(i + 1);
        if n > 0 {
            frac.extend_from_slice(&b[i + 1..i + 1 + n]);
            i += 1 + n;
        }
    }
    let mut s = String::with_capacity(int.len() + frac.len() + 1);
    s.extend(int.iter().map(|&c| c as char));
    if !frac.is_empty() {
        s.push('.');
        s.extend(frac.iter().map(|&c| c as char));
    }
    let value: f64 = s.parse().ok()?;
    Some((value, frac.len() as u32, grouped, i))
}

/// The lower-cased text of a token.
fn lower(text: &str, t: &Tok) -> String {
    text.get(t.start..t.end).unwrap_or("").to_lowercase()
}

/// Whether the bytes between two tokens are exactly `sep` (e.g. " " or "-").
fn between(text: &str, a: &Tok, b: &Tok, allowed: &[&str]) -> bool {
    text.get(a.end..b.start)
        .is_some_and(|s| allowed.contains(&s))
}

/// The quantities of the tokens `toks` of `text`, in order, not overlapping.
pub(crate) fn scan(text: &str, toks: &[Tok], lex: &Lexicon, out: &mut Vec<Quantity>) {
    let mut i = 0;
    while i < toks.len() {
        match quantity_at(text, toks, i, lex) {
            Some(q) => {
                i = q.toks.end.max(i + 1);
                out.push(q);
            }
            None => i += 1,
        }
    }
}

/// The quantity starting at token `i`, if one does.
fn quantity_at(text: &str, toks: &[Tok], i: usize, lex: &Lexicon) -> Option<Quantity> {
    let t = toks.get(i)?;
    // Currency sign right before (a space allowed: PTB "$ 10").
    let before = text.get(..t.start).unwrap_or("");
    let trimmed = before.strip_suffix(' ').unwrap_or(before);
    let currency = trimmed.ends_with(CURRENCY);
    let start = if currency {
        trimmed
            .char_indices()
            .next_back()
            .map_or(t.start, |(k, _)| k)
    } else {
        t.start
    };
    let (mut value, mut precision, mut end, mut next, mut year, mut scaled);
    if t.is(DIGIT) {
        let (v, frac, grouped, digits_end) = parse_digits(text, t.start, lex.decimal)?;
        value = v;
        precision = 10f64.powi(-(frac.min(12) as i32));
        // The tokens the digits cover; the last may go on with glued letters ("5bn", "21st").
        let mut k = i;
        while k + 1 < toks.len() && toks[k + 1].start < digits_end {
            k += 1;
        }
        let last = toks[k];
        end = digits_end.max(last.end);
        next = k + 1;
        scaled = false;
        let plain = !grouped && frac == 0;
        let ndigits = digits_end - t.start;
        year = plain && ndigits == 4 && (1000.0..=2100.0).contains(&value);
        // "# 48.6 m": a currency amount with its suffix apart.
        if currency && last.end == digits_end {
            if let Some(n) = toks.get(next).filter(|n| between(text, &last, n, &[" "])) {
                let letters = lower(text, n);
                if let Some((scale, _)) = lex.suffix(&letters) {
                    value *= scale;
                    precision *= scale;
                    scaled = true;
                    year = false;
                    end = n.end;
                    next += 1;
                }
            }
        }
        if last.end > digits_end {
            let letters = text.get(digits_end..last.end).unwrap_or("").to_lowercase();
            if let Some((scale, needs_currency)) = lex.suffix(&letters) {
                if needs_currency && !currency {
                    // "100m" alone: metres, not millions. Keep the number.
                    year = false;
                } else {
                    value *= scale;
                    precision *= scale;
                    scaled = true;
                    year = false;
                }
            } else if letters == "s" {
                // "1990s": a decade.
            } else if matches!(
                letters.as_str(),
                "st" | "nd" | "rd" | "th" | "am" | "pm" | "h"
            ) {
                year = false;
            } else {
                // "4x4", "3d", "mp3": not a quantity.
                return None;
            }
        }
    } else {
        let w = lower(text, t);
        let base = lex.numbers.get(&w).copied();
        let only_scaled = lex.scale_numbers.get(&w).copied();
        value = base.or(only_scaled)?;
        precision = 1.0;
        end = t.end;
        next = i + 1;
        year = false;
        scaled = false;
        // "twenty-five", "twenty five".
        if let (Some(n), true) = (toks.get(next), (20.0..100.0).contains(&value)) {
            let unit = lex
                .numbers
                .get(&lower(text, n))
                .or_else(|| lex.scale_numbers.get(&lower(text, n)))
                .copied()
                .filter(|u| (1.0..10.0).contains(u) && u.fract() == 0.0);
            if let (Some(u), true) = (unit, between(text, t, n, &["-", " "])) {
                value += u;
                end = n.end;
                next += 1;
            }
        }
        if base.is_none() {
            // "one" counts only before a scale word.
            let n = toks.get(next)?;
            if !lex.scales.contains_key(&lower(text, n)) {
                return None;
            }
        }
    }
    // Scale words: "3.5 million", "two hundred thousand".
    while let Some(n) = toks.get(next) {
        if !between(text, &toks[next - 1], n, &[" ", "-"]) {
            break;
        }
        let Some(&scale) = lex.scales.get(&lower(text, n)) else {
            break;
        };
        if scaled && scale <= 100.0 {
            break;
        }
        value *= scale;
        precision *= scale;
        end = n.end;
        next += 1;
        scaled = true;
        year = false;
    }
    // Percent: "%" (PTB: " %"), or a percent phrase.
    let rest = text.get(end..).unwrap_or("");
    if let Some(r) = rest.strip_prefix('%').or_else(|| rest.strip_prefix(" %")) {
        end = text.len() - r.len();
        year = false;
    } else {
        for phrase in &lex.percent {
            let mut k = next;
            let ok = phrase.iter().all(|p| {
                let hit = toks.get(k).is_some_and(|n| {
                    text.get(n.start..n.end)
                        .is_some_and(|s| s.eq_ignore_ascii_case(p) || s.to_lowercase() == *p)
                        && between(text, &toks[k - 1], n, &[" "])
                });
                k += 1;
                hit
            });
            if ok && !phrase.is_empty() {
                end = toks[k - 1].end;
                next = k;
                year = false;
                break;
            }
        }
    }
    if !value.is_finite() {
        return None;
    }
    Some(Quantity {
        span: start..end,
        toks: i..next,
        value,
        precision,
        year,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::with_interner;
    use crate::verify::text::{tokenize_into, Tokens};
    use precis_text::lang::Lang;
    use proptest::prelude::*;

    fn quantities(text: &str, lang: &str) -> Vec<(String, f64, f64, bool)> {
        let lang = Lang::from_code(lang).unwrap_or(Lang::EN);
        with_interner(lang, |i| {
            let mut t = Tokens::default();
            tokenize_into(text, std::slice::from_ref(&(0..text.len())), i, &mut t);
            let mut out = Vec::new();
            scan(text, &t.toks, Lexicon::for_lang(lang), &mut out);
            out.into_iter()
                .map(|q| {
                    (
                        text[q.span.clone()].to_string(),
                        q.value,
                        q.precision,
                        q.year,
                    )
                })
                .collect()
        })
    }

    #[test]
    fn the_same_amount_written_three_ways() {
        let a = quantities("It cost 3.5 million dollars.", "en");
        let b = quantities("It cost 3,500,000 dollars.", "en");
        let c = quantities("It cost $3.5m.", "en");
        assert_eq!(a, vec![("3.5 million".into(), 3.5e6, 1e5, false)]);
        assert_eq!(b, vec![("3,500,000".into(), 3.5e6, 1.0, false)]);
        assert_eq!(c, vec![("$3.5m".into(), 3.5e6, 1e5, false)]);
        assert_eq!(quantities("£2bn and $ 10m", "en")[1].1, 1e7);
    }

    #[test]
    fn number_words() {
        assert_eq!(quantities("two men", "en")[0].1, 2.0);
        assert_eq!(quantities("twenty-five years", "en")[0].1, 25.0);
        assert_eq!(quantities("two hundred thousand", "en")[0].1, 200_000.0);
        assert_eq!(quantities("one million", "en")[0].1, 1e6);
        assert!(quantities("one of the men", "en").is_empty());
        assert_eq!(quantities("zwei Millionen Euro", "de")[0].1, 2e6);
    }

    #[test]
    fn years_percent_suffixes() {
        assert_eq!(
            quantities("in 2012", "en"),
            vec![("2012".into(), 2012.0, 1.0, true)]
        );
        assert!(quantities("in the 1990s", "en")[0].3);
        assert_eq!(quantities("up 5 per cent", "en")[0].0, "5 per cent");
        assert_eq!(quantities("up 5%", "en")[0].0, "5%");
        assert_eq!(quantities("the 23-year-old", "en")[0].1, 23.0);
        assert_eq!(quantities("the 21st century", "en")[0].1, 21.0);
        assert_eq!(quantities("the 100m race", "en")[0].1, 100.0);
        assert!(quantities("a 4x4 car", "en").is_empty());
        assert_eq!(quantities("3,5 Millionen", "de")[0].1, 3.5e6);
        assert_eq!(quantities("3.500.000 Menschen", "de")[0].1, 3.5e6);
        assert_eq!(quantities("1,2,3", "en")[0].1, 1.0);
        assert_eq!(quantities("more than £100, 000 on", "en")[0].1, 100_000.0);
        assert_eq!(quantities("for # 48.6 m (# 200m)", "en")[0].1, 48.6e6);
        assert_eq!(quantities("for # 48.6 m (# 200m)", "en")[1].1, 200e6);
        assert_eq!(quantities("in 2014, 500 people", "en")[0].1, 2014.0);
    }

    #[test]
    fn precision_decides_support() {
        let q = Quantity {
            span: 0..0,
            toks: 0..0,
            value: 3.5e6,
            precision: 1e5,
            year: false,
        };
        assert!(q.matches(3_512_000.0) && !q.matches(3_600_000.0));
        assert_eq!(q.value_string(), "3500000");
        assert_eq!(format_value(2.5), "2.5");
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_slice(text in "\\PC{0,40}", lang in prop::sample::select(vec!["en", "de", "fr", "es", "ja"])) {
            let l = Lang::from_code(lang).unwrap_or(Lang::EN);
            with_interner(l, |i| {
                let mut t = Tokens::default();
                tokenize_into(&text, std::slice::from_ref(&(0..text.len())), i, &mut t);
                let mut out = Vec::new();
                scan(&text, &t.toks, Lexicon::for_lang(l), &mut out);
                let mut last = 0;
                for q in &out {
                    prop_assert!(text.get(q.span.clone()).is_some());
                    prop_assert!(q.span.start >= last);
                    prop_assert!(q.value.is_finite() && q.precision > 0.0);
                    last = q.span.end;
                }
                Ok(())
            })?;
        }

        #[test]
        fn digits_round_trip(n in 0u64..10_000_000_000, frac in 0u32..1000) {
            let plain = format!("{n}.{frac:03}");
            let (v, f, _, end) = parse_digits(&plain, 0, b'.').unwrap_or((0.0, 0, false, 0));
            prop_assert_eq!(end, plain.len());
            prop_assert_eq!(f, 3);
            prop_assert!((v - (n as f64 + frac as f64 / 1000.0)).abs() <= 1e-6 * v.max(1.0));
            // Grouped the English way.
            let s = n.to_string();
            let mut grouped = String::new();
            for (k, c) in s.chars().enumerate() {
                if k > 0 && (s.len() - k) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(c);
            }
            let (g, _, _, gend) = parse_digits(&grouped, 0, b'.').unwrap_or((0.0, 0, false, 0));
            prop_assert_eq!(gend, grouped.len());
            prop_assert_eq!(g, n as f64);
        }
    }
}
