//! Checking Python arguments: every bad value is a `TypeError` (wrong type) or a `ValueError`
//! (right type, bad value) whose message starts with the argument's name.

use std::borrow::Cow;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString};

/// Largest text (UTF-8 bytes) accepted for one article or one ROUGE text: the CLI's default
/// `--max-record-bytes` (16 MiB). Longer input is a `ValueError`, never an out-of-memory.
pub const MAX_TEXT_BYTES: usize = 16 << 20;

/// The name of `obj`'s type as Python prints it (`None` for None).
pub fn type_name(obj: &Bound<'_, PyAny>) -> String {
    if obj.is_none() {
        return "None".to_string();
    }
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_string())
}

/// `TypeError: {what} must be {expected}, not {type}` (with a hint for bytes).
pub fn type_error(what: &str, expected: &str, obj: &Bound<'_, PyAny>) -> PyErr {
    let hint = if obj.is_instance_of::<PyBytes>() && expected.starts_with("str") {
        " (decode bytes first, e.g. data.decode(\"utf-8\"))"
    } else {
        ""
    };
    PyTypeError::new_err(format!(
        "{what} must be {expected}, not {}{hint}",
        type_name(obj)
    ))
}

/// `ValueError: {what}: {message}`.
pub fn value_error(what: &str, message: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(format!("{what}: {message}"))
}

/// A `str` argument as UTF-8 (borrowed where the interpreter allows), at most `max` bytes.
pub fn str_arg<'a>(obj: &'a Bound<'_, PyAny>, what: &str, max: usize) -> PyResult<Cow<'a, str>> {
    str_arg_with(obj, || what.to_string(), max)
}

/// [`str_arg`] naming the argument only when it is refused (batches check every item: no
/// `format!` per item).
pub fn str_arg_with<'a>(
    obj: &'a Bound<'_, PyAny>,
    what: impl Fn() -> String,
    max: usize,
) -> PyResult<Cow<'a, str>> {
    let s = obj
        .cast::<PyString>()
        .map_err(|_| type_error(&what(), "str", obj))?;
    // Code points bound the UTF-8 length from below: refuse without encoding when already over.
    let chars = s.len().unwrap_or(0);
    if chars > max {
        return Err(too_long(&what(), chars, max, "characters"));
    }
    let text = utf8(s).map_err(|e| {
        value_error(
            &what(),
            format!(
                "not valid Unicode ({}); lone surrogates cannot be encoded as UTF-8",
                e.value(obj.py())
            ),
        )
    })?;
    if text.len() > max {
        return Err(too_long(&what(), text.len(), max, "bytes of UTF-8"));
    }
    Ok(text)
}

/// The UTF-8 of a `str`: borrowed from the string's own cached UTF-8 (no copy) on Python
/// 3.10 and later, where `PyUnicode_AsUTF8AndSize` is part of the stable ABI; PyO3 built for
/// `abi3-py39` only offers the copy through a `bytes` object, which cost a `score_batch` a few
/// percent of its time. On 3.9 (and on Windows, whose `python3.dll` of 3.9 lacks the symbol)
/// the copy.
fn utf8<'a>(s: &'a Bound<'_, PyString>) -> PyResult<Cow<'a, str>> {
    #[cfg(not(windows))]
    if borrowable_utf8(s.py()) {
        let mut size: pyo3::ffi::Py_ssize_t = 0;
        // SAFETY: `s` is a `str` (checked by the caller's cast) and the GIL is held. The
        // buffer is owned by the string object, lives as long as it does and never changes
        // (strings are immutable); `s` is borrowed for 'a, so the object outlives the slice.
        let data = unsafe { stable_abi_310::PyUnicode_AsUTF8AndSize(s.as_ptr(), &mut size) };
        if data.is_null() {
            return Err(PyErr::fetch(s.py()));
        }
        let len = usize::try_from(size).unwrap_or(0);
        // SAFETY: CPython returns `size` bytes of valid UTF-8 (it raises on lone surrogates).
        let bytes = unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) };
        return Ok(Cow::Borrowed(unsafe {
            std::str::from_utf8_unchecked(bytes)
        }));
    }
    s.to_cow()
}

/// Whether the running interpreter is 3.10 or later (see [`utf8`]).
#[cfg(not(windows))]
fn borrowable_utf8(py: Python<'_>) -> bool {
    static AT_LEAST_310: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AT_LEAST_310.get_or_init(|| py.version_info() >= (3, 10))
}

#[cfg(not(windows))]
mod stable_abi_310 {
    use pyo3::ffi::{PyObject, Py_ssize_t};
    use std::os::raw::c_char;

    extern "C" {
        /// In the stable ABI from Python 3.10 (and a public function since 3.3); PyO3 declares
        /// it for `abi3-py310` builds only.
        pub fn PyUnicode_AsUTF8AndSize(
            unicode: *mut PyObject,
            size: *mut Py_ssize_t,
        ) -> *const c_char;
    }
}

fn too_long(what: &str, n: usize, max: usize, unit: &str) -> PyErr {
    value_error(
        what,
        format!("text too long ({n} {unit}; the limit is {max} bytes of UTF-8)"),
    )
}

/// An owned `str` argument (see [`str_arg`]).
pub fn string_arg(obj: &Bound<'_, PyAny>, what: &str, max: usize) -> PyResult<String> {
    str_arg(obj, what, max).map(Cow::into_owned)
}

/// An optional `str` option (None → `default`).
pub fn opt_str(obj: Option<&Bound<'_, PyAny>>, what: &str, default: &str) -> PyResult<String> {
    match obj {
        None => Ok(default.to_string()),
        Some(o) if o.is_none() => Ok(default.to_string()),
        Some(o) => string_arg(o, what, 4096),
    }
}

/// An optional `bool` option (None → `default`); only `True`/`False` are accepted.
pub fn opt_bool(obj: Option<&Bound<'_, PyAny>>, what: &str, default: bool) -> PyResult<bool> {
    match obj {
        None => Ok(default),
        Some(o) if o.is_none() => Ok(default),
        Some(o) => o
            .cast::<PyBool>()
            .map(|b| b.is_true())
            .map_err(|_| type_error(what, "bool", o)),
    }
}

/// An optional positive integer option in `1..=max` (None → None). `bool` is refused (it is
/// an `int` in Python, and `sentences=True` is a mistake); objects with `__index__` (numpy
/// integers) are accepted.
pub fn opt_count(obj: Option<&Bound<'_, PyAny>>, what: &str, max: u64) -> PyResult<Option<u64>> {
    let Some(o) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    count(o, what, 1, max).map(Some)
}

/// An integer in `min..=max` (see [`opt_count`]).
pub fn count(o: &Bound<'_, PyAny>, what: &str, min: u64, max: u64) -> PyResult<u64> {
    if o.is_instance_of::<PyBool>() {
        return Err(type_error(what, "int", o));
    }
    let int = if o.is_instance_of::<PyInt>() {
        o.clone()
    } else if o.hasattr("__index__").unwrap_or(false) && !o.is_instance_of::<PyFloat>() {
        o.call_method0("__index__")
            .map_err(|_| type_error(what, "int", o))?
    } else {
        return Err(type_error(what, "int", o));
    };
    let shown = int
        .repr()
        .map(|r| r.to_string())
        .unwrap_or_else(|_| "?".to_string());
    let out_of_range = || {
        value_error(
            what,
            format!("must be between {min} and {max}, got {shown}"),
        )
    };
    match int.extract::<i64>() {
        Ok(v) if v >= 0 && (v as u64) >= min && (v as u64) <= max => Ok(v as u64),
        _ => Err(out_of_range()),
    }
}

/// An optional float option (None → None); ints and floats (and numpy floats) are accepted.
pub fn opt_float(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<f64>> {
    let Some(o) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if o.is_instance_of::<PyBool>()
        || o.is_instance_of::<PyString>()
        || o.is_instance_of::<PyBytes>()
    {
        return Err(type_error(what, "float", o));
    }
    o.extract::<f64>()
        .map(Some)
        .map_err(|_| type_error(what, "float", o))
}

/// One of `choices` (None → the first).
pub fn choice(obj: Option<&Bound<'_, PyAny>>, what: &str, choices: &[&str]) -> PyResult<usize> {
    let s = opt_str(obj, what, choices[0])?;
    choices.iter().position(|c| *c == s).ok_or_else(|| {
        value_error(
            what,
            format!(
                "must be one of {}, got {s:?}",
                choices
                    .iter()
                    .map(|c| format!("{c:?}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )
    })
}

/// Every item of an iterable argument (a `str` or `bytes` is refused: it is an iterable of
/// characters, almost always a mistake for a list of texts).
pub fn items<'py>(obj: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    if obj.is_instance_of::<PyString>() || obj.is_instance_of::<PyBytes>() {
        return Err(type_error(what, "a list (or other iterable) of str", obj));
    }
    let it = obj
        .try_iter()
        .map_err(|_| type_error(what, "a list (or other iterable) of str", obj))?;
    it.collect()
}
