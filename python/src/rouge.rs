//! The native half of `precis.rouge_score`: `precis_rouge::RougeScorer` (rouge-score's
//! numbers, bit for bit), the bootstrap on numpy's MT19937 stream, the default tokenizer.

use std::borrow::Cow;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

use precis_rouge::multilingual::Lang as MultiLang;
use precis_rouge::{bootstrap, Mt19937, RougeError, RougeScorer, Score, Scores, TokenizedText};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyDict, PyInt, PyList, PyString, PyTuple, PyType};

use crate::args::{self, type_error, value_error, MAX_TEXT_BYTES};
use crate::pool;

/// `Score`, the namedtuple (precision, recall, fmeasure) every score is returned as.
static SCORE: PyOnceLock<Py<PyType>> = PyOnceLock::new();
/// `tuple.__new__`, to build `Score`s without a Python frame per score.
static TUPLE_NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
/// `tuple`'s `tp_new` slot (Python 3.10+, where `PyType_GetSlot` reads static types): what
/// `tuple.__new__(Score, x)` calls, without the method wrapper's argument tuples and checks.
static TUPLE_TP_NEW: OnceLock<Option<ffi::newfunc>> = OnceLock::new();
/// `gc.isenabled`, `gc.disable`, `gc.enable` (see [`GcPause`]).
static GC: PyOnceLock<[Py<PyAny>; 3]> = PyOnceLock::new();

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
    let _ = TUPLE_TP_NEW.set(if py.version_info() >= (3, 10) {
        // SAFETY: the GIL is held; from 3.10 `PyType_GetSlot` accepts static types, and a
        // `Py_tp_new` slot holds a `newfunc`.
        let slot = unsafe { ffi::PyType_GetSlot(&raw mut ffi::PyTuple_Type, ffi::Py_tp_new) };
        (!slot.is_null())
            .then(|| unsafe { std::mem::transmute::<*mut std::ffi::c_void, ffi::newfunc>(slot) })
    } else {
        None
    });
    let gc = py.import("gc")?;
    let _ = GC.set(
        py,
        [
            gc.getattr("isenabled")?.unbind(),
            gc.getattr("disable")?.unbind(),
            gc.getattr("enable")?.unbind(),
        ],
    );
    m.add_class::<PyRougeScorer>()?;
    m.add_function(wrap_pyfunction!(bootstrap_intervals, m)?)?;
    m.add_function(wrap_pyfunction!(tokenize, m)?)?;
    Ok(())
}

pub(crate) fn make_score<'py>(py: Python<'py>, s: &Score) -> PyResult<Bound<'py, PyAny>> {
    let cls = SCORE
        .get(py)
        .ok_or_else(|| PyValueError::new_err("precis._precis is not initialised"))?;
    let values = PyTuple::new(py, [s.precision, s.recall, s.fmeasure])?;
    if let Some(Some(tp_new)) = TUPLE_TP_NEW.get() {
        let args = PyTuple::new(py, [values])?;
        // SAFETY: the GIL is held; `Score` is a subclass of `tuple` whose nearest static base
        // is `tuple`, so `tuple`'s `tp_new` with the type and `(values,)` is exactly what
        // `tuple.__new__(Score, values)` runs (a new reference, or NULL with an exception).
        return unsafe {
            Bound::from_owned_ptr_or_err(
                py,
                tp_new(cls.as_ptr().cast(), args.as_ptr(), std::ptr::null_mut()),
            )
        };
    }
    let new = TUPLE_NEW
        .get(py)
        .ok_or_else(|| PyValueError::new_err("precis._precis is not initialised"))?;
    new.bind(py).call1((cls.bind(py), values))
}

/// The cyclic garbage collector held off while a batch's result objects are built (restored
/// on drop). Python 3.11 and earlier collect from inside the allocation that crosses the
/// threshold, so building 12,500 dicts of 4 `Score`s ran about 90 generation-0 collections
/// (and the older generations' passes) over objects that cannot form cycles, a seventh of a
/// `score_batch`; from 3.12 the collector runs at the next bytecode boundary instead, i.e. only
/// after the call, as it does here too (the allocation counts stand, so the first allocation
/// after the batch collects once). Held only while the GIL is: no other thread sees it off.
struct GcPause<'py> {
    py: Python<'py>,
    was_enabled: bool,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<Self> {
        let gc = GC
            .get(py)
            .ok_or_else(|| PyValueError::new_err("precis._precis is not initialised"))?;
        let was_enabled = gc[0].bind(py).call0()?.is_truthy()?;
        if was_enabled {
            gc[1].bind(py).call0()?;
        }
        Ok(GcPause { py, was_enabled })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        if let (true, Some(gc)) = (self.was_enabled, GC.get(self.py)) {
            if let Err(e) = gc[2].bind(self.py).call0() {
                e.restore(self.py);
            }
        }
    }
}

/// Most pairs scored as one unit of work: small enough that building Python objects for the
/// first chunks overlaps the scoring of the next ones, large enough that handing chunks over
/// costs nothing measurable (one lock per 64 CNN/DM pairs, about 0.6 ms of scoring).
const CHUNK_PAIRS: usize = 64;
/// Most text bytes in a chunk of more than one pair (long documents: chunks stay short work).
const CHUNK_BYTES: usize = 64 << 10;

/// Where `score_batch`'s chunks start (and, last, the number of pairs): at most
/// [`CHUNK_PAIRS`] pairs and [`CHUNK_BYTES`] bytes a chunk, and at least 4 chunks per thread
/// when there are enough pairs (a short batch still uses every thread).
fn chunk_bounds(pairs: &[Option<(&str, &str)>], threads: usize) -> Vec<usize> {
    let most = (pairs.len() / (4 * threads.max(1))).clamp(1, CHUNK_PAIRS);
    let mut bounds = vec![0];
    let (mut count, mut bytes) = (0, 0);
    for (i, x) in pairs.iter().enumerate() {
        let b = x.map_or(0, |(t, p)| t.len() + p.len());
        if count == most || (count > 0 && bytes + b > CHUNK_BYTES) {
            bounds.push(i);
            (count, bytes) = (0, 0);
        }
        count += 1;
        bytes += b;
    }
    if count > 0 {
        bounds.push(pairs.len());
    }
    bounds
}

/// A scored chunk: each pair's outcome, and the scores of its scored pairs one after the other
/// (one `Score` per rouge type each). Two allocations a chunk, not one per pair: they are made
/// on a worker and freed on the calling thread, where cross-thread frees cost.
struct Chunk {
    outcomes: Vec<Outcome>,
    scores: Vec<Score>,
}

enum Outcome {
    Scored,
    /// Scoring refused the pair (work limits) or panicked (a bug).
    Failed(String),
    /// Its arguments were refused before scoring (`errors="return"`).
    Refused,
}

/// `score_batch`'s work queue: chunks are claimed in index order by the workers and by the
/// calling thread (which also turns finished chunks, in order, into Python objects).
struct Pipeline<'a> {
    pairs: &'a [Option<(&'a str, &'a str)>],
    /// Chunk `c` is `pairs[bounds[c]..bounds[c + 1]]`.
    bounds: &'a [usize],
    chunks: usize,
    next: AtomicUsize,
    stop: AtomicBool,
    state: Mutex<PipeState>,
    cv: Condvar,
}

struct PipeState {
    done: Vec<Option<Chunk>>,
    /// Workers not finished yet (started or not).
    running: usize,
}

impl<'a> Pipeline<'a> {
    fn new(pairs: &'a [Option<(&'a str, &'a str)>], bounds: &'a [usize], workers: usize) -> Self {
        let chunks = bounds.len().saturating_sub(1);
        Pipeline {
            pairs,
            bounds,
            chunks,
            next: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
            state: Mutex::new(PipeState {
                done: (0..chunks).map(|_| None).collect(),
                running: workers,
            }),
            cv: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, PipeState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The next chunk nobody has claimed, if any (none once stopped).
    fn claim(&self) -> Option<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let c = self.next.fetch_add(1, Ordering::Relaxed);
        (c < self.chunks).then_some(c)
    }

    /// Scores chunk `c` (a panic, a bug, is an error of each pair, never a lost chunk).
    fn work(&self, scorer: &PyRougeScorer, c: usize) -> Chunk {
        let pairs = &self.pairs[self.bounds[c]..self.bounds[c + 1]];
        catch_unwind(AssertUnwindSafe(|| {
            let mut scores = Vec::with_capacity(pairs.len() * scorer.keys.len());
            let outcomes = pairs
                .iter()
                .map(|x| match x {
                    None => Outcome::Refused,
                    Some((t, p)) => match scorer.score_pair(t, p) {
                        Ok(s) => {
                            scores.extend(s.0.iter().map(|&(_, sc)| sc));
                            Outcome::Scored
                        }
                        Err(msg) => Outcome::Failed(msg),
                    },
                })
                .collect();
            Chunk { outcomes, scores }
        }))
        .unwrap_or_else(|_| Chunk {
            outcomes: pairs
                .iter()
                .map(|_| Outcome::Failed("internal error (please report this)".to_string()))
                .collect(),
            scores: Vec::new(),
        })
    }

    fn put(&self, c: usize, r: Chunk) {
        self.lock().done[c] = Some(r);
        self.cv.notify_all();
    }

    /// A worker: claims and scores chunks until none is left.
    fn run_worker(&self, scorer: &PyRougeScorer) {
        struct Finished<'p, 'a>(&'p Pipeline<'a>);
        impl Drop for Finished<'_, '_> {
            fn drop(&mut self) {
                self.0.lock().running -= 1;
                self.0.cv.notify_all();
            }
        }
        let _finished = Finished(self);
        while let Some(c) = self.claim() {
            let r = self.work(scorer, c);
            self.put(c, r);
        }
    }

    /// Chunk `c`'s results, for the thread holding the GIL: taken if finished, else that
    /// thread scores unclaimed chunks itself (the GIL released) or waits (released too).
    fn take(&self, py: Python<'_>, scorer: &PyRougeScorer, c: usize) -> Chunk {
        loop {
            if let Some(r) = self.lock().done[c].take() {
                return r;
            }
            match self.claim() {
                Some(k) => {
                    let r = py.detach(|| self.work(scorer, k));
                    if k == c {
                        return r;
                    }
                    self.put(k, r);
                }
                None => py.detach(|| {
                    let mut st = self.lock();
                    while st.done[c].is_none() {
                        st = self.cv.wait(st).unwrap_or_else(|e| e.into_inner());
                    }
                }),
            }
        }
    }

    /// Stops the workers and waits (the GIL released) until none runs: they borrow `pairs`.
    fn finish(&self, py: Python<'_>) {
        self.stop.store(true, Ordering::Relaxed);
        py.detach(|| {
            let mut st = self.lock();
            while st.running > 0 {
                st = self.cv.wait(st).unwrap_or_else(|e| e.into_inner());
            }
        });
    }
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

    /// [`Self::dict`] of one score per type, in order.
    fn dict_of<'py>(&self, py: Python<'py>, s: &[Score]) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (k, sc) in self.keys.iter().zip(s) {
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

    /// `[score(t, p) for t, p in zip(targets, predictions)]` on `threads` threads (0: all
    /// cores), this one included: chunks of pairs are scored with the GIL released while this
    /// thread, holding it, turns the finished chunks into dicts in input order.
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
        // The texts, borrowed (Python 3.10+) from the `str` objects `ts` and `ps` hold.
        let mut texts: Vec<Option<(Cow<'_, str>, Cow<'_, str>)>> = Vec::with_capacity(ts.len());
        let mut errs: Vec<Option<PyErr>> = Vec::with_capacity(ts.len());
        for (i, (t, p)) in ts.iter().zip(&ps).enumerate() {
            let pair =
                args::str_arg_with(t, || format!("targets[{i}]"), MAX_TEXT_BYTES).and_then(|t| {
                    Ok((
                        t,
                        args::str_arg_with(p, || format!("predictions[{i}]"), MAX_TEXT_BYTES)?,
                    ))
                });
            match pair {
                Ok(x) => {
                    texts.push(Some(x));
                    errs.push(None);
                }
                Err(e) if raise => return Err(e),
                Err(e) => {
                    texts.push(None);
                    errs.push(Some(e));
                }
            }
        }
        let pairs: Vec<Option<(&str, &str)>> = texts
            .iter()
            .map(|x| x.as_ref().map(|(t, p)| (&**t, &**p)))
            .collect();
        // Workers score chunks while this thread, holding the GIL, turns finished chunks into
        // dicts in input order (and scores chunks itself when none is finished): `threads`
        // threads in all, this one included.
        let pipe_threads = if threads == 0 {
            pool::default_threads()
        } else {
            threads
        };
        let bounds = chunk_bounds(&pairs, pipe_threads);
        let chunks = bounds.len() - 1;
        let workers = pipe_threads.saturating_sub(1).min(chunks.saturating_sub(1));
        let pipe = Pipeline::new(&pairs, &bounds, workers);
        let mut build = |py: Python<'py>| -> PyResult<Vec<Bound<'py, PyAny>>> {
            let mut out = Vec::with_capacity(pairs.len());
            for (c, &start) in bounds[..chunks].iter().enumerate() {
                let chunk = pipe.take(py, self, c);
                let _gc = GcPause::new(py)?;
                let mut scores = chunk.scores.chunks_exact(self.keys.len().max(1));
                for (j, outcome) in chunk.outcomes.into_iter().enumerate() {
                    let i = start + j;
                    match outcome {
                        Outcome::Scored => {
                            let s = scores.next().unwrap_or_default();
                            out.push(self.dict_of(py, s)?.into_any());
                        }
                        Outcome::Failed(msg) => {
                            let e = value_error(&format!("pair {i}"), msg);
                            if raise {
                                return Err(e);
                            }
                            out.push(e.into_value(py).into_bound(py).into_any());
                        }
                        Outcome::Refused => {
                            let e = errs[i].take().unwrap_or_else(|| {
                                PyTypeError::new_err(format!("pair {i}: refused"))
                            });
                            out.push(e.into_value(py).into_bound(py).into_any());
                        }
                    }
                }
            }
            Ok(out)
        };
        let out = if workers == 0 {
            build(py)
        } else {
            // The module's pool for this thread count (shared with the other batches): its
            // `threads` workers run the `threads - 1` scoring jobs.
            let pool = pool::get(threads)?;
            pool.in_place_scope(|s| {
                for _ in 0..workers {
                    s.spawn(|_| pipe.run_worker(self));
                }
                let out = build(py);
                pipe.finish(py);
                out
            })
        }?;
        PyList::new(py, out)
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
