//! Properties of the stemmer on arbitrary input: no panic, the cache agrees, ASCII input is
//! stemmed the same through every entry point.

use precis_text::stem::{stem, stem_ascii_into, StemCache};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_cache_agrees(w in any::<String>()) {
        let s = stem(&w);
        let mut c = StemCache::new();
        prop_assert_eq!(c.stem(&w), s.as_str());
        prop_assert_eq!(c.stem(&w), s.as_str());
    }

    #[test]
    fn ascii_paths_agree(w in "[a-zA-Z0-9*'-]{0,24}") {
        let mut buf = Vec::new();
        prop_assert!(stem_ascii_into(w.as_bytes(), &mut buf));
        prop_assert_eq!(String::from_utf8(buf).unwrap_or_default(), stem(&w));
        // Lower-cases like nltk: upper-case input stems as its lower-case form when the length
        // (checked on the original word) is the same.
        prop_assert_eq!(stem(&w), stem(&w.to_ascii_lowercase()));
    }

    #[test]
    fn suffix_shaped_words(stem_part in "[a-z]{0,6}", suf in prop::sample::select(vec![
        "ational", "tional", "alli", "fulli", "logi", "ies", "ied", "eed", "ing", "ed", "ly", "ness",
        "ement", "ion", "ll", "e", "y", "sses", "bli", "iviti", "biliti",
    ])) {
        let w = format!("{stem_part}{suf}");
        let s = stem(&w);
        prop_assert!(s.len() <= w.len() + 1);
        prop_assert!(s.bytes().all(|b| b.is_ascii_lowercase()));
    }
}
