//! Sentence segmentation and word tokenization (precis-text) on any text.
//!
//! Input: byte 0 picks the language (every language precis names, by index), byte 1 the case
//! mode (auto, mixed, lower, upper); the rest is the text (invalid UTF-8 replaced by U+FFFD).
//!
//! Checks: the segmenter's guarantees (spans non-empty, in bounds, on char boundaries,
//! ascending, non-overlapping, trimmed, newline-free, lossless), the same spans from
//! `split_into` with a dirty reused buffer and from `sentences_in` (auto case), word spans in
//! bounds and ascending with `word_count` agreeing, and no panic in case and language
//! detection, `ends_with_mark`, lower-casing and the language's stemmer.

#![no_main]

use libfuzzer_sys::fuzz_target;
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
    assert_eq!(reused, spans, "split_into differs from split");
    if case == Case::Auto {
        assert_eq!(sentences_in(text, lang), spans, "sentences_in differs");
    }
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
});
