//! Tools for an article that is already on the page: one the portal's server rendered with
//! `article-widget-render` ("kept" markup), or the portal's own article markup (`data-enhance`).
//!
//! The article's nodes stay where they are, the same objects: no second fetch, no flash. One Yew
//! app per widget renders only what is interactive, through portals into slots of that markup
//! (islands), rather than hydrating the whole article: hydration walks every node and Yew panics
//! on a mismatch (a portal's CDN that rewrites markup, a browser extension that adds a node),
//! which would leave the article without tools; islands never read the article's nodes at all.
//! The README's design notes give the measurements behind the choice.

use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, Node};
use yew::prelude::*;

use crate::abbr::{default_glossary, Annotator, Glossary};
use crate::components::{
    rating_endpoint, AbbrTooltips, DateSearch, FontSizeControl, StarRating, Target, UsedAbbr,
    Widget,
};
use crate::config::WidgetConfig;
use crate::font_scale::FontScale;
use crate::hooks::{use_portal_glossary, use_shared_pref, Loaded};
use crate::model::Rating;

/// Where the tools go in markup that is already on the page.
#[derive(Clone, PartialEq)]
pub struct Slots {
    /// The element the font scale and the marks switch apply to.
    pub root: Element,
    /// The element holding the article text, and the abbreviation marks.
    pub body: Element,
    /// "Từ viết tắt" and "Xem với cỡ chữ".
    pub tools: Element,
    /// "Đánh giá".
    pub rating: Element,
    /// "Tìm theo ngày".
    pub search: Element,
    /// Where an article the reader opens from the date search is shown (as in JSON mode), the
    /// kept one hidden meanwhile.
    pub opened: Element,
    /// The article's id (the rating's), if known.
    pub article_id: Option<String>,
    /// The figures rendered with the article.
    pub figures: Option<Rating>,
    /// The prefix of the kept markup's element ids.
    pub id_prefix: String,
    /// Abbreviations already marked by the server (kept markup); `None` for a portal's own
    /// markup, which the browser marks itself.
    pub marked: Option<Vec<UsedAbbr>>,
}

/// Finds the slots of server-rendered markup under `host`, or makes them around a portal's own
/// article (`data-enhance`). `None` when the host holds neither.
pub fn discover(host: &Element, enhance: bool, id_prefix: &str) -> Option<Slots> {
    if let Some(root) = find(host, ":scope > .aw-widget[data-aw-prerendered]") {
        let slot = |selector: &str| find(&root, selector);
        let marked = root
            .query_selector_all(".aw-abbr-list__item[data-aw-entry]")
            .ok()
            .map(|items| {
                (0..items.length())
                    .filter_map(|i| items.item(i)?.dyn_into::<Element>().ok())
                    .filter_map(|item| {
                        Some(UsedAbbr {
                            entry: item.get_attribute("data-aw-entry")?.parse().ok()?,
                            key: find(&item, "dt")?.text_content()?,
                            full: find(&item, "dd")?.text_content()?,
                        })
                    })
                    .collect()
            });
        let figures = root.get_attribute("data-aw-rating").and_then(|r| {
            let (average, count) = r.split_once(' ')?;
            Some(Rating {
                average: average.parse().ok()?,
                count: count.parse().ok()?,
            })
        });
        let opened = gloo::utils::document().create_element("div").ok()?;
        opened.set_class_name("aw-opened");
        host.append_child(&opened).ok()?;
        return Some(Slots {
            opened,
            body: slot(".aw-body")?,
            tools: slot(".aw-tools")?,
            rating: slot(".aw-footer")?,
            search: slot(".aw-search-slot")?,
            article_id: root.get_attribute("data-aw-article"),
            figures,
            id_prefix: root
                .get_attribute("data-aw-prefix")
                .unwrap_or_else(|| id_prefix.to_owned()),
            marked,
            root,
        });
    }
    if !enhance {
        return None;
    }
    // Our own elements around the portal's: a bar before it, a footer after it. The stylesheet
    // has reserved their space on the host, so the portal's text does not move.
    let document = gloo::utils::document();
    let bar = document.create_element("div").ok()?;
    bar.set_class_name("aw-widget aw-enhance-bar");
    let tools = document.create_element("div").ok()?;
    tools.set_class_name("aw-tools");
    bar.append_child(&tools).ok()?;
    let foot = document.create_element("div").ok()?;
    foot.set_class_name("aw-widget aw-enhance-foot");
    let rating = document.create_element("div").ok()?;
    rating.set_class_name("aw-footer");
    let search = document.create_element("div").ok()?;
    search.set_class_name("aw-search-slot");
    foot.append_child(&rating).ok()?;
    foot.append_child(&search).ok()?;
    let opened = document.create_element("div").ok()?;
    opened.set_class_name("aw-opened");
    foot.append_child(&opened).ok()?;
    host.insert_before(&bar, host.first_child().as_ref()).ok()?;
    host.append_child(&foot).ok()?;
    Some(Slots {
        opened,
        root: host.clone(),
        body: host.clone(),
        tools,
        rating,
        search,
        article_id: host.get_attribute("data-article-id"),
        figures: None,
        id_prefix: id_prefix.to_owned(),
        marked: None,
    })
}

/// Removes what [`discover`] added around a portal's markup (and the marks it made), when the
/// widget is destroyed: the portal's article is left as it was.
pub fn restore(host: &Element) {
    for selector in [
        ":scope > .aw-enhance-bar",
        ":scope > .aw-enhance-foot",
        ":scope > .aw-opened",
    ] {
        if let Some(el) = find(host, selector) {
            el.remove();
        }
    }
    if let Ok(marks) = host.query_selector_all("abbr.aw-abbr[data-aw-made]") {
        for i in 0..marks.length() {
            let Some(mark) = marks.item(i) else { continue };
            let text =
                gloo::utils::document().create_text_node(&mark.text_content().unwrap_or_default());
            if let Some(parent) = mark.parent_node() {
                let _ = parent.replace_child(&text, &mark);
                parent.normalize();
            }
        }
    }
    let _ = host.class_list().remove_1(ENHANCED);
    let _ = host.class_list().remove_1(OPENED);
    if let Some(el) = host.dyn_ref::<HtmlElement>() {
        let _ = el.style().remove_property("--aw-font-scale");
    }
}

fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).ok().flatten()
}

/// Set on a `data-enhance` host once its tools are in place: the stylesheet's reservation for
/// them ends in the same frame as they appear.
const ENHANCED: &str = "aw-enhanced";

/// Set on the host while an article opened from the date search is shown: the stylesheet hides
/// the kept article (and a portal's own markup) without touching its nodes.
const MARKS_OFF: &str = "aw-marks-off";

const OPENED: &str = "aw-has-opened";

/// Props of [`Islands`].
#[derive(Properties, PartialEq)]
pub struct IslandsProps {
    /// Where the tools go.
    pub slots: Slots,
    /// The widget's configuration.
    pub config: Rc<WidgetConfig>,
    /// The host element, on which `article-widget:rated` is dispatched.
    pub host: Element,
    /// Called once the islands have rendered (see `mount::teardown`).
    pub on_first_render: Callback<()>,
}

/// The interactive parts of a widget whose article is already on the page.
#[component]
pub fn Islands(props: &IslandsProps) -> Html {
    let slots = &props.slots;
    let config = &props.config;
    let lang = config.lang;
    let t = lang.strings();
    let marks = use_shared_pref("abbr-marks", true, |_| true);
    let opened = use_state_eq(|| None::<String>);
    {
        let host = props.host.clone();
        use_effect_with(opened.is_some(), move |on| {
            let _ = host.class_list().toggle_with_force(OPENED, *on);
        });
    }

    // A portal's own article is marked here, once the portal's glossary (if any) has loaded or
    // failed; server-rendered markup arrives marked.
    let portal_glossary = use_portal_glossary(config.glossary_src.clone());
    let used = use_state(|| slots.marked.clone().map(Rc::new));
    {
        let used = used.clone();
        let (body, prefix, mode) = (
            slots.body.clone(),
            slots.id_prefix.clone(),
            config.abbr_mode,
        );
        let settled = match portal_glossary.get() {
            Loaded::Ready(map) => Some(Some(map.clone())),
            Loaded::Failed(_) => Some(None),
            Loaded::Idle if config.glossary_src.is_none() => Some(None),
            _ => None,
        };
        use_effect_with(settled.is_some(), move |ready| {
            if *ready && used.is_none() {
                let portal = settled.flatten();
                let empty = BTreeMap::new();
                let glossary = Glossary::from_layers([
                    default_glossary(),
                    portal.as_deref().unwrap_or(&empty),
                ]);
                let mut annotator = Annotator::new(&glossary, mode);
                mark_text(&body, &mut annotator, &prefix);
                let list = annotator
                    .used()
                    .iter()
                    .map(|&entry| UsedAbbr {
                        entry,
                        key: glossary.key(entry).to_owned(),
                        full: glossary.full_form(entry).to_owned(),
                    })
                    .collect();
                used.set(Some(Rc::new(list)));
            }
        });
    }

    // The level is one custom property on the widget's root, as in JSON mode (set by the
    // control); a portal's own text has its own sizes, often in px from a scoped rule, so each of
    // its text elements is scaled from the size it had (`FontScaler`).
    let scaler = use_mut_ref(|| None::<FontScaler>);
    let on_applied = {
        let (root, enhanced, scaler) = (slots.root.clone(), slots.marked.is_none(), scaler.clone());
        use_callback((), move |scale: FontScale, _| {
            if enhanced {
                scaler
                    .borrow_mut()
                    .get_or_insert_with(|| FontScaler::measure(&root))
                    .apply(scale);
            }
        })
    };
    // Taken down with the widget: the portal's text as it was.
    use_effect_with((), move |_| {
        move || {
            if let Some(scaler) = scaler.borrow().as_ref() {
                scaler.apply(FontScale::default());
            }
        }
    });
    {
        let root = slots.root.clone();
        use_effect_with(marks.get(), move |on| {
            let _ = root.class_list().toggle_with_force(MARKS_OFF, !on);
            // Switched off, the marks are words again: out of the tab order too.
            if let Ok(list) = root.query_selector_all(".aw-abbr") {
                for i in 0..list.length() {
                    if let Some(mark) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                        let _ = mark.set_attribute("tabindex", if *on { "0" } else { "-1" });
                    }
                }
            }
            move || {
                let _ = root.class_list().remove_1(MARKS_OFF);
            }
        });
    }
    {
        let (host, enhanced, on_first_render) = (
            props.host.clone(),
            slots.marked.is_none(),
            props.on_first_render.clone(),
        );
        use_effect_with((), move |_| {
            if enhanced {
                let _ = host.class_list().add_1(ENHANCED);
            }
            on_first_render.emit(());
        });
    }

    let on_toggle_marks = {
        let marks = marks.clone();
        Callback::from(move |_: MouseEvent| marks.set(!marks.get()))
    };
    let id_prefix = AttrValue::from(slots.id_prefix.clone());
    let tools = html! {
        <>
            <button type="button" class="aw-tool aw-tool--toggle"
                aria-pressed={marks.get().to_string()} onclick={on_toggle_marks}>
                { t.abbr_toggle }
            </button>
            <FontSizeControl target={Target::Element(slots.root.clone())} {on_applied} {lang}
                id_prefix={id_prefix.clone()} />
        </>
    };
    let tooltips = (*used).clone().filter(|u| !u.is_empty()).map(|used| {
        let container = Target::Element(slots.body.clone());
        html! { <AbbrTooltips {used} {container} id_prefix={id_prefix.clone()} /> }
    });
    let rating = slots.article_id.clone().map(|article_id| {
        html! {
            <StarRating article_id={AttrValue::from(article_id)} rating={slots.figures}
                endpoint={rating_endpoint(config.rating_endpoint.as_deref())}
                host={props.host.clone()} {lang} id_prefix={id_prefix.clone()} />
        }
    });
    if let Some(src) = (*opened).clone() {
        // The reader opened another article: from here on this is the JSON-mode widget.
        let config = Rc::new(WidgetConfig {
            article_src: Some(src),
            ..(**config).clone()
        });
        let widget = html! {
            <Widget {config} host={props.host.clone()} {id_prefix} />
        };
        return create_portal(widget, slots.opened.clone());
    }
    let search = config.date_search_source().map(|source| {
        let on_open = {
            let opened = opened.clone();
            Callback::from(move |src: String| opened.set(Some(src)))
        };
        let on_restore = {
            let opened = opened.clone();
            Callback::from(move |src: Option<String>| {
                if let Some(src) = src {
                    opened.set(Some(src));
                }
            })
        };
        html! {
            <DateSearch {source} zone={config.zone} {lang}
                param={config.date_param()} article_param={config.article_param()}
                current={slots.article_id.clone().map(AttrValue::from)}
                {on_open} {on_restore} id_prefix={id_prefix.clone()} />
        }
    });
    html! {
        <>
            { create_portal(tools, slots.tools.clone()) }
            { for tooltips.map(|t| create_portal(t, slots.body.clone())) }
            { for rating.map(|r| create_portal(r, slots.rating.clone())) }
            { for search.map(|s| create_portal(s, slots.search.clone())) }
        </>
    }
}

/// Elements whose text is never marked: labels (links, headings), code, and anything a reader
/// types into or presses, and the widget's own parts.
const UNMARKED: &str = "a, h1, h2, h3, h4, h5, h6, script, style, code, pre, kbd, samp, textarea, \
    input, select, option, button, label, noscript, template, svg, math, abbr, \
    [contenteditable], .aw-enhance-bar, .aw-enhance-foot, .aw-tooltip";

/// Wraps the abbreviations in the text nodes under `root` in marks, in reading order. Each text
/// node keeps its identity (it holds the text before the first mark); elements are untouched.
fn mark_text(root: &Element, annotator: &mut Annotator, prefix: &str) {
    let document = gloo::utils::document();
    let mut texts = Vec::new();
    let mut stack: Vec<Node> = Vec::new();
    let mut next = root.first_child();
    while let Some(node) = next.take().or_else(|| stack.pop()) {
        if let Some(sibling) = node.next_sibling() {
            stack.push(sibling);
        }
        match node.node_type() {
            Node::TEXT_NODE => texts.push(node),
            Node::ELEMENT_NODE => {
                let skip = node
                    .dyn_ref::<Element>()
                    .is_some_and(|el| el.matches(UNMARKED).unwrap_or(true));
                if !skip {
                    next = node.first_child();
                }
            }
            _ => {}
        }
    }
    for node in texts {
        let Some(data) = node.node_value() else {
            continue;
        };
        let (text, found) = annotator.marks(&data);
        let Some(first) = found.first() else { continue };
        node.set_node_value(Some(&text[..first.start]));
        let mut after = node.clone();
        let mut at = first.start;
        for m in &found {
            let mut pieces: Vec<Node> = Vec::with_capacity(2);
            if m.start > at {
                pieces.push(document.create_text_node(&text[at..m.start]).into());
            }
            let Ok(mark) = document.create_element("abbr") else {
                return;
            };
            mark.set_class_name("aw-abbr");
            let _ = mark.set_attribute("tabindex", "0");
            let _ = mark.set_attribute("data-aw-entry", &m.entry.to_string());
            let _ = mark.set_attribute("data-aw-made", "");
            let _ = mark.set_attribute("aria-describedby", &format!("{prefix}-tip-{}", m.entry));
            mark.set_text_content(Some(&text[m.start..m.end]));
            pieces.push(mark.into());
            for piece in pieces {
                let Some(parent) = after.parent_node() else {
                    return;
                };
                let _ = parent.insert_before(&piece, after.next_sibling().as_ref());
                after = piece;
            }
            at = m.end;
        }
        if at < text.len() {
            if let Some(parent) = after.parent_node() {
                let rest = document.create_text_node(&text[at..]);
                let _ = parent.insert_before(&rest, after.next_sibling().as_ref());
            }
        }
    }
}

/// Scales a portal's own text: each element that holds text is given its measured size times
/// the level (and its line height, where that is a length), with important priority, since the
/// portal's scoped rules set sizes in px. Level 100 % removes exactly what was set. Sizes are
/// kept as the browser wrote them (`14.6667px`) and scaled by `calc()`: the wasm neither parses
/// nor prints a float.
struct FontScaler {
    elements: Vec<(HtmlElement, String, Option<String>)>,
}

impl FontScaler {
    fn measure(root: &Element) -> Self {
        let mut elements = Vec::new();
        let window = gloo::utils::window();
        let Ok(all) = root.query_selector_all("*") else {
            return FontScaler { elements };
        };
        for i in 0..all.length() {
            let Some(el) = all.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok()) else {
                continue;
            };
            if el
                .closest(".aw-enhance-bar, .aw-enhance-foot, .aw-tooltip, script, style")
                .ok()
                .flatten()
                .is_some()
            {
                continue;
            }
            let children = el.child_nodes();
            let has_text = (0..children.length()).any(|j| {
                children.item(j).is_some_and(|c| {
                    c.node_type() == Node::TEXT_NODE
                        && c.node_value().is_some_and(|v| !v.trim().is_empty())
                })
            });
            if !has_text {
                continue;
            }
            let Ok(Some(style)) = window.get_computed_style(&el) else {
                continue;
            };
            let px = |name: &str| {
                style
                    .get_property_value(name)
                    .ok()
                    .filter(|v| v.ends_with("px"))
            };
            if let Some(size) = px("font-size") {
                elements.push((el, size, px("line-height")));
            }
        }
        FontScaler { elements }
    }

    fn apply(&self, scale: FontScale) {
        let factor = scale.factor_css();
        for (el, size, line) in &self.elements {
            let style = el.style();
            if scale == FontScale::default() {
                let _ = style.remove_property("font-size");
                let _ = style.remove_property("line-height");
                continue;
            }
            let _ = style.set_property_with_priority(
                "font-size",
                &format!("calc({size} * {factor})"),
                "important",
            );
            if let Some(line) = line {
                let _ = style.set_property_with_priority(
                    "line-height",
                    &format!("calc({line} * {factor})"),
                    "important",
                );
            }
        }
    }
}
