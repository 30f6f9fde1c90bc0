//! The seed article: a pasted CNN web page (caption, "Story highlights", dateline line).

#![allow(clippy::unwrap_used)] // test helpers may unwrap

use std::path::PathBuf;

use precis_ingest::{clean, parse_document, read_inputs, InputFormat, ReadOptions, RemovedKind};

fn seed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples/cnn-trump-putin.txt")
}

#[test]
fn seed_article_is_cleaned() {
    let items: Vec<_> = read_inputs(&[seed_path()], &ReadOptions::default()).collect();
    assert_eq!(items.len(), 1);
    let a = items.into_iter().next().unwrap().unwrap();
    assert_eq!(a.id, "cnn-trump-putin");
    assert!(
        a.text.starts_with(
            "President Donald Trump and Russian President Vladimir Putin spoke for “a little over an hour” Tuesday morning"
        ),
        "{}",
        a.text
    );
    assert_eq!(
        a.reference,
        Some(vec![
            "Putin spoke with Assad about the military operation in Syria".to_string(),
            "Putin and Trump recently met on the sidelines of a regional summit in Vietnam"
                .to_string(),
        ])
    );
    let kinds: Vec<RemovedKind> = a.removed.iter().map(|r| r.kind).collect();
    assert_eq!(
        kinds,
        vec![
            RemovedKind::Caption,
            RemovedKind::StoryHighlights,
            RemovedKind::StoryHighlights,
            RemovedKind::StoryHighlights,
            RemovedKind::Dateline,
        ]
    );
    assert!(a.removed[0]
        .text
        .starts_with("US President Donald Trump (R) and Russia's"));
    assert_eq!(a.removed[1].text, "Story highlights");
    assert_eq!(a.removed[4].text, "Washington CNN \u{a0}—");
    assert_eq!(a.title, None);
    // Nothing of the head is left in the body; the body keeps its 11 paragraphs.
    for r in &a.removed {
        assert!(!a.text.contains(&r.text), "{:?} still in the text", r.text);
    }
    assert_eq!(a.text.lines().count(), 11);
    assert!(a
        .text
        .ends_with("brokering a ceasefire in southwest Syria last summer."));
    // Blank lines collapsed, lines trimmed.
    assert!(!a.text.contains("\n\n"));
    assert!(a.text.lines().all(|l| l.trim() == l && !l.is_empty()));
}

#[test]
fn seed_article_via_parse_document_and_clean_agree() {
    let bytes = std::fs::read(seed_path()).unwrap();
    let a = parse_document("seed", &bytes, None, &ReadOptions::default()).unwrap();
    let b = parse_document(
        "seed",
        &bytes,
        Some(InputFormat::Text),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(a, b);
    let c = clean(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(c.text, a.text);
    assert_eq!(c.reference, a.reference);
    assert_eq!(c.removed, a.removed);
    // Stable: cleaning the cleaned text changes nothing.
    let again = clean(&c.text);
    assert_eq!(again.text, c.text);
    assert!(again.removed.is_empty());
}

#[test]
fn seed_article_uncleaned_keeps_everything() {
    let bytes = std::fs::read(seed_path()).unwrap();
    let opts = ReadOptions {
        clean: false,
        ..ReadOptions::default()
    };
    let a = parse_document("seed", &bytes, None, &opts).unwrap();
    assert!(a.text.starts_with("US President Donald Trump (R)"));
    assert!(a.removed.is_empty());
    assert_eq!(a.reference, None);
}
