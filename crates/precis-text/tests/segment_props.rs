//! Property tests for the sentence segmenter: on any input it must not panic and must return
//! spans that are in bounds, on char boundaries, in order, non-overlapping, trimmed, non-empty,
//! newline-free and lossless (every non-whitespace char is covered), for every language's rules
//! and every case mode.

use precis_text::lang::Lang;
use precis_text::segment::{sentences, sentences_into, Case, Segmenter};
use proptest::prelude::*;
use std::ops::Range;

/// Whitespace as the segmenter trims it: Unicode whitespace and the byte-order mark.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn check_spans(text: &str, spans: &[Range<usize>]) -> Result<(), TestCaseError> {
    let mut prev_end = 0;
    for r in spans {
        prop_assert!(r.start < r.end, "empty span {r:?}");
        prop_assert!(
            r.end <= text.len(),
            "span {r:?} out of bounds ({})",
            text.len()
        );
        prop_assert!(
            r.start >= prev_end,
            "span {r:?} overlaps or is out of order"
        );
        prop_assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let s = &text[r.clone()];
        prop_assert_eq!(s, s.trim_matches(is_space), "span {:?} not trimmed", r);
        prop_assert!(!s.contains('\n'), "span {r:?} contains a newline");
        prev_end = r.end;
    }
    // Lossless: every non-whitespace char lies in a span.
    let mut k = 0;
    for (i, c) in text.char_indices() {
        if is_space(c) {
            continue;
        }
        while k < spans.len() && spans[k].end <= i {
            k += 1;
        }
        prop_assert!(
            k < spans.len() && spans[k].start <= i,
            "char {c:?} at {i} not covered by {spans:?}"
        );
    }
    Ok(())
}

/// Strings built from the characters the segmenter cares about.
fn newsy() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just(".".to_string()),
        Just("!".to_string()),
        Just("?".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("‘".to_string()),
        Just("’".to_string()),
        Just("“".to_string()),
        Just("”".to_string()),
        Just("…".to_string()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just(" ".to_string()),
        Just("\u{a0}".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("[".to_string()),
        Just("•".to_string()),
        Just("⁃".to_string()),
        Just("é".to_string()),
        Just("日本".to_string()),
        Just("😀".to_string()),
        Just("U.S.".to_string()),
        Just("Mr.".to_string()),
        Just("p.m.".to_string()),
        Just("No.".to_string()),
        Just(" . . .".to_string()),
        Just("Scroll down for video".to_string()),
        Just(" The ".to_string()),
        Just("1.".to_string()),
        Just("a.".to_string()),
        Just("。".to_string()),
        Just("！」と".to_string()),
        Just("？".to_string()),
        Just("।".to_string()),
        Just("؟".to_string()),
        Just("« ".to_string()),
        Just(" »".to_string()),
        Just("„".to_string()),
        Just("``".to_string()),
        Just(" '' ".to_string()),
        Just("-lrb- ".to_string()),
        Just(" -rrb-".to_string()),
        Just(" - ".to_string()),
        Just("— ".to_string()),
        Just("26. ".to_string()),
        Just("Oktober".to_string()),
        Just("z.B.".to_string()),
        Just("J.-P.".to_string()),
        Just("А. В.".to_string()),
        Just("\u{feff}".to_string()),
        Just("\u{202f}".to_string()),
        "[a-zA-Z0-9]{1,6}",
        "[A-Z][a-z]{1,5}",
    ];
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_unicode(text in "\\PC*") {
        check_spans(&text, &sentences(&text))?;
    }

    #[test]
    fn arbitrary_any_chars(text in ".*") {
        check_spans(&text, &sentences(&text))?;
    }

    #[test]
    fn punctuation_mix(text in "[.!?\"'‘’“”…\n a-zA-Z0-9éß日😀\u{a0}()•⁃]{0,60}") {
        check_spans(&text, &sentences(&text))?;
    }

    #[test]
    fn news_like(text in newsy()) {
        check_spans(&text, &sentences(&text))?;
    }

    #[test]
    fn every_language_and_case(text in newsy(), k in 0usize..64, c in 0usize..4) {
        let lang = Lang::all().nth(k).unwrap_or(Lang::EN);
        let case = [Case::Auto, Case::Mixed, Case::Lower, Case::Upper][c];
        let seg = Segmenter::new(lang).case(case);
        check_spans(&text, &seg.split(&text))?;
        let lower = text.to_lowercase();
        check_spans(&lower, &seg.split(&lower))?;
    }

    #[test]
    fn into_matches_sentences(text in newsy()) {
        let mut buf = vec![0..1, 2..3];
        sentences_into(&text, &mut buf);
        prop_assert_eq!(buf, sentences(&text));
    }
}

#[test]
fn long_inputs_without_spaces_are_fine() {
    // Backward scans are bounded, so these stay linear.
    for unit in ["a.", "A.", "1.", ". ", "ab.Cd", "… ", "Mr. ", "‘a’. "] {
        let text = unit.repeat(50_000);
        let spans = sentences(&text);
        assert!(spans.iter().all(|r| r.end <= text.len()));
    }
    // A long whitespace prefix followed by many non-boundary periods.
    for unit in ["Mr. X ", "K. Smith ", "5 p.m. Friday ", "U.S. Army "] {
        let text = format!("{}{}", " ".repeat(200_000), unit.repeat(20_000));
        let t = std::time::Instant::now();
        let spans = sentences(&text);
        assert_eq!(spans.len(), 1, "{unit:?}");
        assert!(t.elapsed().as_secs() < 5, "{unit:?} took {:?}", t.elapsed());
    }
}
