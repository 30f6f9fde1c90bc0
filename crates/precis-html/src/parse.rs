//! Parsing with html5ever into a dom_query [`Document`] under a work budget.
//!
//! html5ever's tree builder walks its stack of open elements and its list of active formatting
//! elements for many tokens ("has an element in scope", the adoption agency algorithm,
//! reconstructing formatting elements, foster parenting, the Noah's Ark clause). On ordinary
//! pages those walks are short; on crafted ones each token can walk thousands of entries, or
//! recreate thousands of formatting elements (a 200 KB page can make 8 million elements). The
//! byte pre-scan ([`crate::nesting`]) keeps most such pages shallow, but it is an
//! approximation of the tree builder; this module is the exact backstop. The document is built
//! through a `TreeSink` that forwards every call to dom_query's own sink and counts the work
//! the tree builder asks of it:
//! - every element name looked up and every pair of nodes compared during those walks, every
//!   node created, attached or moved (one unit each);
//! - for each formatting element created, the Noah's Ark comparisons html5ever makes before
//!   (it clones and sorts the attributes of every same-named entry of the formatting list):
//!   [`NOAH_ENTRY`] units per entry and [`NOAH_ATTR`] per attribute, the entries bounded by the
//!   formatting elements in the tree builder's state at the start of the chunk (read with
//!   `TreeBuilder::trace_handles`) plus those created since (`<a>` excepted: html5ever
//!   removes the previous `<a>` from the list first);
//! - the size of that state, once per chunk.
//!
//! The page is fed in pieces of at most [`CHUNK`] bytes (smaller while they create many
//! formatting elements, down to 64 bytes, which keeps that estimate close); once the count passes [`WORK_PER_BYTE`] units per
//! input byte (plus [`WORK_BASE`]), or more than [`MAX_CREATED`] elements were created,
//! parsing stops and the page is rejected ([`crate::HtmlError::TooComplex`],
//! [`crate::HtmlError::TooManyElements`]). A unit is roughly a nanosecond of parser time.
//!
//! `<html>`/`<body>` tags after the first merge their attributes into the first element
//! (dom_query compares each new attribute with every existing one); merges that would give the
//! element more than [`crate::attrs::MAX_ATTRS`] attributes are skipped.
//!
//! Within the limits the document is exactly the one `Document::from` builds (same parser
//! options, same sink; feeding html5ever in pieces does not change its output).

use std::borrow::Cow;
use std::cell::{Cell, Ref, RefCell};

use dom_query::{Document, NodeId};
use html5ever::interface::{ElementFlags, NodeOrText, QuirksMode, Tracer, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::TreeBuilderOpts;
use html5ever::{Attribute, ParseOpts, QualName};

use crate::attrs::MAX_ATTRS;

/// Bytes fed to html5ever between two budget checks. A single token can cost at most a few
/// walks of the open-element stack, so the work done past the budget is bounded by one chunk.
pub const CHUNK: usize = 1024;

/// Tree-builder work units allowed per input byte. Ordinary pages use well under 4.
pub const WORK_PER_BYTE: u64 = 48;

/// Units per formatting-list entry compared by the Noah's Ark clause ...
pub const NOAH_ENTRY: u64 = 8;

/// ... and per attribute cloned and sorted for the comparison.
pub const NOAH_ATTR: u64 = 32;

/// Formatting elements a chunk may create before the next chunk is made smaller (the Noah's
/// Ark estimate counts every formatting element created in a chunk as still listed).
const FORMATTING_PER_CHUNK: u64 = 8;

/// Smallest chunk.
const MIN_CHUNK: usize = 64;

/// Tree-builder work units allowed on top of [`WORK_PER_BYTE`] (small pages).
pub const WORK_BASE: u64 = 1 << 20;

/// Most elements the tree builder may create (removed ones included) before parsing stops.
pub const MAX_CREATED: u64 = 2 * crate::MAX_ELEMENTS as u64;

/// Parse errors kept in [`Document::errors`] (html5ever reports one per malformed token).
const MAX_ERRORS: usize = 1000;

/// Why parsing stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// The work budget ran out; `work` units were counted.
    Work { work: u64, limit: u64 },
    /// More than [`MAX_CREATED`] elements were created.
    Elements { created: u64 },
}

/// What a guarded parse did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Counts {
    /// Work units counted.
    pub work: u64,
    /// Elements created.
    pub created: u64,
}

/// Formatting elements (the ones html5ever keeps in its list of active formatting elements).
const FORMATTING: [&str; 14] = [
    "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
];

fn formatting_index(name: &QualName) -> Option<usize> {
    if name.ns != html5ever::ns!(html) {
        return None;
    }
    FORMATTING.iter().position(|f| *f == &*name.local)
}

/// Per formatting element name: (entries, their attributes).
type FormattingCounts = [(u64, u64); FORMATTING.len()];

/// The counting sink around dom_query's [`Document`].
pub(crate) struct Guard {
    doc: Document,
    work: Cell<u64>,
    created: Cell<u64>,
    /// Formatting elements in the tree builder's state at the start of the chunk.
    formatting_at_start: RefCell<FormattingCounts>,
    /// Formatting elements created since.
    formatting_created: RefCell<FormattingCounts>,
}

impl Guard {
    fn new() -> Self {
        Self {
            doc: Document::default(),
            work: Cell::new(0),
            created: Cell::new(0),
            formatting_at_start: RefCell::new([(0, 0); FORMATTING.len()]),
            formatting_created: RefCell::new([(0, 0); FORMATTING.len()]),
        }
    }

    #[inline]
    fn charge(&self, units: u64) {
        self.work.set(self.work.get().saturating_add(units));
    }

    fn counts(&self) -> Counts {
        Counts {
            work: self.work.get(),
            created: self.created.get(),
        }
    }

    fn attr_count(&self, id: &NodeId) -> usize {
        self.doc
            .tree
            .get(id)
            .and_then(|n| n.element_ref().map(|e| e.attrs.len()))
            .unwrap_or(0)
    }

    fn children(&self, id: &NodeId) -> u64 {
        self.doc
            .tree
            .get(id)
            .map_or(0, |n| n.children_it(false).count() as u64)
    }

    /// Starts a chunk: takes the formatting elements of the tree builder's state; returns how
    /// many formatting elements the last chunk created.
    fn start_chunk(&self, state: FormattingCounts, size: u64) -> u64 {
        self.charge(size);
        *self.formatting_at_start.borrow_mut() = state;
        let created = std::mem::replace(
            &mut *self.formatting_created.borrow_mut(),
            [(0, 0); FORMATTING.len()],
        );
        created.iter().map(|c| c.0).sum()
    }
}

/// Counts the handles of the tree builder's state, and the formatting elements among them.
struct StateCounter<'a> {
    doc: &'a Document,
    handles: Cell<u64>,
    formatting: RefCell<FormattingCounts>,
}

impl Tracer for StateCounter<'_> {
    type Handle = NodeId;

    fn trace_handle(&self, node: &NodeId) {
        self.handles.set(self.handles.get() + 1);
        let Some(node) = self.doc.tree.get(node) else {
            return;
        };
        let Some(el) = node.element_ref() else {
            return;
        };
        if let Some(i) = formatting_index(&el.name) {
            let mut f = self.formatting.borrow_mut();
            f[i].0 += 1;
            f[i].1 += el.attrs.len() as u64;
        }
    }
}

impl TreeSink for Guard {
    type Handle = NodeId;
    type Output = Self;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Self {
        self
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.charge(1);
        if self.doc.errors.borrow().len() < MAX_ERRORS {
            self.doc.parse_error(msg);
        }
    }

    fn get_document(&self) -> NodeId {
        self.doc.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Ref<'a, QualName> {
        self.charge(1);
        self.doc.elem_name(target)
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        self.created.set(self.created.get() + 1);
        let n_attrs = attrs.len() as u64;
        let mut units = 1 + n_attrs;
        if let Some(i) = formatting_index(&name) {
            // Before pushing a formatting element, html5ever compared it (attributes cloned
            // and sorted) with every same-named entry of its formatting list.
            let (start, start_attrs) = self.formatting_at_start.borrow()[i];
            let mut created = self.formatting_created.borrow_mut();
            let (new, new_attrs) = created[i];
            if &*name.local != "a" {
                let entries = start + new;
                units += NOAH_ENTRY * entries
                    + NOAH_ATTR * (entries * n_attrs + start_attrs + new_attrs);
            }
            created[i] = (new + 1, new_attrs + n_attrs);
        }
        self.charge(units);
        self.doc.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.charge(1);
        self.doc.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> NodeId {
        self.charge(1);
        self.doc.create_pi(target, data)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.charge(1);
        self.doc.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &NodeId,
        prev_element: &NodeId,
        child: NodeOrText<NodeId>,
    ) {
        self.charge(1);
        self.doc
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.charge(1);
        self.doc
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &NodeId) {
        self.doc.mark_script_already_started(node);
    }

    fn pop(&self, node: &NodeId) {
        self.charge(1);
        self.doc.pop(node);
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.charge(1);
        self.doc.get_template_contents(target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        self.charge(1);
        self.doc.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.doc.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        self.charge(1);
        self.doc.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        let have = self.attr_count(target);
        // dom_query compares every new attribute with every existing one.
        self.charge(1 + (have as u64 + 1) * attrs.len() as u64);
        if have + attrs.len() <= MAX_ATTRS {
            self.doc.add_attrs_if_missing(target, attrs);
        }
    }

    fn associate_with_form(
        &self,
        target: &NodeId,
        form: &NodeId,
        nodes: (&NodeId, Option<&NodeId>),
    ) {
        self.doc.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.charge(1);
        self.doc.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        self.charge(1 + self.children(node));
        self.doc.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.doc.is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        self.doc.set_current_line(line_number);
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &NodeId) -> bool {
        self.doc.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &NodeId,
        template: &NodeId,
        attrs: &[Attribute],
    ) -> bool {
        self.doc
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &NodeId) {
        self.doc.maybe_clone_an_option_into_selectedcontent(option);
    }
}

/// The largest char boundary of `s` at or below `i`.
fn floor_boundary(s: &str, mut i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The work limit for a page of `bytes` bytes.
pub fn work_limit(bytes: usize) -> u64 {
    WORK_BASE.saturating_add(WORK_PER_BYTE.saturating_mul(bytes as u64))
}

/// Parses `html` like `Document::from` does, stopping when the budget runs out.
pub(crate) fn parse(html: &str) -> (Result<Document, Stop>, Counts) {
    let opts = ParseOpts {
        tree_builder: TreeBuilderOpts {
            scripting_enabled: false,
            ..Default::default()
        },
        ..Default::default()
    };
    let limit = work_limit(html.len());
    let mut parser = html5ever::parse_document(Guard::new(), opts);
    let mut at = 0;
    let mut stop = None;
    let mut chunk = CHUNK;
    while at < html.len() {
        let mut end = floor_boundary(html, at + chunk);
        if end == at {
            // Cannot happen with chunks of at least 4 bytes.
            end = html.len();
        }
        parser.process(StrTendril::from_slice(&html[at..end]));
        at = end;
        let builder = &parser.tokenizer.sink;
        let guard = &builder.sink;
        let state = StateCounter {
            doc: &guard.doc,
            handles: Cell::new(0),
            formatting: RefCell::new([(0, 0); FORMATTING.len()]),
        };
        builder.trace_handles(&state);
        let formatting = guard.start_chunk(state.formatting.into_inner(), state.handles.get());
        chunk = if formatting > FORMATTING_PER_CHUNK {
            (chunk / 2).max(MIN_CHUNK)
        } else {
            (chunk * 2).min(CHUNK)
        };
        let counts = guard.counts();
        if counts.created > MAX_CREATED {
            stop = Some(Stop::Elements {
                created: counts.created,
            });
        } else if counts.work > limit {
            stop = Some(Stop::Work {
                work: counts.work,
                limit,
            });
        }
        if stop.is_some() {
            break;
        }
    }
    let guard = parser.finish();
    let counts = guard.counts();
    match stop {
        Some(s) => (Err(s), counts),
        None => (Ok(guard.doc), counts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(html: &str) -> Document {
        parse(html).0.expect("within budget")
    }

    #[test]
    fn same_tree_as_document_from() {
        let html = "<!DOCTYPE html><html lang=en><head><title>T</title><script>if (a<b) x();</script>\
            </head><body class=a><body class=b id=c><table><tr><td><b>bold<p>para</b>more\
            <td>cell</table><svg><title>icon</title><path d='M0 0'/></svg><noscript><p>ns</noscript>\
            <font color=red>\r\n<i>é ü — ✓</font> text <a href=/x>one<a href=/y>two</a>\
            <select><option>a<option>b</select>";
        let big = html.repeat(40); // spans many chunks, with multi-byte characters at the seams
        for h in [html, big.as_str()] {
            assert_eq!(parsed(h).html(), Document::from(h).html());
        }
    }

    #[test]
    fn stops_when_the_tree_builder_works_too_hard() {
        // 20,000 open <span>s, then end tags that each walk the whole stack.
        let html = format!("{}{}", "<span>".repeat(20_000), "</x>".repeat(20_000));
        match parse(&html) {
            (Err(Stop::Work { work, limit }), counts) => {
                assert!(work > limit);
                assert!(counts.work >= work);
            }
            (other, _) => panic!("{:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn stops_creating_elements() {
        // 500 formatting elements left open by </div>, recreated at every text.
        let mut html = String::from("<div>");
        for k in 0..500 {
            html.push_str(&format!("<b id={k}>"));
        }
        html.push_str("</div>");
        html.push_str(&"<div>x</div>".repeat(5_000));
        assert!(matches!(
            parse(&html).0,
            Err(Stop::Elements { .. }) | Err(Stop::Work { .. })
        ));
    }

    #[test]
    fn caps_merged_body_attributes() {
        let html: String = (0..1000).map(|i| format!("<body a{i}=x>")).collect();
        let doc = parsed(&html);
        let n = doc.select("body").attrs().len();
        assert_eq!(n, MAX_ATTRS);
    }
}
