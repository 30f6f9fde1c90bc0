//! `{"url": …}` on POST /v1/summarize: off by default; with `--fetch-urls`, private addresses
//! are refused (403 naming the reason) unless `--allow-private-urls`. Loopback only.

#![allow(clippy::unwrap_used)]

mod common;
#[path = "../../precis-fetch/tests/support/site.rs"]
mod site;

use common::{post_json, small, Server};
use precis_server::ServeConfig;
use serde_json::json;

#[tokio::test]
async fn urls_need_fetch_urls_and_private_addresses_are_refused() {
    let site = site::Site::start();
    let port = site.base.rsplit(':').next().unwrap().to_string();
    let page = site.url("/cp1252.html");

    let off = Server::start(small()).await;
    let r = post_json(off.addr, "/v1/summarize", &json!({ "url": page })).await;
    assert_eq!(r.status, 400);
    assert!(r.error().contains("--fetch-urls"), "{}", r.error());
    off.stop().await;

    let guarded = Server::start(ServeConfig {
        fetch_urls: true,
        ..small()
    })
    .await;
    for (url, why) in [
        (page.clone(), "loopback"),
        (format!("http://localhost:{port}/cp1252.html"), "loopback"),
        (format!("http://[::1]:{port}/"), "loopback"),
        ("http://10.0.0.1/".to_string(), "private"),
        ("http://172.16.0.1/".to_string(), "private"),
        ("http://192.168.0.1/".to_string(), "private"),
        (
            "http://169.254.169.254/latest/meta-data/".to_string(),
            "metadata",
        ),
        ("http://[fc00::1]/".to_string(), "unique-local"),
    ] {
        let r = post_json(guarded.addr, "/v1/summarize", &json!({ "url": url })).await;
        assert_eq!(r.status, 403, "{url}: {}", r.text());
        assert!(r.error().contains(why), "{url}: {}", r.error());
    }
    let r = post_json(
        guarded.addr,
        "/v1/summarize",
        &json!({ "url": "file:///etc/passwd" }),
    )
    .await;
    assert_eq!(r.status, 400, "{}", r.text());
    assert_eq!(
        site.hits("/cp1252.html"),
        0,
        "nothing reached the loopback site"
    );
    guarded.stop().await;

    let open = Server::start(ServeConfig {
        fetch_urls: true,
        allow_private_urls: true,
        ..small()
    })
    .await;
    let r = post_json(open.addr, "/v1/summarize", &json!({ "url": page })).await;
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["url"], page.as_str());
    assert!(v["highlights"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Caf\u{e9} owners"));
    let r = post_json(
        open.addr,
        "/v1/summarize",
        &json!({ "url": site.url("/missing.html") }),
    )
    .await;
    assert_eq!(r.status, 502, "{}", r.text());
    assert!(r.error().contains("HTTP 404"), "{}", r.error());
    open.stop().await;
}
