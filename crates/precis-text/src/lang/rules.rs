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

use std::collections::HashSet;

use crate::hash::FxBuild;

/// A set of words, with the case rules of the file format.
#[derive(Debug, Default, Clone)]
pub struct WordSet {
    /// Entries written with a capital letter, as written.
    exact: HashSet<Box<str>, FxBuild>,
    /// Lower-case entries (match in any case).
    folded: HashSet<Box<str>, FxBuild>,
    /// Every entry lower-cased (for text without case distinctions).
    all_folded: HashSet<Box<str>, FxBuild>,
    /// Longest entry in bytes (lookups of longer words stop early).
    max_len: usize,
}

impl WordSet {
    fn insert(&mut self, entry: &str) {
        let lower = entry.to_lowercase();
        if lower == entry {
            self.folded.insert(lower.clone().into_boxed_str());
        } else {
            self.exact.insert(entry.into());
        }
        self.max_len = self.max_len.max(entry.len()).max(lower.len());
        self.all_folded.insert(lower.into_boxed_str());
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.all_folded.is_empty()
    }

    /// Whether `word` is in the set: as written, or lower-cased when its entry is lower case.
    /// With `caseless`, any entry matches in any case.
    pub fn contains(&self, word: &str, caseless: bool) -> bool {
        if word.is_empty() || word.len() > self.max_len * 2 + 4 {
            return false;
        }
        if !caseless && self.exact.contains(word) {
            return true;
        }
        let set = if caseless {
            &self.all_folded
        } else {
            &self.folded
        };
        let mut buf = [0u8; 64];
        match lower_into(word, &mut buf) {
            Some(lower) => set.contains(lower),
            None => set.contains(word.to_lowercase().as_str()),
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.all_folded.len()
    }
}

/// Lower-cases `word` into `buf` (`None` if it does not fit).
fn lower_into<'a>(word: &str, buf: &'a mut [u8; 64]) -> Option<&'a str> {
    if word.is_ascii() {
        let b = word.as_bytes();
        let dst = buf.get_mut(..b.len())?;
        for (d, &c) in dst.iter_mut().zip(b) {
            *d = c.to_ascii_lowercase();
        }
        return std::str::from_utf8(&buf[..b.len()]).ok();
    }
    let mut n = 0;
    for c in word.chars().flat_map(char::to_lowercase) {
        let len = c.len_utf8();
        let dst = buf.get_mut(n..n + len)?;
        c.encode_utf8(dst);
        n += len;
    }
    std::str::from_utf8(&buf[..n]).ok()
}

/// Lead bytes the scanner stops at: `.0[0]` without the space, `.0[1]` with it.
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
    pub(crate) titles: WordSet,
    pub(crate) abbreviations: WordSet,
    pub(crate) enders: WordSet,
    pub(crate) number_prefixes: WordSet,
    pub(crate) times: WordSet,
    pub(crate) after_time: WordSet,
    pub(crate) starters: WordSet,
    pub(crate) strong_starters: WordSet,
    pub(crate) months: WordSet,
    pub(crate) ordinal_dot: bool,
    pub(crate) ordinal_before: WordSet,
    pub(crate) after_ordinal: WordSet,
    pub(crate) extra_marks: Vec<String>,
    pub(crate) period_ends: bool,
    /// Lead bytes the scanner stops at, without and with the space.
    pub(crate) candidates: Candidates,
    pub(crate) spaced_closers: bool,
    pub(crate) pronoun_i: Option<char>,
    pub(crate) caption_starters: WordSet,
    pub(crate) letter_labels: WordSet,
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
        self.months.contains(word, true)
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
            let set = match section.as_str() {
                "titles" => &mut r.titles,
                "abbreviations" => &mut r.abbreviations,
                "enders" => &mut r.enders,
                "number_prefixes" => &mut r.number_prefixes,
                "times" => &mut r.times,
                "after_time" => &mut r.after_time,
                "starters" => &mut r.starters,
                "strong_starters" => {
                    has_strong = true;
                    &mut r.strong_starters
                }
                "months" => &mut r.months,
                "ordinal_before" => &mut r.ordinal_before,
                "after_ordinal" => &mut r.after_ordinal,
                "caption_starters" => &mut r.caption_starters,
                "letter_labels" => &mut r.letter_labels,
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
                set.insert(w);
            }
        }
        if !has_strong {
            r.strong_starters = r.starters.clone();
        }
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
        let r = Rules::parse("xx", "[abbreviations]\nmr Calif т.е\n").unwrap();
        let a = &r.abbreviations;
        for w in ["mr", "Mr", "MR", "Calif", "т.е", "Т.Е"] {
            assert!(a.contains(w, false), "{w}");
        }
        assert!(!a.contains("calif", false));
        assert!(a.contains("calif", true));
        assert!(!a.contains("mrs", true));
        assert!(!a.contains("", true));
    }

    #[test]
    fn errors_name_the_line() {
        let e = Rules::parse("xx", "# c\n[bogus]\nx\n").unwrap_err();
        assert_eq!(e.line, 3);
        assert!(Rules::parse("xx", "word\n").is_err());
        assert!(Rules::parse("xx", "[ordinal_dot]\nmaybe\n").is_err());
        let r = Rules::parse("xx", "[starters]\nthe\n[ordinal_dot]\nyes\n").unwrap();
        assert!(r.ordinal_dot);
        assert!(r.strong_starters.contains("the", true));
    }
}
