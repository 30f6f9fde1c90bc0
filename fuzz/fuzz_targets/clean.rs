//! The boilerplate cleaner (precis-ingest `clean` / `clean_in`) on any text.
//!
//! Input: byte 0 picks the language (`Lang::COUNT` and above, modulo: identified from the text
//! with `clean`); the rest is the text (invalid UTF-8 replaced by U+FFFD).
//!
//! Checks (the cleaner's documented guarantees, as in `crates/precis-ingest/tests/props.rs`):
//! output lines non-empty and trimmed; nothing disappears silently (every non-whitespace char
//! of the input is in the text, the title or a removed piece, unless the input has Penn
//! Treebank tokens that detokenizing shortens: `-lrb-` and the like, ``` `` ```, `''`); stable
//! (cleaning the output again in the same language changes and removes nothing); the title and
//! the reference lines are not blank.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis_fuzz::{check_lines, non_ws};
use precis_ingest::{clean, clean_in, Lang};

/// Whether detokenizing could change the non-whitespace count: bracket tokens (`-lrb-` → `(`)
/// and quote tokens (``` `` ``` and `''` → `"`); every other change is in the spacing.
fn has_shortening_ptb_tokens(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    [
        "-lrb-", "-rrb-", "-lsb-", "-rsb-", "-lcb-", "-rcb-", "``", "''",
    ]
    .iter()
    .any(|t| lower.contains(t))
}

fuzz_target!(|data: &[u8]| {
    let ([l], rest) = precis_fuzz::flags::<1>(data);
    let text = String::from_utf8_lossy(rest);
    let text = text.as_ref();
    let k = usize::from(l) % (Lang::COUNT + 1);
    let (c, lang) = if k == Lang::COUNT {
        let lang = precis_text::lang::detect(text);
        let c = clean(text);
        assert_eq!(
            c,
            clean_in(text, lang),
            "clean differs from clean_in(detect)"
        );
        (c, lang)
    } else {
        let lang = precis_fuzz::lang(k as u8);
        (clean_in(text, lang), lang)
    };

    check_lines("cleaned text", &c.text);
    let ptb = precis_ingest::ptb::looks_tokenized(text);
    if !has_shortening_ptb_tokens(text) {
        let removed: usize = c.removed.iter().map(|r| non_ws(&r.text)).sum();
        let title = c.title.as_deref().map_or(0, non_ws);
        assert_eq!(
            non_ws(text),
            non_ws(&c.text) + removed + title,
            "non-whitespace chars lost or invented: {c:?}"
        );
    }
    if ptb {
        let _ = precis_ingest::ptb::detokenize(text);
    }
    if let Some(t) = &c.title {
        assert!(!t.trim().is_empty(), "blank title");
    }
    if let Some(r) = &c.reference {
        for line in r {
            assert!(!line.trim().is_empty(), "blank reference line in {r:?}");
        }
    }

    let again = clean_in(&c.text, lang);
    assert!(again.text == c.text, "cleaning is not stable");
    assert!(
        again.removed.is_empty(),
        "a second pass removed {:?}",
        again.removed
    );
});
