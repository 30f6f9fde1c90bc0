//! Worker pools: one rayon pool per thread count, owned by this module (never rayon's global
//! pool), and rebuilt in a process forked after a pool was started: a forked child inherits
//! the pool's bookkeeping but not its threads, so using it would wait forever
//! (`multiprocessing` with the fork start method, Spark's forked Python workers).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

use crate::args;

/// Largest thread count accepted.
pub const MAX_THREADS: u64 = 1024;

struct Pools {
    pid: u32,
    by_threads: HashMap<usize, Arc<rayon::ThreadPool>>,
}

static POOLS: Mutex<Option<Pools>> = Mutex::new(None);

/// The thread count `threads = 0` stands for: `RAYON_NUM_THREADS` when set to a positive
/// number, else the number of CPUs this process may use.
#[pyfunction]
pub fn default_threads() -> usize {
    std::env::var("RAYON_NUM_THREADS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&n| n > 0)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// The pool with `threads` workers (0: [`default_threads`]).
pub fn get(threads: usize) -> PyResult<Arc<rayon::ThreadPool>> {
    let n = if threads == 0 {
        default_threads()
    } else {
        threads
    };
    let pid = std::process::id();
    let mut guard = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    if guard.as_ref().is_some_and(|p| p.pid != pid) {
        // Forked: the inherited pools have no threads here. Dropping one would try to wake
        // threads that do not exist in this process, so they are leaked instead.
        if let Some(old) = guard.take() {
            std::mem::forget(old);
        }
    }
    let pools = guard.get_or_insert_with(|| Pools {
        pid,
        by_threads: HashMap::new(),
    });
    if let Some(p) = pools.by_threads.get(&n) {
        return Ok(p.clone());
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n)
        .thread_name(|i| format!("precis-{i}"))
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("cannot start {n} worker threads: {e}")))?;
    let pool = Arc::new(pool);
    pools.by_threads.insert(n, pool.clone());
    Ok(pool)
}

/// The `threads` argument: an int in 0..=1024 (0: all CPUs).
pub fn threads_arg(obj: Option<&Bound<'_, PyAny>>) -> PyResult<usize> {
    match obj.filter(|o| !o.is_none()) {
        None => Ok(0),
        Some(o) => args::count(o, "threads", 0, MAX_THREADS).map(|n| n as usize),
    }
}
