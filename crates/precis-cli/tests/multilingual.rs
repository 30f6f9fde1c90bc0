//! `precis rouge --lang LANG` (multilingual flavour) on pairs from the XL-Sum fixtures: every
//! per-pair score equals the package's, bit for bit; unsupported languages are usage errors.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn precis() -> Command {
    Command::new(env!("CARGO_BIN_EXE_precis"))
}

fn fixtures() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(p) => PathBuf::from(p).join("fixtures/multilingual-rouge"),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/fixtures/multilingual-rouge"),
    }
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("runs")
}

/// The float after `"key":` in `text` (starting at `from`), parsed with `str::parse`.
fn float_after(text: &str, key: &str) -> f64 {
    let i = text.find(key).expect("key") + key.len();
    let rest = &text[i..];
    let end = rest.find([',', '}', ']']).expect("end");
    rest[..end].trim().parse().expect("float")
}

#[test]
fn per_pair_scores_equal_the_package() {
    for (file, lang, stem) in [
        ("chinese.jsonl", "chinese", false),
        ("english.jsonl", "english", true),
        ("hindi.jsonl", "hindi", true),
        ("german.jsonl", "german", true),
    ] {
        let text = std::fs::read_to_string(fixtures().join(file)).expect("fixture");
        let rows: Vec<(serde_json::Value, &str)> = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| {
                (
                    serde_json::from_str::<serde_json::Value>(l).expect("json"),
                    l,
                )
            })
            .filter(|(v, _)| {
                v["lang"].as_str() == Some(lang) && v["use_stemmer"].as_bool() == Some(stem)
            })
            .collect();
        assert!(!rows.is_empty());
        let tmp = tempfile::tempdir().expect("tmp");
        let input = tmp.path().join("pairs.jsonl");
        let pairs: String = rows
            .iter()
            .map(|(v, _)| {
                serde_json::json!({"id": v["id"], "candidate": v["candidate"], "reference": v["reference"]})
                    .to_string()
                    + "\n"
            })
            .collect();
        std::fs::write(&input, pairs).expect("write");
        let pp = tmp.path().join("pp.jsonl");
        let mut cmd = precis();
        cmd.arg("rouge")
            .arg(&input)
            .args(["--lang", lang, "--per-pair"])
            .arg(&pp);
        if !stem {
            cmd.arg("--no-stemmer");
        }
        let o = run(&mut cmd);
        assert!(
            o.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(String::from_utf8_lossy(&o.stdout).contains(&format!("lang {lang}")));
        let got = std::fs::read_to_string(&pp).expect("per pair");
        let got: Vec<&str> = got.lines().collect();
        assert_eq!(got.len(), rows.len());
        for ((_, raw), line) in rows.iter().zip(&got) {
            for t in ["rouge1", "rouge2", "rougeL", "rougeLsum"] {
                let w = &raw[raw.find("\"scores\":").expect("scores")..];
                let w = &w[w.find(&format!("\"{t}\": [")).expect("type") + t.len() + 5..];
                let want: Vec<f64> = w[..w.find(']').expect("]")]
                    .split(',')
                    .map(|x| x.trim().parse().expect("f"))
                    .collect();
                let g = &line[line.find(&format!("\"{t}\":{{")).expect("type in output")..];
                let got = [
                    float_after(g, "\"precision\":"),
                    float_after(g, "\"recall\":"),
                    float_after(g, "\"fmeasure\":"),
                ];
                assert_eq!(got[..], want[..], "{file} {t} {line}");
            }
        }
    }
}

#[test]
fn languages_that_cannot_be_exact_are_usage_errors() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("p.jsonl");
    std::fs::write(&input, "{\"candidate\": \"a b\", \"reference\": \"a c\"}\n").expect("write");
    for args in [
        vec!["--lang", "japanese"],
        vec!["--lang", "italian"],
        vec!["--lang", "english", "--rouge155", "-n 2"],
        vec!["--flavor", "rouge-score", "--lang", "english"],
    ] {
        let o = run(precis().arg("rouge").arg(&input).args(&args));
        assert_eq!(o.status.code(), Some(2), "{args:?}");
    }
    // Without the stemmer, Italian is only tokenized, and that is exact.
    let o = run(precis()
        .arg("rouge")
        .arg(&input)
        .args(["--lang", "italian", "--no-stemmer"]));
    assert!(o.status.success());
}
