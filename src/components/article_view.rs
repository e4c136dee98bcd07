use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::abbr::Glossary;
use crate::components::{heading_tag, ArticleBody, FontSizeControl, StarRating};
use crate::config::WidgetConfig;
use crate::date::{date_line, datetime_attr};
use crate::font_scale::FontScale;
use crate::model::Article;
use crate::services::fetch::absolute_url;

/// Props of [`ArticleView`].
#[derive(Properties)]
pub struct ArticleViewProps {
    /// The loaded article.
    pub article: Rc<Article>,
    /// The widget's configuration.
    pub config: Rc<WidgetConfig>,
    /// The host element, on which `article-widget:rated` is dispatched.
    pub host: Element,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
    /// The title, which focus moves to after the reader's Retry or "open in widget".
    pub title_ref: NodeRef,
    /// The font-size level and its change.
    pub scale: FontScale,
    /// Called with the new font-size level.
    pub on_font: Callback<FontScale>,
    /// Whether abbreviations are marked, and the toggle.
    pub marks: bool,
    /// Called when the reader toggles the marks.
    pub on_toggle_marks: Callback<MouseEvent>,
    /// The glossary, layered (default, portal, article).
    pub glossary: Rc<Glossary>,
    /// The portal's glossary did not load: said beside the list.
    pub glossary_failed: bool,
}

/// By pointer for the article and the glossary (built once per load), as in [`ArticleBody`].
impl PartialEq for ArticleViewProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.article, &other.article)
            && Rc::ptr_eq(&self.glossary, &other.glossary)
            && self.config == other.config
            && self.host == other.host
            && self.id_prefix == other.id_prefix
            && self.title_ref == other.title_ref
            && self.scale == other.scale
            && self.on_font == other.on_font
            && self.marks == other.marks
            && self.on_toggle_marks == other.on_toggle_marks
            && self.glossary_failed == other.glossary_failed
    }
}

/// A loaded article: title, date line and tools, body, rating.
#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let (article, config) = (&props.article, &props.config);
    let lang = config.lang;
    let t = lang.strings();
    let title_id = format!("{}-title", props.id_prefix);
    let notice = props
        .glossary_failed
        .then(|| AttrValue::from(t.glossary_failed));
    html! {
        <article class="aw-article" aria-labelledby={title_id.clone()}>
            <header class="aw-header">
                <@{heading_tag(config.heading_level)} class="aw-title" id={title_id} tabindex="-1" ref={props.title_ref.clone()}>{ &article.title }</@>
                <div class="aw-meta">
                    <time class="aw-date" datetime={datetime_attr(article.published, config.zone)}>
                        { date_line(article.published, config.zone, lang) }
                    </time>
                    <div class="aw-tools">
                        <button type="button" class="aw-tool aw-tool--toggle"
                            aria-pressed={props.marks.to_string()} onclick={props.on_toggle_marks.clone()}>
                            { t.abbr_toggle }
                        </button>
                        <FontSizeControl scale={props.scale} on_change={props.on_font.clone()} {lang}
                            id_prefix={props.id_prefix.clone()} />
                    </div>
                </div>
            </header>
            <ArticleBody article={article.clone()} {lang} heading_level={config.heading_level}
                glossary={props.marks.then(|| props.glossary.clone())}
                abbr_mode={config.abbr_mode} abbr_notice={notice}
                id_prefix={props.id_prefix.clone()} />
            <footer class="aw-footer">
                <StarRating article_id={AttrValue::from(article.id.clone())} rating={article.rating}
                    endpoint={rating_endpoint(config.rating_endpoint.as_deref())}
                    host={props.host.clone()} {lang} id_prefix={props.id_prefix.clone()} />
            </footer>
        </article>
    }
}

/// The rating endpoint as an absolute URL, if a vote can reach it. From a page opened from disk,
/// a relative endpoint (`/api/votes`) names a file: no vote can be sent there, so the stars show
/// the figures read-only, as without an endpoint.
fn rating_endpoint(configured: Option<&str>) -> Option<AttrValue> {
    absolute_url(configured?)
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .map(AttrValue::from)
}
