//! Where results go: standard output, or a file written whole or not at all.
//!
//! A file given with `-o`/`--output` (and the other file outputs) is written to a temporary
//! file beside it (`.NAME.precis-PID-N.tmp`) and renamed over `NAME` only when the command has
//! written everything: a run that fails or is interrupted leaves an existing `NAME` as it was
//! (and, if killed outright, a `.tmp` file behind). Targets that are not regular files
//! (`/dev/stdout`, a FIFO, `/dev/null`) are written directly. Every write error names the
//! destination and is an [`OutputError`]: the binary exits with status 3 for it (1 is "a record
//! failed", 2 a usage error).

use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A failed write (or create, or rename) of an output, naming it.
#[derive(Debug, thiserror::Error)]
#[error("cannot {action} {name}: {source}")]
pub struct OutputError {
    /// What was being done: "write", "create", "replace".
    pub action: &'static str,
    /// The file, or "standard output".
    pub name: String,
    /// The OS error.
    #[source]
    pub source: io::Error,
}

/// Whether `err` (or anything in its chain) is an [`OutputError`].
pub fn is_output_error(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<OutputError>().is_some()
            || e.downcast_ref::<io::Error>()
                .and_then(|io| io.get_ref())
                .is_some_and(|inner| inner.downcast_ref::<OutputError>().is_some())
    })
}

/// An output being written; call [`Output::finish`] when everything is written.
pub struct Output {
    inner: Option<BufWriter<Box<dyn Write + Send>>>,
    name: String,
    /// (temporary file, final path) when writing through a temporary file.
    rename: Option<(PathBuf, PathBuf)>,
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

impl Output {
    /// Standard output.
    pub fn stdout() -> Output {
        Output {
            inner: Some(BufWriter::new(Box::new(io::stdout()))),
            name: "standard output".to_string(),
            rename: None,
        }
    }

    /// `path` (`-` = standard output).
    pub fn create(path: &Path) -> Result<Output, OutputError> {
        if path == Path::new("-") {
            return Ok(Output::stdout());
        }
        let name = path.display().to_string();
        let err = |action, source| OutputError {
            action,
            name: name.clone(),
            source,
        };
        match fs::metadata(path) {
            // A device, FIFO or other special file: write it directly.
            Ok(meta) if !meta.is_file() => {
                let f = OpenOptions::new()
                    .write(true)
                    .open(path)
                    .map_err(|e| err("open", e))?;
                return Ok(Output {
                    inner: Some(BufWriter::new(Box::new(f))),
                    name,
                    rename: None,
                });
            }
            _ => {}
        }
        // Through a symbolic link, replace the file it points to, not the link.
        let target = fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = match target.parent() {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let file_name = target
            .file_name()
            .map_or_else(|| "output".into(), |n| n.to_string_lossy().into_owned());
        let (temp, f) = loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!(
                ".{file_name}.precis-{}-{n}.tmp",
                std::process::id()
            ));
            match OpenOptions::new().write(true).create_new(true).open(&temp) {
                Ok(f) => break (temp, f),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(err("create", e)),
            }
        };
        if let Ok(meta) = fs::metadata(&target) {
            let _ = fs::set_permissions(&temp, meta.permissions());
        }
        Ok(Output {
            inner: Some(BufWriter::new(Box::new(f) as Box<dyn Write + Send>)),
            name,
            rename: Some((temp, target)),
        })
    }

    /// `Some(path)` as [`Output::create`], `None` as standard output.
    pub fn open(path: Option<&Path>) -> Result<Output, OutputError> {
        match path {
            Some(p) => Output::create(p),
            None => Ok(Output::stdout()),
        }
    }

    fn wrap(&self, action: &'static str, e: io::Error) -> io::Error {
        if e.kind() == io::ErrorKind::BrokenPipe {
            return e;
        }
        io::Error::new(
            e.kind(),
            OutputError {
                action,
                name: self.name.clone(),
                source: e,
            },
        )
    }

    /// Flushes everything and, for a file, moves it into place.
    pub fn finish(mut self) -> Result<(), OutputError> {
        let name = self.name.clone();
        let mut w = match self.inner.take() {
            Some(w) => w,
            None => return Ok(()),
        };
        let fail = |action, source| OutputError {
            action,
            name: name.clone(),
            source,
        };
        w.flush().map_err(|e| fail("write", e))?;
        let inner = w.into_inner().map_err(|e| fail("write", e.into_error()))?;
        drop(inner);
        if let Some((temp, target)) = self.rename.take() {
            if let Err(e) = fs::rename(&temp, &target) {
                let _ = fs::remove_file(&temp);
                return Err(fail("replace", e));
            }
        }
        Ok(())
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self.inner.as_mut() {
            Some(w) => w.write(buf).map_err(|e| self.wrap("write", e)),
            None => Ok(buf.len()),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self.inner.as_mut() {
            Some(w) => w.write_all(buf).map_err(|e| self.wrap("write", e)),
            None => Ok(()),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self.inner.as_mut() {
            Some(w) => w.flush().map_err(|e| self.wrap("write", e)),
            None => Ok(()),
        }
    }
}

impl Drop for Output {
    /// Not finished (an error or an early return): the temporary file goes, the target stays.
    fn drop(&mut self) {
        if let Some((temp, _)) = self.rename.take() {
            drop(self.inner.take());
            let _ = fs::remove_file(temp);
        }
    }
}

/// Writes `text` to `path` whole or not at all (as [`Output`]).
pub fn write_file(path: &Path, text: &[u8]) -> Result<(), OutputError> {
    let mut out = Output::create(path)?;
    let name = out.name.clone();
    out.write_all(text).map_err(|e| OutputError {
        action: "write",
        name,
        source: e,
    })?;
    out.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_replaced_only_when_finished() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let p = dir.path().join("out.jsonl");
        fs::write(&p, "old\n").unwrap_or_else(|e| panic!("{e}"));
        {
            let mut o = Output::create(&p).unwrap_or_else(|e| panic!("{e}"));
            o.write_all(b"new, unfinished\n")
                .unwrap_or_else(|e| panic!("{e}"));
            // Dropped without finish: the old content stays, no temporary file is left.
        }
        assert_eq!(fs::read_to_string(&p).ok().as_deref(), Some("old\n"));
        assert_eq!(fs::read_dir(dir.path()).map(|d| d.count()).ok(), Some(1));
        let mut o = Output::create(&p).unwrap_or_else(|e| panic!("{e}"));
        o.write_all(b"new\n").unwrap_or_else(|e| panic!("{e}"));
        o.finish().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(fs::read_to_string(&p).ok().as_deref(), Some("new\n"));
        assert_eq!(fs::read_dir(dir.path()).map(|d| d.count()).ok(), Some(1));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_device_names_itself() {
        let mut o = Output::create(Path::new("/dev/full")).unwrap_or_else(|e| panic!("{e}"));
        let e = o.write_all(&[b'x'; 100_000]).err();
        let msg = e.map(|e| e.to_string()).unwrap_or_default();
        assert!(msg.contains("cannot write /dev/full"), "{msg}");
        let e: anyhow::Error = o
            .write_all(b"x")
            .and_then(|()| o.flush())
            .err()
            .map_or_else(|| anyhow::anyhow!("no error"), anyhow::Error::from);
        assert!(is_output_error(&e), "{e}");
        let any: anyhow::Error = OutputError {
            action: "write",
            name: "x".into(),
            source: io::Error::other("y"),
        }
        .into();
        assert!(is_output_error(&any));
    }
}
