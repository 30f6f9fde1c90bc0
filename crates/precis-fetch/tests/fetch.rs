//! precis-fetch against a loopback site started by the test (never the internet).

#![allow(clippy::unwrap_used)]

mod support;

use std::io::Read;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use precis_fetch::{FetchOptions, Fetcher};
use support::site::{page_ids, Site};

fn opts() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        backoff: Duration::from_millis(50),
        ..FetchOptions::default()
    }
}

fn gunzip(gz: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn fetches_gzip_pages_and_follows_redirects() {
    let ids = page_ids();
    if ids.is_empty() {
        eprintln!("skipping: shared pages absent");
        return;
    }
    let site = Site::start();
    let f = Fetcher::new(opts());
    let got = f
        .fetch(&site.url(&format!("/pages/{}.html", ids[0])))
        .unwrap();
    let want = gunzip(
        &std::fs::read(support::site::shared_html_dir().join(format!("{}.html.gz", ids[0])))
            .unwrap(),
    );
    assert_eq!(got.body, want, "gzip transfer decoded");
    assert_eq!(got.status, 200);
    assert_eq!(got.content_type.as_deref(), Some("text/html"));
    assert!(got.fetched_at.ends_with('Z'));

    let moved = site.url(&format!("/moved/{}.html", ids[1]));
    let got = f.fetch(&moved).unwrap();
    assert_eq!(got.url, moved);
    assert_eq!(got.final_url, site.url(&format!("/pages/{}.html", ids[1])));

    let agents = site.stats.agents.lock().unwrap().clone();
    assert!(
        agents
            .iter()
            .all(|a| a.starts_with(&format!("precis/{}", env!("CARGO_PKG_VERSION")))),
        "{agents:?}"
    );
}

#[test]
fn failures_name_the_url_and_status() {
    let site = Site::start();
    let f = Fetcher::new(FetchOptions {
        max_bytes: 1 << 20,
        ..opts()
    });
    let e = f.fetch(&site.url("/missing.html")).unwrap_err();
    assert_eq!(e.status, Some(404));
    assert_eq!(
        e.to_string(),
        format!("{}: HTTP 404 Not Found", site.url("/missing.html"))
    );

    let t = Instant::now();
    let e = f.fetch(&site.url("/slow.html")).unwrap_err();
    assert!(e.message.contains("timed out"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(4), "{:?}", t.elapsed());

    let e = f.fetch(&site.url("/huge.html")).unwrap_err();
    assert!(
        e.message.contains("larger than the limit of 1048576 bytes"),
        "{e}"
    );

    let e = f.fetch(&site.url("/loop.html")).unwrap_err();
    assert!(e.message.contains("redirects"), "{e}");

    let e = f.fetch("ftp://x.example/a").unwrap_err();
    assert!(e.message.contains("not an http"), "{e}");

    // Nothing listens on port 9 of loopback (discard): a connection failure, not a hang.
    let e = f.fetch("http://127.0.0.1:9/").unwrap_err();
    assert_eq!(e.status, None, "{e}");
}

#[test]
fn retries_5xx_honouring_retry_after() {
    let site = Site::start();
    let f = Fetcher::new(opts());
    let t = Instant::now();
    let got = f.fetch(&site.url("/flaky.html")).unwrap();
    assert_eq!(got.status, 200);
    assert_eq!(site.hits("/flaky.html"), 2);
    assert!(
        t.elapsed() >= Duration::from_millis(900),
        "waited Retry-After: {:?}",
        t.elapsed()
    );

    let e = f.fetch(&site.url("/always503.html")).unwrap_err();
    assert_eq!(e.status, Some(503));
    assert_eq!(site.hits("/always503.html"), 3, "1 try + 2 retries");
}

#[test]
fn retry_after_as_an_http_date() {
    // The loopback site's date formatter agrees with httpdate (RFC 9110's example date).
    assert_eq!(
        support::site::http_date(784_111_777),
        "Sun, 06 Nov 1994 08:49:37 GMT"
    );
    assert_eq!(
        support::site::http_date(951_782_400),
        httpdate::fmt_http_date(std::time::UNIX_EPOCH + Duration::from_secs(951_782_400))
    );
    let site = Site::start();
    // A date 2 s ahead (1–2 s, the date has whole seconds): waited, then the page.
    let t = Instant::now();
    let got = Fetcher::new(opts())
        .fetch(&site.url("/retry-date/2.html"))
        .unwrap();
    assert_eq!(got.status, 200);
    assert_eq!(site.hits("/retry-date/2.html"), 2);
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(4),
        "waited until the Retry-After date, not the 50 ms backoff: {waited:?}"
    );

    // A date in the past: retry at once, not after the (here 3 s) default backoff.
    let t = Instant::now();
    let got = Fetcher::new(FetchOptions {
        backoff: Duration::from_secs(3),
        ..opts()
    })
    .fetch(&site.url("/retry-date/-3600.html"))
    .unwrap();
    assert_eq!(got.status, 200);
    assert_eq!(site.hits("/retry-date/-3600.html"), 2);
    assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());

    // A date an hour ahead is longer than max_retry_after: no retry, the error says why.
    let e = Fetcher::new(opts())
        .fetch(&site.url("/retry-date/3600.html"))
        .unwrap_err();
    assert_eq!(e.status, Some(503));
    assert_eq!(site.hits("/retry-date/3600.html"), 1);
    assert!(
        e.message
            .starts_with("HTTP 503 Service Unavailable (Retry-After 3")
            && e.message
                .ends_with(" s is longer than the 30 s precis waits)"),
        "{e}"
    );
}

#[test]
fn header_charset_becomes_utf8() {
    let site = Site::start();
    let got = Fetcher::new(opts())
        .fetch(&site.url("/cp1252.html"))
        .unwrap();
    let text = std::str::from_utf8(&got.body).unwrap();
    assert!(text.starts_with('\u{feff}'));
    assert!(text.contains("\u{201c}We cannot pay these fees,\u{201d} said Ren\u{e9}e Martin"));
}

#[test]
fn fetch_all_keeps_order_and_limits_per_host() {
    let site = Site::start();
    // Later URLs answer sooner: the output must still be in input order.
    let urls: Vec<String> = (0..12)
        .map(|i| site.url(&format!("/delay/{}/x{i}.html", (12 - i) * 20)))
        .collect();
    let f = Fetcher::new(FetchOptions {
        concurrency: 8,
        ..opts()
    });
    let got: Vec<_> = f.fetch_all(urls.clone()).collect();
    assert_eq!(got.len(), 12);
    for (g, u) in got.iter().zip(&urls) {
        assert_eq!(&g.as_ref().unwrap().url, u);
    }
    let max = site.stats.max_in_flight.load(Ordering::SeqCst);
    assert!(max <= 2, "at most 2 requests per host in flight, saw {max}");
    assert!(max >= 1);

    // Failures take their place in order.
    let urls = vec![
        site.url("/missing.html"),
        site.url("/cp1252.html"),
        site.url("/missing.html"),
    ];
    let got: Vec<_> = f.fetch_all(urls).collect();
    assert!(got[0].is_err() && got[1].is_ok() && got[2].is_err());
    assert_eq!(f.fetch_all(Vec::new()).count(), 0);
}

#[test]
fn guard_refuses_private_addresses_after_dns_and_on_redirects() {
    let site = Site::start();
    let port = site.base.rsplit(':').next().unwrap().to_string();
    let public = Fetcher::new(FetchOptions {
        guard: precis_fetch::Guard::PublicOnly,
        retries: 0,
        ..opts()
    });
    for url in [
        site.url("/cp1252.html"),
        format!("http://localhost:{port}/cp1252.html"),
        format!("http://[::1]:{port}/"),
        "http://10.0.0.1/".to_string(),
        "http://172.16.0.1/".to_string(),
        "http://192.168.0.1/".to_string(),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://[fc00::1]/".to_string(),
    ] {
        let t = Instant::now();
        let e = public.fetch(&url).unwrap_err();
        assert!(e.message.starts_with("address not allowed"), "{url}: {e}");
        assert!(
            t.elapsed() < Duration::from_secs(1),
            "refused before connecting: {url}"
        );
    }
    assert_eq!(site.hits("/cp1252.html"), 0, "nothing reached the site");

    // A policy that allows 127.0.0.1 only: a redirect from it to 127.0.0.2 is refused.
    let only_one = Fetcher::new(FetchOptions {
        guard: precis_fetch::Guard::Custom(std::sync::Arc::new(|ip| {
            (ip.to_string() != "127.0.0.1").then(|| format!("{ip} is not allowed"))
        })),
        retries: 0,
        ..opts()
    });
    assert!(only_one.fetch(&site.url("/cp1252.html")).is_ok());
    let e = only_one
        .fetch(&site.url(&format!("/to?http://127.0.0.2:{port}/cp1252.html")))
        .unwrap_err();
    assert!(e.message.contains("127.0.0.2 is not allowed"), "{e}");
}
