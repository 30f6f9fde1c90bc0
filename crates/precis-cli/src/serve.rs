//! `precis serve`: the HTTP API and the web page (see the `precis-server` crate).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use precis_server::ServeConfig;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on.
    #[arg(long, default_value_t = ServeConfig::default().addr)]
    pub addr: SocketAddr,
    /// Largest request body in bytes (413 above).
    #[arg(long, default_value_t = ServeConfig::default().body_limit, value_name = "BYTES")]
    pub body_limit: usize,
    /// Per-request deadline in seconds (408 / 503 past it).
    #[arg(long, default_value_t = ServeConfig::default().timeout.as_secs(), value_name = "SECS")]
    pub timeout: u64,
    /// Most seconds a batch spends on its records; the rest get error lines.
    #[arg(long, default_value_t = ServeConfig::default().batch_timeout.as_secs(), value_name = "SECS")]
    pub batch_timeout: u64,
    /// Seconds for a request head to arrive (also the idle limit of kept-alive connections).
    #[arg(long, default_value_t = ServeConfig::default().header_timeout.as_secs(), value_name = "SECS")]
    pub header_timeout: u64,
    /// Seconds a client may accept no response bytes before its connection is closed.
    #[arg(long, default_value_t = ServeConfig::default().io_timeout.as_secs(), value_name = "SECS")]
    pub io_timeout: u64,
    /// Most open connections; at the limit the longest-idle one is closed for a new one
    /// (default: the open-files limit less 64, at most 4096).
    #[arg(long)]
    pub max_connections: Option<usize>,
    /// API requests in progress at once (default 4 × cores).
    #[arg(long)]
    pub max_concurrency: Option<usize>,
    /// API requests allowed to wait for a slot before 503 (default 64 × cores).
    #[arg(long)]
    pub max_queue: Option<usize>,
    /// Allow this CORS origin (repeatable; `*` for any). CORS is off without it.
    #[arg(long = "cors-origin", value_name = "ORIGIN")]
    pub cors_origins: Vec<String>,
    /// Accept `{"url": …}` on POST /v1/summarize and batch lines, and serve POST
    /// /v1/summarize/feed (a feed's or sitemap's items fetched and summarized): the server
    /// fetches pages within the request deadline. Loopback, private, link-local and metadata
    /// addresses are refused (checked after DNS resolution and on every redirect).
    #[arg(long)]
    pub fetch_urls: bool,
    /// With --fetch-urls: allow loopback, private, link-local and metadata addresses too.
    #[arg(long, requires = "fetch_urls")]
    pub allow_private_urls: bool,
    /// Log level: error, warn, info, debug, trace.
    #[arg(long, default_value = "info", env = "PRECIS_LOG")]
    pub log: String,
}

pub fn run(a: Args) -> anyhow::Result<ExitCode> {
    precis_server::init_logging(&a.log);
    let d = ServeConfig::default();
    precis_server::run(ServeConfig {
        addr: a.addr,
        body_limit: a.body_limit,
        timeout: Duration::from_secs(a.timeout),
        batch_timeout: Duration::from_secs(a.batch_timeout),
        header_timeout: Duration::from_secs(a.header_timeout),
        io_timeout: Duration::from_secs(a.io_timeout),
        max_connections: a.max_connections.unwrap_or(d.max_connections),
        max_concurrency: a.max_concurrency.unwrap_or(d.max_concurrency),
        max_queue: a.max_queue.unwrap_or(d.max_queue),
        cors_origins: a.cors_origins,
        fetch_urls: a.fetch_urls,
        allow_private_urls: a.allow_private_urls,
    })?;
    Ok(ExitCode::SUCCESS)
}
