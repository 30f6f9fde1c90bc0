//! Bounds on the parsed tree: element count and depth.
//!
//! dom_smoothie and the pre-clean do work per element that grows with the element's subtree
//! (text length, descendant counts, link density) or with its ancestors, so their cost is about
//! the sum over all nodes of the node's depth. The byte scan ([`crate::nesting`]) bounds the
//! nesting of the tags it counts, but html5ever adds elements of its own (`<tbody><tr><td>`
//! under every `<table>`, reopened formatting elements) and a crafted page can put all its
//! text at the bottom of a 512-deep chain. So after parsing, in one pass over the tree:
//! - more than [`crate::MAX_ELEMENTS`] elements → the page is rejected;
//! - the tree is cut at depth `D`, the largest depth up to [`MAX_TREE_DEPTH`] for which the
//!   nodes' mean depth (text nodes weighted by their length, one unit per [`TEXT_UNIT`] bytes)
//!   stays within [`MAX_MEAN_DEPTH`] (plus an allowance of [`DEPTH_ALLOWANCE`] units for small
//!   pages). Elements deeper than `D` are removed and their text kept, in order, in their
//!   ancestor at depth `D` (the text of `<script>`, `<style>` and the like is dropped).
//!
//! Ordinary pages (mean depth around 10–25, at most a few dozen levels) are left untouched.

use dom_query::{Document, NodeId, NodeRef};

/// Deepest element nesting of the parsed tree.
pub const MAX_TREE_DEPTH: usize = 512;

/// Largest mean node depth (see the module docs).
pub const MAX_MEAN_DEPTH: u64 = 64;

/// Text bytes counted as one node.
pub const TEXT_UNIT: u64 = 32;

/// Depth units allowed on top of the mean (about a 100 KB page 40 levels deep).
pub const DEPTH_ALLOWANCE: u64 = 1 << 20;

/// What [`bound`] found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Shape {
    /// Elements in the tree (before any cut).
    pub elements: usize,
    /// Deepest element before the cut.
    pub max_depth: usize,
    /// Depth the tree was cut at (`None`: not cut).
    pub cut_at: Option<usize>,
}

/// Elements whose text is not page text (dropped when their ancestors are cut).
fn is_hidden(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "iframe"
            | "noembed"
            | "noframes"
            | "textarea"
            | "title"
            | "xmp"
            | "svg"
            | "math"
            | "select"
    )
}

fn local_name(n: &NodeRef) -> Option<String> {
    n.qual_name_ref().map(|q| q.local.to_string())
}

/// The next node of a pre-order walk from `n` staying inside `root` (children first when
/// `descend`), with the change of depth.
fn next_node<'a>(root: &NodeId, n: &NodeRef<'a>, descend: bool) -> Option<(NodeRef<'a>, isize)> {
    if descend {
        if let Some(c) = n.first_child() {
            return Some((c, 1));
        }
    }
    let mut cur = *n;
    let mut up = 0isize;
    loop {
        if cur.id == *root {
            return None;
        }
        if let Some(s) = cur.next_sibling() {
            return Some((s, -up));
        }
        cur = cur.parent()?;
        up += 1;
    }
}

/// Counts elements and weighs nodes by depth; returns (elements, max depth, units per depth
/// capped at `MAX_TREE_DEPTH + 1`).
fn measure(doc: &Document) -> (usize, usize, Vec<u64>) {
    let root = doc.root();
    let mut hist = vec![0u64; MAX_TREE_DEPTH + 2];
    let (mut elements, mut max_depth) = (0usize, 0usize);
    let mut depth = 0isize;
    let mut next = next_node(&root.id, &root, true);
    while let Some((n, d)) = next {
        depth += d;
        let dep = depth.max(0) as usize;
        let units = if n.is_element() {
            elements += 1;
            max_depth = max_depth.max(dep);
            1
        } else if n.is_text() {
            1 + n.text().len() as u64 / TEXT_UNIT
        } else {
            1
        };
        hist[dep.min(MAX_TREE_DEPTH + 1)] += units;
        next = next_node(&root.id, &n, true);
    }
    (elements, max_depth, hist)
}

/// The depth to cut at: the largest `D <= MAX_TREE_DEPTH` for which the weighted depth after
/// the cut fits the budget. After a cut at `D` every node is at most at depth `D + 1` (text
/// hoisted into an element at depth `D`), so depths are counted as `min(depth, D + 1)`.
fn cut_depth(hist: &[u64]) -> usize {
    let total: u64 = hist.iter().sum();
    let budget = MAX_MEAN_DEPTH * total + DEPTH_ALLOWANCE;
    let mut d = MAX_TREE_DEPTH;
    // Units deeper than `d`, and the weighted sum with depths capped at `d + 1`.
    let mut deeper: u64 = hist[d + 1..].iter().sum();
    let mut weighted: u64 = hist
        .iter()
        .enumerate()
        .map(|(k, &u)| u * k.min(d + 1) as u64)
        .sum();
    while weighted > budget && d > 1 {
        weighted -= deeper;
        deeper += hist[d];
        d -= 1;
    }
    d
}

/// Replaces the children of `e` by the text nodes of its subtree (in order), leaving out the
/// text of hidden elements.
fn collapse(doc: &Document, e: &NodeRef) {
    let mut texts: Vec<NodeId> = Vec::new();
    let mut next = next_node(&e.id, e, true);
    while let Some((n, _)) = next {
        let hidden = n.is_element() && local_name(&n).is_some_and(|l| is_hidden(&l));
        if n.is_text() {
            texts.push(n.id);
        }
        next = next_node(&e.id, &n, !hidden);
    }
    doc.tree.remove_children_of(&e.id);
    for t in texts {
        doc.tree.append_child_of(&e.id, &t);
    }
}

/// Checks the element count and cuts the tree if it is too deep (see the module docs).
pub(crate) fn bound(doc: &Document) -> Result<Shape, crate::HtmlError> {
    let (elements, max_depth, hist) = measure(doc);
    if elements > crate::MAX_ELEMENTS {
        return Err(crate::HtmlError::TooManyElements {
            found: elements,
            limit: crate::MAX_ELEMENTS,
        });
    }
    let mut shape = Shape {
        elements,
        max_depth,
        cut_at: None,
    };
    let d = cut_depth(&hist);
    if max_depth <= d {
        return Ok(shape);
    }
    shape.cut_at = Some(d);
    let root = doc.root();
    let mut depth = 0isize;
    let mut next = next_node(&root.id, &root, true);
    while let Some((n, step)) = next {
        depth += step;
        let at_cut = n.is_element() && depth.max(0) as usize == d;
        if at_cut {
            collapse(doc, &n);
        }
        next = next_node(&root.id, &n, !at_cut);
    }
    Ok(shape)
}

/// Measures of a parsed tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct TreeStats {
    pub elements: usize,
    pub max_depth: usize,
    /// Node units (see [`TEXT_UNIT`]).
    pub units: u64,
    /// Sum of units times depth (depths capped at `MAX_TREE_DEPTH + 1`).
    pub weighted: u64,
}

pub(crate) fn tree_stats(doc: &Document) -> TreeStats {
    let (elements, max_depth, hist) = measure(doc);
    TreeStats {
        elements,
        max_depth,
        units: hist.iter().sum(),
        weighted: hist.iter().enumerate().map(|(k, &u)| u * k as u64).sum(),
    }
}

/// Deepest element and element count of a parsed tree.
#[cfg(test)]
fn depth_and_elements(doc: &Document) -> (usize, usize) {
    let t = tree_stats(doc);
    (t.max_depth, t.elements)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shallow_trees_are_untouched() {
        let doc = Document::from("<html><body><div><p>One <b>two</b></p><p>three</p></div>");
        let before = doc.html().to_string();
        let shape = bound(&doc).expect("ok");
        assert_eq!(shape.cut_at, None);
        assert_eq!(shape.max_depth, 5);
        assert_eq!(doc.html().to_string(), before);
    }

    #[test]
    fn deep_text_is_hoisted() {
        let html = format!(
            "<html><body>{}<p>deep text</p><script>x()</script>{}<p>after</p>",
            "<div>".repeat(600),
            "</div>".repeat(600)
        );
        let doc = Document::from(html.as_str());
        let shape = bound(&doc).expect("ok");
        assert_eq!(shape.cut_at, Some(MAX_TREE_DEPTH));
        let (depth, _) = depth_and_elements(&doc);
        assert_eq!(depth, MAX_TREE_DEPTH);
        let text = doc.select("body").text().to_string();
        assert!(text.contains("deep text"), "{text}");
        assert!(!text.contains("x()"));
        assert!(text.ends_with("after"));
    }

    #[test]
    fn heavy_deep_text_cuts_higher() {
        // All the text 400 levels down: the mean depth would be ~400.
        let html = format!(
            "<html><body>{}{}",
            "<div>".repeat(400),
            "<p>some words here</p>".repeat(20_000)
        );
        let doc = Document::from(html.as_str());
        let shape = bound(&doc).expect("ok");
        let d = shape.cut_at.expect("cut");
        assert!(d < 100, "{d}");
        let (depth, _) = depth_and_elements(&doc);
        assert_eq!(depth, d);
    }

    #[test]
    fn too_many_elements() {
        let html = "<br>".repeat(crate::MAX_ELEMENTS + 1);
        let doc = Document::from(html.as_str());
        assert!(matches!(
            bound(&doc),
            Err(crate::HtmlError::TooManyElements { .. })
        ));
    }
}
