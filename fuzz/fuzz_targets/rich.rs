//! `rich`: the `body_html` allowlist. The input is read as a stream of operations that builds a
//! parsed tree (open an element from a mix of kept, dropped, unwrapped and folded names, add an
//! attribute from a mix of allowed and hostile ones with a value from the input, add text,
//! close), which is what the browser's parser hands to `sanitize`. Whatever the tree, the output
//! may hold only allowlisted elements, each with only the attributes allowed for it, no URL with
//! a control character or a scheme other than http(s) (and mailto: on links), every kept link
//! with `rel="noopener noreferrer"`, and no element deeper than `MAX_DEPTH`.
#![no_main]

use article_widget::model::rich::{sanitize, Attr, RawNode, RichNode, Tag, MAX_DEPTH};
use libfuzzer_sys::fuzz_target;

const NAMES: &[&str] = &[
    "p", "a", "img", "b", "h1", "h2", "h6", "table", "td", "th", "script", "style", "svg", "math",
    "div", "span", "form", "input", "iframe", "template", "noscript", "figure", "ul", "li", "br",
    "A", "P", "", "x-y",
];
const ATTRS: &[&str] = &[
    "href", "src", "alt", "width", "height", "colspan", "rowspan", "scope", "onclick", "style",
    "id", "name", "rel", "target", "srcset", "HREF",
];

/// Builds a forest from the operation stream; deep nesting is allowed (it is what is checked).
fn build(data: &[u8]) -> Vec<RawNode> {
    // Open elements as (name, attrs, children); the root collects the top level.
    let mut stack: Vec<(String, Vec<(String, String)>, Vec<RawNode>)> =
        vec![(String::new(), Vec::new(), Vec::new())];
    let mut pos = 0;
    while pos < data.len() {
        let op = data[pos];
        let arg = data.get(pos + 1).copied().unwrap_or(0);
        pos += 2;
        match op % 5 {
            0 if stack.len() < 200 => stack.push((
                NAMES[usize::from(arg) % NAMES.len()].to_owned(),
                Vec::new(),
                Vec::new(),
            )),
            1 => {
                let value = slice(data, &mut pos, usize::from(arg % 24));
                let name = ATTRS[usize::from(arg) % ATTRS.len()].to_owned();
                if let Some(top) = stack.last_mut() {
                    top.1.push((name, value));
                }
            }
            2 => {
                let text = slice(data, &mut pos, usize::from(arg % 16));
                if let Some(top) = stack.last_mut() {
                    top.2.push(RawNode::Text(text));
                }
            }
            3 if stack.len() > 1 => close(&mut stack),
            _ => {
                if let Some(top) = stack.last_mut() {
                    top.2.push(RawNode::Other);
                }
            }
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().map(|root| root.2).unwrap_or_default()
}

/// The next `len` bytes (fewer at the end) as text.
fn slice(data: &[u8], pos: &mut usize, len: usize) -> String {
    let start = (*pos).min(data.len());
    let end = (start + len).min(data.len());
    *pos = end;
    String::from_utf8_lossy(&data[start..end]).into_owned()
}

fn close(stack: &mut Vec<(String, Vec<(String, String)>, Vec<RawNode>)>) {
    if let Some((name, attrs, children)) = stack.pop() {
        if let Some(parent) = stack.last_mut() {
            parent.2.push(RawNode::Element {
                name,
                attrs,
                children,
            });
        }
    }
}

fn safe_url(value: &str, mailto: bool) -> bool {
    if value.chars().any(char::is_control) {
        return false;
    }
    let v = value.trim();
    match v.find([':', '/', '?', '#']) {
        Some(i) if v.as_bytes()[i] == b':' => {
            let scheme = v[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https" || (mailto && scheme == "mailto")
        }
        _ => true,
    }
}

fn check(nodes: &[RichNode], depth: usize) {
    for node in nodes {
        let RichNode::Element(el) = node else {
            continue;
        };
        assert!(depth < MAX_DEPTH, "element deeper than MAX_DEPTH");
        assert!(Tag::ALL.contains(&el.tag));
        for (attr, value) in &el.attrs {
            let allowed = match (el.tag, attr) {
                (Tag::A, Attr::Href) => safe_url(value, true),
                (Tag::A, Attr::Rel) => value == "noopener noreferrer",
                (Tag::A, Attr::Target) => value == "_blank",
                (Tag::Img, Attr::Src) => safe_url(value, false),
                (Tag::Img, Attr::Alt) => true,
                (Tag::Img, Attr::Width | Attr::Height)
                | (Tag::Td | Tag::Th, Attr::Colspan | Attr::Rowspan) => {
                    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit())
                }
                (Tag::Th, Attr::Scope) => {
                    matches!(value.as_str(), "row" | "col" | "rowgroup" | "colgroup")
                }
                _ => false,
            };
            assert!(allowed, "{:?} kept {:?}={:?}", el.tag, attr, value);
        }
        if el.tag == Tag::A && el.attrs.iter().any(|(a, _)| *a == Attr::Href) {
            assert!(el
                .attrs
                .contains(&(Attr::Rel, "noopener noreferrer".to_owned())));
        }
        if matches!(el.tag, Tag::Img | Tag::Br) {
            assert!(el.children.is_empty(), "void element with children");
        }
        check(&el.children, depth + 1);
    }
}

fuzz_target!(|data: &[u8]| {
    let mut rich = sanitize(&build(data));
    RichNode::open_external_links(&mut rich, &|href: &str| href.len() % 2 == 0);
    check(&rich, 0);
});
