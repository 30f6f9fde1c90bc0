//! Load shedding, the request deadline, the body limit and running CPU work off the async
//! workers.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use tokio::sync::OwnedSemaphorePermit;
use tokio::time::Instant;

use crate::{ApiError, AppState};

/// A concurrency permit, shared between the request and the blocking work it started, so the
/// slot frees only when both are done.
#[derive(Debug, Clone)]
pub(crate) struct Permit(#[allow(dead_code)] pub(crate) Arc<OwnedSemaphorePermit>);

/// When the request must be answered by (from its head's arrival).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline(pub(crate) Instant);

/// Set when the request's deadline passed (or its client went away): work checks it between
/// stages and stops.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub(crate) fn is_set(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    pub(crate) fn set(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// `Err(503)` once set.
    pub(crate) fn check(&self) -> Result<(), ApiError> {
        if self.is_set() {
            Err(past_deadline())
        } else {
            Ok(())
        }
    }
}

fn past_deadline() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "processing did not finish before the request deadline",
    )
}

/// The media types a JSON route accepts; `batch` also takes JSON Lines.
fn accepted_type(path: &str, essence: &str) -> bool {
    let json = essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"));
    if path.ends_with("/batch") {
        json || matches!(
            essence,
            "application/x-ndjson" | "application/jsonl" | "application/x-jsonlines"
        )
    } else {
        json
    }
}

/// Middleware of the API routes, before anything is read: refuses request bodies it cannot
/// take (415 for a media type other than JSON, including none — so cross-site "simple" POSTs
/// of forms or `text/plain` never reach the handlers — or for any `Content-Encoding`; 501 for
/// a transfer coding other than `chunked`) and stamps the request's deadline.
pub(crate) async fn guard(
    State(state): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let deadline = Instant::now() + state.cfg.timeout;
    let headers = req.headers();
    for te in headers.get_all(header::TRANSFER_ENCODING) {
        let te = te.to_str().unwrap_or("?");
        if let Some(bad) = te
            .split(',')
            .map(str::trim)
            .find(|c| !c.eq_ignore_ascii_case("chunked"))
        {
            return ApiError::new(
                StatusCode::NOT_IMPLEMENTED,
                format!("transfer coding `{bad}` is not supported (only chunked)"),
            )
            .into_response();
        }
    }
    for ce in headers.get_all(header::CONTENT_ENCODING) {
        let ce = ce.to_str().unwrap_or("?").trim();
        if !ce.eq_ignore_ascii_case("identity") {
            return ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                format!("Content-Encoding `{ce}` is not supported: send the body uncompressed"),
            )
            .into_response();
        }
    }
    let path = req.uri().path().to_string();
    let ctype = headers
        .get(header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap_or("?").to_string());
    let essence = ctype.as_deref().map(|c| {
        c.split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    if !essence.as_deref().is_some_and(|e| accepted_type(&path, e)) {
        let expected = if path.ends_with("/batch") {
            "application/x-ndjson (or application/jsonl, application/json)"
        } else {
            "application/json"
        };
        let got = match &ctype {
            Some(c) => format!("Content-Type `{c}` is not accepted"),
            None => "no Content-Type given".to_string(),
        };
        return ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "{got}: send the body as {expected} (curl: --json, or -H 'Content-Type: {}')",
                expected.split(' ').next().unwrap_or(expected)
            ),
        )
        .into_response();
    }
    req.extensions_mut().insert(Deadline(deadline));
    next.run(req).await
}

/// Takes a concurrency slot, waiting in a bounded FIFO queue (until `until`) when all are busy;
/// 503 with `Retry-After` at once when the queue is full too, or when `until` passes.
pub(crate) async fn acquire(state: &AppState, until: Instant) -> Result<Permit, ApiError> {
    let permit = match state.permits.clone().try_acquire_owned() {
        Ok(p) => p,
        Err(_) => {
            let waiting = state.queued.fetch_add(1, Ordering::AcqRel);
            let _queued = Queued(&state.queued);
            if waiting >= state.cfg.max_queue {
                state.metrics.record_shed();
                return Err(busy(state, "server busy"));
            }
            match tokio::time::timeout_at(until, state.permits.clone().acquire_owned()).await {
                Ok(Ok(p)) => p,
                Ok(Err(_)) => return Err(ApiError::internal("server shutting down")),
                Err(_) => {
                    state.metrics.record_shed();
                    return Err(busy(state, "timed out waiting for a free slot"));
                }
            }
        }
    };
    Ok(Permit(Arc::new(permit)))
}

fn busy(state: &AppState, why: &str) -> ApiError {
    ApiError {
        status: StatusCode::SERVICE_UNAVAILABLE,
        message: format!(
            "{why}: {} requests in progress and {} waiting; retry later",
            state.cfg.max_concurrency, state.cfg.max_queue
        ),
        retry_after: Some(1),
    }
}

/// Counts a request in the wait queue until dropped.
struct Queued<'a>(&'a AtomicUsize);

impl Drop for Queued<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Reads the whole body: 413 past `limit` bytes (checked against `Content-Length` first), 408
/// if it has not all arrived by the deadline.
pub(crate) async fn read_body(
    req: Request,
    limit: usize,
    deadline: Instant,
) -> Result<Vec<u8>, ApiError> {
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("request body larger than the limit of {limit} bytes"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(too_large());
    }
    let capacity = declared.map_or(0, |n| n as usize);
    let read = async move {
        let mut stream = req.into_body().into_data_stream();
        let mut buf = Vec::with_capacity(capacity);
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| {
                ApiError::bad_request(format!("could not read the request body: {e}"))
            })?;
            if buf.len() + chunk.len() > limit {
                return Err(too_large());
            }
            buf.extend_from_slice(&chunk);
        }
        Ok(buf)
    };
    match tokio::time::timeout_at(deadline, read).await {
        Ok(res) => res,
        Err(_) => Err(ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request body not received before the request deadline",
        )),
    }
}

/// Runs CPU work on the blocking pool, holding `permit` until it ends; 503 if it is not done by
/// the deadline, when `cancel` is set so the work stops at its next check (it keeps its slot
/// until then).
pub(crate) async fn run_blocking<T: Send + 'static>(
    permit: Permit,
    deadline: Instant,
    work: impl FnOnce(&Cancel) -> T + Send + 'static,
) -> Result<T, ApiError> {
    let cancel = Cancel::default();
    let flag = cancel.clone();
    let handle = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work(&flag)
    });
    // Set the flag however this future ends: deadline, or dropped because the client left.
    let _stop = SetOnDrop(cancel);
    match tokio::time::timeout_at(deadline, handle).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(ApiError::internal(format!("worker failed: {e}"))),
        Err(_) => Err(past_deadline()),
    }
}

struct SetOnDrop(Cancel);

impl Drop for SetOnDrop {
    fn drop(&mut self) {
        self.0.set();
    }
}

/// Test hook (feature `test-hooks`, for this crate's tests only): an `x-precis-test-hold-ms`
/// header makes the request's work keep its slot that long.
#[cfg(feature = "test-hooks")]
pub(crate) fn test_hold(headers: &axum::http::HeaderMap) -> Option<std::time::Duration> {
    headers
        .get("x-precis-test-hold-ms")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .map(std::time::Duration::from_millis)
}

/// A body from bytes with a JSON content type.
pub(crate) fn json_response(status: StatusCode, body: Vec<u8>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        Body::from(body),
    )
        .into_response()
}
