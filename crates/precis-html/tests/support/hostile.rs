//! Hostile HTML inputs for the CPU-amplification checks: each generator builds a page of
//! about `size` bytes whose parse or extraction cost would grow faster than linearly with its
//! length without the bounds in `nesting` / `lib.rs`. Shared by `tests/amplification.rs` and
//! `examples/hostile.rs` (which times them).

#![allow(dead_code)]

/// A sentence of article text (about 120 bytes).
pub const SENTENCE: &str = "The council voted on the new budget, which raises spending on \
    schools, roads and parks by a modest amount this year. ";

/// `head`, then `unit(i)` for i = 0, 1, ... while the page stays under `size`, then `tail`.
pub fn fill(head: &str, unit: impl Fn(usize) -> String, tail: &str, size: usize) -> String {
    let mut s = String::with_capacity(size + 256);
    s.push_str(head);
    let mut i = 0;
    loop {
        let u = unit(i);
        if u.is_empty() || s.len() + u.len() + tail.len() > size {
            break;
        }
        s.push_str(&u);
        i += 1;
    }
    s.push_str(tail);
    s
}

/// Article paragraphs, so that a page has something to extract.
pub fn article(paragraphs: usize) -> String {
    (0..paragraphs)
        .map(|_| format!("<p>{SENTENCE}{SENTENCE}</p>"))
        .collect()
}

fn page(body_head: &str, unit: impl Fn(usize) -> String, body_tail: &str, size: usize) -> String {
    let head = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><title>Budget</title></head><body>{}{body_head}",
        article(6)
    );
    let tail = format!("{body_tail}{}</body></html>", article(2));
    fill(&head, unit, &tail, size)
}

/// (name, what it is, generator) for every hostile input.
pub type Case = (&'static str, &'static str, fn(usize) -> String);

/// Every hostile input.
pub fn cases() -> Vec<Case> {
    vec![
        // --- attributes (html5ever's tokenizer checks each new attribute against all earlier
        // ones of the same tag; the tree builder merges <html>/<body> attributes likewise) ---
        (
            "attrs_distinct",
            "one <div> with distinct attributes a0=\"x\" a1=\"x\" ...",
            |n| page("<div ", |i| format!("a{i}=\"x\" "), ">text</div>", n),
        ),
        ("attrs_same", "one <div> with a=\"x\" repeated", |n| {
            page("<div ", |_| "a=\"x\" ".into(), ">text</div>", n)
        }),
        (
            "attrs_bare",
            "one <div> with distinct valueless attributes",
            |n| page("<div", |i| format!(" b{i}"), ">text</div>", n),
        ),
        ("attrs_end_tag", "one end tag </div a0 a1 ...>", |n| {
            page("<div>text</div ", |i| format!("a{i} "), ">", n)
        }),
        ("attrs_slashes", "attributes separated by '/' only", |n| {
            page("<div", |i| format!("/s{i}"), ">text</div>", n)
        }),
        (
            "attrs_per_tag_256",
            "<div>s with 256 distinct attributes each",
            |n| {
                page(
                    "",
                    |_| {
                        let mut t = String::from("<div");
                        for k in 0..256 {
                            t.push_str(&format!(" a{k}"));
                        }
                        t.push_str(">x</div>");
                        t
                    },
                    "",
                    n,
                )
            },
        ),
        (
            "attrs_after_abrupt_comment",
            "<!--> then a <div> with distinct attributes",
            |n| {
                page(
                    "<!--> <div ",
                    |i| format!("a{i}=\"x\" "),
                    ">text</div> -->",
                    n,
                )
            },
        ),
        (
            "attrs_in_svg_style",
            "<svg><style> (not raw text in SVG) then attributes",
            |n| {
                page(
                    "<svg><style><div ",
                    |i| format!("a{i} "),
                    ">t</div></style></svg>",
                    n,
                )
            },
        ),
        (
            "attrs_in_select_iframe",
            "<select><iframe> (ignored in select) then attributes",
            |n| {
                page(
                    "<select><iframe><div ",
                    |i| format!("a{i} "),
                    ">t</div></select>",
                    n,
                )
            },
        ),
        (
            "attrs_double_equals",
            "<p a==\"> hides a <div> with attributes from a naive scan",
            |n| page("<p a==\"> <div ", |i| format!("a{i} "), ">\" >t</div>", n),
        ),
        (
            "attrs_script_name",
            "<script\"x> is not a script; then attributes",
            |n| page("<script\"x> <div ", |i| format!("a{i} "), ">t</div>", n),
        ),
        (
            "body_attrs_merge",
            "<body aN> repeated (attributes merged into <body>)",
            |n| page("", |i| format!("<body a{i}>"), "", n),
        ),
        ("html_attrs_merge", "<html aN> repeated", |n| {
            page("", |i| format!("<html a{i}>"), "", n)
        }),
        (
            "attr_long_value",
            "one attribute value of the whole size",
            |n| page("<div title=\"", |_| "xy ".into(), "\">text</div>", n),
        ),
        // --- tables ---
        (
            "tables_td_text",
            "<table><tr><td> + text, never closed",
            |n| page("", |_| format!("<table><tr><td>{SENTENCE}"), "", n),
        ),
        ("tables_bare", "<table> repeated", |n| {
            page("", |_| "<table>".into(), "", n)
        }),
        ("tables_td_nested_closed", "nested tables, closed", |n| {
            let k = n / 34;
            let mut s = String::new();
            for _ in 0..k {
                s.push_str("<table><tr><td>");
            }
            s.push_str(SENTENCE);
            for _ in 0..k {
                s.push_str("</td></tr></table>");
            }
            page("", |_| String::new(), &s, n + s.len())
        }),
        (
            "table_text_foster",
            "<table> with text directly inside (foster parenting)",
            |n| page("<table>", |_| "x <b>y</b> ".into(), "</table>", n),
        ),
        (
            "table_div_foster",
            "<table><div> repeated (foster-parented divs)",
            |n| page("", |_| "<table><div>x".into(), "", n),
        ),
        ("table_rows_many", "one table, many rows", |n| {
            page(
                "<table>",
                |_| "<tr><td>a</td><td>b</td></tr>".into(),
                "</table>",
                n,
            )
        }),
        ("table_cells_many", "one table row, many cells", |n| {
            page("<table><tr>", |_| "<td>a".into(), "</table>", n)
        }),
        // --- formatting elements (active formatting list, adoption agency) ---
        ("a_unclosed", "<a href> never closed", |n| {
            page("", |_| "<a href=\"/x\">word ".into(), "", n)
        }),
        ("b_unclosed", "<b> never closed", |n| {
            page("", |_| "<b>w ".into(), "", n)
        }),
        ("font_unclosed", "<font> never closed", |n| {
            page("", |_| "<font>w ".into(), "", n)
        }),
        (
            "b_distinct_unclosed",
            "<b id=N> never closed (defeats the Noah's Ark clause)",
            |n| page("", |i| format!("<b id={i}>w "), "", n),
        ),
        (
            "fmt_mixed_unclosed",
            "<b><i><u><s><em><strong> ... never closed",
            |n| {
                page(
                    "",
                    |_| "<b><i><u><s><em><strong><small><big><tt><code><font>w ".into(),
                    "",
                    n,
                )
            },
        ),
        (
            "fmt_misnested_p",
            "<b>x<p>y</b>z</p> (adoption agency) repeated",
            |n| page("", |_| "<b>x<p>y</b>z</p>".into(), "", n),
        ),
        (
            "fmt_reconstruct_blocks",
            "<b id=N> then <p>x</p> blocks (reconstruction)",
            |n| page("", |i| format!("<b id={i}><p>x</p>"), "", n),
        ),
        (
            "fmt_end_tags_stray",
            "</b> with nothing open, repeated",
            |n| page("<div>", |_| "</b>".into(), "</div>", n),
        ),
        (
            "fmt_aaa_deep",
            "<a> inside 500 divs, then </a> repeated",
            |n| page(&"<div>".repeat(500), |_| "<a>x<div>y</a>".into(), "", n),
        ),
        (
            "fmt_noah_cycles",
            "(<b id=N> x 500, </b> x 500) repeated (Noah's Ark scans)",
            |n| {
                page(
                    "",
                    |c| {
                        let mut t = String::new();
                        for k in 0..500 {
                            t.push_str(&format!("<b id={c}_{k}>"));
                        }
                        t.push('w');
                        t.push_str(&"</b>".repeat(500));
                        t
                    },
                    "",
                    n,
                )
            },
        ),
        (
            "fmt_noah_attrs",
            "(<b> with 64 attributes x 100, </b> x 100) repeated",
            |n| {
                page(
                    "",
                    |c| {
                        let mut t = String::new();
                        for k in 0..100 {
                            t.push_str(&format!("<b id={c}_{k}"));
                            for a in 0..64 {
                                t.push_str(&format!(" a{a}"));
                            }
                            t.push('>');
                        }
                        t.push('w');
                        t.push_str(&"</b>".repeat(100));
                        t
                    },
                    "",
                    n,
                )
            },
        ),
        (
            "fmt_reconstruct_bomb",
            "500 dangling <b>s, then <div>x</div> repeated",
            |n| {
                let mut head = String::from("<div>");
                for k in 0..500 {
                    head.push_str(&format!("<b id={k}>"));
                }
                head.push_str(&"</x>".repeat(500));
                head.push_str("</div>");
                page(&head, |_| "<div>x</div>".into(), "", n)
            },
        ),
        ("nobr_unclosed", "<nobr> repeated", |n| {
            page("", |_| "<nobr>w ".into(), "", n)
        }),
        (
            "object_markers",
            "<object> (a marker in the formatting list) never closed",
            |n| page("", |_| "<object><b>w ".into(), "", n),
        ),
        // --- nesting and depth ---
        ("divs_nested", "<div> never closed", |n| {
            page("", |_| "<div>".into(), "", n)
        }),
        ("divs_nested_text", "<div>word never closed", |n| {
            page("", |_| "<div>word ".into(), "", n)
        }),
        (
            "divs_self_closing",
            "<div/> (not self-closing in HTML) repeated",
            |n| page("", |_| "<div/>x".into(), "", n),
        ),
        (
            "divs_stray_end",
            "<div></x> (a stray end tag after each start tag)",
            |n| page("", |_| "<div></x>".into(), "", n),
        ),
        ("spans_stray_end", "<span></x> repeated", |n| {
            page("", |_| "<span></x>".into(), "", n)
        }),
        ("ul_li_nested", "<ul><li> never closed", |n| {
            page("", |_| "<ul><li>w ".into(), "", n)
        }),
        ("li_flat", "<li> siblings", |n| {
            page("<ul>", |_| "<li>item ".into(), "</ul>", n)
        }),
        ("dl_nested", "<dl><dt><dd> never closed", |n| {
            page("", |_| "<dl><dt>a<dd>b".into(), "", n)
        }),
        ("p_many", "<p> repeated", |n| {
            page("", |_| "<p>w ".into(), "", n)
        }),
        ("p_in_button", "<button><p> repeated", |n| {
            page("", |_| "<button><p>w".into(), "", n)
        }),
        ("h_nested", "<h1><h2>... never closed", |n| {
            page("", |_| "<h1>a<h2>b<h3>c".into(), "", n)
        }),
        ("select_options", "<select> with many <option>s", |n| {
            page("<select>", |_| "<option>x".into(), "</select>", n)
        }),
        (
            "select_nested",
            "<select><option><optgroup> never closed",
            |n| page("", |_| "<select><optgroup><option>x".into(), "", n),
        ),
        ("template_nested", "<template> never closed", |n| {
            page("", |_| "<template>x".into(), "", n)
        }),
        ("template_td", "<template><td> repeated", |n| {
            page("", |_| "<template><td>x".into(), "", n)
        }),
        ("svg_nested", "<svg> never closed", |n| {
            page("", |_| "<svg>".into(), "", n)
        }),
        ("math_breakout", "<math><mi><b> never closed", |n| {
            page("", |_| "<math><mi><b>x".into(), "", n)
        }),
        ("frameset", "<frameset> then junk", |n| {
            page("<frameset>", |_| "<frame><div>x".into(), "", n)
        }),
        ("ruby_nested", "<ruby><rb><rt> never closed", |n| {
            page("", |_| "<ruby><rb>a<rt>b".into(), "", n)
        }),
        ("form_nested", "<form> never closed", |n| {
            page("", |_| "<form>x".into(), "", n)
        }),
        ("div_siblings", "<div>x</div> siblings", |n| {
            page("", |_| "<div>x</div>".into(), "", n)
        }),
        ("span_siblings", "<span>x</span> siblings", |n| {
            page("<p>", |_| "<span>x</span>".into(), "", n)
        }),
        ("br_many", "<br> repeated", |n| {
            page("<p>", |_| "x<br>".into(), "</p>", n)
        }),
        ("img_many", "<img> repeated", |n| {
            page("<p>", |_| "<img src=a.jpg>".into(), "</p>", n)
        }),
        ("links_many", "<a>word</a> siblings", |n| {
            page("<div>", |_| "<a href=\"/a\">word</a> ".into(), "</div>", n)
        }),
        ("text_one_node", "one huge text node", |n| {
            page("<p>", |_| SENTENCE.into(), "</p>", n)
        }),
        ("text_no_spaces", "one huge word", |n| {
            page("<p>", |_| "abcdefgh".into(), "</p>", n)
        }),
        ("text_commas", "commas", |n| {
            page("<p>", |_| "a, ".into(), "</p>", n)
        }),
        ("entities", "character references", |n| {
            page(
                "<p>",
                |_| "&amp;&#x41;&eacute;&notanentity ".into(),
                "</p>",
                n,
            )
        }),
        ("whitespace_text", "whitespace", |n| {
            page("<p>x", |_| " \n\t".into(), "y</p>", n)
        }),
        // --- the byte scan's own corners ---
        (
            "comment_unterminated",
            "<!-- never closed, <div>s after it",
            |n| page("<!--", |_| "<div>x".into(), "", n),
        ),
        ("comments_many", "<!-- x --> repeated", |n| {
            page("", |_| "<!-- x -->".into(), "", n)
        }),
        ("comment_dashes", "<!-- with many dashes", |n| {
            page("<!--", |_| "-".into(), "-->", n)
        }),
        ("quote_unterminated", "<div a=\" never closed", |n| {
            page("<div a=\"", |_| "<div>x".into(), "", n)
        }),
        ("tag_unterminated", "<div never closed", |n| {
            page("<div ", |_| "x".into(), "", n)
        }),
        ("whitespace_before_quote", "<div a= + spaces + \"", |n| {
            page("<div a=", |_| " ".into(), "\"x\">t</div>", n)
        }),
        (
            "quotes_after_spaces",
            "<div a + (spaces, quote) repeated",
            |n| page("<div a", |_| "    \"".into(), ">t</div>", n),
        ),
        ("lt_many", "'<' not starting a tag, repeated", |n| {
            page("<p>", |_| "< ".into(), "</p>", n)
        }),
        ("lt_alpha_many", "'<a' with no '>', repeated", |n| {
            page("<p>", |_| "<a ".into(), "</p>", n)
        }),
        ("end_lt_many", "'</' repeated", |n| {
            page("<p>", |_| "</ ".into(), "</p>", n)
        }),
        ("doctype_many", "<!x> repeated", |n| {
            page("", |_| "<!x>".into(), "", n)
        }),
        ("cdata_svg", "<svg><![CDATA[ with tags inside", |n| {
            page("<svg><![CDATA[", |_| "<div a b>".into(), "]]></svg>", n)
        }),
        ("script_many", "<script>...</script> repeated", |n| {
            page("", |_| "<script>var a = 1;</script>".into(), "", n)
        }),
        ("script_unclosed", "<script> never closed", |n| {
            page("<script>", |_| "<div>".into(), "", n)
        }),
        (
            "script_near_end_tags",
            "<script> with </scrip repeated",
            |n| page("<script>", |_| "</scrip".into(), "</script>", n),
        ),
        (
            "script_escaped",
            "<script><!--<script> (double-escaped) with tags",
            |n| {
                page(
                    "<script><!--<script>",
                    |_| "</script><div>".into(),
                    "--></script>",
                    n,
                )
            },
        ),
        ("title_many", "<title> repeated", |n| {
            page("", |_| "<title>t</title>".into(), "", n)
        }),
        ("textarea_rcdata", "<textarea> with markup inside", |n| {
            page("<textarea>", |_| "<div>&amp;".into(), "</textarea>", n)
        }),
        ("plaintext", "<plaintext> then markup", |n| {
            page("<plaintext>", |_| "<div>".into(), "", n)
        }),
        // --- metadata and the pre-clean / Readability passes ---
        ("meta_many", "<meta property=og:title> repeated", |n| {
            page(
                "",
                |_| "<meta property=\"og:title\" content=\"Budget\">".into(),
                "",
                n,
            )
        }),
        ("time_many", "<time datetime> repeated", |n| {
            page(
                "",
                |_| "<time datetime=\"2020-01-01\">Jan 1</time>".into(),
                "",
                n,
            )
        }),
        ("jsonld_many", "JSON-LD blocks repeated", |n| {
            page(
                "",
                |_| {
                    "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\
                     \"headline\":\"Budget\",\"author\":{\"name\":\"A\"}}</script>"
                        .into()
                },
                "",
                n,
            )
        }),
        ("jsonld_huge", "one JSON-LD block with a huge array", |n| {
            page(
                "<script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"x\":[",
                |_| "{\"a\":[1,2]},".into(),
                "1]}</script>",
                n,
            )
        }),
        ("captions_many", "<div class=caption> siblings", |n| {
            page(
                "",
                |_| "<div class=\"caption\">Photo: x</div>".into(),
                "",
                n,
            )
        }),
        (
            "captions_nested",
            "<div class=caption> nested 500 deep, with text, repeated",
            |n| {
                let block = format!(
                    "{}{}{}",
                    "<div class=\"caption credit\">".repeat(500),
                    SENTENCE.repeat(20),
                    "</div>".repeat(500)
                );
                page("", move |_| block.clone(), "", n)
            },
        ),
        (
            "divs_deep_text",
            "500 nested <div>s around a lot of text",
            |n| {
                page(
                    &"<div>".repeat(500),
                    |_| format!("<p>{SENTENCE}</p>"),
                    &"</div>".repeat(500),
                    n,
                )
            },
        ),
        (
            "lists_deep_text",
            "nested <ul><li> 250 deep around a lot of text",
            |n| {
                page(
                    &"<ul><li>".repeat(250),
                    |_| format!("{SENTENCE}<br>"),
                    &"</li></ul>".repeat(250),
                    n,
                )
            },
        ),
        (
            "related_many",
            "<div class=related> with links, repeated",
            |n| {
                page(
                    "",
                    |_| "<div class=\"related\"><a href=\"/a\">Other story</a></div>".into(),
                    "",
                    n,
                )
            },
        ),
        (
            "share_nested",
            "<div class=share> nested 500 deep with text",
            |n| {
                page(
                    &"<div class=\"share\">".repeat(500),
                    |_| SENTENCE.to_string(),
                    "",
                    n,
                )
            },
        ),
        (
            "highlights_many",
            "Key Points headings with lists, repeated",
            |n| {
                page(
                    "",
                    |_| "<h2>Key Points</h2><ul><li>a</li></ul>".into(),
                    "",
                    n,
                )
            },
        ),
        (
            "highlight_blocks_many",
            "story-highlights blocks, repeated",
            |n| {
                page(
                    "",
                    |_| "<div class=\"storyhighlights\"><ul><li>a</li></ul></div>".into(),
                    "",
                    n,
                )
            },
        ),
        ("strong_many", "<strong>x</strong> repeated", |n| {
            page("<p>", |_| "<strong>x</strong> ".into(), "</p>", n)
        }),
        ("h1_many", "<h1> repeated", |n| {
            page("", |_| "<h1>Budget</h1>".into(), "", n)
        }),
        ("paragraphs_many", "article paragraphs", |n| {
            page(
                "<article>",
                |_| format!("<p>{SENTENCE}</p>"),
                "</article>",
                n,
            )
        }),
        (
            "divs_text_siblings",
            "<div>sentence</div> siblings (candidates)",
            |n| page("", |_| format!("<div>{SENTENCE}</div>"), "", n),
        ),
        (
            "nested_divs_with_p",
            "blocks of 100 nested <div>s each with paragraphs",
            |n| {
                let block = format!(
                    "{}{}{}",
                    "<div class=\"x\">".repeat(100),
                    format!("<p>{SENTENCE}</p>").repeat(3),
                    "</div>".repeat(100)
                );
                page("", move |_| block.clone(), "", n)
            },
        ),
        (
            "cond_clean_nested",
            "nested <div>s of lists and links (Readability's conditional clean)",
            |n| {
                page(
                    "",
                    |_| "<div><ul><li><a href=/x>l</a></li></ul><p>text, more text</p>".into(),
                    "",
                    n,
                )
            },
        ),
    ]
}
