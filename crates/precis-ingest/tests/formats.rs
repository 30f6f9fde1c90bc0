//! Formats beyond plain text: refusals by magic bytes, Markdown, feeds and sitemaps.

#![allow(clippy::unwrap_used)]

use precis_ingest::{parse_document, read_inputs, Article, ReadOptions, RecordError};
use proptest::prelude::*;

fn read_one(name: &str, bytes: &[u8]) -> Vec<Result<Article, RecordError>> {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    read_inputs(&[p], &ReadOptions::default()).collect()
}

const PROSE: &str = "The council approved the new budget on Tuesday after a long debate. \
Officials said the plan would fund schools and roads. Critics argued the spending was too high. \
The mayor said she was pleased with the result.";

#[test]
fn refuses_unsupported_formats_by_magic_bytes() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "paper.pdf",
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
            "PDF is not supported: convert it to text first (e.g. pdftotext)",
        ),
        (
            "letter.docx",
            b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xmlPK\x03\x04word/document.xml",
            "DOCX (Word) is not supported: convert it to text first",
        ),
        (
            "book.epub",
            b"PK\x03\x04\x0a\x00\x00\x00\x00\x00\x00\x00\x00\x00mimetypeapplication/epub+zipPK",
            "EPUB is not supported: convert it to text first",
        ),
        (
            "notes.odt",
            b"PK\x03\x04\x0a\x00\x00\x00\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
            "ODT (OpenDocument text) is not supported",
        ),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01",
            "PNG image is not supported",
        ),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG image is not supported"),
        ("song.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00TIT2", "MP3 audio is not supported"),
        (
            "clip.mp4",
            b"\x00\x00\x00\x20ftypisom\x00\x00\x02\x00isomiso2",
            "MP4/QuickTime video is not supported",
        ),
        ("talk.ogg", b"OggS\x00\x02\x00\x00", "Ogg audio/video is not supported"),
    ];
    for (name, bytes, want) in cases {
        // Whatever the extension says (even .txt), the bytes decide.
        for file in [name.to_string(), format!("{name}.txt")] {
            let items = read_one(&file, bytes);
            assert_eq!(items.len(), 1, "{file}");
            let e = items[0].as_ref().unwrap_err();
            let msg = e.to_string();
            assert!(msg.contains(want), "{file}: {msg}");
            assert!(msg.contains(&file), "names the file: {msg}");
        }
        let e = parse_document("doc", bytes, None, &ReadOptions::default()).unwrap_err();
        assert!(e.message.contains(want), "{}", e.message);
    }
}

#[test]
fn markdown_article_has_no_syntax() {
    let md = "# Council passes budget\n\n*By Jane Doe*\n\n![The council chamber](https://img.example/c.jpg)\n\n\
The **council** approved the [new budget](https://news.example/budget) on Tuesday after a long debate.\n\n\
## Reaction\n\n- Officials said the plan would fund schools and roads.\n- Critics argued the spending was `too high`.\n\n\
> The mayor said she was pleased with the result.\n";
    for name in ["story.md", "story.markdown", "story"] {
        let items = read_one(name, md.as_bytes());
        let a = items[0].as_ref().unwrap();
        assert_eq!(a.title.as_deref(), Some("Council passes budget"), "{name}");
        assert_eq!(a.byline.as_deref(), Some("By Jane Doe"));
        assert!(
            a.text
                .starts_with("The council approved the new budget on Tuesday"),
            "{name}: {}",
            a.text
        );
        for bad in ["#", "*", "![", "](", "https://", "`", "> ", "- "] {
            assert!(!a.text.contains(bad), "{name}: {bad:?} in {:?}", a.text);
        }
    }
    // A .txt file stays text, syntax and all (the user said so).
    let items = read_one("story.txt", md.as_bytes());
    assert!(items[0].as_ref().unwrap().text.contains("**council**"));
}

/// Markdown built from plain words and Markdown constructs.
fn md_block() -> impl Strategy<Value = String> {
    let word = "[A-Za-z]{1,8}";
    let words = prop::collection::vec(word, 1..8).prop_map(|w| w.join(" "));
    let inline = prop_oneof![
        words.clone(),
        words.clone().prop_map(|w| format!("**{w}**")),
        words.clone().prop_map(|w| format!("*{w}*")),
        words.clone().prop_map(|w| format!("_{w}_")),
        words.clone().prop_map(|w| format!("~~{w}~~")),
        words.clone().prop_map(|w| format!("`{w}`")),
        words
            .clone()
            .prop_map(|w| format!("[{w}](https://x.example/p?q=1)")),
        words
            .clone()
            .prop_map(|w| format!("![{w}](https://x.example/i.png)")),
        words.clone().prop_map(|w| format!("<span>{w}</span>")),
    ];
    let line = prop::collection::vec(inline, 1..5).prop_map(|v| format!("{}.", v.join(" ")));
    prop_oneof![
        line.clone(),
        line.clone().prop_map(|l| format!("# {l}")),
        line.clone().prop_map(|l| format!("### {l}")),
        line.clone().prop_map(|l| format!("- {l}")),
        line.clone().prop_map(|l| format!("1. {l}")),
        line.clone().prop_map(|l| format!("> {l}")),
        line.clone().prop_map(|l| format!("* [x] {l}")),
        line.clone()
            .prop_map(|l| format!("| {l} | {l} |\n|---|---|\n| {l} | {l} |")),
        Just("---".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn markdown_text_never_has_syntax(blocks in prop::collection::vec(md_block(), 1..12)) {
        let md = blocks.join("\n\n");
        let out = precis_ingest::markdown::to_text(&md);
        for s in std::iter::once(out.text.as_str()).chain(out.title.as_deref()) {
            for bad in ['#', '*', '_', '~', '`', '[', ']', '(', ')', '!', '<', '>', '|'] {
                prop_assert!(!s.contains(bad), "{:?} in {:?} from {:?}", bad, s, md);
            }
            prop_assert!(!s.contains("https"), "URL in {:?}", s);
            prop_assert!(!s.lines().any(|l| l.starts_with("- ") || l.starts_with("1. ")), "{:?}", s);
        }
        // Read as a file too: never a panic, and a good record has no syntax either.
        let opts = ReadOptions { format: Some(precis_ingest::InputFormat::Markdown), ..ReadOptions::default() };
        if let Ok(a) = parse_document("md", md.as_bytes(), Some(precis_ingest::InputFormat::Markdown), &opts) {
            prop_assert!(!a.text.contains("**") && !a.text.contains("]("), "{:?}", a.text);
        }
    }
}

fn rss(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><channel><title>T</title><link>http://news.example/</link><description>d</description>\n",
    );
    for (title, link, body) in items {
        s.push_str(&format!(
            "<item><title>{title}</title><link>{link}</link><dc:creator>Jane Doe</dc:creator><pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate><description>short</description><content:encoded><![CDATA[{body}]]></content:encoded></item>\n"
        ));
    }
    s.push_str("</channel></rss>\n");
    s
}

#[test]
fn rss_feed_gives_one_record_per_item_in_order() {
    let feed = rss(&[
        ("Budget passes", "http://news.example/a", &format!("<p>{PROSE}</p>")),
        (
            "Storm &amp; floods",
            "http://news.example/b",
            "<p>A storm flooded the coast on Monday. Roads were closed for hours.</p><p>Officials warned of more rain.</p>",
        ),
    ]);
    for name in ["feed.xml", "feed.rss", "feed"] {
        let items = read_one(name, feed.as_bytes());
        assert_eq!(items.len(), 2, "{name}: two items, two records");
        let a = items[0].as_ref().unwrap();
        let b = items[1].as_ref().unwrap();
        assert_eq!(a.id, "http://news.example/a");
        assert_eq!(a.url.as_deref(), Some("http://news.example/a"));
        assert_eq!(a.title.as_deref(), Some("Budget passes"));
        assert_eq!(a.byline.as_deref(), Some("Jane Doe"));
        assert_eq!(a.date.as_deref(), Some("2024-01-02T10:00:00Z"));
        assert!(a.text.starts_with("The council approved"), "{}", a.text);
        assert_eq!(b.title.as_deref(), Some("Storm & floods"));
        assert_eq!(
            b.text,
            "A storm flooded the coast on Monday. Roads were closed for hours.\nOfficials warned of more rain."
        );
    }
}

#[test]
fn atom_and_rss1_feeds() {
    let atom = format!(
        "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>T</title><id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>\
<entry><title>One</title><id>urn:1</id><link href=\"http://news.example/1\"/><updated>2024-01-03T00:00:00Z</updated><published>2024-01-02T00:00:00Z</published><author><name>A. Writer</name></author><content type=\"html\">&lt;p&gt;{PROSE}&lt;/p&gt;</content></entry>\
<entry><title>Two</title><id>urn:2</id><link href=\"http://news.example/2\"/><updated>2024-01-04T00:00:00Z</updated><summary>Rain fell all day in the city. Schools closed early.</summary></entry></feed>"
    );
    let items = read_one("atom.xml", atom.as_bytes());
    assert_eq!(items.len(), 2);
    let a = items[0].as_ref().unwrap();
    assert_eq!(a.id, "http://news.example/1");
    assert_eq!(a.byline.as_deref(), Some("A. Writer"));
    assert_eq!(a.date.as_deref(), Some("2024-01-02T00:00:00Z"));
    assert!(!a.text.contains('<'), "{}", a.text);
    let b = items[1].as_ref().unwrap();
    assert_eq!(
        b.text,
        "Rain fell all day in the city. Schools closed early."
    );
    assert_eq!(b.date.as_deref(), Some("2024-01-04T00:00:00Z"));

    let rdf = format!(
        "<?xml version=\"1.0\"?><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" xmlns=\"http://purl.org/rss/1.0/\">\
<channel rdf:about=\"http://news.example/\"><title>T</title><link>http://news.example/</link><description>d</description></channel>\
<item rdf:about=\"http://news.example/x\"><title>X</title><link>http://news.example/x</link><description>{PROSE}</description></item>\
<item rdf:about=\"http://news.example/y\"><title>Y</title><link>http://news.example/y</link><description>Markets fell sharply today. Traders were nervous.</description></item></rdf:RDF>"
    );
    let items = read_one("rdf.rss", rdf.as_bytes());
    assert_eq!(items.len(), 2);
    assert_eq!(items[1].as_ref().unwrap().id, "http://news.example/y");
}

#[test]
fn sitemaps_without_fetching_are_errors_per_entry() {
    let sm = "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>http://news.example/a</loc></url><url><loc>http://news.example/b</loc></url></urlset>";
    let items = read_one("sitemap.xml", sm.as_bytes());
    assert_eq!(items.len(), 2);
    for (i, it) in items.iter().enumerate() {
        let e = it.as_ref().unwrap_err();
        assert!(e.to_string().contains("fetch its link"), "{e}");
        assert_eq!(
            e.id.as_deref(),
            Some(["http://news.example/a", "http://news.example/b"][i])
        );
    }
    let empty = "<rss version=\"2.0\"><channel><title>t</title></channel></rss>";
    let items = read_one("empty.xml", empty.as_bytes());
    assert!(items[0]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("has no items"));
    let broken = "<rss version=\"2.0\"><channel><item><title>t</ti";
    let items = read_one("broken.xml", broken.as_bytes());
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}

#[test]
fn plain_text_and_html_are_not_taken_for_other_formats() {
    let items = read_one("a.txt", PROSE.as_bytes());
    assert!(items[0].is_ok());
    let items = read_one(
        "page",
        format!("<html><body><article><p>{PROSE}</p></article></body></html>").as_bytes(),
    );
    assert!(items[0].is_ok(), "{:?}", items[0]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    /// Feeds, sitemaps, HTML fragments and sniffing never panic, whatever the bytes.
    #[test]
    fn feed_readers_never_panic(
        prefix in prop_oneof![
            Just(&b"<rss version=\"2.0\"><channel><item><title>"[..]),
            Just(&b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"html\">"[..]),
            Just(&b"<urlset><url><loc>"[..]),
            Just(&b"<sitemapindex><sitemap><loc>"[..]),
            Just(&b"<?xml version=\"1.0\"?><!-- x --><rdf:RDF><item><description>"[..]),
            Just(&b""[..]),
        ],
        body in prop::collection::vec(any::<u8>(), 0..400),
        text in "[<>&#;a-z/ \"=!\\-\\[\\]\u{e9}\u{4e2d}]{0,200}",
    ) {
        let mut bytes = prefix.to_vec();
        bytes.extend_from_slice(&body);
        let _ = precis_ingest::feed::sniff_feed(&bytes);
        let _ = precis_ingest::feed::parse_feed(&bytes, Some("http://x.example/feed"));
        let _ = precis_ingest::sniff::refuse_reason(&bytes);
        let mut t = String::from_utf8_lossy(prefix).into_owned();
        t.push_str(&text);
        let _ = precis_ingest::feed::parse_feed(t.as_bytes(), None);
        let _ = precis_ingest::feed::html_to_text(&text);
        let _ = precis_ingest::markdown::to_text(&text);
        let _ = precis_ingest::markdown::looks_like_markdown(&text);
    }
}
