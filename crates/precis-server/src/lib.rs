//! precis-server: the HTTP face of precis — a JSON API and a small embedded web page.
//!
//! Endpoints (see [`openapi::document`] for the machine-readable description, served at
//! `GET /openapi.json`):
//!
//! | route | what |
//! | --- | --- |
//! | `POST /v1/summarize` | one article (`text`, `.story` text or `html`; with `--fetch-urls`, a `url` to fetch) → the JSON of `precis summarize --format json` |
//! | `POST /v1/summarize/feed` | with `--fetch-urls` only: a feed or sitemap `url` (RSS 0.9x/1.0/2.0, Atom, XML sitemap, Google News sitemap, sitemap index) → its items in feed order, each page fetched and summarized, or `{"id","error"}` for an item that failed; `no_fetch` summarizes the items' own content; at most `max_items` (default 20, at most 100); the whole within the request deadline (items not done by then are errors) |
//! | `POST /v1/summarize/batch` | JSONL records in, JSONL highlights out, streamed in input order; a bad record gives one `{"id","error"}` line; with `--fetch-urls` a line may give a `url` (fetched one at a time) |
//! | `POST /v1/rouge` | ROUGE scores of candidates against references, per pair and mean |
//! | `POST /v1/verify` | an article (`text` or `html`) and a `summary` → the JSON of `precis verify --format json`: a score, per summary sentence its supporting article sentences and unsupported content |
//! | `GET /healthz` | liveness |
//! | `GET /v1/config` | what this server allows: `{"fetch_urls", "feed_max_items", "feed_default_items", "timeout_s"}` (the web page shows its URL box when `fetch_urls`) |
//! | `GET /metrics` | Prometheus text: requests by route and status, latency histogram, in-flight, load-shed count |
//! | `GET /openapi.json` | OpenAPI 3.0 document |
//! | `GET /` | the web page (HTML/CSS/JS embedded in the binary; nothing fetched from elsewhere) |
//!
//! Hygiene (no single request, client or input takes the server down):
//! - **Requests**: a body limit (413); JSON routes take `Content-Type: application/json`
//!   (batch: `application/x-ndjson`, `application/jsonl` or `application/json`), anything else
//!   (including none, so cross-site "simple" form and `text/plain` POSTs) gets 415, as does a
//!   `Content-Encoding`; a transfer coding other than `chunked` gets 501.
//! - **Deadline**: a per-request deadline (408 while the body is still arriving, 503 when the
//!   work runs past it; the work then stops at its next check: between stages of a summary,
//!   between ROUGE pairs). ROUGE pairs over the LCS work limit get 422
//!   ([`precis_rouge::MAX_LCS_CELLS`]).
//! - **Concurrency**: the API routes take one of `max_concurrency` slots *once their body has
//!   arrived* (a slow upload holds a connection, never a slot), wait for one in a bounded FIFO
//!   queue, and are shed past it (503 with `Retry-After` at once). A slot is held until the
//!   CPU work ends, even if the client went away.
//! - **Batches** take a slot per chunk of records (~50 ms of work) and release it while their
//!   output is sent, so a client that stops reading holds no slot; a batch has a time budget
//!   (`batch_timeout`), and the records left when it runs out, or when the server shuts down,
//!   get one `{"id","error"}` line each before the stream ends normally.
//! - **Connections**: request heads must arrive within `header_timeout` (which also bounds
//!   idle keep-alive connections), a response write that makes no progress for `io_timeout`
//!   closes the connection, and at most `max_connections` are open: at the cap the
//!   longest-idle connection is closed for the new one (logged, counted in `/metrics`).
//! - JSON errors `{"error": "..."}` for every failure (400 names the problem in malformed
//!   JSON), graceful shutdown that finishes in-flight requests, one `tracing` event per
//!   request, CORS off unless origins are configured. Summarization and ROUGE run on tokio's
//!   blocking pool, never on the async workers.
//!
//! Fetching (`ServeConfig::fetch_urls`, off by default): `url` on `/v1/summarize` and batch
//! lines, and `/v1/summarize/feed`, fetch with `precis-fetch` behind its address guard
//! (loopback, private, link-local and metadata addresses refused after DNS and on every
//! redirect, 403 naming the reason, unless `allow_private_urls`), without retries, each fetch
//! ending within the request deadline. A feed takes one concurrency slot while its pages are
//! fetched (8 at once, 2 per host) and summarized; its work ends a tenth of the deadline (at most
//! 1 s) before it, and the items not done then come back as `{"id","error"}`.
//!
//! What this crate is not: a TLS terminator, an authenticating gateway, a rate limiter per
//! client, or a crawler (without `fetch_urls` it never makes outgoing requests: `html` input is
//! the page itself, read by `precis-ingest` as the CLI reads .html files). It installs no logging subscriber unless asked ([`init_logging`]). Batch requests use
//! document-level IDF (the CLI's two-pass corpus IDF needs the whole input first).

mod api;
mod conn;
mod error;
pub mod feeds;
mod limits;
pub mod metrics;
pub mod openapi;
mod web;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::http::{HeaderValue, Method};
use axum::routing::{get, post};
use axum::Router;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

pub use error::ApiError;
pub use metrics::Metrics;

/// Server settings.
#[derive(Debug, Clone, PartialEq)]
pub struct ServeConfig {
    /// Address to listen on (default `127.0.0.1:8080`).
    pub addr: SocketAddr,
    /// Largest accepted request body in bytes (default 2 MiB); larger ones get 413.
    pub body_limit: usize,
    /// Per-request deadline (default 10 s), counted from the request head: 408 if the body has
    /// not arrived by then, 503 if the work has not finished. For batches it bounds reading
    /// the body; the results then stream within `batch_timeout`.
    pub timeout: Duration,
    /// Most time a batch spends on its records once its body has arrived (default 60 s).
    /// Records left when it runs out get an `{"id","error"}` line each and the stream ends
    /// normally.
    pub batch_timeout: Duration,
    /// A request head must arrive within this long of the connection being ready for it
    /// (default 10 s); it is also the longest a kept-alive connection may sit idle.
    pub header_timeout: Duration,
    /// A connection whose client accepts no response bytes for this long is closed (default
    /// 30 s); a batch stream waits at most this long for its client to read.
    pub io_timeout: Duration,
    /// Most connections open at once (default: the open-files limit less 64, at most 4,096).
    /// At the limit the longest-idle connection is closed to make room.
    pub max_connections: usize,
    /// API requests (summarize, batch, rouge) allowed in progress at once (default 4 × cores).
    pub max_concurrency: usize,
    /// API requests allowed to wait (FIFO, until their deadline) for one of the
    /// `max_concurrency` slots (default 64 × cores); past that, 503 with `Retry-After` at once.
    /// 0 sheds as soon as all slots are busy.
    pub max_queue: usize,
    /// Origins allowed by CORS (`*` for any); empty (the default) turns CORS off.
    pub cors_origins: Vec<String>,
    /// Accept `{"url": …}` on `POST /v1/summarize` and batch lines, and serve
    /// `POST /v1/summarize/feed`: the server fetches pages and feeds (default off).
    pub fetch_urls: bool,
    /// Let fetched URLs reach loopback, private, link-local and metadata addresses (default
    /// off: refused with 403 after DNS resolution and on every redirect).
    pub allow_private_urls: bool,
}

impl Default for ServeConfig {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        ServeConfig {
            addr: SocketAddr::from(([127, 0, 0, 1], 8080)),
            body_limit: 2 * 1024 * 1024,
            timeout: Duration::from_secs(10),
            batch_timeout: Duration::from_secs(60),
            header_timeout: Duration::from_secs(10),
            io_timeout: Duration::from_secs(30),
            max_connections: default_max_connections(),
            max_concurrency: 4 * cores,
            max_queue: 64 * cores,
            cors_origins: Vec::new(),
            fetch_urls: false,
            allow_private_urls: false,
        }
    }
}

/// The open-files soft limit less 64 (for the listener, logs and files), between 16 and 4,096.
fn default_max_connections() -> usize {
    #[cfg(unix)]
    let files = rustix::process::getrlimit(rustix::process::Resource::Nofile).current;
    #[cfg(not(unix))]
    let files: Option<u64> = None;
    files.map_or(4096, |n| {
        usize::try_from(n.saturating_sub(64))
            .unwrap_or(usize::MAX)
            .clamp(16, 4096)
    })
}

/// Shared state of one router.
#[derive(Debug)]
pub(crate) struct AppState {
    pub(crate) cfg: ServeConfig,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) permits: Arc<Semaphore>,
    pub(crate) queued: std::sync::atomic::AtomicUsize,
    /// Set when shutdown starts: batches stop taking records.
    pub(crate) stopping: std::sync::atomic::AtomicBool,
    /// The HTTP client of `{"url": …}` requests, when `fetch_urls` is on.
    pub(crate) fetcher: Option<precis_fetch::Fetcher>,
}

impl AppState {
    pub(crate) fn stopping(&self) -> bool {
        self.stopping.load(std::sync::atomic::Ordering::Acquire)
    }
}

/// The application: all routes and middleware, ready for `axum::serve` (which has none of the
/// connection limits of [`serve_on`]).
pub fn router(cfg: ServeConfig) -> Router {
    build(cfg).0
}

fn build(cfg: ServeConfig) -> (Router, Arc<AppState>) {
    let metrics = Arc::new(Metrics::new());
    let permits = Arc::new(Semaphore::new(cfg.max_concurrency.max(1)));
    let cors = cors_layer(&cfg.cors_origins);
    // The fetch of a `{"url": …}` request must end within the request's deadline, with time
    // left to summarize: 80% of it, no retries.
    let fetcher = cfg.fetch_urls.then(|| {
        precis_fetch::Fetcher::new(precis_fetch::FetchOptions {
            timeout: cfg.timeout.mul_f32(0.8),
            connect_timeout: cfg.timeout.mul_f32(0.4),
            retries: 0,
            max_bytes: 16 << 20,
            guard: if cfg.allow_private_urls {
                precis_fetch::Guard::Off
            } else {
                precis_fetch::Guard::PublicOnly
            },
            ..precis_fetch::FetchOptions::default()
        })
    });
    let state = Arc::new(AppState {
        fetcher,
        cfg,
        metrics,
        permits,
        queued: std::sync::atomic::AtomicUsize::new(0),
        stopping: std::sync::atomic::AtomicBool::new(false),
    });
    let api = Router::new()
        .route("/v1/summarize", post(api::summarize))
        .route("/v1/summarize/batch", post(api::batch))
        .route("/v1/summarize/feed", post(feeds::summarize_feed))
        .route("/v1/rouge", post(api::rouge))
        .route("/v1/verify", post(api::verify))
        .route_layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::guard,
        ));
    let mut app = Router::new()
        .route("/", get(web::index))
        .route("/app.js", get(web::script))
        .route("/style.css", get(web::style))
        .route("/healthz", get(api::healthz))
        .route("/v1/config", get(api::config))
        .route("/metrics", get(api::metrics))
        .route("/openapi.json", get(api::openapi))
        .merge(api)
        .fallback(api::not_found)
        .method_not_allowed_fallback(api::method_not_allowed);
    if let Some(cors) = cors {
        app = app.layer(cors);
    }
    let app = app
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .with_state(state.clone());
    (app, state)
}

fn cors_layer(origins: &[String]) -> Option<tower_http::cors::CorsLayer> {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|o| o == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| HeaderValue::from_str(o).ok())
                .collect::<Vec<_>>(),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([axum::http::header::CONTENT_TYPE])
            .max_age(Duration::from_secs(600)),
    )
}

/// Binds `cfg.addr` and serves until `shutdown` completes, then finishes in-flight requests.
pub async fn serve(
    cfg: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let listener = listen(cfg.addr).with_context(|| format!("cannot listen on {}", cfg.addr))?;
    serve_on(listener, cfg, shutdown).await
}

/// Binds with a listen backlog of 4,096 (tokio's `bind` uses 1,024): under a flood of
/// connections a full accept queue drops SYNs, and a normal client then waits a second for its
/// retransmission.
fn listen(addr: SocketAddr) -> std::io::Result<TcpListener> {
    let socket = if addr.is_ipv4() {
        tokio::net::TcpSocket::new_v4()?
    } else {
        tokio::net::TcpSocket::new_v6()?
    };
    #[cfg(unix)]
    socket.set_reuseaddr(true)?;
    socket.bind(addr)?;
    socket.listen(4096)
}

/// Serves on an already bound listener (`cfg.addr` is ignored). After `shutdown` completes no
/// new connection is accepted, batches stop taking records (the rest get error lines),
/// in-flight requests finish, and connections still open `cfg.timeout` + 5 s later are
/// dropped.
pub async fn serve_on(
    listener: TcpListener,
    cfg: ServeConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let addr = listener.local_addr().context("listener has no address")?;
    let grace = cfg.timeout + Duration::from_secs(5);
    let timeouts = conn::ConnTimeouts {
        header: cfg.header_timeout.max(Duration::from_millis(1)),
        io: cfg.io_timeout.max(Duration::from_millis(1)),
    };
    let max_connections = cfg.max_connections;
    let (app, state) = build(cfg);
    let conns = conn::Connections::new(max_connections, state.metrics.clone());
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut tasks = tokio::task::JoinSet::new();
    tracing::info!(%addr, max_connections, "precis-server listening on http://{addr}");
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            accepted = listener.accept() => match accepted {
                Ok((tcp, _peer)) => {
                    if let Some(slot) = conns.admit() {
                        tasks.spawn(conn::serve(tcp, app.clone(), slot, stop_rx.clone(), timeouts));
                    }
                }
                Err(e) => {
                    // Out of file descriptors and the like: the listener stays, retry shortly.
                    tracing::warn!("accept failed: {e}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
            },
        }
    }
    tracing::info!("shutdown requested: finishing in-flight requests");
    state
        .stopping
        .store(true, std::sync::atomic::Ordering::Release);
    let _ = stop_tx.send(true);
    drop(listener);
    if tokio::time::timeout(grace, conns.all_closed())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after {grace:?}: dropping them");
    }
    tasks.shutdown().await;
    tracing::info!("precis-server stopped");
    Ok(())
}

/// Builds a multi-threaded tokio runtime and serves until SIGTERM or Ctrl-C, then shuts down
/// gracefully (in-flight requests finish).
pub fn run(cfg: ServeConfig) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("precis-server")
        .build()
        .context("cannot start the tokio runtime")?;
    runtime.block_on(serve(cfg, shutdown_signal()))
}

/// Completes on Ctrl-C (SIGINT) or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

/// Installs a `tracing` subscriber writing one line per event to stderr, at `level`
/// (`error`, `warn`, `info`, `debug`, `trace`; anything else means `info`). Does nothing if a
/// subscriber is already installed.
pub fn init_logging(level: &str) {
    let level = level
        .parse::<tracing_subscriber::filter::LevelFilter>()
        .unwrap_or(tracing_subscriber::filter::LevelFilter::INFO);
    let _ = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}
