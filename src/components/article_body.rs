use std::rc::Rc;

use yew::prelude::*;
use yew::virtual_dom::VTag;

use crate::abbr::{AbbrMode, Annotator, Glossary};
use crate::components::heading_tag;
use crate::i18n::Lang;
use crate::model::rich::{RichNode, Tag};
use crate::model::{Article, Block};

/// One abbreviation used in the article.
#[derive(Debug, Clone, PartialEq)]
pub struct UsedAbbr {
    /// Glossary entry index (the tooltip id suffix).
    pub entry: usize,
    /// The abbreviation.
    pub key: String,
    /// Its full form.
    pub full: String,
}

/// Props of [`ArticleBody`].
#[derive(Properties)]
pub struct ArticleBodyProps {
    /// The article.
    pub article: Rc<Article>,
    /// Interface language.
    pub lang: Lang,
    /// The glossary to mark abbreviations with; `None` when marks are switched off.
    #[prop_or_default]
    pub glossary: Option<Rc<Glossary>>,
    /// Every occurrence or only the first.
    #[prop_or_default]
    pub abbr_mode: AbbrMode,
    /// A notice shown with the abbreviation list (e.g. the portal glossary failed to load).
    #[prop_or_default]
    pub abbr_notice: Option<AttrValue>,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
    /// The level of the article's title (`data-heading-level`); subheadings go one below.
    #[prop_or(1)]
    pub heading_level: u8,
}

/// The article and the glossary are compared by pointer: both are large and built once per load
/// (the glossary in a memo), while the props are compared on every render of the widget, such
/// as each font-size click; a new load is a new `Rc`.
impl PartialEq for ArticleBodyProps {
    fn eq(&self, other: &Self) -> bool {
        let same_glossary = match (&self.glossary, &other.glossary) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        Rc::ptr_eq(&self.article, &other.article)
            && same_glossary
            && self.lang == other.lang
            && self.abbr_mode == other.abbr_mode
            && self.abbr_notice == other.abbr_notice
            && self.id_prefix == other.id_prefix
            && self.heading_level == other.heading_level
    }
}

/// Lead, content blocks, source line, and the abbreviation marks, list and tooltips.
///
/// This is the expensive part of the widget (matching runs here), so it is its own component:
/// font-size changes, tooltips and rating hovers re-render other components, never this one.
/// `data-aw-renders` counts its renders, which lets the browser tests prove that.
#[component]
pub fn ArticleBody(props: &ArticleBodyProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    let container = use_node_ref();
    let article = &props.article;
    let t = props.lang.strings();

    let mut marker = Marker {
        annotator: props
            .glossary
            .as_deref()
            .map(|g| Annotator::new(g, props.abbr_mode)),
        prefix: &props.id_prefix,
    };
    // Reading order matters: it decides which occurrence is "first" and the list's order.
    let lead = article
        .lead
        .as_ref()
        .map(|lead| html! { <p class="aw-lead">{ marker.text(lead) }</p> });
    let blocks: Html = article
        .body
        .iter()
        .map(|b| block(b, &mut marker, props.heading_level))
        .collect();
    let source = article.source.as_ref().map(|s| {
        let name = match &s.url {
            Some(url) => html! {
                // The name says that it opens a new tab; it starts with the visible text (WCAG 2.5.3).
                <a href={url.clone()} rel="noopener noreferrer" target="_blank"
                    aria-label={format!("{}{}", s.name, t.new_tab)}>{ &s.name }</a>
            },
            None => html! { &s.name },
        };
        html! { <p class="aw-source">{ t.source }{ ": " }{ name }</p> }
    });

    let used: Rc<Vec<UsedAbbr>> = Rc::new(match (&props.glossary, &marker.annotator) {
        (Some(g), Some(a)) => a
            .used()
            .iter()
            .map(|&entry| UsedAbbr {
                entry,
                key: g.key(entry).to_owned(),
                full: g.full_form(entry).to_owned(),
            })
            .collect(),
        _ => Vec::new(),
    });
    // The notice (e.g. the portal glossary failed to load) stands outside the collapsed list, so
    // it is seen and announced, and it stays when marks are switched off.
    let notice = props.abbr_notice.as_ref().map(|notice| {
        html! { <p class="aw-abbr-list__notice" role="status">{ notice }</p> }
    });
    let list = (props.glossary.is_some() && !used.is_empty()).then(|| {
        html! {
            <details class="aw-abbr-list">
                <summary>{ (t.abbr_list)(used.len()) }</summary>
                <dl>
                    { for used.iter().map(|a| html! {
                        <div class="aw-abbr-list__item" data-aw-entry={a.entry.to_string()}><dt>{ &a.key }</dt><dd>{ &a.full }</dd></div>
                    }) }
                </dl>
            </details>
        }
    });

    html! {
        <div class="aw-body" ref={container.clone()} data-aw-renders={renders.borrow().to_string()}>
            { for notice }
            { for list }
            { for lead }
            { blocks }
            { for source }
            { tooltips(used, container, &props.id_prefix) }
        </div>
    }
}

/// The tooltips, in the browser. A server renders none: the browser mounts them beside the
/// marks it finds (`islands`), reading the abbreviations from the list.
#[cfg(target_arch = "wasm32")]
fn tooltips(used: Rc<Vec<UsedAbbr>>, container: NodeRef, id_prefix: &AttrValue) -> Html {
    use crate::components::{AbbrTooltips, Target};
    if used.is_empty() {
        return Html::default();
    }
    let container = Target::Ref(container);
    html! { <AbbrTooltips {used} {container} id_prefix={id_prefix.clone()} /> }
}

#[cfg(not(target_arch = "wasm32"))]
fn tooltips(_: Rc<Vec<UsedAbbr>>, _: NodeRef, _: &AttrValue) -> Html {
    Html::default()
}

/// Turns text into nodes, wrapping abbreviations in focusable `<abbr>` marks when marking is on.
struct Marker<'g, 'p> {
    annotator: Option<Annotator<'g>>,
    prefix: &'p str,
}

impl Marker<'_, '_> {
    fn text(&mut self, text: &str) -> Html {
        let Some(annotator) = self.annotator.as_mut() else {
            return html! { text };
        };
        let (text, marks) = annotator.marks(text);
        if marks.is_empty() {
            return html! { text.as_ref() };
        }
        let mut nodes = Vec::with_capacity(marks.len() * 2 + 1);
        let mut at = 0;
        for m in marks {
            if m.start > at {
                nodes.push(html! { &text[at..m.start] });
            }
            nodes.push(html! {
                <abbr class="aw-abbr" tabindex="0" data-aw-entry={m.entry.to_string()}
                    aria-describedby={format!("{}-tip-{}", self.prefix, m.entry)}>
                    { &text[m.start..m.end] }
                </abbr>
            });
            at = m.end;
        }
        if at < text.len() {
            nodes.push(html! { &text[at..] });
        }
        nodes.into_iter().collect()
    }
}

/// Renders one block of the structured body; `level` is the title's heading level.
fn block(block: &Block, marker: &mut Marker, level: u8) -> Html {
    match block {
        // Subheadings are not marked: like the title, they are read as labels.
        Block::Heading(text) => {
            html! { <@{heading_tag(level + 1)} class="aw-h2">{ text }</@> }
        }
        Block::Paragraph(text) => html! { <p class="aw-p">{ marker.text(text) }</p> },
        Block::Image {
            src,
            alt,
            caption,
            size,
        } => html! {
            <figure class="aw-figure">
                <img class="aw-img" src={src.clone()} alt={alt.clone().unwrap_or_default()}
                    width={size.map(|(w, _)| w.to_string())} height={size.map(|(_, h)| h.to_string())}
                    loading="lazy" decoding="async" />
                if let Some(caption) = caption {
                    <figcaption class="aw-caption">{ marker.text(caption) }</figcaption>
                }
            </figure>
        },
        Block::Quote { text, cite } => html! {
            <figure class="aw-quote">
                <blockquote class="aw-quote__text"><p>{ marker.text(text) }</p></blockquote>
                if let Some(cite) = cite {
                    <figcaption class="aw-quote__cite">{ "— " }<cite>{ cite }</cite></figcaption>
                }
            </figure>
        },
        Block::List(items) => html! {
            <ul class="aw-list">{ for items.iter().map(|item| html! { <li>{ marker.text(item) }</li> }) }</ul>
        },
        Block::Rich(nodes) => html! {
            <div class="aw-rich">{ for nodes.iter().map(|n| rich(n, marker, true, level)) }</div>
        },
    }
}

/// Renders a sanitised `body_html` node by node: tag and attribute names come from the
/// allowlist's `&'static str`s, values are set as attributes, text as text nodes. Its headings
/// (h2–h4 after sanitising) move down with the title's `level` and keep their look by class.
fn rich(node: &RichNode, marker: &mut Marker, mark: bool, level: u8) -> Html {
    match node {
        RichNode::Text(text) if mark => marker.text(text),
        RichNode::Text(text) => html! { text.as_str() },
        RichNode::Element(el) => {
            let heading = match el.tag {
                Tag::H2 => Some((2, "aw-h2")),
                Tag::H3 => Some((3, "aw-h3")),
                Tag::H4 => Some((4, "aw-h4")),
                _ => None,
            };
            let mut tag = match heading {
                Some((rank, class)) => {
                    let mut tag = VTag::new(heading_tag(rank + level - 1));
                    tag.add_attribute("class", class);
                    tag
                }
                None => VTag::new(el.tag.name()),
            };
            for (attr, value) in &el.attrs {
                tag.add_attribute(attr.name(), value.clone());
            }
            if el.tag == Tag::Img {
                tag.add_attribute("loading", "lazy");
                tag.add_attribute("decoding", "async");
            }
            let mark = mark && el.tag.marks_text();
            tag.add_children(el.children.iter().map(|c| rich(c, marker, mark, level)));
            tag.into()
        }
    }
}
