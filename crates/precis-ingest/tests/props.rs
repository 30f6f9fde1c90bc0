//! Property tests: `clean` and `parse_document` never panic, keep valid trimmed lines, only
//! drop what they report, and are stable (cleaning twice = cleaning once).

#![allow(clippy::unwrap_used)] // test helpers may unwrap

use precis_ingest::Lang;
use precis_ingest::{clean, parse_document, InputFormat, ReadOptions};
use proptest::prelude::*;

/// Pieces of news text and boilerplate, glued together in random order and separators.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("(CNN)".to_string()),
        Just("(CNN) -- ".to_string()),
        Just("Boston (CNN)".to_string()),
        Just("WASHINGTON (AP) — ".to_string()),
        Just("Washington CNN \u{a0}—\u{a0}".to_string()),
        Just("LONDON, England (Reuters) -- ".to_string()),
        Just("Story highlights".to_string()),
        Just("By . Daily Mail Reporter . PUBLISHED: . 14:11 EST, 25 October 2013 . | . UPDATED: . 14:11 EST, 25 October 2013 . ".to_string()),
        Just("By . Sam Webb . ".to_string()),
        Just("Last updated at 10:23 AM on 5th June 2011 ".to_string()),
        Just("Scroll down for video".to_string()),
        Just("READ MORE: ".to_string()),
        Just("Click here to ".to_string()),
        Just("Share this withEmailFacebookTwitterCopy this link".to_string()),
        Just("@highlight".to_string()),
        Just("The president said on Tuesday that talks went well.".to_string()),
        Just("Police arrested a man".to_string()),
        Just("\"It is over,\" he said.".to_string()),
        Just("Trump and Putin talk Syria".to_string()),
        Just(". ".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("\r\n".to_string()),
        Just("\u{a0}".to_string()),
        "[A-Za-z .,\"'()—-]{0,12}",
        any::<String>().prop_map(|s| s.chars().take(8).collect()),
    ]
}

fn newsish() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..24).prop_map(|v| v.concat())
}

fn non_ws(s: &str) -> usize {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{feff}' && *c != '\u{200b}')
        .count()
}

/// "Scroll down for video" as a phrase (not "…videotape"), the way `clean` claims to remove it.
fn has_scroll_down(text: &str) -> bool {
    let pat = "scroll down for video";
    let mut from = 0;
    while let Some(i) = text.get(from..).and_then(|t| {
        t.char_indices().map(|(j, _)| j).find(|&j| {
            t[j..]
                .get(..pat.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(pat))
        })
    }) {
        let at = from + i;
        let mut after = text[at + pat.len()..].chars().peekable();
        if after.peek() == Some(&'s') {
            after.next();
        }
        let word_continues = after.peek().is_some_and(|c| c.is_lowercase());
        let word_start = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
            || text[at..].starts_with('S');
        if !word_continues && word_start {
            return true;
        }
        from = at + 1;
    }
    false
}

fn check_clean(s: &str) -> Result<(), TestCaseError> {
    check_clean_in(s, None)
}

/// The cleaner's invariants, in a given language (`None`: identified).
fn check_clean_in(s: &str, lang: Option<Lang>) -> Result<(), TestCaseError> {
    let clean = |t: &str| match lang {
        Some(l) => precis_ingest::clean_in(t, l),
        None => clean(t),
    };
    let c = clean(s);
    // Penn Treebank text is rewritten (detokenized), so only the other invariants hold.
    let ptb = precis_ingest::ptb::looks_tokenized(s);
    // Lines are trimmed and non-empty.
    if !c.text.is_empty() {
        for l in c.text.split('\n') {
            prop_assert!(!l.is_empty(), "empty line in {:?}", c.text);
            prop_assert_eq!(l.trim(), l);
        }
    }
    // Only what is reported (or kept as the title) disappears.
    let removed: usize = c.removed.iter().map(|r| non_ws(&r.text)).sum();
    let title = c.title.as_deref().map_or(0, non_ws);
    if !ptb {
        prop_assert_eq!(
            non_ws(s),
            non_ws(&c.text) + removed + title,
            "input {:?} -> {:?}",
            s,
            c
        );
    }
    // Stable.
    let again = clean(&c.text);
    prop_assert_eq!(&again.text, &c.text, "not idempotent on {:?}", s);
    // Nothing we claim to remove at the start is left there.
    prop_assert!(!c.text.starts_with("(CNN)"));
    prop_assert!(!c.text.starts_with("By . Daily Mail Reporter . PUBLISHED"));
    prop_assert!(!has_scroll_down(&c.text), "{:?}", c.text);
    prop_assert!(
        again.removed.is_empty(),
        "second pass removed {:?}",
        again.removed
    );
    prop_assert!(!c.text.contains("Share this withEmail"));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn clean_on_arbitrary_strings(s in any::<String>()) {
        check_clean(&s)?;
    }

    #[test]
    fn clean_on_news_like_strings(s in newsish()) {
        check_clean(&s)?;
    }

    #[test]
    fn clean_in_every_language(s in newsish(), k in 0usize..71) {
        let lang = Lang::all().nth(k).unwrap_or(Lang::EN);
        check_clean_in(&s, Some(lang))?;
    }

    #[test]
    fn ptb_text_detokenizes(tokens in prop::collection::vec(prop_oneof![
        Just("-lrb-"), Just("-rrb-"), Just("``"), Just("''"), Just(","), Just("."), Just("n't"),
        Just("'s"), Just("--"), Just("$"), Just("%"), Just("the"), Just("man"), Just("said"),
        Just("\n"), Just("é"), Just("東京"),
    ], 0..60)) {
        let text = tokens.join(" ");
        let d = precis_ingest::ptb::detokenize(&text);
        prop_assert_eq!(d.matches('\n').count(), text.matches('\n').count());
        for line in d.split('\n') {
            prop_assert!(!line.split(' ').any(|t| t == "-lrb-" || t == "-rrb-" || t == "``"), "{d:?}");
            prop_assert!(!line.contains(" ,") && !line.contains(" n't"), "{d:?}");
        }
        let _ = precis_ingest::ptb::looks_tokenized(&text);
        check_clean_in(&text, Some(Lang::EN))?;
    }

    #[test]
    fn parse_document_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512),
                                   fmt in prop_oneof![Just(None), Just(Some(InputFormat::Text)),
                                                      Just(Some(InputFormat::Story)),
                                                      Just(Some(InputFormat::Jsonl))]) {
        let opts = ReadOptions::default();
        if let Ok(a) = parse_document("doc", &bytes, fmt, &opts) {
            prop_assert!(!a.text.is_empty());
            prop_assert_eq!(a.id, "doc");
        }
    }

    #[test]
    fn parse_document_on_news_like_text(s in newsish()) {
        let opts = ReadOptions::default();
        match parse_document("doc", s.as_bytes(), None, &opts) {
            Ok(a) => prop_assert!(!a.text.is_empty()),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}
