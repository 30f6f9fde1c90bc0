//! HTML extraction (precis-html `extract_bytes`) on any bytes: a page as saved (any charset,
//! optionally gzip-compressed).
//!
//! Checks: an extracted article has a text of non-empty trimmed lines, non-blank highlights,
//! and a canonical URL when one was passed in; the nesting bound holds (`flatten` leaves no
//! counted nesting deeper than `MAX_DEPTH`); `looks_like_html` and `decode` never panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis_html::nesting::{flatten, max_depth, MAX_DEPTH};

fuzz_target!(|data: &[u8]| {
    let _ = precis_html::looks_like_html(data);
    match precis_html::extract_bytes(data, Some("https://www.example.com/news/story.html")) {
        Ok(page) => {
            assert!(!page.text.trim().is_empty(), "extracted an empty text");
            precis_fuzz::check_lines("page text", &page.text);
            if let Some(h) = &page.highlights {
                for line in h {
                    assert!(!line.trim().is_empty(), "blank highlight in {h:?}");
                }
            }
            assert!(page.url.is_some(), "no URL although one was given");
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
    // The nesting bound on the decoded text (what `extract` parses).
    let text = precis_html::decode(data);
    let depth = max_depth(&flatten(&text, MAX_DEPTH));
    assert!(depth <= MAX_DEPTH, "flatten left nesting depth {depth}");
});
