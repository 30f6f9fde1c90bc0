//! `summarize`, `summarize_batch`, `Summarizer`, `Summary`, `Highlight`, `Removed`.
//!
//! One article goes the way the CLI and the HTTP server take a document: `precis_ingest::
//! parse_document` (text, `.story` when it has `@highlight` lines, or HTML with `html=True`),
//! then `precis::Summarizer::summarize_article`. `Summary.to_json()` is the CLI's JSON line.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;

use precis::model::Model;
use precis::{Article, Budget, Highlights, IdfTable, LangChoice, Method, Options, Order};
use precis_ingest::{InputFormat, Lang, ReadOptions, Removed, RemovedKind};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString, PyTuple};
use rayon::prelude::*;

use crate::args::{self, type_error, value_error, MAX_TEXT_BYTES};
use crate::pool;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PySummarizer>()?;
    m.add_class::<PySummary>()?;
    m.add_class::<PyHighlight>()?;
    m.add_class::<PyRemoved>()?;
    m.add_function(wrap_pyfunction!(summarize, m)?)?;
    m.add_function(wrap_pyfunction!(summarize_batch, m)?)?;
    m.add_function(wrap_pyfunction!(_summary_from_json, m)?)?;
    Ok(())
}

/// Largest `words` budget (the CLI's `--words` is a u32).
const MAX_WORDS: u64 = u32::MAX as u64;
/// Largest `sentences` count (more than any article has).
const MAX_SENTENCES: u64 = 1 << 32;

/// Validated options and the loaded model.
#[derive(Clone)]
struct Config {
    opts: Options,
    html: bool,
    model: Option<Arc<Model>>,
    /// The `model` argument as given (a path), for `repr` and the `model` attribute.
    model_path: Option<String>,
}

/// The options every entry point takes, as Python objects (None = default).
#[derive(Default)]
struct Raw<'a, 'py> {
    method: Option<&'a Bound<'py, PyAny>>,
    sentences: Option<&'a Bound<'py, PyAny>>,
    words: Option<&'a Bound<'py, PyAny>>,
    ratio: Option<&'a Bound<'py, PyAny>>,
    html: Option<&'a Bound<'py, PyAny>>,
    lang: Option<&'a Bound<'py, PyAny>>,
    model: Option<&'a Bound<'py, PyAny>>,
    order: Option<&'a Bound<'py, PyAny>>,
    include_text: Option<&'a Bound<'py, PyAny>>,
    clean: Option<&'a Bound<'py, PyAny>>,
}

impl Config {
    fn parse(raw: &Raw<'_, '_>) -> PyResult<Config> {
        let method: Method = args::opt_str(raw.method, "method", "auto")?
            .parse()
            .map_err(|e: String| value_error("method", e))?;
        let sentences = match raw.sentences {
            Some(o) if o.is_instance_of::<PyString>() => {
                let s = args::string_arg(o, "sentences", 64)?;
                if s.eq_ignore_ascii_case("auto") {
                    None
                } else {
                    return Err(value_error(
                        "sentences",
                        format!("must be a number of sentences ≥ 1 or \"auto\", got {s:?}"),
                    ));
                }
            }
            other => args::opt_count(other, "sentences", MAX_SENTENCES)?,
        };
        let words = args::opt_count(raw.words, "words", MAX_WORDS)?;
        let ratio = args::opt_float(raw.ratio, "ratio")?;
        if let Some(r) = ratio {
            if !(r > 0.0 && r <= 1.0) {
                return Err(value_error("ratio", format!("must be in (0, 1], got {r}")));
            }
        }
        let given: Vec<&str> = [
            ("sentences", sentences.is_some()),
            ("words", words.is_some()),
            ("ratio", ratio.is_some()),
        ]
        .iter()
        .filter(|(_, g)| *g)
        .map(|(n, _)| *n)
        .collect();
        if given.len() > 1 {
            return Err(PyValueError::new_err(format!(
                "give at most one of sentences, words, ratio (got {})",
                given.join(" and ")
            )));
        }
        let budget = match (sentences, words, ratio) {
            (Some(n), _, _) => Budget::Sentences(n as usize),
            (_, Some(w), _) => Budget::Words(w as usize),
            (_, _, Some(r)) => Budget::Ratio(r),
            _ => Budget::Auto,
        };
        let html = args::opt_bool(raw.html, "html", false)?;
        let lang: LangChoice = args::opt_str(raw.lang, "lang", "auto")?
            .parse()
            .map_err(|e: String| value_error("lang", e))?;
        let order = match args::choice(raw.order, "order", &["source", "score"])? {
            0 => Order::Source,
            _ => Order::Score,
        };
        let include_text = args::opt_bool(raw.include_text, "include_text", false)?;
        let clean = args::opt_bool(raw.clean, "clean", true)?;
        let (model, model_path) = match raw.model.filter(|o| !o.is_none()) {
            None => (None, None),
            Some(o) => {
                let path = fspath(o)?;
                let m = Model::load(std::path::Path::new(&path))
                    .map_err(|e| value_error("model", e))?;
                (Some(Arc::new(m)), Some(path))
            }
        };
        Ok(Config {
            opts: Options {
                method,
                budget,
                order,
                include_text,
                clean,
                lang,
            },
            html,
            model,
            model_path,
        })
    }

    fn summarizer(&self) -> precis::Summarizer {
        let s = precis::Summarizer::new(self.opts.clone());
        match &self.model {
            Some(m) => s.with_model(m.clone()),
            None => s,
        }
    }

    fn lang_str(&self) -> &'static str {
        match self.opts.lang {
            LangChoice::Auto => "auto",
            LangChoice::Given(l) => l.code(),
        }
    }

    fn budget_parts(&self) -> (Option<u64>, Option<u64>, Option<f64>) {
        match self.opts.budget {
            Budget::Auto => (None, None, None),
            Budget::Sentences(n) => (Some(n as u64), None, None),
            Budget::Words(w) => (None, Some(w as u64), None),
            Budget::Ratio(r) => (None, None, Some(r)),
        }
    }

    fn order_str(&self) -> &'static str {
        match self.opts.order {
            Order::Source => "source",
            Order::Score => "score",
        }
    }
}

/// `os.fspath(obj)` as a `str` (a str or a path-like object giving one).
fn fspath(o: &Bound<'_, PyAny>) -> PyResult<String> {
    let os = o.py().import("os")?;
    let p = os
        .call_method1("fspath", (o,))
        .map_err(|_| type_error("model", "a path (str or os.PathLike)", o))?;
    args::string_arg(&p, "model", 4096)
}

/// One article to summarize.
struct Job {
    text: String,
    id: String,
    reference: Option<Vec<String>>,
}

/// The article of a job, read as the CLI and the server read a document.
fn article(cfg: &Config, job: &Job) -> Result<Article, String> {
    let read = ReadOptions {
        clean: cfg.opts.clean,
        lang: cfg.opts.lang,
        ..ReadOptions::default()
    };
    let text = job.text.as_str();
    let mut article = if cfg.html {
        // The page is already decoded (a Python str): a UTF-8 byte-order mark makes the page
        // decoder take it as UTF-8, whatever charset its <meta> names.
        let mut bytes = Vec::with_capacity(text.len() + 3);
        if !text.starts_with('\u{feff}') {
            bytes.extend_from_slice("\u{feff}".as_bytes());
        }
        bytes.extend_from_slice(text.as_bytes());
        precis_ingest::parse_document(&job.id, &bytes, Some(InputFormat::Html), &read)
    } else {
        let format = if precis_ingest::looks_like_story(text) {
            InputFormat::Story
        } else {
            InputFormat::Text
        };
        precis_ingest::parse_document(&job.id, text.as_bytes(), Some(format), &read)
    }
    .map_err(|e| e.message)?;
    if job.reference.is_some() {
        article.reference = job.reference.clone();
    }
    Ok(article)
}

/// Runs `f`, turning a panic (a bug) into an error message instead of unwinding into Python.
fn guarded<T>(f: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|p| {
        let what = p
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| p.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(format!("internal error (please report this): {what}"))
    })
}

fn summarize_job(
    cfg: &Config,
    summarizer: &precis::Summarizer,
    job: &Job,
) -> Result<Highlights, String> {
    guarded(|| {
        let a = article(cfg, job)?;
        summarizer.summarize_article(&a).map_err(|e| e.to_string())
    })
}

/// Summarizes jobs (None: a record already refused) on a pool, in order. With `corpus_idf`
/// and an IDF method (lexrank, centroid), document frequencies come from every good article of
/// the batch, as the CLI does for a dataset.
fn run_batch(
    cfg: &Config,
    jobs: &[Option<Job>],
    threads: usize,
    corpus_idf: bool,
) -> PyResult<Vec<Option<Result<Highlights, String>>>> {
    let pool = pool::get(threads)?;
    let mut summarizer = cfg.summarizer();
    let out = pool.install(|| {
        if !(corpus_idf && cfg.opts.method.uses_idf()) {
            return jobs
                .par_iter()
                .map(|j| j.as_ref().map(|j| summarize_job(cfg, &summarizer, j)))
                .collect();
        }
        let articles: Vec<Option<Result<Article, String>>> = jobs
            .par_iter()
            .map(|j| j.as_ref().map(|j| guarded(|| article(cfg, j))))
            .collect();
        let table = articles
            .par_iter()
            .filter_map(|a| a.as_ref().and_then(|r| r.as_ref().ok()))
            .fold(IdfTable::new, |mut t, a| {
                precis::Summarizer::count_terms(&mut t, a);
                t
            })
            .reduce(IdfTable::new, |mut a, b| {
                a.merge(b);
                a
            });
        if table.n_docs() > 1 {
            summarizer = summarizer.clone().with_idf(Arc::new(table));
        }
        articles
            .par_iter()
            .map(|a| {
                a.as_ref().map(|r| {
                    let a = r.as_ref().map_err(Clone::clone)?;
                    guarded(|| summarizer.summarize_article(a).map_err(|e| e.to_string()))
                })
            })
            .collect()
    });
    Ok(out)
}

/// A reference argument: None, a str ("\n" between highlights) or an iterable of str; lines
/// trimmed, empty ones dropped, as the CLI reads a dataset's `highlights` field.
fn reference_arg(o: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<Vec<String>>> {
    let Some(o) = o.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if o.is_instance_of::<PyString>() {
        return Ok(precis_ingest::split_reference(&args::str_arg(
            o,
            what,
            MAX_TEXT_BYTES,
        )?));
    }
    let items =
        args::items(o, what).map_err(|_| type_error(what, "str, a list of str or None", o))?;
    let mut lines = Vec::new();
    for (i, it) in items.iter().enumerate() {
        let s = args::str_arg(it, &format!("{what}[{i}]"), MAX_TEXT_BYTES)?;
        lines.extend(precis_ingest::split_reference(&s).unwrap_or_default());
    }
    Ok((!lines.is_empty()).then_some(lines))
}

/// An id argument: None (""), a str or an int.
fn id_arg(o: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<String> {
    match o.filter(|o| !o.is_none()) {
        None => Ok(String::new()),
        Some(o)
            if o.is_instance_of::<pyo3::types::PyInt>()
                && !o.is_instance_of::<pyo3::types::PyBool>() =>
        {
            Ok(o.str()?.to_string())
        }
        Some(o) if o.is_instance_of::<PyString>() => args::string_arg(o, what, 4096),
        Some(o) => Err(type_error(what, "str, int or None", o)),
    }
}

fn summarize_one(
    py: Python<'_>,
    cfg: &Config,
    text: &Bound<'_, PyAny>,
    id: Option<&Bound<'_, PyAny>>,
    reference: Option<&Bound<'_, PyAny>>,
) -> PyResult<PySummary> {
    let job = Job {
        text: args::string_arg(text, "text", MAX_TEXT_BYTES)?,
        id: id_arg(id, "id")?,
        reference: reference_arg(reference, "reference")?,
    };
    let summarizer = cfg.summarizer();
    let cfg = cfg.clone();
    let r = py.detach(move || summarize_job(&cfg, &summarizer, &job));
    r.map(|h| PySummary { h })
        .map_err(|e| value_error("text", e))
}

/// Per record: the checked item (None when refused) and, in its place, the error.
type Checked<T> = (Vec<Option<T>>, Vec<Option<PyErr>>);

/// The per-record arguments of a batch, checked (a bad one is an error in its place).
fn batch_jobs(
    texts: &Bound<'_, PyAny>,
    ids: Option<&Bound<'_, PyAny>>,
    references: Option<&Bound<'_, PyAny>>,
    raise: bool,
) -> PyResult<Checked<Job>> {
    let texts = args::items(texts, "texts")?;
    let n = texts.len();
    let ids = match ids.filter(|o| !o.is_none()) {
        None => None,
        Some(o) => {
            let v = args::items(o, "ids")?;
            if v.len() != n {
                return Err(PyValueError::new_err(format!(
                    "ids: {} ids for {n} texts (give one per text)",
                    v.len()
                )));
            }
            Some(v)
        }
    };
    let refs = match references.filter(|o| !o.is_none()) {
        None => None,
        Some(o) => {
            let v = args::items(o, "references")?;
            if v.len() != n {
                return Err(PyValueError::new_err(format!(
                    "references: {} references for {n} texts (give one per text)",
                    v.len()
                )));
            }
            Some(v)
        }
    };
    let mut jobs = Vec::with_capacity(n);
    let mut errs = Vec::with_capacity(n);
    for (i, t) in texts.iter().enumerate() {
        let job = (|| -> PyResult<Job> {
            Ok(Job {
                text: args::string_arg(t, &format!("texts[{i}]"), MAX_TEXT_BYTES)?,
                id: id_arg(ids.as_ref().map(|v| &v[i]), &format!("ids[{i}]"))?,
                reference: reference_arg(
                    refs.as_ref().map(|v| &v[i]),
                    &format!("references[{i}]"),
                )?,
            })
        })();
        match job {
            Ok(j) => {
                jobs.push(Some(j));
                errs.push(None);
            }
            Err(e) if raise => return Err(e),
            Err(e) => {
                jobs.push(None);
                errs.push(Some(e));
            }
        }
    }
    Ok((jobs, errs))
}

#[allow(clippy::too_many_arguments)]
fn summarize_many<'py>(
    py: Python<'py>,
    cfg: &Config,
    texts: &Bound<'py, PyAny>,
    threads: Option<&Bound<'py, PyAny>>,
    errors: Option<&Bound<'py, PyAny>>,
    ids: Option<&Bound<'py, PyAny>>,
    references: Option<&Bound<'py, PyAny>>,
    corpus_idf: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let threads = pool::threads_arg(threads)?;
    let raise = args::choice(errors, "errors", &["raise", "return"])? == 0;
    let corpus_idf = args::opt_bool(corpus_idf, "corpus_idf", false)?;
    let (jobs, mut errs) = batch_jobs(texts, ids, references, raise)?;
    let cfg2 = cfg.clone();
    let results =
        py.detach(move || run_batch(&cfg2, &jobs, threads, corpus_idf).map(|r| (r, jobs)))?;
    let (results, jobs) = results;
    let out = PyList::empty(py);
    for (i, r) in results.into_iter().enumerate() {
        match r {
            Some(Ok(h)) => out.append(Bound::new(py, PySummary { h })?)?,
            Some(Err(msg)) => {
                let id = jobs[i].as_ref().map(|j| j.id.as_str()).unwrap_or("");
                let what = if id.is_empty() {
                    format!("texts[{i}]")
                } else {
                    format!("texts[{i}] (id {id})")
                };
                let e = value_error(&what, msg);
                if raise {
                    return Err(e);
                }
                out.append(e.into_value(py))?;
            }
            None => {
                let e = errs[i]
                    .take()
                    .unwrap_or_else(|| PyTypeError::new_err(format!("texts[{i}]: refused")));
                out.append(e.into_value(py))?;
            }
        }
    }
    Ok(out)
}

/// Summarizes one article: `Summary` with the highlights, each traceable to its sentence.
///
/// `text` is the article as plain text (pasted web copy, a `.story` file's content) or, with
/// `html=True`, an HTML page. Boilerplate (captions, datelines, bylines, "Story highlights",
/// "Scroll down for video") is removed first and reported in `Summary.removed`.
#[pyfunction]
#[pyo3(signature = (text, *, method=None, sentences=None, words=None, ratio=None, html=None, lang=None, model=None, order=None, include_text=None, clean=None, id=None, reference=None),
       text_signature = "(text, *, method='auto', sentences=None, words=None, ratio=None, html=False, lang='auto', model=None, order='source', include_text=False, clean=True, id=None, reference=None)")]
#[allow(clippy::too_many_arguments)]
fn summarize<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    method: Option<&Bound<'py, PyAny>>,
    sentences: Option<&Bound<'py, PyAny>>,
    words: Option<&Bound<'py, PyAny>>,
    ratio: Option<&Bound<'py, PyAny>>,
    html: Option<&Bound<'py, PyAny>>,
    lang: Option<&Bound<'py, PyAny>>,
    model: Option<&Bound<'py, PyAny>>,
    order: Option<&Bound<'py, PyAny>>,
    include_text: Option<&Bound<'py, PyAny>>,
    clean: Option<&Bound<'py, PyAny>>,
    id: Option<&Bound<'py, PyAny>>,
    reference: Option<&Bound<'py, PyAny>>,
) -> PyResult<PySummary> {
    let cfg = Config::parse(&Raw {
        method,
        sentences,
        words,
        ratio,
        html,
        lang,
        model,
        order,
        include_text,
        clean,
    })?;
    summarize_one(py, &cfg, text, id, reference)
}

/// Summarizes many articles on all cores (the GIL released): a list of `Summary` in input order.
#[pyfunction]
#[pyo3(signature = (texts, *, threads=None, errors=None, ids=None, references=None, corpus_idf=None, method=None, sentences=None, words=None, ratio=None, html=None, lang=None, model=None, order=None, include_text=None, clean=None),
       text_signature = "(texts, *, threads=0, errors='raise', ids=None, references=None, corpus_idf=False, method='auto', sentences=None, words=None, ratio=None, html=False, lang='auto', model=None, order='source', include_text=False, clean=True)")]
#[allow(clippy::too_many_arguments)]
fn summarize_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    threads: Option<&Bound<'py, PyAny>>,
    errors: Option<&Bound<'py, PyAny>>,
    ids: Option<&Bound<'py, PyAny>>,
    references: Option<&Bound<'py, PyAny>>,
    corpus_idf: Option<&Bound<'py, PyAny>>,
    method: Option<&Bound<'py, PyAny>>,
    sentences: Option<&Bound<'py, PyAny>>,
    words: Option<&Bound<'py, PyAny>>,
    ratio: Option<&Bound<'py, PyAny>>,
    html: Option<&Bound<'py, PyAny>>,
    lang: Option<&Bound<'py, PyAny>>,
    model: Option<&Bound<'py, PyAny>>,
    order: Option<&Bound<'py, PyAny>>,
    include_text: Option<&Bound<'py, PyAny>>,
    clean: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let cfg = Config::parse(&Raw {
        method,
        sentences,
        words,
        ratio,
        html,
        lang,
        model,
        order,
        include_text,
        clean,
    })?;
    summarize_many(
        py, &cfg, texts, threads, errors, ids, references, corpus_idf,
    )
}

/// Options and a loaded model, reusable and picklable (Spark, Dask, multiprocessing).
#[pyclass(module = "precis._precis", name = "Summarizer")]
pub struct PySummarizer {
    cfg: Config,
}

#[pymethods]
impl PySummarizer {
    #[new]
    #[pyo3(signature = (*, method=None, sentences=None, words=None, ratio=None, html=None, lang=None, model=None, order=None, include_text=None, clean=None),
           text_signature = "(*, method='auto', sentences=None, words=None, ratio=None, html=False, lang='auto', model=None, order='source', include_text=False, clean=True)")]
    #[allow(clippy::too_many_arguments)]
    fn new(
        method: Option<&Bound<'_, PyAny>>,
        sentences: Option<&Bound<'_, PyAny>>,
        words: Option<&Bound<'_, PyAny>>,
        ratio: Option<&Bound<'_, PyAny>>,
        html: Option<&Bound<'_, PyAny>>,
        lang: Option<&Bound<'_, PyAny>>,
        model: Option<&Bound<'_, PyAny>>,
        order: Option<&Bound<'_, PyAny>>,
        include_text: Option<&Bound<'_, PyAny>>,
        clean: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        Ok(PySummarizer {
            cfg: Config::parse(&Raw {
                method,
                sentences,
                words,
                ratio,
                html,
                lang,
                model,
                order,
                include_text,
                clean,
            })?,
        })
    }

    /// Summarizes one article (see `precis.summarize`).
    #[pyo3(signature = (text, *, id=None, reference=None))]
    fn summarize(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: Option<&Bound<'_, PyAny>>,
        reference: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySummary> {
        summarize_one(py, &self.cfg, text, id, reference)
    }

    /// Summarizes many articles on all cores, the GIL released (see `precis.summarize_batch`).
    #[pyo3(signature = (texts, *, threads=None, errors=None, ids=None, references=None, corpus_idf=None),
           text_signature = "(self, texts, *, threads=0, errors='raise', ids=None, references=None, corpus_idf=False)")]
    #[allow(clippy::too_many_arguments)]
    fn summarize_batch<'py>(
        &self,
        py: Python<'py>,
        texts: &Bound<'py, PyAny>,
        threads: Option<&Bound<'py, PyAny>>,
        errors: Option<&Bound<'py, PyAny>>,
        ids: Option<&Bound<'py, PyAny>>,
        references: Option<&Bound<'py, PyAny>>,
        corpus_idf: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyList>> {
        summarize_many(
            py, &self.cfg, texts, threads, errors, ids, references, corpus_idf,
        )
    }

    /// `summarizer(text)` is `summarizer.summarize(text)`.
    #[pyo3(signature = (text, *, id=None, reference=None))]
    fn __call__(
        &self,
        py: Python<'_>,
        text: &Bound<'_, PyAny>,
        id: Option<&Bound<'_, PyAny>>,
        reference: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PySummary> {
        summarize_one(py, &self.cfg, text, id, reference)
    }

    #[getter]
    fn method(&self) -> &'static str {
        self.cfg.opts.method.name()
    }
    #[getter]
    fn sentences(&self) -> Option<u64> {
        self.cfg.budget_parts().0
    }
    #[getter]
    fn words(&self) -> Option<u64> {
        self.cfg.budget_parts().1
    }
    #[getter]
    fn ratio(&self) -> Option<f64> {
        self.cfg.budget_parts().2
    }
    #[getter]
    fn html(&self) -> bool {
        self.cfg.html
    }
    #[getter]
    fn lang(&self) -> &'static str {
        self.cfg.lang_str()
    }
    /// The model file this summarizer loaded (None: the embedded default).
    #[getter]
    fn model(&self) -> Option<String> {
        self.cfg.model_path.clone()
    }
    #[getter]
    fn order(&self) -> &'static str {
        self.cfg.order_str()
    }
    #[getter]
    fn include_text(&self) -> bool {
        self.cfg.opts.include_text
    }
    #[getter]
    fn clean(&self) -> bool {
        self.cfg.opts.clean
    }

    /// The options as keyword arguments (`model` as its path).
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let (s, w, r) = self.cfg.budget_parts();
        d.set_item("method", self.method())?;
        d.set_item("sentences", s)?;
        d.set_item("words", w)?;
        d.set_item("ratio", r)?;
        d.set_item("html", self.cfg.html)?;
        d.set_item("lang", self.lang())?;
        d.set_item("model", self.model())?;
        d.set_item("order", self.order())?;
        d.set_item("include_text", self.cfg.opts.include_text)?;
        d.set_item("clean", self.cfg.opts.clean)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let d = self.options(py)?;
        let mut parts = Vec::new();
        let defaults = Self::new(None, None, None, None, None, None, None, None, None, None)?;
        let dd = defaults.options(py)?;
        for (k, v) in d.iter() {
            let default = dd.get_item(&k)?;
            if default.map(|x| x.eq(&v)).transpose()?.unwrap_or(false) {
                continue;
            }
            parts.push(format!("{}={}", k, v.repr()?));
        }
        Ok(format!("Summarizer({})", parts.join(", ")))
    }

    /// Pickling: the options, and the model itself as JSON (the file need not exist where the
    /// object is unpickled).
    fn __getstate__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = self.options(py)?;
        d.set_item("model_json", self.cfg.model.as_ref().map(|m| m.to_json()))?;
        Ok(d)
    }

    fn __setstate__(&mut self, state: &Bound<'_, PyDict>) -> PyResult<()> {
        let get = |k: &str| state.get_item(k);
        let (method, sentences, words, ratio) = (
            get("method")?,
            get("sentences")?,
            get("words")?,
            get("ratio")?,
        );
        let (html, lang, order) = (get("html")?, get("lang")?, get("order")?);
        let (include_text, clean) = (get("include_text")?, get("clean")?);
        let mut cfg = Config::parse(&Raw {
            method: method.as_ref(),
            sentences: sentences.as_ref(),
            words: words.as_ref(),
            ratio: ratio.as_ref(),
            html: html.as_ref(),
            lang: lang.as_ref(),
            model: None,
            order: order.as_ref(),
            include_text: include_text.as_ref(),
            clean: clean.as_ref(),
        })?;
        if let Some(j) = get("model_json")?.filter(|o| !o.is_none()) {
            let text = args::string_arg(&j, "model_json", 1 << 20)?;
            let m = Model::from_json(&text).map_err(|e| value_error("model", e))?;
            cfg.model = Some(Arc::new(m));
            cfg.model_path = match get("model")?.filter(|o| !o.is_none()) {
                Some(p) => Some(args::string_arg(&p, "model", 4096)?),
                None => None,
            };
        }
        self.cfg = cfg;
        Ok(())
    }
}

/// One highlight: a sentence of the cleaned text.
#[pyclass(module = "precis._precis", name = "Highlight", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyHighlight {
    /// The sentence, exactly the cleaned text's bytes `start..end`.
    #[pyo3(get)]
    text: String,
    /// UTF-8 byte offset where the sentence starts in the cleaned text.
    #[pyo3(get)]
    start: usize,
    /// UTF-8 byte offset where it ends (exclusive).
    #[pyo3(get)]
    end: usize,
    /// 0-based index of the sentence in the article.
    #[pyo3(get)]
    sentence: usize,
    /// The method's score (comparable within one article and method).
    #[pyo3(get)]
    score: f64,
}

/// A 32-bit score as the float its JSON text reads back as (the shortest decimal that
/// round-trips), so that `Highlight.score` equals `to_dict()`'s and the CLI's JSON.
fn score_f64(x: f32) -> f64 {
    if x.is_finite() {
        format!("{x}").parse().unwrap_or(f64::from(x))
    } else {
        f64::from(x)
    }
}

#[pymethods]
impl PyHighlight {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("text", &self.text)?;
        d.set_item("sentence", self.sentence)?;
        d.set_item("start", self.start)?;
        d.set_item("end", self.end)?;
        d.set_item("score", self.score)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Highlight(sentence={}, start={}, end={}, score={}, text={:?})",
            self.sentence, self.start, self.end, self.score, self.text
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }
}

/// A piece of boilerplate removed before summarizing.
#[pyclass(module = "precis._precis", name = "Removed", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyRemoved {
    /// `caption`, `story_highlights`, `dateline`, `byline`, `scroll_down`, `read_more`,
    /// `click_here`, `share_widget` or `related`.
    #[pyo3(get)]
    kind: &'static str,
    /// The removed text.
    #[pyo3(get)]
    text: String,
}

#[pymethods]
impl PyRemoved {
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("kind", self.kind)?;
        d.set_item("text", &self.text)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!("Removed(kind={:?}, text={:?})", self.kind, self.text)
    }
}

/// The highlights of one article (what the CLI prints as JSON).
#[pyclass(module = "precis._precis", name = "Summary", frozen, eq)]
#[derive(PartialEq)]
pub struct PySummary {
    pub(crate) h: Highlights,
}

#[pymethods]
impl PySummary {
    /// The record id (`id=` argument; "" when none was given).
    #[getter]
    fn id(&self) -> &str {
        &self.h.id
    }
    /// The method that chose the highlights.
    #[getter]
    fn method(&self) -> &str {
        &self.h.method
    }
    /// The article's language (ISO 639-1; "und" when it could not be told).
    #[getter]
    fn lang(&self) -> &'static str {
        self.h.lang.code()
    }
    /// The headline, when the input had one.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.h.title.as_deref()
    }
    /// The highlights, in source order (score order with `order="score"`).
    #[getter]
    fn highlights(&self) -> Vec<PyHighlight> {
        self.h
            .highlights
            .iter()
            .map(|x| PyHighlight {
                text: x.text.clone(),
                start: x.start,
                end: x.end,
                sentence: x.sentence,
                score: score_f64(x.score),
            })
            .collect()
    }
    /// Sentences in the cleaned article.
    #[getter]
    fn sentences(&self) -> usize {
        self.h.sentences
    }
    /// Words in the cleaned article.
    #[getter]
    fn words(&self) -> usize {
        self.h.words
    }
    /// True when the article had more than 20,000 sentences and only the first were read.
    #[getter]
    fn truncated(&self) -> bool {
        self.h.truncated
    }
    /// Reference highlights ("Story highlights" bullets, `@highlight` lines, `reference=`).
    #[getter]
    fn reference(&self) -> Option<Vec<String>> {
        self.h.reference.clone()
    }
    /// Boilerplate removed before summarizing.
    #[getter]
    fn removed(&self) -> Vec<PyRemoved> {
        self.h
            .removed
            .iter()
            .map(|r| PyRemoved {
                kind: r.kind.as_str(),
                text: r.text.clone(),
            })
            .collect()
    }
    /// The cleaned text the offsets point into (with `include_text=True`; None otherwise).
    #[getter]
    fn text(&self) -> Option<&str> {
        self.h.text.as_deref()
    }

    /// The CLI's JSON for this article (`precis summarize -f jsonl`; `pretty=True`: `-f json`).
    #[pyo3(signature = (pretty=false))]
    fn to_json(&self, pretty: bool) -> String {
        if pretty {
            self.h.to_json_pretty()
        } else {
            self.h.to_json_line()
        }
    }

    /// `json.loads(self.to_json())`: the CLI's JSON as a dict.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("json")?
            .call_method1("loads", (self.h.to_json_line(),))
    }

    fn __str__(&self) -> String {
        self.h
            .highlights
            .iter()
            .map(|x| x.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn __repr__(&self) -> String {
        let texts: Vec<String> = self
            .h
            .highlights
            .iter()
            .map(|x| {
                let t: String = x.text.chars().take(40).collect();
                if t.len() < x.text.len() {
                    format!("{t:?}…")
                } else {
                    format!("{t:?}")
                }
            })
            .collect();
        format!(
            "Summary(method={:?}, lang={:?}, sentences={}, highlights=[{}])",
            self.h.method,
            self.h.lang.code(),
            self.h.sentences,
            texts.join(", ")
        )
    }

    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        let f = py.import("precis._precis")?.getattr("_summary_from_json")?;
        Ok((f, PyTuple::new(py, [self.h.to_json_line()])?))
    }
}

/// Rebuilds a `Summary` from its `to_json()` text (unpickling).
#[pyfunction]
fn _summary_from_json(json: &str) -> PyResult<PySummary> {
    highlights_from_json(json)
        .map(|h| PySummary { h })
        .ok_or_else(|| PyValueError::new_err("not the JSON of a precis Summary"))
}

fn highlights_from_json(json: &str) -> Option<Highlights> {
    use serde_json::Value;
    let v: Value = serde_json::from_str(json).ok()?;
    let o = v.as_object()?;
    let s = |k: &str| o.get(k).and_then(Value::as_str).map(str::to_string);
    let n = |k: &str| o.get(k).and_then(Value::as_u64).map(|x| x as usize);
    let strings = |k: &str| -> Option<Option<Vec<String>>> {
        match o.get(k) {
            None | Some(Value::Null) => Some(None),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| x.as_str().map(str::to_string))
                .collect::<Option<Vec<_>>>()
                .map(Some),
            _ => None,
        }
    };
    let highlights = o
        .get("highlights")?
        .as_array()?
        .iter()
        .map(|x| {
            let x = x.as_object()?;
            Some(precis::Highlight {
                text: x.get("text")?.as_str()?.to_string(),
                sentence: x.get("sentence")?.as_u64()? as usize,
                start: x.get("start")?.as_u64()? as usize,
                end: x.get("end")?.as_u64()? as usize,
                score: x.get("score")?.as_f64()? as f32,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let removed = o
        .get("removed")?
        .as_array()?
        .iter()
        .map(|x| {
            let kind = x.get("kind")?.as_str()?;
            Some(Removed {
                kind: *RemovedKind::ALL.iter().find(|k| k.as_str() == kind)?,
                text: x.get("text")?.as_str()?.to_string(),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let lang = s("lang")?;
    Some(Highlights {
        id: s("id")?,
        method: s("method")?,
        lang: Lang::from_code(&lang).unwrap_or(Lang::UND),
        title: s("title"),
        byline: s("byline"),
        date: s("date"),
        url: s("url"),
        fetched_at: s("fetched_at"),
        highlights,
        sentences: n("sentences")?,
        words: n("words")?,
        truncated: o.get("truncated").and_then(Value::as_bool).unwrap_or(false),
        reference: strings("reference")?,
        removed,
        text: s("text"),
    })
}
