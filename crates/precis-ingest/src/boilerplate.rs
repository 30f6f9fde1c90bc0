//! News boilerplate by language, read once from `data/boilerplate.txt` (agencies of datelines,
//! byline prefixes, related-link and photo-credit prefixes, the words that join two names).

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use precis_text::lang::Lang;

const DATA: &str = include_str!("../data/boilerplate.txt");

/// The parsed file.
struct Table {
    /// Agencies as written.
    agencies: HashSet<String>,
    /// Agencies lower-cased (text without capitals).
    agencies_lower: HashSet<String>,
    /// Words that join two names ("and", "und"), lower case.
    and_words: HashSet<String>,
    /// (kind, lang) → prefixes; lang "*" applies to every language.
    prefixes: HashMap<(String, String), Vec<String>>,
}

fn table() -> &'static Table {
    static T: OnceLock<Table> = OnceLock::new();
    T.get_or_init(|| parse(DATA))
}

fn parse(src: &str) -> Table {
    let mut t = Table {
        agencies: HashSet::new(),
        agencies_lower: HashSet::new(),
        and_words: HashSet::new(),
        prefixes: HashMap::new(),
    };
    let mut section: Option<(String, String)> = None;
    for raw in src.lines() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let mut parts = head.split_whitespace();
            let kind = parts.next().unwrap_or("").to_string();
            let lang = parts.next().unwrap_or("*").to_string();
            section = Some((kind, lang));
            continue;
        }
        let Some((kind, lang)) = &section else {
            continue;
        };
        match kind.as_str() {
            "agencies" => {
                t.agencies.insert(line.to_string());
                t.agencies_lower.insert(line.to_lowercase());
            }
            "and" => {
                t.and_words.insert(line.to_lowercase());
            }
            _ => t
                .prefixes
                .entry((kind.clone(), lang.clone()))
                .or_default()
                .push(line.to_string()),
        }
    }
    t
}

/// Whether `name` is a news agency of datelines ("dpa", "AFP/dpa"); with `caseless`, in any
/// case.
pub(crate) fn is_agency(name: &str, caseless: bool) -> bool {
    let t = table();
    let one = |n: &str| {
        let n = n.trim();
        t.agencies.contains(n) || (caseless && t.agencies_lower.contains(&n.to_lowercase()))
    };
    one(name) || (name.contains('/') && name.split('/').all(one))
}

/// Whether `word` joins two names in a byline ("and", "und", "et"), in any case.
pub(crate) fn is_and_word(word: &str) -> bool {
    table().and_words.contains(&word.to_lowercase())
}

/// Kinds of line prefixes.
#[derive(Clone, Copy)]
pub(crate) enum Prefix {
    Byline = 0,
    Related = 1,
    Caption = 2,
}

/// The prefixes of `kind` for `lang`: those of every language, of `lang`, and of English
/// (English boilerplate turns up in pages of every language). Gathered once per language.
pub(crate) fn prefixes(kind: Prefix, lang: Lang) -> &'static [&'static str] {
    static CACHE: [OnceLock<[Vec<&'static str>; 3]>; Lang::COUNT] =
        [const { OnceLock::new() }; Lang::COUNT];
    let all = CACHE[lang.index()].get_or_init(|| {
        let t = table();
        let mut langs = vec!["*", "en"];
        if lang.code() != "en" {
            langs.push(lang.code());
        }
        ["byline", "related", "caption"].map(|kind| {
            langs
                .iter()
                .flat_map(|l| {
                    t.prefixes
                        .get(&(kind.to_string(), (*l).to_string()))
                        .into_iter()
                        .flatten()
                        .map(String::as_str)
                })
                .collect()
        })
    });
    &all[kind as usize]
}

/// The prefix of `kind` that `line` starts with (as written, or in any case with `caseless`),
/// followed by a space, punctuation or the end of the line: its byte length.
pub(crate) fn match_prefix(line: &str, kind: Prefix, lang: Lang, caseless: bool) -> Option<usize> {
    let first = line.as_bytes().first()?;
    prefixes(kind, lang)
        .iter()
        .filter(|p| {
            let p0 = p.as_bytes()[0];
            p0 == *first
                || (caseless && p0.eq_ignore_ascii_case(first))
                || (caseless && !p0.is_ascii())
        })
        .filter(|p| {
            line.get(..p.len()).is_some_and(|h| {
                if caseless {
                    h.to_lowercase() == p.to_lowercase()
                } else {
                    h == **p
                }
            })
        })
        .filter(|p| {
            let rest = &line[p.len()..];
            let last = p.chars().next_back().unwrap_or(' ');
            rest.is_empty()
                || !last.is_alphanumeric()
                || rest.starts_with(|c: char| !c.is_alphanumeric())
                || lang.unspaced()
        })
        .map(|p| p.len())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang(c: &str) -> Lang {
        Lang::from_code(c).unwrap()
    }

    #[test]
    fn agencies() {
        assert!(is_agency("dpa", false));
        assert!(is_agency("AFP/dpa", false));
        assert!(is_agency("dpa/AFP", false));
        assert!(!is_agency("cnn", false));
        assert!(is_agency("cnn", true));
        assert!(!is_agency("Spurs", false));
    }

    #[test]
    fn prefixes_by_language() {
        let de = lang("de");
        assert_eq!(
            match_prefix("Lesen Sie auch: Das Neueste", Prefix::Related, de, false),
            Some("Lesen Sie auch".len())
        );
        assert_eq!(
            match_prefix(">>> Oscars 2016 : tout", Prefix::Related, lang("fr"), false),
            Some(3)
        );
        assert_eq!(
            match_prefix("Von Markus Balser", Prefix::Byline, de, false),
            Some(3)
        );
        assert_eq!(
            match_prefix("Vonnegut wrote", Prefix::Byline, de, false),
            None
        );
        assert_eq!(
            match_prefix("Von Markus", Prefix::Byline, lang("fr"), false),
            None
        );
        assert_eq!(
            match_prefix("by sam webb", Prefix::Byline, lang("en"), true),
            Some(2)
        );
        assert!(is_and_word("Und"));
    }
}
