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

#[test]
fn parallel_scoring_matches_sequential() {
    use rayon::prelude::*;
    let recs = read_jsonl("cnndm-test-frank250.jsonl");
    let pairs: Vec<(String, String)> = recs
        .iter()
        .flat_map(|r| {
            let hl = r["highlights"].as_str().unwrap().to_string();
            r["systems"]
                .as_object()
                .unwrap()
                .values()
                .map(move |v| (hl.clone(), v.as_str().unwrap().to_string()))
                .collect::<Vec<_>>()
        })
        .collect();
    let st = scorer(true);
    let seq: Vec<Vec<u64>> = pairs
        .iter()
        .map(|(r, c)| flat(&st.score(r, c)).iter().map(|x| x.to_bits()).collect())
        .collect();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .unwrap();
    let par: Vec<Vec<u64>> = pool.install(|| {
        pairs
            .par_iter()
            .map(|(r, c)| flat(&st.score(r, c)).iter().map(|x| x.to_bits()).collect())
            .collect()
    });
    assert_eq!(seq.len(), 1250);
    assert!(seq == par, "parallel scores differ from sequential");
}

#[test]
fn score_multi_without_references_is_zero() {
    let s = scorer(true).score_multi(&[], "the cat");
    assert_eq!(s.len(), 4);
    assert!(s
        .iter()
        .all(|(_, x)| x.precision == 0.0 && x.recall == 0.0 && x.fmeasure == 0.0));
}

#[test]
fn rouge_type_names() {
    use precis_rouge::RougeType;
    for (n, t) in [
        ("rouge1", RougeType::N(1)),
        ("rouge9", RougeType::N(9)),
        ("rougeL", RougeType::L),
        ("rougeLsum", RougeType::Lsum),
    ] {
        assert_eq!(n.parse::<RougeType>(), Ok(t));
        assert_eq!(t.to_string(), n);
    }
    for bad in [
        "rouge0",
        "rouge10",
        "rougel",
        "ROUGE1",
        "rougeLSum",
        "",
        "rouge",
    ] {
        assert!(bad.parse::<RougeType>().is_err(), "{bad}");
    }
    assert!(precis_rouge::RougeScorer::from_names(&["rouge1", "rougeX"], true).is_err());
}
