//! The API handlers.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use precis::{Article, Budget, LangChoice, Method, Options, Order, RecordFailure, Summarizer};
use precis_ingest::{InputFormat, ReadOptions};
use precis_rouge::multilingual::Lang;
use precis_rouge::rouge155::{self, Summary};
use precis_rouge::RougeScorer;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::limits::{acquire, json_response, read_body, run_blocking, Cancel, Deadline, Permit};
use crate::{ApiError, AppState};

/// Fields accepted by `POST /v1/summarize` and by each batch line.
pub(crate) const SUMMARIZE_FIELDS: &[&str] = &[
    "text",
    "article",
    "html",
    "url",
    "method",
    "sentences",
    "words",
    "ratio",
    "order",
    "id",
    "include_text",
    "clean",
    "lang",
    "highlights",
];

/// Reference highlights: one string ("\n" between highlights) or a list.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum Reference {
    One(String),
    Many(Vec<String>),
}

impl Reference {
    fn into_lines(self) -> Vec<String> {
        let lines = match self {
            Reference::One(s) => s.lines().map(str::to_string).collect(),
            Reference::Many(v) => v,
        };
        lines
            .into_iter()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    }
}

/// How to summarize: request-level (query) settings, overridable per record.
#[derive(Debug, Clone, Default, Deserialize)]
pub(crate) struct Settings {
    method: Option<String>,
    sentences: Option<u64>,
    words: Option<u64>,
    ratio: Option<f64>,
    order: Option<String>,
    include_text: Option<bool>,
    clean: Option<bool>,
    lang: Option<String>,
}

impl Settings {
    /// `self` with `other`'s fields where set.
    fn overridden_by(&self, other: &Settings) -> Settings {
        // A record giving any length field replaces the whole budget of the request.
        let own_budget =
            other.sentences.is_some() || other.words.is_some() || other.ratio.is_some();
        Settings {
            method: other.method.clone().or_else(|| self.method.clone()),
            sentences: if own_budget {
                other.sentences
            } else {
                self.sentences
            },
            words: if own_budget { other.words } else { self.words },
            ratio: if own_budget { other.ratio } else { self.ratio },
            order: other.order.clone().or_else(|| self.order.clone()),
            include_text: other.include_text.or(self.include_text),
            clean: other.clean.or(self.clean),
            lang: other.lang.clone().or_else(|| self.lang.clone()),
        }
    }

    pub(crate) fn options(&self) -> Result<Options, ApiError> {
        let method = match &self.method {
            Some(m) => m.parse::<Method>().map_err(ApiError::bad_request)?,
            None => Method::default(),
        };
        let budget = match (self.sentences, self.words, self.ratio) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
                return Err(ApiError::bad_request(
                    "give at most one of `sentences`, `words` and `ratio`",
                ))
            }
            (Some(0), _, _) => return Err(ApiError::bad_request("`sentences` must be at least 1")),
            (Some(n), _, _) => Budget::Sentences(usize::try_from(n).unwrap_or(usize::MAX)),
            (_, Some(0), _) => return Err(ApiError::bad_request("`words` must be at least 1")),
            (_, Some(n), _) => Budget::Words(usize::try_from(n).unwrap_or(usize::MAX)),
            (_, _, Some(r)) if r > 0.0 && r <= 1.0 => Budget::Ratio(r),
            (_, _, Some(r)) => {
                return Err(ApiError::bad_request(format!(
                    "`ratio` must be in (0, 1], got {r}"
                )))
            }
            (None, None, None) => Budget::Auto,
        };
        let order = match self.order.as_deref() {
            None | Some("source") => Order::Source,
            Some("score") => Order::Score,
            Some(o) => {
                return Err(ApiError::bad_request(format!(
                    "unknown order `{o}` (expected source or score)"
                )))
            }
        };
        let lang = match self.lang.as_deref() {
            None => LangChoice::Auto,
            Some(l) => l.parse::<LangChoice>().map_err(ApiError::bad_request)?,
        };
        Ok(Options {
            method,
            budget,
            order,
            include_text: self.include_text.unwrap_or(false),
            clean: self.clean.unwrap_or(true),
            lang,
        })
    }
}

/// One article to summarize: the body of `POST /v1/summarize`, or one batch line.
#[derive(Debug, Deserialize)]
pub(crate) struct SummarizeRequest {
    #[serde(default, alias = "article")]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    /// A page to fetch (servers started with `--fetch-urls` only).
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    highlights: Option<Reference>,
    #[serde(flatten)]
    settings: Settings,
    #[serde(flatten)]
    unknown: BTreeMap<String, IgnoredAny>,
}

/// A validated job: the article source and the options.
#[derive(Debug)]
struct Job {
    id: String,
    source: Source,
    reference: Option<Vec<String>>,
    opts: Options,
}

#[derive(Debug)]
enum Source {
    Text(String),
    Html(String),
    Url(String),
}

impl SummarizeRequest {
    fn into_job(self, defaults: &Settings, default_id: &str) -> Result<Job, ApiError> {
        let opts = defaults.overridden_by(&self.settings).options()?;
        let source = match (self.text, self.html, self.url) {
            (Some(text), None, None) => Source::Text(text),
            (None, Some(html), None) => Source::Html(html),
            (None, None, Some(url)) => Source::Url(url),
            (None, None, None) => {
                return Err(ApiError::bad_request(
                    "missing the article: give `text` (plain text or .story) or `html`",
                ))
            }
            (Some(_), Some(_), None) => {
                return Err(ApiError::bad_request(
                    "give either `text` or `html`, not both",
                ))
            }
            _ => {
                return Err(ApiError::bad_request(
                    "give `url` alone, not with `text` or `html`",
                ))
            }
        };
        let id = self
            .id
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default_id.to_string());
        Ok(Job {
            id,
            source,
            reference: self.highlights.map(Reference::into_lines),
            opts,
        })
    }
}

impl Job {
    fn article(&self, fetcher: Option<&precis_fetch::Fetcher>) -> Result<Article, ApiError> {
        let read = ReadOptions {
            clean: self.opts.clean,
            lang: self.opts.lang,
            ..ReadOptions::default()
        };
        let (body, format, prefix) = match &self.source {
            Source::Text(text) => (text, None, ""),
            Source::Html(html) => (html, Some(InputFormat::Html), "html: "),
            Source::Url(url) => return self.fetched_article(url, fetcher, &read),
        };
        let mut article = precis_ingest::parse_document(&self.id, body.as_bytes(), format, &read)
            .map_err(|e| ApiError::unprocessable(format!("{prefix}{}", e.message)))?;
        if let Some(r) = &self.reference {
            article.reference = Some(r.clone());
        }
        Ok(article)
    }

    /// Fetches `url` (the guard refuses private addresses with 403 unless the server allows
    /// them; an upstream failure is 502) and reads the page.
    fn fetched_article(
        &self,
        url: &str,
        fetcher: Option<&precis_fetch::Fetcher>,
        read: &ReadOptions,
    ) -> Result<Article, ApiError> {
        let Some(fetcher) = fetcher else {
            return Err(ApiError::bad_request(
                "`url`: fetching URLs is off: start the server with --fetch-urls to summarize a `url`",
            ));
        };
        let f = fetcher
            .fetch(url)
            .map_err(|e| ApiError::new(crate::feeds::fetch_status(&e), format!("url: {e}")))?;
        if let Some(kind) = precis_ingest::feed::sniff_feed(&f.body) {
            return Err(ApiError::unprocessable(format!(
                "url {url}: a {}, not a page: POST /v1/summarize/feed summarizes its items",
                kind.name()
            )));
        }
        let page = precis_ingest::feed::FetchedPage {
            url,
            final_url: &f.final_url,
            status: f.status,
            content_type: f.content_type.as_deref(),
            body: &f.body,
            fetched_at: &f.fetched_at,
        };
        let mut article = precis_ingest::feed::fetched_article(&page, None, read)
            .map_err(|e| ApiError::unprocessable(format!("url {url}: {}", e.message)))?;
        article.id = self.id.clone();
        if let Some(r) = &self.reference {
            article.reference = Some(r.clone());
        }
        Ok(article)
    }

    /// Summarizes and renders one JSON object (no newline); stops after reading the article if
    /// `cancel` is set by then. `url` jobs fetch with `fetcher` (the server's, when
    /// `--fetch-urls`; `None` refuses them).
    fn run_with(
        self,
        cancel: &Cancel,
        fetcher: Option<&precis_fetch::Fetcher>,
    ) -> Result<Vec<u8>, ApiError> {
        let article = self.article(fetcher)?;
        cancel.check()?;
        let h = Summarizer::new(self.opts)
            .summarize_article(&article)
            .map_err(|e| ApiError::unprocessable(e.to_string()))?;
        serde_json::to_vec(&h).map_err(|e| ApiError::internal(e.to_string()))
    }
}

/// Parses a JSON body, naming the problem (with line and column) when it is malformed.
pub(crate) fn parse_json<T: for<'de> Deserialize<'de>>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "empty request body: expected a JSON object",
        ));
    }
    serde_json::from_slice(body).map_err(|e| ApiError::bad_request(format!("invalid JSON: {e}")))
}

pub(crate) fn reject_unknown(
    unknown: &BTreeMap<String, IgnoredAny>,
    known: &[&str],
) -> Result<(), ApiError> {
    match unknown.keys().next() {
        None => Ok(()),
        Some(k) => Err(ApiError::bad_request(format!(
            "unknown field `{k}` (expected one of: {})",
            known.join(", ")
        ))),
    }
}

/// The test hook's hold time (feature `test-hooks` only).
fn hold_of(_req: &Request) -> Option<std::time::Duration> {
    #[cfg(feature = "test-hooks")]
    return crate::limits::test_hold(_req.headers());
    #[cfg(not(feature = "test-hooks"))]
    None
}

fn hold(d: Option<std::time::Duration>) {
    if let Some(d) = d {
        std::thread::sleep(d);
    }
}

/// `POST /v1/summarize`: the body is read first, then a slot is taken for the work.
pub(crate) async fn summarize(
    State(state): State<Arc<AppState>>,
    Extension(Deadline(deadline)): Extension<Deadline>,
    req: Request,
) -> Result<Response, ApiError> {
    let held = hold_of(&req);
    let body = read_body(req, state.cfg.body_limit, deadline).await?;
    let r: SummarizeRequest = parse_json(&body)?;
    reject_unknown(&r.unknown, SUMMARIZE_FIELDS)?;
    let job = r.into_job(&Settings::default(), "request")?;
    if matches!(job.source, Source::Url(_)) && state.fetcher.is_none() {
        return Err(ApiError::bad_request(
            "fetching URLs is off: start the server with --fetch-urls to summarize a `url`",
        ));
    }
    let fetcher = state.fetcher.clone();
    let permit = acquire(&state, deadline).await?;
    let out = run_blocking(permit, deadline, move |cancel| {
        hold(held);
        job.run_with(cancel, fetcher.as_ref())
    })
    .await??;
    Ok(json_response(StatusCode::OK, out))
}

/// Fields accepted by `POST /v1/verify`.
pub(crate) const VERIFY_FIELDS: &[&str] = &[
    "text",
    "article",
    "html",
    "summary",
    "id",
    "include_text",
    "clean",
    "lang",
];

/// The body of `POST /v1/verify`: an article and a summary to check against it.
#[derive(Debug, Deserialize)]
pub(crate) struct VerifyRequest {
    #[serde(default, alias = "article")]
    text: Option<String>,
    #[serde(default)]
    html: Option<String>,
    #[serde(default)]
    summary: Option<Reference>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    include_text: Option<bool>,
    #[serde(default)]
    clean: Option<bool>,
    #[serde(default)]
    lang: Option<String>,
    #[serde(flatten)]
    unknown: BTreeMap<String, IgnoredAny>,
}

/// A validated verify request: the article as a summarize job (its reading is shared), the
/// summary and the options.
struct VerifyJob {
    article: Job,
    summary: String,
    opts: precis::verify::VerifyOptions,
}

impl VerifyRequest {
    fn into_job(self) -> Result<VerifyJob, ApiError> {
        reject_unknown(&self.unknown, VERIFY_FIELDS)?;
        let summary =
            match self.summary {
                None => return Err(ApiError::bad_request(
                    "missing `summary`: the summary to check (a string, or an array of sentences)",
                )),
                Some(Reference::One(s)) => s,
                Some(Reference::Many(v)) => v.join("\n"),
            };
        if summary.trim().is_empty() {
            return Err(ApiError::unprocessable("`summary`: the summary is empty"));
        }
        let settings = Settings {
            include_text: self.include_text,
            clean: self.clean,
            lang: self.lang,
            ..Settings::default()
        };
        let article = SummarizeRequest {
            text: self.text,
            html: self.html,
            id: self.id,
            highlights: None,
            // verify reads the article from the request only (no fetching)
            url: None,
            settings,
            unknown: BTreeMap::new(),
        }
        .into_job(&Settings::default(), "request")?;
        let opts = precis::verify::VerifyOptions {
            lang: article.opts.lang,
            clean: article.opts.clean,
            include_text: article.opts.include_text,
        };
        Ok(VerifyJob {
            article,
            summary,
            opts,
        })
    }
}

impl VerifyJob {
    fn run(self, cancel: &Cancel) -> Result<Vec<u8>, ApiError> {
        let article = self.article.article(None)?;
        cancel.check()?;
        let v = precis::Verifier::new(self.opts)
            .verify_article(&article, &self.summary)
            .map_err(|e| match e {
                precis::verify::VerifyError::NoSource => {
                    ApiError::unprocessable(format!("article: {e}"))
                }
                _ => ApiError::unprocessable(format!("`summary`: {e}")),
            })?;
        serde_json::to_vec(&v).map_err(|e| ApiError::internal(e.to_string()))
    }
}

/// `POST /v1/verify`: the body is read first, then a slot is taken for the work.
pub(crate) async fn verify(
    State(state): State<Arc<AppState>>,
    Extension(Deadline(deadline)): Extension<Deadline>,
    req: Request,
) -> Result<Response, ApiError> {
    let held = hold_of(&req);
    let body = read_body(req, state.cfg.body_limit, deadline).await?;
    let r: VerifyRequest = parse_json(&body)?;
    let job = r.into_job()?;
    let permit = acquire(&state, deadline).await?;
    let out = run_blocking(permit, deadline, move |cancel| {
        hold(held);
        job.run(cancel)
    })
    .await??;
    Ok(json_response(StatusCode::OK, out))
}

/// Work done per slot by a batch before it releases the slot to send what it made.
const BATCH_CHUNK: std::time::Duration = std::time::Duration::from_millis(50);

/// One non-blank line of a batch body: its number (from 1) and byte range.
#[derive(Debug, Clone)]
struct Line {
    no: usize,
    start: usize,
    end: usize,
}

/// `POST /v1/summarize/batch`: JSONL in, JSONL out (streamed, input order, one line per
/// record). The first slot is taken before answering (so a busy server answers 503); then the
/// records are summarized in chunks of about [`BATCH_CHUNK`], each holding a slot only while
/// it computes, within `batch_timeout`.
pub(crate) async fn batch(
    State(state): State<Arc<AppState>>,
    Extension(Deadline(deadline)): Extension<Deadline>,
    query: Result<Query<Settings>, QueryRejection>,
    req: Request,
) -> Result<Response, ApiError> {
    let Query(defaults) =
        query.map_err(|e| ApiError::bad_request(format!("bad query string: {}", e.body_text())))?;
    // Validate the request-level settings before streaming anything.
    defaults.options()?;
    let held = hold_of(&req);
    let body = Bytes::from(read_body(req, state.cfg.body_limit, deadline).await?);
    let mut lines = Vec::new();
    let mut start = 0;
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        let end = start + line.len();
        if !line.iter().all(u8::is_ascii_whitespace) {
            lines.push(Line {
                no: i + 1,
                start,
                end,
            });
        }
        start = end + 1;
    }
    let permit = acquire(&state, deadline).await?;
    let (tx, rx) = tokio::sync::mpsc::channel::<Bytes>(16);
    tokio::spawn(run_batch(
        state.clone(),
        Arc::new(defaults),
        body,
        Arc::new(lines),
        tx,
        permit,
        held,
    ));
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|b| (Ok::<_, Infallible>(b), rx))
    });
    Ok((
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/x-ndjson")],
        Body::from_stream(stream),
    )
        .into_response())
}

/// Drives one batch: chunks of records on the blocking pool (a slot each), their lines sent
/// without a slot (waiting at most `io_timeout` for the client to read, else giving up);
/// records left when the time budget runs out or the server stops get an error line each.
async fn run_batch(
    state: Arc<AppState>,
    defaults: Arc<Settings>,
    body: Bytes,
    lines: Arc<Vec<Line>>,
    tx: tokio::sync::mpsc::Sender<Bytes>,
    first: Permit,
    held: Option<std::time::Duration>,
) {
    let budget_end = tokio::time::Instant::now() + state.cfg.batch_timeout;
    let send_wait = state.cfg.io_timeout;
    let send = |b: Bytes| {
        let tx = &tx;
        async move {
            matches!(
                tokio::time::timeout(send_wait, tx.send(b)).await,
                Ok(Ok(()))
            )
        }
    };
    let mut permit = Some(first);
    let mut next = 0;
    let mut reason: Option<String> = None;
    while next < lines.len() {
        if state.stopping() {
            reason = Some("the server is shutting down".into());
            break;
        }
        if tokio::time::Instant::now() >= budget_end {
            reason = Some(format!(
                "the batch time budget of {} s ran out",
                state.cfg.batch_timeout.as_secs_f64()
            ));
            break;
        }
        let p = match permit.take() {
            Some(p) => p,
            None => match acquire(&state, budget_end).await {
                Ok(p) => p,
                Err(e) => {
                    reason = Some(e.message);
                    break;
                }
            },
        };
        let (st, defaults, body, lines) =
            (state.clone(), defaults.clone(), body.clone(), lines.clone());
        let chunk = tokio::task::spawn_blocking(move || {
            let _p = p;
            let until = (tokio::time::Instant::now() + BATCH_CHUNK).min(budget_end);
            let mut outs = Vec::new();
            for line in lines.get(next..).unwrap_or_default() {
                if !outs.is_empty() && (tokio::time::Instant::now() >= until || st.stopping()) {
                    break;
                }
                hold(held);
                let mut out = batch_line(
                    &defaults,
                    line.no,
                    &body[line.start..line.end],
                    st.fetcher.as_ref(),
                );
                out.push(b'\n');
                outs.push(Bytes::from(out));
            }
            outs
        })
        .await;
        let outs = match chunk {
            Ok(o) => o,
            Err(e) => {
                reason = Some(format!("worker failed: {e}"));
                break;
            }
        };
        next += outs.len();
        for o in outs {
            if !send(o).await {
                // The client went away or stopped reading.
                return;
            }
        }
    }
    let Some(reason) = reason else { return };
    let left = &lines[next.min(lines.len())..];
    state.metrics.record_batch_unprocessed(left.len());
    tracing::warn!(records = left.len(), "batch ended early: {reason}");
    for line in left {
        let raw = &body[line.start..line.end];
        let id = record_id(raw).unwrap_or_else(|| format!("batch:{}", line.no));
        let mut out = RecordFailure {
            id: Some(&id),
            error: &format!("line {}: not processed: {reason}", line.no),
        }
        .to_json_line()
        .into_bytes();
        out.push(b'\n');
        if !send(Bytes::from(out)).await {
            return;
        }
    }
}

/// The `id` of a batch record, when it has one.
fn record_id(line: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct IdOnly {
        #[serde(default)]
        id: Option<String>,
    }
    serde_json::from_slice::<IdOnly>(line)
        .ok()?
        .id
        .filter(|s| !s.is_empty())
}

/// One batch line → one output line (no newline): highlights, or `{"id","error"}`.
/// A `url` line is fetched (servers started with `--fetch-urls` only; else an error line) within
/// the fetch timeout, one page at a time.
fn batch_line(
    defaults: &Settings,
    line_no: usize,
    line: &[u8],
    fetcher: Option<&precis_fetch::Fetcher>,
) -> Vec<u8> {
    let default_id = format!("batch:{line_no}");
    let fail = |id: &str, msg: &str| {
        RecordFailure {
            id: Some(id),
            error: msg,
        }
        .to_json_line()
        .into_bytes()
    };
    let r: SummarizeRequest = match serde_json::from_slice(line) {
        Ok(r) => r,
        Err(e) => return fail(&default_id, &format!("line {line_no}: invalid JSON: {e}")),
    };
    let id =
        r.id.clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| default_id.clone());
    match r
        .into_job(defaults, &default_id)
        .and_then(|job| job.run_with(&Cancel::default(), fetcher))
    {
        Ok(out) => out,
        Err(e) => fail(&id, &format!("line {line_no}: {}", e.message)),
    }
}

/// The body of `POST /v1/rouge`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RougeRequest {
    candidates: Vec<String>,
    #[serde(default)]
    references: Option<Vec<String>>,
    #[serde(default)]
    reference: Option<String>,
    #[serde(default)]
    use_stemmer: Option<bool>,
    #[serde(default)]
    types: Option<Vec<String>>,
    #[serde(default)]
    flavor: Option<String>,
    #[serde(default)]
    rouge155_options: Option<String>,
    #[serde(default)]
    lang: Option<String>,
}

/// ROUGE types scored when the request names none.
pub(crate) const DEFAULT_ROUGE_TYPES: [&str; 4] = ["rouge1", "rouge2", "rougeL", "rougeLsum"];

/// The flavours of `POST /v1/rouge` (README, "ROUGE flavours").
pub(crate) const ROUGE_FLAVORS: [&str; 3] = ["rouge-score", "rouge155", "multilingual"];

/// Most n of ROUGE-n over HTTP (`-n` of `rouge155_options`): each n is one more metric per
/// pair, and rouge-score's own names stop at rouge9.
pub(crate) const MAX_ROUGE155_N: usize = 9;

/// How a ROUGE request is scored.
enum RougeJob {
    /// rouge-score, or with `lang` (`Some`) the multilingual flavour's tokenizers in front of it.
    Rs {
        scorer: RougeScorer,
        types: Vec<String>,
        use_stemmer: bool,
        lang: Option<Lang>,
    },
    /// ROUGE-1.5.5 with the options as given.
    R155 {
        text: String,
        opts: rouge155::Options,
    },
}

impl RougeRequest {
    /// The flavour and its settings, checked: 400 naming the field or option.
    fn job(&self) -> Result<RougeJob, ApiError> {
        let flavor = match self.flavor.as_deref() {
            None => None,
            Some(f) if ROUGE_FLAVORS.contains(&f) => Some(f),
            Some(f) => {
                return Err(ApiError::bad_request(format!(
                    "unknown flavor `{f}` (expected one of: {})",
                    ROUGE_FLAVORS.join(", ")
                )))
            }
        };
        let (opts_given, lang_given) = (self.rouge155_options.is_some(), self.lang.is_some());
        let flavor = match (flavor, opts_given, lang_given) {
            (_, true, true) => {
                return Err(ApiError::bad_request(
                    "`rouge155_options` and `lang` belong to different flavours (rouge155, multilingual)",
                ))
            }
            (Some(f), true, _) if f != "rouge155" => {
                return Err(ApiError::bad_request(format!(
                    "`rouge155_options` needs flavor rouge155 (or no flavor), not {f}"
                )))
            }
            (Some(f), _, true) if f != "multilingual" => {
                return Err(ApiError::bad_request(format!(
                    "`lang` needs flavor multilingual (or no flavor), not {f}"
                )))
            }
            (Some(f), _, _) => f,
            (None, true, _) => "rouge155",
            (None, false, true) => "multilingual",
            (None, false, false) => "rouge-score",
        };
        if flavor == "rouge155" {
            return self.rouge155_job();
        }
        let types: Vec<String> = self
            .types
            .clone()
            .unwrap_or_else(|| DEFAULT_ROUGE_TYPES.iter().map(|s| s.to_string()).collect());
        if types.is_empty() {
            return Err(ApiError::bad_request("`types` is empty"));
        }
        let use_stemmer = self.use_stemmer.unwrap_or(true);
        let scorer = RougeScorer::from_names(&types, use_stemmer).map_err(|e| {
            ApiError::bad_request(format!(
                "{e} (expected rouge1..rouge9, rougeL or rougeLsum)"
            ))
        })?;
        let lang = if flavor == "multilingual" {
            Some(
                Lang::new(self.lang.as_deref(), use_stemmer)
                    .map_err(|e| ApiError::bad_request(format!("`lang`: {e}")))?,
            )
        } else {
            None
        };
        Ok(RougeJob::Rs {
            scorer,
            types,
            use_stemmer,
            lang,
        })
    }

    fn rouge155_job(&self) -> Result<RougeJob, ApiError> {
        if self.types.is_some() {
            return Err(ApiError::bad_request(
                "`types` does not apply to flavor rouge155: its metrics come from `rouge155_options` (-n, -x, -w, -2, -u, -U)",
            ));
        }
        if self.use_stemmer.is_some() && self.rouge155_options.is_some() {
            return Err(ApiError::bad_request(
                "`use_stemmer` does not apply with `rouge155_options`: give -m in them to stem",
            ));
        }
        let (text, opts) = rouge155::pair_options(
            self.rouge155_options.as_deref(),
            self.use_stemmer.unwrap_or(true),
        )
        .map_err(|e| ApiError::bad_request(format!("`rouge155_options`: {e}")))?;
        if opts.remove_stopwords || opts.data_dir.is_some() {
            return Err(ApiError::bad_request(
                "`rouge155_options`: -s and -e read the ROUGE data directory on the server: not available over HTTP",
            ));
        }
        if opts.max_n > MAX_ROUGE155_N {
            return Err(ApiError::bad_request(format!(
                "`rouge155_options`: -n {}: at most -n {MAX_ROUGE155_N} over HTTP",
                opts.max_n
            )));
        }
        Ok(RougeJob::R155 { text, opts })
    }
}

/// `POST /v1/rouge`.
pub(crate) async fn rouge(
    State(state): State<Arc<AppState>>,
    Extension(Deadline(deadline)): Extension<Deadline>,
    req: Request,
) -> Result<Response, ApiError> {
    let held = hold_of(&req);
    let body = read_body(req, state.cfg.body_limit, deadline).await?;
    let r: RougeRequest = parse_json(&body)?;
    let job = r.job()?;
    if r.candidates.is_empty() {
        return Err(ApiError::bad_request("`candidates` is empty"));
    }
    let references = match (r.references, r.reference) {
        (Some(_), Some(_)) => {
            return Err(ApiError::bad_request(
                "give either `references` (one per candidate) or `reference`, not both",
            ))
        }
        (Some(refs), None) if refs.len() == r.candidates.len() => Refs::Each(refs),
        (Some(refs), None) => {
            return Err(ApiError::bad_request(format!(
                "{} candidates but {} references: give one reference per candidate, or one `reference` for all",
                r.candidates.len(),
                refs.len()
            )))
        }
        (None, Some(one)) => Refs::One(one),
        (None, None) => {
            return Err(ApiError::bad_request(
                "missing `references` (one per candidate) or `reference`",
            ))
        }
    };
    if let RougeJob::R155 { opts, .. } = &job {
        // The Average's bootstrap grows with resamples × pairs: refused before any work.
        rouge155::check_bootstrap(r.candidates.len(), opts)
            .map_err(|e| ApiError::unprocessable(e.to_string()))?;
    }
    let candidates = r.candidates;
    let permit = acquire(&state, deadline).await?;
    let out = run_blocking(permit, deadline, move |cancel| {
        hold(held);
        match &job {
            RougeJob::Rs {
                scorer,
                types,
                use_stemmer,
                lang,
            } => rouge_json(
                scorer,
                types,
                *use_stemmer,
                lang.as_ref(),
                &references,
                &candidates,
                cancel,
            ),
            RougeJob::R155 { text, opts } => {
                rouge155_json(text, opts, &references, &candidates, cancel)
            }
        }
    })
    .await??;
    Ok(json_response(StatusCode::OK, out))
}

/// The references of a ROUGE request: one per candidate, or one for all (not copied).
enum Refs {
    Each(Vec<String>),
    One(String),
}

impl Refs {
    fn get(&self, i: usize) -> &str {
        match self {
            Refs::Each(v) => v.get(i).map_or("", String::as_str),
            Refs::One(s) => s,
        }
    }
}

/// Scores every pair with rouge-score (or the multilingual flavour's tokens, `lang`), stopping
/// at the deadline (`cancel`); 422 naming the pair when one is over the LCS work limits.
fn rouge_json(
    scorer: &RougeScorer,
    types: &[String],
    use_stemmer: bool,
    lang: Option<&Lang>,
    references: &Refs,
    candidates: &[String],
    cancel: &Cancel,
) -> Result<Vec<u8>, ApiError> {
    let n = candidates.len().max(1) as f64;
    let mut sums = vec![[0.0f64; 3]; types.len()];
    let mut scores: Vec<serde_json::Value> = Vec::with_capacity(candidates.len());
    // One reference for all: tokenized once.
    let one_ref = match (lang, references) {
        (Some(l), Refs::One(r)) => Some(l.tokenize(r)),
        _ => None,
    };
    for (i, c) in candidates.iter().enumerate() {
        cancel.check()?;
        let s = match lang {
            None => scorer.try_score(references.get(i), c),
            Some(l) => {
                let c = l.tokenize(c);
                match &one_ref {
                    Some(r) => scorer.try_score_tokens(r, &c),
                    None => scorer.try_score_tokens(&l.tokenize(references.get(i)), &c),
                }
            }
        }
        .map_err(|e| ApiError::unprocessable(format!("pair {}: {e}", i + 1)))?;
        let mut obj = serde_json::Map::new();
        for (k, (name, (_, score))) in types.iter().zip(s.iter()).enumerate() {
            if let Some(sum) = sums.get_mut(k) {
                sum[0] += score.precision;
                sum[1] += score.recall;
                sum[2] += score.fmeasure;
            }
            obj.insert(
                name.clone(),
                score_json(score.precision, score.recall, score.fmeasure),
            );
        }
        scores.push(serde_json::Value::Object(obj));
    }
    let mut mean = serde_json::Map::new();
    for (name, sum) in types.iter().zip(&sums) {
        mean.insert(name.clone(), score_json(sum[0] / n, sum[1] / n, sum[2] / n));
    }
    let mut doc = serde_json::json!({
        "flavor": if lang.is_some() { "multilingual" } else { "rouge-score" },
        "types": types,
        "use_stemmer": use_stemmer,
        "count": candidates.len(),
        "scores": scores,
        "mean": mean,
    });
    if let Some(l) = lang {
        doc["lang"] = l.name().into();
    }
    Ok(doc.to_string().into_bytes())
}

/// Scores every pair as ROUGE-1.5.5 with `opts` (pair k is evaluation k), stopping at the
/// deadline (`cancel`); 422 naming the pair when one is over the work limits of
/// `rouge155::try_score`, or where the script dies (ROUGE-W over a reference without tokens).
/// Per pair: R, P, F as the script prints them; `mean`: their mean; `average`: the script's
/// Average (the mean of its bootstrap resample means) with its confidence interval.
fn rouge155_json(
    text: &str,
    opts: &rouge155::Options,
    references: &Refs,
    candidates: &[String],
    cancel: &Cancel,
) -> Result<Vec<u8>, ApiError> {
    let metrics = opts.metrics();
    let names: Vec<String> = metrics.iter().map(|&m| opts.metric_name(m)).collect();
    let n = candidates.len().max(1) as f64;
    let mut sums = vec![[0.0f64; 3]; names.len()];
    let mut scores: Vec<serde_json::Value> = Vec::with_capacity(candidates.len());
    let mut pairs = Vec::with_capacity(candidates.len());
    let one_ref = match references {
        Refs::One(r) => Some(Summary::from_text(r)),
        Refs::Each(_) => None,
    };
    for (i, c) in candidates.iter().enumerate() {
        cancel.check()?;
        let each;
        let model = match &one_ref {
            Some(m) => m,
            None => {
                each = Summary::from_text(references.get(i));
                &each
            }
        };
        let failed =
            |e: &dyn std::fmt::Display| ApiError::unprocessable(format!("pair {}: {e}", i + 1));
        let ps = rouge155::try_score(&Summary::from_text(c), std::slice::from_ref(model), opts)
            .map_err(|e| failed(&e))?;
        if let Some((_, e)) = &ps.failed {
            return Err(failed(e));
        }
        let mut obj = serde_json::Map::new();
        for (m, (name, sum)) in names.iter().zip(sums.iter_mut()).enumerate() {
            let [r, p, f] = ps.scores(m, opts);
            sum[0] += p;
            sum[1] += r;
            sum[2] += f;
            obj.insert(name.clone(), score_json(p, r, f));
        }
        scores.push(serde_json::Value::Object(obj));
        pairs.push(ps);
    }
    cancel.check()?;
    let report = rouge155::report_pairs(pairs, opts);
    let mut mean = serde_json::Map::new();
    for (name, sum) in names.iter().zip(&sums) {
        mean.insert(name.clone(), score_json(sum[0] / n, sum[1] / n, sum[2] / n));
    }
    let mut average = serde_json::Map::new();
    for m in &report.metrics {
        if let Some(a) = &m.average {
            let col = |j: usize| score_json(a[1][j], a[0][j], a[2][j]);
            average.insert(
                m.name.clone(),
                serde_json::json!({ "average": col(0), "low": col(1), "high": col(2) }),
            );
        }
    }
    Ok(serde_json::json!({
        "flavor": "rouge155",
        "rouge155_options": text,
        "types": names,
        "use_stemmer": opts.stem,
        "count": candidates.len(),
        "scores": scores,
        "mean": mean,
        "average": average,
        "confidence": opts.confidence.1,
        "resamples": opts.resamples,
    })
    .to_string()
    .into_bytes())
}

fn score_json(p: f64, r: f64, f: f64) -> serde_json::Value {
    serde_json::json!({ "precision": p, "recall": r, "fmeasure": f })
}

/// `GET /healthz`.
pub(crate) async fn healthz() -> Response {
    json_response(StatusCode::OK, br#"{"status":"ok"}"#.to_vec())
}

/// `GET /v1/config`: what this server allows (the web page asks before showing its URL box).
pub(crate) async fn config(State(state): State<Arc<AppState>>) -> Response {
    let doc = serde_json::json!({
        "fetch_urls": state.cfg.fetch_urls,
        "feed_max_items": crate::feeds::MAX_FEED_ITEMS,
        "feed_default_items": crate::feeds::DEFAULT_FEED_ITEMS,
        "timeout_s": state.cfg.timeout.as_secs_f64(),
    });
    json_response(StatusCode::OK, doc.to_string().into_bytes())
}

/// `GET /metrics`.
pub(crate) async fn metrics(State(state): State<Arc<AppState>>) -> Response {
    (
        StatusCode::OK,
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(
            state.permits.available_permits(),
            state.cfg.max_concurrency,
            state.queued.load(std::sync::atomic::Ordering::Relaxed),
        ),
    )
        .into_response()
}

/// `GET /openapi.json`.
pub(crate) async fn openapi() -> Response {
    json_response(
        StatusCode::OK,
        crate::openapi::document().to_string().into_bytes(),
    )
}

/// Unknown routes: JSON 404.
pub(crate) async fn not_found(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no route for {} {}", req.method(), req.uri().path()),
    )
}

/// Known route, wrong method: JSON 405.
pub(crate) async fn method_not_allowed(req: Request) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "method {} not allowed on {}",
            req.method(),
            req.uri().path()
        ),
    )
}
