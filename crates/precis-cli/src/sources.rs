//! Inputs that live on the web: URLs (arguments or `--urls FILE`), feeds and sitemaps whose
//! items are fetched. Everything becomes one stream of `Result<Article, RecordError>` in input
//! order, like local files: a feed expands in place into its items, a sitemap index into its
//! sitemaps, each failed fetch is one error record naming the URL and the status.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result};
use precis_fetch::{FetchOptions, Fetched, Fetcher};
use precis_ingest::feed::{self, FeedItem, FeedKind};
use precis_ingest::{Article, ReadOptions, RecordError};

/// Feeds within feeds (a sitemap index → sitemaps → pages) are followed this deep.
const MAX_DEPTH: usize = 3;

/// Fetching options shared by the commands that read articles.
#[derive(Debug, Clone, clap::Args)]
pub struct FetchArgs {
    /// Read URLs from FILE, one a line (blank lines and `#` comments skipped); they come after
    /// the other inputs.
    #[arg(long, value_name = "FILE")]
    pub urls: Option<PathBuf>,
    /// Do not fetch the links of feeds and sitemaps: read each feed item's own content
    /// (content:encoded, content, description or summary). URLs given as inputs are still fetched.
    #[arg(long)]
    pub no_fetch: bool,
    /// Requests in flight at once (at most 2 per host).
    #[arg(long, default_value_t = 8, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=256))]
    pub fetch_concurrency: u32,
    /// Timeout of one request in seconds (connect, headers and body).
    #[arg(long, default_value_t = 30.0, value_name = "SECS")]
    pub fetch_timeout: f64,
    /// Retries after a 429, a 5xx or a failed connection (with backoff; Retry-After honoured).
    #[arg(long, default_value_t = 2, value_name = "N")]
    pub fetch_retries: u32,
}

impl FetchArgs {
    pub fn options(&self, max_bytes: usize) -> FetchOptions {
        let timeout = Duration::from_secs_f64(self.fetch_timeout.clamp(0.05, 3600.0));
        FetchOptions {
            timeout,
            connect_timeout: timeout.min(Duration::from_secs(10)),
            max_bytes: max_bytes as u64,
            retries: self.fetch_retries,
            concurrency: self.fetch_concurrency as usize,
            ..FetchOptions::default()
        }
    }

    /// The URLs of `--urls FILE`.
    pub fn url_list(&self) -> Result<Vec<String>> {
        let Some(path) = &self.urls else {
            return Ok(Vec::new());
        };
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read the URL list {}", path.display()))?;
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect())
    }
}

/// The inputs of a command that also reads the web (`summarize`, `eval`).
pub struct Inputs {
    /// The URLs of `--urls FILE`.
    pub urls: Vec<String>,
    /// The input arguments; none (not stdin) when only `--urls` is given.
    pub paths: Vec<PathBuf>,
    /// Whether anything is fetched: URLs, a URL list, feeds whose links are fetched.
    pub remote: bool,
}

impl Inputs {
    pub fn new(input: &crate::summarize::InputArgs, fetch: &FetchArgs) -> Result<Inputs> {
        let urls = fetch.url_list()?;
        let paths = if input.inputs.is_empty() && fetch.urls.is_some() {
            Vec::new()
        } else {
            input.paths()
        };
        let remote = needs_fetching(&paths, fetch);
        Ok(Inputs {
            urls,
            paths,
            remote,
        })
    }

    /// The records, in input order: through [`read`] when anything is fetched, else the
    /// local readers.
    pub fn records(
        self,
        opts: &ReadOptions,
        fetch: &FetchArgs,
    ) -> Box<dyn Iterator<Item = Item> + Send> {
        if self.remote {
            Box::new(read(&self.paths, self.urls, opts, fetch))
        } else {
            Box::new(precis_ingest::read_inputs(&self.paths, opts))
        }
    }
}

/// Whether an input argument is a URL rather than a path.
pub fn is_url(p: &Path) -> bool {
    p.to_str().is_some_and(feed::is_http_url)
}

/// Whether reading `paths` needs the network: URLs, a URL list, or feed files whose links are
/// fetched.
pub fn needs_fetching(paths: &[PathBuf], fetch: &FetchArgs) -> bool {
    fetch.urls.is_some()
        || paths
            .iter()
            .any(|p| is_url(p) || (!fetch.no_fetch && crate::summarize::is_feed_file(p)))
}

type Item = Result<Article, RecordError>;

/// A URL to fetch, with the feed item it came from (whose title, date and author win).
struct Link {
    url: String,
    item: Option<FeedItem>,
}

enum Segment {
    Local(Vec<PathBuf>),
    /// A local feed file whose links are fetched.
    FeedFile(PathBuf),
    Urls(Vec<Link>),
    /// A feed item that cannot be fetched (no link, a relative link): its error record.
    Error(RecordError),
}

enum Frame {
    /// Inputs or a feed's items, run one segment after the other.
    Segments(std::collections::VecDeque<Segment>),
    Local(precis_ingest::Records),
    Fetching {
        links: Vec<Option<FeedItem>>,
        results: Box<dyn Iterator<Item = Result<Fetched, precis_fetch::FetchError>> + Send>,
        next: usize,
    },
    Ready(std::vec::IntoIter<Item>),
}

/// The records of all inputs, fetching what lives on the web.
pub struct Sources {
    stack: Vec<Frame>,
    fetcher: Fetcher,
    opts: ReadOptions,
    no_fetch: bool,
}

/// All records of `paths` (files, directories, `-`, URLs) and then of `urls`, in order.
pub fn read(
    paths: &[PathBuf],
    urls: Vec<String>,
    opts: &ReadOptions,
    fetch: &FetchArgs,
) -> Sources {
    let mut segments = std::collections::VecDeque::new();
    let mut local: Vec<PathBuf> = Vec::new();
    let mut remote: Vec<Link> = Vec::new();
    let flush_local = |local: &mut Vec<PathBuf>, segs: &mut std::collections::VecDeque<Segment>| {
        if !local.is_empty() {
            segs.push_back(Segment::Local(std::mem::take(local)));
        }
    };
    let flush_remote = |remote: &mut Vec<Link>, segs: &mut std::collections::VecDeque<Segment>| {
        if !remote.is_empty() {
            segs.push_back(Segment::Urls(std::mem::take(remote)));
        }
    };
    for p in paths {
        if is_url(p) {
            flush_local(&mut local, &mut segments);
            remote.push(Link {
                url: p.to_string_lossy().into_owned(),
                item: None,
            });
        } else if !fetch.no_fetch && crate::summarize::is_feed_file(p) {
            flush_local(&mut local, &mut segments);
            flush_remote(&mut remote, &mut segments);
            segments.push_back(Segment::FeedFile(p.clone()));
        } else {
            flush_remote(&mut remote, &mut segments);
            local.push(p.clone());
        }
    }
    flush_local(&mut local, &mut segments);
    remote.extend(urls.into_iter().map(|url| Link { url, item: None }));
    flush_remote(&mut remote, &mut segments);
    Sources {
        stack: vec![Frame::Segments(segments)],
        fetcher: Fetcher::new(fetch.options(opts.max_record_bytes)),
        opts: opts.clone(),
        no_fetch: fetch.no_fetch,
    }
}

fn fetch_error(url: &str, message: String) -> RecordError {
    RecordError {
        source: url.to_string(),
        line: None,
        id: Some(url.to_string()),
        field: None,
        message,
    }
}

impl Sources {
    fn push_links(&mut self, links: Vec<Link>) {
        let urls: Vec<String> = links.iter().map(|l| l.url.clone()).collect();
        let items = links.into_iter().map(|l| l.item).collect();
        self.stack.push(Frame::Fetching {
            links: items,
            results: Box::new(self.fetcher.fetch_all(urls)),
            next: 0,
        });
    }

    /// The records of a feed: its items' links to fetch, or (`--no-fetch`) their content.
    fn expand_feed(&mut self, source: &str, base: Option<&str>, bytes: &[u8]) -> Option<Item> {
        let feed = match feed::parse_feed(bytes, base) {
            Ok(f) => f,
            Err(e) => return Some(Err(fetch_error(source, e))),
        };
        if feed.items.is_empty() {
            return Some(Err(fetch_error(
                source,
                format!("the {} has no items", feed.kind.name()),
            )));
        }
        let depth = self
            .stack
            .iter()
            .filter(|f| matches!(f, Frame::Segments(_)))
            .count();
        if depth > MAX_DEPTH {
            return Some(Err(fetch_error(
                source,
                format!(
                    "a {} nested more than {MAX_DEPTH} feeds or sitemaps deep is not followed",
                    feed.kind.name()
                ),
            )));
        }
        let fetch_links = !self.no_fetch || feed.kind == FeedKind::SitemapIndex;
        if !fetch_links {
            let items: Vec<Item> = feed
                .items
                .iter()
                .enumerate()
                .map(|(i, it)| feed::item_article(it, feed.kind, source, i + 1, &self.opts))
                .collect();
            self.stack.push(Frame::Ready(items.into_iter()));
            return None;
        }
        let mut segments = std::collections::VecDeque::new();
        let mut links = Vec::with_capacity(feed.items.len());
        for (i, it) in feed.items.into_iter().enumerate() {
            match feed::item_link(&it, i + 1) {
                Ok(url) => links.push(Link {
                    url,
                    item: (feed.kind != FeedKind::SitemapIndex).then_some(it),
                }),
                Err(msg) => {
                    if !links.is_empty() {
                        segments.push_back(Segment::Urls(std::mem::take(&mut links)));
                    }
                    let mut e = fetch_error(source, msg);
                    e.id = Some(format!("{source}#{}", i + 1));
                    segments.push_back(Segment::Error(e));
                }
            }
        }
        if !links.is_empty() {
            segments.push_back(Segment::Urls(links));
        }
        self.stack.push(Frame::Segments(segments));
        None
    }

    /// A fetched body: a feed or sitemap expands in place, anything else is one document.
    fn fetched(&mut self, f: Fetched, item: Option<FeedItem>) -> Option<Item> {
        if feed::sniff_feed(&f.body).is_some() {
            return self.expand_feed(&f.url, Some(&f.final_url), &f.body);
        }
        let page = feed::FetchedPage {
            url: &f.url,
            final_url: &f.final_url,
            status: f.status,
            content_type: f.content_type.as_deref(),
            body: &f.body,
            fetched_at: &f.fetched_at,
        };
        Some(feed::fetched_article(&page, item.as_ref(), &self.opts))
    }
}

impl Iterator for Sources {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(frame) = self.stack.last_mut() {
                match frame {
                    Frame::Segments(segs) => match segs.pop_front() {
                        Some(seg) => {
                            if let Some(out) = self.start(seg) {
                                return Some(out);
                            }
                        }
                        None => {
                            self.stack.pop();
                        }
                    },
                    Frame::Local(records) => match records.next() {
                        Some(item) => return Some(item),
                        None => {
                            self.stack.pop();
                        }
                    },
                    Frame::Ready(items) => match items.next() {
                        Some(item) => return Some(item),
                        None => {
                            self.stack.pop();
                        }
                    },
                    Frame::Fetching {
                        links,
                        results,
                        next,
                    } => match results.next() {
                        Some(res) => {
                            let item = links.get_mut(*next).and_then(Option::take);
                            *next += 1;
                            match res {
                                Ok(f) => {
                                    if let Some(out) = self.fetched(f, item) {
                                        return Some(out);
                                    }
                                }
                                Err(e) => {
                                    let msg = e.message.clone();
                                    return Some(Err(fetch_error(&e.url, msg)));
                                }
                            }
                        }
                        None => {
                            self.stack.pop();
                        }
                    },
                }
                continue;
            }
            return None;
        }
    }
}

impl Sources {
    /// Starts the next segment of the frame on top (a `Segments` frame).
    fn start(&mut self, seg: Segment) -> Option<Item> {
        match seg {
            Segment::Local(paths) => {
                self.stack
                    .push(Frame::Local(precis_ingest::read_inputs(&paths, &self.opts)));
                None
            }
            Segment::Urls(links) => {
                self.push_links(links);
                None
            }
            Segment::Error(e) => Some(Err(e)),
            Segment::FeedFile(path) => {
                let source = path.display().to_string();
                match read_capped(&path, self.opts.max_record_bytes) {
                    Ok(bytes) => self.expand_feed(&source, None, &bytes),
                    Err(msg) => Some(Err(fetch_error(&source, msg))),
                }
            }
        }
    }
}

fn read_capped(path: &Path, max: usize) -> std::result::Result<Vec<u8>, String> {
    use std::io::Read;
    let f = std::fs::File::open(path).map_err(|e| format!("cannot open: {e}"))?;
    let mut bytes = Vec::new();
    f.take(max as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() > max {
        return Err(format!(
            "file is larger than the limit of {max} bytes (max_record_bytes)"
        ));
    }
    Ok(bytes)
}
