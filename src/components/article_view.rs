use std::rc::Rc;

use time::UtcOffset;
use yew::prelude::*;

use crate::abbr::{AbbrMode, Glossary};
use crate::components::{heading_tag, ArticleBody};
use crate::date::{date_line, datetime_attr};
use crate::i18n::Lang;
use crate::model::Article;

/// Props of [`ArticleView`].
#[derive(Properties)]
pub struct ArticleViewProps {
    /// The article.
    pub article: Rc<Article>,
    /// Interface language.
    pub lang: Lang,
    /// The portal's time zone: the date line reads in it.
    pub zone: UtcOffset,
    /// The level of the title (`data-heading-level`).
    #[prop_or(1)]
    pub heading_level: u8,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
    /// The title, which focus moves to after the reader's Retry or "open in widget".
    #[prop_or_default]
    pub title_ref: NodeRef,
    /// The glossary to mark abbreviations with (default, portal, article layers); `None` when
    /// marks are switched off.
    #[prop_or_default]
    pub glossary: Option<Rc<Glossary>>,
    /// Every occurrence or only the first.
    #[prop_or_default]
    pub abbr_mode: AbbrMode,
    /// A notice shown with the abbreviation list (the portal glossary failed to load).
    #[prop_or_default]
    pub abbr_notice: Option<AttrValue>,
    /// "Từ viết tắt" and "Xem với cỡ chữ". Empty when rendered on a server: the slot keeps their
    /// place, and the browser mounts them there (`islands`).
    #[prop_or_default]
    pub tools: Html,
    /// "Đánh giá", likewise.
    #[prop_or_default]
    pub rating: Html,
}

/// By pointer for the article and the glossary (built once per load), as in [`ArticleBody`].
impl PartialEq for ArticleViewProps {
    fn eq(&self, other: &Self) -> bool {
        let same_glossary = match (&self.glossary, &other.glossary) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        Rc::ptr_eq(&self.article, &other.article)
            && same_glossary
            && self.lang == other.lang
            && self.zone == other.zone
            && self.heading_level == other.heading_level
            && self.id_prefix == other.id_prefix
            && self.title_ref == other.title_ref
            && self.abbr_mode == other.abbr_mode
            && self.abbr_notice == other.abbr_notice
            && self.tools == other.tools
            && self.rating == other.rating
    }
}

/// An article: title, date line and tools, body, rating. The same component renders in the
/// browser (with its tools) and on a server (`render::render_article`, with empty tool slots
/// the browser fills), so the two never drift apart.
#[component]
pub fn ArticleView(props: &ArticleViewProps) -> Html {
    let article = &props.article;
    let lang = props.lang;
    let title_id = format!("{}-title", props.id_prefix);
    html! {
        <article class="aw-article" aria-labelledby={title_id.clone()}>
            <header class="aw-header">
                <@{heading_tag(props.heading_level)} class="aw-title" id={title_id} tabindex="-1" ref={props.title_ref.clone()}>{ &article.title }</@>
                <div class="aw-meta">
                    <time class="aw-date" datetime={datetime_attr(article.published, props.zone)}>
                        { date_line(article.published, props.zone, lang) }
                    </time>
                    <div class="aw-tools">{ props.tools.clone() }</div>
                </div>
            </header>
            <ArticleBody article={article.clone()} {lang} heading_level={props.heading_level}
                glossary={props.glossary.clone()} abbr_mode={props.abbr_mode}
                abbr_notice={props.abbr_notice.clone()} id_prefix={props.id_prefix.clone()} />
            <footer class="aw-footer">{ props.rating.clone() }</footer>
        </article>
    }
}
