//! No crafted page may amplify CPU (or memory) in HTML extraction.
//!
//! Each hostile input of `support/hostile.rs` (built at 1.6 MB, near the server's 2 MB body
//! limit) must extract to `Ok` or a clean `Err`, and the bounded parse must show the
//! structural facts that make the work linear in the input (no timings are asserted):
//! - every tag the tokenizer could read has at most `attrs::MAX_ATTRS` attributes (its
//!   duplicate check is quadratic per tag);
//! - the text handed to the parser nests at most `nesting::MAX_DEPTH` deep by the byte scan's
//!   model (html5ever's scope checks walk the open elements);
//! - the tree builder did at most `parse::WORK_PER_BYTE` units of work per byte (else the page
//!   is rejected as too complex) and created a bounded number of elements;
//! - the parsed tree has at most `MAX_ELEMENTS` elements, is at most `shape::MAX_TREE_DEPTH`
//!   deep, and its nodes' mean depth is within `shape::MAX_MEAN_DEPTH` (dom_smoothie and the
//!   pre-clean do per-element work proportional to subtree size).
//!
//! On the code before these bounds existed the same inputs take from seconds to minutes each
//! (one attribute-heavy tag: 9–28 s; nested lists: 15 s; 500 left-open formatting elements:
//! 8 million elements and over 1 GB from 200 KB), see `examples/hostile.rs`.

#[path = "support/hostile.rs"]
mod hostile;

use precis_html::{attrs, nesting, parse, shape, HtmlError, MAX_ELEMENTS};

const SIZE: usize = 1_600_000;

fn check(name: &str, html: &str) {
    assert!(html.len() >= 1_500_000, "{name}: only {} bytes", html.len());
    let r = precis_html::parse_report(html);
    assert!(
        r.max_attributes <= attrs::MAX_ATTRS,
        "{name}: a tag with {} attributes reaches the parser",
        r.max_attributes
    );
    assert!(
        r.scan_depth <= nesting::MAX_DEPTH,
        "{name}: depth {} reaches the parser",
        r.scan_depth
    );
    assert!(
        r.created_elements <= parse::MAX_CREATED + parse::CHUNK as u64 * 512,
        "{name}: {} elements created",
        r.created_elements
    );
    match &r.error {
        None => {
            assert!(r.parse_work <= r.parse_work_limit, "{name}: {r:?}");
            assert!(r.elements <= MAX_ELEMENTS, "{name}: {r:?}");
            assert!(r.tree_depth <= shape::MAX_TREE_DEPTH, "{name}: {r:?}");
            assert!(
                r.tree_weighted_depth
                    <= shape::MAX_MEAN_DEPTH * r.tree_units + shape::DEPTH_ALLOWANCE,
                "{name}: {r:?}"
            );
        }
        Some(HtmlError::TooComplex { .. } | HtmlError::TooManyElements { .. }) => {}
        Some(e) => panic!("{name}: unexpected rejection {e}"),
    }
    match precis_html::extract(html, Some("https://example.com/a")) {
        Ok(ex) => assert!(!ex.text.is_empty(), "{name}"),
        Err(
            HtmlError::NoArticle | HtmlError::TooComplex { .. } | HtmlError::TooManyElements { .. },
        ) => {}
        Err(e) => panic!("{name}: unexpected error {e}"),
    }
}

/// The cases, by name prefix, in groups (one test each, so they run in parallel).
const GROUPS: [&[&str]; 6] = [
    &["attr", "body_", "html_"],
    &["table"],
    &["a_", "b_", "font_", "fmt_", "nobr", "object"],
    &[
        "divs_", "spans_", "ul_", "li_", "dl_", "p_", "h_", "select", "template", "svg", "math",
        "frameset", "ruby", "form", "lists_",
    ],
    &[
        "div_",
        "span_",
        "br_",
        "img_",
        "links_",
        "text_",
        "entities",
        "whitespace",
        "comment",
        "quote",
        "tag_",
        "lt_",
        "end_",
        "doctype",
        "cdata",
        "script",
        "title",
        "textarea",
        "plaintext",
    ],
    &[
        "meta",
        "time",
        "jsonld",
        "captions",
        "related",
        "share",
        "highlight",
        "strong",
        "h1_",
        "paragraphs",
        "nested_",
        "cond_",
    ],
];

fn in_group(name: &str, group: &[&str]) -> bool {
    group.iter().any(|p| name.starts_with(p))
}

fn run(group: usize) {
    let mut ran = 0;
    for (name, _, make) in hostile::cases() {
        if in_group(name, GROUPS[group]) {
            check(name, &make(SIZE));
            ran += 1;
        }
    }
    assert!(ran > 0);
}

#[test]
fn attributes() {
    run(0);
}

#[test]
fn tables() {
    run(1);
}

#[test]
fn formatting_elements() {
    run(2);
}

#[test]
fn nesting() {
    run(3);
}

#[test]
fn siblings_text_and_scan_corners() {
    run(4);
}

#[test]
fn metadata_and_preclean() {
    run(5);
}

#[test]
fn every_case_is_in_one_group() {
    for (name, _, _) in hostile::cases() {
        let n = GROUPS.iter().filter(|g| in_group(name, g)).count();
        assert_eq!(n, 1, "{name} is in {n} groups");
    }
}
