//! Per-language data of `verify`: number words, scales, currency suffixes, percent phrases,
//! month and weekday names, the decimal mark. Read from `data/verify/<code>.txt`; a language
//! without a file gets digits only (decimal point `.`), which already covers most quantities.
//!
//! # File format
//!
//! UTF-8 text. `#` starts a comment (to the end of the line). A line `[name]` starts a
//! section; each non-blank line after it is one entry, in lower case:
//!
//! | section | an entry | what it is |
//! |---|---|---|
//! | `decimal` | `.` or `,` | the decimal mark (the other one groups thousands) |
//! | `numbers` | `word value` | a number word ("two 2", "dozen 12") |
//! | `scale_numbers` | `word value` | a number word counted only before a scale ("one" in "one million") |
//! | `scales` | `word value` | a word that multiplies the number before it ("million 1000000") |
//! | `suffixes` | `letters value` | letters glued to digits ("bn 1000000000" for "2bn"); `letters*` only after a currency sign ("m*" for "$10m") |
//! | `percent` | `word...` | a percent phrase ("per cent") |
//! | `months` | `spelling...` | one month a line, January first; a spelling ending in `*` is a month only next to a number or written with a capital ("may*") |
//! | `days` | `spelling...` | one weekday a line, Monday first |

use std::collections::HashMap;
use std::sync::OnceLock;

use precis_text::hash::FxBuild;
use precis_text::lang::Lang;

/// A month or weekday spelling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DateWord {
    /// 1..=12 for months, 101..=107 for weekdays.
    pub(crate) index: u16,
    /// Only a date next to a number or written with a capital ("may").
    pub(crate) ambiguous: bool,
}

/// The verify data of one language.
#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    pub(crate) decimal: u8,
    pub(crate) numbers: HashMap<String, f64, FxBuild>,
    pub(crate) scale_numbers: HashMap<String, f64, FxBuild>,
    pub(crate) scales: HashMap<String, f64, FxBuild>,
    /// (letters, value, only after a currency sign)
    pub(crate) suffixes: Vec<(String, f64, bool)>,
    /// Percent phrases as word lists.
    pub(crate) percent: Vec<Vec<String>>,
    pub(crate) dates: HashMap<String, DateWord, FxBuild>,
}

/// The data file of a language, if it has one.
fn source(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => include_str!("../../data/verify/en.txt"),
        "de" => include_str!("../../data/verify/de.txt"),
        "fr" => include_str!("../../data/verify/fr.txt"),
        "es" => include_str!("../../data/verify/es.txt"),
        _ => return None,
    })
}

impl Lexicon {
    /// The lexicon of `lang` (built once, shared).
    pub(crate) fn for_lang(lang: Lang) -> &'static Lexicon {
        const N: usize = Lang::COUNT;
        static ALL: [OnceLock<Lexicon>; N] = [const { OnceLock::new() }; N];
        ALL[lang.index()].get_or_init(|| match source(lang.code()) {
            Some(text) => Lexicon::parse(text),
            None => Lexicon {
                decimal: b'.',
                ..Lexicon::default()
            },
        })
    }

    /// Parses a data file (see the module docs); malformed entries are skipped (the shipped
    /// files are checked by a test).
    pub(crate) fn parse(text: &str) -> Lexicon {
        let mut lex = Lexicon {
            decimal: b'.',
            ..Lexicon::default()
        };
        let mut section = "";
        let (mut month, mut day) = (0u16, 0u16);
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = name.trim();
                continue;
            }
            let words: Vec<&str> = line.split_whitespace().collect();
            let pair = || -> Option<(String, f64)> {
                match words.as_slice() {
                    [w, v] => Some((w.to_string(), v.parse::<f64>().ok()?)),
                    _ => None,
                }
            };
            match section {
                "decimal" if line == "," => lex.decimal = b',',
                "numbers" => lex.numbers.extend(pair()),
                "scale_numbers" => lex.scale_numbers.extend(pair()),
                "scales" => lex.scales.extend(pair()),
                "suffixes" => {
                    if let Some((w, v)) = pair() {
                        let currency = w.ends_with('*');
                        lex.suffixes
                            .push((w.trim_end_matches('*').to_string(), v, currency));
                    }
                }
                "percent" => lex
                    .percent
                    .push(words.iter().map(|w| w.to_string()).collect()),
                "months" | "days" => {
                    let index = if section == "months" {
                        month += 1;
                        month
                    } else {
                        day += 1;
                        100 + day
                    };
                    for w in words {
                        let ambiguous = w.ends_with('*');
                        lex.dates.insert(
                            w.trim_end_matches('*').to_string(),
                            DateWord { index, ambiguous },
                        );
                    }
                }
                _ => {}
            }
        }
        lex
    }

    /// The value of a glued suffix ("bn", "m"), and whether it needs a currency sign.
    pub(crate) fn suffix(&self, letters: &str) -> Option<(f64, bool)> {
        self.suffixes
            .iter()
            .find(|(s, _, _)| s == letters)
            .map(|&(_, v, c)| (v, c))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_files_parse_whole() {
        for code in ["en", "de", "fr", "es"] {
            let text = source(code).unwrap_or_default();
            let lex = Lexicon::parse(text);
            // Every entry line of a pair section parsed.
            let mut section = "";
            let mut pairs = 0;
            for l in text.lines() {
                let l = l.split('#').next().unwrap_or("").trim();
                if l.starts_with('[') {
                    section = l;
                } else if !l.is_empty()
                    && matches!(
                        section,
                        "[numbers]" | "[scale_numbers]" | "[scales]" | "[suffixes]"
                    )
                {
                    pairs += 1;
                }
            }
            let parsed =
                lex.numbers.len() + lex.scale_numbers.len() + lex.scales.len() + lex.suffixes.len();
            assert_eq!(parsed, pairs, "{code}");
            assert!(lex.numbers.len() >= 10, "{code}");
            let months: std::collections::BTreeSet<u16> = lex
                .dates
                .values()
                .map(|d| d.index)
                .filter(|&i| i <= 12)
                .collect();
            assert_eq!(months.len(), 12, "{code}");
            let days = lex.dates.values().filter(|d| d.index > 100).count();
            assert!(days >= 7, "{code}");
        }
        let en = Lexicon::for_lang(Lang::EN);
        assert_eq!(en.decimal, b'.');
        assert_eq!(en.numbers.get("two"), Some(&2.0));
        assert!(!en.numbers.contains_key("one"));
        assert_eq!(en.suffix("m"), Some((1e6, true)));
        assert_eq!(en.suffix("bn"), Some((1e9, false)));
        assert_eq!(
            en.dates.get("may"),
            Some(&DateWord {
                index: 5,
                ambiguous: true
            })
        );
        let de = Lexicon::for_lang(Lang::from_code("de").unwrap_or(Lang::EN));
        assert_eq!(de.decimal, b',');
    }
}
