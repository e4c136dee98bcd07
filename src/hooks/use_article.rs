use std::collections::BTreeMap;

use serde::Serialize;
use web_sys::Element;
use yew::prelude::*;

use super::use_load::{use_load, UseLoadHandle};
use crate::model::Article;
use crate::services::events;
use crate::services::fetch::{load_article, load_glossary};

/// Detail of the `article-widget:loaded` event.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LoadedDetail<'a> {
    article_id: &'a str,
}

/// Detail of the `article-widget:error` event.
#[derive(Serialize)]
struct ErrorDetail {
    message: String,
}

/// The article at `src` (none while `src` is `None`), validated; its warnings go to the console,
/// and the outcome is announced on `host` (`article-widget:loaded` or `article-widget:error`).
#[hook]
pub fn use_article(src: Option<String>, host: &Element) -> UseLoadHandle<Article> {
    let host = host.clone();
    use_load(
        src,
        |src| async move {
            let parsed = load_article(&src).await?;
            for warning in &parsed.warnings {
                gloo::console::warn!(format!("article-widget ({src}): {warning}"));
            }
            Ok(parsed.article)
        },
        move |result| match result {
            Ok(article) => {
                let detail = LoadedDetail {
                    article_id: &article.id,
                };
                events::dispatch(&host, "article-widget:loaded", &detail);
            }
            Err(error) => {
                gloo::console::error!(format!("article-widget: {error}"));
                let detail = ErrorDetail {
                    message: error.to_string(),
                };
                events::dispatch(&host, "article-widget:error", &detail);
            }
        },
    )
}

/// The portal's glossary (`data-glossary-src`); a failure is a console warning, and the default
/// glossary with the article's own abbreviations serves meanwhile and instead.
#[hook]
pub fn use_portal_glossary(src: Option<String>) -> UseLoadHandle<BTreeMap<String, String>> {
    use_load(
        src,
        |src| async move { load_glossary(&src).await },
        |result| {
            if let Err(error) = result {
                gloo::console::warn!(format!("article-widget: glossary: {error}"));
            }
        },
    )
}
