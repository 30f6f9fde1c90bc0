//! Streaming over files, directories and stdin: [`read_inputs`] and [`Records`].

use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::document::{self, looks_binary, parse_document_bytes, RecordFields};
use crate::{Article, InputFormat, ReadOptions, RecordError};

const BUF_BYTES: usize = 64 * 1024;
const MAX_DIR_DEPTH: usize = 64;

/// All records of all inputs, in order: files in the order given; directories walked
/// recursively in sorted path order (hidden files and directories skipped); "-" = stdin.
/// A file-level problem (unreadable, not UTF-8, binary, empty) is one `Err` item for that
/// file; a record-level problem is one `Err` item for that record. The stream always goes on.
pub fn read_inputs(inputs: &[PathBuf], opts: &ReadOptions) -> Records {
    Records {
        queue: inputs.iter().map(|p| Input::Path(p.clone())).collect(),
        current: None,
        opts: opts.clone(),
    }
}

/// Iterator over the records of [`read_inputs`]. Streams: at most one record (bounded by
/// [`ReadOptions::max_record_bytes`]) is held in memory at a time.
pub struct Records {
    queue: VecDeque<Input>,
    current: Option<Source>,
    opts: ReadOptions,
}

enum Input {
    Path(PathBuf),
    Error(RecordError),
    /// A record already read (a feed item).
    Ready(Box<Result<Article, RecordError>>),
}

enum Source {
    Jsonl(Box<JsonlSource>),
    Csv(Box<CsvSource>),
}

impl Iterator for Records {
    type Item = Result<Article, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(src) = self.current.as_mut() {
                let item = match src {
                    Source::Jsonl(s) => s.next_record(&self.opts),
                    Source::Csv(s) => s.next_record(&self.opts),
                };
                match item {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            match self.queue.pop_front()? {
                Input::Error(e) => return Some(Err(e)),
                Input::Ready(item) => return Some(*item),
                Input::Path(p) => {
                    if let Some(item) = self.open(&p) {
                        return Some(item);
                    }
                }
            }
        }
    }
}

impl Records {
    /// Open one input. Returns an item for single-document files and errors; sets
    /// `self.current` (and returns `None`) for datasets; queues directory entries.
    fn open(&mut self, path: &Path) -> Option<Result<Article, RecordError>> {
        if path.as_os_str() == "-" {
            let reader: Box<dyn Read + Send> = Box::new(io::stdin());
            return self.open_reader("<stdin>", "stdin", "stdin", reader, None);
        }
        let source = path.display().to_string();
        let meta = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(e) => {
                return Some(Err(RecordError::file(
                    &source,
                    io_message("cannot read", &e),
                )))
            }
        };
        if meta.is_dir() {
            let (files, errors) = list_files(path);
            if files.is_empty() && errors.is_empty() {
                return Some(Err(RecordError::file(
                    &source,
                    "directory has no readable files (hidden files are skipped)",
                )));
            }
            let mut items: Vec<Input> = errors.into_iter().map(Input::Error).collect();
            items.extend(files.into_iter().map(Input::Path));
            for it in items.into_iter().rev() {
                self.queue.push_front(it);
            }
            return None;
        }
        let file = match std::fs::File::open(path) {
            Ok(f) => f,
            Err(e) => {
                return Some(Err(RecordError::file(
                    &source,
                    io_message("cannot open", &e),
                )))
            }
        };
        let name = path
            .file_name()
            .map_or_else(|| source.clone(), |n| n.to_string_lossy().into_owned());
        let stem = path
            .file_stem()
            .map_or_else(|| name.clone(), |n| n.to_string_lossy().into_owned());
        self.open_reader(
            &source,
            &name,
            &stem,
            Box::new(file),
            InputFormat::from_extension(path),
        )
    }

    fn open_reader(
        &mut self,
        source: &str,
        name: &str,
        stem: &str,
        reader: Box<dyn Read + Send>,
        ext_format: Option<InputFormat>,
    ) -> Option<Result<Article, RecordError>> {
        let opts = &self.opts;
        let mut br = BufReader::with_capacity(BUF_BYTES, reader);
        let head = match br.fill_buf() {
            Ok(h) => h,
            Err(e) => {
                return Some(Err(RecordError::file(
                    source,
                    io_message("cannot read", &e),
                )))
            }
        };
        if let Some(why) = crate::sniff::refuse_reason(head) {
            return Some(Err(RecordError::file(source, why)));
        }
        let format = opts.format.or(ext_format).or_else(|| {
            let first = head.iter().find(|b| !b.is_ascii_whitespace());
            if crate::feed::sniff_feed(head).is_some() {
                Some(InputFormat::Feed)
            } else if first == Some(&b'{') {
                Some(InputFormat::Jsonl)
            } else if document::looks_like_html(head) {
                Some(InputFormat::Html)
            } else {
                None
            }
        });
        match format {
            Some(InputFormat::Jsonl) | Some(InputFormat::Csv) => {
                if head.is_empty() {
                    return Some(Err(RecordError::file(source, "empty file")));
                }
                if looks_binary(head) {
                    return Some(Err(RecordError::file(
                        source,
                        "binary file (NUL bytes or control characters), not text",
                    )));
                }
                if format == Some(InputFormat::Jsonl) {
                    self.current = Some(Source::Jsonl(Box::new(JsonlSource {
                        source: source.to_string(),
                        name: name.to_string(),
                        reader: br,
                        buf: Vec::new(),
                        line: 0,
                        seen: false,
                        done: false,
                    })));
                    None
                } else {
                    match CsvSource::new(source, name, br, opts) {
                        Ok(src) => {
                            self.current = Some(Source::Csv(Box::new(src)));
                            None
                        }
                        Err(e) => Some(Err(e)),
                    }
                }
            }
            _ => {
                let max = opts.max_record_bytes;
                let mut bytes = Vec::new();
                let limit = u64::try_from(max).unwrap_or(u64::MAX).saturating_add(1);
                if let Err(e) = br.by_ref().take(limit).read_to_end(&mut bytes) {
                    return Some(Err(RecordError::file(
                        source,
                        io_message("cannot read", &e),
                    )));
                }
                if bytes.len() > max {
                    return Some(Err(RecordError::file(
                        source,
                        format!("file is larger than the limit of {max} bytes (max_record_bytes)"),
                    )));
                }
                if format == Some(InputFormat::Feed) {
                    return self.open_feed(source, &bytes);
                }
                if format == Some(InputFormat::Html) {
                    return Some(document::parse_html_bytes(source, stem, &bytes, opts));
                }
                Some(parse_document_bytes(source, stem, &bytes, format, opts))
            }
        }
    }
}

impl Records {
    /// Queues one record per item of a feed or sitemap (their own content: nothing is
    /// fetched here) and returns the first.
    fn open_feed(&mut self, source: &str, bytes: &[u8]) -> Option<Result<Article, RecordError>> {
        let feed = match crate::feed::parse_feed(bytes, None) {
            Ok(f) => f,
            Err(e) => return Some(Err(RecordError::file(source, e))),
        };
        if feed.items.is_empty() {
            return Some(Err(RecordError::file(
                source,
                format!("the {} has no items", feed.kind.name()),
            )));
        }
        let items: Vec<Input> = feed
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                Input::Ready(Box::new(crate::feed::item_article(
                    item,
                    feed.kind,
                    source,
                    i + 1,
                    &self.opts,
                )))
            })
            .collect();
        for it in items.into_iter().rev() {
            self.queue.push_front(it);
        }
        None
    }
}

fn io_message(what: &str, e: &io::Error) -> String {
    format!("{what}: {e}")
}

/// The files under `dir`, recursively, sorted by path, hidden entries skipped; plus an error
/// for each entry that could not be read.
pub fn list_files(dir: &Path) -> (Vec<PathBuf>, Vec<RecordError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    walk(dir, 0, &mut files, &mut errors);
    (files, errors)
}

/// Collect the files under `dir`, recursively, sorted by path, skipping hidden entries.
fn walk(dir: &Path, depth: usize, files: &mut Vec<PathBuf>, errors: &mut Vec<RecordError>) {
    let source = dir.display().to_string();
    if depth > MAX_DIR_DEPTH {
        errors.push(RecordError::file(
            &source,
            "directories nested too deeply (symlink loop?)",
        ));
        return;
    }
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            errors.push(RecordError::file(
                &source,
                io_message("cannot read directory", &e),
            ));
            return;
        }
    };
    let mut entries: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        match std::fs::metadata(&p) {
            Ok(m) if m.is_dir() => walk(&p, depth + 1, files, errors),
            Ok(_) => files.push(p),
            Err(e) => errors.push(RecordError::file(
                &p.display().to_string(),
                io_message("cannot read", &e),
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------
// JSONL
// ---------------------------------------------------------------------------------------

struct JsonlSource {
    source: String,
    name: String,
    reader: BufReader<Box<dyn Read + Send>>,
    buf: Vec<u8>,
    line: u64,
    seen: bool,
    done: bool,
}

enum LineRead {
    Eof,
    Line,
    TooLong(u64),
}

/// Read one line into `buf` (without the newline), keeping at most `max` bytes: a longer
/// line is skipped to its newline without being buffered.
fn read_line_bounded<R: BufRead>(r: &mut R, buf: &mut Vec<u8>, max: usize) -> io::Result<LineRead> {
    buf.clear();
    let mut total: u64 = 0;
    let mut too_long = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(a) => a,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok(if total == 0 {
                LineRead::Eof
            } else if too_long {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
        let (chunk, used, end) = match avail.iter().position(|&b| b == b'\n') {
            Some(i) => (&avail[..i], i + 1, true),
            None => (avail, avail.len(), false),
        };
        total += used as u64;
        if !too_long {
            if buf.len() + chunk.len() > max {
                too_long = true;
                buf.clear();
                buf.shrink_to(BUF_BYTES);
            } else {
                buf.extend_from_slice(chunk);
            }
        }
        r.consume(used);
        if end {
            return Ok(if too_long {
                LineRead::TooLong(total)
            } else {
                LineRead::Line
            });
        }
    }
}

impl JsonlSource {
    fn next_record(&mut self, opts: &ReadOptions) -> Option<Result<Article, RecordError>> {
        loop {
            if self.done {
                return None;
            }
            let read = read_line_bounded(&mut self.reader, &mut self.buf, opts.max_record_bytes);
            let line_no = self.line + 1;
            let err = |message: String| RecordError {
                source: self.source.clone(),
                line: Some(line_no),
                id: None,
                field: None,
                message,
            };
            match read {
                Err(e) => {
                    self.done = true;
                    return Some(Err(err(io_message(
                        "read error; the rest of the file is skipped",
                        &e,
                    ))));
                }
                Ok(LineRead::Eof) => {
                    self.done = true;
                    if !self.seen {
                        return Some(Err(RecordError::file(
                            &self.source,
                            "empty file (no JSON lines)",
                        )));
                    }
                    return None;
                }
                Ok(LineRead::TooLong(n)) => {
                    self.line = line_no;
                    self.seen = true;
                    return Some(Err(err(format!(
                        "line is {n} bytes, longer than the limit of {} bytes (max_record_bytes); skipped",
                        opts.max_record_bytes
                    ))));
                }
                Ok(LineRead::Line) => {
                    self.line = line_no;
                }
            }
            let bytes = self.buf.trim_ascii();
            if bytes.is_empty() {
                continue;
            }
            self.seen = true;
            let text = match std::str::from_utf8(bytes) {
                Ok(t) => t,
                Err(e) => {
                    return Some(Err(err(format!(
                        "invalid UTF-8 at byte {} of the line",
                        e.valid_up_to()
                    ))))
                }
            };
            let value: serde_json::Value = match serde_json::from_str(text) {
                Ok(v) => v,
                Err(e) => {
                    let mut msg = format!("invalid JSON: {}", json_error_message(&e));
                    if text.starts_with('[') {
                        msg.push_str(" (expected one JSON object per line, not an array)");
                    }
                    return Some(Err(err(msg)));
                }
            };
            let source = &self.source;
            let mk = |id: Option<String>, field: Option<&str>, message: String| RecordError {
                source: source.clone(),
                line: Some(line_no),
                id,
                field: field.map(str::to_string),
                message,
            };
            let fallback = format!("{}:{}", self.name, line_no);
            return Some(document::json_record(value, fallback, &mk, opts));
        }
    }
}

/// serde_json's message with "at line 1 column N" shortened to "at column N".
fn json_error_message(e: &serde_json::Error) -> String {
    let s = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match s.strip_suffix(&suffix) {
        Some(head) if e.line() <= 1 => format!("{head} at column {}", e.column()),
        _ => s,
    }
}

// ---------------------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------------------

/// A reader that fails once more than `max` bytes were read since the last `reset`:
/// it bounds the memory of one CSV record.
struct Limited<R> {
    inner: R,
    count: usize,
    max: usize,
}

impl<R: Read> Read for Limited<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.count > self.max {
            return Err(io::Error::other("record too long"));
        }
        let n = self.inner.read(buf)?;
        self.count = self.count.saturating_add(n);
        Ok(n)
    }
}

struct CsvSource {
    source: String,
    name: String,
    reader: csv::Reader<Limited<BufReader<Box<dyn Read + Send>>>>,
    text_col: usize,
    id_col: Option<usize>,
    ref_col: Option<usize>,
    sys_col: Option<usize>,
    /// Columns of `ReadOptions::fields` (None: the header lacks it).
    field_cols: Vec<Option<usize>>,
    record: csv::ByteRecord,
    seen: bool,
    done: bool,
}

impl CsvSource {
    fn new(
        source: &str,
        name: &str,
        br: BufReader<Box<dyn Read + Send>>,
        opts: &ReadOptions,
    ) -> Result<CsvSource, RecordError> {
        let limited = Limited {
            inner: br,
            count: 0,
            // Slack for csv's own read-ahead buffer.
            max: opts.max_record_bytes.saturating_add(2 * BUF_BYTES),
        };
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(true)
            .from_reader(limited);
        let headers = reader
            .byte_headers()
            .map_err(|e| RecordError::file(source, format!("cannot read the CSV header: {e}")))?
            .clone();
        reader.get_mut().count = 0;
        let names: Vec<String> = headers
            .iter()
            .map(|h| {
                String::from_utf8_lossy(h)
                    .trim()
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect();
        let col = |f: &str| names.iter().position(|n| n == f);
        let text_col = col(&opts.text_field).ok_or_else(|| {
            RecordError::file(
                source,
                format!(
                    "the CSV header has no column `{}` (columns: {})",
                    opts.text_field,
                    names.join(", ")
                ),
            )
        })?;
        Ok(CsvSource {
            source: source.to_string(),
            name: name.to_string(),
            text_col,
            id_col: col(&opts.id_field),
            ref_col: col(&opts.reference_field),
            sys_col: opts.systems_field.as_deref().and_then(col),
            field_cols: opts.fields.iter().map(|f| col(f)).collect(),
            reader,
            record: csv::ByteRecord::new(),
            seen: false,
            done: false,
        })
    }

    fn next_record(&mut self, opts: &ReadOptions) -> Option<Result<Article, RecordError>> {
        if self.done {
            return None;
        }
        self.reader.get_mut().count = 0;
        let read = self.reader.read_byte_record(&mut self.record);
        let line = self.record.position().map(|p| p.line());
        let err = |message: String| RecordError {
            source: self.source.clone(),
            line,
            id: None,
            field: None,
            message,
        };
        match read {
            Ok(false) => {
                self.done = true;
                if !self.seen {
                    return Some(Err(RecordError::file(
                        &self.source,
                        "empty file (no CSV records)",
                    )));
                }
                return None;
            }
            Ok(true) => {}
            Err(e) => {
                self.seen = true;
                if let csv::ErrorKind::Io(_) = e.kind() {
                    self.done = true;
                    return Some(Err(err(format!(
                        "record longer than the limit of {} bytes (max_record_bytes) or unreadable ({e}); the rest of this CSV file is skipped",
                        opts.max_record_bytes
                    ))));
                }
                return Some(Err(err(format!("invalid CSV: {e}"))));
            }
        }
        self.seen = true;
        let line = line.unwrap_or(0);
        let source = &self.source;
        let mk = |id: Option<String>, field: Option<&str>, message: String| RecordError {
            source: source.clone(),
            line: Some(line),
            id,
            field: field.map(str::to_string),
            message,
        };
        let cell = |i: Option<usize>, field: &str| -> Result<Option<String>, RecordError> {
            match i.and_then(|i| self.record.get(i)) {
                None => Ok(None),
                Some(b) => std::str::from_utf8(b)
                    .map(|s| Some(s.to_string()))
                    .map_err(|e| {
                        mk(
                            None,
                            Some(field),
                            format!("field `{field}`: invalid UTF-8 at byte {}", e.valid_up_to()),
                        )
                    }),
            }
        };
        let result = (|| {
            let id = cell(self.id_col, &opts.id_field)?
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty());
            let tf = opts.text_field.as_str();
            let text = match cell(Some(self.text_col), tf) {
                Ok(Some(t)) => t,
                Ok(None) => return Err(mk(id, Some(tf), format!("field `{tf}` is missing"))),
                Err(mut e) => {
                    e.id = id;
                    return Err(e);
                }
            };
            let reference = cell(self.ref_col, &opts.reference_field)?
                .and_then(|s| document::split_reference(&s));
            let mut systems = Vec::new();
            if let Some(sf) = opts.systems_field.as_deref() {
                if let Some(s) = cell(self.sys_col, sf)? {
                    systems = document::parse_systems_str(&s).ok_or_else(|| {
                        mk(
                            id.clone(),
                            Some(sf),
                            format!("field `{sf}` must be a JSON or Python dict of strings"),
                        )
                    })?;
                }
            }
            let mut fields = Vec::with_capacity(opts.fields.len());
            for (name, &c) in opts.fields.iter().zip(&self.field_cols) {
                let value = cell(c, name)?;
                fields.push(document::check_field(&id, name, value, &mk)?);
            }
            document::record_article(
                RecordFields {
                    id,
                    text,
                    reference,
                    systems,
                    fields,
                },
                format!("{}:{}", self.name, line),
                &mk,
                opts,
            )
        })();
        Some(result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_lines() {
        let data = b"short\nthis line is long\n\nlast";
        let mut r = BufReader::with_capacity(4, &data[..]);
        let mut buf = Vec::new();
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8),
            Ok(LineRead::Line)
        ));
        assert_eq!(buf, b"short");
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8),
            Ok(LineRead::TooLong(18))
        ));
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8),
            Ok(LineRead::Line)
        ));
        assert!(buf.is_empty());
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8),
            Ok(LineRead::Line)
        ));
        assert_eq!(buf, b"last");
        assert!(matches!(
            read_line_bounded(&mut r, &mut buf, 8),
            Ok(LineRead::Eof)
        ));
    }

    #[test]
    fn json_error_column() {
        let e = serde_json::from_str::<serde_json::Value>("{\"a\": 1 \"b\"}").unwrap_err();
        assert_eq!(json_error_message(&e), "expected `,` or `}` at column 9");
    }
}
