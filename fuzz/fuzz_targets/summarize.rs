//! The summarizer (precis `Summarizer`) with every method on any text: analysis, the trained
//! model, Lead, TextRank, LexRank, Centroid and the oracle, selection under a budget, rendering.
//!
//! Input: byte 0: bits 0-1 the budget (auto, 1-8 sentences from bits 2-4, words from byte 1,
//! a ratio from byte 1), bit 5 score order, bit 6 no cleaning, bit 7 a given language (byte 1
//! picks it) instead of identification; the rest is `article [\0 reference highlights]`
//! (invalid UTF-8 replaced by U+FFFD).
//!
//! Checks, for each method: a summary is non-empty, every highlight is exactly
//! `text[start..end]` of the cleaned text and names an existing sentence, highlights are in
//! source order (or best first under score order), a sentence budget is kept, the sentence
//! count is within `MAX_SENTENCES`, the JSON rendering parses back, a second run on a small
//! article gives the same output; errors are the documented
//! ones (`NoReference` only for the oracle without a reference).

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis::{Analyzed, Budget, Error, Highlight, LangChoice, Method, Options, Order, Summarizer};

/// The order of `precis::select::by_score`: higher score first (NaN last), then source order.
fn best_first(a: &Highlight, b: &Highlight) -> std::cmp::Ordering {
    match (a.score.is_nan(), b.score.is_nan()) {
        (true, false) => std::cmp::Ordering::Greater,
        (false, true) => std::cmp::Ordering::Less,
        _ => b
            .score
            .total_cmp(&a.score)
            .then(a.sentence.cmp(&b.sentence)),
    }
}

fuzz_target!(|data: &[u8]| {
    let ([f, g], rest) = precis_fuzz::flags::<2>(data);
    let budget = match f & 3 {
        0 => Budget::Auto,
        1 => Budget::Sentences(usize::from((f >> 2) & 7) + 1),
        2 => Budget::Words(usize::from(g) + 1),
        _ => Budget::Ratio((f64::from(g) + 1.0) / 256.0),
    };
    let order = if f & 32 != 0 {
        Order::Score
    } else {
        Order::Source
    };
    let clean = f & 64 == 0;
    let lang = if f & 128 != 0 {
        LangChoice::Given(precis_fuzz::lang(g))
    } else {
        LangChoice::Auto
    };
    let parts = precis_fuzz::pieces(rest);
    let text = String::from_utf8_lossy(parts[0]);
    let mut article = precis::article_from_text(&text, clean, lang);
    if let Some(r) = parts.get(1) {
        let lines: Vec<String> = String::from_utf8_lossy(r)
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        article.reference = Some(lines);
    }
    let analyzed = match Analyzed::new(&article) {
        Ok(a) => a,
        Err(e) => {
            assert_eq!(e, Error::NoSentences, "Analyzed::new failed with {e:?}");
            return;
        }
    };
    for method in Method::ALL {
        let opts = Options {
            method,
            budget,
            order,
            include_text: false,
            clean,
            lang,
        };
        let result = Summarizer::new(opts.clone()).summarize_analyzed(&analyzed);
        // Determinism (small articles: a second run of the method gives the same output).
        if rest.len() <= 16 << 10 {
            let again = Summarizer::new(opts).summarize_analyzed(&analyzed);
            match (&result, &again) {
                (Ok(a), Ok(b)) => assert_eq!(
                    a.to_json_line(),
                    b.to_json_line(),
                    "{method}: a second run differs"
                ),
                (a, b) => assert_eq!(
                    a.as_ref().err(),
                    b.as_ref().err(),
                    "{method}: a second run differs"
                ),
            }
        }
        let h = match result {
            Ok(h) => h,
            Err(Error::NoReference) => {
                assert_eq!(method, Method::Oracle, "NoReference from {method}");
                assert!(
                    article.reference.as_ref().is_none_or(|r| r.is_empty()),
                    "NoReference although the article has a reference"
                );
                continue;
            }
            Err(Error::NoHighlights) => continue,
            Err(e) => panic!("{method}: unexpected error {e:?}"),
        };
        assert!(!h.highlights.is_empty(), "{method}: empty summary");
        assert!(
            h.sentences <= precis::MAX_SENTENCES,
            "{method}: too many sentences"
        );
        for x in &h.highlights {
            assert!(
                x.sentence < h.sentences,
                "{method}: sentence {} of {}",
                x.sentence,
                h.sentences
            );
            assert_eq!(
                article.text.get(x.start..x.end),
                Some(x.text.as_str()),
                "{method}: highlight is not text[start..end]"
            );
        }
        for w in h.highlights.windows(2) {
            let (a, b) = (&w[0], &w[1]);
            match order {
                Order::Source => assert!(
                    a.sentence < b.sentence,
                    "{method}: highlights not in source order"
                ),
                Order::Score => assert_eq!(
                    best_first(a, b),
                    std::cmp::Ordering::Less,
                    "{method}: highlights not best first ({} {}, {} {})",
                    a.sentence,
                    a.score,
                    b.sentence,
                    b.score
                ),
            }
        }
        if let Budget::Sentences(k) = budget {
            assert!(
                h.highlights.len() <= k,
                "{method}: {} > {k} sentences",
                h.highlights.len()
            );
        }
        let line = h.to_json_line();
        serde_json::from_str::<serde_json::Value>(&line).expect("highlights JSON parses");
        let mut out = Vec::new();
        h.write_text(&mut out).expect("writing to a Vec");
    }
});
