use yew::prelude::*;

use super::use_load::{use_load, Loaded, Phase, UseLoadHandle};
use crate::archive::search::{SearchAction, SearchState};
use crate::archive::Archive;
use crate::services::fetch::{absolute_url, load_index, resolve_link};
use crate::services::location;

/// The article index behind "Tìm theo ngày", loaded once; skipped entries and warnings go to the
/// console, as does a failure (which the date search shows with its Retry).
#[hook]
pub fn use_archive(index_src: &AttrValue) -> UseLoadHandle<Archive> {
    use_load(
        Some(index_src.to_string()),
        |src| async move {
            let parsed = load_index(&src).await?;
            if parsed.skipped > 0 {
                gloo::console::warn!(format!(
                    "article-widget: {} index entries skipped ({src})",
                    parsed.skipped
                ));
            }
            for warning in &parsed.warnings {
                gloo::console::warn!(format!("article-widget: index: {warning}"));
            }
            Ok(parsed.archive)
        },
        |result| {
            if let Err(error) = result {
                gloo::console::error!(format!("article-widget: index: {error}"));
            }
        },
    )
}

/// Keeps the date search and the opened article in step with the page URL: Back and Forward
/// replay the search of their entry (`param`), and once the index has loaded (or failed), and
/// after each navigation, `on_restore` gets the article the URL names (`article_param`, an id
/// of the index; `None` for the configured article).
///
/// Only an entry of the portal's own index can be opened from the URL: a link cannot make the
/// portal's page show an article from anywhere else.
#[hook]
pub fn use_url_history(
    state: &UseReducerHandle<SearchState>,
    param: &AttrValue,
    article_param: &AttrValue,
    index_src: &AttrValue,
    index: &UseLoadHandle<Archive>,
    on_restore: &Callback<Option<String>>,
) {
    {
        let state = state.dispatcher();
        use_effect_with(param.clone(), move |param| {
            let param = param.clone();
            let listener =
                gloo::events::EventListener::new(&gloo::utils::window(), "popstate", move |_| {
                    state.dispatch(SearchAction::Navigated(location::param(&param)));
                });
            move || drop(listener)
        });
    }
    let (index, on_restore, param, index_src) = (
        index.clone(),
        on_restore.clone(),
        article_param.clone(),
        index_src.clone(),
    );
    use_effect_with(
        (index.get().phase(), state.navigations),
        move |(phase, _)| {
            if *phase == Phase::Pending {
                return;
            }
            let src =
                location::param(&param).and_then(|id| match index.get() {
                    Loaded::Ready(archive) => archive
                        .entries()
                        .iter()
                        .find(|e| e.id() == id)
                        .and_then(|e| {
                            e.src()
                                .map(|src| resolve_link(src, absolute_url(&index_src).as_deref()))
                        }),
                    _ => None,
                });
            on_restore.emit(src);
        },
    );
}
