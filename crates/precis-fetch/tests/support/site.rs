//! A loopback HTTP/1.1 site for tests (std only; never the internet): the shared news pages
//! and feeds and sitemaps linking to them, plus the awkward cases (301, 404, slow, 30 MB,
//! windows-1252, 503 with Retry-After in seconds or as an HTTP date, a redirect loop). Each
//! connection is answered once and closed.

#![allow(dead_code, clippy::unwrap_used)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Where the shared data lives: `$PRECIS_SHARED` or `<repo>/../shared`.
pub fn shared_html_dir() -> PathBuf {
    let shared = std::env::var("PRECIS_SHARED")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared").to_string());
    PathBuf::from(shared).join("data/html/pages")
}

/// The ids (file stems) of the shared pages, sorted; empty when the data is absent.
pub fn page_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(shared_html_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .filter_map(|e| {
                    e.file_name()
                        .to_str()
                        .and_then(|n| n.strip_suffix(".html.gz"))
                        .map(str::to_string)
                })
                .collect()
        })
        .unwrap_or_default();
    ids.sort();
    ids
}

#[derive(Default)]
pub struct Stats {
    /// Requests per path.
    pub hits: Mutex<HashMap<String, usize>>,
    /// User-Agent headers seen.
    pub agents: Mutex<Vec<String>>,
    in_flight: AtomicUsize,
    /// Most requests in flight at once.
    pub max_in_flight: AtomicUsize,
}

pub struct Site {
    pub base: String,
    pub stats: Arc<Stats>,
}

impl Site {
    pub fn start() -> Site {
        Site::start_with(None)
    }

    /// The site, plus the files of `dir` under `/files/<name>` (HTML as `text/html`, anything
    /// else as `text/plain`) and an RSS feed of them all, by name, at `/files/feed.xml`.
    pub fn start_with_files(dir: &std::path::Path) -> Site {
        Site::start_with(Some(dir.to_path_buf()))
    }

    fn start_with(files: Option<PathBuf>) -> Site {
        let files = Arc::new(files);
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let base = format!("http://{addr}");
        let stats = Arc::new(Stats::default());
        let st = Arc::clone(&stats);
        let b = base.clone();
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                let Ok(conn) = conn else { continue };
                let st = Arc::clone(&st);
                let b = b.clone();
                let files = Arc::clone(&files);
                std::thread::spawn(move || {
                    let _ = serve(conn, &st, &b, files.as_deref());
                });
            }
        });
        Site { base, stats }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn hits(&self, path: &str) -> usize {
        self.stats
            .hits
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or(0)
    }
}

fn serve(
    mut conn: TcpStream,
    stats: &Stats,
    base: &str,
    files: Option<&std::path::Path>,
) -> std::io::Result<()> {
    conn.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        let n = conn.read(&mut buf)?;
        if n == 0 {
            return Ok(());
        }
        head.extend_from_slice(&buf[..n]);
        if head.len() > 64 * 1024 {
            return Ok(());
        }
    }
    let head = String::from_utf8_lossy(&head).to_string();
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let agent = head
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("user-agent")
                .then(|| v.trim().to_string())
        })
        .unwrap_or_default();
    stats.agents.lock().unwrap().push(agent);
    let count = {
        let mut h = stats.hits.lock().unwrap();
        let c = h.entry(path.clone()).or_insert(0);
        *c += 1;
        *c
    };
    let now = stats.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    stats.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let mut reply = Reply {
        conn: &mut conn,
        in_flight: Some(&stats.in_flight),
    };
    let r = match (files, path.strip_prefix("/files/")) {
        (Some(dir), Some(name)) => respond_file(&mut reply, dir, name, base),
        _ => respond(&mut reply, &path, count, base),
    };
    reply.done();
    r
}

/// The connection while a response is written. The request stops counting as in flight at the
/// response's first byte, before the client can see the response end: counted down after the
/// last byte, a client on a loaded machine could start its next request first, and the
/// per-host limit test saw 3 in flight.
struct Reply<'a> {
    conn: &'a mut TcpStream,
    in_flight: Option<&'a AtomicUsize>,
}

impl Reply<'_> {
    fn done(&mut self) {
        if let Some(n) = self.in_flight.take() {
            n.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl Write for Reply<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.done();
        self.conn.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.conn.flush()
    }
}

fn send(
    conn: &mut Reply<'_>,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut out = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (k, v) in headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    out.push_str("\r\n");
    conn.write_all(out.as_bytes())?;
    conn.write_all(body)?;
    conn.flush()
}

/// `/files/<name>`: a file of the served directory, or the RSS feed of them all.
fn respond_file(
    conn: &mut Reply<'_>,
    dir: &std::path::Path,
    name: &str,
    base: &str,
) -> std::io::Result<()> {
    if name == "feed.xml" {
        let mut names: Vec<String> = std::fs::read_dir(dir)?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        names.sort();
        let links: Vec<String> = names.iter().map(|n| format!("{base}/files/{n}")).collect();
        let feed = rss_feed(base, &links);
        return send(
            conn,
            "200 OK",
            &[("Content-Type", "application/rss+xml".into())],
            feed.as_bytes(),
        );
    }
    if name.contains('/') || name.contains("..") {
        return send(conn, "404 Not Found", &[], b"not found");
    }
    let Ok(body) = std::fs::read(dir.join(name)) else {
        return send(conn, "404 Not Found", &[], b"not found");
    };
    let ct = if name.ends_with(".html") {
        "text/html; charset=utf-8"
    } else {
        "text/plain; charset=utf-8"
    };
    send(conn, "200 OK", &[("Content-Type", ct.into())], &body)
}

fn page_gz(id: &str) -> Option<Vec<u8>> {
    if id.contains('/') || id.contains("..") {
        return None;
    }
    std::fs::read(shared_html_dir().join(format!("{id}.html.gz"))).ok()
}

/// An English article in windows-1252 (curly quotes, an e acute), declared only in the header.
pub const CP1252_PAGE: &[u8] = b"<html><head><title>Caf\xe9 owners protest</title></head><body><article>\
<h1>Caf\xe9 owners protest new rules</h1>\
<p>Caf\xe9 owners gathered outside city hall on Monday to protest new licensing rules that they say will force many small businesses to close before the end of the year.</p>\
<p>\x93We cannot pay these fees,\x94 said Ren\xe9e Martin, who has run a caf\xe9 on the main square for twenty years and employs eleven people.</p>\
<p>The council said the rules were needed to fund inspections and would be reviewed after twelve months of operation.</p>\
<p>A vote on the proposal is expected next week, and officials said they would meet the owners before then to hear their concerns.</p>\
</article></body></html>";

/// Seconds since the Unix epoch as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the
/// preferred HTTP date of RFC 9110 §5.6.7; written here with std only.
pub fn http_date(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    const WDAY: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MON: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "{}, {d:02} {} {y:04} {:02}:{:02}:{:02} GMT",
        WDAY[days.rem_euclid(7) as usize],
        MON[(m - 1) as usize],
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

fn rss_feed(base: &str, links: &[String]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>Test site</title><link>");
    s.push_str(base);
    s.push_str("/</link><description>Pages</description>\n");
    for (i, l) in links.iter().enumerate() {
        s.push_str(&format!(
            "<item><title>Item {i}</title><link>{l}</link><dc:creator>Writer {i}</dc:creator><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate><description>Teaser {i}.</description></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

fn atom_feed(links: &[String]) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Test site</title><id>urn:test</id><updated>2024-01-01T00:00:00Z</updated>\n");
    for (i, l) in links.iter().enumerate() {
        s.push_str(&format!(
            "<entry><title>Entry {i}</title><id>urn:test:{i}</id><link href=\"{l}\"/><updated>2024-01-0{}T00:00:00Z</updated><author><name>Author {i}</name></author></entry>\n",
            i % 9 + 1
        ));
    }
    s.push_str("</feed>\n");
    s
}

fn urlset(links: &[String], news: bool) -> String {
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n");
    for (i, l) in links.iter().enumerate() {
        if news {
            s.push_str(&format!("<url><loc>{l}</loc><news:news><news:publication><news:name>Test</news:name><news:language>en</news:language></news:publication><news:publication_date>2024-02-0{}</news:publication_date><news:title>News {i}</news:title></news:news></url>\n", i % 9 + 1));
        } else {
            s.push_str(&format!(
                "<url><loc>{l}</loc><lastmod>2024-03-01</lastmod></url>\n"
            ));
        }
    }
    s.push_str("</urlset>\n");
    s
}

/// The links of `/feed-some.xml` and `/atom-some.xml`: the first shared page, a 404
/// (`/missing.html`), the second and third pages.
pub fn some_links(base: &str) -> Vec<String> {
    let ids = feed_page_ids(3);
    let mut links: Vec<String> = ids
        .iter()
        .map(|id| format!("{base}/pages/{id}.html"))
        .collect();
    links.insert(1, format!("{base}/missing.html"));
    links
}

/// Page links of the feeds: the first `n` shared pages.
pub fn feed_page_ids(n: usize) -> Vec<String> {
    page_ids().into_iter().take(n).collect()
}

fn respond(conn: &mut Reply<'_>, path: &str, count: usize, base: &str) -> std::io::Result<()> {
    let html = ("Content-Type", "text/html".to_string());
    let xml = ("Content-Type", "application/xml".to_string());
    let (route, query) = path.split_once('?').unwrap_or((path, ""));
    if let Some(id) = route
        .strip_prefix("/pages/")
        .and_then(|p| p.strip_suffix(".html"))
    {
        return match page_gz(id) {
            Some(gz) => send(
                conn,
                "200 OK",
                &[html, ("Content-Encoding", "gzip".into())],
                &gz,
            ),
            None => send(conn, "404 Not Found", &[], b"no such page"),
        };
    }
    if let Some(id) = route.strip_prefix("/moved/") {
        return send(
            conn,
            "301 Moved Permanently",
            &[("Location", format!("/pages/{id}"))],
            b"",
        );
    }
    if let Some(rest) = route.strip_prefix("/delay/") {
        let (ms, id) = rest.split_once('/').unwrap_or(("0", ""));
        std::thread::sleep(Duration::from_millis(ms.parse().unwrap_or(0)));
        let id = id.strip_suffix(".html").unwrap_or(id);
        return match page_gz(id) {
            Some(gz) => send(
                conn,
                "200 OK",
                &[html, ("Content-Encoding", "gzip".into())],
                &gz,
            ),
            None => send(
                conn,
                "200 OK",
                &[html],
                b"<html><body><p>Delayed.</p></body></html>",
            ),
        };
    }
    let n_feed = 8;
    let mut links: Vec<String> = feed_page_ids(n_feed)
        .iter()
        .map(|id| format!("{base}/pages/{id}.html"))
        .collect();
    // `/retry-date/<seconds>.html`: first a 503 whose Retry-After is the HTTP date that many
    // seconds from now (negative: in the past), then the windows-1252 page.
    if let Some(offset) = route
        .strip_prefix("/retry-date/")
        .and_then(|r| r.strip_suffix(".html"))
        .and_then(|r| r.parse::<i64>().ok())
    {
        if count == 1 {
            let at = http_date(now_secs() + offset);
            return send(
                conn,
                "503 Service Unavailable",
                &[("Retry-After", at)],
                b"busy",
            );
        }
        return send(conn, "200 OK", &[html], CP1252_PAGE);
    }
    if route == "/to" {
        return send(conn, "302 Found", &[("Location", query.to_string())], b"");
    }
    match route {
        "/missing.html" => send(
            conn,
            "404 Not Found",
            &[html],
            b"<html><body>Not here</body></html>",
        ),
        "/slow.html" => {
            std::thread::sleep(Duration::from_secs(4));
            send(
                conn,
                "200 OK",
                &[html],
                b"<html><body><p>Too late.</p></body></html>",
            )
        }
        "/huge.html" => {
            let size = 30 << 20;
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
            conn.write_all(head.as_bytes())?;
            let chunk = vec![b'a'; 64 << 10];
            let mut sent = 0;
            while sent < size {
                if conn.write_all(&chunk).is_err() {
                    return Ok(()); // the client stopped reading at its cap
                }
                sent += chunk.len();
            }
            Ok(())
        }
        "/cp1252.html" => send(
            conn,
            "200 OK",
            &[("Content-Type", "text/html; charset=windows-1252".into())],
            CP1252_PAGE,
        ),
        "/flaky.html" if count == 1 => send(
            conn,
            "503 Service Unavailable",
            &[("Retry-After", "1".into())],
            b"busy",
        ),
        "/flaky.html" => send(conn, "200 OK", &[html], CP1252_PAGE),
        "/always503.html" => send(conn, "503 Service Unavailable", &[], b"down"),
        "/loop.html" => send(conn, "302 Found", &[("Location", "/loop.html".into())], b""),
        "/not-html.png" => send(
            conn,
            "200 OK",
            &[("Content-Type", "image/png".into())],
            b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR",
        ),
        "/feed.xml" => send(conn, "200 OK", &[xml], rss_feed(base, &links).as_bytes()),
        "/feed-mixed.xml" => {
            // A 301, a 404, a slow page, a 30 MB body and a windows-1252 page among good ones.
            let first = feed_page_ids(2);
            links = vec![
                format!("{base}/pages/{}.html", first[0]),
                format!("{base}/moved/{}.html", first[1]),
                format!("{base}/missing.html"),
                format!("{base}/slow.html"),
                format!("{base}/huge.html"),
                format!("{base}/cp1252.html"),
            ];
            send(conn, "200 OK", &[xml], rss_feed(base, &links).as_bytes())
        }
        "/feed-some.xml" | "/atom-some.xml" => {
            // Three pages with a 404 second (see `some_links`).
            let links = some_links(base);
            if route == "/feed-some.xml" {
                send(conn, "200 OK", &[xml], rss_feed(base, &links).as_bytes())
            } else {
                send(
                    conn,
                    "200 OK",
                    &[("Content-Type", "application/atom+xml".into())],
                    atom_feed(&links).as_bytes(),
                )
            }
        }
        "/feed-private.xml" => {
            // A page here, one on another loopback address, one on a private address, a page.
            let ids = feed_page_ids(2);
            let other = base.replace("127.0.0.1", "127.0.0.2");
            let links = vec![
                format!("{base}/pages/{}.html", ids[0]),
                format!("{other}/pages/{}.html", ids[1]),
                "http://10.0.0.1/private.html".to_string(),
                format!("{base}/pages/{}.html", ids[1]),
            ];
            send(conn, "200 OK", &[xml], rss_feed(base, &links).as_bytes())
        }
        "/atom.xml" => send(
            conn,
            "200 OK",
            &[("Content-Type", "application/atom+xml".into())],
            atom_feed(&links).as_bytes(),
        ),
        "/relative.xml" => {
            let rel: Vec<String> = feed_page_ids(n_feed)
                .iter()
                .map(|id| format!("pages/{id}.html"))
                .collect();
            send(conn, "200 OK", &[xml], rss_feed(base, &rel).as_bytes())
        }
        "/news-sitemap.xml" => send(conn, "200 OK", &[xml], urlset(&links, true).as_bytes()),
        "/sitemap-all.xml" => {
            let all: Vec<String> = page_ids()
                .iter()
                .map(|id| format!("{base}/pages/{id}.html"))
                .collect();
            send(conn, "200 OK", &[xml], urlset(&all, false).as_bytes())
        }
        "/sitemap-index.xml" => {
            let body = format!("<?xml version=\"1.0\"?><sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><sitemap><loc>{base}/news-sitemap.xml</loc></sitemap><sitemap><loc>/sitemap-1.xml</loc></sitemap></sitemapindex>");
            send(conn, "200 OK", &[xml], body.as_bytes())
        }
        "/sitemap-1.xml" => {
            let ids = page_ids();
            let more: Vec<String> = ids
                .iter()
                .skip(n_feed)
                .take(4)
                .map(|id| format!("{base}/pages/{id}.html"))
                .collect();
            send(conn, "200 OK", &[xml], urlset(&more, false).as_bytes())
        }
        _ => send(conn, "404 Not Found", &[], b"not found"),
    }
}
