//! html5ever (through `scraper`'s tree) read into [`RawNode`]s for
//! [`sanitize`](crate::model::rich::sanitize): the native twin of `services::html`, which reads
//! the browser's `DOMParser`. Both parse the string as a whole HTML5 document and hand over the
//! body's children, walked by the same rules (dropped elements are not entered, only
//! [`READ_ATTRS`] are read, foreign elements are "other", nesting past [`MAX_DEPTH`] is read as
//! flat text), so a body renders the same on the server as in the reader's browser.

use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::model::rich::{is_dropped, RawNode, MAX_DEPTH, READ_ATTRS};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";

/// Parses an HTML fragment as `DOMParser` does (`text/html`) and returns the body's children.
pub fn parse(html: &str) -> Vec<RawNode> {
    let document = Html::parse_document(html);
    let body = document
        .root_element()
        .children()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"));
    body.map(|body| children(body, 0)).unwrap_or_default()
}

fn children(parent: NodeRef<'_, Node>, depth: usize) -> Vec<RawNode> {
    parent.children().map(|n| read(n, depth)).collect()
}

/// The element's local name when it is an HTML element that is not dropped.
fn kept_name(element: &scraper::node::Element) -> Option<&str> {
    (&*element.name.ns == HTML_NAMESPACE)
        .then(|| element.name())
        .filter(|name| !is_dropped(name))
}

fn read(node: NodeRef<'_, Node>, depth: usize) -> RawNode {
    match node.value() {
        Node::Text(text) => RawNode::Text(text.to_string()),
        Node::Element(element) => {
            let Some(name) = kept_name(element) else {
                return RawNode::Other;
            };
            let children = if depth < MAX_DEPTH {
                children(node, depth + 1)
            } else {
                vec![RawNode::Text(flat_text(node))]
            };
            let attrs = READ_ATTRS
                .iter()
                .filter_map(|&attr| Some((attr.to_owned(), element.attr(attr)?.to_owned())))
                .collect();
            RawNode::Element {
                name: name.to_owned(),
                attrs,
                children,
            }
        }
        _ => RawNode::Other,
    }
}

/// The text under `root`, skipping dropped and foreign elements, walked without recursion.
fn flat_text(root: NodeRef<'_, Node>) -> String {
    let mut text = String::new();
    let mut stack: Vec<NodeRef<'_, Node>> = root.children().rev().collect();
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => text.push_str(t),
            Node::Element(e) if kept_name(e).is_some() => stack.extend(node.children().rev()),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_body_as_the_browser_does() {
        let nodes = parse("<p>Xin <b>chào</b><script>x()</script></p><svg><a>y</a></svg>");
        let RawNode::Element { name, children, .. } = &nodes[0] else {
            panic!("{nodes:?}")
        };
        assert_eq!(name, "p");
        assert_eq!(children.len(), 3);
        assert_eq!(children[2], RawNode::Other);
        assert_eq!(nodes[1], RawNode::Other);
    }

    #[test]
    fn deep_nesting_is_read_flat() {
        let html = "<b>".repeat(MAX_DEPTH + 10) + "sâu";
        let mut node = &parse(&html)[0];
        for _ in 0..MAX_DEPTH {
            let RawNode::Element { children, .. } = node else {
                panic!("{node:?}")
            };
            node = &children[0];
        }
        let RawNode::Element { children, .. } = node else {
            panic!("{node:?}")
        };
        assert_eq!(children, &vec![RawNode::Text("sâu".to_owned())]);
    }
}
