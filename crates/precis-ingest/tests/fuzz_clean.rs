//! The inputs on which the `clean` fuzz target (fuzz/fuzz_targets/clean.rs) failed, replayed
//! with the target's stability check: cleaning the output again, in the same language,
//! changes and removes nothing. Each file is a libFuzzer input as the target reads it: byte 0
//! picks the language (`Lang::COUNT` and above, modulo: identified from the text with
//! `clean`), the rest is the text (invalid UTF-8 replaced by U+FFFD).
//!
//! What they found: more stacked head blocks than the cleaner's 6 passes (runs of `(CNN)`
//! lines under captions, repeated "Story highlights" blocks); a cased head above a lower-cased
//! body (the capitals judgement changed with the head removed); Penn Treebank tokens freed by
//! removing the boilerplate glued to them.

use std::path::Path;

use precis_ingest::{clean, clean_in, Lang};

#[test]
fn clean_fuzz_crashes_are_stable() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-clean");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 5, "inputs in {}", dir.display());
    for path in files {
        let data = std::fs::read(&path).unwrap();
        let (&l, rest) = data.split_first().unwrap();
        let text = String::from_utf8_lossy(rest);
        let k = usize::from(l) % (Lang::COUNT + 1);
        let (once, lang) = if k == Lang::COUNT {
            (clean(&text), precis_text::lang::detect(&text))
        } else {
            let lang = Lang::all().nth(k).unwrap();
            (clean_in(&text, lang), lang)
        };
        let again = clean_in(&once.text, lang);
        assert!(
            again.text == once.text,
            "{}: cleaning the output again changed it",
            path.display()
        );
        assert!(
            again.removed.is_empty(),
            "{}: cleaning the output again removed {:?}",
            path.display(),
            again.removed
        );
    }
}
