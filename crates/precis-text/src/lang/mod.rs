//! Languages: codes, identification, and the per-language data every stage reads.
//!
//! A [`Lang`] is one of the languages precis can name (ISO 639-1 codes where there is one:
//! "en", "de", "zh"...; [`Lang::UND`] when nothing could be told). [`detect`] identifies the
//! language of a text (whatlang's trigram and script model; see ARCHITECTURE.md for why this
//! detector). [`Lang::rules`] gives the segmentation rules: the language's own data file
//! (`data/lang/<code>.txt`) when there is one, otherwise the generic rules, which know every
//! script's sentence marks, initials and dotted abbreviations but no word lists.
//!
//! Language knowledge is data: adding a language means adding a data file and a line to
//! [`DATA`], never a code path.

mod rules;
mod vote;

use std::sync::OnceLock;

pub use rules::{flag, Flags, Lexicon, Rules, RulesError};

/// A language: an index into [`LANGS`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Lang(u8);

/// `(ISO 639-1 code or 639-3 where none, whatlang's ISO 639-3 code, English name)`.
const LANGS: [(&str, &str, &str); 71] = [
    ("und", "und", "Undetermined"),
    ("en", "eng", "English"),
    ("de", "deu", "German"),
    ("fr", "fra", "French"),
    ("es", "spa", "Spanish"),
    ("it", "ita", "Italian"),
    ("pt", "por", "Portuguese"),
    ("nl", "nld", "Dutch"),
    ("ru", "rus", "Russian"),
    ("pl", "pol", "Polish"),
    ("cs", "ces", "Czech"),
    ("tr", "tur", "Turkish"),
    ("ar", "ara", "Arabic"),
    ("hi", "hin", "Hindi"),
    ("zh", "cmn", "Chinese"),
    ("ja", "jpn", "Japanese"),
    ("ko", "kor", "Korean"),
    ("eo", "epo", "Esperanto"),
    ("bn", "ben", "Bengali"),
    ("uk", "ukr", "Ukrainian"),
    ("ka", "kat", "Georgian"),
    ("he", "heb", "Hebrew"),
    ("yi", "yid", "Yiddish"),
    ("am", "amh", "Amharic"),
    ("jv", "jav", "Javanese"),
    ("nb", "nob", "Norwegian Bokmål"),
    ("da", "dan", "Danish"),
    ("sv", "swe", "Swedish"),
    ("fi", "fin", "Finnish"),
    ("hu", "hun", "Hungarian"),
    ("el", "ell", "Greek"),
    ("bg", "bul", "Bulgarian"),
    ("be", "bel", "Belarusian"),
    ("mr", "mar", "Marathi"),
    ("kn", "kan", "Kannada"),
    ("ro", "ron", "Romanian"),
    ("sl", "slv", "Slovene"),
    ("hr", "hrv", "Croatian"),
    ("sr", "srp", "Serbian"),
    ("mk", "mkd", "Macedonian"),
    ("lt", "lit", "Lithuanian"),
    ("lv", "lav", "Latvian"),
    ("et", "est", "Estonian"),
    ("ta", "tam", "Tamil"),
    ("vi", "vie", "Vietnamese"),
    ("ur", "urd", "Urdu"),
    ("th", "tha", "Thai"),
    ("gu", "guj", "Gujarati"),
    ("uz", "uzb", "Uzbek"),
    ("pa", "pan", "Punjabi"),
    ("az", "aze", "Azerbaijani"),
    ("id", "ind", "Indonesian"),
    ("te", "tel", "Telugu"),
    ("fa", "pes", "Persian"),
    ("ml", "mal", "Malayalam"),
    ("or", "ori", "Oriya"),
    ("my", "mya", "Burmese"),
    ("ne", "nep", "Nepali"),
    ("si", "sin", "Sinhala"),
    ("km", "khm", "Khmer"),
    ("tk", "tuk", "Turkmen"),
    ("ak", "aka", "Akan"),
    ("zu", "zul", "Zulu"),
    ("sn", "sna", "Shona"),
    ("af", "afr", "Afrikaans"),
    ("la", "lat", "Latin"),
    ("sk", "slk", "Slovak"),
    ("ca", "cat", "Catalan"),
    ("tl", "tgl", "Tagalog"),
    ("hy", "hye", "Armenian"),
    ("cy", "cym", "Welsh"),
];

/// What every language's rules start from (and the rules of languages without a file).
const COMMON: &str = include_str!("../../data/lang/common.txt");

/// Languages with a data file of their own: `(code, file contents)`.
const DATA: &[(&str, &str)] = &[
    ("en", include_str!("../../data/lang/en.txt")),
    ("de", include_str!("../../data/lang/de.txt")),
    ("fr", include_str!("../../data/lang/fr.txt")),
    ("es", include_str!("../../data/lang/es.txt")),
    ("it", include_str!("../../data/lang/it.txt")),
    ("pt", include_str!("../../data/lang/pt.txt")),
    ("nl", include_str!("../../data/lang/nl.txt")),
    ("ru", include_str!("../../data/lang/ru.txt")),
    ("pl", include_str!("../../data/lang/pl.txt")),
    ("cs", include_str!("../../data/lang/cs.txt")),
    ("tr", include_str!("../../data/lang/tr.txt")),
    ("ar", include_str!("../../data/lang/ar.txt")),
    ("hi", include_str!("../../data/lang/hi.txt")),
    ("zh", include_str!("../../data/lang/zh.txt")),
    ("ja", include_str!("../../data/lang/ja.txt")),
    ("ko", include_str!("../../data/lang/ko.txt")),
    ("da", include_str!("../../data/lang/da.txt")),
    ("sv", include_str!("../../data/lang/sv.txt")),
    ("nb", include_str!("../../data/lang/nb.txt")),
    ("fi", include_str!("../../data/lang/fi.txt")),
    ("sk", include_str!("../../data/lang/sk.txt")),
    ("uk", include_str!("../../data/lang/uk.txt")),
    ("bg", include_str!("../../data/lang/bg.txt")),
    ("el", include_str!("../../data/lang/el.txt")),
    ("ro", include_str!("../../data/lang/ro.txt")),
    ("ca", include_str!("../../data/lang/ca.txt")),
    ("hu", include_str!("../../data/lang/hu.txt")),
    ("hr", include_str!("../../data/lang/hr.txt")),
    ("sl", include_str!("../../data/lang/sl.txt")),
    ("hy", include_str!("../../data/lang/hy.txt")),
];

impl Lang {
    /// Undetermined: no language could be told (generic rules).
    pub const UND: Lang = Lang(0);
    /// English.
    pub const EN: Lang = Lang(1);
    /// Number of languages ([`Lang::index`] is below it).
    pub const COUNT: usize = LANGS.len();

    /// The language's code: ISO 639-1 ("en", "zh"), or "und".
    pub fn code(self) -> &'static str {
        LANGS[self.0 as usize].0
    }

    /// A dense index of the language (0 for [`Lang::UND`]), for per-language tables.
    pub fn index(self) -> usize {
        usize::from(self.0)
    }

    /// The language's English name.
    pub fn name(self) -> &'static str {
        LANGS[self.0 as usize].2
    }

    /// Every language precis can name (detected or given), [`Lang::UND`] first.
    pub fn all() -> impl Iterator<Item = Lang> {
        (0..LANGS.len() as u8).map(Lang)
    }

    /// The languages with rules of their own (a data file).
    pub fn with_data() -> impl Iterator<Item = Lang> {
        DATA.iter().filter_map(|(code, _)| Lang::from_code(code))
    }

    /// Parses a language code: ISO 639-1 ("de"), ISO 639-3 ("deu"), a BCP 47 tag whose
    /// language is one of those ("de-CH", "zh_Hans", "pt-BR"), or "und". Case-insensitive.
    pub fn from_code(code: &str) -> Option<Lang> {
        let base = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        let base = match base.as_str() {
            "no" | "nn" => "nb",
            "zho" | "chi" => "zh",
            "ger" => "de",
            "fre" => "fr",
            "dut" => "nl",
            "cze" => "cs",
            "fas" | "per" => "fa",
            other => other,
        };
        LANGS
            .iter()
            .position(|(c1, c3, _)| *c1 == base || *c3 == base)
            .map(|i| Lang(i as u8))
    }

    /// The segmentation rules: the language's own data, or the generic rules (parsed on
    /// first use, once per language).
    pub fn rules(self) -> &'static Rules {
        static RULES: [OnceLock<Rules>; LANGS.len()] = [const { OnceLock::new() }; LANGS.len()];
        RULES[self.index()].get_or_init(|| {
            let code = self.code();
            match DATA.iter().find(|(c, _)| *c == code) {
                // The shipped files are parsed by the tests; a broken one is a bug.
                Some((c, src)) => {
                    Rules::parse(c, &format!("{COMMON}\n{src}")).unwrap_or_else(|e| {
                        panic!("data/lang/{c}.txt (after common.txt) is not valid: {e}")
                    })
                }
                None => Rules::parse(code, COMMON)
                    .unwrap_or_else(|e| panic!("data/lang/common.txt is not valid: {e}")),
            }
        })
    }

    /// Whether the language is written without spaces between words (Chinese, Japanese,
    /// Thai, Khmer, Burmese): word units come from a word segmenter, not from spaces.
    pub fn unspaced(self) -> bool {
        matches!(self.code(), "zh" | "ja" | "th" | "km" | "my")
    }

    fn from_whatlang(l: whatlang::Lang) -> Lang {
        let code = l.code();
        LANGS
            .iter()
            .position(|(_, c3, _)| *c3 == code)
            .map_or(Lang::UND, |i| Lang(i as u8))
    }
}

impl std::fmt::Debug for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    fn from_str(s: &str) -> Result<Lang, String> {
        Lang::from_code(s).ok_or_else(|| {
            format!(
                "unknown language `{s}` (expected an ISO 639-1 code such as en, de, zh, or auto)"
            )
        })
    }
}

impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// How the language of a text is chosen: detected, or given by the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LangChoice {
    /// Identify it from the text ([`detect`]).
    #[default]
    Auto,
    /// This language, whatever the text looks like.
    Given(Lang),
}

impl LangChoice {
    /// The language of `text` under this choice (`hint`: a declared language, e.g. an HTML
    /// page's `lang`, used when detection is unsure).
    pub fn resolve(self, text: &str, hint: Option<Lang>) -> Lang {
        match self {
            LangChoice::Given(l) => l,
            LangChoice::Auto => detect_with_hint(text, hint),
        }
    }
}

impl std::str::FromStr for LangChoice {
    type Err = String;

    fn from_str(s: &str) -> Result<LangChoice, String> {
        if s.trim().eq_ignore_ascii_case("auto") {
            Ok(LangChoice::Auto)
        } else {
            s.parse().map(LangChoice::Given)
        }
    }
}

/// How much text language identification looks at (the start of the text).
pub const DETECT_BYTES: usize = 1024;

/// The language of `text`, identified from its first [`DETECT_BYTES`] bytes;
/// [`Lang::UND`] when the text has no letters to tell from.
pub fn detect(text: &str) -> Lang {
    detect_with_hint(text, None)
}

/// [`detect`], preferring `hint` (a declared language) when the detector is not confident
/// and the hint is written in the script it saw.
///
/// Two stages: a vote of the function words of the languages with data files (their
/// `starters`: pronouns, articles, conjunctions, prepositions), which settles most news
/// paragraphs in a few microseconds; when the vote is not clear (short or mixed text, a
/// language without a file), whatlang's trigram and script model decides (~100 µs a call).
pub fn detect_with_hint(text: &str, hint: Option<Lang>) -> Lang {
    let mut end = text.len().min(DETECT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    if let Some(l) = vote::decide(sample) {
        return l;
    }
    let Some(info) = whatlang::detect(sample) else {
        return hint.unwrap_or(Lang::UND);
    };
    let found = Lang::from_whatlang(info.lang());
    match hint {
        // Kanji-only Japanese looks Chinese to every detector: a page that says "ja" is.
        Some(h) if h.code() == "ja" && found.code() == "zh" => h,
        Some(h) if h != found && !info.is_reliable() => {
            let same_script = whatlang::Lang::from_code(LANGS[h.0 as usize].1)
                .is_some_and(|hl| script_of(hl) == Some(info.script()));
            if same_script {
                h
            } else {
                found
            }
        }
        _ => found,
    }
}

/// The script a language is written in (as whatlang names scripts), for the few languages
/// where a hint could matter; `None` when unsure.
fn script_of(l: whatlang::Lang) -> Option<whatlang::Script> {
    use whatlang::Lang as W;
    use whatlang::Script as S;
    Some(match l {
        W::Rus | W::Ukr | W::Bul | W::Bel | W::Srp | W::Mkd => S::Cyrillic,
        W::Ara | W::Urd | W::Pes => S::Arabic,
        W::Hin | W::Mar | W::Nep => S::Devanagari,
        W::Cmn => S::Mandarin,
        W::Jpn => S::Katakana,
        W::Kor => S::Hangul,
        W::Ell => S::Greek,
        W::Heb | W::Yid => S::Hebrew,
        W::Tha => S::Thai,
        W::Ben => S::Bengali,
        W::Kat => S::Georgian,
        W::Hye => S::Armenian,
        W::Amh => S::Ethiopic,
        W::Tam => S::Tamil,
        W::Tel => S::Telugu,
        W::Kan => S::Kannada,
        W::Mal => S::Malayalam,
        W::Guj => S::Gujarati,
        W::Pan => S::Gurmukhi,
        W::Ori => S::Oriya,
        W::Mya => S::Myanmar,
        W::Sin => S::Sinhala,
        W::Khm => S::Khmer,
        _ => S::Latin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for l in Lang::all() {
            assert_eq!(Lang::from_code(l.code()), Some(l), "{l}");
            assert_eq!(Lang::from_code(LANGS[l.0 as usize].1), Some(l), "{l}");
        }
        assert_eq!(
            Lang::from_code("de-CH"),
            Some(Lang::from_code("de").unwrap())
        );
        assert_eq!(Lang::from_code("PT_br").map(Lang::code), Some("pt"));
        assert_eq!(Lang::from_code("no").map(Lang::code), Some("nb"));
        assert_eq!(Lang::from_code("xx"), None);
        assert!("auto".parse::<LangChoice>() == Ok(LangChoice::Auto));
        assert!("klingon".parse::<LangChoice>().is_err());
    }

    #[test]
    fn every_data_file_parses() {
        Rules::parse("und", COMMON).unwrap_or_else(|e| panic!("common: {e}"));
        for (code, src) in DATA {
            Rules::parse(code, src).unwrap_or_else(|e| panic!("{code}: {e}"));
            assert!(Lang::from_code(code).is_some(), "{code}");
        }
        assert_eq!(Lang::EN.rules().code, "en");
        assert!(Lang::UND.rules().words.is("Mr", flag::TITLE, false));
        assert!(!Lang::UND.rules().words.is("Dr", flag::TITLE, false));
    }

    #[test]
    fn detects_news_paragraphs() {
        for (text, code) in [
            (
                "The president met the prime minister on Tuesday to discuss trade.",
                "en",
            ),
            (
                "Der Bundestag hat am Donnerstag das neue Gesetz beschlossen.",
                "de",
            ),
            (
                "Le gouvernement a présenté mercredi son projet de budget pour l'année prochaine.",
                "fr",
            ),
            (
                "北京时间昨天，中国宣布了新的经济政策。这项政策将在明年实施。",
                "zh",
            ),
            (
                "東京都は二日、新しい条例を発表した。多くの市民が反対している。",
                "ja",
            ),
            ("प्रधानमंत्री ने मंगलवार को नई योजना की घोषणा की।", "hi"),
            (
                "Президент подписал указ о новых мерах поддержки экономики.",
                "ru",
            ),
        ] {
            assert_eq!(detect(text).code(), code, "{text}");
        }
        assert_eq!(detect("1234 5678 !!"), Lang::UND);
    }
}
