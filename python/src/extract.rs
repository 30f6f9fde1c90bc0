//! `extract(html)`: the article of an HTML page and its metadata (`precis extract`).

use precis_ingest::{Lang, LangChoice};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::args::{self, type_error, value_error};

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPage>()?;
    m.add_function(wrap_pyfunction!(extract, m)?)?;
    Ok(())
}

/// Largest page accepted (compressed or not), as the CLI's `precis extract`.
const MAX_PAGE_BYTES: usize = 64 << 20;

/// An extracted page: the article text and what the page says about it.
#[pyclass(module = "precis._precis", name = "Page", frozen, eq)]
#[derive(Clone, PartialEq)]
pub struct PyPage {
    /// Headline (JSON-LD `headline`, `og:title`, or `<title>` without a " | Site" suffix).
    #[pyo3(get)]
    title: Option<String>,
    /// Author(s).
    #[pyo3(get)]
    byline: Option<String>,
    /// Publication date as written in the page (not normalized).
    #[pyo3(get)]
    date: Option<String>,
    /// Site name.
    #[pyo3(get)]
    site: Option<String>,
    /// Canonical URL (else the `url=` argument).
    #[pyo3(get)]
    url: Option<String>,
    /// The language of the text (ISO 639-1, "und" when it cannot be told): `lang=`, or
    /// identified with the page's declared language as a hint.
    #[pyo3(get)]
    lang: &'static str,
    /// The language the page declares (`<html lang>`), as written.
    #[pyo3(get)]
    declared_lang: Option<String>,
    /// The article text, one paragraph per line.
    #[pyo3(get)]
    text: String,
    /// A "Story highlights" / "Key Points" list found in the page.
    #[pyo3(get)]
    highlights: Option<Vec<String>>,
}

#[pymethods]
impl PyPage {
    /// The CLI's JSON record (`precis extract -f json`) without its `source` field.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("title", &self.title)?;
        d.set_item("byline", &self.byline)?;
        d.set_item("date", &self.date)?;
        d.set_item("site", &self.site)?;
        d.set_item("url", &self.url)?;
        d.set_item("lang", self.lang)?;
        if let Some(l) = &self.declared_lang {
            d.set_item("declared_lang", l)?;
        }
        d.set_item("text", &self.text)?;
        if let Some(h) = &self.highlights {
            d.set_item("highlights", h)?;
        }
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let head: String = self.text.chars().take(60).collect();
        format!(
            "Page(title={:?}, site={:?}, lang={:?}, text={:?}{})",
            self.title,
            self.site,
            self.lang,
            head,
            if head.len() < self.text.len() {
                "…"
            } else {
                ""
            }
        )
    }

    fn __str__(&self) -> String {
        self.text.clone()
    }
}

/// The article text and metadata of an HTML page.
///
/// `html` is the page as `str` (already decoded) or `bytes` (as fetched: gzip is inflated, the
/// charset read from a byte-order mark or `<meta charset>`, else UTF-8).
#[pyfunction]
#[pyo3(signature = (html, *, url=None, lang=None), text_signature = "(html, *, url=None, lang='auto')")]
fn extract(
    py: Python<'_>,
    html: &Bound<'_, PyAny>,
    url: Option<&Bound<'_, PyAny>>,
    lang: Option<&Bound<'_, PyAny>>,
) -> PyResult<PyPage> {
    let bytes: Vec<u8> = if let Ok(b) = html.cast::<PyBytes>() {
        let b = b.as_bytes();
        if b.len() > MAX_PAGE_BYTES {
            return Err(value_error(
                "html",
                format!(
                    "page too large ({} bytes; the limit is {MAX_PAGE_BYTES})",
                    b.len()
                ),
            ));
        }
        b.to_vec()
    } else if html.is_instance_of::<PyString>() {
        let s = args::str_arg(html, "html", MAX_PAGE_BYTES)?;
        // Already decoded: a UTF-8 byte-order mark makes the decoder keep it as UTF-8.
        let mut v = Vec::with_capacity(s.len() + 3);
        if !s.starts_with('\u{feff}') {
            v.extend_from_slice("\u{feff}".as_bytes());
        }
        v.extend_from_slice(s.as_bytes());
        v
    } else {
        return Err(type_error("html", "str or bytes", html));
    };
    let url = match url.filter(|o| !o.is_none()) {
        None => None,
        Some(o) => Some(args::string_arg(o, "url", 8192)?),
    };
    let choice: LangChoice = args::opt_str(lang, "lang", "auto")?
        .parse()
        .map_err(|e: String| value_error("lang", e))?;
    let page = py.detach(move || {
        std::panic::catch_unwind(|| precis_html::extract_bytes(&bytes, url.as_deref()))
            .map_err(|_| "internal error (please report this)".to_string())
            .and_then(|r| r.map_err(|e| e.to_string()))
            .map(|p| {
                let hint = p.lang.as_deref().and_then(Lang::from_code);
                let lang = choice.resolve(&p.text, hint);
                (p, lang)
            })
    });
    let (p, lang) = page.map_err(|e| value_error("html", e))?;
    Ok(PyPage {
        title: p.title,
        byline: p.byline,
        date: p.date,
        site: p.site,
        url: p.url,
        lang: lang.code(),
        declared_lang: p.lang,
        text: p.text,
        highlights: p.highlights,
    })
}
