//! `precis._precis`: the native half of the `precis` Python package.
//!
//! Everything here wraps the Rust crates (`precis`, `precis-ingest`, `precis-html`,
//! `precis-rouge`); the Python half (`python/precis/`) only re-exports it and adds the
//! `rouge_score` drop-in's plain-Python types (namedtuples, the aggregator's bookkeeping) and
//! the Spark / Dask glue.
//!
//! Rules kept here:
//! - **No panic reaches Python**: every Rust error becomes a `ValueError` / `TypeError` naming
//!   the argument; work on records runs under `catch_unwind`, so even a bug in a crate is a
//!   Python exception, never an abort of the interpreter.
//! - **The GIL is released** for everything that takes time (batches, long texts, the
//!   bootstrap), and batches run on a rayon pool owned by this module and rebuilt after a
//!   `fork()` (a pool inherited through `fork` has no threads and would hang the child).
//! - **Deterministic**: the same inputs give the same outputs at any thread count.

use pyo3::prelude::*;

mod args;
mod extract;
mod pool;
mod rouge;
mod rouge155;
mod segment;
mod summarize;
mod verify;

/// The native module.
#[pymodule]
fn _precis(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("MAX_TEXT_BYTES", args::MAX_TEXT_BYTES)?;
    summarize::register(m)?;
    extract::register(m)?;
    rouge::register(m)?;
    rouge155::register(m)?;
    segment::register(m)?;
    verify::register(m)?;
    m.add_function(wrap_pyfunction!(pool::default_threads, m)?)?;
    Ok(())
}
