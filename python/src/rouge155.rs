//! `rouge155`: the ROUGE-1.5.5 Perl script's numbers (`precis_rouge::rouge155`) for pairs given
//! directly, as `precis rouge --rouge155` and `POST /v1/rouge` with flavor rouge155 compute
//! them: pair k is evaluation k of one peer, the Average is the script's bootstrap.

use std::panic::{catch_unwind, AssertUnwindSafe};

use precis_rouge::rouge155::{self, PairScore, Summary};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};
use rayon::prelude::*;

use crate::args::{self, value_error, MAX_TEXT_BYTES};
use crate::pool;
use crate::rouge::make_score;

/// Most n of ROUGE-n (`-n`), as over HTTP: each n is one more metric over every pair.
const MAX_N: usize = 9;

pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(rouge155_scores, m)?)?;
    Ok(())
}

/// One pair's references: a str, or a list of str (several models).
fn models_arg(o: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<String>> {
    if o.is_instance_of::<PyString>() {
        return Ok(vec![args::string_arg(o, what, MAX_TEXT_BYTES)?]);
    }
    let items =
        args::items(o, what).map_err(|_| args::type_error(what, "str or a list of str", o))?;
    if items.is_empty() {
        return Err(value_error(what, "empty list of references"));
    }
    items
        .iter()
        .enumerate()
        .map(|(j, r)| args::string_arg(r, &format!("{what}[{j}]"), MAX_TEXT_BYTES))
        .collect()
}

/// ROUGE-1.5.5 of `predictions` against `references` (one str, or a list of str, per
/// prediction). Returns `{"options", "types", "scores": [{type: Score}], "mean": {type: Score},
/// "average": {type: {"average", "low", "high"}: Score}}`: per pair R, P, F as the script
/// prints them, their mean, and the script's Average with its confidence interval.
#[pyfunction]
#[pyo3(signature = (predictions, references, *, options=None, use_stemmer=None, threads=None))]
fn rouge155_scores<'py>(
    py: Python<'py>,
    predictions: &Bound<'py, PyAny>,
    references: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyAny>>,
    use_stemmer: Option<&Bound<'py, PyAny>>,
    threads: Option<&Bound<'py, PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let threads = pool::threads_arg(threads)?;
    let options = match options.filter(|o| !o.is_none()) {
        None => None,
        Some(o) => Some(args::string_arg(o, "options", 4096)?),
    };
    if options.is_some() && use_stemmer.is_some_and(|o| !o.is_none()) {
        return Err(PyValueError::new_err(
            "use_stemmer does not apply with options: give -m in the options to stem",
        ));
    }
    let use_stemmer = args::opt_bool(use_stemmer, "use_stemmer", true)?;
    let (text, opts) = rouge155::pair_options(options.as_deref(), use_stemmer)
        .map_err(|e| value_error("options", e))?;
    if opts.remove_stopwords || opts.data_dir.is_some() {
        return Err(value_error(
            "options",
            "-s and -e read the ROUGE data directory: use `precis rouge155` on a configuration for them",
        ));
    }
    if opts.max_n > MAX_N {
        return Err(value_error(
            "options",
            format!(
                "-n {}: at most -n {MAX_N} here (each n is one more metric; `precis rouge155` takes more)",
                opts.max_n
            ),
        ));
    }
    let preds = args::items(predictions, "predictions")?;
    let refs = args::items(references, "references")?;
    if preds.len() != refs.len() {
        return Err(PyValueError::new_err(format!(
            "predictions and references differ in length ({} and {})",
            preds.len(),
            refs.len()
        )));
    }
    if preds.is_empty() {
        return Err(value_error("predictions", "empty"));
    }
    rouge155::check_bootstrap(preds.len(), &opts).map_err(|e| value_error("options", e))?;
    let mut pairs: Vec<(String, Vec<String>)> = Vec::with_capacity(preds.len());
    for (i, (p, r)) in preds.iter().zip(&refs).enumerate() {
        pairs.push((
            args::string_arg(p, &format!("predictions[{i}]"), MAX_TEXT_BYTES)?,
            models_arg(r, &format!("references[{i}]"))?,
        ));
    }
    let pool = pool::get(threads)?;
    let opts_ref = &opts;
    let scored: Vec<Result<PairScore, String>> = py.detach(|| {
        pool.install(|| {
            pairs
                .par_iter()
                .map(|(p, models)| {
                    catch_unwind(AssertUnwindSafe(|| {
                        let models: Vec<Summary> =
                            models.iter().map(|m| Summary::from_text(m)).collect();
                        let ps = rouge155::try_score(&Summary::from_text(p), &models, opts_ref)
                            .map_err(|e| e.to_string())?;
                        match &ps.failed {
                            Some((_, e)) => Err(e.to_string()),
                            None => Ok(ps),
                        }
                    }))
                    .unwrap_or_else(|_| Err("internal error (please report this)".to_string()))
                })
                .collect()
        })
    });
    let mut ok = Vec::with_capacity(scored.len());
    for (i, r) in scored.into_iter().enumerate() {
        ok.push(r.map_err(|e| value_error(&format!("pair {i}"), e))?);
    }
    let names: Vec<String> = opts
        .metrics()
        .iter()
        .map(|&m| opts.metric_name(m))
        .collect();
    let n = ok.len() as f64;
    let mut sums = vec![[0.0f64; 3]; names.len()];
    let scores = PyList::empty(py);
    for ps in &ok {
        let d = PyDict::new(py);
        for (m, (name, sum)) in names.iter().zip(sums.iter_mut()).enumerate() {
            let [r, p, f] = ps.scores(m, &opts);
            sum[0] += p;
            sum[1] += r;
            sum[2] += f;
            d.set_item(name, make_score(py, &score(p, r, f))?)?;
        }
        scores.append(d)?;
    }
    let report = py.detach(|| rouge155::report_pairs(ok, &opts));
    let mean = PyDict::new(py);
    for (name, s) in names.iter().zip(&sums) {
        mean.set_item(name, make_score(py, &score(s[0] / n, s[1] / n, s[2] / n))?)?;
    }
    let average = PyDict::new(py);
    for m in &report.metrics {
        if let Some(a) = &m.average {
            let col = |j: usize| make_score(py, &score(a[1][j], a[0][j], a[2][j]));
            let d = PyDict::new(py);
            d.set_item("average", col(0)?)?;
            d.set_item("low", col(1)?)?;
            d.set_item("high", col(2)?)?;
            average.set_item(&m.name, d)?;
        }
    }
    let out = PyDict::new(py);
    out.set_item("options", text)?;
    out.set_item("types", names)?;
    out.set_item("scores", scores)?;
    out.set_item("mean", mean)?;
    out.set_item("average", average)?;
    out.set_item("confidence", opts.confidence.1)?;
    out.set_item("resamples", opts.resamples)?;
    Ok(out)
}

fn score(precision: f64, recall: f64, fmeasure: f64) -> precis_rouge::Score {
    precis_rouge::Score {
        precision,
        recall,
        fmeasure,
    }
}
