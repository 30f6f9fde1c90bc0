//! ROUGE exactly as the ROUGE-1.5.5 Perl script computes it (what papers report through pyrouge
//! or files2rouge), written from the behaviour specification in
//! `shared/fixtures/rouge155/SPEC.md`, not from the script.
//!
//! - [`input`]: SEE html / SPL / ISI summaries and the XML configuration (or `-z` file list).
//! - tokenization: ASCII lower-casing, tokens = maximal `[a-z0-9]` runs; `-m`: tokens longer
//!   than 3 bytes through the WordNet 2.0 exception table, else the original Porter algorithm
//!   with ROUGE's step 4 ([`stem`]).
//! - ROUGE-N, ROUGE-L (summary-level union LCS with unigram clipping), ROUGE-W (`-w`),
//!   ROUGE-S / SU (`-2`, `-u`, `-U`), `-l` / `-b` truncation (with the `-b` units quirk),
//!   `-f A` / `-f B`, `-p`, R and P rounded to 5 decimals before F.
//! - [`average`]: the printed Average is a bootstrap with Perl's `drand48` (`srand(i)` per
//!   resample), over instance keys sorted as strings; `-t 1` / `-t 2`.
//!
//! ```
//! use precis_rouge::rouge155::{Options, Summary};
//! let opts = Options::parse_args(&["-n", "2", "-m", "-a", "config.xml"]).unwrap().options;
//! let peer = Summary::from_text("The cats sat on the mat.");
//! let model = Summary::from_text("The cat sat on a mat.");
//! let r = precis_rouge::rouge155::score(&peer, &[model], &opts);
//! assert_eq!(opts.metric_name(opts.metrics()[0]), "ROUGE-1");
//! assert_eq!(r.values(0, &opts), [0.83333, 0.83333, 0.83333]);
//! ```

pub mod average;
pub mod input;
mod score;
pub mod stem;

use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Arc;

use rayon::prelude::*;

pub use input::{parse_config, parse_file_list, EvalSpec, InputFormat, Summary};

/// Errors of the ROUGE-1.5.5 flavour.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Rouge155Error {
    /// A bad command line (exit code 2).
    #[error("{0}")]
    Usage(String),
    /// An option or input the script has and this implementation does not (exit code 2).
    #[error("not supported: {0}")]
    Unsupported(String),
    /// A bad configuration file.
    #[error("configuration: {0}")]
    Config(String),
    /// ROUGE-W over a reference without tokens: the script dies there ("Illegal division by
    /// zero"); its output stops after the metrics before ROUGE-W.
    #[error(
        "ROUGE-W: model {model} (0-based, in config order) has no tokens; ROUGE-1.5.5 dies here \
         with \"Illegal division by zero\" (drop -w, or remove the empty reference)"
    )]
    EmptyModelW {
        /// Index of the model among the pair's models.
        model: usize,
    },
    /// A pair over the work limits of [`try_score`] (the message names the metric, the sizes
    /// and the limit).
    #[error("{0}")]
    TooLarge(String),
}

/// `-l N` / `-b N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// No limit.
    None,
    /// The first N whitespace-separated words.
    Words(usize),
    /// The first N bytes.
    Bytes(usize),
}

/// `-f A` (model average: counts summed over the models) or `-f B` (best model).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Formula {
    /// Sum of the counts over the models.
    A,
    /// The counts of the model with the best (per-model) recall.
    B,
}

/// `-t`: what is averaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountMode {
    /// `-t 0` (default): per-pair R, P, F.
    Sentence,
    /// `-t 1`: corpus-level R, P, F from the resampled counts.
    Token,
    /// `-t 2`: raw counts, no bootstrap.
    Raw,
}

/// A metric the script prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// ROUGE-n.
    N(usize),
    /// ROUGE-L.
    L,
    /// ROUGE-W-weight.
    W,
    /// ROUGE-S (skip bigrams).
    S,
    /// ROUGE-SU (skip bigrams and unigrams).
    SU,
}

/// Summed counts of one pair and metric (after `-f`): hits, model count, peer count.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    /// Hits (for ROUGE-W a weighted float).
    pub hit: f64,
    /// Model (reference) count.
    pub model: f64,
    /// Peer (candidate) count.
    pub peer: f64,
}

/// The options of `ROUGE-1.5.5.pl`.
#[derive(Debug, Clone)]
pub struct Options {
    /// `-n`: ROUGE-1 … ROUGE-n (0: none).
    pub max_n: usize,
    /// Not `-x`: compute ROUGE-L.
    pub lcs: bool,
    /// `-w W` as typed (printed in the metric name) and its value.
    pub weight: Option<(String, f64)>,
    /// `-2 d` as typed and its value (negative: no distance limit).
    pub skip: Option<(String, i64)>,
    /// `-u`: skip bigrams with unigrams only.
    pub su_only: bool,
    /// `-U`: skip bigrams, then with unigrams.
    pub su_also: bool,
    /// `-l` / `-b`.
    pub limit: Limit,
    /// `-m`.
    pub stem: bool,
    /// `-s`: whether stop words are removed (the list comes from the data directory).
    pub remove_stopwords: bool,
    /// The stop-word list when `-s` (set by the caller, e.g. from `DIR/smart_common_words.txt`).
    pub stopwords: Option<Arc<HashSet<Vec<u8>>>>,
    /// `-f`.
    pub formula: Formula,
    /// `-p` (default 0.5).
    pub alpha: f64,
    /// `-c` as typed and its value (default 95).
    pub confidence: (String, f64),
    /// `-r` (default 1000).
    pub resamples: usize,
    /// `-t`.
    pub count_mode: CountMode,
    /// `-d`: print per-evaluation lines.
    pub per_eval: bool,
    /// `-a`: evaluate all peers.
    pub all_peers: bool,
    /// `-e DIR` (only used to find the stop-word list of `-s`).
    pub data_dir: Option<String>,
    /// `-z FORMAT`: the configuration is a file list.
    pub file_list: Option<InputFormat>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_n: 0,
            lcs: true,
            weight: None,
            skip: None,
            su_only: false,
            su_also: false,
            limit: Limit::None,
            stem: false,
            remove_stopwords: false,
            stopwords: None,
            formula: Formula::A,
            alpha: 0.5,
            confidence: ("95".into(), 95.0),
            resamples: 1000,
            count_mode: CountMode::Sentence,
            per_eval: false,
            all_peers: false,
            data_dir: None,
            file_list: None,
        }
    }
}

/// Options and the positional arguments (config file, optional system ID).
#[derive(Debug, Clone)]
pub struct ParsedArgs {
    /// The options.
    pub options: Options,
    /// `CONFIG [SYSTEM_ID]`.
    pub positionals: Vec<String>,
    /// `-h` / `-H` was given.
    pub help: bool,
}

/// The options of `ROUGE-1.5.5.pl` (Getopt::Std spec `ahHb:c:de:f:l:mMn:p:st:r:2:3:w:uUvxz:`).
pub const USAGE: &str = "usage: precis rouge155 [OPTIONS] CONFIG.xml [SYSTEM_ID]
A drop-in for ROUGE-1.5.5.pl: the same options, the same output line for line.
  -a            evaluate all systems (peers) of the configuration
  -c CF         CF% confidence interval (0..100, default 95)
  -d            print per-evaluation scores
  -e DIR        ROUGE data directory (accepted; read only for the stop-word list of -s)
  -h, -H        this help
  -b N | -l N   use only the first N bytes | words of every summary
  -m            stem (WordNet 2.0 exceptions, then Porter)
  -n N          ROUGE-1 .. ROUGE-N
  -s            remove the stop words of DIR/smart_common_words.txt (-e, $ROUGE_EVAL_HOME or .)
  -r N          bootstrap resamples (default 1000)
  -2 D          skip bigrams with at most D words between (D < 0: no limit)
  -u            skip bigrams with unigrams (ROUGE-SU) instead of ROUGE-S
  -U            ROUGE-S and ROUGE-SU
  -w W          ROUGE-W with weight W (> 0)
  -x            no ROUGE-L
  -f A|B        several references: A = sum of counts (default), B = best reference
  -p ALPHA      F = 1 / (ALPHA/P + (1-ALPHA)/R) (default 0.5)
  -t 0|1|2      0: average per pair (default); 1: per token; 2: raw counts
  -z SEE|SPL|ISI  CONFIG is a list of `peer model1 [model2 ...]` lines in that format
Not supported (usage error): -3 (Basic Elements), -M (stem models only), -v (debug output).";

fn num(opt: char, v: &str) -> Result<f64, Rouge155Error> {
    v.trim()
        .parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .ok_or_else(|| Rouge155Error::Usage(format!("-{opt}: not a number: {v:?}")))
}

fn int(opt: char, v: &str) -> Result<i64, Rouge155Error> {
    v.trim()
        .parse::<i64>()
        .map_err(|_| Rouge155Error::Usage(format!("-{opt}: not an integer: {v:?}")))
}

fn uint(opt: char, v: &str) -> Result<usize, Rouge155Error> {
    let x = int(opt, v)?;
    usize::try_from(x).map_err(|_| Rouge155Error::Usage(format!("-{opt} must not be negative")))
}

impl Options {
    /// Parses the script's command line (options, then `CONFIG [SYSTEM_ID]`), with the
    /// script's checks. Options may be bundled (`-am`) and values attached (`-n4`) or separate
    /// (`-2 -1`), as Getopt::Std reads them.
    pub fn parse_args<S: AsRef<str>>(args: &[S]) -> Result<ParsedArgs, Rouge155Error> {
        const WITH_VALUE: &str = "bceflnptr23wz";
        let mut o = Options::default();
        let mut help = false;
        let (mut l, mut b) = (None, None);
        let mut i = 0;
        while i < args.len() {
            let a = args[i].as_ref();
            if a == "--" {
                i += 1;
                break;
            }
            if !a.starts_with('-') || a == "-" {
                break;
            }
            let chars: Vec<char> = a.chars().skip(1).collect();
            let mut k = 0;
            while k < chars.len() {
                let c = chars[k];
                k += 1;
                let value = if WITH_VALUE.contains(c) {
                    let v = if k < chars.len() {
                        chars[k..].iter().collect::<String>()
                    } else {
                        i += 1;
                        match args.get(i) {
                            Some(v) => v.as_ref().to_string(),
                            None => {
                                return Err(Rouge155Error::Usage(format!(
                                    "option -{c} needs a value"
                                )))
                            }
                        }
                    };
                    k = chars.len();
                    Some(v)
                } else {
                    None
                };
                let v = value.as_deref().unwrap_or("");
                match c {
                    'a' => o.all_peers = true,
                    'h' | 'H' => help = true,
                    'd' => o.per_eval = true,
                    'm' => o.stem = true,
                    's' => o.remove_stopwords = true,
                    'u' => o.su_only = true,
                    'U' => o.su_also = true,
                    'x' => o.lcs = false,
                    'b' => b = Some(uint('b', v)?),
                    'l' => l = Some(uint('l', v)?),
                    'c' => {
                        let x = num('c', v)?;
                        if !(0.0..=100.0).contains(&x) {
                            return Err(Rouge155Error::Usage(
                                "Confidence interval should be within 0 and 100.".into(),
                            ));
                        }
                        o.confidence = (v.to_string(), x);
                    }
                    'e' => o.data_dir = Some(v.to_string()),
                    'f' => {
                        o.formula = if v == "B" { Formula::B } else { Formula::A };
                    }
                    'n' => o.max_n = uint('n', v)?,
                    'p' => {
                        let x = num('p', v)?;
                        if !(0.0..=1.0).contains(&x) {
                            return Err(Rouge155Error::Usage(
                                "Relative importance of ROUGE recall and precision (-p) has to be between 0 and 1 inclusively.".into(),
                            ));
                        }
                        o.alpha = x;
                    }
                    't' => {
                        o.count_mode = match int('t', v)? {
                            1 => CountMode::Token,
                            2 => CountMode::Raw,
                            _ => CountMode::Sentence,
                        }
                    }
                    'r' => {
                        o.resamples = uint('r', v)?;
                        if o.resamples == 0 {
                            return Err(Rouge155Error::Usage(
                                "-r 0: the script dies with \"Illegal division by zero\"; give at least 1 resample".into(),
                            ));
                        }
                    }
                    '2' => o.skip = Some((v.to_string(), int('2', v)?)),
                    'w' => {
                        let x = num('w', v)?;
                        if x <= 0.0 {
                            return Err(Rouge155Error::Usage(
                                "ROUGE-W weight factor must greater than 0.".into(),
                            ));
                        }
                        o.weight = Some((v.to_string(), x));
                    }
                    'z' => o.file_list = Some(InputFormat::parse(v)?),
                    '3' => {
                        return Err(Rouge155Error::Unsupported(
                            "-3 (Basic Elements scoring)".into(),
                        ))
                    }
                    'M' => {
                        return Err(Rouge155Error::Unsupported(
                            "-M (stemming the models only)".into(),
                        ))
                    }
                    'v' => return Err(Rouge155Error::Unsupported("-v (debug output)".into())),
                    _ => return Err(Rouge155Error::Usage(format!("unknown option -{c}"))),
                }
            }
            i += 1;
        }
        if l.is_some() && b.is_some() {
            return Err(Rouge155Error::Usage(
                "Please specify length limit in words or bytes but not both.".into(),
            ));
        }
        o.limit = match (l, b) {
            (Some(n), _) if n > 0 => Limit::Words(n),
            (_, Some(n)) if n > 0 => Limit::Bytes(n),
            _ => Limit::None,
        };
        if o.file_list.is_some() {
            o.all_peers = false;
        }
        let positionals: Vec<String> = args[i.min(args.len())..]
            .iter()
            .map(|s| s.as_ref().to_string())
            .collect();
        Ok(ParsedArgs {
            options: o,
            positionals,
            help,
        })
    }

    /// The metrics in the order the script prints them.
    pub fn metrics(&self) -> Vec<Metric> {
        let mut m: Vec<Metric> = (1..=self.max_n).map(Metric::N).collect();
        if self.lcs {
            m.push(Metric::L);
        }
        if self.weight.is_some() {
            m.push(Metric::W);
        }
        if self.skip.is_some() {
            if self.su_only {
                m.push(Metric::SU);
            } else {
                m.push(Metric::S);
                if self.su_also {
                    m.push(Metric::SU);
                }
            }
        }
        m
    }

    /// The name the script prints (`ROUGE-1`, `ROUGE-L`, `ROUGE-W-1.2`, `ROUGE-SU*`, `ROUGE-S4`).
    pub fn metric_name(&self, m: Metric) -> String {
        let skip = || match &self.skip {
            Some((_, d)) if *d < 0 => "*".to_string(),
            Some((s, _)) => s.clone(),
            None => String::new(),
        };
        match m {
            Metric::N(n) => format!("ROUGE-{n}"),
            Metric::L => "ROUGE-L".into(),
            Metric::W => format!(
                "ROUGE-W-{}",
                self.weight.as_ref().map_or("", |(s, _)| s.as_str())
            ),
            Metric::S => format!("ROUGE-S{}", skip()),
            Metric::SU => format!("ROUGE-SU{}", skip()),
        }
    }

    pub(crate) fn skip_distance(&self) -> i64 {
        self.skip.as_ref().map_or(-1, |(_, d)| *d)
    }

    pub(crate) fn weight(&self) -> f64 {
        self.weight.as_ref().map_or(1.0, |(_, w)| *w)
    }
}

/// C's `printf("%7.5f", x)`.
pub fn fmt5(x: f64) -> String {
    format!("{x:7.5}")
}

/// Perl's default stringification of a number (`%.15g`).
pub fn perl_number(x: f64) -> String {
    if x == x.trunc() && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let e = format!("{x:.14e}");
    let (mant, exp) = e.split_once('e').unwrap_or((&e, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if !(-4..15).contains(&exp) {
        let mant = mant.trim_end_matches('0').trim_end_matches('.');
        let sign = if exp < 0 { '-' } else { '+' };
        return format!("{mant}e{sign}{:02}", exp.abs());
    }
    let digits = (14 - exp).max(0) as usize;
    let s = format!("{x:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// The per-pair result: counts of each metric of [`Options::metrics`], and where scoring
/// stopped if a metric failed.
#[derive(Debug, Clone, PartialEq)]
pub struct PairScore {
    /// Counts per metric, in [`Options::metrics`] order (up to the failed metric).
    pub counts: Vec<Counts>,
    /// The metric index that failed and why.
    pub failed: Option<(usize, Rouge155Error)>,
}

pub use score::{MAX_SKIP_BIGRAMS, MAX_WLCS_CELLS};

/// Scores one peer against its models for every metric of `opts`, without work limits: memory
/// stays bounded (ROUGE-L and ROUGE-W checkpoint their tables, skip bigrams are counted in
/// memory linear in the texts), but the time of ROUGE-L, ROUGE-W and ROUGE-S/SU grows with the
/// product of the texts' lengths; services and batch jobs should use [`try_score`].
pub fn score(peer: &Summary, models: &[Summary], opts: &Options) -> PairScore {
    let metrics = opts.metrics();
    match score::score_pair(peer, models, opts, &metrics, false) {
        Ok((counts, failed)) => PairScore { counts, failed },
        // Not reached: without the checks scoring has no error of its own.
        Err(e) => PairScore {
            counts: Vec::new(),
            failed: Some((0, e)),
        },
    }
}

/// [`score`] within the work limits, checked on the tokenized texts before anything is
/// scored: [`Rouge155Error::TooLarge`] naming the metric and the sizes when ROUGE-L is over
/// [`crate::MAX_LCS_CELLS`] (model tokens × peer tokens, summed over the models), ROUGE-W over
/// [`MAX_WLCS_CELLS`], either over [`crate::MAX_LCS_LINE_PAIRS`] sentence pairs or one sentence
/// pair over [`crate::MAX_LCS_BYTES`], or ROUGE-S/SU over [`MAX_SKIP_BIGRAMS`] counting steps.
/// The scores it returns are exactly [`score`]'s.
pub fn try_score(
    peer: &Summary,
    models: &[Summary],
    opts: &Options,
) -> Result<PairScore, Rouge155Error> {
    let metrics = opts.metrics();
    let (counts, failed) = score::score_pair(peer, models, opts, &metrics, true)?;
    Ok(PairScore { counts, failed })
}

impl PairScore {
    /// R, P, F of metric index `m` as the script prints them per pair under `-t 0` (`-d`),
    /// whatever `opts.count_mode`: R and P rounded to 5 decimals, F from the rounded values.
    pub fn scores(&self, m: usize, opts: &Options) -> [f64; 3] {
        let Some(c) = self.counts.get(m) else {
            return [0.0; 3];
        };
        let is_w = opts.metrics().get(m) == Some(&Metric::W);
        rpf(c, opts.alpha, is_w.then(|| opts.weight()))
    }

    /// The three per-pair values of metric index `m`: R, P, F as printed (read back) under
    /// `-t 0`, else the counts `[model, peer, hits]`.
    pub fn values(&self, m: usize, opts: &Options) -> [f64; 3] {
        let Some(c) = self.counts.get(m) else {
            return [0.0; 3];
        };
        match opts.count_mode {
            CountMode::Sentence => self.scores(m, opts),
            _ => [c.model, c.peer, c.hit],
        }
    }
}

/// R, P, F of summed counts as the script prints them (read back): R and P rounded to 5
/// decimals, F from the rounded values (SPEC §6.7); ROUGE-W takes the 1/W power first.
pub fn rpf(c: &Counts, alpha: f64, weight: Option<f64>) -> [f64; 3] {
    let ratio = |d: f64| {
        if d != 0.0 {
            let x = c.hit / d;
            let x = match weight {
                Some(w) => score::wpow(x, 1.0 / w),
                None => x,
            };
            read5(x)
        } else {
            0.0
        }
    };
    let r = ratio(c.model);
    let p = ratio(c.peer);
    let d = (1.0 - alpha) * p + alpha * r;
    let f = if d > 0.0 { read5((p * r) / d) } else { 0.0 };
    [r, p, f]
}

fn read5(x: f64) -> f64 {
    fmt5(x).trim().parse().unwrap_or(0.0)
}

/// One evaluation with its summaries loaded.
#[derive(Debug, Clone)]
pub struct LoadedEval {
    /// The EVAL ID.
    pub id: String,
    /// Peers (ID, summary).
    pub peers: Vec<(String, Summary)>,
    /// Models in config order.
    pub models: Vec<Summary>,
}

/// One metric block of the report.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricReport {
    /// The printed metric name.
    pub name: String,
    /// `EVAL.PEER` keys with their values, in the script's print order (numeric EVAL IDs).
    pub per_eval: Vec<(String, [f64; 3])>,
    /// `Average_R`, `_P`, `_F` as `[avg, low, high]` (not under `-t 2`).
    pub average: Option<[[f64; 3]; 3]>,
    /// `-t 2`: `[M_count, P_count, H_count]`.
    pub counts: Option<[f64; 3]>,
}

/// The report of one peer.
#[derive(Debug, Clone, PartialEq)]
pub struct PeerReport {
    /// The peer ID.
    pub peer: String,
    /// The metric blocks in print order.
    pub metrics: Vec<MetricReport>,
    /// Per-pair counts of every metric, in evaluation order, with the keys (`EVAL.PEER`).
    pub pairs: Vec<(String, PairScore)>,
    /// The error that stopped the script after `metrics` (ROUGE-W over an empty reference),
    /// with the key of the first pair (in evaluation order) where it happened.
    pub failed: Option<(String, Rouge155Error)>,
    /// Pairs over the work limits of [`try_score`] (keys in evaluation order), left out of the
    /// report ([`evaluate`]).
    pub refused: Vec<(String, Rouge155Error)>,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// One per peer, peers sorted as strings (`-a`) or the one asked for.
    pub peers: Vec<PeerReport>,
    /// "test instance for peer P does not exist for evaluation E" warnings.
    pub warnings: Vec<String>,
}

/// `by_evalID`: numeric prefixes compared as numbers when both keys have one, else strings.
fn by_eval_id(a: &str, b: &str) -> std::cmp::Ordering {
    fn prefix(s: &str) -> Option<&str> {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        (n > 0).then(|| s[..n].trim_start_matches('0'))
    }
    match (prefix(a), prefix(b)) {
        (Some(x), Some(y)) => x.len().cmp(&y.len()).then(x.cmp(y)).then(a.cmp(b)),
        _ => a.cmp(b),
    }
}

/// Scores every evaluation (pairs in parallel, within the work limits of [`try_score`]: pairs
/// over them are left out and listed in [`PeerReport::refused`]) and computes the report of
/// each peer.
pub fn evaluate(evals: &[LoadedEval], opts: &Options, system_id: Option<&str>) -> Report {
    let mut peers: Vec<String> = match (opts.all_peers, system_id) {
        (true, _) | (false, None) => evals
            .iter()
            .flat_map(|e| e.peers.iter().map(|(p, _)| p.clone()))
            .collect(),
        (false, Some(s)) => vec![s.to_string()],
    };
    peers.sort();
    peers.dedup();
    let metrics = opts.metrics();
    let mut warnings = Vec::new();
    let mut out = Vec::new();
    for peer in peers {
        let jobs: Vec<(&LoadedEval, &Summary)> = evals
            .iter()
            .filter_map(|e| match e.peers.iter().find(|(p, _)| *p == peer) {
                Some((_, s)) => Some((e, s)),
                None => {
                    warnings.push(format!(
                        "*ROUGE Warning: test instance for peer {peer} does not exist for evaluation {}",
                        e.id
                    ));
                    None
                }
            })
            .collect();
        let scored: Vec<(String, Result<PairScore, Rouge155Error>)> = jobs
            .par_iter()
            .map(|(e, s)| (format!("{}.{peer}", e.id), try_score(s, &e.models, opts)))
            .collect();
        let mut pairs = Vec::with_capacity(scored.len());
        let mut refused = Vec::new();
        for (k, r) in scored {
            match r {
                Ok(p) => pairs.push((k, p)),
                Err(e) => refused.push((k, e)),
            }
        }
        let mut report = peer_report(&peer, pairs, &metrics, opts);
        report.refused = refused;
        out.push(report);
    }
    Report {
        peers: out,
        warnings,
    }
}

/// Averages and the print order of one peer's scored pairs (keys `EVAL.PEER`, in evaluation
/// order; a key seen twice keeps its first score, as the script does).
pub fn peer_report(
    peer: &str,
    mut pairs: Vec<(String, PairScore)>,
    metrics: &[Metric],
    opts: &Options,
) -> PeerReport {
    let mut seen = HashSet::new();
    pairs.retain(|(k, _)| seen.insert(k.clone()));
    let failed = pairs
        .iter()
        .filter_map(|(k, p)| p.failed.clone().map(|(m, e)| (m, k.clone(), e)))
        .min_by_key(|(m, _, _)| *m);
    let n_ok = failed.as_ref().map_or(metrics.len(), |(m, _, _)| *m);
    let mut sorted: Vec<usize> = (0..pairs.len()).collect();
    sorted.sort_by(|&a, &b| pairs[a].0.as_bytes().cmp(pairs[b].0.as_bytes()));
    let mut printed: Vec<usize> = (0..pairs.len()).collect();
    printed.sort_by(|&a, &b| by_eval_id(&pairs[a].0, &pairs[b].0));
    let values: Vec<Vec<[f64; 3]>> = (0..n_ok)
        .map(|m| sorted.iter().map(|&k| pairs[k].1.values(m, opts)).collect())
        .collect();
    let (averages, counts) = match opts.count_mode {
        CountMode::Raw => {
            let c: Vec<[f64; 3]> = values
                .iter()
                .map(|rows| {
                    let mut s = [0.0f64; 3];
                    for r in rows {
                        for c in 0..3 {
                            s[c] += r[c];
                        }
                    }
                    s.map(f64::trunc)
                })
                .collect();
            (None, Some(c))
        }
        _ => (
            Some(average::bootstrap(
                &values,
                opts.resamples,
                opts.confidence.1,
                opts.count_mode,
                opts.alpha,
            )),
            None,
        ),
    };
    let metrics_out = (0..n_ok)
        .map(|m| MetricReport {
            name: opts.metric_name(metrics[m]),
            per_eval: printed
                .iter()
                .map(|&k| (pairs[k].0.clone(), pairs[k].1.values(m, opts)))
                .collect(),
            average: averages.as_ref().map(|a| a[m]),
            counts: counts.as_ref().map(|c| c[m]),
        })
        .collect();
    PeerReport {
        peer: peer.to_string(),
        metrics: metrics_out,
        pairs,
        failed: failed.map(|(_, k, e)| (k, e)),
        refused: Vec::new(),
    }
}

/// The report of pairs given one by one (`precis rouge`, `precis eval`, the HTTP API): pair k
/// (from 1, in the given order) is evaluation `k` of peer `1`, so the Average is the script's
/// on a configuration listing the pairs in that order with zero-padded names.
pub fn report_pairs(pairs: Vec<PairScore>, opts: &Options) -> PeerReport {
    let keyed = pairs
        .into_iter()
        .enumerate()
        .map(|(k, p)| (format!("{}.1", k + 1), p))
        .collect();
    peer_report("1", keyed, &opts.metrics(), opts)
}

/// The options pyrouge and files2rouge pass to the script (with `-m`), without the data
/// directory and `-d`: the default when pairs are scored with this flavour and no options.
pub const PYROUGE_OPTIONS: &str = "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m";

/// The options for scoring pairs given directly (no configuration file): `text` split at
/// whitespace and read as the script's command line, or [`PYROUGE_OPTIONS`] (without `-m`
/// when not `use_stemmer`). Returns the option text and the options. Errors (naming the
/// option): anything [`Options::parse_args`] refuses, and what has no meaning for given pairs:
/// a configuration file or system ID, `-z`, `-t 2` (counts, no Average), `-h`.
pub fn pair_options(
    text: Option<&str>,
    use_stemmer: bool,
) -> Result<(String, Options), Rouge155Error> {
    let text = match text {
        Some(t) => t.trim().to_string(),
        None if use_stemmer => PYROUGE_OPTIONS.to_string(),
        None => PYROUGE_OPTIONS.trim_end_matches(" -m").to_string(),
    };
    let words: Vec<&str> = text.split_whitespace().collect();
    let parsed = Options::parse_args(&words)?;
    let bad = if let Some(p) = parsed.positionals.first() {
        Some(format!(
            "options only: {p:?} is not an option (the pairs are given, there is no configuration file)"
        ))
    } else if parsed.options.file_list.is_some() {
        Some("-z does not apply (the pairs are given, there is no configuration file)".into())
    } else if parsed.options.count_mode == CountMode::Raw {
        Some("-t 2 prints counts, not scores: use `precis rouge155 -t 2` on a configuration".into())
    } else if parsed.help {
        Some("-h: see `precis rouge155 -h` for the options".into())
    } else {
        None
    };
    match bad {
        Some(msg) => Err(Rouge155Error::Usage(msg)),
        None => Ok((text, parsed.options)),
    }
}

/// Most bootstrap resamples [`check_bootstrap`] lets through (each keeps 24 bytes per metric
/// until the percentiles are taken): 1,000,000.
pub const MAX_RESAMPLES: usize = 1_000_000;

/// Most bootstrap work [`check_bootstrap`] lets through: resamples × pairs × (metrics + 1)
/// (the draws and the sums), 2³² ≈ 4.3·10⁹, a few seconds.
pub const MAX_BOOTSTRAP_WORK: u64 = 1 << 32;

/// Whether the Average of `pairs` pairs under `opts` is within [`MAX_RESAMPLES`] and
/// [`MAX_BOOTSTRAP_WORK`] (`-t 2` computes none): [`Rouge155Error::TooLarge`] naming `-r` and
/// the sizes otherwise.
pub fn check_bootstrap(pairs: usize, opts: &Options) -> Result<(), Rouge155Error> {
    if opts.count_mode == CountMode::Raw {
        return Ok(());
    }
    let r = opts.resamples;
    if r > MAX_RESAMPLES {
        return Err(Rouge155Error::TooLarge(format!(
            "-r {r}: more bootstrap resamples than the limit of {MAX_RESAMPLES}"
        )));
    }
    let metrics = opts.metrics().len() as u64;
    let work = (r as u64)
        .saturating_mul(pairs as u64)
        .saturating_mul(metrics + 1);
    if work > MAX_BOOTSTRAP_WORK {
        return Err(Rouge155Error::TooLarge(format!(
            "-r {r} over {pairs} pairs and {metrics} metrics: bootstrap work {work} (resamples × pairs × (metrics + 1)) is over the limit of {MAX_BOOTSTRAP_WORK}; lower -r"
        )));
    }
    Ok(())
}

/// The script's stdout for one peer's report (everything it prints before any failure).
pub fn write_text(r: &PeerReport, opts: &Options, out: &mut String) {
    let raw = opts.count_mode == CountMode::Sentence;
    for m in &r.metrics {
        out.push_str("---------------------------------------------\n");
        if let Some(a) = &m.average {
            for (k, name) in ["R", "P", "F"].iter().enumerate() {
                let _ = writeln!(
                    out,
                    "{} {} Average_{name}: {} ({}%-conf.int. {} - {})",
                    r.peer,
                    m.name,
                    fmt5(a[k][0]),
                    opts.confidence.0,
                    fmt5(a[k][1]),
                    fmt5(a[k][2])
                );
            }
        }
        if let Some(c) = &m.counts {
            let _ = writeln!(
                out,
                "{} {} M_count: {} P_count: {} H_count: {}",
                r.peer,
                m.name,
                perl_number(c[0]),
                perl_number(c[1]),
                perl_number(c[2])
            );
        }
        if opts.per_eval {
            out.push_str(".............................................\n");
            for (key, v) in &m.per_eval {
                let s = |x: f64| if raw { fmt5(x) } else { perl_number(x) };
                let _ = writeln!(
                    out,
                    "{} {} Eval {key} R:{} P:{} F:{}",
                    r.peer,
                    m.name,
                    s(v[0]),
                    s(v[1]),
                    s(v[2])
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_rounding_of_ties() {
        // 1/64 = 0.015625 and 3/64 = 0.046875 are exact ties at 5 decimals: C rounds to even.
        assert_eq!(fmt5(1.0 / 64.0), "0.01562");
        assert_eq!(fmt5(3.0 / 64.0), "0.04688");
        assert_eq!(fmt5(0.0), "0.00000");
        assert_eq!(fmt5(1.0), "1.00000");
    }

    #[test]
    fn perl_numbers() {
        assert_eq!(perl_number(35.0), "35");
        assert_eq!(perl_number(0.0), "0");
        assert_eq!(perl_number(1.0 / 3.0), "0.333333333333333");
        assert_eq!(perl_number(2.0f64.powf(1.2)), "2.29739670999407");
        assert_eq!(perl_number(123.456), "123.456");
        assert_eq!(perl_number(1e-7), "1e-07");
    }

    #[test]
    fn f_from_rounded_r_and_p() {
        // SPEC §6.7: R=0.91667, P=0.68750 gives F=0.78572 (0.78571 unrounded).
        let c = Counts {
            hit: 11.0,
            model: 12.0,
            peer: 16.0,
        };
        assert_eq!(rpf(&c, 0.5, None), [0.91667, 0.6875, 0.78572]);
    }

    #[test]
    fn getopt_like_the_script() {
        let p = Options::parse_args(&[
            "-e",
            "data",
            "-c",
            "95",
            "-2",
            "-1",
            "-U",
            "-r",
            "1000",
            "-n",
            "4",
            "-w",
            "1.2",
            "-a",
            "-m",
            "-d",
            "config.xml",
        ])
        .unwrap();
        let o = &p.options;
        assert_eq!(p.positionals, vec!["config.xml"]);
        assert_eq!(o.max_n, 4);
        let names: Vec<String> = o.metrics().iter().map(|&m| o.metric_name(m)).collect();
        assert_eq!(
            names,
            [
                "ROUGE-1",
                "ROUGE-2",
                "ROUGE-3",
                "ROUGE-4",
                "ROUGE-L",
                "ROUGE-W-1.2",
                "ROUGE-S*",
                "ROUGE-SU*"
            ]
        );
        let p = Options::parse_args(&["-amn2", "-x", "-2", "4", "-u", "c.xml"]).unwrap();
        let names: Vec<String> = p
            .options
            .metrics()
            .iter()
            .map(|&m| p.options.metric_name(m))
            .collect();
        assert_eq!(names, ["ROUGE-1", "ROUGE-2", "ROUGE-SU4"]);
        assert!(matches!(
            Options::parse_args(&["-3", "HM", "c.xml"]),
            Err(Rouge155Error::Unsupported(_))
        ));
        assert!(matches!(
            Options::parse_args(&["-l", "10", "-b", "5", "c.xml"]),
            Err(Rouge155Error::Usage(_))
        ));
        assert!(matches!(
            Options::parse_args(&["-q", "c.xml"]),
            Err(Rouge155Error::Usage(_))
        ));
        assert!(Options::parse_args(&["-n"]).is_err());
    }

    #[test]
    fn eval_id_print_order() {
        let mut k = vec!["10.1", "2.1", "1.1", "100.1", "x.1"];
        k.sort_by(|a, b| by_eval_id(a, b));
        assert_eq!(k, ["1.1", "2.1", "10.1", "100.1", "x.1"]);
    }
}
