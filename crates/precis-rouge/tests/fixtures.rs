//! Bit-exactness against rouge-score 0.1.2 (fixtures from scripts/gen_rouge_fixtures.py).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use serde_json::Value;

#[test]
fn cnndm_system_pairs_and_long_pairs_bit_exact() {
    let fx = fixture("pairs.json");
    let recs = read_jsonl("cnndm-test-frank250.jsonl");
    let (st, ns) = (scorer(true), scorer(false));
    let mut d = Diffs::default();
    let mut n_pairs = 0;
    let mut n_long = 0;
    for r in &recs {
        let id = r["id"].as_str().unwrap();
        let hl = r["highlights"].as_str().unwrap();
        for (sys, out) in r["systems"].as_object().unwrap() {
            let key = format!("{id}|{sys}");
            let want = &fx["pairs"][&key];
            assert!(!want.is_null(), "no fixture for {key}");
            let cand = out.as_str().unwrap();
            d.check(
                &format!("{key} stem"),
                &nums(&want["stem"]),
                &flat(&st.score(hl, cand)),
            );
            d.check(
                &format!("{key} nostem"),
                &nums(&want["nostem"]),
                &flat(&ns.score(hl, cand)),
            );
            n_pairs += 1;
        }
        let want = &fx["long"][id];
        let art = r["article"].as_str().unwrap();
        d.check(
            &format!("{id} long stem"),
            &nums(&want["stem"]),
            &flat(&st.score(hl, art)),
        );
        d.check(
            &format!("{id} long nostem"),
            &nums(&want["nostem"]),
            &flat(&ns.score(hl, art)),
        );
        n_long += 1;
    }
    assert_eq!(n_pairs, 1250);
    assert_eq!(n_long, 250);
    assert_eq!(fx["pairs"].as_object().unwrap().len(), 1250);
    d.assert_none("cnndm 1,250 pairs + 250 long pairs");
}

fn case_texts(c: &Value) -> (String, String) {
    match c.get("gen") {
        Some(g) => {
            let spec = |k: usize| {
                let a: Vec<usize> = g[k]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as usize)
                    .collect();
                gen_text(a[0], a[1], a[2])
            };
            (spec(0), spec(1))
        }
        None => (
            c["ref"].as_str().unwrap().to_string(),
            c["cand"].as_str().unwrap().to_string(),
        ),
    }
}

#[test]
fn edge_and_random_cases_bit_exact() {
    let fx = fixture("edge.json");
    let (st, ns) = (scorer(true), scorer(false));
    let mut d = Diffs::default();
    let cases = fx["cases"].as_array().unwrap();
    assert!(cases.len() >= 430);
    for c in cases {
        let name = c["name"].as_str().unwrap();
        let (r, k) = case_texts(c);
        d.check(
            &format!("{name} stem"),
            &nums(&c["stem"]),
            &flat(&st.score(&r, &k)),
        );
        d.check(
            &format!("{name} nostem"),
            &nums(&c["nostem"]),
            &flat(&ns.score(&r, &k)),
        );
    }
    d.assert_none("edge + random cases");
}

#[test]
fn big_text_is_100k_tokens() {
    let t = gen_text(100_000, 7, 20);
    assert_eq!(precis_rouge::tokenize(&t, false).len(), 100_000);
}

#[test]
fn score_multi_bit_exact() {
    let fx = fixture("edge.json");
    let (st, ns) = (scorer(true), scorer(false));
    let mut d = Diffs::default();
    for c in fx["multi"].as_array().unwrap() {
        let name = c["name"].as_str().unwrap();
        let refs: Vec<&str> = c["refs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap())
            .collect();
        let cand = c["cand"].as_str().unwrap();
        d.check(
            &format!("{name} stem"),
            &nums(&c["stem"]),
            &flat(&st.score_multi(&refs, cand)),
        );
        d.check(
            &format!("{name} nostem"),
            &nums(&c["nostem"]),
            &flat(&ns.score_multi(&refs, cand)),
        );
    }
    d.assert_none("score_multi");
}

#[test]
fn special_lowercasing_tokens() {
    use precis_rouge::tokenize;
    assert_eq!(tokenize("İstanbul", false), ["i", "stanbul"]);
    assert_eq!(tokenize("\u{212A}elvin", false), ["kelvin"]);
    assert_eq!(tokenize("café naïve ＡＢＣ", false), ["caf", "na", "ve"]);
    assert_eq!(
        tokenize("The runners' running!", true),
        ["the", "runner", "run"]
    );
    // Only U+0130 and U+212A lower-case to ASCII letters/digits (also in Rust's tables).
    for c in (0x80u32..0x11_0000).filter_map(char::from_u32) {
        let lower: String = c.to_lowercase().collect();
        let has_ascii = lower.bytes().any(|b| b.is_ascii_alphanumeric());
        assert_eq!(
            has_ascii,
            c == '\u{130}' || c == '\u{212A}',
            "{c:?} -> {lower:?}"
        );
    }
}
