//! Load shedding, the request deadline, the body limit and running CPU work off the async
//! workers.

use std::sync::atomic::{AtomicUsize, Ordering};
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

/// When the request must be answered by.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline(pub(crate) Instant);

/// Takes a concurrency slot, waiting in a bounded FIFO queue (until the request's deadline) when
/// all are busy; answers 503 with `Retry-After` at once when the queue is full too. Stamps the
/// request's deadline.
pub(crate) async fn load_shed(
    State(state): State<Arc<AppState>>,
    mut req: Request,
    next: Next,
) -> Response {
    let deadline = Instant::now() + state.cfg.timeout;
    let permit = match state.permits.clone().try_acquire_owned() {
        Ok(p) => p,
        Err(_) => {
            let waiting = state.queued.fetch_add(1, Ordering::AcqRel);
            let _queued = Queued(&state.queued);
            if waiting >= state.cfg.max_queue {
                state.metrics.record_shed();
                return busy(&state, "server busy").into_response();
            }
            match tokio::time::timeout_at(deadline, state.permits.clone().acquire_owned()).await {
                Ok(Ok(p)) => p,
                Ok(Err(_)) => return ApiError::internal("server shutting down").into_response(),
                Err(_) => {
                    state.metrics.record_shed();
                    return busy(&state, "timed out waiting for a free slot").into_response();
                }
            }
        }
    };
    req.extensions_mut().insert(Permit(Arc::new(permit)));
    req.extensions_mut().insert(Deadline(deadline));
    next.run(req).await
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
/// the deadline (the work itself still finishes, and keeps its slot until then).
pub(crate) async fn run_blocking<T: Send + 'static>(
    permit: Permit,
    deadline: Instant,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    let handle = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        work()
    });
    match tokio::time::timeout_at(deadline, handle).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(ApiError::internal(format!("worker failed: {e}"))),
        Err(_) => Err(ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "processing did not finish before the request deadline",
        )),
    }
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
