//! BootstrapAggregator and numpy legacy choice() against numpy / rouge-score.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use precis_rouge::{BootstrapAggregator, Mt19937, RougeType};

#[test]
fn numpy_legacy_choice_draws() {
    let fx = fixture("bootstrap.json");
    let mut checked = 0;
    for c in fx["choice"].as_array().unwrap() {
        let seed = c["seed"].as_u64().unwrap() as u32;
        let n = c["n"].as_u64().unwrap() as u32;
        let want: Vec<u64> = c["draws"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_u64().unwrap())
            .collect();
        let mut rng = Mt19937::new(seed);
        let got: Vec<u64> = (0..want.len()).map(|_| u64::from(rng.below(n))).collect();
        assert_eq!(got, want, "seed {seed} n {n}");
        checked += 1;
    }
    assert_eq!(checked, 45);
}

#[test]
fn bootstrap_ci_bit_exact() {
    let fx = fixture("bootstrap.json");
    let recs = read_jsonl("cnndm-test-frank250.jsonl");
    let st = scorer(true);
    let all: Vec<_> = recs
        .iter()
        .map(|r| {
            st.score(
                r["highlights"].as_str().unwrap(),
                r["systems"]["bart"].as_str().unwrap(),
            )
        })
        .collect();
    let mut d = Diffs::default();
    for c in fx["ci"].as_array().unwrap() {
        let seed = c["seed"].as_u64().unwrap() as u32;
        let n = c["n_pairs"].as_u64().unwrap() as usize;
        let mut agg = BootstrapAggregator::new(seed);
        for s in &all[..n] {
            agg.add_scores(s);
        }
        let res = agg.aggregate();
        assert_eq!(res.iter().map(|r| r.0).collect::<Vec<_>>(), TYPES.to_vec());
        for (t, a) in &res {
            let want = nums(&c["types"][t.to_string()]);
            let got: Vec<f64> = [a.low, a.mid, a.high]
                .iter()
                .flat_map(|s| [s.precision, s.recall, s.fmeasure])
                .collect();
            d.check(
                &format!("seed {seed} n {n} {t} [low P R F, mid.., high..]"),
                &want,
                &got,
            );
        }
    }
    d.assert_none("bootstrap CIs");
}

#[test]
fn mean_aggregator_is_plain_mean() {
    let st = scorer(false);
    let mut m = precis_rouge::MeanAggregator::new();
    m.add_scores(&st.score("a b c d", "a b"));
    m.add_scores(&st.score("a b c d", "a b c d"));
    let r = m.aggregate();
    assert_eq!(r[0].0, RougeType::N(1));
    assert_eq!(r[0].1.precision, 1.0);
    assert_eq!(r[0].1.recall, 0.75);
}

#[test]
fn bad_params_rejected() {
    assert!(BootstrapAggregator::with_params(1.5, 10, 0).is_err());
    assert!(BootstrapAggregator::with_params(0.9, 0, 0).is_err());
    assert!(BootstrapAggregator::with_params(0.9, 10, 0).is_ok());
}
