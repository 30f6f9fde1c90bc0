//! Word analysis per language: which words are stop words and what a word's stem is.
//!
//! One [`Analyzer`] per language, chosen by [`Analyzer::for_lang`]:
//!
//! - **English** keeps precis's own list ([`crate::stopwords`]) and NLTK's Porter stemmer
//!   ([`crate::stem`]), the analysis the trained model was fitted with.
//! - **Other languages**: the Stopwords ISO list of the language (crate `stop-words`, MIT,
//!   (c) 2016 Gene Diaz) and its Snowball stemmer (crate `snowball_stemmers_rs`, MIT: the
//!   current Snowball algorithms compiled to Rust, including Czech, Polish, Hindi, Ukrainian and
//!   Catalan). A language without a Snowball stemmer is only lower-cased; one without a list
//!   has no stop words.
//!
//! Words come lower-cased from [`crate::tokenize`]; the analyzer never allocates for a stop
//! word and allocates the stem once per distinct word (callers cache by word).

use std::collections::HashSet;
use std::sync::OnceLock;

use snowball_stemmers_rs::{Algorithm, Stemmer};

use crate::hash::FxBuild;
use crate::lang::Lang;
use crate::{stem, stopwords};

/// How a language's words are stemmed.
enum Stem {
    /// NLTK's Porter stemmer in NLTK_EXTENSIONS mode (English).
    Porter,
    Snowball(Stemmer),
    /// Lower-casing only.
    None,
}

/// Stop words and stemmer of one language.
pub struct Analyzer {
    lang: Lang,
    stem: Stem,
    /// Stop words (lower case); `None` for English, which uses [`crate::stopwords`].
    stop: Option<HashSet<&'static str, FxBuild>>,
}

impl std::fmt::Debug for Analyzer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Analyzer")
            .field("lang", &self.lang)
            .field("stems", &self.has_stemmer())
            .field(
                "stop_words",
                &self
                    .stop
                    .as_ref()
                    .map_or(stopwords::STOP_WORDS.len(), HashSet::len),
            )
            .finish()
    }
}

/// The Snowball algorithm of a language, if there is one.
fn algorithm(code: &str) -> Option<Algorithm> {
    Some(match code {
        "ar" => Algorithm::Arabic,
        "hy" => Algorithm::Armenian,
        "ca" => Algorithm::Catalan,
        "cs" => Algorithm::Czech,
        "da" => Algorithm::Danish,
        "nl" => Algorithm::Dutch,
        "eo" => Algorithm::Esperanto,
        "et" => Algorithm::Estonian,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "hi" => Algorithm::Hindi,
        "hu" => Algorithm::Hungarian,
        "id" => Algorithm::Indonesian,
        "it" => Algorithm::Italian,
        "lt" => Algorithm::Lithuanian,
        "ne" => Algorithm::Nepali,
        "nb" => Algorithm::Norwegian,
        "fa" => Algorithm::Persian,
        "pl" => Algorithm::Polish,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sr" => Algorithm::Serbian,
        "es" => Algorithm::Spanish,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        "uk" => Algorithm::Ukrainian,
        "yi" => Algorithm::Yiddish,
        _ => return None,
    })
}

impl Analyzer {
    /// The analyzer of `lang` (built once, shared).
    pub fn for_lang(lang: Lang) -> &'static Analyzer {
        const N: usize = Lang::COUNT;
        static ALL: [OnceLock<Analyzer>; N] = [const { OnceLock::new() }; N];
        ALL[lang.index()].get_or_init(|| Analyzer::build(lang))
    }

    fn build(lang: Lang) -> Analyzer {
        let code = lang.code();
        if lang == Lang::EN {
            return Analyzer {
                lang,
                stem: Stem::Porter,
                stop: None,
            };
        }
        let stem = algorithm(code).map_or(Stem::None, |a| Stem::Snowball(Stemmer::create(a)));
        // Stopwords ISO files Norwegian under "no".
        let list_code = if code == "nb" { "no" } else { code };
        let stop = stop_words::lookup(list_code)
            .map(|words| words.iter().copied().collect())
            .unwrap_or_default();
        Analyzer {
            lang,
            stem,
            stop: Some(stop),
        }
    }

    /// The language.
    pub fn lang(&self) -> Lang {
        self.lang
    }

    /// Whether the language has a stemmer (otherwise words are only lower-cased).
    pub fn has_stemmer(&self) -> bool {
        !matches!(self.stem, Stem::None)
    }

    /// Whether `word` (lower case) is a stop word.
    pub fn is_stop_word(&self, word: &str) -> bool {
        match &self.stop {
            None => stopwords::is_stop_word(word),
            Some(set) => set.contains(word),
        }
    }

    /// The stem of `word` (lower case).
    pub fn stem(&self, word: &str) -> String {
        match &self.stem {
            Stem::Porter => stem::stem(word),
            Stem::Snowball(s) => s.stem(word).into_owned(),
            Stem::None => word.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn an(code: &str) -> &'static Analyzer {
        Analyzer::for_lang(Lang::from_code(code).unwrap())
    }

    #[test]
    fn english_is_unchanged() {
        let en = an("en");
        assert!(en.is_stop_word("the") && !en.is_stop_word("putin"));
        assert_eq!(en.stem("running"), stem::stem("running"));
    }

    #[test]
    fn other_languages_stop_words_and_stems() {
        let de = an("de");
        assert!(de.is_stop_word("die") && de.is_stop_word("der") && !de.is_stop_word("regierung"));
        assert_eq!(de.stem("regierungen"), de.stem("regierung"));
        let fr = an("fr");
        assert!(fr.is_stop_word("le") && fr.is_stop_word("la"));
        assert_eq!(fr.stem("gouvernements"), fr.stem("gouvernement"));
        for code in ["cs", "pl", "hi", "ru", "es", "it", "pt", "nl", "tr", "ar"] {
            assert!(an(code).has_stemmer(), "{code}");
        }
        assert!(!an("ko").has_stemmer());
        assert_eq!(an("ko").stem("정부"), "정부");
    }

    #[test]
    fn stemmers_survive_any_input() {
        let words = [
            "",
            "a",
            "ёё",
            "\u{0}",
            "🙂🙂",
            "ççççç",
            "ßẞ",
            "ııı",
            "ـــ",
            "ँँँ",
            "x".repeat(300).as_str().to_owned().leak(),
        ];
        for l in Lang::all() {
            let a = Analyzer::for_lang(l);
            for w in words {
                let _ = a.stem(w);
                let _ = a.is_stop_word(w);
            }
        }
    }
}
