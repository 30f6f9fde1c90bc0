//! `POST /v1/summarize/feed`: a feed or sitemap fetched by the server, its items' pages
//! fetched through the same address guard, each summarized; items in feed order, a failed
//! item as `{"id","error"}` while the others go on, the whole within the request deadline.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Extension;
use precis::{Options, RecordFailure, Summarizer};
use precis_fetch::{FetchError, FetchOptions, Fetched, Fetcher, Guard};
use precis_ingest::feed::{self, FeedItem, FeedKind};
use precis_ingest::ReadOptions;
use serde::de::IgnoredAny;
use serde::Deserialize;

use crate::api::{parse_json, reject_unknown, Settings};
use crate::limits::{acquire, json_response, read_body, run_blocking, Cancel, Deadline};
use crate::{ApiError, AppState};

/// Fields accepted by `POST /v1/summarize/feed`.
pub(crate) const FEED_FIELDS: &[&str] = &[
    "url",
    "no_fetch",
    "max_items",
    "method",
    "sentences",
    "words",
    "ratio",
    "order",
    "include_text",
    "clean",
    "lang",
];

/// Items summarized when the request gives no `max_items`.
pub const DEFAULT_FEED_ITEMS: usize = 20;
/// Most items one request may ask for.
pub const MAX_FEED_ITEMS: usize = 100;
/// Pages fetched at once for one feed (at most 2 per host).
pub const FEED_CONCURRENCY: usize = 8;

/// The body of `POST /v1/summarize/feed`.
#[derive(Debug, Deserialize)]
pub(crate) struct FeedRequest {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    no_fetch: Option<bool>,
    #[serde(default)]
    max_items: Option<u64>,
    #[serde(flatten)]
    settings: Settings,
    #[serde(flatten)]
    unknown: BTreeMap<String, IgnoredAny>,
}

/// A validated feed request.
#[derive(Debug, Clone)]
pub(crate) struct FeedJob {
    pub(crate) url: String,
    pub(crate) no_fetch: bool,
    pub(crate) max_items: usize,
    pub(crate) opts: Options,
}

impl FeedRequest {
    fn into_job(self) -> Result<FeedJob, ApiError> {
        reject_unknown(&self.unknown, FEED_FIELDS)?;
        let url = self
            .url
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty())
            .ok_or_else(|| {
                ApiError::bad_request(
                    "missing `url`: the RSS/Atom feed or XML sitemap to summarize",
                )
            })?;
        let max_items = match self.max_items {
            None => DEFAULT_FEED_ITEMS,
            Some(n) if (1..=MAX_FEED_ITEMS as u64).contains(&n) => n as usize,
            Some(n) => {
                return Err(ApiError::bad_request(format!(
                    "`max_items` must be between 1 and {MAX_FEED_ITEMS}, got {n}"
                )))
            }
        };
        Ok(FeedJob {
            url,
            no_fetch: self.no_fetch.unwrap_or(false),
            max_items,
            opts: self.settings.options()?,
        })
    }
}

/// The time the work of a feed request may take: the request deadline less a margin for the
/// response (a tenth of the deadline, at most 1 s).
pub(crate) fn budget_end(deadline: Instant, timeout: Duration) -> Instant {
    let margin = (timeout / 10).min(Duration::from_secs(1));
    deadline.checked_sub(margin).unwrap_or(deadline)
}

/// `POST /v1/summarize/feed`.
pub(crate) async fn summarize_feed(
    State(state): State<Arc<AppState>>,
    Extension(Deadline(deadline)): Extension<Deadline>,
    req: Request,
) -> Result<Response, ApiError> {
    let body = read_body(req, state.cfg.body_limit, deadline).await?;
    if state.fetcher.is_none() {
        return Err(ApiError::bad_request(
            "fetching URLs is off: start the server with --fetch-urls to summarize a feed",
        ));
    }
    let r: FeedRequest = parse_json(&body)?;
    let job = r.into_job()?;
    let guard = guard_of(&state);
    let end = budget_end(deadline.into_std(), state.cfg.timeout);
    let connect = state.cfg.timeout.mul_f32(0.4);
    let permit = acquire(&state, deadline).await?;
    let out = run_blocking(permit, deadline, move |cancel| {
        run_feed(&job, guard, connect, end, cancel)
    })
    .await??;
    Ok(json_response(StatusCode::OK, out))
}

fn guard_of(state: &AppState) -> Guard {
    if state.cfg.allow_private_urls {
        Guard::Off
    } else {
        Guard::PublicOnly
    }
}

/// A fetcher whose requests end by `end` (no retries).
fn fetcher_until(guard: &Guard, connect: Duration, end: Instant) -> Result<Fetcher, ApiError> {
    let left = end.saturating_duration_since(Instant::now());
    if left < Duration::from_millis(10) {
        return Err(out_of_time());
    }
    Ok(Fetcher::new(FetchOptions {
        timeout: left,
        connect_timeout: connect.min(left),
        retries: 0,
        max_bytes: 16 << 20,
        concurrency: FEED_CONCURRENCY,
        per_host: 2,
        guard: guard.clone(),
        ..FetchOptions::default()
    }))
}

fn out_of_time() -> ApiError {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "processing did not finish before the request deadline",
    )
}

/// The status of a fetch that failed: 403 for an address the guard refused, 400 for a URL
/// that is not http(s), 502 for the rest (the upstream failed).
pub(crate) fn fetch_status(e: &FetchError) -> StatusCode {
    if e.message.starts_with("address not allowed") {
        StatusCode::FORBIDDEN
    } else if e.message.starts_with("not an http") {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::BAD_GATEWAY
    }
}

/// One item to summarize, in feed order.
enum Entry {
    /// Item `n` (1-based) of `source`, of a feed of `kind`.
    Item {
        item: FeedItem,
        kind: FeedKind,
        source: String,
        n: usize,
    },
    /// An item that cannot be summarized (a sitemap that failed, a nested index).
    Error { id: String, error: String },
}

/// Fetches and summarizes a feed: the JSON of the response (see `openapi.rs`, `FeedResponse`).
pub(crate) fn run_feed(
    job: &FeedJob,
    guard: Guard,
    connect: Duration,
    end: Instant,
    cancel: &Cancel,
) -> Result<Vec<u8>, ApiError> {
    let url = job.url.as_str();
    let f = fetcher_until(&guard, connect, end)?
        .fetch(url)
        .map_err(|e| ApiError::new(fetch_status(&e), format!("url: {e}")))?;
    let kind = feed::sniff_feed(&f.body).ok_or_else(|| {
        ApiError::unprocessable(format!(
            "url {url}: not an RSS/Atom feed or XML sitemap (no <rss>, <feed>, <urlset> or <sitemapindex> root); POST /v1/summarize summarizes a page"
        ))
    })?;
    let parsed = feed::parse_feed(&f.body, Some(&f.final_url))
        .map_err(|e| ApiError::unprocessable(format!("url {url}: {e}")))?;
    let mut entries: Vec<Entry> = Vec::new();
    // Entries of the feed, or of the sitemaps of an index, until one more than `max_items`
    // (to tell whether the feed was cut).
    let want = job.max_items + 1;
    let mut total_known = true;
    if kind == FeedKind::SitemapIndex {
        for (i, sm) in parsed.items.iter().enumerate() {
            if entries.len() >= want {
                total_known = false;
                break;
            }
            cancel.check()?;
            let sm_url = match feed::item_link(sm, i + 1) {
                Ok(u) => u,
                Err(e) => {
                    entries.push(Entry::Error {
                        id: format!("{url}#{}", i + 1),
                        error: format!("{url}: sitemap {e}"),
                    });
                    continue;
                }
            };
            match fetch_sitemap(&guard, connect, end, &sm_url) {
                Ok((k, items)) => {
                    entries.extend(items.into_iter().enumerate().map(|(j, it)| Entry::Item {
                        item: it,
                        kind: k,
                        source: sm_url.clone(),
                        n: j + 1,
                    }))
                }
                Err(error) => entries.push(Entry::Error { id: sm_url, error }),
            }
        }
    } else {
        entries.extend(
            parsed
                .items
                .into_iter()
                .enumerate()
                .map(|(i, it)| Entry::Item {
                    item: it,
                    kind,
                    source: url.to_string(),
                    n: i + 1,
                }),
        );
    }
    let total = entries.len();
    let truncated = total > job.max_items;
    entries.truncate(job.max_items);
    let read = ReadOptions {
        clean: job.opts.clean,
        lang: job.opts.lang,
        ..ReadOptions::default()
    };
    let items = if job.no_fetch {
        own_content(job, &entries, &read, end, cancel)?
    } else {
        fetched_items(job, &entries, &read, &guard, connect, end, cancel)?
    };
    let mut doc = serde_json::json!({
        "url": url,
        "final_url": f.final_url,
        "kind": kind_name(kind),
        "truncated": truncated,
    });
    if total_known {
        doc["total"] = total.into();
    }
    // The items are spliced in as serialized (a `Value` would widen the f32 scores: each item
    // is byte for byte what /v1/summarize gives).
    let mut out = serde_json::to_vec(&doc).map_err(|e| ApiError::internal(e.to_string()))?;
    out.pop(); // the closing brace
    out.extend_from_slice(b",\"items\":[");
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        out.extend_from_slice(item);
    }
    out.extend_from_slice(b"]}");
    Ok(out)
}

/// The name of a feed kind in responses.
fn kind_name(kind: FeedKind) -> &'static str {
    match kind {
        FeedKind::Rss => "rss",
        FeedKind::Atom => "atom",
        FeedKind::Sitemap => "sitemap",
        FeedKind::SitemapIndex => "sitemapindex",
    }
}

/// A sitemap of an index: its kind and entries, or the error (naming its URL).
fn fetch_sitemap(
    guard: &Guard,
    connect: Duration,
    end: Instant,
    url: &str,
) -> Result<(FeedKind, Vec<FeedItem>), String> {
    let fetcher = fetcher_until(guard, connect, end).map_err(|_| {
        format!("{url}: not fetched: the feed's time budget (the request deadline) ran out")
    })?;
    let f = fetcher.fetch(url).map_err(|e| e.to_string())?;
    let parsed =
        feed::parse_feed(&f.body, Some(&f.final_url)).map_err(|e| format!("{url}: {e}"))?;
    if parsed.kind == FeedKind::SitemapIndex {
        return Err(format!(
            "{url}: a sitemap index within a sitemap index is not followed"
        ));
    }
    Ok((parsed.kind, parsed.items))
}

/// One serialized item: a JSON object.
type ItemJson = Vec<u8>;

fn failure(id: &str, error: &str) -> ItemJson {
    RecordFailure {
        id: Some(id),
        error,
    }
    .to_json_line()
    .into_bytes()
}

fn summarized(
    opts: &Options,
    article: Result<precis::Article, precis_ingest::RecordError>,
    id: &str,
) -> ItemJson {
    let article = match article {
        Ok(a) => a,
        Err(e) => return failure(id, &e.to_string()),
    };
    match Summarizer::new(opts.clone()).summarize_article(&article) {
        Ok(h) => serde_json::to_vec(&h).unwrap_or_else(|e| failure(id, &format!("{id}: {e}"))),
        Err(e) => failure(id, &format!("{id}: {e}")),
    }
}

fn late(id: &str, end_reason: &str) -> ItemJson {
    failure(id, &format!("{id}: not processed: {end_reason}"))
}

const BUDGET_RAN_OUT: &str = "the feed's time budget (the request deadline) ran out";

/// `no_fetch`: each item's own content.
fn own_content(
    job: &FeedJob,
    entries: &[Entry],
    read: &ReadOptions,
    end: Instant,
    cancel: &Cancel,
) -> Result<Vec<ItemJson>, ApiError> {
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        cancel.check()?;
        out.push(match e {
            Entry::Error { id, error } => failure(id, error),
            Entry::Item {
                item,
                kind,
                source,
                n,
            } => {
                let id = item.link.clone().unwrap_or_else(|| format!("{source}#{n}"));
                if Instant::now() >= end {
                    late(&id, BUDGET_RAN_OUT)
                } else {
                    // The reader's advice names the CLI's flag; here it is a field.
                    let article =
                        feed::item_article(item, *kind, source, *n, read).map_err(|mut e| {
                            e.message = e
                                .message
                                .replace("(without --no-fetch)", "(without `no_fetch`)");
                            e
                        });
                    summarized(&job.opts, article, &id)
                }
            }
        });
    }
    Ok(out)
}

/// Fetches every item's link (at most [`FEED_CONCURRENCY`] at once, 2 per host, each within
/// the budget) and summarizes the pages in feed order; items not done when the budget ends
/// are errors.
fn fetched_items(
    job: &FeedJob,
    entries: &[Entry],
    read: &ReadOptions,
    guard: &Guard,
    connect: Duration,
    end: Instant,
    cancel: &Cancel,
) -> Result<Vec<ItemJson>, ApiError> {
    // Each entry: its link to fetch, or its error.
    let links: Vec<Result<String, (String, String)>> = entries
        .iter()
        .map(|e| match e {
            Entry::Error { id, error } => Err((id.clone(), error.clone())),
            Entry::Item {
                item, source, n, ..
            } => feed::item_link(item, *n).map_err(|msg| {
                (
                    item.link.clone().unwrap_or_else(|| format!("{source}#{n}")),
                    format!("{source}: {msg}"),
                )
            }),
        })
        .collect();
    let urls: Vec<String> = links
        .iter()
        .filter_map(|l| l.as_ref().ok().cloned())
        .collect();
    // The pages arrive on a channel from a thread of their own, so waiting for one ends with
    // the budget even when a fetch does not; a fetch still running then ends at its timeout
    // (within the budget it was started with) and its result is dropped.
    let (tx, rx) = std::sync::mpsc::channel::<Result<Fetched, FetchError>>();
    if !urls.is_empty() {
        let fetcher = fetcher_until(guard, connect, end)?;
        std::thread::spawn(move || {
            for res in fetcher.fetch_all(urls) {
                // Past the budget nobody waits: stop, so no further page is fetched.
                if Instant::now() >= end || tx.send(res).is_err() {
                    break;
                }
            }
        });
    } else {
        drop(tx);
    }
    let mut out = Vec::with_capacity(entries.len());
    let mut ran_out = false;
    for (entry, link) in entries.iter().zip(links) {
        let url = match link {
            Err((id, error)) => {
                out.push(failure(&id, &error));
                continue;
            }
            Ok(u) => u,
        };
        if ran_out {
            out.push(late(&url, BUDGET_RAN_OUT));
            continue;
        }
        cancel.check()?;
        let left = end.saturating_duration_since(Instant::now());
        let fetched = match rx.recv_timeout(left) {
            Ok(r) => r,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                ran_out = true;
                out.push(late(&url, BUDGET_RAN_OUT));
                continue;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                out.push(late(&url, "the fetcher stopped"));
                continue;
            }
        };
        if Instant::now() >= end {
            ran_out = true;
            out.push(late(&url, BUDGET_RAN_OUT));
            continue;
        }
        let f = match fetched {
            Ok(f) => f,
            Err(e) => {
                out.push(failure(&url, &e.to_string()));
                continue;
            }
        };
        let item = match entry {
            Entry::Item { item, .. } => Some(item),
            Entry::Error { .. } => None,
        };
        if let Some(k) = feed::sniff_feed(&f.body) {
            out.push(failure(
                &url,
                &format!(
                    "{url}: the link is a {}, not a page: feeds within a feed are not followed",
                    k.name()
                ),
            ));
            continue;
        }
        let page = feed::FetchedPage {
            url: &f.url,
            final_url: &f.final_url,
            status: f.status,
            content_type: f.content_type.as_deref(),
            body: &f.body,
            fetched_at: &f.fetched_at,
        };
        out.push(summarized(
            &job.opts,
            feed::fetched_article(&page, item, read),
            &url,
        ));
    }
    Ok(out)
}

#[cfg(test)]
#[path = "../../precis-fetch/tests/support/site.rs"]
mod test_site;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use std::net::{IpAddr, Ipv4Addr};

    fn job(url: String) -> FeedJob {
        FeedJob {
            url,
            no_fetch: false,
            max_items: DEFAULT_FEED_ITEMS,
            opts: Options {
                method: precis::Method::Lead,
                ..Options::default()
            },
        }
    }

    fn items(out: &[u8]) -> Vec<serde_json::Value> {
        let v: serde_json::Value = serde_json::from_slice(out).unwrap();
        v["items"].as_array().unwrap().clone()
    }

    /// The guard applies to every item's link, not only to the feed: with a policy that lets
    /// 127.0.0.1 through (standing for a public site) and refuses the rest, the items on
    /// 127.0.0.2 and 10.0.0.1 are errors naming the address and the others go on.
    #[test]
    fn item_links_go_through_the_guard() {
        if test_site::page_ids().len() < 2 {
            return;
        }
        let site = test_site::Site::start();
        let guard = Guard::Custom(Arc::new(|ip: IpAddr| {
            (ip != IpAddr::V4(Ipv4Addr::LOCALHOST))
                .then(|| precis_fetch::non_public(ip).unwrap_or("other").to_string())
        }));
        let end = Instant::now() + Duration::from_secs(20);
        let out = run_feed(
            &job(site.url("/feed-private.xml")),
            guard,
            Duration::from_secs(5),
            end,
            &Cancel::default(),
        )
        .unwrap();
        let items = items(&out);
        assert_eq!(items.len(), 4);
        assert!(items[0].get("highlights").is_some(), "{}", items[0]);
        assert!(items[3].get("highlights").is_some(), "{}", items[3]);
        for (i, addr, why) in [(1, "127.0.0.2", "loopback"), (2, "10.0.0.1", "private")] {
            let err = items[i]["error"].as_str().unwrap();
            assert!(
                err.contains("address not allowed") && err.contains(addr) && err.contains(why),
                "{err}"
            );
        }
    }

    /// Items not done when the budget ends are errors, and the request does not wait for them.
    #[test]
    fn items_past_the_budget_are_errors() {
        if test_site::page_ids().len() < 2 {
            return;
        }
        let site = test_site::Site::start();
        let start = Instant::now();
        let end = start + Duration::from_millis(2500);
        // A page, a 301 to a page, a 404, a 4 s page, a 30 MB body, a windows-1252 page.
        let out = run_feed(
            &job(site.url("/feed-mixed.xml")),
            Guard::Off,
            Duration::from_secs(1),
            end,
            &Cancel::default(),
        )
        .unwrap();
        assert!(
            start.elapsed() < Duration::from_millis(3500),
            "took {:?}",
            start.elapsed()
        );
        let items = items(&out);
        assert_eq!(items.len(), 6);
        assert!(items[0].get("highlights").is_some(), "{}", items[0]);
        assert!(items[1].get("highlights").is_some(), "{}", items[1]);
        assert!(items[2]["error"].as_str().unwrap().contains("HTTP 404"));
        for item in &items[3..] {
            let err = item["error"].as_str().unwrap();
            assert!(err.contains("not processed"), "{err}");
            assert!(err.contains("time budget"), "{err}");
        }
        assert!(items[3]["id"].as_str().unwrap().ends_with("/slow.html"));
    }
}
