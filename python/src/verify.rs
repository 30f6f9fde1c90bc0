//! `precis.verify`: check a summary against its article, sentence by sentence
//! ([`precis::verify`], the same check as `precis verify` and `POST /v1/verify`).

use precis::verify::{VerifyError, VerifyOptions};
use precis_ingest::LangChoice;
use pyo3::prelude::*;

use crate::args::{self, value_error};

/// The verification of `summary` against `article` as the CLI's JSON line (the Python half
/// parses it into a dict).
#[pyfunction]
#[pyo3(
    signature = (article, summary, *, lang=None, clean=None, include_text=None),
    text_signature = "(article, summary, *, lang='auto', clean=True, include_text=False)"
)]
fn verify_json(
    py: Python<'_>,
    article: &Bound<'_, PyAny>,
    summary: &Bound<'_, PyAny>,
    lang: Option<&Bound<'_, PyAny>>,
    clean: Option<&Bound<'_, PyAny>>,
    include_text: Option<&Bound<'_, PyAny>>,
) -> PyResult<String> {
    let article = args::string_arg(article, "article", args::MAX_TEXT_BYTES)?;
    let summary = args::string_arg(summary, "summary", args::MAX_TEXT_BYTES)?;
    let lang: LangChoice = args::opt_str(lang, "lang", "auto")?
        .parse()
        .map_err(|e: String| value_error("lang", e))?;
    let opts = VerifyOptions {
        lang,
        clean: args::opt_bool(clean, "clean", true)?,
        include_text: args::opt_bool(include_text, "include_text", false)?,
    };
    let out = py.detach(move || {
        std::panic::catch_unwind(|| precis::verify::verify(&article, &summary, &opts))
            .map_err(|_| ("summary", "internal error (please report this)".to_string()))
            .and_then(|r| {
                r.map_err(|e| match e {
                    VerifyError::NoSource => ("article", e.to_string()),
                    _ => ("summary", e.to_string()),
                })
            })
            .map(|v| v.to_json_line())
    });
    out.map_err(|(what, e)| value_error(what, e))
}

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_json, m)?)
}
