//! `segment` and `segment_batch`: the sentence segmenter on its own, as `precis segment`.
//!
//! A text is read the way the CLI reads it (`ReadOptions::verbatim`: no cleaning, no line
//! normalisation, the language given or identified), then split by
//! `precis_text::segment::Segmenter`. The spans are UTF-8 byte offsets into the text as given
//! (the CLI's `"sentences"`); the sentences themselves are the text's slices.

use std::panic::{catch_unwind, AssertUnwindSafe};

use precis_ingest::{InputFormat, LangChoice, ReadOptions};
use precis_text::segment::Segmenter;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};
use rayon::prelude::*;

use crate::args::{self, value_error, MAX_TEXT_BYTES};
use crate::pool;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(segment, m)?)?;
    m.add_function(wrap_pyfunction!(segment_batch, m)?)?;
    Ok(())
}

/// A segmented text: the language and the sentence spans (UTF-8 bytes).
struct Segmented {
    lang: &'static str,
    spans: Vec<(usize, usize)>,
}

fn split(text: &str, lang: LangChoice) -> Result<Segmented, String> {
    let read = ReadOptions {
        verbatim: true,
        clean: false,
        lang,
        ..ReadOptions::default()
    };
    let out = catch_unwind(AssertUnwindSafe(|| {
        let article =
            precis_ingest::parse_document("", text.as_bytes(), Some(InputFormat::Text), &read)
                .map_err(|e| e.message)?;
        let spans = Segmenter::new(article.lang).split(&article.text);
        if spans.is_empty() {
            return Err("no sentence found in the text".to_string());
        }
        Ok(Segmented {
            lang: article.lang.code(),
            spans: spans.into_iter().map(|r| (r.start, r.end)).collect(),
        })
    }));
    out.unwrap_or_else(|_| Err("internal error (please report this)".to_string()))
}

fn lang_arg(lang: Option<&Bound<'_, PyAny>>) -> PyResult<LangChoice> {
    args::opt_str(lang, "lang", "auto")?
        .parse()
        .map_err(|e: String| value_error("lang", e))
}

/// What a segmentation is returned as: sentences (`str`), byte spans, or both with the
/// language (`"record"`).
#[derive(Clone, Copy)]
enum Output {
    Sentences,
    Spans,
    Record,
}

fn output_arg(o: Option<&Bound<'_, PyAny>>) -> PyResult<Output> {
    Ok(
        match args::choice(o, "output", &["sentences", "spans", "record"])? {
            0 => Output::Sentences,
            1 => Output::Spans,
            _ => Output::Record,
        },
    )
}

fn to_python<'py>(
    py: Python<'py>,
    text: &str,
    s: &Segmented,
    output: Output,
) -> PyResult<Bound<'py, PyAny>> {
    let sentences = || -> PyResult<Bound<'py, PyList>> {
        PyList::new(py, s.spans.iter().map(|&(a, b)| &text[a..b]))
    };
    let spans = || -> PyResult<Bound<'py, PyList>> {
        PyList::new(
            py,
            s.spans
                .iter()
                .map(|&(a, b)| PyTuple::new(py, [a, b]))
                .collect::<PyResult<Vec<_>>>()?,
        )
    };
    Ok(match output {
        Output::Sentences => sentences()?.into_any(),
        Output::Spans => spans()?.into_any(),
        Output::Record => {
            let d = pyo3::types::PyDict::new(py);
            d.set_item("lang", s.lang)?;
            d.set_item("sentences", spans()?)?;
            d.set_item("texts", sentences()?)?;
            d.into_any()
        }
    })
}

/// The sentences of `text`, exactly as given (no cleaning), in any language.
///
/// `output="sentences"` (default): a list of `str`; `"spans"`: `(start, end)` UTF-8 byte
/// offsets into `text`, as `precis segment`'s `"sentences"`; `"record"`: a dict with `lang`,
/// `sentences` (the spans) and `texts`. `lang`: an ISO 639-1 code or `"auto"`.
#[pyfunction]
#[pyo3(signature = (text, *, lang=None, output=None),
       text_signature = "(text, *, lang='auto', output='sentences')")]
fn segment<'py>(
    py: Python<'py>,
    text: &Bound<'py, PyAny>,
    lang: Option<&Bound<'py, PyAny>>,
    output: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyAny>> {
    let lang = lang_arg(lang)?;
    let output = output_arg(output)?;
    let t = args::str_arg(text, "text", MAX_TEXT_BYTES)?;
    let t = &*t;
    let s = py
        .detach(|| split(t, lang))
        .map_err(|e| value_error("text", e))?;
    to_python(py, t, &s, output)
}

/// `[segment(t) for t in texts]` on all cores with the GIL released, in input order.
/// `errors="return"` puts the exception of a bad text in its place instead of raising.
#[pyfunction]
#[pyo3(signature = (texts, *, lang=None, output=None, threads=None, errors=None),
       text_signature = "(texts, *, lang='auto', output='sentences', threads=0, errors='raise')")]
fn segment_batch<'py>(
    py: Python<'py>,
    texts: &Bound<'py, PyAny>,
    lang: Option<&Bound<'py, PyAny>>,
    output: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
    errors: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyList>> {
    let lang = lang_arg(lang)?;
    let output = output_arg(output)?;
    let threads = pool::threads_arg(threads)?;
    let raise = args::choice(errors, "errors", &["raise", "return"])? == 0;
    let items = args::items(texts, "texts")?;
    let mut owned: Vec<Option<String>> = Vec::with_capacity(items.len());
    let mut errs: Vec<Option<PyErr>> = Vec::with_capacity(items.len());
    for (i, t) in items.iter().enumerate() {
        match args::string_arg(t, &format!("texts[{i}]"), MAX_TEXT_BYTES) {
            Ok(s) => {
                owned.push(Some(s));
                errs.push(None);
            }
            Err(e) if raise => return Err(e),
            Err(e) => {
                owned.push(None);
                errs.push(Some(e));
            }
        }
    }
    let pool = pool::get(threads)?;
    let results: Vec<Option<Result<Segmented, String>>> = py.detach(|| {
        pool.install(|| {
            owned
                .par_iter()
                .map(|t| t.as_ref().map(|t| split(t, lang)))
                .collect()
        })
    });
    let out = PyList::empty(py);
    for (i, r) in results.into_iter().enumerate() {
        match (r, &owned[i]) {
            (Some(Ok(s)), Some(t)) => out.append(to_python(py, t, &s, output)?)?,
            (Some(Err(msg)), _) => {
                let e = value_error(&format!("texts[{i}]"), msg);
                if raise {
                    return Err(e);
                }
                out.append(e.into_value(py))?;
            }
            _ => {
                let e = errs[i]
                    .take()
                    .unwrap_or_else(|| PyTypeError::new_err(format!("texts[{i}]: refused")));
                out.append(e.into_value(py))?;
            }
        }
    }
    Ok(out)
}
