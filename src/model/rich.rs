//! Article bodies that arrive as HTML from a CMS (`body_html`), reduced to an allowlist.
//!
//! Rendering someone else's HTML on someone else's page is the most dangerous thing the widget
//! does, so the rules live here, pure and tested natively: the browser's own parser (`DOMParser`,
//! which runs no scripts) turns the string into a [`RawNode`] tree, and [`sanitize`] rebuilds it
//! from known tags and attributes only. What comes out is data ([`RichNode`]), never markup: it is
//! rendered node by node, so no string of the article ever reaches `innerHTML`.
//!
//! Unknown elements are unwrapped (their text stays); elements whose content is code, styling,
//! embedded documents or form controls are dropped with everything inside them.

use super::url::{is_safe_link, is_safe_url};

/// Elements nested deeper than this are unwrapped: the renderer is recursive and a hostile
/// `<b><b><b>…` must not exhaust the wasm stack.
pub const MAX_DEPTH: usize = 32;

/// A node as the browser parsed it, before sanitising.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RawNode {
    /// A text node, entities already decoded.
    Text(String),
    /// An element in the HTML namespace (`name` lower-case) with the attributes the parser kept.
    Element {
        /// Local name, lower-case.
        name: String,
        /// Attribute name (lower-case) and value.
        attrs: Vec<(String, String)>,
        /// Child nodes in document order.
        children: Vec<RawNode>,
    },
    /// Anything else: comments, processing instructions, foreign (SVG/MathML) elements.
    Other,
}

/// A sanitised node, safe to render as is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RichNode {
    /// Text.
    Text(String),
    /// An allowlisted element with allowlisted attributes.
    Element(RichElement),
}

/// An allowlisted element.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RichElement {
    /// The element.
    pub tag: Tag,
    /// Its attributes, each checked for this tag.
    pub attrs: Vec<(Attr, String)>,
    /// Its children.
    pub children: Vec<RichNode>,
}

macro_rules! names {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum $name { $($variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The HTML name.
            pub const fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            fn from_name(name: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.name() == name)
            }
        }
    };
}

names! {
    /// The elements an article body may keep.
    Tag {
        P = "p", H2 = "h2", H3 = "h3", H4 = "h4", Strong = "strong", B = "b", Em = "em", I = "i",
        U = "u", S = "s", Sub = "sub", Sup = "sup", Br = "br", A = "a", Img = "img",
        Figure = "figure", Figcaption = "figcaption", Blockquote = "blockquote", Ul = "ul",
        Ol = "ol", Li = "li", Table = "table", Thead = "thead", Tbody = "tbody", Tr = "tr",
        Th = "th", Td = "td", Caption = "caption",
    }
}

names! {
    /// The attributes an element may keep (which ones, for which tag: [`sanitize`]).
    Attr {
        Href = "href", Rel = "rel", Target = "target", Src = "src", Alt = "alt", Width = "width",
        Height = "height", Colspan = "colspan", Rowspan = "rowspan", Scope = "scope",
    }
}

impl Tag {
    /// Headings and links are read as labels: abbreviations are not marked inside them, as in
    /// the title and the structured body's headings.
    pub fn marks_text(self) -> bool {
        !matches!(self, Tag::H2 | Tag::H3 | Tag::H4 | Tag::A)
    }
}

/// What happens to an element that is not kept as it is.
enum Fate {
    Keep(Tag),
    /// Children kept in its place; `true` when it was a block, so words on either side stay apart.
    Unwrap(bool),
    Drop,
}

/// Dropped with their content: code, styling, embedded documents, foreign markup, form controls,
/// document-level elements and media whose fallback content is not article text. Sorted.
const DROPPED: &[&str] = &[
    "applet",
    "area",
    "audio",
    "base",
    "button",
    "canvas",
    "datalist",
    "dialog",
    "embed",
    "form",
    "frame",
    "frameset",
    "head",
    "iframe",
    "input",
    "keygen",
    "link",
    "map",
    "math",
    "meta",
    "noembed",
    "noframes",
    "noscript",
    "object",
    "optgroup",
    "option",
    "output",
    "param",
    "plaintext",
    "portal",
    "script",
    "select",
    "slot",
    "source",
    "style",
    "svg",
    "template",
    "textarea",
    "title",
    "track",
    "video",
    "xmp",
];

/// Block containers that are unwrapped with a line break's worth of space around them. Sorted.
const BLOCKS: &[&str] = &[
    "address", "article", "aside", "center", "dd", "details", "div", "dl", "dt", "fieldset",
    "footer", "header", "hgroup", "hr", "legend", "main", "nav", "picture", "pre", "section",
    "summary",
];

fn fate(name: &str) -> Fate {
    if let Some(tag) = Tag::from_name(name) {
        return Fate::Keep(tag);
    }
    match name {
        // The title is the page's one h1; deeper levels than the widget styles are folded in.
        "h1" => Fate::Keep(Tag::H2),
        "h5" | "h6" => Fate::Keep(Tag::H4),
        _ if DROPPED.binary_search(&name).is_ok() => Fate::Drop,
        _ => Fate::Unwrap(BLOCKS.binary_search(&name).is_ok()),
    }
}

/// Which parsed elements to descend into at all: the DOM walk skips what [`sanitize`] would drop,
/// so a megabyte of `<script>` is never copied out of the parser.
pub fn is_dropped(name: &str) -> bool {
    matches!(fate(name), Fate::Drop)
}

/// The attributes worth reading from a parsed element (the rest are ignored by [`sanitize`]).
pub const READ_ATTRS: &[&str] = &[
    "href", "src", "alt", "width", "height", "colspan", "rowspan", "scope",
];

/// Rebuilds parsed HTML from the allowlist.
///
/// ```
/// use article_widget::model::rich::{sanitize, RawNode, RichNode};
/// let el = |name: &str, attrs: &[(&str, &str)], children| RawNode::Element {
///     name: name.into(),
///     attrs: attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
///     children,
/// };
/// let raw = vec![el("p", &[("onclick", "x()")], vec![
///     RawNode::Text("Xin ".into()),
///     el("script", &[], vec![RawNode::Text("x()".into())]),
///     el("span", &[], vec![RawNode::Text("chào".into())]),
/// ])];
/// let rich = sanitize(&raw);
/// let RichNode::Element(p) = &rich[0] else { panic!() };
/// assert!(p.attrs.is_empty());
/// assert_eq!(p.children, vec![RichNode::Text("Xin ".into()), RichNode::Text("chào".into())]);
/// ```
pub fn sanitize(nodes: &[RawNode]) -> Vec<RichNode> {
    let mut out = Vec::with_capacity(nodes.len());
    push_all(nodes, 0, &mut out);
    out
}

fn push_all(nodes: &[RawNode], depth: usize, out: &mut Vec<RichNode>) {
    for node in nodes {
        push(node, depth, out);
    }
}

fn push(node: &RawNode, depth: usize, out: &mut Vec<RichNode>) {
    let RawNode::Element {
        name,
        attrs,
        children,
    } = node
    else {
        if let RawNode::Text(text) = node {
            if !text.is_empty() {
                out.push(RichNode::Text(text.clone()));
            }
        }
        return;
    };
    match fate(name) {
        Fate::Drop => {}
        Fate::Keep(tag) if depth < MAX_DEPTH => {
            let mut inner = Vec::with_capacity(children.len());
            if tag != Tag::Br && tag != Tag::Img {
                push_all(children, depth + 1, &mut inner);
            }
            out.push(RichNode::Element(RichElement {
                tag,
                attrs: keep_attrs(tag, attrs),
                children: inner,
            }));
        }
        Fate::Keep(_) | Fate::Unwrap(false) => push_all(children, depth, out),
        Fate::Unwrap(true) => {
            out.push(RichNode::Text("\n".into()));
            push_all(children, depth, out);
            out.push(RichNode::Text("\n".into()));
        }
    }
}

fn keep_attrs(tag: Tag, attrs: &[(String, String)]) -> Vec<(Attr, String)> {
    let mut kept = Vec::new();
    for (name, value) in attrs {
        let Some(attr) = Attr::from_name(name) else {
            continue;
        };
        let ok = match (tag, attr) {
            (Tag::A, Attr::Href) => is_safe_link(value),
            (Tag::Img, Attr::Src) => is_safe_url(value),
            (Tag::Img, Attr::Alt) => true,
            (Tag::Img, Attr::Width | Attr::Height) => is_number(value, 5),
            (Tag::Td | Tag::Th, Attr::Colspan | Attr::Rowspan) => is_number(value, 3),
            (Tag::Th, Attr::Scope) => {
                matches!(value.as_str(), "row" | "col" | "rowgroup" | "colgroup")
            }
            _ => false,
        };
        if ok && !kept.iter().any(|(a, _)| *a == attr) {
            kept.push((attr, value.trim().to_owned()));
        }
    }
    // A link whose target was refused stays as a plain `<a>`: its text keeps its place and it is
    // not focusable.
    if tag == Tag::A && kept.iter().any(|(a, _)| *a == Attr::Href) {
        kept.push((Attr::Rel, "noopener noreferrer".to_owned()));
    }
    kept
}

fn is_number(value: &str, max_digits: usize) -> bool {
    let v = value.trim();
    !v.is_empty() && v.len() <= max_digits && v.bytes().all(|b| b.is_ascii_digit())
}

impl RichNode {
    /// Calls `f` on every URL attribute (`href`, `src`) in the tree, e.g. to resolve relative
    /// links against the article's own URL.
    pub fn for_each_url(nodes: &mut [RichNode], f: &mut impl FnMut(Attr, &mut String)) {
        for node in nodes {
            if let RichNode::Element(el) = node {
                for (attr, value) in &mut el.attrs {
                    if matches!(attr, Attr::Href | Attr::Src) {
                        f(*attr, value);
                    }
                }
                RichNode::for_each_url(&mut el.children, f);
            }
        }
    }

    /// Marks links leaving the portal: `target="_blank"` (their `rel` is already
    /// `noopener noreferrer`). `is_external` is given each resolved `href`.
    pub fn open_external_links(nodes: &mut [RichNode], is_external: &impl Fn(&str) -> bool) {
        for node in nodes {
            if let RichNode::Element(el) = node {
                let external = el.tag == Tag::A
                    && el
                        .attrs
                        .iter()
                        .any(|(a, v)| *a == Attr::Href && is_external(v));
                if external {
                    el.attrs.push((Attr::Target, "_blank".to_owned()));
                }
                RichNode::open_external_links(&mut el.children, is_external);
            }
        }
    }

    /// The text of the tree, for counting and for tests.
    pub fn text(nodes: &[RichNode]) -> String {
        let mut out = String::new();
        fn walk(nodes: &[RichNode], out: &mut String) {
            for node in nodes {
                match node {
                    RichNode::Text(t) => out.push_str(t),
                    RichNode::Element(el) => walk(&el.children, out),
                }
            }
        }
        walk(nodes, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn el(name: &str, attrs: &[(&str, &str)], children: Vec<RawNode>) -> RawNode {
        RawNode::Element {
            name: name.into(),
            attrs: attrs
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            children,
        }
    }

    fn text(t: &str) -> RawNode {
        RawNode::Text(t.into())
    }

    fn only(nodes: &[RichNode]) -> &RichElement {
        match nodes {
            [RichNode::Element(e)] => e,
            other => panic!("expected one element, got {other:?}"),
        }
    }

    #[test]
    fn name_tables_are_sorted_for_binary_search() {
        assert!(DROPPED.windows(2).all(|w| w[0] < w[1]));
        assert!(BLOCKS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn every_allowlisted_tag_survives() {
        for tag in Tag::ALL {
            let rich = sanitize(&[el(tag.name(), &[], vec![text("x")])]);
            assert_eq!(only(&rich).tag, *tag);
        }
    }

    #[test]
    fn dangerous_elements_go_with_their_content() {
        for name in [
            "script", "style", "template", "iframe", "object", "embed", "svg", "math", "form",
            "input", "textarea", "select", "button", "noscript", "meta", "base", "link",
        ] {
            let rich = sanitize(&[el(
                "p",
                &[],
                vec![text("a"), el(name, &[], vec![text("EVIL")]), text("b")],
            )]);
            assert_eq!(RichNode::text(&rich), "ab", "{name}");
        }
        assert!(sanitize(&[RawNode::Other]).is_empty());
    }

    #[test]
    fn unknown_elements_are_unwrapped_and_blocks_keep_words_apart() {
        let rich = sanitize(&[el(
            "b",
            &[],
            vec![el("span", &[("style", "x")], vec![text("kept")])],
        )]);
        assert_eq!(only(&rich).children, vec![RichNode::Text("kept".into())]);
        let rich = sanitize(&[
            el("div", &[], vec![text("một")]),
            el("div", &[], vec![text("hai")]),
        ]);
        assert_eq!(
            RichNode::text(&rich).split_whitespace().collect::<Vec<_>>(),
            ["một", "hai"]
        );
    }

    #[test]
    fn event_handlers_styles_and_ids_are_dropped() {
        let rich = sanitize(&[el(
            "p",
            &[
                ("onclick", "x()"),
                ("style", "color:red"),
                ("id", "x"),
                ("name", "y"),
                ("class", "c"),
            ],
            vec![text("hi")],
        )]);
        assert!(only(&rich).attrs.is_empty());
    }

    #[test]
    fn links_keep_safe_targets_only_and_never_leak_the_opener() {
        for ok in [
            "https://baochinhphu.vn/a",
            "/a/b",
            "b.html",
            "mailto:toa-soan@x.vn",
            "#p2",
        ] {
            let a = sanitize(&[el("a", &[("href", ok)], vec![text("t")])]);
            assert_eq!(
                only(&a).attrs,
                vec![
                    (Attr::Href, ok.to_owned()),
                    (Attr::Rel, "noopener noreferrer".to_owned())
                ]
            );
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "vbscript:msgbox(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "mailto:\nx",
        ] {
            let a = sanitize(&[el(
                "a",
                &[("href", bad), ("target", "_self")],
                vec![text("t")],
            )]);
            assert!(only(&a).attrs.is_empty(), "{bad:?}");
            assert_eq!(RichNode::text(&a), "t");
        }
    }

    #[test]
    fn images_keep_source_alt_and_numeric_size() {
        let img = sanitize(&[el(
            "img",
            &[
                ("src", "a.jpg"),
                ("alt", "Ảnh"),
                ("width", "640"),
                ("height", "100%"),
                ("onerror", "x"),
            ],
            vec![],
        )]);
        assert_eq!(
            only(&img).attrs,
            vec![
                (Attr::Src, "a.jpg".into()),
                (Attr::Alt, "Ảnh".into()),
                (Attr::Width, "640".into())
            ]
        );
        let img = sanitize(&[el(
            "img",
            &[("src", "data:image/svg+xml,<svg onload=x>")],
            vec![],
        )]);
        assert!(only(&img).attrs.is_empty());
    }

    #[test]
    fn attributes_are_checked_per_tag() {
        let p = sanitize(&[el(
            "p",
            &[("href", "https://x.vn"), ("src", "a.jpg")],
            vec![],
        )]);
        assert!(only(&p).attrs.is_empty());
        let td = sanitize(&[el("td", &[("colspan", "2"), ("rowspan", "x")], vec![])]);
        assert_eq!(only(&td).attrs, vec![(Attr::Colspan, "2".into())]);
    }

    #[test]
    fn headings_are_folded_into_the_widgets_levels() {
        assert_eq!(only(&sanitize(&[el("h1", &[], vec![])])).tag, Tag::H2);
        assert_eq!(only(&sanitize(&[el("h6", &[], vec![])])).tag, Tag::H4);
    }

    #[test]
    fn deep_nesting_is_flattened_not_recursed() {
        let mut node = text("sâu");
        for _ in 0..1_000 {
            node = el("b", &[], vec![node]);
        }
        let rich = sanitize(std::slice::from_ref(&node));
        assert_eq!(RichNode::text(&rich), "sâu");
        let mut depth = 0;
        let mut nodes = &rich;
        while let [RichNode::Element(e)] = nodes.as_slice() {
            depth += 1;
            nodes = &e.children;
        }
        assert_eq!(depth, MAX_DEPTH);
    }

    #[test]
    fn links_to_other_sites_open_in_a_new_tab() {
        let mut rich = sanitize(&[
            el("a", &[("href", "https://other.vn/")], vec![]),
            el("a", &[("href", "https://portal.vn/x")], vec![]),
        ]);
        RichNode::open_external_links(&mut rich, &|href: &str| {
            !href.starts_with("https://portal.vn/")
        });
        let targets: Vec<bool> = rich
            .iter()
            .map(|n| matches!(n, RichNode::Element(e) if e.attrs.contains(&(Attr::Target, "_blank".into()))))
            .collect();
        assert_eq!(targets, [true, false]);
    }
}
