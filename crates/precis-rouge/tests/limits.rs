//! Work and memory limits: pairs that used to abort the process (a rougeLsum bit table of
//! tens of GB) are refused by `try_score` with a clear error, and long lines are scored in
//! bounded memory with exactly the unbounded results.

use precis_rouge::{RougeError, RougeScorer, RougeType, MAX_LCS_CELLS};

fn all_types() -> RougeScorer {
    RougeScorer::new(
        &[
            RougeType::N(1),
            RougeType::N(2),
            RougeType::L,
            RougeType::Lsum,
        ],
        false,
    )
}

/// The request: `"a " × 490,000` against `"b a " × 245,000` (1.96 MB of JSON). Old
/// main asked for a 30 GB table and aborted.
#[test]
fn the_reported_pair_is_refused_with_the_sizes() {
    let candidate = "a ".repeat(490_000);
    let reference = "b a ".repeat(245_000);
    let err = all_types().try_score(&reference, &candidate).unwrap_err();
    let RougeError::TooLarge(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains("490000 reference tokens × 490000 candidate tokens"),
        "{msg}"
    );
    assert!(msg.contains(&MAX_LCS_CELLS.to_string()), "{msg}");
    // Without the LCS types the same pair is linear work and is scored.
    let ngrams = RougeScorer::new(&[RougeType::N(1), RougeType::N(2)], false);
    let s = ngrams.try_score(&reference, &candidate).unwrap();
    assert_eq!((s[0].precision, s[0].recall), (0.5, 0.5));
}

/// One long line against another: the whole table would be ~150 MB (over the 32 MiB at which
/// rows are checkpointed) and every token is distinct in part of it (sparse column masks).
/// With one line on each side, rougeLsum's union LCS is the LCS, so it equals rougeL exactly.
#[test]
fn long_lines_are_scored_exactly_with_checkpoints() {
    let mut seed = 99u64;
    let mut rnd = |k: u64| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) % k
    };
    let words = |n: usize, rnd: &mut dyn FnMut(u64) -> u64| {
        (0..n)
            .map(|i| {
                if i % 3 == 0 {
                    format!("u{i}")
                } else {
                    format!("w{}", rnd(50))
                }
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let reference = words(20_000, &mut rnd);
    let candidate = words(40_000, &mut rnd);
    let scorer = all_types();
    let s = scorer.try_score(&reference, &candidate).unwrap();
    assert_eq!(s, scorer.score(&reference, &candidate));
    let (l, lsum) = (s[2], s[3]);
    assert!(l.fmeasure > 0.2, "{l:?}");
    assert_eq!(l, lsum);
}

#[test]
fn limits_apply_only_to_the_lcs_types() {
    // 200,000 × 100,000 tokens = 2·10^10 token pairs: over the limit for rougeL only.
    let reference = "x ".repeat(200_000);
    let candidate = "x y ".repeat(50_000);
    let l = RougeScorer::new(&[RougeType::L], false);
    assert!(matches!(
        l.try_score(&reference, &candidate),
        Err(RougeError::TooLarge(_))
    ));
    assert!(matches!(
        l.try_score_multi(&["x", &reference], &candidate),
        Err(RougeError::TooLarge(_))
    ));
    let r3 = RougeScorer::new(&[RougeType::N(3)], false);
    assert!(r3.try_score(&reference, &candidate).is_ok());
}
