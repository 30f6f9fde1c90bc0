//! ROUGE (precis-rouge) on any pair of texts: the rouge-score flavour with every type
//! (`try_score`, `try_score_multi`, the bootstrap), the multilingual (XL-Sum) flavour, and the
//! greedy oracle. ROUGE-1.5.5 has its own target (`rouge155`).
//!
//! Input: byte 0 holds options (bit 0: stemming, bits 1-3: the multilingual language, bits
//! 4-7: the oracle's sentence cap, 0 = none); the rest is `reference \0 candidate [\0 more
//! references]` (invalid UTF-8 replaced by U+FFFD). Large inputs reach the LCS work limits
//! (`MAX_LCS_CELLS`, `MAX_LCS_LINE_PAIRS`, `MAX_LCS_BYTES`): such pairs must be refused,
//! quickly, not scored (the 10 s libFuzzer timeout makes a slow pair a failure).
//!
//! Checks: every score finite and in [0, 1] (F = 0 when P + R = 0); only ROUGE-L / Lsum may
//! be refused, and only as `TooLarge`; on small pairs ROUGE-N and ROUGE-L are symmetric (P of
//! (a, b) = R of (b, a)) and a text scores F = 1 against itself; the multi-reference score is
//! the best single one; bootstrap intervals are ordered; the oracle returns ascending distinct
//! in-range indices, at most the cap, with an objective in [0, 2].

#![no_main]

use libfuzzer_sys::fuzz_target;
use precis_fuzz::check_score;
use precis_rouge::multilingual;
use precis_rouge::oracle::{greedy_oracle_scored, MAX_SELECTED};
use precis_rouge::{BootstrapAggregator, RougeError, RougeScorer, RougeType, Scores};

const LANGS: [Option<&str>; 8] = [
    None,
    Some("english"),
    Some("chinese"),
    Some("hindi"),
    Some("french"),
    Some("russian"),
    Some("korean"),
    Some("japanese"),
];

/// Past this many token pairs a run scores only one of ROUGE-L / ROUGE-Lsum (by the parity of
/// the input length): the pair costs up to ~2 s natively, 4× that with the fuzzing
/// instrumentation, and both would come close to the 10 s timeout.
const BIG_LCS: u64 = 1 << 32;

fn check_scores(what: &str, s: &Scores, types: &[RougeType]) {
    assert_eq!(s.len(), types.len(), "{what}: one score per type");
    for ((t, sc), want) in s.iter().zip(types) {
        assert_eq!(t, want, "{what}: types out of order");
        check_score(&format!("{what} {t}"), sc.precision, sc.recall, sc.fmeasure);
    }
}

fn check_refusal(what: &str, e: &RougeError) {
    assert!(
        matches!(e, RougeError::TooLarge(_)),
        "{what}: unexpected error {e:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let ([f], rest) = precis_fuzz::flags::<1>(data);
    let stem = f & 1 != 0;
    let lang = LANGS[usize::from((f >> 1) & 7)];
    let cap = usize::from(f >> 4);
    let parts: Vec<String> = precis_fuzz::pieces(rest)
        .into_iter()
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect();
    let reference = parts.first().map_or("", String::as_str);
    let candidate = parts.get(1).map_or("", String::as_str);

    let mut stages = precis_fuzz::Stages::start();
    let (nr, nc) = (
        precis_rouge::tokenize(reference, stem).len(),
        precis_rouge::tokenize(candidate, stem).len(),
    );
    let cells = nr as u64 * nc as u64;
    // rouge-score: every type at once; a refusal must come from the LCS types.
    let mut types: Vec<RougeType> = (1..=9).map(RougeType::N).collect();
    let pick_l = rest.len() % 2 == 0;
    if cells <= BIG_LCS || pick_l {
        types.push(RougeType::L);
    }
    if cells <= BIG_LCS || !pick_l {
        types.push(RougeType::Lsum);
    }
    let scorer = RougeScorer::new(&types, stem);
    match scorer.try_score(reference, candidate) {
        Ok(s) => check_scores("try_score", &s, &types),
        Err(e) => {
            check_refusal("try_score", &e);
            assert!(types.len() > 9, "ROUGE-N refused: {e}");
            let ngrams = RougeScorer::new(&types[..9], stem);
            let s = ngrams
                .try_score(reference, candidate)
                .expect("ROUGE-N is never refused");
            check_scores("try_score (N)", &s, &types[..9]);
        }
    }
    stages.done("try_score (all types)");

    // Small pairs: symmetry and self-similarity of ROUGE-N and ROUGE-L.
    if cells <= 1 << 22 && nr.max(nc) <= 1 << 14 {
        let sym = RougeScorer::new(&[RougeType::N(1), RougeType::N(2), RougeType::L], stem);
        let ab = sym.score(reference, candidate);
        let ba = sym.score(candidate, reference);
        for ((t, x), (_, y)) in ab.iter().zip(ba.iter()) {
            assert_eq!(x.precision, y.recall, "{t}: P(a, b) != R(b, a)");
            assert_eq!(x.recall, y.precision, "{t}: R(a, b) != P(b, a)");
        }
        let own = sym.score(reference, reference);
        if nr > 0 {
            for t in [RougeType::N(1), RougeType::L] {
                let s = own.get(t).expect("requested type");
                assert_eq!(s.fmeasure, 1.0, "{t} of a text against itself is not 1");
            }
        }
        // Multi-reference: the best single reference per type.
        let refs: Vec<&str> = parts
            .iter()
            .enumerate()
            .filter(|&(i, _)| i != 1)
            .map(|(_, r)| r.as_str())
            .collect();
        let small = refs
            .iter()
            .all(|r| precis_rouge::tokenize(r, stem).len() <= 1 << 12);
        if small && nc <= 1 << 12 {
            let multi = sym
                .try_score_multi(&refs, candidate)
                .expect("small pairs are never refused");
            for (t, m) in multi.iter() {
                let best = refs
                    .iter()
                    .map(|r| sym.score(r, candidate).get(*t).map_or(0.0, |s| s.fmeasure))
                    .fold(0.0f64, f64::max);
                assert_eq!(
                    m.fmeasure, best,
                    "{t}: score_multi is not the best reference"
                );
            }
        }
        // Bootstrap over the pair's scores (a few resamples).
        if let Ok(mut agg) = BootstrapAggregator::with_params(0.95, 20, 42) {
            agg.add_scores(&ab);
            agg.add_scores(&ba);
            agg.add_scores(&own);
            for (t, a) in agg.aggregate() {
                for (lo, mid, hi) in [
                    (a.low.precision, a.mid.precision, a.high.precision),
                    (a.low.recall, a.mid.recall, a.high.recall),
                    (a.low.fmeasure, a.mid.fmeasure, a.high.fmeasure),
                ] {
                    assert!(lo <= mid && mid <= hi, "{t}: interval {lo} {mid} {hi}");
                }
            }
        }
    }

    stages.done("small-pair checks");

    // Multilingual: tokenized by XL-Sum's rules, scored by rouge-score within the limits.
    if let Ok(ml) = multilingual::Lang::new(lang, stem) {
        let (r, c) = (ml.tokenize(reference), ml.tokenize(candidate));
        stages.done("multilingual tokenize");
        // The LCS types on pairs of moderate size (the rouge-score flavour above covers the
        // large ones with the same kernels and limits: 8,000 × 8,000 lines, 1.3 s natively,
        // take 30-60 s with the instrumentation, and twice would pass the time limit).
        let mut ml_types = vec![RougeType::N(1), RougeType::N(2)];
        if r.tokens.len() as u64 * c.tokens.len() as u64 <= 1 << 30 {
            ml_types.push(RougeType::L);
            if r.lines.len() as u64 * c.lines.len() as u64 <= 1 << 20 {
                ml_types.push(RougeType::Lsum);
            }
        }
        let s = RougeScorer::new(&ml_types, stem);
        match s.try_score_tokens(&r, &c) {
            Ok(sc) => check_scores("multilingual", &sc, &ml_types),
            Err(e) => check_refusal("multilingual", &e),
        }
    }

    stages.done("multilingual score");

    // The oracle: candidate lines are the article's sentences.
    let sentences: Vec<&str> = candidate.split('\n').collect();
    let max = (cap > 0).then_some(cap);
    let (chosen, objective) = greedy_oracle_scored(&sentences, reference, max);
    assert!(
        chosen.windows(2).all(|w| w[0] < w[1]),
        "oracle indices not ascending: {chosen:?}"
    );
    assert!(
        chosen.iter().all(|&i| i < sentences.len()),
        "oracle index out of range"
    );
    let limit = if cap == 0 {
        MAX_SELECTED
    } else {
        cap.min(MAX_SELECTED)
    };
    assert!(
        chosen.len() <= limit,
        "oracle chose {} > {limit}",
        chosen.len()
    );
    assert!(
        objective.is_finite() && (0.0..=2.0).contains(&objective),
        "oracle objective {objective}"
    );
    stages.done("oracle");
});
