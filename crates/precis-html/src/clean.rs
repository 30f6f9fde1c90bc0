//! The pre-clean: elements deleted from `<body>` before dom_smoothie scores the page, and the
//! story-highlights / key-points lists lifted out as the article's reference.
//!
//! Readability-style extractors keep in-article photo captions, "Media playback is
//! unsupported on your device" placeholders and timestamps, often *ahead of* the first body
//! sentence. Deleting short caption/byline/time elements first costs a little recall and buys
//! more precision (and a clean lead). All rules are generic markup conventions (class names,
//! tags, `rel`/`itemprop`), no site-specific selectors.

use std::sync::LazyLock;

use dom_query::{Document, Matcher, NodeRef};

/// Elements with at least this many characters of text are never deleted by the pre-clean
/// (guards against `<body class="... caption ...">` or a wrapper called `article-byline-and-body`).
const MAX_REMOVED_CHARS: usize = 400;

struct Rule {
    kind: &'static str,
    /// Delete only elements with fewer characters of text than this.
    max_chars: usize,
    /// ... and, when their text is 200 characters or more, at least this share of it in links.
    min_link_density: f32,
    matcher: Matcher,
}

fn matcher(sel: &str) -> Option<Matcher> {
    Matcher::new(sel).ok()
}

/// (kind, max_chars, min_link_density, selector), applied in order inside `<body>`.
const RULES: &[(&str, usize, f32, &str)] = &[
    (
        "caption",
        MAX_REMOVED_CHARS,
        0.0,
        "figcaption, [class*=caption], [class*=Caption], [class*=credit], [class*=Credit]",
    ),
    (
        "byline",
        MAX_REMOVED_CHARS,
        0.0,
        "[class*=byline], [class*=Byline], [rel=author], [itemprop=author], time, \
         [class*=timestamp], [class*=Timestamp], [class*=update-time]",
    ),
    (
        "share",
        MAX_REMOVED_CHARS,
        0.0,
        "[class*=share], [class*=Share], [class*=social], [class*=Social]",
    ),
    (
        "comments",
        usize::MAX,
        0.0,
        "#comments, #disqus_thread, [id*=comments], [class*=comments], [class*=comment-list], \
         [class*=commentlist], [class*=CommentList], [class*=Comments]",
    ),
    (
        "related",
        3000,
        0.5,
        "[class*=related], [class*=Related], [id*=related], [class*=breadcrumb], \
         [class*=Breadcrumb], [class*=newsletter], [class*=Newsletter], [class*=trending], \
         [class*=most-read], [class*=mostread], [class*=more-from], [class*=recommend], \
         [class*=Recommend], nav",
    ),
];

static COMPILED: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    RULES
        .iter()
        .filter_map(|&(kind, max_chars, min_link_density, sel)| {
            matcher(sel).map(|matcher| Rule {
                kind,
                max_chars,
                min_link_density,
                matcher,
            })
        })
        .collect()
});

/// The union of all rules' selectors.
static ALL_RULES: LazyLock<Option<Matcher>> = LazyLock::new(|| {
    let all: Vec<&str> = RULES.iter().map(|r| r.3).collect();
    matcher(&all.join(", "))
});

static LINKS: LazyLock<Option<Matcher>> = LazyLock::new(|| matcher("a"));

fn link_density(node: &NodeRef, text_len: usize) -> f32 {
    let Some(a) = LINKS.as_ref() else {
        return 0.0;
    };
    let links: usize = dom_query::Selection::from(*node)
        .select_matcher(a)
        .nodes()
        .iter()
        .map(|n| n.text().trim().len())
        .sum();
    links as f32 / text_len.max(1) as f32
}

static HIGHLIGHT_BLOCKS: LazyLock<Option<Matcher>> = LazyLock::new(|| {
    matcher(
        "[class*=storyhighlights], [class*=StoryHighlights], [class*=story-highlights], \
         [class*=story_highlights], [id*=storyhighlights], [id*=story-highlights], \
         [class*=HghLght], [class*=keyPoints], [class*=KeyPoints], [class*=key-points], \
         [class*=keypoints], [class*=key_points], [id*=key-points], [id*=keypoints]",
    )
});

static HEADINGS: LazyLock<Option<Matcher>> =
    LazyLock::new(|| matcher("h1, h2, h3, h4, h5, h6, strong, b, header"));

static LIST_ITEMS: LazyLock<Option<Matcher>> = LazyLock::new(|| matcher("li"));

/// Whitespace-squeezed text of a node.
pub(crate) fn squeeze(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the node is still attached to the document (not inside a removed subtree).
fn attached(node: &NodeRef) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.is_document() {
            return true;
        }
        cur = n.parent();
    }
    false
}

fn is_protected(node: &NodeRef) -> bool {
    match node.node_name() {
        Some(name) => matches!(&*name, "body" | "html" | "main" | "article"),
        None => true,
    }
}

fn highlight_kind(label: &str) -> Option<&'static str> {
    let l = label.to_lowercase();
    let l = l.trim().trim_end_matches(':').trim();
    match l {
        "story highlights" | "highlights" => Some("story_highlights"),
        "key points" | "key takeaways" => Some("key_points"),
        _ => None,
    }
}

fn kind_of_block(node: &NodeRef) -> &'static str {
    let attrs = format!(
        "{} {}",
        node.class().as_deref().unwrap_or(""),
        node.id_attr().as_deref().unwrap_or("")
    )
    .to_lowercase();
    if attrs.contains("key") {
        "key_points"
    } else {
        "story_highlights"
    }
}

fn list_items(node: &NodeRef) -> Vec<String> {
    let Some(li) = LIST_ITEMS.as_ref() else {
        return Vec::new();
    };
    let sel = dom_query::Selection::from(*node).select_matcher(li);
    sel.nodes()
        .iter()
        .map(|n| squeeze(&n.text()))
        .filter(|t| !t.is_empty())
        .collect()
}

/// Finds story-highlights / key-points lists, removes them from the document and returns
/// their items. Two conventions: a block whose class/id says so (`el__storyhighlights`,
/// `RenderKeyPoints-list`, ...) holding `<li>` items, or a short heading reading
/// "Story highlights" / "Key Points" followed by a list.
pub(crate) fn take_highlights(
    doc: &Document,
    removed: &mut Vec<(String, String)>,
) -> Option<Vec<String>> {
    let body = doc.body()?;
    let body_sel = dom_query::Selection::from(body);
    let mut items: Vec<String> = Vec::new();
    if let Some(m) = HIGHLIGHT_BLOCKS.as_ref() {
        for node in body_sel.select_matcher(m).nodes() {
            if !attached(node) || is_protected(node) {
                continue;
            }
            let found = list_items(node);
            if found.is_empty() || found.iter().map(String::len).sum::<usize>() > 3000 {
                continue;
            }
            let kind = kind_of_block(node);
            for t in &found {
                removed.push((kind.to_string(), t.clone()));
            }
            items.extend(found);
            node.remove_from_parent();
        }
    }
    if items.is_empty() {
        if let Some(m) = HEADINGS.as_ref() {
            for node in body_sel.select_matcher(m).nodes() {
                let text = node.text();
                if text.len() > 40 || !attached(node) {
                    continue;
                }
                let Some(kind) = highlight_kind(&text) else {
                    continue;
                };
                // The list: the next element sibling of the heading or of its parent.
                let mut list = None;
                for anchor in [Some(*node), node.parent()].into_iter().flatten() {
                    if let Some(next) = anchor.next_element_sibling() {
                        let found = list_items(&next);
                        if !found.is_empty() {
                            list = Some((anchor, next, found));
                            break;
                        }
                    }
                }
                let Some((heading, list, found)) = list else {
                    continue;
                };
                for t in &found {
                    removed.push((kind.to_string(), t.clone()));
                }
                items.extend(found);
                list.remove_from_parent();
                if !is_protected(&heading) {
                    heading.remove_from_parent();
                }
            }
        }
    }
    (!items.is_empty()).then_some(items)
}

/// Deletes short caption / byline / timestamp elements from `<body>`, recording their text.
pub(crate) fn preclean(doc: &Document, removed: &mut Vec<(String, String)>) {
    let Some(body) = doc.body() else {
        return;
    };
    let Some(all) = ALL_RULES.as_ref() else {
        return;
    };
    // One traversal for all rules; document order, so an element removed as a whole takes
    // its descendants with it.
    let body_sel = dom_query::Selection::from(body);
    for node in body_sel.select_matcher(all).nodes() {
        if is_protected(node) || !attached(node) {
            continue;
        }
        let text = node.text();
        let len = text.trim().len();
        let rule = COMPILED.iter().find(|rule| {
            node.is_match(&rule.matcher)
                && len < rule.max_chars
                && (len < 200
                    || rule.min_link_density <= 0.0
                    || link_density(node, len) >= rule.min_link_density)
        });
        let Some(rule) = rule else {
            continue;
        };
        let text = squeeze(&text);
        // Reader comments are dropped without being listed.
        if !text.is_empty() && rule.kind != "comments" {
            removed.push((rule.kind.to_string(), text));
        }
        node.remove_from_parent();
    }
}
