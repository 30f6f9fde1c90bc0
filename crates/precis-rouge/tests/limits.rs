//! Work and memory limits: pairs that used to abort the process (a rougeLsum bit table of
//! tens of GB) are refused by `try_score` with a clear error, and long lines are scored in
//! bounded memory with exactly the unbounded results.

use precis_rouge::{
    RougeError, RougeScorer, RougeType, MAX_LCS_CELLS, MAX_LCS_LINE_PAIRS, MAX_LSUM_WORK,
};

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

/// rougeLsum over many short lines: 10,000 × 10,000 one-word lines are only 10⁸ token pairs
/// (under `MAX_LCS_CELLS`) but 10⁸ line pairs, each with its own per-pair cost (minutes at
/// 100,000 lines a side): refused by `MAX_LCS_LINE_PAIRS`, the same for the multilingual
/// tokens.
#[test]
fn many_lines_are_refused_for_lsum() {
    let text: String = (0..10_000).map(|i| format!("w{}\n", i % 7)).collect();
    let lsum = RougeScorer::new(&[RougeType::Lsum], false);
    let err = lsum.try_score(&text, &text).unwrap_err();
    let RougeError::TooLarge(msg) = &err else {
        panic!("{err:?}")
    };
    assert!(
        msg.contains("10000 reference lines × 10000 candidate lines"),
        "{msg}"
    );
    assert!(msg.contains(&MAX_LCS_LINE_PAIRS.to_string()), "{msg}");
    let lang = precis_rouge::multilingual::Lang::new(Some("english"), true).unwrap();
    let t = lang.tokenize(&text);
    assert!(matches!(
        lsum.try_score_tokens(&t, &t),
        Err(RougeError::TooLarge(_))
    ));
    // rougeL compares the whole texts once: scored.
    let l = RougeScorer::new(&[RougeType::L], false);
    assert_eq!(l.try_score(&text, &text).unwrap()[0].fmeasure, 1.0);
}

/// rougeLsum over ragged texts (found by fuzzing: the fuzz/ rouge target's timeouts). Each
/// (reference line, candidate line) pair costs the reference line's rows times the candidate
/// line's words, plus a backtracking walk along the candidate line, so texts under
/// `MAX_LCS_CELLS` and `MAX_LCS_LINE_PAIRS` took seconds to minutes: one 1,000,000-token
/// reference line against 8,000 one-token candidate lines (79 s), 4,000 one-token reference
/// lines against one 400,000-token candidate line (15 s), 2,000 lines of 60 tokens a side
/// (5 s). Refused by `MAX_LSUM_WORK`, for the multilingual tokens too; the same shapes at a
/// hundredth of the size are scored, exactly as `score`.
#[test]
fn ragged_texts_are_refused_for_lsum() {
    let lsum = RougeScorer::new(&[RougeType::Lsum], false);
    let vocab = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"];
    let line = |n: usize, rev: bool| -> String {
        (0..n)
            .map(|i| vocab[if rev { 5 - i % 6 } else { i % 6 }])
            .collect::<Vec<_>>()
            .join(" ")
    };
    let shapes = |k: usize| {
        [
            (line(1_000_000 / k, false), "alpha\n".repeat(8_000 / k)),
            ("alpha\n".repeat(4_000 / k), line(400_000 / k, true)),
            (
                format!("{}\n", line(60, false)).repeat(2_000 / k),
                format!("{}\n", line(60, true)).repeat(2_000 / k),
            ),
        ]
    };
    let lang = precis_rouge::multilingual::Lang::new(Some("english"), false).unwrap();
    for (reference, candidate) in shapes(1) {
        let what = format!("{} / {} bytes", reference.len(), candidate.len());
        let err = lsum.try_score(&reference, &candidate).unwrap_err();
        let RougeError::TooLarge(msg) = &err else {
            panic!("{what}: {err:?}")
        };
        assert!(msg.contains(&MAX_LSUM_WORK.to_string()), "{what}: {msg}");
        assert!(msg.contains("rougeLsum"), "{what}: {msg}");
        let (r, c) = (lang.tokenize(&reference), lang.tokenize(&candidate));
        assert!(
            matches!(lsum.try_score_tokens(&r, &c), Err(RougeError::TooLarge(_))),
            "{what}: multilingual tokens"
        );
        // Under the other limits: MAX_LSUM_WORK is the one that refuses them.
        let l = RougeScorer::new(&[RougeType::L], false);
        assert!(
            l.try_score(&reference, &candidate).is_ok(),
            "{what}: rougeL"
        );
    }
    for (reference, candidate) in shapes(100) {
        let s = lsum.try_score(&reference, &candidate).unwrap();
        assert_eq!(s, lsum.score(&reference, &candidate));
        assert!(s[0].fmeasure > 0.0, "{s:?}");
    }
}

mod rouge155 {
    //! The work limits of ROUGE-1.5.5's flavour (`rouge155::try_score`): each metric whose
    //! time grows faster than the texts is refused past its budget, naming the metric, the
    //! sizes and the limit; below it the scores are `score`'s.

    use precis_rouge::rouge155::{
        self, check_bootstrap, pair_options, Options, Rouge155Error, Summary, MAX_SKIP_BIGRAMS,
        MAX_WLCS_CELLS,
    };
    use precis_rouge::{MAX_LCS_BYTES, MAX_LCS_CELLS, MAX_LCS_LINE_PAIRS};

    fn opts(text: &str) -> Options {
        pair_options(Some(text), false).expect("options").1
    }

    fn too_large(peer: &str, model: &str, options: &str) -> String {
        let o = opts(options);
        match rouge155::try_score(&Summary::from_text(peer), &[Summary::from_text(model)], &o) {
            Err(Rouge155Error::TooLarge(msg)) => msg,
            other => panic!("{options}: {other:?}"),
        }
    }

    fn distinct(n: usize) -> String {
        (0..n).map(|i| format!("w{i} ")).collect()
    }

    #[test]
    fn rouge_l_over_the_cells_limit() {
        // 300,000 × 300,000 tokens on one line each = 9·10¹⁰ token pairs.
        let t = "a b ".repeat(150_000);
        let msg = too_large(&t, &t, "-n 1");
        assert!(
            msg.starts_with("ROUGE-L: 300000 model tokens × 300000 peer tokens"),
            "{msg}"
        );
        assert!(msg.contains(&MAX_LCS_CELLS.to_string()), "{msg}");
        // Without ROUGE-L (-x) the same pair is linear work: scored.
        let o = opts("-n 2 -x");
        let (p, m) = (Summary::from_text(&t), Summary::from_text(&t));
        let r = rouge155::try_score(&p, std::slice::from_ref(&m), &o).unwrap();
        assert_eq!(r, rouge155::score(&p, &[m], &o));
        assert_eq!(r.values(1, &o), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn rouge_w_over_its_cells_limit() {
        // 20,000 × 20,000 = 4·10⁸ cells, over 2²⁸; ROUGE-L alone (bit-parallel) scores it.
        let t = distinct(20_000);
        let msg = too_large(&t, &t, "-n 0 -x -w 1.2");
        assert!(
            msg.starts_with("ROUGE-W-1.2: 20000 model tokens × 20000 peer tokens"),
            "{msg}"
        );
        assert!(msg.contains(&MAX_WLCS_CELLS.to_string()), "{msg}");
        let o = opts("-n 0");
        let r = rouge155::try_score(&Summary::from_text(&t), &[Summary::from_text(&t)], &o);
        assert_eq!(r.unwrap().values(0, &o), [1.0, 1.0, 1.0]);
    }

    #[test]
    fn rouge_w_table_over_the_memory_limit() {
        // A 200-token model sentence against a 1,000,000-token peer sentence: 2·10⁸ cells
        // (under the cells limit), but even checkpointed its rows need ~280 MiB.
        let model = distinct(200);
        let peer = "w1 ".repeat(1_000_000);
        let msg = too_large(&peer, &model, "-n 0 -x -w 1.2");
        assert!(
            msg.contains("a 200-token model sentence against a 1000000-token peer sentence"),
            "{msg}"
        );
        assert!(
            msg.contains(&format!("limit of {} MiB", MAX_LCS_BYTES >> 20)),
            "{msg}"
        );
    }

    #[test]
    fn sentence_pairs_over_the_limit() {
        // 10,000 × 10,000 one-token sentences: 10⁸ sentence pairs for ROUGE-L and ROUGE-W.
        let t: String = (0..10_000).map(|i| format!("w{}\n", i % 5)).collect();
        for (options, name) in [("-n 0", "ROUGE-L"), ("-n 0 -x -w 1.2", "ROUGE-W-1.2")] {
            let msg = too_large(&t, &t, options);
            assert!(
                msg.starts_with(&format!(
                    "{name}: 10000 model sentences × 10000 peer sentences"
                )),
                "{msg}"
            );
            assert!(msg.contains(&MAX_LCS_LINE_PAIRS.to_string()), "{msg}");
        }
    }

    #[test]
    fn skip_bigrams_over_the_limit() {
        // 40,000 distinct tokens without a distance limit: 8·10⁸ skip bigrams a text.
        let t = distinct(40_000);
        let msg = too_large(&t, &t, "-n 0 -x -2 -1 -U");
        assert!(
            msg.starts_with("ROUGE-S*: counting the skip bigrams of 40000 model tokens"),
            "{msg}"
        );
        assert!(msg.contains(&MAX_SKIP_BIGRAMS.to_string()), "{msg}");
        // With -2 4 the same texts have 5 skip bigrams a token: scored.
        let o = opts("-n 0 -x -2 4 -U");
        let r = rouge155::try_score(&Summary::from_text(&t), &[Summary::from_text(&t)], &o);
        let r = r.unwrap();
        assert_eq!(r.counts[0].hit, r.counts[0].model);
        assert_eq!(r.counts[0].model, 5.0 * 40_000.0 - 15.0);
    }

    #[test]
    fn repeated_tokens_are_counted_in_linear_time() {
        // 300,000 tokens "a b a b …": 4.5·10¹⁰ skip bigrams a text, counted in two passes per
        // text (one per distinct first token), exactly.
        let t = "a b ".repeat(150_000);
        let o = opts("-n 0 -x -2 -1 -U");
        let r = rouge155::try_score(&Summary::from_text(&t), &[Summary::from_text(&t)], &o);
        let r = r.unwrap();
        let n = 300_000f64;
        assert_eq!(r.counts[0].model, n * (n - 1.0) / 2.0);
        assert_eq!(r.counts[0].hit, r.counts[0].model);
        assert_eq!(r.counts[1].hit, n * (n - 1.0) / 2.0 + n - 1.0);
    }

    #[test]
    fn bootstrap_over_the_limit() {
        let o = opts("-n 2 -r 1000001");
        assert!(matches!(
            check_bootstrap(10, &o),
            Err(Rouge155Error::TooLarge(m)) if m.starts_with("-r 1000001")
        ));
        let o = opts("-n 2 -r 100000");
        assert!(check_bootstrap(1000, &o).is_ok());
        assert!(matches!(
            check_bootstrap(100_000, &o),
            Err(Rouge155Error::TooLarge(_))
        ));
        // -t 2 prints counts: no bootstrap at all.
        let raw = Options::parse_args(&["-n", "2", "-t", "2"])
            .unwrap()
            .options;
        assert!(check_bootstrap(usize::MAX, &raw).is_ok());
    }

    #[test]
    fn evaluate_leaves_refused_pairs_out() {
        use rouge155::LoadedEval;
        let big = "a b ".repeat(150_000);
        let evals: Vec<LoadedEval> = [("1", "the cat sat", "the cat sat down"), ("2", &big, &big)]
            .iter()
            .map(|(id, p, m)| LoadedEval {
                id: id.to_string(),
                peers: vec![("1".into(), Summary::from_text(p))],
                models: vec![Summary::from_text(m)],
            })
            .collect();
        let o = opts("-n 1 -r 10");
        let report = rouge155::evaluate(&evals, &o, Some("1"));
        let peer = &report.peers[0];
        assert_eq!(peer.pairs.len(), 1);
        assert_eq!(peer.refused.len(), 1);
        assert_eq!(peer.refused[0].0, "2.1");
        assert!(matches!(peer.refused[0].1, Rouge155Error::TooLarge(_)));
    }
}
