//! HTML extraction (precis-html `extract_bytes`) on any bytes: a page as saved (any charset,
//! optionally gzip-compressed).
//!
//! Checks: an extracted article has a text of non-empty trimmed lines, non-blank highlights,
//! and a canonical URL when one was passed in; every error has a message; the bounds of the
//! hardened parse (`parse_report` on the decoded text): at most `attrs::MAX_ATTRS` attributes
//! a tag and `nesting::MAX_DEPTH` nesting after the pre-scan, tree-builder work within the
//! page's limit, at most `MAX_ELEMENTS` elements, tree depth within `shape::MAX_TREE_DEPTH`
//! and weighted depth within `MAX_MEAN_DEPTH` × units + `DEPTH_ALLOWANCE`; a page the parse
//! rejects is rejected by `extract` with the same error; extracting twice gives the same
//! result (pages up to 64 KiB); `looks_like_html` never panics.

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis_html::{attrs, nesting, shape, HtmlError, MAX_ELEMENTS};

const URL: &str = "https://www.example.com/news/story.html";

fuzz_target!(|data: &[u8]| {
    let _ = precis_html::looks_like_html(data);
    let result = precis_html::extract_bytes(data, Some(URL));
    match &result {
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
    if data.len() <= 64 << 10 {
        assert_eq!(
            precis_html::extract_bytes(data, Some(URL)),
            result,
            "a second extraction differs"
        );
    }
    if matches!(result, Err(HtmlError::Binary)) {
        return;
    }

    // The bounds of the parse `extract` starts with, on the decoded text it parses (for
    // gzip input `extract_bytes` decodes the inflated bytes, which `decode` inflates again
    // if they are gzip too: the bounds hold either way, the same-error check is for plain
    // input).
    let gzip = data.starts_with(&[0x1f, 0x8b]);
    let text = precis_html::decode(data);
    let r = precis_html::parse_report(&text);
    if let Some(e) = &r.error {
        assert!(
            gzip || result.as_ref().err() == Some(e),
            "parse_report rejected the page with {e:?}, extract gave {result:?}"
        );
        if matches!(e, HtmlError::Empty | HtmlError::TooLarge { .. }) {
            return;
        }
    }
    assert!(
        r.max_attributes <= attrs::MAX_ATTRS,
        "{} attributes on a tag after the pre-scan",
        r.max_attributes
    );
    assert!(
        r.scan_depth <= nesting::MAX_DEPTH,
        "nesting depth {} after the pre-scan",
        r.scan_depth
    );
    if r.error.is_none() {
        assert!(
            r.parse_work <= r.parse_work_limit,
            "parse work {} over its limit {}",
            r.parse_work,
            r.parse_work_limit
        );
        assert!(r.elements <= MAX_ELEMENTS, "{} elements", r.elements);
        assert!(
            r.tree_depth <= shape::MAX_TREE_DEPTH,
            "tree depth {} after the bound",
            r.tree_depth
        );
        assert!(
            r.tree_weighted_depth <= shape::MAX_MEAN_DEPTH * r.tree_units + shape::DEPTH_ALLOWANCE,
            "weighted depth {} over {} units",
            r.tree_weighted_depth,
            r.tree_units
        );
    }
});
