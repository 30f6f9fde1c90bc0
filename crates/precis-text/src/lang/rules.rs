//! Per-language segmentation data: word lists read from `data/lang/<code>.txt`.
//!
//! # File format
//!
//! UTF-8 text. `#` starts a comment (to the end of the line). A line `[name]` starts a
//! section; the lines after it, up to the next section, hold its entries, separated by
//! whitespace (sections whose entries are phrases, such as `scroll_down`, take one entry per
//! line). An entry written with a capital letter matches only as written ("Calif", "Jan"); an
//! all-lower-case entry matches in any case ("mr" = "Mr" = "MR"). In text without case
//! distinctions (all lower case or all capitals) every entry matches in any case. Dotted
//! abbreviations are written without their final period ("u.s", "z.b", "т.е").
//!
//! Sections (all optional):
//!
//! | section | what it holds |
//! |---|---|
//! | `titles` | titles before a name ("Dr", "Mme", "Sr"): no boundary after them unless a sentence-starter follows |
//! | `abbreviations` | abbreviations that may end a sentence ("Inc", "vgl", "т.е"): a boundary only before a sentence-starter |
//! | `enders` | abbreviations that close an enumeration ("etc", "usw", "и т.д"): a boundary before any capital |
//! | `number_prefixes` | words before a number ("No", "Nr", "S"): no boundary when a digit follows |
//! | `times` | dotted clock abbreviations ("a.m") |
//! | `after_time` | words that continue a sentence after a time ("Friday", "GMT") |
//! | `starters` | words that start a sentence after an abbreviation (pronouns, articles, conjunctions) |
//! | `strong_starters` | the starters that still count in text without capitals (default: `starters`) |
//! | `months` | month names (ordinal dates "26. Oktober") |
//! | `ordinal_dot` | `yes` when the language writes ordinals with a period ("3. Platz") |
//! | `ordinal_before` | words before an ordinal number ("am", "der", "zum") |
//! | `after_ordinal` | nouns that follow an ordinal number ("Jahrhundert", "Platz", "Mal") |
//! | `extra_marks` | characters that end a sentence in this language besides every script's own (Armenian `:`, Greek `;`) |
//! | `period_ends` | `no` when the period is no full stop (Armenian) |
//! | `spaced_closers` | `yes` when a closing guillemet follows a space ("… fini. »") |
//! | `pronoun_i` | the one-letter first-person pronoun written in capitals ("I") |
//! | `caption_starters`, `letter_labels`, `scroll_down` | Daily Mail caption rules (English) |

use std::collections::HashMap;

use crate::hash::FxBuild;

/// What a word is to the segmenter: a set of [`Flags`].
pub type Flags = u32;

/// The kinds of words in a rules file, one bit each.
pub mod flag {
    use super::Flags;
    pub const TITLE: Flags = 1;
    pub const ABBREVIATION: Flags = 1 << 1;
    pub const ENDER: Flags = 1 << 2;
    pub const NUMBER_PREFIX: Flags = 1 << 3;
    pub const TIME: Flags = 1 << 4;
    pub const AFTER_TIME: Flags = 1 << 5;
    pub const STARTER: Flags = 1 << 6;
    pub const STRONG_STARTER: Flags = 1 << 7;
    pub const MONTH: Flags = 1 << 8;
    pub const ORDINAL_BEFORE: Flags = 1 << 9;
    pub const AFTER_ORDINAL: Flags = 1 << 10;
    pub const CAPTION_STARTER: Flags = 1 << 11;
    pub const LETTER_LABEL: Flags = 1 << 12;
}

/// Every word of a rules file with its flags, under the case rules of the file format: one
/// hash lookup tells everything the scanner asks of a word.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    /// Lower-cased word → its flags.
    map: HashMap<Box<[u8]>, Entry, FxBuild>,
    /// A bit per (first byte, last byte, length) of the lower-cased words: most words are in
    /// no list, and this tells so without hashing them.
    filter: Vec<u64>,
    /// Longest entry in bytes (lookups of longer words stop early).
    max_len: usize,
}

/// The flags of one lower-cased word.
#[derive(Debug, Default, Clone)]
struct Entry {
    /// Flags of lower-case entries: they match in any case.
    any_case: Flags,
    /// Entries written with capitals, as written, with their flags.
    exact: Vec<(Box<str>, Flags)>,
    /// Every flag of the word in any spelling (text without case distinctions).
    all: Flags,
}

impl Lexicon {
    fn insert(&mut self, entry: &str, f: Flags) {
        let lower = entry.to_lowercase();
        self.max_len = self.max_len.max(entry.len()).max(lower.len());
        if self.filter.is_empty() {
            self.filter = vec![0; FILTER_BITS / 64];
        }
        let bit = filter_bit(lower.as_bytes());
        self.filter[bit / 64] |= 1 << (bit % 64);
        let e = self.map.entry(lower.as_bytes().into()).or_default();
        if lower == entry {
            e.any_case |= f;
        } else if let Some(x) = e.exact.iter_mut().find(|(w, _)| &**w == entry) {
            x.1 |= f;
        } else {
            e.exact.push((entry.into(), f));
        }
        e.all |= f;
    }

    /// Adds `add` to every word that has `has`.
    fn extend_flag(&mut self, has: Flags, add: Flags) {
        for e in self.map.values_mut() {
            let grow = |v: &mut Flags| {
                if *v & has != 0 {
                    *v |= add;
                }
            };
            grow(&mut e.any_case);
            grow(&mut e.all);
            e.exact.iter_mut().for_each(|x| grow(&mut x.1));
        }
    }

    /// The flags of `word`: its entry as written, or lower-cased when the entry is lower case.
    /// With `caseless`, any entry matches in any case.
    #[inline]
    pub fn flags(&self, word: &str, caseless: bool) -> Flags {
        if word.is_empty() || word.len() > self.max_len * 2 + 4 {
            return 0;
        }
        let mut buf = [0u8; 64];
        let owned;
        let lower = match lower_into(word, &mut buf) {
            Some(lower) => lower,
            None => {
                owned = word.to_lowercase();
                owned.as_bytes()
            }
        };
        let bit = filter_bit(lower);
        if self
            .filter
            .get(bit / 64)
            .is_none_or(|w| w & (1 << (bit % 64)) == 0)
        {
            return 0;
        }
        let e = self.map.get(lower);
        let Some(e) = e else {
            return 0;
        };
        if caseless {
            return e.all;
        }
        let mut f = e.any_case;
        for (w, x) in &e.exact {
            if &**w == word {
                f |= x;
            }
        }
        f
    }

    /// Whether `word` has any of the flags in `f`.
    #[inline]
    pub fn is(&self, word: &str, f: Flags, caseless: bool) -> bool {
        self.flags(word, caseless) & f != 0
    }

    /// The words (lower-cased) that have a flag of `f`.
    pub fn words_with(&self, f: Flags) -> impl Iterator<Item = &str> {
        self.map
            .iter()
            .filter(move |(_, e)| e.all & f != 0)
            .filter_map(|(w, _)| std::str::from_utf8(w).ok())
    }

    /// The longest lower-cased word (bytes) that has a flag of `f`.
    pub fn max_len_with(&self, f: Flags) -> usize {
        self.map
            .iter()
            .filter(|(_, e)| e.all & f != 0)
            .map(|(w, _)| w.len())
            .max()
            .unwrap_or(0)
    }

    /// Whether any word has a flag of `f`.
    pub fn any(&self, f: Flags) -> bool {
        self.map.values().any(|e| e.all & f != 0)
    }
}

/// Size of [`Lexicon`]'s filter, in bits.
const FILTER_BITS: usize = 8192;

/// The filter bit of a lower-cased word.
#[inline]
fn filter_bit(w: &[u8]) -> usize {
    let first = usize::from(w.first().copied().unwrap_or(0));
    let last = usize::from(w.last().copied().unwrap_or(0));
    (first.wrapping_mul(131) ^ last.wrapping_mul(31) ^ w.len().wrapping_mul(7919)) % FILTER_BITS
}

/// Lower-cases `word` into `buf` (`None` if it does not fit), as UTF-8 bytes.
#[inline]
fn lower_into<'a>(word: &str, buf: &'a mut [u8; 64]) -> Option<&'a [u8]> {
    if word.is_ascii() {
        let b = word.as_bytes();
        let dst = buf.get_mut(..b.len())?;
        for (d, &c) in dst.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        return Some(&buf[..b.len()]);
    }
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        let dst = buf.get_mut(n..n + len)?;
        c.encode_utf8(dst);
        n += len;
    }
    Some(&buf[..n])
}

/// Lead bytes the scanner stops at: `.0[0]` without the ASCII capitals, `.0[1]` with them.
#[derive(Debug, Clone)]
pub(crate) struct Candidates(pub(crate) [[bool; 256]; 2]);

impl Default for Candidates {
    fn default() -> Self {
        Candidates([
            crate::segment::chars::candidates(false),
            crate::segment::chars::candidates(true),
        ])
    }
}

/// Segmentation rules of one language (see the module docs for the file format).
#[derive(Debug, Default, Clone)]
pub struct Rules {
    /// The language code the rules are for (`und` for the generic rules).
    pub code: &'static str,
    pub(crate) words: Lexicon,
    pub(crate) ordinal_dot: bool,
    pub(crate) extra_marks: Vec<String>,
    pub(crate) period_ends: bool,
    /// Lead bytes the scanner stops at, without and with the ASCII capitals.
    pub(crate) candidates: Candidates,
    pub(crate) spaced_closers: bool,
    pub(crate) pronoun_i: Option<char>,
    /// Whether the English caption or "Scroll down" rules apply (capitals are candidates).
    pub(crate) capital_rules: bool,
    /// Longest word (bytes) a period can follow and be more than ordinary: a longer word is
    /// not looked up.
    pub(crate) classify_max_len: usize,
    /// Longest sentence-starter (bytes).
    pub(crate) starter_max_len: usize,
    pub(crate) scroll_down: Option<String>,
}

/// A problem in a rules file (a bug in the shipped data; tests parse every file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RulesError {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for RulesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl Rules {
    /// Whether `word` is a month name or abbreviation of the language (any case).
    pub fn is_month(&self, word: &str) -> bool {
        self.words.is(word, flag::MONTH, true)
    }

    /// Parses a rules file.
    pub fn parse(code: &'static str, src: &str) -> Result<Rules, RulesError> {
        let mut r = Rules {
            code,
            period_ends: true,
            ..Rules::default()
        };
        let mut section = String::new();
        let mut has_strong = false;
        for (k, raw) in src.lines().enumerate() {
            let line_no = k + 1;
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim().to_string();
                continue;
            }
            let err = |message: String| RulesError {
                line: line_no,
                message,
            };
            let yes = |line: &str| match line {
                "yes" => Ok(true),
                "no" => Ok(false),
                other => Err(err(format!("expected yes or no, found `{other}`"))),
            };
            let f = match section.as_str() {
                "titles" => flag::TITLE,
                "abbreviations" => flag::ABBREVIATION,
                "enders" => flag::ENDER,
                "number_prefixes" => flag::NUMBER_PREFIX,
                "times" => flag::TIME,
                "after_time" => flag::AFTER_TIME,
                "starters" => flag::STARTER,
                "strong_starters" => {
                    has_strong = true;
                    flag::STRONG_STARTER
                }
                "months" => flag::MONTH,
                "ordinal_before" => flag::ORDINAL_BEFORE,
                "after_ordinal" => flag::AFTER_ORDINAL,
                "caption_starters" => flag::CAPTION_STARTER,
                "letter_labels" => flag::LETTER_LABEL,
                "ordinal_dot" => {
                    r.ordinal_dot = yes(line)?;
                    continue;
                }
                "period_ends" => {
                    r.period_ends = yes(line)?;
                    continue;
                }
                "extra_marks" => {
                    r.extra_marks
                        .extend(line.split_whitespace().map(str::to_string));
                    continue;
                }
                "spaced_closers" => {
                    r.spaced_closers = yes(line)?;
                    continue;
                }
                "pronoun_i" => {
                    let mut cs = line.chars();
                    match (cs.next(), cs.next()) {
                        (Some(c), None) => r.pronoun_i = Some(c),
                        _ => return Err(err(format!("expected one letter, found `{line}`"))),
                    }
                    continue;
                }
                "scroll_down" => {
                    r.scroll_down = Some(line.to_string());
                    continue;
                }
                "" => return Err(err("an entry before any [section]".to_string())),
                other => return Err(err(format!("unknown section [{other}]"))),
            };
            for w in line.split_whitespace() {
                r.words.insert(w, f);
            }
        }
        if !has_strong {
            r.words.extend_flag(flag::STARTER, flag::STRONG_STARTER);
        }
        r.capital_rules = r.scroll_down.is_some() || r.words.any(flag::CAPTION_STARTER);
        let classes =
            flag::TITLE | flag::ABBREVIATION | flag::ENDER | flag::NUMBER_PREFIX | flag::TIME;
        // Twice the lower-cased length: an upper-case form may take more bytes (Σ, İ).
        r.classify_max_len = 2 * r.words.max_len_with(classes) + 4;
        r.starter_max_len = 2 * r.words.max_len_with(flag::STARTER | flag::STRONG_STARTER) + 4;
        for m in &r.extra_marks {
            for t in &mut r.candidates.0 {
                t[m.as_bytes()[0] as usize] = true;
            }
        }
        Ok(r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules() {
        let r = Rules::parse("xx", "[abbreviations]\nmr Calif т.е\n[titles]\nmr\n").unwrap();
        let a = |w: &str, caseless| r.words.is(w, flag::ABBREVIATION, caseless);
        for w in ["mr", "Mr", "MR", "Calif", "т.е", "Т.Е"] {
            assert!(a(w, false), "{w}");
        }
        assert!(!a("calif", false));
        assert!(a("calif", true));
        assert!(!a("mrs", true));
        assert!(!a("", true));
        assert_eq!(r.words.flags("Mr", false), flag::ABBREVIATION | flag::TITLE);
    }

    #[test]
    fn errors_name_the_line() {
        let e = Rules::parse("xx", "# c\n[bogus]\nx\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(Rules::parse("xx", "word\n").is_err());
        assert!(Rules::parse("xx", "[ordinal_dot]\nmaybe\n").is_err());
        let r = Rules::parse("xx", "[starters]\nthe\n[ordinal_dot]\nyes\n").unwrap();
        assert!(r.ordinal_dot);
        assert!(r.words.is("the", flag::STRONG_STARTER, true));
    }
}
