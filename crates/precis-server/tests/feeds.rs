//! POST /v1/summarize/feed (and `url` on batch lines): off without `--fetch-urls`; a feed on a
//! private address refused without `--allow-private-urls`; with it (loopback tests), the items
//! of RSS and Atom feeds in feed order, each equal to summarizing its page alone, a 404 item as
//! an error while the others go on. Loopback only.

#![allow(clippy::unwrap_used)]

mod common;
#[path = "../../precis-fetch/tests/support/site.rs"]
mod site;

use common::{metric, post_json, request, request_with, small, Server};
use precis_server::ServeConfig;
use serde_json::{json, Value};

/// `POST /v1/summarize/feed` with `body`.
async fn post_feed(addr: std::net::SocketAddr, body: &Value) -> common::Resp {
    post_json(addr, "/v1/summarize/feed", body).await
}

fn open() -> ServeConfig {
    ServeConfig {
        fetch_urls: true,
        allow_private_urls: true,
        ..small()
    }
}

#[tokio::test]
async fn feeds_need_fetch_urls() {
    let site = site::Site::start();
    let srv = Server::start(small()).await;
    let r = post_feed(srv.addr, &json!({ "url": site.url("/feed-some.xml") })).await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert!(r.error().contains("--fetch-urls"), "{}", r.error());
    let cfg = request(srv.addr, "GET", "/v1/config", b"").await;
    assert_eq!(cfg.status, 200);
    assert_eq!(cfg.json()["fetch_urls"], false);
    // Batch lines with a `url` are error lines naming the flag.
    let line = json!({ "id": "u", "url": site.url("/cp1252.html") }).to_string();
    let r = request_with(srv.addr, "POST", "/v1/summarize/batch", line.as_bytes(), "").await;
    assert_eq!(r.status, 200);
    let out: Value = serde_json::from_slice(r.body.trim_ascii()).unwrap();
    assert_eq!(out["id"], "u");
    assert!(
        out["error"].as_str().unwrap().contains("--fetch-urls"),
        "{out}"
    );
    srv.stop().await;
    assert_eq!(site.hits("/feed-some.xml"), 0);
    assert_eq!(site.hits("/cp1252.html"), 0);
}

#[tokio::test]
async fn private_feed_addresses_are_refused() {
    let site = site::Site::start();
    let srv = Server::start(ServeConfig {
        fetch_urls: true,
        ..small()
    })
    .await;
    let cfg = request(srv.addr, "GET", "/v1/config", b"").await;
    assert_eq!(cfg.json()["fetch_urls"], true);
    for (url, why) in [
        (site.url("/feed-some.xml"), "loopback"),
        ("http://10.1.2.3/feed.xml".to_string(), "private"),
        ("http://169.254.169.254/latest/".to_string(), "metadata"),
    ] {
        let r = post_feed(srv.addr, &json!({ "url": url })).await;
        assert_eq!(r.status, 403, "{url}: {}", r.text());
        assert!(r.error().contains(why), "{url}: {}", r.error());
        assert!(r.error().contains(&url), "names the URL: {}", r.error());
    }
    let r = post_feed(srv.addr, &json!({ "url": "file:///etc/passwd" })).await;
    assert_eq!(r.status, 400, "{}", r.text());
    let r = post_feed(srv.addr, &json!({})).await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("`url`"), "{}", r.error());
    let m = request(srv.addr, "GET", "/metrics", b"").await.text();
    assert_eq!(
        metric(
            &m,
            r#"precis_http_requests_total{route="/v1/summarize/feed",status="403"}"#
        ),
        3
    );
    srv.stop().await;
    assert_eq!(site.hits("/feed-some.xml"), 0, "nothing reached the site");
}

/// The highlights of one page summarized alone with `opts`.
async fn alone(addr: std::net::SocketAddr, url: &str, opts: &Value) -> Value {
    let mut body = opts.clone();
    body["url"] = url.into();
    let r = post_json(addr, "/v1/summarize", &body).await;
    assert_eq!(r.status, 200, "{url}: {}", r.text());
    r.json()
}

#[tokio::test]
async fn feed_items_in_order_equal_pages_summarized_alone() {
    if site::page_ids().len() < 3 {
        eprintln!("skipped: the shared pages are absent");
        return;
    }
    let site = site::Site::start();
    let srv = Server::start(open()).await;
    let links = site::some_links(&site.base);
    for (path, kind, title, author) in [
        ("/feed-some.xml", "rss", "Item", "Writer"),
        ("/atom-some.xml", "atom", "Entry", "Author"),
    ] {
        for opts in [json!({}), json!({ "method": "lead", "sentences": 2 })] {
            let mut body = opts.clone();
            body["url"] = site.url(path).into();
            let r = post_feed(srv.addr, &body).await;
            assert_eq!(r.status, 200, "{path}: {}", r.text());
            let v = r.json();
            assert_eq!(v["kind"], kind);
            assert_eq!(v["url"], site.url(path).as_str());
            assert_eq!(v["total"], 4);
            assert_eq!(v["truncated"], false);
            let items = v["items"].as_array().unwrap();
            assert_eq!(items.len(), 4, "{v}");
            // The 404 item is an error naming its URL and the status; the others go on.
            assert_eq!(items[1]["id"], links[1].as_str());
            let err = items[1]["error"].as_str().unwrap();
            assert!(err.contains("HTTP 404") && err.contains(&links[1]), "{err}");
            for i in [0, 2, 3] {
                let item = &items[i];
                let page = alone(srv.addr, &links[i], &opts).await;
                assert_eq!(item["url"], links[i].as_str(), "{item}");
                assert_eq!(item["id"], links[i].as_str());
                assert!(!item["highlights"].as_array().unwrap().is_empty());
                assert_eq!(item["highlights"], page["highlights"], "{path} item {i}");
                assert_eq!(item["sentences"], page["sentences"]);
                assert_eq!(item["method"], page["method"]);
                // Title, author and date come from the feed item.
                assert_eq!(item["title"], format!("{title} {i}").as_str());
                assert_eq!(item["byline"], format!("{author} {i}").as_str());
                let date = item["date"].as_str().unwrap();
                assert!(date.starts_with("2024-01-0"), "{date}");
            }
            if opts.get("sentences").is_some() {
                for i in [0, 2, 3] {
                    assert_eq!(items[i]["highlights"].as_array().unwrap().len(), 2);
                }
            }
        }
    }
    // Each page was fetched by the feed requests and by the pages alone: 2 × 2 × 2.
    assert_eq!(site.hits(&links[0].replace(&site.base, "")), 8);

    // max_items: the top of the feed, and `truncated`.
    let r = post_feed(
        srv.addr,
        &json!({ "url": site.url("/feed-some.xml"), "max_items": 2, "method": "lead" }),
    )
    .await;
    let v = r.json();
    assert_eq!(v["items"].as_array().unwrap().len(), 2);
    assert_eq!(v["truncated"], true);
    assert_eq!(v["total"], 4);
    for bad in [json!(0), json!(101)] {
        let r = post_feed(
            srv.addr,
            &json!({ "url": site.url("/feed-some.xml"), "max_items": bad }),
        )
        .await;
        assert_eq!(r.status, 400, "{}", r.text());
        assert!(r.error().contains("`max_items`"), "{}", r.error());
    }
    let r = post_feed(
        srv.addr,
        &json!({ "url": site.url("/feed-some.xml"), "nope": 1 }),
    )
    .await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("unknown field `nope`"), "{}", r.error());
    srv.stop().await;
}

#[tokio::test]
async fn feed_items_own_content_sitemaps_and_errors() {
    if site::page_ids().len() < 12 {
        eprintln!("skipped: the shared pages are absent");
        return;
    }
    let site = site::Site::start();
    let srv = Server::start(open()).await;
    // no_fetch: the items' own descriptions, no page fetched.
    let r = post_feed(
        srv.addr,
        &json!({ "url": site.url("/feed-some.xml"), "no_fetch": true }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(
            item["highlights"][0]["text"],
            format!("Teaser {i}."),
            "{item}"
        );
        assert_eq!(item["title"], format!("Item {i}").as_str());
    }
    assert_eq!(site.hits("/missing.html"), 0, "no_fetch fetches no page");
    // Sitemap entries have no content of their own: errors saying so, naming the field.
    let r = post_feed(
        srv.addr,
        &json!({ "url": site.url("/news-sitemap.xml"), "no_fetch": true, "max_items": 2 }),
    )
    .await;
    let v = r.json();
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        let err = item["error"].as_str().unwrap();
        assert!(
            err.contains("no text of its own") && err.contains("`no_fetch`"),
            "{err}"
        );
    }

    // A sitemap index: its sitemaps' pages, in order (8 from the news sitemap, then 4).
    let r = post_feed(
        srv.addr,
        &json!({ "url": site.url("/sitemap-index.xml"), "method": "lead", "max_items": 10 }),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["kind"], "sitemapindex");
    assert_eq!(v["truncated"], true);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 10);
    let ids = site::page_ids();
    for (i, item) in items.iter().enumerate() {
        let want = site.url(&format!("/pages/{}.html", ids[i]));
        assert_eq!(item["url"], want.as_str(), "{item}");
        assert!(item.get("highlights").is_some(), "{item}");
    }
    assert_eq!(items[0]["title"], "News 0", "news:title is the title");

    // Not a feed: 422 naming the URL; a page given to /v1/summarize that is a feed: 422.
    let page = site.url(&format!("/pages/{}.html", ids[0]));
    let r = post_feed(srv.addr, &json!({ "url": page })).await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.error().contains("not an RSS/Atom feed"), "{}", r.error());
    let r = post_json(
        srv.addr,
        "/v1/summarize",
        &json!({ "url": site.url("/feed.xml") }),
    )
    .await;
    assert_eq!(r.status, 422, "{}", r.text());
    assert!(r.error().contains("/v1/summarize/feed"), "{}", r.error());
    // The feed itself 404: 502 naming it.
    let r = post_feed(srv.addr, &json!({ "url": site.url("/missing.html") })).await;
    assert_eq!(r.status, 502, "{}", r.text());
    assert!(r.error().contains("HTTP 404"), "{}", r.error());
    srv.stop().await;
}

#[tokio::test]
async fn batch_lines_fetch_urls_when_allowed() {
    if site::page_ids().len() < 3 {
        eprintln!("skipped: the shared pages are absent");
        return;
    }
    let site = site::Site::start();
    let srv = Server::start(open()).await;
    let links = site::some_links(&site.base);
    let body: String = links
        .iter()
        .enumerate()
        .map(|(i, l)| {
            format!(
                "{}\n",
                json!({ "id": format!("p{i}"), "url": l, "method": "lead" })
            )
        })
        .collect();
    let r = request(srv.addr, "POST", "/v1/summarize/batch", body.as_bytes()).await;
    assert_eq!(r.status, 200);
    let lines: Vec<Value> = r
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 4);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["id"], format!("p{i}").as_str());
        if i == 1 {
            let err = line["error"].as_str().unwrap();
            assert!(err.contains("HTTP 404"), "{err}");
        } else {
            let page = alone(srv.addr, &links[i], &json!({ "method": "lead" })).await;
            assert_eq!(line["highlights"], page["highlights"]);
            assert_eq!(line["url"], links[i].as_str());
        }
    }
    srv.stop().await;
}
