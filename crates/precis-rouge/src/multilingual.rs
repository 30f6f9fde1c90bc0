//! The tokenizer and stemmers of XL-Sum's `multilingual_rouge_scoring` (a fork of rouge-score,
//! Apache-2.0), written from its behaviour (`shared/fixtures/multilingual-rouge/SPEC.md`);
//! scoring is rouge-score's ([`crate::RougeScorer::score_tokens`]).
//!
//! rouge1/2/L tokens: Python `str.lower()`, the sanitizer (BERT's `BasicTokenizer` that drops
//! punctuation: control/format characters removed, `Zs` → space, ASCII non-alphanumerics and
//! `P*` split and removed), then jieba for Chinese (its `' '` tokens kept), or OpenNMT's
//! "aggressive" tokenization (letter runs, number runs, every other character alone, combining
//! marks attached) with a space around every CJK ideograph; tokens longer than 3 code points
//! stemmed. rougeLsum: each `\n` line through the sanitizer only, then the stemmer.
//!
//! Exact (fixtures) and not: see [`Lang::new`]. Unicode categories are Unicode 16.0 (Python
//! 3.11: 14.0), so characters assigned after 14.0 are kept where Python drops them.

use std::collections::HashSet;
use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};
use unicode_general_category::{get_general_category, GeneralCategory};

use crate::{RougeError, TokenizedText};

/// A word segmenter for languages written without spaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segmenter {
    None,
    Jieba,
}

/// The stemmer of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum StemKind {
    /// No stemming (unknown languages, Chinese).
    None,
    /// NLTK's Porter (lang None or "porter"), as rouge-score.
    Porter,
    /// NLTK's Snowball port with its stop words unstemmed.
    Snowball(Algorithm, &'static str),
    /// XL-Sum's Hindi suffix stripper.
    Hindi,
}

/// A language of the multilingual flavour (the `lang=` of XL-Sum's `RougeScorer`).
#[derive(Debug, Clone)]
pub struct Lang {
    name: Option<String>,
    segmenter: Segmenter,
    stemmer: StemKind,
    use_stemmer: bool,
}

/// Languages whose NLTK stemmer precis does not reproduce, with the measured reason.
const INEXACT_STEMMERS: [(&str, &str); 12] = [
    (
        "italian",
        "NLTK turns -enza/-enze into -te (28 of 5,866 UD tokens differ from Snowball)",
    ),
    (
        "portuguese",
        "NLTK differs from Snowball on -ança and some adverbs (10 of 10,569 UD tokens)",
    ),
    (
        "russian",
        "NLTK folds ё to е and transliterates mixed Latin (130 of 11,018 UD tokens)",
    ),
    (
        "arabic",
        "NLTK's ArabicStemmer is another algorithm (1,125 of 7,604 UD tokens differ)",
    ),
    (
        "turkish",
        "the package uses TurkishStemmer (otuncelli), not ported",
    ),
    (
        "bengali",
        "the package uses RafiStemmer (bengali-stemmer), not ported",
    ),
    ("danish", "NLTK's port is not verified against fixtures"),
    ("finnish", "NLTK's port is not verified against fixtures"),
    ("hungarian", "NLTK's port is not verified against fixtures"),
    ("norwegian", "NLTK's port is not verified against fixtures"),
    ("romanian", "NLTK's port is not verified against fixtures"),
    ("swedish", "NLTK's port is not verified against fixtures"),
];

impl Lang {
    /// The language `name` as XL-Sum spells it (`english`, `chinese`, …, aliases `bangla`,
    /// `turkce`, `chinese_simplified`, `chinese_traditional`, `mundo`; `None` = no language:
    /// Porter stemming). Exact (fixtures): no language, `porter`, english, french, german,
    /// spanish, dutch, hindi, chinese (jieba), and any language without stemming; unknown names
    /// (`korean`) are neither segmented nor stemmed, as in the package. Errors: japanese (MeCab
    /// with UniDic 3.1.0), thai (pythainlp) and burmese segmenters, and with `use_stemmer` the
    /// stemmers of the languages listed in `INEXACT_STEMMERS` (italian, portuguese, russian,
    /// arabic, turkish, bengali, and the Snowball languages without fixtures).
    pub fn new(name: Option<&str>, use_stemmer: bool) -> Result<Self, RougeError> {
        let canonical = name.map(|n| match n {
            "bangla" => "bengali",
            "turkce" => "turkish",
            "chinese_simplified" | "chinese_traditional" => "chinese",
            "mundo" => "spanish",
            other => other,
        });
        let unsupported = |why: &str| {
            Err(RougeError::Unsupported(format!(
                "multilingual ROUGE for {:?}: {why}",
                name.unwrap_or("")
            )))
        };
        let (segmenter, stemmer) = match canonical {
            None | Some("porter") => (Segmenter::None, StemKind::Porter),
            Some("chinese") => (Segmenter::Jieba, StemKind::None),
            Some("japanese") => {
                return unsupported(
                    "the package segments Japanese with MeCab and UniDic 3.1.0, which cannot be obtained offline",
                )
            }
            Some("thai") => return unsupported("the pythainlp newmm segmenter is not ported"),
            Some("burmese") => return unsupported("the Burmese syllable segmenter is not ported"),
            Some("english") => (Segmenter::None, StemKind::Snowball(Algorithm::English, "english")),
            Some("french") => (Segmenter::None, StemKind::Snowball(Algorithm::French, "french")),
            Some("german") => (Segmenter::None, StemKind::Snowball(Algorithm::German, "german")),
            Some("spanish") => (Segmenter::None, StemKind::Snowball(Algorithm::Spanish, "spanish")),
            Some("dutch") => (Segmenter::None, StemKind::Snowball(Algorithm::Dutch, "dutch")),
            Some("hindi") => (Segmenter::None, StemKind::Hindi),
            Some(other) => match INEXACT_STEMMERS.iter().find(|(l, _)| *l == other) {
                Some((_, why)) if use_stemmer => {
                    return unsupported(&format!(
                        "its stemmer cannot be reproduced exactly ({why}); score without the stemmer"
                    ))
                }
                // Without stemming only the tokenizer matters, and it is exact.
                _ => (Segmenter::None, StemKind::None),
            },
        };
        Ok(Lang {
            name: canonical.map(str::to_string),
            segmenter,
            stemmer,
            use_stemmer,
        })
    }

    /// The canonical language name (`None`: no language).
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// Tokens of `text` for rouge1/2/L and the per-line tokens for rougeLsum.
    pub fn tokenize(&self, text: &str) -> TokenizedText {
        let lower = text.to_lowercase();
        let clean = sanitize(&lower).join(" ");
        let mut tokens: Vec<String> = Vec::new();
        if self.segmenter == Segmenter::Jieba {
            tokens = jieba()
                .cut(&clean, true)
                .into_iter()
                .map(|t| t.word.to_string())
                .collect();
        }
        if tokens.is_empty() && !clean.is_empty() {
            tokens = default_tokens(&clean);
        }
        let tokens = self.stem_all(tokens);
        let lines = text
            .split('\n')
            .filter(|l| !l.is_empty())
            .map(|l| self.stem_all(sanitize(&l.to_lowercase())))
            .collect();
        TokenizedText { tokens, lines }
    }

    fn stem_all(&self, tokens: Vec<String>) -> Vec<String> {
        tokens
            .into_iter()
            .map(|t| {
                if self.use_stemmer && t.chars().count() > 3 {
                    self.stem(t)
                } else {
                    t
                }
            })
            .filter(|t| !t.is_empty())
            .collect()
    }

    fn stem(&self, t: String) -> String {
        match self.stemmer {
            StemKind::None => t,
            StemKind::Porter => precis_text::stem::stem(&t),
            StemKind::Snowball(alg, list) => {
                if stopwords(list).contains(t.as_str()) {
                    t
                } else {
                    snowball(alg).stem(&t).into_owned()
                }
            }
            StemKind::Hindi => hindi_stem(t),
        }
    }
}

/// One stemmer per algorithm, built once.
fn snowball(alg: Algorithm) -> &'static Stemmer {
    static S: OnceLock<Vec<(Algorithm, Stemmer)>> = OnceLock::new();
    let all = S.get_or_init(|| {
        [
            Algorithm::English,
            Algorithm::French,
            Algorithm::German,
            Algorithm::Spanish,
            Algorithm::Dutch,
        ]
        .into_iter()
        .map(|a| (a, Stemmer::create(a)))
        .collect()
    });
    all.iter()
        .find(|(a, _)| *a == alg)
        .map(|(_, s)| s)
        .unwrap_or(&all[0].1)
}

fn jieba() -> &'static jieba_rs::Jieba {
    static J: OnceLock<jieba_rs::Jieba> = OnceLock::new();
    J.get_or_init(jieba_rs::Jieba::new)
}

fn stopwords(lang: &str) -> &'static HashSet<&'static str> {
    static LISTS: OnceLock<Vec<(&'static str, HashSet<&'static str>)>> = OnceLock::new();
    let lists = LISTS.get_or_init(|| {
        [
            (
                "english",
                include_str!("../data/nltk-stopwords/english.txt"),
            ),
            ("french", include_str!("../data/nltk-stopwords/french.txt")),
            ("german", include_str!("../data/nltk-stopwords/german.txt")),
            (
                "spanish",
                include_str!("../data/nltk-stopwords/spanish.txt"),
            ),
            ("dutch", include_str!("../data/nltk-stopwords/dutch.txt")),
        ]
        .into_iter()
        .map(|(l, text)| (l, text.lines().filter(|w| !w.is_empty()).collect()))
        .collect()
    });
    static EMPTY: OnceLock<HashSet<&'static str>> = OnceLock::new();
    lists
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, s)| s)
        .unwrap_or_else(|| EMPTY.get_or_init(HashSet::new))
}

/// Suffixes of the Hindi light stemmer by length in code points (Ramanathan & Rao 2003, the
/// list XL-Sum uses), longest first.
const HINDI_SUFFIXES: [(usize, &[&str]); 5] = [
    (5, &["ाएंगी", "ाएंगे", "ाऊंगी", "ाऊंगा", "ाइयाँ", "ाइयों", "ाइयां"]),
    (
        4,
        &[
            "ाएगी",
            "ाएगा",
            "ाओगी",
            "ाओगे",
            "एंगी",
            "ेंगी",
            "एंगे",
            "ेंगे",
            "ूंगी",
            "ूंगा",
            "ातीं",
            "नाओं",
            "नाएं",
            "ताओं",
            "ताएं",
            "ियाँ",
            "ियों",
            "ियां",
        ],
    ),
    (
        3,
        &[
            "ाकर",
            "ाइए",
            "ाईं",
            "ाया",
            "ेगी",
            "ेगा",
            "ोगी",
            "ोगे",
            "ाने",
            "ाना",
            "ाते",
            "ाती",
            "ाता",
            "तीं",
            "ाओं",
            "ाएं",
            "ुओं",
            "ुएं",
            "ुआं",
        ],
    ),
    (
        2,
        &[
            "कर", "ाओ", "िए", "ाई", "ाए", "ने", "नी", "ना", "ते", "ीं", "ती", "ता", "ाँ", "ां", "ों", "ें",
        ],
    ),
    (1, &["ो", "े", "ू", "ु", "ी", "ि", "ा"]),
];

/// For L = 5..1: if the token is longer than L + 1 code points and ends with one of the
/// L-code-point suffixes, cut L code points.
fn hindi_stem(t: String) -> String {
    let n = t.chars().count();
    for (l, list) in HINDI_SUFFIXES {
        if n > l + 1 && list.iter().any(|s| t.ends_with(s)) {
            return t.chars().take(n - l).collect();
        }
    }
    t
}

fn category(c: char) -> GeneralCategory {
    get_general_category(c)
}

fn is_control_or_other(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        category(c),
        Control | Format | Surrogate | PrivateUse | Unassigned
    )
}

fn is_punctuation(c: char) -> bool {
    use GeneralCategory::*;
    let cp = c as u32;
    (33..=47).contains(&cp)
        || (58..=64).contains(&cp)
        || (91..=96).contains(&cp)
        || (123..=126).contains(&cp)
        || matches!(
            category(c),
            ConnectorPunctuation
                | DashPunctuation
                | OpenPunctuation
                | ClosePunctuation
                | InitialPunctuation
                | FinalPunctuation
                | OtherPunctuation
        )
}

/// The sanitizer: `_clean_text`, whitespace split, punctuation split and removed. Returns the
/// pieces (`" ".join` of them is the package's cleaned text).
fn sanitize(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\0' || c == '\u{FFFD}' {
            continue;
        }
        if matches!(c, ' ' | '\t' | '\n' | '\r') || category(c) == GeneralCategory::SpaceSeparator {
            cleaned.push(' ');
        } else if !is_control_or_other(c) {
            cleaned.push(c);
        }
    }
    let mut out = Vec::new();
    // Python's str.split(): after cleaning only ' ', U+2028 and U+2029 separate (U+001C..1F,
    // U+0085 and the like were removed as control characters).
    for word in cleaned.split([' ', '\u{2028}', '\u{2029}']) {
        let mut cur = String::new();
        for c in word.chars() {
            if is_punctuation(c) {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            } else {
                cur.push(c);
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Number,
    Other,
}

fn is_mark(c: char) -> bool {
    use GeneralCategory::*;
    matches!(category(c), NonspacingMark | SpacingMark | EnclosingMark)
}

fn class(c: char) -> Class {
    use GeneralCategory::*;
    match category(c) {
        UppercaseLetter | LowercaseLetter | TitlecaseLetter | ModifierLetter | OtherLetter => {
            Class::Letter
        }
        DecimalNumber | LetterNumber | OtherNumber => Class::Number,
        _ => Class::Other,
    }
}

/// OpenNMT "aggressive" tokenization of the cleaned text (see the module doc), its marker
/// characters rewritten (`▁` → `_`, `￭` → `■`).
fn onmt_aggressive(clean: &str) -> Vec<String> {
    let mut out = Vec::new();
    for word in clean.split(' ').filter(|w| !w.is_empty()) {
        let mut cur = String::new();
        let mut cur_class = Class::Other;
        for c in word.chars() {
            if is_mark(c) {
                // Marks stay with the preceding character; one at the start is a token.
                if cur.is_empty() {
                    cur_class = Class::Other;
                }
                cur.push(c);
                continue;
            }
            let k = class(c);
            if k == Class::Other || k != cur_class || cur.is_empty() {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                cur_class = k;
            }
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out.into_iter()
        .map(|t| t.replace('\u{2581}', "_").replace('\u{FFED}', "\u{25A0}"))
        .collect()
}

fn is_cjk(c: char) -> bool {
    let cp = c as u32;
    (0x4E00..=0x9FFF).contains(&cp)
        || (0x3400..=0x4DBF).contains(&cp)
        || (0x20000..=0x2A6DF).contains(&cp)
        || (0x2A700..=0x2B73F).contains(&cp)
        || (0x2B740..=0x2B81F).contains(&cp)
        || (0x2B820..=0x2CEAF).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0x2F800..=0x2FA1F).contains(&cp)
}

/// The default tokenizer: aggressive tokens, a space around every CJK ideograph, split.
fn default_tokens(clean: &str) -> Vec<String> {
    let joined = onmt_aggressive(clean).join(" ");
    let mut spaced = String::with_capacity(joined.len() + 16);
    for c in joined.chars() {
        if is_cjk(c) {
            spaced.push(' ');
            spaced.push(c);
            spaced.push(' ');
        } else {
            spaced.push(c);
        }
    }
    spaced
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(lang: Option<&str>, stem: bool, text: &str) -> Vec<String> {
        Lang::new(lang, stem)
            .map(|l| l.tokenize(text).tokens)
            .unwrap_or_default()
    }

    #[test]
    fn sanitizer_and_aggressive_tokens() {
        assert_eq!(toks(None, false, "Hello, World!"), ["hello", "world"]);
        assert_eq!(
            toks(None, false, "abc123def €50"),
            ["abc", "123", "def", "€", "50"]
        );
        assert_eq!(toks(None, false, "3.14 a\u{200B}b"), ["3", "14", "ab"]);
        assert_eq!(toks(None, false, "中文abc"), ["中", "文", "abc"]);
        assert_eq!(toks(None, false, "«quoted» — x"), ["quoted", "x"]);
    }

    #[test]
    fn lsum_lines_skip_the_pretokenizer() {
        let l = Lang::new(None, false).unwrap_or_else(|e| panic!("{e}"));
        let t = l.tokenize("abc123def €50\n\n中文abc");
        assert_eq!(t.lines, vec![vec!["abc123def", "€50"], vec!["中文abc"]]);
    }

    #[test]
    fn hindi_suffixes() {
        assert_eq!(hindi_stem("लड़कियों".to_string()), "लड़क");
        assert_eq!(hindi_stem("का".to_string()), "का");
    }

    #[test]
    fn unsupported_languages_are_errors() {
        assert!(Lang::new(Some("japanese"), false).is_err());
        assert!(Lang::new(Some("italian"), true).is_err());
        assert!(Lang::new(Some("italian"), false).is_ok());
        assert!(Lang::new(Some("klingon"), true).is_ok());
    }
}
