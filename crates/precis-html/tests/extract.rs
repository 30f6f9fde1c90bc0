//! Behaviour tests: charsets, pre-clean, highlights, bad pages.

use precis_html::{decode, extract, extract_bytes, looks_like_html, HtmlError};

fn article_body(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|i| {
            format!(
                "<p>Paragraph {i} of the report says the council voted on the new budget, \
                 which raises spending on schools, roads and parks by a modest amount this year, \
                 after a long debate that ran late into the evening.</p>"
            )
        })
        .collect()
}

fn page(extra_head: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">{extra_head}\
         <title>Council passes budget | Town News</title></head><body>{body}</body></html>"
    )
}

#[test]
fn windows_1252_meta_charset() {
    let html = page(
        "",
        &format!(
            "<article><h1>Caf\u{e9}</h1>{}<p>The caf\u{e9} owner said \u{201c}na\u{ef}ve\u{201d} plans cost \u{20ac}5 more.</p></article>",
            article_body(4)
        ),
    )
    .replace("charset=\"utf-8\"", "charset=\"windows-1252\"");
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&html);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "must not be valid UTF-8"
    );
    let text = decode(&bytes);
    assert!(text.contains("caf\u{e9} owner said \u{201c}na\u{ef}ve\u{201d} plans cost \u{20ac}5"));
    let ex = extract_bytes(&bytes, None).expect("article");
    assert!(ex.text.contains("\u{20ac}5 more"), "{}", ex.text);
}

#[test]
fn shift_jis_http_equiv() {
    let body = "<p>東京都は十九日、新しい予算案を発表した。学校と道路と公園への支出が増える。</p>"
        .repeat(12);
    let html = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">\
         <title>予算</title></head><body><article>{body}</article></body></html>"
    );
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&html);
    assert!(!unmappable);
    let text = decode(&bytes);
    assert!(text.contains("東京都は十九日"));
    let ex = extract_bytes(&bytes, Some("https://example.jp/a")).expect("article");
    assert!(ex.text.contains("新しい予算案を発表した"), "{}", ex.text);
}

#[test]
fn gzip_input_is_inflated() {
    use std::io::Write;
    let html = page("", &format!("<article>{}</article>", article_body(5)));
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(html.as_bytes()).expect("write");
    let gz = enc.finish().expect("finish");
    assert_eq!(decode(&gz), html);
    assert!(extract_bytes(&gz, None).is_ok());
}

#[test]
fn captions_bylines_and_metadata() {
    let head = r#"<meta property="og:title" content="Council passes budget">
        <meta property="og:site_name" content="Town News">
        <meta property="article:published_time" content="2019-11-19T12:05:31Z">
        <link rel="canonical" href="https://news.example/budget">"#;
    let body = format!(
        r#"<article><h1>Council passes budget</h1>
        <div class="article-byline">By Jane Reporter</div><time datetime="2019-11-19">Nov 19, 2019</time>
        <figure><img src="a.jpg"><figcaption>Council members vote on Tuesday. (Photo: AP)</figcaption></figure>
        <div class="player__caption">Media playback is unsupported on your device</div>
        {}<div class="share-tools"><a href="/s">Share on Facebook</a><a href="/t">Tweet</a></div></article>"#,
        article_body(6)
    );
    let ex = extract(&page(head, &body), Some("https://news.example/budget?x=1")).expect("article");
    assert!(ex.text.starts_with("Paragraph 0"), "{}", ex.text);
    for gone in [
        "Council members vote",
        "Media playback",
        "Jane Reporter",
        "Share on Facebook",
        "Nov 19",
    ] {
        assert!(!ex.text.contains(gone), "{gone} leaked: {}", ex.text);
    }
    assert_eq!(ex.text.lines().count(), 6);
    assert!(ex
        .removed
        .iter()
        .any(|(k, t)| k == "caption" && t.contains("Council members vote")));
    assert!(ex
        .removed
        .iter()
        .any(|(k, t)| k == "byline" && t.contains("Jane Reporter")));
    assert!(ex.removed.iter().any(|(k, _)| k == "share"));
    assert_eq!(ex.title.as_deref(), Some("Council passes budget"));
    assert_eq!(ex.site.as_deref(), Some("Town News"));
    assert_eq!(ex.date.as_deref(), Some("2019-11-19T12:05:31Z"));
    assert_eq!(ex.url.as_deref(), Some("https://news.example/budget"));
    assert_eq!(ex.lang.as_deref(), Some("en"));
    assert_eq!(ex.byline.as_deref(), Some("By Jane Reporter"));
}

#[test]
fn story_highlights_become_highlights() {
    let body = format!(
        r#"<div class="el__storyhighlights"><h3>Story highlights</h3><ul class="el__storyhighlights__list">
        <li>The council approved the budget 7-2</li><li>School spending rises 4%</li></ul></div>
        <article>{}</article>"#,
        article_body(5)
    );
    let ex = extract(&page("", &body), None).expect("article");
    assert_eq!(
        ex.highlights,
        Some(vec![
            "The council approved the budget 7-2".to_string(),
            "School spending rises 4%".to_string()
        ])
    );
    assert!(!ex.text.contains("approved the budget 7-2"));
    assert!(ex.removed.iter().any(|(k, _)| k == "story_highlights"));

    // Heading convention: "Key Points" followed by a list.
    let body = format!(
        "<article><h2>Key Points</h2><ul><li>Stocks rose</li><li>Oil fell</li></ul>{}</article>",
        article_body(5)
    );
    let ex = extract(&page("", &body), None).expect("article");
    assert_eq!(
        ex.highlights,
        Some(vec!["Stocks rose".to_string(), "Oil fell".to_string()])
    );
    assert!(!ex.text.contains("Stocks rose"));
    assert!(ex.removed.iter().any(|(k, _)| k == "key_points"));
}

#[test]
fn bad_pages_error_cleanly() {
    assert_eq!(extract("", None), Err(HtmlError::Empty));
    assert_eq!(extract("  \n\t ", None), Err(HtmlError::Empty));
    assert_eq!(extract_bytes(b"", None), Err(HtmlError::Empty));
    assert_eq!(
        extract_bytes(
            b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00",
            None
        ),
        Err(HtmlError::Binary)
    );
    assert_eq!(
        extract(
            "<html><body><nav><a href=/>Home</a></nav></body></html>",
            None
        ),
        Err(HtmlError::NoArticle)
    );
    // Truncated mid-tag and mid-paragraph: still extracts what is there.
    let full = page("", &format!("<article>{}</article>", article_body(6)));
    let cut = &full[..full.len() * 2 / 3];
    let ex = extract(cut, None).expect("truncated page");
    assert!(ex.text.contains("Paragraph 0"));
    // Truncated gzip stream.
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    enc.write_all(full.as_bytes()).expect("write");
    let gz = enc.finish().expect("finish");
    let _ = extract_bytes(&gz[..gz.len() / 2], None);
    let err = HtmlError::TooLarge {
        size: 20,
        limit: 10,
    };
    assert_eq!(err.to_string(), "page too large (20 bytes, limit 10)");
}

#[test]
fn twenty_megabytes_of_divs_is_rejected_fast() {
    let html = "<div>".repeat(4 * 1024 * 1024);
    let t = std::time::Instant::now();
    assert!(matches!(
        extract(&html, None),
        Err(HtmlError::TooLarge { .. })
    ));
    let bytes = html.as_bytes();
    assert!(matches!(
        extract_bytes(bytes, None),
        Err(HtmlError::TooLarge { .. })
    ));
    assert!(t.elapsed().as_secs() < 5);
}

#[test]
fn deep_nesting_is_flattened_not_overflowed() {
    // 100k nested divs around an article: runs on a 2 MB test-thread stack.
    let n = 100_000;
    let html = format!(
        "<html><body>{}<article>{}</article>{}</body></html>",
        "<div>".repeat(n),
        article_body(5),
        "</div>".repeat(n)
    );
    assert!(precis_html::nesting::max_depth(&html) > precis_html::nesting::MAX_DEPTH);
    let t = std::time::Instant::now();
    let ex = extract(&html, None).expect("article");
    assert!(ex.text.contains("Paragraph 4"));
    assert!(t.elapsed().as_secs() < 20, "{:?}", t.elapsed());
    // Unclosed, unbalanced nesting of mixed tags.
    let html = "<span><b><i><div><font>x".repeat(30_000);
    let _ = extract(&html, None);
    // Just under the limit: parsed as is.
    let d = precis_html::nesting::MAX_DEPTH - 2;
    let html = format!(
        "<html><body>{}<article>{}</article>{}</body></html>",
        "<div>".repeat(d),
        article_body(5),
        "</div>".repeat(d)
    );
    assert!(extract(&html, None)
        .expect("article")
        .text
        .contains("Paragraph 4"));
}

#[test]
fn sniffing() {
    assert!(looks_like_html(b"<!doctype html><title>x</title>"));
    assert!(looks_like_html(b"\n\n<HTML><BODY>"));
    assert!(!looks_like_html(b"%PDF-1.7"));
    assert!(!looks_like_html(&[0x1f, 0x8b, 8, 0]));
}
