//! ROUGE-1.5.5 (precis-rouge `rouge155`) on any summaries: the input readers (plain text,
//! SEE html, SPL, ISI), `try_score` under several option sets (parsed with `Options::parse_args`,
//! as the command line gives them), `evaluate` with its bootstrap average and the text
//! report; and the configuration readers (`parse_config`, `parse_file_list`, `parse_args`).
//!
//! Input: byte 0 picks the option set (0-6: fixed sets covering -n, -m, -w, -2/-u/-U, -l/-b,
//! -f B, -p, -t 1/2, -s; 7: the options are the first line of the input, split on spaces);
//! byte 1: bits 0-1 the summary format (text, SEE, SPL, ISI), bit 2 also run `evaluate` and
//! print the report, bit 3 instead read the rest as a configuration; the rest is
//! `peer \0 model [\0 model ...]`.
//!
//! Checks: a pair over the work limits (`MAX_LCS_CELLS`, `MAX_WLCS_CELLS`,
//! `MAX_LCS_LINE_PAIRS`, `MAX_SKIP_BIGRAMS`) is refused as `TooLarge` (and quickly: the 10 s
//! libFuzzer timeout makes a slow pair a failure); per-pair values (R, P, F under -t 0) finite and in [0, 1], counts finite and
//! non-negative, one count per metric up to a reported failure (which only ROUGE-W over an
//! empty model may cause), and no panic anywhere.

#![no_main]

use std::collections::HashSet;
use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use precis_rouge::rouge155::{
    self, evaluate, parse_config, parse_file_list, write_text, CountMode, InputFormat, LoadedEval,
    Options, Rouge155Error, Summary,
};

/// Option sets as the command line gives them (the config file argument last).
const SETS: [&[&str]; 7] = [
    &["-n", "2", "-m", "-a", "c.xml"],
    &[
        "-n", "4", "-m", "-w", "1.2", "-2", "4", "-u", "-r", "10", "-c", "95", "-a", "c.xml",
    ],
    &[
        "-n", "2", "-x", "-2", "-1", "-U", "-f", "B", "-p", "0.3", "-t", "1", "-r", "10", "c.xml",
    ],
    &["-n3", "-l", "10", "-d", "-r", "10", "-t", "2", "c.xml"],
    &["-n", "1", "-b", "40", "-m", "-s", "-r", "10", "c.xml"],
    &["-n", "2", "-w", "2", "-x", "-2", "0", "-r", "10", "c.xml"],
    &[
        "-n", "9", "-2", "2", "-u", "-m", "-f", "B", "-r", "5", "c.xml",
    ],
];

fn options(set: u8, first_line: &str) -> Option<Options> {
    let mut opts = if usize::from(set) < SETS.len() {
        Options::parse_args(SETS[usize::from(set)])
            .expect("the fixed option sets parse")
            .options
    } else {
        let args: Vec<&str> = first_line.split(' ').filter(|a| !a.is_empty()).collect();
        let opts = Options::parse_args(&args).ok()?.options;
        // The command line is the user's: keep the work per input small.
        if opts.max_n > 9 || opts.resamples > 100 {
            return None;
        }
        opts
    };
    if opts.remove_stopwords {
        let words: HashSet<Vec<u8>> = ["the", "a", "of", "and", "in", "to", "is"]
            .iter()
            .map(|w| w.as_bytes().to_vec())
            .collect();
        opts.stopwords = Some(Arc::new(words));
    }
    Some(opts)
}

fn summary(bytes: &[u8], format: u8) -> Summary {
    match format & 3 {
        0 => Summary::from_text(&String::from_utf8_lossy(bytes)),
        1 => Summary::parse(bytes, InputFormat::See),
        2 => Summary::parse(bytes, InputFormat::Spl),
        _ => Summary::parse(bytes, InputFormat::Isi),
    }
}

fuzz_target!(|data: &[u8]| {
    let ([set, mode], rest) = precis_fuzz::flags::<2>(data);
    let set = set % 8;

    if mode & 8 != 0 {
        let text = String::from_utf8_lossy(rest);
        let _ = parse_config(&text);
        for format in [InputFormat::See, InputFormat::Spl, InputFormat::Isi] {
            let _ = parse_file_list(&text, format, "1");
        }
        let args: Vec<&str> = text.split([' ', '\n']).collect();
        if let Ok(p) = Options::parse_args(&args) {
            let o = &p.options;
            for m in o.metrics() {
                assert!(!o.metric_name(m).is_empty());
            }
        }
        return;
    }

    let pieces = precis_fuzz::pieces(rest);
    let first_line = pieces[0].split(|&b| b == b'\n').next().unwrap_or(&[]);
    let Some(opts) = options(set, &String::from_utf8_lossy(first_line)) else {
        return;
    };
    let peer = summary(pieces[0], mode);
    let models: Vec<Summary> = pieces[1..].iter().map(|p| summary(p, mode)).collect();

    let metrics = opts.metrics();
    // Within the work limits (ROUGE-L / W cells and sentence pairs, skip bigrams): a pair
    // over them is refused with `TooLarge`, before any scoring.
    let pair = match rouge155::try_score(&peer, &models, &opts) {
        Ok(p) => p,
        Err(e) => {
            assert!(
                matches!(e, Rouge155Error::TooLarge(_)),
                "try_score failed with {e:?}"
            );
            assert!(!e.to_string().is_empty());
            return;
        }
    };
    match &pair.failed {
        None => assert_eq!(pair.counts.len(), metrics.len(), "one count per metric"),
        Some((m, e)) => {
            assert_eq!(pair.counts.len(), *m, "counts stop at the failed metric");
            assert!(
                matches!(e, Rouge155Error::EmptyModelW { .. }),
                "unexpected failure {e:?}"
            );
        }
    }
    for (m, c) in pair.counts.iter().enumerate() {
        for x in [c.hit, c.model, c.peer] {
            assert!(x.is_finite() && x >= 0.0, "metric {m}: count {x} in {c:?}");
        }
        let v = pair.values(m, &opts);
        if opts.count_mode == CountMode::Sentence {
            for x in v {
                assert!(
                    x.is_finite() && (0.0..=1.0).contains(&x),
                    "metric {m}: value {x} in {v:?} ({c:?})"
                );
            }
        }
    }

    if mode & 4 != 0 {
        let evals = [LoadedEval {
            id: "1".into(),
            peers: vec![("A".into(), peer)],
            models,
        }];
        let report = evaluate(&evals, &opts, None);
        let mut out = String::new();
        for r in &report.peers {
            write_text(r, &opts, &mut out);
        }
    }
});
