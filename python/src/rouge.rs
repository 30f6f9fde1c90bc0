//! The native half of `precis.rouge_score`: `precis_rouge::RougeScorer` (rouge-score's
//! numbers, bit for bit), the bootstrap on numpy's MT19937 stream, the default tokenizer.

use std::panic::{catch_unwind, AssertUnwindSafe};

use precis_rouge::multilingual::Lang as MultiLang;
use precis_rouge::{bootstrap, Mt19937, RougeError, RougeScorer, Score, Scores, TokenizedText};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple, PyType};
use rayon::prelude::*;

use crate::args::{self, type_error, value_error, MAX_TEXT_BYTES};
use crate::pool;

/// `Score`, the namedtuple (precision, recall, fmeasure) every score is returned as.
static SCORE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
/// `tuple.__new__`, to build `Score`s without a Python frame per score.
static TUPLE_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();

/// Texts longer than this (bytes, both together) are scored with the GIL released.
const DETACH_BYTES: usize = 16 << 10;
/// Most bootstrap resamples (the means alone take 24 bytes each).
const MAX_SAMPLES: u64 = 10_000_000;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    let namedtuple = py.import("collections")?.getattr("namedtuple")?;
    let kwargs = PyDict::new(py);
    kwargs.set_item("module", "precis.rouge_score.scoring")?;
    let score = namedtuple
        .call(
            ("Score", ["precision", "recall", "fmeasure"]),
            Some(&kwargs),
        )?
        .cast_into::<PyType>()?;
    score.setattr(
        "__doc__",
        "Precision, recall and F-measure of one ROUGE type (rouge-score's scoring.Score).",
    )?;
    m.add("Score", &score)?;
    let _ = SCORE.set(py, score.unbind());
    let tuple_new = py
        .import("builtins")?
        .getattr("tuple")?
        .getattr("__new__")?;
    let _ = TUPLE_NEW.set(py, tuple_new.unbind());
    m.add_class::<PyRougeScorer>()?;
    m.add_function(wrap_pyfunction!(bootstrap_intervals, m)?)?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    Ok(())
}

pub(crate) fn make_score<'py>(py: Python<'py>, s: &Score) -> PyResult<Bound<'py, PyAny>> {
    let cls = SCORE
        .get(py)
        .ok_or_else(|| PyValueError::new_err("precis._precis is not initialised"))?;
    let new = TUPLE_NEW
        .get(py)
        .ok_or_else(|| PyValueError::new_err("precis._precis is not initialised"))?;
    new.bind(py)
        .call1((cls.bind(py), (s.precision, s.recall, s.fmeasure)))
}

/// Runs `f`, turning a panic (a bug) into an error message.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f))
        .unwrap_or_else(|_| Err("internal error (please report this)".to_string()))
}

/// A token list argument: str tokens as they are, ints (token ids) as distinct strings.
fn tokens_arg(o: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    let items = args::items(o, what)?;
    items
        .iter()
        .enumerate()
        .map(|(i, t)| {
            if t.is_instance_of::<PyString>() {
                args::string_arg(t, &format!("{what}[{i}]"), MAX_TEXT_BYTES)
            } else if t.is_instance_of::<PyInt>() && !t.is_instance_of::<PyBool>() {
                // A token id: NUL cannot occur in a text token, so ids never equal words.
                Ok(format!("\0{}", t.str()?))
            } else {
                Err(type_error(&format!("{what}[{i}]"), "str or int", t))
            }
        })
        .collect()
}

/// rouge-score's scoring (`precis_rouge::RougeScorer`), one type per name.
#[pyclass(module = "precis._precis", name = "RougeScorer", frozen)]
pub struct PyRougeScorer {
    scorer: RougeScorer,
    keys: Vec<Py<PyString>>,
    /// The multilingual flavour (XL-Sum's `lang=`): its tokenizer and stemmer instead of
    /// rouge-score's.
    lang: Option<MultiLang>,
}

impl PyRougeScorer {
    fn dict<'py>(&self, py: Python<'py>, s: &Scores) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, (_, sc)) in self.keys.iter().zip(s.iter()) {
            d.set_item(k.bind(py), make_score(py, sc)?)?;
        }
        Ok(d)
    }

    fn score_pair(&self, t: &str, p: &str) -> Result<Scores, String> {
        guarded(|| {
            match &self.lang {
                None => self.scorer.try_score(t, p),
                Some(l) => self.scorer.try_score_tokens(&l.tokenize(t), &l.tokenize(p)),
            }
            .map_err(|e| e.to_string())
        })
    }

    fn score_multi_texts(&self, refs: &[&str], p: &str) -> Result<Scores, RougeError> {
        let Some(lang) = &self.lang else {
            return self.scorer.try_score_multi(refs, p);
        };
        // rouge-score's score_multi with the multilingual tokenizer: per type, the target with
        // the largest F (the first on ties).
        let c = lang.tokenize(p);
        let mut best: Option<Scores> = None;
        for r in refs {
            let s = self.scorer.try_score_tokens(&lang.tokenize(r), &c)?;
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
                self.scorer
                    .types()
                    .iter()
                    .map(|&t| (t, Score::default()))
                    .collect(),
            )
        }))
    }
}

#[pymethods]
impl PyRougeScorer {
    /// `rouge_types`: rouge-score's names (`rouge1`..`rouge9`, `rougeL`, `rougeLsum`).
    /// `lang`: None for rouge-score's tokenizer, else the multilingual flavour's language as
    /// XL-Sum names it (`english`, `chinese`, `hindi`, ...; `porter` for its `lang=None`).
    #[new]
    #[pyo3(signature = (rouge_types, use_stemmer=None, lang=None))]
    fn new(
        py: Python<'_>,
        rouge_types: &Bound<'_, PyAny>,
        use_stemmer: Option<&Bound<'_, PyAny>>,
        lang: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let items = args::items(rouge_types, "rouge_types")?;
        let mut names = Vec::with_capacity(items.len());
        for (i, t) in items.iter().enumerate() {
            names.push(args::string_arg(t, &format!("rouge_types[{i}]"), 64)?);
        }
        let use_stemmer = args::opt_bool(use_stemmer, "use_stemmer", false)?;
        let scorer = RougeScorer::from_names(&names, use_stemmer).map_err(|e| {
            value_error(
                "rouge_types",
                format!("{e} (expected rouge1..rouge9, rougeL or rougeLsum)"),
            )
        })?;
        let keys = names
            .iter()
            .map(|n| PyString::new(py, n).unbind())
            .collect();
        let lang = match lang.filter(|o| !o.is_none()) {
            None => None,
            Some(o) => {
                let name = args::string_arg(o, "lang", 64)?;
                Some(MultiLang::new(Some(&name), use_stemmer).map_err(|e| value_error("lang", e))?)
            }
        };
        Ok(PyRougeScorer { scorer, keys, lang })
    }

    /// The rouge type names, in order.
    #[getter]
    fn rouge_types(&self) -> Vec<String> {
        self.scorer.types().iter().map(|t| t.to_string()).collect()
    }

    #[getter]
    fn use_stemmer(&self) -> bool {
        self.scorer.use_stemmer()
    }

    /// The multilingual flavour's language (None: rouge-score's tokenizer).
    #[getter]
    fn lang(&self) -> Option<String> {
        self.lang
            .as_ref()
            .map(|l| l.name().unwrap_or("porter").to_string())
    }

    /// `{type: Score}` of `prediction` against `target`.
    fn score<'py>(
        &self,
        py: Python<'py>,
        target: &Bound<'py, PyAny>,
        prediction: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let t = args::str_arg(target, "target", MAX_TEXT_BYTES)?;
        let p = args::str_arg(prediction, "prediction", MAX_TEXT_BYTES)?;
        let r = if t.len() + p.len() > DETACH_BYTES {
            let (t, p) = (&*t, &*p);
            py.detach(|| self.score_pair(t, p))
        } else {
            self.score_pair(&t, &p)
        };
        let s = r.map_err(|e| value_error("target/prediction", e))?;
        self.dict(py, &s)
    }

    /// Per type, the score against the target with the best F (the first on ties).
    fn score_multi<'py>(
        &self,
        py: Python<'py>,
        targets: &Bound<'py, PyAny>,
        prediction: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let items = args::items(targets, "targets")?;
        if items.is_empty() {
            return Err(PyValueError::new_err(
                "targets: empty (score_multi needs at least one target)",
            ));
        }
        let ts = items
            .iter()
            .enumerate()
            .map(|(i, t)| args::string_arg(t, &format!("targets[{i}]"), MAX_TEXT_BYTES))
            .collect::<PyResult<Vec<_>>>()?;
        let p = args::string_arg(prediction, "prediction", MAX_TEXT_BYTES)?;
        let refs: Vec<&str> = ts.iter().map(String::as_str).collect();
        let r =
            py.detach(|| guarded(|| self.score_multi_texts(&refs, &p).map_err(|e| e.to_string())));
        let s = r.map_err(|e| value_error("targets/prediction", e))?;
        self.dict(py, &s)
    }

    /// `[score(t, p) for t, p in zip(targets, predictions)]` on all cores, the GIL released.
    #[pyo3(signature = (targets, predictions, *, threads=None, errors=None))]
    fn score_batch<'py>(
        &self,
        py: Python<'py>,
        targets: &Bound<'py, PyAny>,
        predictions: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
        errors: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        let threads = pool::threads_arg(threads)?;
        let raise = args::choice(errors, "errors", &["raise", "return"])? == 0;
        let ts = args::items(targets, "targets")?;
        let ps = args::items(predictions, "predictions")?;
        if ts.len() != ps.len() {
            return Err(PyValueError::new_err(format!(
                "targets and predictions differ in length ({} and {})",
                ts.len(),
                ps.len()
            )));
        }
        let mut pairs: Vec<Option<(String, String)>> = Vec::with_capacity(ts.len());
        let mut errs: Vec<Option<PyErr>> = Vec::with_capacity(ts.len());
        for (i, (t, p)) in ts.iter().zip(&ps).enumerate() {
            let pair =
                args::string_arg(t, &format!("targets[{i}]"), MAX_TEXT_BYTES).and_then(|t| {
                    Ok((
                        t,
                        args::string_arg(p, &format!("predictions[{i}]"), MAX_TEXT_BYTES)?,
                    ))
                });
            match pair {
                Ok(x) => {
                    pairs.push(Some(x));
                    errs.push(None);
                }
                Err(e) if raise => return Err(e),
                Err(e) => {
                    pairs.push(None);
                    errs.push(Some(e));
                }
            }
        }
        let pool = pool::get(threads)?;
        let results: Vec<Option<Result<Scores, String>>> = py.detach(|| {
            pool.install(|| {
                pairs
                    .par_iter()
                    .map(|x| x.as_ref().map(|(t, p)| self.score_pair(t, p)))
                    .collect()
            })
        });
        let out = PyList::empty(py);
        for (i, r) in results.into_iter().enumerate() {
            match r {
                Some(Ok(s)) => out.append(self.dict(py, &s)?)?,
                Some(Err(msg)) => {
                    let e = value_error(&format!("pair {i}"), msg);
                    if raise {
                        return Err(e);
                    }
                    out.append(e.into_value(py))?;
                }
                None => {
                    let e = errs[i]
                        .take()
                        .unwrap_or_else(|| PyTypeError::new_err(format!("pair {i}: refused")));
                    out.append(e.into_value(py))?;
                }
            }
        }
        Ok(out)
    }

    /// Scores of texts tokenized elsewhere (a custom tokenizer, `split_summaries`): tokens
    /// for ROUGE-N/L, per-sentence tokens for ROUGE-Lsum. The stemmer flag is not used.
    fn score_tokens<'py>(
        &self,
        py: Python<'py>,
        target_tokens: &Bound<'py, PyAny>,
        target_lines: &Bound<'py, PyAny>,
        prediction_tokens: &Bound<'py, PyAny>,
        prediction_lines: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let lines = |o: &Bound<'py, PyAny>, what: &str| -> PyResult<Vec<Vec<String>>> {
            args::items(o, what)?
                .iter()
                .enumerate()
                .map(|(i, l)| tokens_arg(l, &format!("{what}[{i}]")))
                .collect()
        };
        let t = TokenizedText {
            tokens: tokens_arg(target_tokens, "target_tokens")?,
            lines: lines(target_lines, "target_lines")?,
        };
        let p = TokenizedText {
            tokens: tokens_arg(prediction_tokens, "prediction_tokens")?,
            lines: lines(prediction_lines, "prediction_lines")?,
        };
        let scorer = &self.scorer;
        let r =
            py.detach(|| guarded(|| scorer.try_score_tokens(&t, &p).map_err(|e| e.to_string())));
        let s = r.map_err(|e| value_error("target/prediction", e))?;
        self.dict(py, &s)
    }

    fn __repr__(&self) -> String {
        let stem = if self.scorer.use_stemmer() {
            "True"
        } else {
            "False"
        };
        match self.lang() {
            None => format!("RougeScorer({:?}, use_stemmer={stem})", self.rouge_types()),
            Some(l) => format!(
                "RougeScorer({:?}, use_stemmer={stem}, lang={l:?})",
                self.rouge_types()
            ),
        }
    }
}

/// rouge-score's default tokenizer: lower-cased `[a-z0-9]+` tokens, Porter-stemmed (tokens
/// longer than 3 characters) with `use_stemmer`.
#[pyfunction]
#[pyo3(signature = (text, use_stemmer=false))]
fn tokenize(py: Python<'_>, text: &Bound<'_, PyAny>, use_stemmer: bool) -> PyResult<Vec<String>> {
    let t = args::str_arg(text, "text", MAX_TEXT_BYTES)?;
    let t = &*t;
    Ok(py.detach(|| precis_rouge::tokenize(t, use_stemmer)))
}

/// The bootstrap intervals of groups of `(precision, recall, fmeasure)` rows, drawing from
/// numpy's legacy MT19937: from `key`/`pos` (numpy's `get_state()`) when given, else from
/// `np.random.seed(seed)`'s state. Returns, per group, the 9 numbers low P/R/F, mid P/R/F,
/// high P/R/F, and the generator's state after the draws (to hand back with `set_state`).
#[pyfunction]
#[pyo3(signature = (groups, confidence_interval, n_samples, *, key=None, pos=None, seed=None, threads=None))]
#[allow(clippy::too_many_arguments, clippy::type_complexity)]
fn bootstrap_intervals(
    py: Python<'_>,
    groups: &Bound<'_, PyAny>,
    confidence_interval: f64,
    n_samples: &Bound<'_, PyAny>,
    key: Option<&Bound<'_, PyAny>>,
    pos: Option<&Bound<'_, PyAny>>,
    seed: Option<&Bound<'_, PyAny>>,
    threads: Option<&Bound<'_, PyAny>>,
) -> PyResult<(Vec<[f64; 9]>, Vec<u32>, usize)> {
    if !(0.0..=1.0).contains(&confidence_interval) {
        return Err(value_error(
            "confidence_interval",
            format!("must be in [0, 1], got {confidence_interval}"),
        ));
    }
    let n_samples = args::count(n_samples, "n_samples", 1, MAX_SAMPLES)? as usize;
    let threads = pool::threads_arg(threads)?;
    let mut rows: Vec<Vec<[f64; 3]>> = Vec::new();
    for (g, group) in args::items(groups, "groups")?.iter().enumerate() {
        let mut v = Vec::new();
        for (i, s) in args::items(group, &format!("groups[{g}]"))?
            .iter()
            .enumerate()
        {
            let t = s.cast::<PyTuple>().map_err(|_| {
                type_error(
                    &format!("scores[{g}][{i}]"),
                    "a Score (precision, recall, fmeasure)",
                    s,
                )
            })?;
            let (p, r, f): (f64, f64, f64) = t.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "scores[{g}][{i}]: expected 3 numbers (precision, recall, fmeasure), got {}",
                    t.repr().map(|r| r.to_string()).unwrap_or_default()
                ))
            })?;
            v.push([p, r, f]);
        }
        if v.len() as u64 >= u64::from(u32::MAX) {
            return Err(value_error(
                "scores",
                "2^32 or more scores of one type (numpy would switch to 64-bit draws)",
            ));
        }
        rows.push(v);
    }
    let mut rng = match key.filter(|k| !k.is_none()) {
        Some(k) => {
            let words: Vec<u32> = k
                .extract()
                .map_err(|_| type_error("key", "a list of 624 ints in 0..2**32", k))?;
            let words: [u32; 624] = words.try_into().map_err(|w: Vec<u32>| {
                value_error("key", format!("624 words expected, got {}", w.len()))
            })?;
            let pos = match pos {
                Some(p) => args::count(p, "pos", 0, 624)? as usize,
                None => 624,
            };
            Mt19937::from_state(words, pos).map_err(|e| value_error("pos", e))?
        }
        None => Mt19937::new(match seed.filter(|s| !s.is_none()) {
            Some(s) => args::count(s, "seed", 0, u64::from(u32::MAX))? as u32,
            None => 0,
        }),
    };
    let pool = pool::get(threads)?;
    let out = py.detach(|| {
        pool.install(|| {
            rows.iter()
                .map(|g| {
                    let a = bootstrap::interval(g, confidence_interval, n_samples, &mut rng);
                    [
                        a.low.precision,
                        a.low.recall,
                        a.low.fmeasure,
                        a.mid.precision,
                        a.mid.recall,
                        a.mid.fmeasure,
                        a.high.precision,
                        a.high.recall,
                        a.high.fmeasure,
                    ]
                })
                .collect::<Vec<_>>()
        })
    });
    let (key, pos) = rng.state();
    Ok((out, key.to_vec(), pos))
}
