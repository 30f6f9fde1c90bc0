//! Request metrics with atomics, rendered in the Prometheus text format (0.0.4), and the
//! per-request log event.

use std::fmt::Write as _;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// The routes metrics are kept for, by path; anything else counts as `other`.
pub const ROUTES: [&str; 13] = [
    "/",
    "/app.js",
    "/style.css",
    "/healthz",
    "/v1/config",
    "/metrics",
    "/openapi.json",
    "/v1/summarize",
    "/v1/summarize/batch",
    "/v1/summarize/feed",
    "/v1/rouge",
    "/v1/verify",
    "other",
];

/// Statuses counted by name; any other is counted as `other`.
pub const STATUSES: [u16; 15] = [
    200, 204, 400, 403, 404, 405, 408, 413, 415, 422, 500, 501, 502, 503, 504,
];

/// Upper bounds of the latency histogram buckets, in seconds (`+Inf` is implied).
pub const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

const NS: usize = STATUSES.len() + 1;
const NB: usize = BUCKETS.len() + 1;

#[derive(Debug, Default)]
struct RouteStats {
    by_status: [AtomicU64; NS],
    buckets: [AtomicU64; NB],
    sum_micros: AtomicU64,
}

/// Server metrics: counters and a latency histogram per route, requests in flight, load shed.
#[derive(Debug)]
pub struct Metrics {
    routes: [RouteStats; ROUTES.len()],
    in_flight: AtomicI64,
    shed: AtomicU64,
    connections_open: AtomicU64,
    connections_evicted: AtomicU64,
    connections_refused: AtomicU64,
    batch_records_unprocessed: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    /// All zero.
    pub fn new() -> Self {
        Metrics {
            routes: Default::default(),
            in_flight: AtomicI64::new(0),
            shed: AtomicU64::new(0),
            connections_open: AtomicU64::new(0),
            connections_evicted: AtomicU64::new(0),
            connections_refused: AtomicU64::new(0),
            batch_records_unprocessed: AtomicU64::new(0),
        }
    }

    /// The route label of a request path.
    pub fn route_index(path: &str) -> usize {
        ROUTES
            .iter()
            .position(|r| *r == path)
            .unwrap_or(ROUTES.len() - 1)
    }

    /// Records one answered request.
    pub fn record(&self, route: usize, status: u16, seconds: f64) {
        let Some(r) = self.routes.get(route) else {
            return;
        };
        let s = STATUSES.iter().position(|&x| x == status).unwrap_or(NS - 1);
        if let Some(c) = r.by_status.get(s) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        let b = BUCKETS
            .iter()
            .position(|&le| seconds <= le)
            .unwrap_or(NB - 1);
        if let Some(c) = r.buckets.get(b) {
            c.fetch_add(1, Ordering::Relaxed);
        }
        r.sum_micros
            .fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
    }

    /// Counts one request turned away by load shedding.
    pub fn record_shed(&self) {
        self.shed.fetch_add(1, Ordering::Relaxed);
    }

    /// Sets the open-connections gauge.
    pub(crate) fn set_connections_open(&self, n: usize) {
        self.connections_open.store(n as u64, Ordering::Relaxed);
    }

    /// Counts one idle connection closed to make room at the connection cap.
    pub(crate) fn record_connection_evicted(&self) {
        self.connections_evicted.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts one connection refused at the connection cap.
    pub(crate) fn record_connection_refused(&self) {
        self.connections_refused.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts batch records answered with an error line because the batch's time budget ran
    /// out or the server shut down.
    pub(crate) fn record_batch_unprocessed(&self, n: usize) {
        self.batch_records_unprocessed
            .fetch_add(n as u64, Ordering::Relaxed);
    }

    /// The Prometheus text exposition.
    pub fn render(
        &self,
        available_permits: usize,
        max_concurrency: usize,
        queued: usize,
    ) -> String {
        let mut out = String::with_capacity(8 * 1024);
        out.push_str(
            "# HELP precis_http_requests_total HTTP requests answered, by route and status.\n",
        );
        out.push_str("# TYPE precis_http_requests_total counter\n");
        for (route, r) in ROUTES.iter().zip(&self.routes) {
            for (k, c) in r.by_status.iter().enumerate() {
                let n = c.load(Ordering::Relaxed);
                if n == 0 {
                    continue;
                }
                let status = STATUSES
                    .get(k)
                    .map_or_else(|| "other".to_string(), |s| s.to_string());
                let _ = writeln!(
                    out,
                    "precis_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
                );
            }
        }
        out.push_str(
            "# HELP precis_http_request_duration_seconds Time to the response head, by route.\n",
        );
        out.push_str("# TYPE precis_http_request_duration_seconds histogram\n");
        for (route, r) in ROUTES.iter().zip(&self.routes) {
            let counts: Vec<u64> = r
                .buckets
                .iter()
                .map(|c| c.load(Ordering::Relaxed))
                .collect();
            let total: u64 = counts.iter().sum();
            if total == 0 {
                continue;
            }
            let mut cum = 0;
            for (k, n) in counts.iter().enumerate() {
                cum += n;
                let le = BUCKETS
                    .get(k)
                    .map_or_else(|| "+Inf".to_string(), |b| b.to_string());
                let _ = writeln!(
                    out,
                    "precis_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {cum}"
                );
            }
            let sum = r.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
            let _ = writeln!(
                out,
                "precis_http_request_duration_seconds_sum{{route=\"{route}\"}} {sum}"
            );
            let _ = writeln!(
                out,
                "precis_http_request_duration_seconds_count{{route=\"{route}\"}} {total}"
            );
        }
        let _ = write!(
            out,
            "# HELP precis_http_requests_in_flight HTTP requests being answered now.\n\
             # TYPE precis_http_requests_in_flight gauge\n\
             precis_http_requests_in_flight {}\n\
             # HELP precis_http_requests_shed_total API requests turned away with 503 (queue full, or no slot before the deadline).\n\
             # TYPE precis_http_requests_shed_total counter\n\
             precis_http_requests_shed_total {}\n\
             # HELP precis_api_concurrency_limit API requests allowed in progress at once.\n\
             # TYPE precis_api_concurrency_limit gauge\n\
             precis_api_concurrency_limit {}\n\
             # HELP precis_api_busy_slots API concurrency slots in use (including CPU work of abandoned requests).\n\
             # TYPE precis_api_busy_slots gauge\n\
             precis_api_busy_slots {}\n\
             # HELP precis_api_queued API requests waiting for a slot.\n\
             # TYPE precis_api_queued gauge\n\
             precis_api_queued {}\n\
             # HELP precis_connections_open Client connections open.\n\
             # TYPE precis_connections_open gauge\n\
             precis_connections_open {}\n\
             # HELP precis_connections_evicted_total Idle connections closed to make room at the connection limit.\n\
             # TYPE precis_connections_evicted_total counter\n\
             precis_connections_evicted_total {}\n\
             # HELP precis_connections_refused_total Connections refused at the connection limit (every open one busy).\n\
             # TYPE precis_connections_refused_total counter\n\
             precis_connections_refused_total {}\n\
             # HELP precis_batch_records_unprocessed_total Batch records answered with an error line because the batch time budget ran out or the server shut down.\n\
             # TYPE precis_batch_records_unprocessed_total counter\n\
             precis_batch_records_unprocessed_total {}\n",
            self.in_flight.load(Ordering::Relaxed),
            self.shed.load(Ordering::Relaxed),
            max_concurrency,
            max_concurrency.saturating_sub(available_permits),
            queued,
            self.connections_open.load(Ordering::Relaxed),
            self.connections_evicted.load(Ordering::Relaxed),
            self.connections_refused.load(Ordering::Relaxed),
            self.batch_records_unprocessed.load(Ordering::Relaxed),
        );
        out
    }
}

/// Decrements the in-flight gauge however the request ends (including a dropped connection).
struct InFlight(Arc<Metrics>);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Middleware: counts, times and logs every request.
pub(crate) async fn track(
    State(state): State<Arc<AppState>>,
    req: Request,
    next: Next,
) -> Response {
    let start = Instant::now();
    let route = Metrics::route_index(req.uri().path());
    let method = req.method().clone();
    let metrics = state.metrics.clone();
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let _guard = InFlight(metrics.clone());
    let resp = next.run(req).await;
    let elapsed = start.elapsed().as_secs_f64();
    let status = resp.status().as_u16();
    metrics.record(route, status, elapsed);
    tracing::info!(
        method = %method,
        route = ROUTES.get(route).copied().unwrap_or("other"),
        status,
        micros = (elapsed * 1e6) as u64,
        "request"
    );
    resp
}
