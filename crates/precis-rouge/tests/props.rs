//! Properties on arbitrary input: no panic, scores in [0, 1], P/R symmetry.

use precis_rouge::{RougeScorer, RougeType};
use proptest::prelude::*;

const TYPES: [RougeType; 5] = [
    RougeType::N(1),
    RougeType::N(2),
    RougeType::N(3),
    RougeType::L,
    RougeType::Lsum,
];

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        proptest::collection::vec(
            prop_oneof![
                Just("the"),
                Just("cat"),
                Just("cats"),
                Just("running"),
                Just("ran"),
                Just("a"),
                Just("İ"),
                Just("\u{212A}"),
                Just("é"),
                Just("\n"),
                Just("\r\n"),
                Just(" "),
                Just("."),
                Just("happiness"),
                Just("skies"),
                Just("\t")
            ],
            0..60
        )
        .prop_map(|v| v.join(" ")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn in_range_and_symmetric(a in text(), b in text(), stem in any::<bool>()) {
        let sc = RougeScorer::new(&TYPES, stem);
        let ab = sc.score(&a, &b);
        let ba = sc.score(&b, &a);
        for ((t, x), (_, y)) in ab.iter().zip(ba.iter()) {
            for v in [x.precision, x.recall, x.fmeasure] {
                prop_assert!((0.0..=1.0).contains(&v), "{t}: {v}");
            }
            // P/R symmetry holds for the symmetric measures (n-grams, LCS).
            if *t != RougeType::Lsum {
                prop_assert_eq!(x.precision.to_bits(), y.recall.to_bits(), "{}", t);
                prop_assert_eq!(x.recall.to_bits(), y.precision.to_bits(), "{}", t);
            }
        }
        // F is never above max(P, R) and is 0 iff P + R == 0.
        for (_, x) in ab.iter() {
            prop_assert!(x.fmeasure <= x.precision.max(x.recall) + 1e-15);
            prop_assert_eq!(x.fmeasure == 0.0, x.precision + x.recall == 0.0);
        }
        let multi = sc.score_multi(&[&a, &b], &b);
        prop_assert!(multi.iter().all(|(_, s)| (0.0..=1.0).contains(&s.fmeasure)));
    }

    #[test]
    fn identical_texts_score_one(a in text(), stem in any::<bool>()) {
        let sc = RougeScorer::new(&[RougeType::N(1), RougeType::L, RougeType::Lsum], stem);
        let s = sc.score(&a, &a);
        let has_tokens = !precis_rouge::tokenize(&a, stem).is_empty();
        for (_, x) in s.iter() {
            prop_assert_eq!(x.fmeasure, if has_tokens { 1.0 } else { 0.0 });
        }
    }
}
