//! Readers and bad input: every good record still comes out, in order, and every bad one is
//! one clear error.

#![allow(clippy::unwrap_used)] // test helpers may unwrap

use std::io::Write;
use std::path::{Path, PathBuf};

use precis_ingest::{read_inputs, Article, InputFormat, ReadOptions, RecordError};

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, bytes).unwrap();
    p
}

fn read(paths: &[PathBuf]) -> Vec<Result<Article, RecordError>> {
    read_inputs(paths, &ReadOptions::default()).collect()
}

fn ok_ids(items: &[Result<Article, RecordError>]) -> Vec<String> {
    items
        .iter()
        .filter_map(|r| r.as_ref().ok())
        .map(|a| a.id.clone())
        .collect()
}

fn errors(items: &[Result<Article, RecordError>]) -> Vec<String> {
    items
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| e.to_string())
        .collect()
}

fn line(id: &str, text: &str) -> String {
    serde_json::json!({"id": id, "article": text, "highlights": "One.\nTwo."}).to_string() + "\n"
}

#[test]
fn jsonl_bad_lines_in_the_middle() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = String::new();
    data += &line("a", "(CNN)First article is here.");
    data += "\n   \n"; // blank lines: skipped silently
    data += "{\"id\": \"b\", \"article\": \"broken\" \"x\"}\n"; // line 4
    data += &line("c", "Third article.");
    data += "{\"id\": \"d\", \"text\": \"no article field\"}\n"; // line 6
    data += "{\"id\": \"e\", \"article\": 42}\n"; // line 7
    data += "[1, 2]\n"; // line 8
    data += &line("f", "   ");
    data += &line("g", "12345 ... 678");
    data += "{\"article\": \"No id here.\", \"highlights\": [\"A.\", \"B.\"]}\n"; // line 11
    data += "{\"id\": \"h\", \"article\": \"Bad highlights.\", \"highlights\": 5}\n";
    data += &line("i", "Last article.");
    let p = write(dir.path(), "data.jsonl", data.as_bytes());
    let items = read(&[p]);
    assert_eq!(ok_ids(&items), vec!["a", "c", "data.jsonl:11", "i"]);
    let first = items[0].as_ref().unwrap();
    assert_eq!(first.text, "First article is here.");
    assert_eq!(
        first.reference,
        Some(vec!["One.".to_string(), "Two.".to_string()])
    );
    let no_id = items
        .iter()
        .flatten()
        .find(|a| a.id == "data.jsonl:11")
        .unwrap();
    assert_eq!(
        no_id.reference,
        Some(vec!["A.".to_string(), "B.".to_string()])
    );
    let errs = errors(&items);
    let src = dir.path().join("data.jsonl").display().to_string();
    assert_eq!(
        errs,
        vec![
            format!("{src}:4: invalid JSON: expected `,` or `}}` at column 33"),
            format!("{src}:6 (id d): field `article` is missing"),
            format!("{src}:7 (id e): field `article` must be a string, found a number"),
            format!("{src}:8: expected a JSON object (with the text field `article`), found an array"),
            format!("{src}:9 (id f): field `article`: empty text (only whitespace)"),
            format!("{src}:10 (id g): field `article`: no text (no letters)"),
            format!(
                "{src}:12 (id h): field `highlights` must be a string or an array of strings, found a number"
            ),
        ]
    );
    // Errors carry structured fields too.
    let e = items.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert_eq!(e.line, Some(4));
    let e = items
        .iter()
        .filter_map(|r| r.as_ref().err())
        .nth(1)
        .unwrap();
    assert_eq!(
        (e.id.as_deref(), e.field.as_deref()),
        (Some("d"), Some("article"))
    );
    // Items come in input order.
    let order: Vec<String> = items
        .iter()
        .map(|r| match r {
            Ok(a) => a.id.clone(),
            Err(e) => format!("err{}", e.line.unwrap()),
        })
        .collect();
    assert_eq!(
        order,
        vec![
            "a",
            "err4",
            "c",
            "err6",
            "err7",
            "err8",
            "err9",
            "err10",
            "data.jsonl:11",
            "err12",
            "i"
        ]
    );
}

#[test]
fn file_level_errors_do_not_stop_the_stream() {
    let dir = tempfile::tempdir().unwrap();
    let good1 = write(dir.path(), "good1.txt", b"A first good article.\n");
    let bad_utf8 = write(
        dir.path(),
        "latin1.txt",
        b"Caf\xe9 society is back.\nSecond line.",
    );
    let empty = write(dir.path(), "empty.txt", b"");
    let blank = write(dir.path(), "blank.txt", b"  \n\n \t\n");
    let binary = write(
        dir.path(),
        "image.txt",
        &[0x89, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3],
    );
    let digits = write(dir.path(), "digits.txt", b"1234 5678\n---\n");
    let empty_jsonl = write(dir.path(), "empty.jsonl", b"");
    let binary_jsonl = write(dir.path(), "bin.jsonl", b"{\0\0\0}");
    let missing = dir.path().join("does-not-exist.txt");
    let empty_dir = dir.path().join("emptydir");
    std::fs::create_dir_all(empty_dir.join(".hidden-only")).unwrap();
    write(&empty_dir, ".hidden.txt", b"Hidden text.");
    let good2 = write(
        dir.path(),
        "good2.story",
        b"Body text here.\n\n@highlight\n\nThe highlight\n",
    );
    let items = read(&[
        good1,
        bad_utf8,
        empty,
        blank,
        binary,
        digits,
        empty_jsonl,
        binary_jsonl,
        missing,
        empty_dir,
        good2,
    ]);
    assert_eq!(items.len(), 11);
    assert_eq!(ok_ids(&items), vec!["good1", "good2"]);
    let errs = errors(&items);
    let expect = [
        "latin1.txt (id latin1): invalid UTF-8 at byte 3 (line 1)",
        "empty.txt (id empty): empty text",
        "blank.txt (id blank): empty text (only whitespace)",
        "image.txt (id image): binary file",
        "digits.txt (id digits): no text",
        "empty.jsonl: empty file",
        "bin.jsonl: binary file",
        "does-not-exist.txt: cannot read",
        "emptydir: directory has no readable files",
    ];
    assert_eq!(errs.len(), expect.len(), "{errs:#?}");
    for (e, want) in errs.iter().zip(expect) {
        let (file, msg) = want.split_once(' ').map_or((want, ""), |(a, b)| (a, b));
        let file = file.trim_end_matches(':');
        assert!(
            e.contains(file) && e.contains(msg.trim_start_matches(": ")),
            "{e} vs {want}"
        );
    }
    let story = items.last().unwrap().as_ref().unwrap();
    assert_eq!(story.text, "Body text here.");
    assert_eq!(story.reference, Some(vec!["The highlight".to_string()]));
}

#[test]
fn huge_single_line_is_one_error_and_the_stream_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.jsonl");
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&p).unwrap());
        f.write_all(line("before", "Before the big line.").as_bytes())
            .unwrap();
        f.write_all(b"{\"id\": \"big\", \"article\": \"").unwrap();
        let chunk = "word ".repeat(1000);
        for _ in 0..(50 * 1024 * 1024 / chunk.len()) {
            f.write_all(chunk.as_bytes()).unwrap();
        }
        f.write_all(b"\"}\n").unwrap();
        f.write_all(line("after", "After the big line.").as_bytes())
            .unwrap();
        // And a 50 MB plain-text file with no newline at all.
        let mut t = std::fs::File::create(dir.path().join("big.txt")).unwrap();
        for _ in 0..(50 * 1024 * 1024 / chunk.len() + 1) {
            t.write_all(chunk.as_bytes()).unwrap();
        }
    }
    let items = read(&[p.clone(), dir.path().join("big.txt")]);
    assert_eq!(ok_ids(&items), vec!["before", "after"]);
    let errs = errors(&items);
    assert_eq!(errs.len(), 2, "{errs:?}");
    assert!(errs[0].contains("big.jsonl:2: line is"), "{}", errs[0]);
    assert!(
        errs[0].contains("longer than the limit of 16777216 bytes"),
        "{}",
        errs[0]
    );
    assert!(
        errs[1].contains("big.txt: file is larger than the limit"),
        "{}",
        errs[1]
    );

    // A small limit applies to every record.
    let opts = ReadOptions {
        max_record_bytes: 100,
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(&[p], &opts).collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].is_ok() && items[1].is_err() && items[2].is_ok());
}

#[test]
fn csv_reader() {
    let dir = tempfile::tempdir().unwrap();
    let csv = "id,article,highlights,systems\n\
        c1,\"(CNN)A first, quoted article.\nWith a second line.\",\"H one.\nH two.\",\"{'b': 'y', 'a': 'x'}\"\n\
        c2,\"\",\"x\",\n\
        ,Third article without id.,,\n\
        c4,Fourth article.,H4,\"{\"\"m\"\": \"\"s\"\"}\"\n";
    let p = write(dir.path(), "data.csv", csv.as_bytes());
    let opts = ReadOptions {
        systems_field: Some("systems".into()),
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(&[p], &opts).collect();
    assert_eq!(ok_ids(&items), vec!["c1", "data.csv:6", "c4"]);
    let a = items[0].as_ref().unwrap();
    assert_eq!(a.text, "A first, quoted article.\nWith a second line.");
    assert_eq!(
        a.reference,
        Some(vec!["H one.".to_string(), "H two.".to_string()])
    );
    assert_eq!(
        a.systems,
        vec![
            ("a".to_string(), "x".to_string()),
            ("b".to_string(), "y".to_string())
        ]
    );
    assert_eq!(
        items[3].as_ref().unwrap().systems,
        vec![("m".to_string(), "s".to_string())]
    );
    let e = items[1].as_ref().unwrap_err();
    assert_eq!((e.line, e.id.as_deref()), (Some(5), Some("c2")));
    assert!(e.to_string().contains("field `article`: empty text"), "{e}");

    // Configurable column names; a missing column is one file-level error.
    let p2 = write(dir.path(), "other.csv", b"key,body\nk1,Some body text.\n");
    let opts = ReadOptions {
        text_field: "body".into(),
        id_field: "key".into(),
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(std::slice::from_ref(&p2), &opts).collect();
    assert_eq!(ok_ids(&items), vec!["k1"]);
    assert_eq!(items[0].as_ref().unwrap().reference, None);
    let items = read(&[p2]);
    assert_eq!(items.len(), 1);
    let e = items[0].as_ref().unwrap_err().to_string();
    assert!(
        e.contains("the CSV header has no column `article` (columns: key, body)"),
        "{e}"
    );
}

#[test]
fn story_reader_and_format_detection() {
    let dir = tempfile::tempdir().unwrap();
    let story = "(CNN) -- The first paragraph.\n\nScroll down for video\n\nThe second paragraph.\n\n@highlight\n\nFirst highlight\n\n@highlight\n\nSecond highlight\n";
    let s = write(dir.path(), "x.story", story.as_bytes());
    // Sniffed: no extension, "@highlight" lines → story; "{" first → JSONL.
    let s2 = write(dir.path(), "noext", story.as_bytes());
    let j = write(
        dir.path(),
        "records",
        line("j1", "JSON sniffed.").as_bytes(),
    );
    let t = write(dir.path(), "plain", b"Just text.\n");
    let items = read(&[s, s2, j, t.clone()]);
    assert_eq!(ok_ids(&items), vec!["x", "noext", "j1", "plain"]);
    for a in items[..2].iter().map(|r| r.as_ref().unwrap()) {
        assert_eq!(a.text, "The first paragraph.\nThe second paragraph.");
        assert_eq!(
            a.reference,
            Some(vec![
                "First highlight".to_string(),
                "Second highlight".to_string()
            ])
        );
        assert_eq!(a.removed.len(), 2);
    }
    // The format option overrides detection.
    let opts = ReadOptions {
        format: Some(InputFormat::Jsonl),
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(&[t], &opts).collect();
    assert_eq!(items.len(), 1);
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("invalid JSON"));
    assert_eq!("story".parse::<InputFormat>(), Ok(InputFormat::Story));
    assert_eq!(InputFormat::parse("CSV"), Some(InputFormat::Csv));
    assert!("xml"
        .parse::<InputFormat>()
        .unwrap_err()
        .contains("unknown input format `xml`"));
}

#[test]
fn directories_recursive_sorted_hidden_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    write(&root, "b.txt", b"Article B.");
    write(&root, "a/z.txt", b"Article AZ.");
    write(&root, "a/b/c.story", b"Article ABC.\n@highlight\nHL\n");
    write(&root, ".git/config", b"Not an article.");
    write(&root, "a/.hidden.txt", b"Hidden.");
    write(
        &root,
        "c.jsonl",
        (line("j1", "J one.") + &line("j2", "J two.")).as_bytes(),
    );
    let extra = write(dir.path(), "extra.txt", b"Given after the directory.");
    let items = read(&[root, extra]);
    assert_eq!(ok_ids(&items), vec!["c", "z", "b", "j1", "j2", "extra"]);
    assert!(errors(&items).is_empty());
}

#[test]
fn records_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let r = read_inputs(&[], &ReadOptions::default());
    assert_send(&r);
    assert_eq!(r.count(), 0);
}

#[test]
fn csv_record_over_the_limit_is_an_error_not_an_oom() {
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,article\nok1,A fine first record.\nbig,\"");
    csv += &"word ".repeat(200_000);
    csv += "\"\nok2,After the big one.\n";
    let p = write(dir.path(), "big.csv", csv.as_bytes());
    let opts = ReadOptions {
        max_record_bytes: 1000,
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(&[p], &opts).collect();
    assert_eq!(ok_ids(&items), vec!["ok1"]);
    let errs = errors(&items);
    assert_eq!(errs.len(), 1);
    assert!(
        errs[0].contains("longer than the limit of 1000 bytes"),
        "{}",
        errs[0]
    );
    assert!(
        errs[0].contains("the rest of this CSV file is skipped"),
        "{}",
        errs[0]
    );
}

/// A JSONL record may carry an HTML page (`html`) instead of text; its reference and systems
/// fields still apply.
#[cfg(feature = "html")]
#[test]
fn jsonl_html_record_keeps_its_reference_and_systems() {
    let dir = tempfile::tempdir().unwrap();
    let body = "<p>The storm hit the coast on Monday, leaving thousands of homes without power for days.</p>\
        <p>Officials said repairs to the damaged lines would take at least a week to finish.</p>";
    let html = format!(
        "<html><head><title>Storm</title></head><body><article>{body}</article></body></html>"
    );
    let rec = serde_json::json!({
        "id": "h1",
        "html": html,
        "highlights": "Storm cuts power.\nRepairs take a week.",
        "systems": {"bart": "A storm."},
    });
    let p = write(dir.path(), "pages.jsonl", format!("{rec}\n").as_bytes());
    let opts = ReadOptions {
        systems_field: Some("systems".into()),
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(&[p], &opts).collect();
    assert_eq!(items.len(), 1);
    let a = items[0].as_ref().unwrap();
    assert_eq!(a.id, "h1");
    assert!(a.text.contains("Officials said repairs"), "{}", a.text);
    assert_eq!(
        a.reference.as_deref(),
        Some(
            &[
                "Storm cuts power.".to_string(),
                "Repairs take a week.".to_string()
            ][..]
        )
    );
    assert_eq!(
        a.systems,
        vec![("bart".to_string(), "A storm.".to_string())]
    );
}

#[test]
fn extra_fields_are_read_verbatim_and_required() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = concat!(
        r#"{"id": "a", "article": "Body one.", "summary": "  Line one.\n\nLine two. "}"#,
        "\n",
        r#"{"id": "b", "article": "Body two.", "summary": ["First.", "Second."]}"#,
        "\n",
        r#"{"id": "c", "article": "Body three."}"#,
        "\n",
        r#"{"id": "d", "article": "Body four.", "summary": " "}"#,
        "\n",
        r#"{"id": "e", "article": "Body five.", "summary": 5}"#,
        "\n",
    );
    let p = write(dir.path(), "pairs.jsonl", jsonl.as_bytes());
    let opts = ReadOptions {
        fields: vec!["summary".into()],
        ..ReadOptions::default()
    };
    let items: Vec<_> = read_inputs(std::slice::from_ref(&p), &opts).collect();
    assert_eq!(ok_ids(&items), vec!["a", "b"]);
    let a = items[0].as_ref().unwrap();
    assert_eq!(
        a.fields,
        vec![(
            "summary".to_string(),
            "  Line one.\n\nLine two. ".to_string()
        )]
    );
    assert_eq!(items[1].as_ref().unwrap().fields[0].1, "First.\nSecond.");
    let errs = errors(&items);
    assert!(
        errs[0].ends_with("pairs.jsonl:3 (id c): field `summary` is missing"),
        "{errs:?}"
    );
    assert!(
        errs[1].contains(":4 (id d): field `summary`: empty text"),
        "{errs:?}"
    );
    assert!(
        errs[2].contains(":5 (id e): field `summary` must be a string"),
        "{errs:?}"
    );
    for e in items.iter().filter_map(|r| r.as_ref().err()) {
        assert_eq!(e.field.as_deref(), Some("summary"));
    }
    // CSV: the column, or a clear error when the header lacks it.
    let p = write(
        dir.path(),
        "pairs.csv",
        b"id,article,summary\nx,Body.,Sum one.\ny,Body.,\n",
    );
    let items: Vec<_> = read_inputs(std::slice::from_ref(&p), &opts).collect();
    assert_eq!(items[0].as_ref().unwrap().fields[0].1, "Sum one.");
    let e = items[1].as_ref().unwrap_err().to_string();
    assert!(
        e.contains("pairs.csv:3 (id y): field `summary`: empty text"),
        "{e}"
    );
    let p = write(dir.path(), "nosum.csv", b"id,article\nx,Body.\n");
    let items: Vec<_> = read_inputs(std::slice::from_ref(&p), &opts).collect();
    let e = items[0].as_ref().unwrap_err().to_string();
    assert!(e.contains("field `summary` is missing"), "{e}");
}
