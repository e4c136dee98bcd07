//! Server-side rendering: an article JSON into the widget's own HTML, on a portal's server.
//!
//! Portals already render their articles on the server. Rendered here with the same Yew
//! components as in the browser ([`ArticleView`]), the article paints with the page, reads
//! without WebAssembly (search engines, text browsers, proxies that block wasm), and the widget,
//! once it arrives, keeps those nodes and mounts only its tools beside them (`islands`).
//!
//! ```
//! use article_widget::render::{render_json, RenderOptions};
//! let json = r#"{"id":"a1","title":"Tiêu đề","published":"2024-05-13T10:45:00+07:00",
//!                "body":[{"type":"paragraph","text":"UBND tỉnh họp."}]}"#;
//! let fragment = render_json(json, &RenderOptions::default()).unwrap().html;
//! assert!(fragment.contains(r#"aria-describedby="aw-s-tip-"#));
//! assert!(fragment.contains(">UBND</abbr>"));
//! ```

mod html;

use std::collections::BTreeMap;
use std::rc::Rc;

use time::UtcOffset;
use yew::prelude::*;
use yew::LocalServerRenderer;

use crate::abbr::{default_glossary, AbbrMode, Glossary};
use crate::components::ArticleView;
use crate::error::Result;
use crate::i18n::Lang;
use crate::model::rich::{sanitize, RichNode};
use crate::model::{parse_article, Article, Block};

/// What a server render needs to know that the article does not say: the widget's settings
/// for it, as the host element's attributes give them in the browser.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderOptions {
    /// Interface language (`data-lang`).
    pub lang: Lang,
    /// The portal's time zone (`data-time-zone`): the date line reads in it.
    pub zone: UtcOffset,
    /// The title's heading level (`data-heading-level`).
    pub heading_level: u8,
    /// Every occurrence or only the first (`data-abbr-mode`).
    pub abbr_mode: AbbrMode,
    /// The portal's glossary (`data-glossary-src`), layered between the default one and the
    /// article's own abbreviations, as in the browser.
    pub glossary: Option<BTreeMap<String, String>>,
    /// Prefix of the fragment's element ids, unique within the page (two articles on one page
    /// need two prefixes).
    pub id_prefix: String,
    /// The portal's origin (`https://example.gov.vn`): links to other origins open in a new
    /// tab, as the browser decides by the page's origin. Without it, every absolute link does.
    pub origin: Option<String>,
    /// The article JSON's own URL, which its relative image and link URLs are written against
    /// (the browser resolves them against the URL it fetched): absolute, or relative to the page
    /// the fragment goes into (`articles/bai-viet.json`). Without it they stay as written.
    pub base: Option<String>,
}

impl Default for RenderOptions {
    fn default() -> Self {
        RenderOptions {
            lang: Lang::Vi,
            zone: crate::date::DEFAULT_ZONE,
            heading_level: 1,
            abbr_mode: AbbrMode::All,
            glossary: None,
            id_prefix: "aw-s".to_owned(),
            origin: None,
            base: None,
        }
    }
}

/// A rendered fragment and the non-fatal problems met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// The HTML fragment: one `<div class="aw-widget" data-aw-prerendered>`.
    pub html: String,
    /// Human-readable warnings (English), the ones the widget prints to the console.
    pub warnings: Vec<String>,
}

/// Validates an article JSON as the widget does, and renders it.
pub fn render_json(json: &str, options: &RenderOptions) -> Result<Rendered> {
    let parsed = parse_article(json)?;
    let mut article = parsed.article;
    prepare(
        &mut article,
        options.origin.as_deref(),
        options.base.as_deref(),
    );
    Ok(Rendered {
        html: render_article(&article, options),
        warnings: parsed.warnings,
    })
}

/// Turns the article's `body_html` into a sanitised [`Block::Rich`], exactly as the browser does
/// (`services::fetch::load_article`), with html5ever in place of `DOMParser`: the same HTML5
/// parsing algorithm, the same [`sanitize`] allowlist. Relative URLs are resolved against
/// `base` (see [`RenderOptions::base`]).
pub fn prepare(article: &mut Article, origin: Option<&str>, base: Option<&str>) {
    if let Some(body_html) = article.body_html.take() {
        let mut rich = sanitize(&html::parse(&body_html));
        RichNode::for_each_url(&mut rich, &mut |_, link| *link = resolve(link, base));
        RichNode::open_external_links(&mut rich, &|href| is_external(href, origin));
        article.body.push(Block::Rich(rich));
    }
    for block in &mut article.body {
        if let Block::Image { src, .. } = block {
            *src = resolve(src, base);
        }
    }
}

/// `link` resolved against `base`. A relative base stays relative: it is resolved on a
/// placeholder origin, which is then taken off again.
fn resolve(link: &str, base: Option<&str>) -> String {
    const PLACEHOLDER: &str = "http://relative.invalid/";
    let Some(base) = base else {
        return link.to_owned();
    };
    if link.starts_with('#') {
        return link.to_owned();
    }
    let absolute = url::Url::parse(base).ok();
    let root = url::Url::parse(PLACEHOLDER).ok();
    let joined = match (&absolute, &root) {
        (Some(base), _) => base.join(link).ok(),
        (None, Some(root)) => root.join(base).and_then(|b| b.join(link)).ok(),
        _ => None,
    };
    match joined {
        Some(url) if absolute.is_none() && url.as_str().starts_with(PLACEHOLDER) => {
            url.as_str()[PLACEHOLDER.len()..].to_owned()
        }
        Some(url) => url.to_string(),
        None => link.to_owned(),
    }
}

/// Whether a (sanitised, so http(s), mailto, tel or relative) link leaves the portal.
fn is_external(href: &str, origin: Option<&str>) -> bool {
    let lower = href.to_ascii_lowercase();
    if !(lower.starts_with("http://") || lower.starts_with("https://")) {
        return false;
    }
    match origin {
        Some(origin) => {
            let origin = origin.trim_end_matches('/').to_ascii_lowercase();
            !(lower == origin || lower.starts_with(&format!("{origin}/")))
        }
        None => true,
    }
}

/// Renders a validated article (its `body_html` already [`prepare`]d) into the widget's HTML.
///
/// The fragment holds the whole article, with its abbreviations marked, and empty slots where
/// the browser mounts "Từ viết tắt", "Xem với cỡ chữ", "Đánh giá" and "Tìm theo ngày". The
/// stylesheet reserves the slots' space, so the tools appear without moving the text.
pub fn render_article(article: &Article, options: &RenderOptions) -> String {
    let empty = BTreeMap::new();
    let glossary = Glossary::from_layers([
        default_glossary(),
        options.glossary.as_ref().unwrap_or(&empty),
        &article.abbreviations,
    ]);
    let props = PrerenderedProps {
        article: Rc::new(article.clone()),
        glossary: Rc::new(glossary),
        options: Rc::new(options.clone()),
    };
    let renderer = LocalServerRenderer::<Prerendered>::with_props(props).hydratable(false);
    // Nothing in these components suspends, so the future completes on its first poll; no
    // runtime is needed, and a portal's own (tokio or none) is not disturbed.
    futures::executor::block_on(renderer.render())
}

#[derive(Properties)]
struct PrerenderedProps {
    article: Rc<Article>,
    glossary: Rc<Glossary>,
    options: Rc<RenderOptions>,
}

impl PartialEq for PrerenderedProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.article, &other.article)
            && Rc::ptr_eq(&self.glossary, &other.glossary)
            && self.options == other.options
    }
}

/// The widget's root as the browser's JSON mode renders it, marked as server-rendered and
/// carrying what the islands need that the markup does not show: the article's id and its
/// rating figures.
#[component]
fn Prerendered(props: &PrerenderedProps) -> Html {
    let (article, options) = (&props.article, &props.options);
    let rating = article.rating.map(|r| format!("{} {}", r.average, r.count));
    html! {
        <div class="aw-widget" lang={options.lang.tag()} data-aw-prerendered=""
            data-aw-prefix={options.id_prefix.clone()} data-aw-article={article.id.clone()}
            data-aw-rating={rating}>
            { ArticleView {
                article: article.clone(),
                lang: options.lang,
                zone: options.zone,
                heading_level: options.heading_level,
                id_prefix: AttrValue::from(options.id_prefix.clone()),
                title_ref: NodeRef::default(),
                glossary: Some(props.glossary.clone()),
                abbr_mode: options.abbr_mode,
                abbr_notice: None,
                tools: Html::default(),
                rating: Html::default(),
            }.view() }
            <div class="aw-search-slot"></div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::resolve;

    #[test]
    fn relative_links_resolve_against_the_article_url() {
        let abs = Some("https://cong.gov.vn/articles/bai.json");
        assert_eq!(
            resolve("../images/a.svg", abs),
            "https://cong.gov.vn/images/a.svg"
        );
        assert_eq!(resolve("https://x.vn/b", abs), "https://x.vn/b");
        assert_eq!(resolve("#muc-1", abs), "#muc-1");
        let rel = Some("articles/bai.json");
        assert_eq!(resolve("../images/a.svg", rel), "images/a.svg");
        assert_eq!(resolve("anh/b.png", rel), "articles/anh/b.png");
        assert_eq!(resolve("mailto:a@b.vn", rel), "mailto:a@b.vn");
        assert_eq!(resolve("../images/a.svg", None), "../images/a.svg");
    }
}
