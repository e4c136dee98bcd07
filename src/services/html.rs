//! The browser's HTML parser, read into [`RawNode`]s for [`sanitize`](crate::model::rich::sanitize).
//!
//! `DOMParser` builds an inert document: no scripts run, no resources load, no event handlers
//! fire. Only what the allowlist can use is copied out of it: dropped elements are not entered,
//! and only the attributes in [`READ_ATTRS`] are read.
//!
//! The parsed nodes are hostile data, and DOM clobbering is the classic attack on a sanitiser's
//! walk: in `<form><input name=firstChild>`, `form.firstChild` *is* the input (and likewise
//! `nodeType`, `localName`, `getAttribute` …). So no property is read from a parsed node: every
//! read calls the getter from `Node.prototype` / `Element.prototype` on it, which the document
//! cannot redefine, and any value of an unexpected type counts as "absent".

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{DomParser, SupportedType};

use crate::model::rich::{is_dropped, RawNode, MAX_DEPTH, READ_ATTRS};

const HTML_NAMESPACE: &str = "http://www.w3.org/1999/xhtml";
const ELEMENT_NODE: u32 = 1;
const TEXT_NODE: u32 = 3;
const CDATA_SECTION_NODE: u32 = 4;

/// Parses an HTML fragment with the browser's parser. `None` only if the browser refuses to
/// create a parser, which does not happen in the browsers the widget supports.
pub fn parse(html: &str) -> Option<Vec<RawNode>> {
    let dom = Dom::new()?;
    let doc = DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()?;
    let body: JsValue = doc.body()?.into();
    Some(dom.children(&body, 0))
}

/// The DOM's own accessors, taken from the prototypes once per parse.
struct Dom {
    node_type: Function,
    first_child: Function,
    next_sibling: Function,
    node_value: Function,
    local_name: Function,
    namespace_uri: Function,
    get_attribute: Function,
}

impl Dom {
    fn new() -> Option<Self> {
        let global = js_sys::global();
        let prototype = |class: &str| -> Option<Object> {
            let class = Reflect::get(&global, &class.into()).ok()?;
            Reflect::get(&class, &"prototype".into())
                .ok()?
                .dyn_into()
                .ok()
        };
        let getter = |proto: &Object, name: &str| -> Option<Function> {
            let descriptor = Reflect::get_own_property_descriptor(proto, &name.into()).ok()?;
            Reflect::get(&descriptor, &"get".into())
                .ok()?
                .dyn_into()
                .ok()
        };
        let (node, element) = (prototype("Node")?, prototype("Element")?);
        Some(Dom {
            node_type: getter(&node, "nodeType")?,
            first_child: getter(&node, "firstChild")?,
            next_sibling: getter(&node, "nextSibling")?,
            node_value: getter(&node, "nodeValue")?,
            local_name: getter(&element, "localName")?,
            namespace_uri: getter(&element, "namespaceURI")?,
            get_attribute: Reflect::get(&element, &"getAttribute".into())
                .ok()?
                .dyn_into()
                .ok()?,
        })
    }

    fn node(&self, getter: &Function, node: &JsValue) -> Option<JsValue> {
        getter.call0(node).ok().filter(JsValue::is_object)
    }

    fn string(&self, getter: &Function, node: &JsValue) -> Option<String> {
        getter.call0(node).ok()?.as_string()
    }

    fn node_type(&self, node: &JsValue) -> u32 {
        self.node_type
            .call0(node)
            .ok()
            .and_then(|v| v.as_f64())
            .map_or(0, |n| n as u32)
    }

    /// The element's local name when it is an HTML element that is not dropped. SVG and MathML
    /// elements share names with HTML ones (`a`, `style`, `title`): nothing foreign is taken.
    fn kept_name(&self, node: &JsValue) -> Option<String> {
        if self.string(&self.namespace_uri, node).as_deref() != Some(HTML_NAMESPACE) {
            return None;
        }
        self.string(&self.local_name, node)
            .filter(|name| !is_dropped(name))
    }

    fn children(&self, parent: &JsValue, depth: usize) -> Vec<RawNode> {
        let mut out = Vec::new();
        let mut child = self.node(&self.first_child, parent);
        while let Some(node) = child {
            out.push(self.read(&node, depth));
            child = self.node(&self.next_sibling, &node);
        }
        out
    }

    fn read(&self, node: &JsValue, depth: usize) -> RawNode {
        match self.node_type(node) {
            TEXT_NODE | CDATA_SECTION_NODE => {
                RawNode::Text(self.string(&self.node_value, node).unwrap_or_default())
            }
            ELEMENT_NODE => {
                let Some(name) = self.kept_name(node) else {
                    return RawNode::Other;
                };
                let children = if depth < MAX_DEPTH {
                    self.children(node, depth + 1)
                } else {
                    // The sanitiser flattens this deep anyway; reading the text without recursion
                    // keeps a hostile nesting depth off the wasm stack.
                    vec![RawNode::Text(self.flat_text(node))]
                };
                let attrs = READ_ATTRS
                    .iter()
                    .filter_map(|&attr| {
                        let value = self.get_attribute.call1(node, &attr.into()).ok()?;
                        Some((attr.to_owned(), value.as_string()?))
                    })
                    .collect();
                RawNode::Element {
                    name,
                    attrs,
                    children,
                }
            }
            _ => RawNode::Other,
        }
    }

    /// The text under `root`, skipping dropped elements, walked with an explicit stack.
    fn flat_text(&self, root: &JsValue) -> String {
        let mut text = String::new();
        let mut stack: Vec<JsValue> = Vec::new();
        let mut next = self.node(&self.first_child, root);
        loop {
            let Some(node) = next.take().or_else(|| stack.pop()) else {
                return text;
            };
            if let Some(sibling) = self.node(&self.next_sibling, &node) {
                stack.push(sibling);
            }
            match self.node_type(&node) {
                TEXT_NODE => {
                    text.push_str(&self.string(&self.node_value, &node).unwrap_or_default())
                }
                ELEMENT_NODE if self.kept_name(&node).is_some() => {
                    next = self.node(&self.first_child, &node);
                }
                _ => {}
            }
        }
    }
}
