//! The readers of precis-ingest on any bytes: `parse_document` (in memory: sniffed, text,
//! story, HTML, and a dataset format, which must be refused), and `read_inputs` over a file
//! with every input format (sniffed from the content, text, story, JSONL, CSV, HTML).
//!
//! Input: byte 0 holds the read options (bit 0: no cleaning, bit 1: verbatim, bit 2: read a
//! `systems` field, bit 3: a 64-byte record limit, bits 4-5: language auto / en / de / zh);
//! the rest is the document or dataset.
//!
//! Checks: every article has a non-blank text and a non-empty id (the given one for
//! `parse_document`), its stored systems are sorted by name, cleaned texts have trimmed
//! non-empty lines, every error has a message, and a file gives at most one item per line
//! (plus one) — the stream ends; parsing a small document twice gives the same result.

#![no_main]

use std::io::Write;
use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use precis_ingest::{
    parse_document, read_inputs, Article, InputFormat, Lang, LangChoice, ReadOptions, RecordError,
};

/// One scratch file per fuzzing process.
fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("precis-fuzz-readers-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("cannot create the scratch directory");
        dir.join("input")
    })
}

fn check_article(a: &Article, opts: &ReadOptions, id: Option<&str>) {
    assert!(
        !a.text.trim().is_empty(),
        "article {:?} has a blank text",
        a.id
    );
    assert!(!a.id.is_empty(), "article with an empty id");
    if let Some(id) = id {
        assert_eq!(a.id, id, "parse_document changed the id");
    }
    assert!(
        a.systems.windows(2).all(|w| w[0].0 <= w[1].0),
        "systems not sorted by name: {:?}",
        a.systems
    );
    if opts.clean && !opts.verbatim {
        precis_fuzz::check_lines("article text", &a.text);
    }
}

fn check_error(e: &RecordError) {
    assert!(!e.message.is_empty(), "error without a message: {e:?}");
    assert!(!e.to_string().is_empty());
}

fuzz_target!(|data: &[u8]| {
    let ([f], bytes) = precis_fuzz::flags::<1>(data);
    let opts = ReadOptions {
        clean: f & 1 == 0,
        verbatim: f & 2 != 0,
        systems_field: (f & 4 != 0).then(|| "systems".to_string()),
        max_record_bytes: if f & 8 != 0 { 64 } else { 16 << 20 },
        lang: match (f >> 4) & 3 {
            0 => LangChoice::Auto,
            1 => LangChoice::Given(Lang::EN),
            2 => LangChoice::Given(Lang::from_code("de").unwrap_or(Lang::EN)),
            _ => LangChoice::Given(Lang::from_code("zh").unwrap_or(Lang::EN)),
        },
        ..ReadOptions::default()
    };

    for format in [
        None,
        Some(InputFormat::Text),
        Some(InputFormat::Story),
        Some(InputFormat::Html),
    ] {
        let parsed = parse_document("doc", bytes, format, &opts);
        match &parsed {
            Ok(a) => check_article(a, &opts, Some("doc")),
            Err(e) => check_error(e),
        }
        if bytes.len() <= 16 << 10 {
            assert_eq!(
                parse_document("doc", bytes, format, &opts),
                parsed,
                "a second parse differs ({format:?})"
            );
        }
    }
    for format in [InputFormat::Jsonl, InputFormat::Csv] {
        assert!(
            parse_document("doc", bytes, Some(format), &opts).is_err(),
            "parse_document accepted a dataset format"
        );
    }

    let path = scratch();
    {
        let mut file = std::fs::File::create(path).expect("cannot create the scratch file");
        file.write_all(bytes)
            .expect("cannot write the scratch file");
    }
    let lines = bytes.iter().filter(|&&b| b == b'\n').count() + 1;
    // CSV records may span lines; every other format gives at most one item per line.
    for format in [
        None,
        Some(InputFormat::Text),
        Some(InputFormat::Story),
        Some(InputFormat::Jsonl),
        Some(InputFormat::Csv),
        Some(InputFormat::Html),
    ] {
        let opts = ReadOptions {
            format,
            ..opts.clone()
        };
        let mut items = 0usize;
        for item in read_inputs(std::slice::from_ref(path), &opts) {
            items += 1;
            assert!(
                items <= lines + 1,
                "more than {} items from a file of {lines} lines ({format:?})",
                lines + 1
            );
            match item {
                Ok(a) => check_article(&a, &opts, None),
                Err(e) => check_error(&e),
            }
        }
        assert!(items >= 1, "no item at all from a file ({format:?})");
    }
});
