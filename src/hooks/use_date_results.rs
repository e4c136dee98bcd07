use std::rc::Rc;

use time::UtcOffset;
use yew::prelude::*;

use super::use_archive::{use_archive, use_remote_found};
use super::use_load::{Loaded, Phase};
use crate::archive::{DayRange, Found};
use crate::config::DateSource;
use crate::error::Error;
use crate::services::archive::{Counter, RemoteArchive};
use crate::services::fetch::{absolute_url, resolve_link};

/// Where the results of the date search's query stand, whatever the source.
pub enum Results {
    /// Not known yet.
    Loading,
    /// The source failed; the date search shows why, with Retry.
    Failed(Error),
    /// Found.
    Ready(Rc<Found>),
}

/// Looks up an entry's JSON URL by id.
pub type FindEntry = Rc<dyn Fn(&str) -> Option<String>>;

/// What [`use_date_results`] gives the date search.
pub struct DateResults {
    /// The query's results.
    pub results: Results,
    /// Settled for the query on screen: when the article the URL names can be looked up.
    pub restore_phase: Phase,
    /// The phase of the load Retry repeats (where focus goes after it).
    pub load_phase: Phase,
    /// Loads again what failed.
    pub retry: Callback<()>,
    /// Where the calendar's counts come from.
    pub counter: Counter,
    /// The JSON URL of the entry with this id, among what the source holds: any article of a
    /// single index, or one of the results shown for a sharded archive or an API.
    pub find: FindEntry,
}

/// The date search's source and the results of its query (`range`, the first `shown`): a
/// single index is loaded once and searched here; a sharded archive or a query API is asked
/// per query, and what was found for the range stays while "Xem thêm" loads the next page.
#[hook]
pub fn use_date_results(
    source: &DateSource,
    zone: UtcOffset,
    range: Option<DayRange>,
    shown: usize,
) -> DateResults {
    let index_src = match source {
        DateSource::Index(src) => Some(src.clone()),
        _ => None,
    };
    let index = use_archive(index_src.clone());
    let remote = use_memo(source.clone(), |source| match source {
        DateSource::Index(_) => None,
        DateSource::Sharded(src) => Some(Rc::new(RemoteArchive::sharded(src))),
        DateSource::Api(src) => Some(Rc::new(RemoteArchive::api(src))),
    });
    let remote_found = use_remote_found((*remote).clone(), range, shown);
    let last_found = use_mut_ref(|| None::<Rc<Found>>);
    let index_base = index_src.as_deref().and_then(absolute_url);

    // Each read once: a handle's `get` shares its data out (an `Rc` and a type check).
    let (index_state, remote_state) = (index.get(), remote_found.get());
    let results = match (&index_src, &index_state, &remote_state, range) {
        (Some(_), Loaded::Ready(archive), _, Some(range)) => {
            let found = archive.between_oldest_first(range.from, range.to, zone);
            Results::Ready(Rc::new(Found {
                range,
                total: found.len(),
                entries: found.iter().rev().take(shown).cloned().collect(),
                base: index_base.clone(),
            }))
        }
        (Some(_), Loaded::Failed(error), _, _) => Results::Failed(error.clone()),
        (Some(_), _, _, _) => Results::Loading,
        (None, _, Loaded::Ready(found), _) => {
            *last_found.borrow_mut() = Some(found.clone());
            Results::Ready(found.clone())
        }
        (None, _, Loaded::Failed(error), _) => Results::Failed(error.clone()),
        (None, _, _, _) => match last_found.borrow().clone() {
            Some(found) if Some(found.range) == range => Results::Ready(found),
            _ => Results::Loading,
        },
    };
    let settled = match (&results, range) {
        (_, None) => Phase::Ready,
        (Results::Ready(found), Some(range)) if found.range == range => Phase::Ready,
        (Results::Failed(_), _) => Phase::Failed,
        _ => Phase::Pending,
    };
    let (restore_phase, load_phase) = match &index_src {
        Some(_) => (index_state.phase(), index_state.phase()),
        None => (settled, remote_state.phase()),
    };
    let retry = {
        let (index, remote_found, single) =
            (index.clone(), remote_found.clone(), index_src.is_some());
        Callback::from(move |()| {
            if single {
                index.retry();
            } else {
                remote_found.retry();
            }
        })
    };
    let counter = match (&index_state, &*remote) {
        (Loaded::Ready(archive), None) => Counter::Index(archive.clone(), zone),
        (_, Some(remote)) => Counter::Remote(remote.clone()),
        _ => Counter::None,
    };
    let archive = match index_state {
        Loaded::Ready(archive) => Some(archive),
        _ => None,
    };
    let shown_found = match &results {
        Results::Ready(found) => Some(found.clone()),
        _ => None,
    };
    let find = Rc::new(move |id: &str| {
        let (entries, base) = match (&archive, &shown_found) {
            (Some(archive), _) => (archive.entries(), index_base.as_deref()),
            (None, Some(found)) => (&found.entries[..], found.base.as_deref()),
            _ => return None,
        };
        entries
            .iter()
            .find(|e| e.id() == id)
            .and_then(|e| e.src().map(|src| resolve_link(src, base)))
    });
    DateResults {
        results,
        restore_phase,
        load_phase,
        retry,
        counter,
        find,
    }
}
