//! The ROUGE flavours shared by `precis rouge` and `precis eval`: which one the flags ask for,
//! scoring one pair with it (within the work limits), collecting a row of pairs, and the
//! flavour's JSON and table cells.

use precis_rouge::multilingual::Lang;
use precis_rouge::rouge155::{self, Options, PairScore, PeerReport, Rouge155Error, Summary};
use precis_rouge::{RougeError, RougeScorer, RougeType, Scores};

use crate::report::{self, BootstrapArgs, MetricSummary, RowAggregator};

/// Which ROUGE: the three give different numbers on the same texts (README, "ROUGE flavours").
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Flavor {
    /// Google's rouge-score (Python), bit-identical.
    RougeScore,
    /// The ROUGE-1.5.5 Perl script (pyrouge, files2rouge), identical printed numbers.
    Rouge155,
    /// XL-Sum's multilingual_rouge_scoring (per-language tokenizer and stemmer).
    Multilingual,
}

impl Flavor {
    /// The name used on the command line and in JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Flavor::RougeScore => "rouge-score",
            Flavor::Rouge155 => "rouge155",
            Flavor::Multilingual => "multilingual",
        }
    }
}

/// The flavour the flags ask for: `--flavor`, or rouge155 when `--rouge155` is given,
/// multilingual when the language flag (`lang_flag`) is, else rouge-score. A usage error
/// (exit 2) when they contradict each other.
pub fn resolve(
    flavor: Option<Flavor>,
    rouge155: bool,
    lang: bool,
    lang_flag: &str,
) -> Result<Flavor, String> {
    match (flavor, rouge155, lang) {
        (_, true, true) => Err(format!("--rouge155 and {lang_flag} are different flavours")),
        (Some(f), true, _) if f != Flavor::Rouge155 => {
            Err("--rouge155 OPTIONS needs --flavor rouge155 (or no --flavor)".into())
        }
        (Some(f), _, true) if f != Flavor::Multilingual => Err(format!(
            "{lang_flag} needs --flavor multilingual (or no --flavor)"
        )),
        (Some(f), _, _) => Ok(f),
        (None, true, _) => Ok(Flavor::Rouge155),
        (None, false, true) => Ok(Flavor::Multilingual),
        (None, false, false) => Ok(Flavor::RougeScore),
    }
}

/// The multilingual flavour's language: one for every pair, or (`eval --rouge-lang auto`) each
/// record's own language.
#[derive(Debug, Clone)]
pub enum LangChoice {
    /// This language (its name `None`: no language, Porter stemming).
    Fixed(Lang),
    /// Each record's language (identified or given with `--lang`), named as XL-Sum names it.
    Auto { use_stemmer: bool },
}

/// XL-Sum's name of a language precis identifies: the English name in lower case (`english`,
/// `chinese`, `hindi`, …); none when it could not be told.
pub fn xlsum_name(lang: precis::Lang) -> Option<String> {
    if lang == precis::Lang::UND {
        return None;
    }
    let name = lang.name().to_lowercase();
    Some(match name.as_str() {
        "norwegian bokmål" => "norwegian".to_string(),
        _ => name,
    })
}

/// How pairs are scored: the flavour and its settings.
pub enum Scoring {
    /// rouge-score (`types`, stemmer).
    RougeScore(RougeScorer),
    /// XL-Sum's tokenizers in front of rouge-score's scoring.
    Multilingual(RougeScorer, LangChoice),
    /// ROUGE-1.5.5 with the options as typed (`text`).
    Rouge155 { text: String, opts: Options },
}

/// The scores of one pair in its flavour.
pub enum PairScores {
    /// rouge-score and multilingual.
    Rs(Scores),
    /// ROUGE-1.5.5's counts of every metric.
    R155(PairScore),
}

impl Scoring {
    /// ROUGE-1.5.5 for given pairs: `text` as the script's options (default: pyrouge's, without
    /// `-m` when `no_stemmer`), with `-s`'s stop words loaded. `Ok(Err(msg))`: a usage error.
    pub fn rouge155(text: Option<&str>, no_stemmer: bool) -> anyhow::Result<Result<Self, String>> {
        let (text, mut opts) = match rouge155::pair_options(text, !no_stemmer) {
            Ok(x) => x,
            Err(e) => {
                let shown = text.unwrap_or_default();
                return Ok(Err(format!("--rouge155 {shown:?}: {e}")));
            }
        };
        if opts.remove_stopwords {
            opts.stopwords = Some(crate::rouge155::load_stopwords(&opts)?);
        }
        Ok(Ok(Scoring::Rouge155 { text, opts }))
    }

    /// The flavour.
    pub fn flavor(&self) -> Flavor {
        match self {
            Scoring::RougeScore(_) => Flavor::RougeScore,
            Scoring::Multilingual(..) => Flavor::Multilingual,
            Scoring::Rouge155 { .. } => Flavor::Rouge155,
        }
    }

    /// Scores `candidate` against `refs` (several: rouge-score's best-of per type, or the
    /// script's `-f A`/`-f B` over the models), within the flavour's work limits. `lang` is the
    /// record's language (for `--rouge-lang auto`). The error names the problem: a pair over
    /// a work limit, a language that cannot be scored exactly, ROUGE-W over a reference without
    /// tokens (where the script dies).
    pub fn score(
        &self,
        refs: &[&str],
        candidate: &str,
        lang: Option<precis::Lang>,
    ) -> Result<PairScores, String> {
        match self {
            Scoring::RougeScore(s) => s
                .try_score_multi(refs, candidate)
                .map(PairScores::Rs)
                .map_err(|e| e.to_string()),
            Scoring::Multilingual(s, choice) => {
                let auto;
                let l = match choice {
                    LangChoice::Fixed(l) => l,
                    LangChoice::Auto { use_stemmer } => {
                        let name = lang.and_then(xlsum_name);
                        auto =
                            Lang::new(name.as_deref(), *use_stemmer).map_err(|e| e.to_string())?;
                        &auto
                    }
                };
                score_multi_tokens(s, l, refs, candidate)
                    .map(PairScores::Rs)
                    .map_err(|e| e.to_string())
            }
            Scoring::Rouge155 { opts, .. } => {
                let models: Vec<Summary> = refs.iter().map(|r| Summary::from_text(r)).collect();
                let ps = rouge155::try_score(&Summary::from_text(candidate), &models, opts)
                    .map_err(|e| e.to_string())?;
                // ROUGE-W over a reference without tokens: the script dies on this pair.
                match &ps.failed {
                    Some((_, e)) => Err(e.to_string()),
                    None => Ok(PairScores::R155(ps)),
                }
            }
        }
    }

    /// The metric names of the flavour, in output order.
    pub fn metric_names(&self) -> Vec<String> {
        match self {
            Scoring::RougeScore(s) | Scoring::Multilingual(s, _) => {
                s.types().iter().map(RougeType::to_string).collect()
            }
            Scoring::Rouge155 { opts, .. } => opts
                .metrics()
                .iter()
                .map(|&m| opts.metric_name(m))
                .collect(),
        }
    }

    /// One pair's scores as `{metric: {precision, recall, fmeasure}}` (ROUGE-1.5.5: R and P as
    /// the script prints them per pair, F from them, whatever `-t`).
    pub fn scores_json(&self, s: &PairScores) -> serde_json::Map<String, serde_json::Value> {
        match (self, s) {
            (Scoring::Rouge155 { opts, .. }, PairScores::R155(ps)) => rouge155_pair_json(ps, opts),
            (_, PairScores::Rs(scores)) => report::scores_json(scores),
            _ => serde_json::Map::new(),
        }
    }

    /// An empty row of this flavour.
    pub fn row(&self, boot: &BootstrapArgs) -> anyhow::Result<Row> {
        Ok(match self {
            Scoring::Rouge155 { .. } => Row::R155(Vec::new(), 0),
            _ => Row::Rs(RowAggregator::new(boot)?),
        })
    }
}

/// ROUGE-1.5.5's per-pair values as `{metric: {precision, recall, fmeasure}}`: R and P as the
/// script prints them (`-d` under `-t 0`), F from the rounded values.
pub fn rouge155_pair_json(
    ps: &PairScore,
    opts: &Options,
) -> serde_json::Map<String, serde_json::Value> {
    let mut obj = serde_json::Map::new();
    for (m, &metric) in opts.metrics().iter().enumerate().take(ps.counts.len()) {
        let v = ps.scores(m, opts);
        obj.insert(
            opts.metric_name(metric),
            serde_json::json!({"precision": v[1], "recall": v[0], "fmeasure": v[2]}),
        );
    }
    obj
}

/// rouge-score's `score_multi` with the multilingual tokenizer: per type, the reference with the
/// largest F (the first on ties), within the LCS work limits.
pub fn score_multi_tokens(
    scorer: &RougeScorer,
    lang: &Lang,
    refs: &[&str],
    candidate: &str,
) -> Result<Scores, RougeError> {
    let c = lang.tokenize(candidate);
    let mut best: Option<Scores> = None;
    for r in refs {
        let s = scorer.try_score_tokens(&lang.tokenize(r), &c)?;
        match &mut best {
            None => best = Some(s),
            Some(b) => {
                for (bs, (_, ns)) in b.0.iter_mut().zip(s.0) {
                    if ns.fmeasure > bs.1.fmeasure {
                        bs.1 = ns;
                    }
                }
            }
        }
    }
    Ok(best.unwrap_or_else(|| {
        Scores(
            scorer
                .types()
                .iter()
                .map(|&t| (t, Default::default()))
                .collect(),
        )
    }))
}

/// The pairs of one table row (a system, or all pairs of `precis rouge`).
pub enum Row {
    /// rouge-score's bootstrap over the scores.
    Rs(RowAggregator),
    /// ROUGE-1.5.5: the pairs' counts (averaged by the script's bootstrap at the end) and the
    /// candidates' words.
    R155(Vec<PairScore>, usize),
}

impl Row {
    /// Adds one pair and the words of its candidate.
    pub fn add(&mut self, s: PairScores, words: usize) {
        match (self, s) {
            (Row::Rs(a), PairScores::Rs(scores)) => a.add(&scores, words),
            (Row::R155(v, w), PairScores::R155(ps)) => {
                v.push(ps);
                *w += words;
            }
            _ => {}
        }
    }

    /// Pairs added.
    pub fn len(&self) -> usize {
        match self {
            Row::Rs(a) => a.n,
            Row::R155(v, _) => v.len(),
        }
    }

    /// Mean words per candidate.
    pub fn mean_words(&self) -> f64 {
        let words = match self {
            Row::Rs(a) => a.words,
            Row::R155(_, w) => *w,
        };
        words as f64 / self.len().max(1) as f64
    }

    /// The row's averages: rouge-score's mean and bootstrap interval, or the script's report of
    /// the pairs numbered 1, 2, … in the order added (an error past the bootstrap limits).
    pub fn summarize(self, scoring: &Scoring) -> Result<RowSummary, Rouge155Error> {
        Ok(match (self, scoring) {
            (Row::R155(v, _), Scoring::Rouge155 { opts, .. }) => {
                rouge155::check_bootstrap(v.len(), opts)?;
                RowSummary::R155(rouge155::report_pairs(v, opts))
            }
            (Row::Rs(a), _) => RowSummary::Rs(a.summarize()),
            _ => RowSummary::Rs(Vec::new()),
        })
    }
}

/// A row's averages.
pub enum RowSummary {
    /// rouge-score: mean, bootstrap low/mid/high per type.
    Rs(Vec<MetricSummary>),
    /// ROUGE-1.5.5: the script's Average and CI per metric.
    R155(PeerReport),
}

impl RowSummary {
    /// `[{metric, mean, low, mid, high}]` (rouge-score) or `[{metric, mean, low, high}]`
    /// (ROUGE-1.5.5: `mean` is the script's Average, the bootstrap mean).
    pub fn metrics_json(&self) -> serde_json::Value {
        match self {
            RowSummary::Rs(m) => serde_json::to_value(m).unwrap_or_default(),
            RowSummary::R155(r) => {
                let col = |a: &[[f64; 3]; 3], j: usize| serde_json::json!({"precision": a[1][j], "recall": a[0][j], "fmeasure": a[2][j]});
                r.metrics
                    .iter()
                    .filter_map(|m| {
                        m.average.as_ref().map(|a| {
                            serde_json::json!({"metric": m.name, "mean": col(a, 0), "low": col(a, 1), "high": col(a, 2)})
                        })
                    })
                    .collect()
            }
        }
    }

    /// F ×100 with its interval, one cell per metric: `41.29 (39.87–42.71)` (rouge-score) or
    /// `45.511 (43.876–47.214)` (ROUGE-1.5.5: its 5 printed decimals).
    pub fn f_cells(&self) -> Vec<String> {
        match self {
            RowSummary::Rs(m) => m.iter().map(report::f_cell).collect(),
            RowSummary::R155(r) => r
                .metrics
                .iter()
                .filter_map(|m| m.average.as_ref().map(|a| r155_cell(a[2])))
                .collect(),
        }
    }
}

/// `avg (low–high)` ×100 with 3 decimals.
pub fn r155_cell(x: [f64; 3]) -> String {
    format!(
        "{:.3} ({:.3}–{:.3})",
        100.0 * x[0],
        100.0 * x[1],
        100.0 * x[2]
    )
}
