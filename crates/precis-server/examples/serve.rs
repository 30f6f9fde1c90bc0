//! Runs the precis server: `cargo run --example serve -p precis-server -- --addr 127.0.0.1:8080`.
//!
//! Flags: `--addr ADDR`, `--max-concurrency N`, `--max-queue N`, `--timeout-ms MS`, `--body-limit BYTES`,
//! `--cors ORIGIN` (repeatable), `--log LEVEL` (default `info`).

use std::time::Duration;

use anyhow::{bail, Context};
use precis_server::ServeConfig;

fn main() -> anyhow::Result<()> {
    let mut cfg = ServeConfig::default();
    let mut log = "info".to_string();
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--addr" => cfg.addr = value()?.parse().context("--addr")?,
            "--max-concurrency" => cfg.max_concurrency = value()?.parse().context("--max-concurrency")?,
            "--max-queue" => cfg.max_queue = value()?.parse().context("--max-queue")?,
            "--timeout-ms" => cfg.timeout = Duration::from_millis(value()?.parse().context("--timeout-ms")?),
            "--body-limit" => cfg.body_limit = value()?.parse().context("--body-limit")?,
            "--cors" => cfg.cors_origins.push(value()?),
            "--log" => log = value()?,
            _ => bail!("unknown flag {flag} (expected --addr, --max-concurrency, --max-queue, --timeout-ms, --body-limit, --cors, --log)"),
        }
    }
    precis_server::init_logging(&log);
    precis_server::run(cfg)
}
