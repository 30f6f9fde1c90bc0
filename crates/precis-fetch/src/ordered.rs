//! Ordered concurrent fetching: worker threads take the next URL whose host has a free slot
//! (within a window ahead of the consumer), results are handed out in input order.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Condvar, Mutex};

use crate::{host_of, FetchError, Fetched, Fetcher};

type Outcome = Result<Fetched, FetchError>;

struct State {
    urls: Vec<Option<String>>,
    /// Index of the next result the consumer wants.
    next_out: usize,
    /// Requests in flight per host.
    per_host: HashMap<String, usize>,
    /// Not yet started, in input order.
    pending: Vec<usize>,
    done: BTreeMap<usize, Outcome>,
    /// The consumer was dropped: workers stop.
    closed: bool,
}

struct Shared {
    state: Mutex<State>,
    /// Signalled when a slot frees, a result arrives, the consumer advances or closes.
    cv: Condvar,
}

/// The iterator of [`Fetcher::fetch_all`].
pub(crate) struct Ordered {
    shared: Arc<Shared>,
    total: usize,
    workers: Vec<std::thread::JoinHandle<()>>,
}

impl Ordered {
    pub(crate) fn start(fetcher: Fetcher, urls: Vec<String>) -> Ordered {
        let total = urls.len();
        let n = fetcher.opts.concurrency.clamp(1, 256).min(total.max(1));
        let window = (4 * n).max(16);
        let per_host_max = fetcher.opts.per_host.max(1);
        let shared = Arc::new(Shared {
            state: Mutex::new(State {
                pending: (0..total).rev().collect(),
                urls: urls.into_iter().map(Some).collect(),
                next_out: 0,
                per_host: HashMap::new(),
                done: BTreeMap::new(),
                closed: false,
            }),
            cv: Condvar::new(),
        });
        let workers = (0..n)
            .map(|_| {
                let shared = Arc::clone(&shared);
                let fetcher = fetcher.clone();
                std::thread::spawn(move || worker(&shared, &fetcher, window, per_host_max))
            })
            .collect();
        Ordered {
            shared,
            total,
            workers,
        }
    }
}

fn lock(shared: &Shared) -> std::sync::MutexGuard<'_, State> {
    // A poisoned lock only means another worker panicked; the state is still consistent.
    shared.state.lock().unwrap_or_else(|e| e.into_inner())
}

fn worker(shared: &Shared, fetcher: &Fetcher, window: usize, per_host_max: usize) {
    loop {
        let (idx, url, host) = {
            let mut st = lock(shared);
            loop {
                if st.closed || st.pending.is_empty() {
                    return;
                }
                // `pending` is reversed: the last element is the earliest index.
                let limit = st.next_out + window;
                let pick = st.pending.iter().rev().position(|&i| {
                    i < limit
                        && st.urls[i].as_deref().is_some_and(|u| {
                            st.per_host.get(&host_of(u)).copied().unwrap_or(0) < per_host_max
                        })
                });
                match pick {
                    Some(p) => {
                        let pos = st.pending.len() - 1 - p;
                        let idx = st.pending.remove(pos);
                        let url = st.urls[idx].take().unwrap_or_default();
                        let host = host_of(&url);
                        *st.per_host.entry(host.clone()).or_insert(0) += 1;
                        break (idx, url, host);
                    }
                    None => {
                        st = shared.cv.wait(st).unwrap_or_else(|e| e.into_inner());
                    }
                }
            }
        };
        let outcome = fetcher.fetch(&url);
        let mut st = lock(shared);
        if let Some(c) = st.per_host.get_mut(&host) {
            *c = c.saturating_sub(1);
        }
        st.done.insert(idx, outcome);
        drop(st);
        shared.cv.notify_all();
    }
}

impl Iterator for Ordered {
    type Item = Outcome;

    fn next(&mut self) -> Option<Outcome> {
        let mut st = lock(&self.shared);
        if st.next_out >= self.total {
            return None;
        }
        loop {
            let want = st.next_out;
            if let Some(o) = st.done.remove(&want) {
                st.next_out += 1;
                drop(st);
                self.shared.cv.notify_all();
                return Some(o);
            }
            st = self.shared.cv.wait(st).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl Drop for Ordered {
    fn drop(&mut self) {
        lock(&self.shared).closed = true;
        self.shared.cv.notify_all();
        for w in self.workers.drain(..) {
            let _ = w.join();
        }
    }
}
