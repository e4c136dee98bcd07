use yew::prelude::*;

use std::rc::Rc;

use super::use_load::{use_load, Phase, UseLoadHandle};
use crate::archive::search::{SearchAction, SearchState};
use crate::archive::{iso_day, Archive, DayRange, Found};
use crate::error::Error;
use crate::services::archive::RemoteArchive;
use crate::services::fetch::load_index;
use crate::services::location;

/// The article index behind "Tìm theo ngày" (`None`: the date search has another source),
/// loaded once; skipped entries and warnings go to the console, as does a failure (which the
/// date search shows with its Retry).
#[hook]
pub fn use_archive(index_src: Option<String>) -> UseLoadHandle<Archive> {
    use_load(
        index_src,
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

/// A range's results from a sharded archive or a query API (`remote`), as many as `shown`;
/// idle without a remote source or a range. "Xem thêm" asks again with a larger `shown`, which
/// fetches only what is new (`services::archive` keeps shards and pages).
#[hook]
pub fn use_remote_found(
    remote: Option<Rc<RemoteArchive>>,
    range: Option<DayRange>,
    shown: usize,
) -> UseLoadHandle<Found> {
    let key = remote
        .as_ref()
        .zip(range)
        .map(|(_, r)| format!("{}/{}/{shown}", iso_day(r.from), iso_day(r.to)));
    use_load(
        key,
        move |_| async move {
            match (remote, range) {
                (Some(remote), Some(range)) => remote.find(range, shown).await,
                _ => Err(Error::NoSource),
            }
        },
        |result| {
            if let Err(error) = result {
                gloo::console::error!(format!("article-widget: date search: {error}"));
            }
        },
    )
}

/// Keeps the date search and the opened article in step with the page URL: Back and Forward
/// replay the search of their entry (`param`), and once the results the URL asks for are known
/// (`phase` settled), at load and after each navigation, `on_restore` gets the article the URL
/// names (`article_param`, looked up by `find` among the date search's entries; `None` for the
/// configured article).
///
/// Only an entry the portal's own source lists can be opened from the URL: a link cannot make
/// the portal's page show an article from anywhere else.
#[hook]
pub fn use_url_history<F>(
    state: &UseReducerHandle<SearchState>,
    param: &AttrValue,
    article_param: &AttrValue,
    phase: Phase,
    find: F,
    on_restore: &Callback<Option<String>>,
) where
    F: Fn(&str) -> Option<String> + 'static,
{
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
    // Once per navigation (and once at load): a later search must not reopen anything.
    let restored = use_mut_ref(|| None::<u32>);
    let (on_restore, param) = (on_restore.clone(), article_param.clone());
    use_effect_with((phase, state.navigations), move |(phase, navigations)| {
        if *phase == Phase::Pending || *restored.borrow() == Some(*navigations) {
            return;
        }
        *restored.borrow_mut() = Some(*navigations);
        on_restore.emit(location::param(&param).and_then(|id| find(&id)));
    });
}
