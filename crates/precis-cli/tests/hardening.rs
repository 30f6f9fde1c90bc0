//! The CLI side of the hardening findings: ROUGE pairs too large for the LCS are failed records
//! (not an abort), model files are size-capped, regular and validated, and output errors name
//! the file, exit with 3 and never leave a half-written `-o` file in place of a good one.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

fn seed() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/cnn-trump-putin.txt")
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Finding 1 (CLI): one 200k-token pair made `precis rouge` abort (exit 134) after asking for
/// gigabytes; now that pair is a failed record and the others are scored.
#[test]
fn a_huge_rouge_pair_is_a_failed_record() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("pairs.jsonl");
    let huge = serde_json::json!({
        "id": "huge",
        "candidate": "a ".repeat(200_000),
        "reference": "b a ".repeat(100_000),
    });
    let ok = serde_json::json!({"id": "ok", "candidate": "the cat sat", "reference": "the cat sat on the mat"});
    std::fs::write(&f, format!("{ok}\n{huge}\n")).unwrap();
    let t = Instant::now();
    let o = run(precis()
        .arg("rouge")
        .arg(&f)
        .arg("--per-pair")
        .arg(dir.path().join("pp.jsonl")));
    assert!(t.elapsed() < Duration::from_secs(30));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("pair huge: texts too long for rougeL"),
        "{err}"
    );
    let pp = std::fs::read_to_string(dir.path().join("pp.jsonl")).unwrap();
    let lines: Vec<serde_json::Value> = pp
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["id"], "ok");
    assert!(lines[1]["error"].as_str().unwrap().contains("too long"));
}

/// Finding 8: `--model` reads only small regular files and validates the numbers.
#[test]
fn model_files_are_capped_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    let summarize = |model: &Path| {
        let t = Instant::now();
        let o = run(precis()
            .arg("summarize")
            .arg("--model")
            .arg(model)
            .arg(seed()));
        assert!(
            t.elapsed() < Duration::from_secs(20),
            "{model:?} took {:?}",
            t.elapsed()
        );
        o
    };
    // A device that never ends (old main read until allocation failed).
    let o = summarize(Path::new("/dev/zero"));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("/dev/zero") && stderr(&o).contains("not a regular file"),
        "{}",
        stderr(&o)
    );
    // A FIFO nobody writes to (old main blocked forever).
    let fifo = dir.path().join("model.fifo");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let o = summarize(&fifo);
        assert_eq!(o.status.code(), Some(1));
        assert!(stderr(&o).contains("not a regular file"), "{}", stderr(&o));
    }
    // Too big.
    let big = dir.path().join("big.json");
    std::fs::write(&big, vec![b' '; 2 << 20]).unwrap();
    let o = summarize(&big);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("larger than"), "{}", stderr(&o));
    // Values out of range.
    let base: serde_json::Value =
        serde_json::from_str(include_str!("../../precis/models/default.json")).unwrap();
    type Edit = Box<dyn Fn(&mut serde_json::Value)>;
    let cases: Vec<(&str, Edit)> = vec![
        (
            "weight",
            Box::new(|v| v["features"][0]["weight"] = 1e308.into()),
        ),
        (
            "scale",
            Box::new(|v| v["features"][0]["scale"] = 1e-310.into()),
        ),
        (
            "no features",
            Box::new(|v| v["features"] = serde_json::json!([])),
        ),
        (
            "selector",
            Box::new(|v| v["selector"]["words"] = u64::MAX.into()),
        ),
        (
            "selector",
            Box::new(|v| v["selector"]["max_sentences"] = u64::MAX.into()),
        ),
    ];
    for (what, edit) in cases {
        let mut v = base.clone();
        edit(&mut v);
        let p = dir.path().join("bad.json");
        std::fs::write(&p, v.to_string()).unwrap();
        let o = summarize(&p);
        assert_eq!(o.status.code(), Some(1), "{what}");
        assert!(stderr(&o).contains(what), "{what}: {}", stderr(&o));
    }
}

/// Finding 9: a full disk names the file and exits 3 (1 is "a record failed").
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_names_the_file_and_exits_3() {
    let o = run(precis()
        .arg("summarize")
        .arg(seed())
        .arg("-o")
        .arg("/dev/full"));
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write /dev/full"),
        "{}",
        stderr(&o)
    );
    // Standard output on a full device.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = precis()
        .arg("summarize")
        .arg(seed())
        .stdout(full)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot write standard output"),
        "{}",
        stderr(&o)
    );
}

/// Finding 9: `-o` replaces the file only when the command completes: a run that fails leaves
/// the existing file intact (old main truncated it first), and a complete JSON array replaces it.
#[test]
fn dash_o_replaces_the_file_only_on_success() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.json");
    std::fs::write(&out, "precious\n").unwrap();
    // No usable input: the command fails before writing anything.
    let empty = dir.path().join("empty.jsonl");
    std::fs::write(&empty, "").unwrap();
    let o = run(precis().arg("summarize").arg(&empty).arg("-o").arg(&out));
    assert_ne!(o.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "precious\n");
    // A temporary file is never left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    // Success: replaced by the whole array.
    let o = run(precis()
        .arg("summarize")
        .arg(seed())
        .arg(seed())
        .args(["-f", "json", "-o"])
        .arg(&out));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2));
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}
