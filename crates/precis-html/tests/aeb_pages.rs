//! The 136 article-extraction-benchmark pages: F1 by the benchmark's metric must be ≥ 0.962
//! (Python trafilatura 2.3.1 with favor_precision scores 0.9622 there).
//! Data: `$PRECIS_SHARED/data/html` (default `<repo>/../shared/data/html`); skipped with a
//! message when absent.

use std::io::Read;

#[test]
fn aeb_f1_at_least_trafilatura() {
    let shared = std::env::var("PRECIS_SHARED")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").to_string());
    let dir = format!("{shared}/data/html");
    let Ok(gt) = std::fs::read_to_string(format!("{dir}/ground-truth.jsonl")) else {
        eprintln!("skipping: no ground truth under {dir}");
        return;
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut errors = 0;
    for line in gt.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        let id = v["id"].as_str().expect("id");
        let url = v["url"].as_str();
        let truth = v["articleBody"].as_str().unwrap_or("").to_string();
        let mut gz = Vec::new();
        std::fs::File::open(format!("{dir}/pages/{id}.html.gz"))
            .expect("page")
            .read_to_end(&mut gz)
            .expect("read");
        let pred = match precis_html::extract_bytes(&gz, url) {
            Ok(ex) => ex.text,
            Err(e) => {
                eprintln!("{id}: {e}");
                errors += 1;
                String::new()
            }
        };
        pairs.push((truth, pred));
    }
    assert_eq!(pairs.len(), 136);
    let s = precis_html::aeb::score(pairs.iter().map(|(t, p)| (t.as_str(), p.as_str())));
    println!(
        "AEB {} pages: P {:.4} R {:.4} F1 {:.4} ({errors} errors)",
        pairs.len(),
        s.precision,
        s.recall,
        s.f1
    );
    assert!(s.f1 >= 0.962, "F1 {:.4} < 0.962", s.f1);
}
