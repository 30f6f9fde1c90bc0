//! Ordered parallel batch processing: stream items in, map them on a rayon pool chunk by chunk,
//! hand the results out in input order. Memory stays flat (at most three chunks in flight) and
//! the output is the same at any thread count because results are written in input order.

use std::io::{IsTerminal, Write};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use rayon::prelude::*;
use serde::Serialize;

use crate::summarize::Format;

/// Items mapped per parallel step.
const CHUNK: usize = 256;

/// Whether the writer wants more results.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    Stop,
}

/// Options every batch command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Worker threads (0 = one per core).
    #[arg(short = 'j', long, default_value_t = 0)]
    pub threads: usize,
    /// Stop at the first bad record (exit code 1).
    #[arg(long)]
    pub strict: bool,
    /// No progress bar.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Exit code of a batch run: 1 when any record failed.
pub fn exit_code(failed: usize) -> std::process::ExitCode {
    if failed > 0 {
        std::process::ExitCode::from(1)
    } else {
        std::process::ExitCode::SUCCESS
    }
}

/// Reports one failed record: on stderr (above the progress bar), and as a
/// `{"id", "error"}` line ([`precis::RecordFailure`]) in `sink` when there is one. Returns
/// whether to go on (`--strict` stops).
pub fn report_failure(
    progress: &ProgressBar,
    sink: Option<&mut crate::output::Output>,
    id: Option<&str>,
    msg: &str,
    strict: bool,
) -> Result<Flow> {
    report_failure_as(
        progress,
        sink,
        msg,
        || precis::RecordFailure { id, error: msg }.to_json_line(),
        strict,
    )
}

/// [`report_failure`] with the record's own failure line (`line()`, written to `sink`).
pub fn report_failure_as(
    progress: &ProgressBar,
    sink: Option<&mut crate::output::Output>,
    msg: &str,
    line: impl FnOnce() -> String,
    strict: bool,
) -> Result<Flow> {
    progress.suspend(|| eprintln!("precis: error: {msg}"));
    if let Some(out) = sink {
        writeln!(out, "{}", line())?;
    }
    Ok(if strict { Flow::Stop } else { Flow::Continue })
}

/// Writes output records in one of the output formats: text (records apart by a blank line,
/// each under a `# name` header when there are `many`), JSON (one pretty object, or an array
/// of them when `many`), JSONL (one line each).
pub struct RecordWriter {
    /// Where records go (failure lines of JSONL output too).
    pub out: crate::output::Output,
    format: Format,
    many: bool,
    first: bool,
}

impl RecordWriter {
    /// Starts the output (the `[` of a JSON array).
    pub fn begin(
        mut out: crate::output::Output,
        format: Format,
        many: bool,
    ) -> Result<RecordWriter> {
        if format == Format::Json && many {
            out.write_all(b"[\n")?;
        }
        Ok(RecordWriter {
            out,
            format,
            many,
            first: true,
        })
    }

    /// One record: `item` as JSON, or `text` writing it as text under the header `name`.
    pub fn write<T: Serialize>(
        &mut self,
        name: &str,
        item: &T,
        text: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<()> {
        let out = &mut self.out;
        match self.format {
            Format::Text => {
                if !self.first {
                    writeln!(out)?;
                }
                if self.many {
                    writeln!(out, "# {name}")?;
                }
                text(out)?;
            }
            Format::Json => {
                if self.many && !self.first {
                    out.write_all(b",\n")?;
                }
                out.write_all(serde_json::to_string_pretty(item)?.as_bytes())?;
                if !self.many {
                    out.write_all(b"\n")?;
                }
            }
            Format::Jsonl => writeln!(out, "{}", serde_json::to_string(item)?)?,
        }
        self.first = false;
        Ok(())
    }

    /// Ends the output (the `]` of a JSON array) and flushes it.
    pub fn finish(mut self) -> Result<()> {
        if self.format == Format::Json && self.many {
            self.out.write_all(b"\n]\n")?;
        }
        self.out.finish()?;
        Ok(())
    }

    /// Ends a batch of `n_ok` written and `n_err` failed records: no records at all is an
    /// error; the output is finished when something was written (or JSONL holds the failure
    /// lines), else dropped, so an existing `-o` file stays as it was (the temporary file is
    /// removed); failures are counted on stderr (when there was more than one record) and
    /// give exit code 1.
    pub fn end(self, n_ok: usize, n_err: usize, strict: bool) -> Result<std::process::ExitCode> {
        if n_ok == 0 && n_err == 0 {
            anyhow::bail!("no input records");
        }
        if n_ok > 0 || self.format == Format::Jsonl {
            self.finish()?;
        } else {
            drop(self);
        }
        if n_err > 0 {
            if strict {
                eprintln!("precis: stopped at the first bad record (--strict)");
            } else if n_ok + n_err > 1 {
                eprintln!("precis: {n_err} of {} records failed", n_ok + n_err);
            }
        }
        Ok(exit_code(n_err))
    }
}

/// A rayon pool with `threads` threads (0 = one per core).
pub fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .thread_name(|i| format!("precis-{i}"))
        .build()
        .context("cannot start worker threads")
}

/// A progress spinner on stderr when it is a terminal and `enabled`; hidden otherwise.
pub fn progress(enabled: bool, what: &'static str) -> ProgressBar {
    if !enabled || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new_spinner();
    let style = ProgressStyle::with_template(&format!(
        "{{spinner}} {{human_pos}} {what} [{{elapsed_precise}}, {{per_sec}}]"
    ))
    .unwrap_or_else(|_| ProgressStyle::default_spinner());
    pb.set_style(style);
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// Maps `items` with `f` on `pool`, calling `write` with each result in input order.
pub fn run_ordered<I, T, R, F, W>(
    items: I,
    pool: &rayon::ThreadPool,
    progress: &ProgressBar,
    f: F,
    mut write: W,
) -> Result<()>
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync,
    W: FnMut(R) -> Result<Flow>,
{
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::sync_channel::<Vec<T>>(2);
        let reader = scope.spawn(move || {
            let mut chunk = Vec::with_capacity(CHUNK);
            for item in items {
                chunk.push(item);
                if chunk.len() == CHUNK {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(CHUNK));
                    if tx.send(full).is_err() {
                        return;
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = tx.send(chunk);
            }
        });
        let mut outcome = Ok(());
        'chunks: for chunk in rx.iter() {
            let results: Vec<R> = pool.install(|| chunk.into_par_iter().map(&f).collect());
            let n = results.len() as u64;
            for r in results {
                match write(r) {
                    Ok(Flow::Continue) => {}
                    Ok(Flow::Stop) => break 'chunks,
                    Err(e) => {
                        outcome = Err(e);
                        break 'chunks;
                    }
                }
            }
            progress.inc(n);
        }
        // Dropping the receiver makes a blocked reader stop.
        drop(rx);
        if reader.join().is_err() {
            outcome = outcome.and(Err(anyhow::anyhow!("the input reader thread failed")));
        }
        progress.finish_and_clear();
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_at_any_thread_count() {
        for threads in [1, 2, 4] {
            let pool = pool(threads).unwrap();
            let mut got = Vec::new();
            run_ordered(
                0..1000u32,
                &pool,
                &ProgressBar::hidden(),
                |x| x * 2,
                |r| {
                    got.push(r);
                    Ok(Flow::Continue)
                },
            )
            .unwrap();
            assert_eq!(got, (0..1000).map(|x| x * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn stops_when_asked() {
        let pool = pool(2).unwrap();
        let mut got = Vec::new();
        run_ordered(
            0..10_000u32,
            &pool,
            &ProgressBar::hidden(),
            |x| x,
            |r| {
                got.push(r);
                Ok(if r == 300 { Flow::Stop } else { Flow::Continue })
            },
        )
        .unwrap();
        assert_eq!(got.len(), 301);
    }
}
