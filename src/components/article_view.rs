use std::rc::Rc;

use time::UtcOffset;
use yew::prelude::*;

use crate::abbr::{AbbrMode, Glossary};
use crate::components::{heading_tag, ArticleBody};
use crate::date::{date_line, datetime_attr};
use crate::i18n::Lang;
use crate::model::Article;

/// An article: title, date line and tools, body, rating. The same markup renders in the browser
/// (with its tools) and on a server (`render::render_article`, with empty tool slots the browser
/// fills), so the two never drift apart.
///
/// A plain function of its fields rather than a component: it holds no state, and each component
/// carries its own copy of Yew's lifecycle code in the wasm. The body, where matching runs, stays
/// a component ([`ArticleBody`]), so a render of the widget never re-renders it.
pub struct ArticleView {
    /// The article.
    pub article: Rc<Article>,
    /// Interface language.
    pub lang: Lang,
    /// The portal's time zone: the date line reads in it.
    pub zone: UtcOffset,
    /// The level of the title (`data-heading-level`).
    pub heading_level: u8,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
    /// The title, which focus moves to after the reader's Retry or "open in widget".
    pub title_ref: NodeRef,
    /// The glossary to mark abbreviations with (default, portal, article layers); `None` when
    /// marks are switched off.
    pub glossary: Option<Rc<Glossary>>,
    /// Every occurrence or only the first.
    pub abbr_mode: AbbrMode,
    /// A notice shown with the abbreviation list (the portal glossary failed to load).
    pub abbr_notice: Option<AttrValue>,
    /// "Từ viết tắt" and "Xem với cỡ chữ". Empty when rendered on a server: the slot keeps their
    /// place, and the browser mounts them there (`islands`).
    pub tools: Html,
    /// "Đánh giá", likewise.
    pub rating: Html,
}

impl ArticleView {
    /// The article's markup.
    pub fn view(self) -> Html {
        let article = &self.article;
        let title_id = format!("{}-title", self.id_prefix);
        html! {
            <article class="aw-article" aria-labelledby={title_id.clone()}>
                <header class="aw-header">
                    <@{heading_tag(self.heading_level)} class="aw-title" id={title_id} tabindex="-1" ref={self.title_ref}>{ &article.title }</@>
                    <div class="aw-meta">
                        <time class="aw-date" datetime={datetime_attr(article.published, self.zone)}>
                            { date_line(article.published, self.zone, self.lang) }
                        </time>
                        <div class="aw-tools">{ self.tools }</div>
                    </div>
                </header>
                <ArticleBody article={article.clone()} lang={self.lang} heading_level={self.heading_level}
                    glossary={self.glossary} abbr_mode={self.abbr_mode}
                    abbr_notice={self.abbr_notice} id_prefix={self.id_prefix} />
                <footer class="aw-footer">{ self.rating }</footer>
            </article>
        }
    }
}
