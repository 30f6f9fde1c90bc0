//! precis-fetch: URLs → bytes, politely and within limits. The only precis crate that touches
//! the network; `precis-ingest` parses what this crate fetched and never connects anywhere.
//!
//! - HTTP(S) with `ureq` (rustls: no OpenSSL build dependency), gzip and brotli decoding,
//!   at most [`FetchOptions::max_redirects`] redirects, connect and whole-request timeouts,
//!   a body cap ([`FetchOptions::max_bytes`], applied after decompression), a `User-Agent`
//!   naming precis and its version.
//! - Retries with exponential backoff on 429 and 5xx (and connection failures), honouring a
//!   `Retry-After` header (delay seconds or an HTTP date) up to
//!   [`FetchOptions::max_retry_after`].
//! - The charset: a byte-order mark wins, then the `Content-Type` header's `charset` (the body
//!   is then transcoded to UTF-8 and given a UTF-8 BOM, so a contradicting `<meta>` cannot
//!   decode it twice), else the page's `<meta charset>` decides downstream (precis-html).
//! - [`Fetcher::fetch_all`]: many URLs with at most [`FetchOptions::concurrency`] requests
//!   in flight and at most [`FetchOptions::per_host`] per host, results in input order.
//!
//! What this crate is not: it does not parse pages or feeds (precis-ingest does) and it keeps
//! no cache and no cookies.

mod guard;
mod ordered;

pub use guard::{non_public, Guard};

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ureq::ResponseExt;

/// `precis/<version> (+news highlights; https://example.invalid/precis)`.
pub const USER_AGENT: &str = concat!(
    "precis/",
    env!("CARGO_PKG_VERSION"),
    " (news highlights engine; +https://example.invalid/precis)"
);

/// Limits and politeness of fetching.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// Connect timeout (DNS + TCP + TLS). Default 10 s.
    pub connect_timeout: Duration,
    /// Whole-request timeout (headers and body of one attempt). Default 30 s.
    pub timeout: Duration,
    /// Largest accepted body, after decompression. Default 16 MiB.
    pub max_bytes: u64,
    /// Redirects followed before giving up. Default 5.
    pub max_redirects: u32,
    /// Retries after a 429, a 5xx or a connection failure. Default 2.
    pub retries: u32,
    /// First backoff; doubled at each retry. Default 500 ms.
    pub backoff: Duration,
    /// Longest `Retry-After` honoured (delay seconds, or the time until an HTTP date); a
    /// longer one ends the retries. Default 30 s.
    pub max_retry_after: Duration,
    /// Requests in flight at once ([`Fetcher::fetch_all`]). Default 8.
    pub concurrency: usize,
    /// Requests in flight to one host at once. Default 2.
    pub per_host: usize,
    /// The `User-Agent` header. Default [`USER_AGENT`].
    pub user_agent: String,
    /// Which addresses may be connected to, checked after DNS resolution and on every
    /// redirect. Default [`Guard::Off`]; a server fetching for others wants
    /// [`Guard::PublicOnly`].
    pub guard: Guard,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_bytes: 16 << 20,
            max_redirects: 5,
            retries: 2,
            backoff: Duration::from_millis(500),
            max_retry_after: Duration::from_secs(30),
            concurrency: 8,
            per_host: 2,
            user_agent: USER_AGENT.to_string(),
            guard: Guard::Off,
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone, PartialEq)]
pub struct Fetched {
    /// The URL as asked for.
    pub url: String,
    /// The final URL after redirects.
    pub final_url: String,
    /// The HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header's media type, lower case, when there was one.
    pub content_type: Option<String>,
    /// The body, decompressed; transcoded to UTF-8 (with a UTF-8 BOM) when the header
    /// declared another charset and the body had no BOM of its own.
    pub body: Vec<u8>,
    /// When the response arrived, RFC 3339 UTC (`2026-01-02T03:04:05Z`).
    pub fetched_at: String,
}

/// Why a URL could not be fetched. `Display` names the URL and, when there was one, the
/// HTTP status: `https://x.example/a: HTTP 404 Not Found`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{url}: {message}")]
pub struct FetchError {
    /// The URL as asked for.
    pub url: String,
    /// The HTTP status of the last attempt, when a response arrived.
    pub status: Option<u16>,
    /// What went wrong ("HTTP 404 Not Found", "timed out after 30 s", "body larger than …").
    pub message: String,
}

impl FetchError {
    fn new(url: &str, status: Option<u16>, message: impl Into<String>) -> FetchError {
        FetchError {
            url: url.to_string(),
            status,
            message: message.into(),
        }
    }
}

/// An HTTP client with precis's limits. Cheap to share across threads (`&Fetcher` is `Sync`).
#[derive(Debug, Clone)]
pub struct Fetcher {
    agent: ureq::Agent,
    opts: FetchOptions,
}

impl Fetcher {
    pub fn new(opts: FetchOptions) -> Fetcher {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(opts.max_redirects)
            .max_redirects_will_error(true)
            .user_agent(opts.user_agent.as_str())
            .timeout_connect(Some(opts.connect_timeout))
            .timeout_global(Some(opts.timeout))
            .max_idle_connections_per_host(opts.per_host.max(1))
            .build();
        let resolver = guard::GuardedResolver {
            inner: ureq::unversioned::resolver::DefaultResolver::default(),
            guard: opts.guard.clone(),
        };
        let agent = ureq::Agent::with_parts(
            config,
            ureq::unversioned::transport::DefaultConnector::default(),
            resolver,
        );
        Fetcher { agent, opts }
    }

    pub fn options(&self) -> &FetchOptions {
        &self.opts
    }

    /// Fetches one URL (http or https), retrying 429/5xx and connection failures.
    pub fn fetch(&self, url: &str) -> Result<Fetched, FetchError> {
        let url = url.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            return Err(FetchError::new(url, None, "not an http:// or https:// URL"));
        }
        let mut attempt = 0u32;
        loop {
            match self.attempt(url) {
                Ok(f) => return Ok(f),
                Err((e, retry)) => {
                    let Some(wait) = retry.filter(|_| attempt < self.opts.retries) else {
                        return Err(e);
                    };
                    let backoff = self.opts.backoff.saturating_mul(1 << attempt.min(16));
                    let wait = wait.unwrap_or(backoff);
                    if wait > self.opts.max_retry_after {
                        return Err(FetchError::new(
                            url,
                            e.status,
                            format!(
                                "{} (Retry-After {} s is longer than the {} s precis waits)",
                                e.message,
                                // Whole seconds, rounded up (an HTTP date 1.5 s ahead: 2 s).
                                wait.as_secs() + u64::from(wait.subsec_nanos() > 0),
                                self.opts.max_retry_after.as_secs()
                            ),
                        ));
                    }
                    std::thread::sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// One attempt. On failure: the error and, when a retry makes sense, `Some(wait)` with
    /// the server's `Retry-After` (or `None` for the default backoff).
    #[allow(clippy::type_complexity)]
    fn attempt(&self, url: &str) -> Result<Fetched, (FetchError, Option<Option<Duration>>)> {
        let mut resp = match self.agent.get(url).call() {
            Ok(r) => r,
            Err(e) => {
                let refused = matches!(&e, ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied);
                let retry = (!refused
                    && matches!(e, ureq::Error::ConnectionFailed | ureq::Error::Io(_)))
                .then_some(None);
                return Err((FetchError::new(url, None, self.describe(&e)), retry));
            }
        };
        let status = resp.status();
        let code = status.as_u16();
        if !status.is_success() {
            let reason = status.canonical_reason().unwrap_or("");
            let msg = format!("HTTP {code} {reason}").trim_end().to_string();
            let retry = (code == 429 || status.is_server_error()).then(|| {
                resp.headers()
                    .get("retry-after")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| parse_retry_after(v, SystemTime::now()))
            });
            return Err((FetchError::new(url, Some(code), msg), retry));
        }
        let final_url = resp.get_uri().to_string();
        let content_type = resp
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp
            .body_mut()
            .with_config()
            .limit(self.opts.max_bytes)
            .read_to_vec();
        let body = match body {
            Ok(b) => b,
            Err(ureq::Error::BodyExceedsLimit(_)) => {
                return Err((
                    FetchError::new(
                        url,
                        Some(code),
                        format!(
                            "body larger than the limit of {} bytes (--max-record-bytes)",
                            self.opts.max_bytes
                        ),
                    ),
                    None,
                ))
            }
            Err(e) => return Err((FetchError::new(url, Some(code), self.describe(&e)), None)),
        };
        let (media, charset) = split_content_type(content_type.as_deref());
        Ok(Fetched {
            url: url.to_string(),
            final_url,
            status: code,
            content_type: media,
            body: to_utf8(body, charset.as_deref()),
            fetched_at: rfc3339_now(),
        })
    }

    fn describe(&self, e: &ureq::Error) -> String {
        match e {
            ureq::Error::Timeout(_) => format!(
                "timed out (connect {} s, whole request {} s)",
                self.opts.connect_timeout.as_secs_f32(),
                self.opts.timeout.as_secs_f32()
            ),
            ureq::Error::TooManyRedirects => {
                format!("more than {} redirects", self.opts.max_redirects)
            }
            ureq::Error::HostNotFound => "host not found (DNS)".to_string(),
            ureq::Error::ConnectionFailed => "connection failed".to_string(),
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                io.to_string()
            }
            other => other.to_string(),
        }
    }

    /// Fetches every URL with at most `concurrency` requests in flight (`per_host` per host);
    /// the results come in the order of `urls`, each as soon as it and those before it are
    /// done. Memory holds at most a window of `4 × concurrency` results.
    pub fn fetch_all(
        &self,
        urls: Vec<String>,
    ) -> impl Iterator<Item = Result<Fetched, FetchError>> {
        ordered::Ordered::start(self.clone(), urls)
    }
}

/// The media type (lower case) and the charset of a `Content-Type` header.
fn split_content_type(ct: Option<&str>) -> (Option<String>, Option<String>) {
    let Some(ct) = ct else {
        return (None, None);
    };
    let mut parts = ct.split(';');
    let media = parts
        .next()
        .map(|m| m.trim().to_ascii_lowercase())
        .filter(|m| !m.is_empty());
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    });
    (media, charset)
}

/// The body in UTF-8 when the header names another charset and the body has no BOM: transcoded
/// and prefixed with a UTF-8 BOM (which downstream decoders honour before any `<meta>`).
fn to_utf8(body: Vec<u8>, charset: Option<&str>) -> Vec<u8> {
    if encoding_rs::Encoding::for_bom(&body).is_some() {
        return body;
    }
    let Some(enc) = charset.and_then(|c| encoding_rs::Encoding::for_label(c.as_bytes())) else {
        return body;
    };
    if enc == encoding_rs::UTF_8 {
        return body;
    }
    let (text, _, _) = enc.decode(&body);
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice(b"\xef\xbb\xbf");
    out.extend_from_slice(text.as_bytes());
    out
}

/// `Retry-After` (RFC 9110 §10.2.3): delay seconds, or an HTTP date — the IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`) or the obsolete RFC 850 and asctime forms, parsed by
/// `httpdate` (two-digit RFC 850 years are 1970–2069) — as the wait from `now`; a date in the
/// past is a wait of zero (retry now). `None` (the default backoff applies) when the value is
/// neither.
fn parse_retry_after(v: &str, now: SystemTime) -> Option<Duration> {
    let v = v.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        // 1*DIGIT; more digits than u64 holds is "longer than any cap".
        return Some(v.parse::<u64>().map_or(Duration::MAX, Duration::from_secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Now as RFC 3339 UTC, whole seconds.
pub fn rfc3339_now() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Seconds since the Unix epoch as RFC 3339 UTC (proleptic Gregorian calendar).
pub fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The host of an http(s) URL (lower case, with the port), for per-host limits.
pub fn host_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let auth = &rest[..end];
    let host = auth.rsplit_once('@').map_or(auth, |(_, h)| h);
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_767_225_599), "2025-12-31T23:59:59Z");
    }

    #[test]
    fn content_types() {
        assert_eq!(
            split_content_type(Some("text/html; charset=\"Windows-1252\"")),
            (Some("text/html".into()), Some("Windows-1252".into()))
        );
        assert_eq!(split_content_type(None), (None, None));
    }

    #[test]
    fn transcodes_header_charset() {
        let b = to_utf8(b"caf\xe9".to_vec(), Some("windows-1252"));
        assert_eq!(b, "\u{feff}café".as_bytes());
        // A BOM wins over the header.
        let b = to_utf8("\u{feff}café".as_bytes().to_vec(), Some("windows-1252"));
        assert_eq!(b, "\u{feff}café".as_bytes());
    }

    #[test]
    fn retry_after_seconds_and_http_dates() {
        // 1994-11-06T08:49:37Z, the example date of RFC 9110 §5.6.7.
        let at = UNIX_EPOCH + Duration::from_secs(784_111_777);
        let before = |s: u64| at - Duration::from_secs(s);
        assert_eq!(
            parse_retry_after(" 120 ", at),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after("0", at), Some(Duration::ZERO));
        // Delay-seconds is 1*DIGIT: no sign, no fraction; too many digits is longer than any cap.
        assert_eq!(parse_retry_after("+5", at), None);
        assert_eq!(parse_retry_after("1.5", at), None);
        assert_eq!(
            parse_retry_after("99999999999999999999999", at),
            Some(Duration::MAX)
        );
        // The three forms of an HTTP date, each 90 s after `before(90)`.
        for form in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(form, before(90)),
                Some(Duration::from_secs(90)),
                "{form}"
            );
        }
        // Sub-second `now`: the wait is what is left until the date.
        assert_eq!(
            parse_retry_after(
                "Sun, 06 Nov 1994 08:49:37 GMT",
                before(2) + Duration::from_millis(250)
            ),
            Some(Duration::from_millis(1750))
        );
        // A date in the past (or now): retry now.
        let later = at + Duration::from_secs(3600);
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", later),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", at),
            Some(Duration::ZERO)
        );
        // Not a date: a wrong weekday, a day that does not exist, another zone, garbage,
        // non-ASCII. The default backoff applies.
        for bad in [
            "Mon, 06 Nov 1994 08:49:37 GMT",
            "Sun, 31 Feb 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "2026-01-02T03:04:05Z",
            "soon",
            "",
            "Sun, 06 Nov 1994 08:49:37 GMT\u{e9}",
            "Sun, 06 N\u{f6}v 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, at), None, "{bad:?}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            host_of("http://User@Example.COM:8080/a?b"),
            "example.com:8080"
        );
        assert_eq!(host_of("https://x.example"), "x.example");
    }
}
