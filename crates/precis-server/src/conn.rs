//! Connections: the accept loop's bookkeeping and one HTTP/1.1 connection's life.
//!
//! - A request head must arrive within `header_timeout` of the connection becoming ready for
//!   it, which also bounds how long a kept-alive connection may sit idle (hyper's
//!   `header_read_timeout`, which needs a timer: `axum::serve` sets none, so neither bound
//!   existed before).
//! - A write that makes no progress for `io_timeout` (a client that stopped reading) closes the
//!   connection.
//! - At most `max_connections` are open. At the cap, a new connection closes the connection
//!   that has been open longest without a request in progress (idle keep-alive, or a head still
//!   trickling in); when every connection is answering a request the new one is refused. Both
//!   are logged (at most once a second) and counted in `/metrics`.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpStream;
use tokio::sync::{watch, Notify};
use tokio::time::Instant;
use tower::ServiceExt;

use crate::Metrics;

/// One open connection, as the registry sees it.
#[derive(Debug, Default)]
struct ConnState {
    /// Requests received and not yet fully answered (head and body sent).
    busy: AtomicUsize,
    /// Set when the registry chose this connection to close.
    evicted: AtomicBool,
    evict: Notify,
}

/// All open connections, oldest first.
#[derive(Debug)]
pub(crate) struct Connections {
    max: usize,
    open: AtomicUsize,
    queue: Mutex<VecDeque<Weak<ConnState>>>,
    closed: Notify,
    metrics: Arc<Metrics>,
    last_log: Mutex<Option<Instant>>,
    evicted: AtomicU64,
    refused: AtomicU64,
}

/// A connection's place in the registry; frees it when dropped.
#[derive(Debug)]
pub(crate) struct Slot {
    state: Arc<ConnState>,
    conns: Arc<Connections>,
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.conns.open.fetch_sub(1, Ordering::AcqRel);
        self.conns.metrics.set_connections_open(self.conns.open());
        self.conns.closed.notify_waiters();
    }
}

impl Connections {
    pub(crate) fn new(max: usize, metrics: Arc<Metrics>) -> Arc<Self> {
        Arc::new(Connections {
            max: max.max(1),
            open: AtomicUsize::new(0),
            queue: Mutex::new(VecDeque::new()),
            closed: Notify::new(),
            metrics,
            last_log: Mutex::new(None),
            evicted: AtomicU64::new(0),
            refused: AtomicU64::new(0),
        })
    }

    pub(crate) fn open(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// Room for one more connection: at the cap, the longest-idle connection is told to close;
    /// `None` (refuse this one) when every open connection is answering a request.
    pub(crate) fn admit(self: &Arc<Self>) -> Option<Slot> {
        let mut queue = self.queue.lock().unwrap_or_else(|e| e.into_inner());
        if self.open() >= self.max {
            let mut victim = None;
            let mut i = 0;
            while i < queue.len() {
                match queue.get(i).and_then(Weak::upgrade) {
                    None => {
                        queue.remove(i);
                    }
                    Some(c)
                        if c.busy.load(Ordering::Acquire) == 0
                            && !c.evicted.load(Ordering::Acquire) =>
                    {
                        queue.remove(i);
                        victim = Some(c);
                        break;
                    }
                    Some(_) => i += 1,
                }
            }
            match victim {
                Some(c) => {
                    c.evicted.store(true, Ordering::Release);
                    c.evict.notify_one();
                    let n = self.evicted.fetch_add(1, Ordering::Relaxed) + 1;
                    self.metrics.record_connection_evicted();
                    self.log(|| {
                        tracing::warn!(
                            limit = self.max,
                            closed_so_far = n,
                            "connection limit reached: closing the longest-idle connection for a new one"
                        )
                    });
                }
                None => {
                    let n = self.refused.fetch_add(1, Ordering::Relaxed) + 1;
                    self.metrics.record_connection_refused();
                    self.log(|| {
                        tracing::warn!(
                            limit = self.max,
                            refused_so_far = n,
                            "connection limit reached and every connection is answering a request: refusing new connections"
                        )
                    });
                    return None;
                }
            }
        }
        // Forget closed connections now and then so the queue stays near the open count.
        if queue.len() > 2 * self.max {
            queue.retain(|w| w.strong_count() > 0);
        }
        let state = Arc::new(ConnState::default());
        queue.push_back(Arc::downgrade(&state));
        drop(queue);
        self.open.fetch_add(1, Ordering::AcqRel);
        self.metrics.set_connections_open(self.open());
        Some(Slot {
            state,
            conns: self.clone(),
        })
    }

    /// Waits until no connection is open.
    pub(crate) async fn all_closed(&self) {
        loop {
            let closed = self.closed.notified();
            if self.open() == 0 {
                return;
            }
            closed.await;
        }
    }

    fn log(&self, f: impl FnOnce()) {
        let mut last = self.last_log.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        if last.is_none_or(|t| now.duration_since(t) >= Duration::from_secs(1)) {
            *last = Some(now);
            f();
        }
    }
}

/// Marks a request in progress on its connection until dropped (with the response body).
#[derive(Debug)]
struct Busy(Arc<ConnState>);

impl Busy {
    fn new(state: &Arc<ConnState>) -> Self {
        state.busy.fetch_add(1, Ordering::AcqRel);
        Busy(state.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.busy.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A response body that keeps its connection marked busy until it is fully sent (or dropped).
struct Guarded {
    inner: Body,
    _busy: Busy,
}

impl http_body::Body for Guarded {
    type Data = axum::body::Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Self::Data>, Self::Error>>> {
        Pin::new(&mut self.inner).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.inner.size_hint()
    }
}

/// Timeouts of one connection.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ConnTimeouts {
    pub(crate) header: Duration,
    pub(crate) io: Duration,
}

/// Serves one connection until it closes, is evicted, or (after `stop`) finishes its requests.
pub(crate) async fn serve(
    tcp: TcpStream,
    app: Router,
    slot: Slot,
    mut stop: watch::Receiver<bool>,
    t: ConnTimeouts,
) {
    let _ = tcp.set_nodelay(true);
    let mut io = tokio_io_timeout::TimeoutStream::new(tcp);
    io.set_write_timeout(Some(t.io));
    let io = TokioIo::new(Box::pin(io));
    let state = slot.state.clone();
    let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
        let busy = Busy::new(&state);
        let app = app.clone();
        async move {
            let resp = match app.oneshot(req.map(Body::new)).await {
                Ok(r) => r,
                Err(e) => match e {},
            };
            Ok::<_, Infallible>(resp.map(|inner| Guarded { inner, _busy: busy }))
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(t.header)
        .keep_alive(true);
    let conn = builder.serve_connection(io, svc);
    tokio::pin!(conn);
    let mut stopping = *stop.borrow();
    if stopping {
        conn.as_mut().graceful_shutdown();
    }
    loop {
        tokio::select! {
            res = conn.as_mut() => {
                if let Err(e) = res {
                    tracing::debug!("connection closed: {e}");
                }
                break;
            }
            changed = stop.changed(), if !stopping => {
                if changed.is_err() || *stop.borrow() {
                    stopping = true;
                    conn.as_mut().graceful_shutdown();
                }
            }
            () = slot.state.evict.notified() => {
                // Chosen as the longest-idle connection at the connection cap: close it, unless
                // a request arrived in the meantime (then let it finish, without keep-alive).
                if slot.state.busy.load(Ordering::Acquire) == 0 {
                    break;
                }
                stopping = true;
                conn.as_mut().graceful_shutdown();
            }
        }
    }
    drop(slot);
}
