//! Sentence segmentation and word tokenization (precis-text) on any text.
//!
//! Input: byte 0 picks the language (every language precis names, by index), byte 1 the case
//! mode (auto, mixed, lower, upper); the rest is the text (invalid UTF-8 replaced by U+FFFD).
//!
//! Checks: the segmenter's guarantees (spans non-empty, in bounds, on char boundaries,
//! ascending, non-overlapping, trimmed, newline-free, lossless), the same spans from
//! `split_into` with a dirty reused buffer and from `sentences_in` (auto case), word spans in
//! bounds and ascending with `word_count` agreeing, and no panic in case and language
//! detection, `ends_with_mark`, lower-casing and the language's stemmer. Through precis
//! (`precis::analyze::Doc::in_lang`, what every method analyses): the same sentences up to
//! `MAX_SENTENCES` (`truncated` exactly when there were more), one token list per sentence,
//! term ids in range, and the same analysis twice in a row (the per-thread vocabulary it
//! reuses leaves no trace).

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis::analyze::Doc;
use precis_text::analyzer::Analyzer;
use precis_text::segment::{ends_with_mark, sentences_in, Case, Segmenter};
use precis_text::tokenize::{lowercase_words, word_count, word_spans};

fuzz_target!(|data: &[u8]| {
    let ([l, c], rest) = precis_fuzz::flags::<2>(data);
    let lang = precis_fuzz::lang(l);
    let case = precis_fuzz::case(c);
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();

    let seg = Segmenter::new(lang).case(case);
    let spans = seg.split(text);
    precis_fuzz::check_sentence_spans(text, &spans);

    let mut reused = vec![3..1, 0..usize::MAX];
    seg.split_into(text, &mut reused);
    assert!(reused == spans, "split_into differs from split");
    // Auto case: what `sentences_in` and `Doc` use.
    let auto = if case == Case::Auto {
        spans.clone()
    } else {
        Segmenter::new(lang).split(text)
    };
    assert!(
        sentences_in(text, lang) == auto,
        "sentences_in differs from Segmenter::split (auto case)"
    );
    for r in &spans {
        let _ = ends_with_mark(&text[r.clone()]);
    }
    let _ = Case::detect(text);
    let _ = precis_text::lang::detect_with_hint(text, Some(lang));

    let n = precis_fuzz::check_word_spans(text, word_spans(text));
    assert_eq!(word_count(text), n, "word_count differs from word_spans");
    let analyzer = Analyzer::for_lang(lang);
    let mut buf = String::new();
    let mut units = 0usize;
    lowercase_words(text, &mut buf, |w| {
        assert!(!w.is_empty(), "empty word unit");
        // Stemming is per word; a few thousand words cover every path.
        if units < 4096 {
            let _ = analyzer.stem(w);
            let _ = analyzer.is_stop_word(w);
        }
        units += 1;
    });

    let doc = Doc::in_lang(text, lang);
    let kept = auto.len().min(precis::MAX_SENTENCES);
    assert!(
        doc.sentences == auto[..kept],
        "Doc sentences differ from the segmenter's"
    );
    assert_eq!(
        doc.truncated,
        auto.len() > precis::MAX_SENTENCES,
        "Doc::truncated"
    );
    assert_eq!(
        doc.tokens.len(),
        doc.sentences.len(),
        "one token list per sentence"
    );
    assert_eq!(doc.stems.len(), doc.stop.len(), "one stop flag per term");
    for t in doc.tokens.iter().flatten() {
        assert!((*t as usize) < doc.stems.len(), "term id {t} out of range");
    }
    // Determinism (small texts: the analysis is the costly part).
    if text.len() <= 64 << 10 {
        let again = Doc::in_lang(text, lang);
        assert!(
            again.tokens == doc.tokens && again.stems == doc.stems && again.stop == doc.stop,
            "Doc differs on a second analysis"
        );
    }
});
