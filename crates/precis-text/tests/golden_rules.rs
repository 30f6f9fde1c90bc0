//! pySBD "Golden Rules" for English (48 rules, MIT; from Kevin Dias's pragmatic_segmenter via
//! pySBD 0.3.4's `benchmarks/english_golden_rules.py`). A rule passes when the sentences (text
//! sliced by the spans) equal `expected` exactly. The shared file lives outside the repo:
//! `$PRECIS_SHARED/golden_rules_en.json`, or `../../../shared/golden_rules_en.json` relative to
//! this crate.

use precis_text::segment::sentences;
use std::path::PathBuf;

fn golden_path() -> PathBuf {
    match std::env::var_os("PRECIS_SHARED") {
        Some(dir) => PathBuf::from(dir).join("golden_rules_en.json"),
        None => {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/golden_rules_en.json")
        }
    }
}

#[test]
fn golden_rules_en() {
    let path = golden_path();
    let raw = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let rules: serde_json::Value = serde_json::from_str(&raw).unwrap();
    let rules = rules.as_array().unwrap();
    assert_eq!(rules.len(), 48, "expected 48 golden rules");
    let mut passed = 0;
    let mut failed = Vec::new();
    for rule in rules {
        let id = rule["id"].as_u64().unwrap();
        let name = rule["name"].as_str().unwrap();
        let text = rule["text"].as_str().unwrap();
        let expected: Vec<&str> = rule["expected"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        let got: Vec<&str> = sentences(text)
            .into_iter()
            .map(|r| text[r].trim())
            .filter(|s| !s.is_empty())
            .collect();
        if got == expected {
            passed += 1;
        } else {
            failed.push(format!(
                "  rule {id} ({name}):\n    got      {got:?}\n    expected {expected:?}"
            ));
        }
    }
    println!("golden rules: {passed}/{} passed", rules.len());
    for f in &failed {
        println!("{f}");
    }
    assert!(
        passed == 48,
        "only {passed}/48 golden rules pass:\n{}",
        failed.join("\n")
    );
}
