//! The browser's HTML parser, read into [`RawNode`]s for [`sanitize`](crate::model::rich::sanitize).
//!
//! `DOMParser` builds an inert document: no scripts run, no resources load, no event handlers
//! fire. Only what the allowlist can use is copied out of it: dropped elements are not entered,
//! and only the attributes in [`READ_ATTRS`] are read.

use wasm_bindgen::JsCast;
use web_sys::{DomParser, Element, Node, SupportedType};

use crate::model::rich::{is_dropped, RawNode, MAX_DEPTH, READ_ATTRS};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Parses an HTML fragment with the browser's parser. `None` only if the browser refuses to
/// create a parser, which does not happen in the browsers the widget supports.
pub fn parse(html: &str) -> Option<Vec<RawNode>> {
    let doc = DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()?;
    let body = doc.body()?;
    Some(children(&body, 0))
}

fn children(parent: &Node, depth: usize) -> Vec<RawNode> {
    let mut out = Vec::new();
    let mut child = parent.first_child();
    while let Some(node) = child {
        out.push(read(&node, depth));
        child = node.next_sibling();
    }
    out
}

fn read(node: &Node, depth: usize) -> RawNode {
    match node.node_type() {
        Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
            RawNode::Text(node.node_value().unwrap_or_default())
        }
        Node::ELEMENT_NODE => {
            let Some(element) = node.dyn_ref::<Element>() else {
                return RawNode::Other;
            };
            // SVG and MathML elements share local names with HTML ones (`a`, `style`, `title`):
            // nothing from a foreign namespace is taken.
            if element.namespace_uri().as_deref() != Some(HTML_NAMESPACE) {
                return RawNode::Other;
            }
            let name = element.local_name();
            if is_dropped(&name) {
                return RawNode::Other;
            }
            let children = if depth < MAX_DEPTH {
                children(node, depth + 1)
            } else {
                // The sanitiser flattens this deep anyway; reading the text without recursion
                // keeps a hostile nesting depth off the wasm stack.
                vec![RawNode::Text(flat_text(node))]
            };
            RawNode::Element {
                attrs: READ_ATTRS
                    .iter()
                    .filter_map(|&attr| Some((attr.to_owned(), element.get_attribute(attr)?)))
                    .collect(),
                name,
                children,
            }
        }
        _ => RawNode::Other,
    }
}

/// The text under `root`, skipping dropped elements, walked with an explicit stack.
fn flat_text(root: &Node) -> String {
    let mut text = String::new();
    let mut stack: Vec<Node> = Vec::new();
    let mut next = root.first_child();
    loop {
        let Some(node) = next.take().or_else(|| stack.pop()) else {
            return text;
        };
        if let Some(sibling) = node.next_sibling() {
            stack.push(sibling);
        }
        match node.node_type() {
            Node::TEXT_NODE => text.push_str(&node.node_value().unwrap_or_default()),
            Node::ELEMENT_NODE => {
                let skip = node.dyn_ref::<Element>().is_none_or(|e| {
                    e.namespace_uri().as_deref() != Some(HTML_NAMESPACE)
                        || is_dropped(&e.local_name())
                });
                if !skip {
                    next = node.first_child();
                }
            }
            _ => {}
        }
    }
}
