use time::{Date, UtcOffset};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::archive::search::{read_field, Field, Query, SearchAction, SearchState};
use crate::archive::{day_of, format_day, iso_day, parse_day, time_of_day, Entry};
use crate::components::{focus, Calendar, ErrorBox};
use crate::config::DateSource;
use crate::error::Subject;
use crate::hooks::{
    use_date_results, use_focus_after_retry, use_url_history, DateResults, Phase, Results,
};
use crate::i18n::Lang;
use crate::services::archive::Counter;
use crate::services::fetch::resolve_link;
use crate::services::location::{self, Entry as HistoryEntry};

/// Props of [`DateSearch`].
#[derive(Properties, PartialEq)]
pub struct DateSearchProps {
    /// Where the articles are found (`data-index-src`, `data-archive-src`, `data-archive-api`).
    pub source: DateSource,
    /// The portal's time zone: days are the portal's days.
    pub zone: UtcOffset,
    /// Interface language.
    pub lang: Lang,
    /// Query-string key for the deep link.
    pub param: AttrValue,
    /// Id of the article being shown, marked in the results.
    pub current: Option<AttrValue>,
    /// Query-string key of the article opened from the results (its id), so that reload and
    /// Back show what the reader saw.
    pub article_param: AttrValue,
    /// Opens an article JSON (absolute URL) in the widget: the reader chose a result.
    pub on_open: Callback<String>,
    /// Shows the article the page URL names (an entry's JSON), or the configured one (`None`):
    /// once the results the URL asks for are known, and after Back or Forward.
    pub on_restore: Callback<Option<String>>,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
}

/// "Tìm theo ngày": pick a day (or a range with "Đến ngày"), get that day's articles from the
/// portal's source, newest first, and open one. The choice lives in the page URL so it can be
/// bookmarked. A single index is loaded once and searched here; a sharded archive or a query
/// API is asked per query (`hooks::use_remote_found`).
#[component]
pub fn DateSearch(props: &DateSearchProps) -> Html {
    let t = props.lang.strings();
    let from_ref = use_node_ref();
    let to_ref = use_node_ref();
    let state = use_reducer(|| SearchState::from_param(location::param(&props.param).as_deref()));
    // "Show more" moves focus to the first result it revealed (the button itself may be gone),
    // once it is rendered: with a remote source that is after its answer.
    let list_ref = use_node_ref();
    let focus_from = use_mut_ref(|| None::<usize>);
    // After Retry, focus goes to the outcome: the first result (or the results' text), or Retry
    // again if the load failed again; never to the page's top.
    let retry_ref = use_node_ref();
    let results_ref = use_node_ref();

    let range = match state.query {
        Query::Range(range) => Some(range),
        _ => None,
    };
    let DateResults {
        results,
        restore_phase,
        load_phase,
        retry,
        counter,
        find,
    } = use_date_results(&props.source, props.zone, range, state.shown);
    let rendered = match &results {
        Results::Ready(found) => found.entries.len(),
        _ => 0,
    };
    {
        let (list_ref, focus_from) = (list_ref.clone(), focus_from.clone());
        use_effect_with(rendered, move |rendered| {
            let due = focus_from.borrow().is_some_and(|first| first < *rendered);
            if due {
                if let Some(first_new) = focus_from.borrow_mut().take() {
                    focus_result(&list_ref, first_new);
                }
            }
        });
    }

    use_url_history(
        &state,
        &props.param,
        &props.article_param,
        restore_phase,
        move |id: &str| find(id),
        &props.on_restore,
    );

    let focus_after_retry = {
        let (list_ref, results_ref, retry_ref) =
            (list_ref.clone(), results_ref.clone(), retry_ref.clone());
        use_focus_after_retry(load_phase, move |phase| {
            if phase == Phase::Failed {
                focus(&retry_ref);
            } else if !focus_result(&list_ref, 0) {
                focus(&results_ref);
            }
        })
    };

    let search = {
        let (state, from_ref, to_ref) = (state.dispatcher(), from_ref.clone(), to_ref.clone());
        let param = props.param.clone();
        move || {
            let (from, to) = (read_input(&from_ref), read_input(&to_ref));
            let query = Query::from_fields(from.1, to.1);
            location::set_param(&param, query.to_param().as_deref(), HistoryEntry::Replace);
            state.dispatch(SearchAction::Search {
                fields: (from.0, to.0),
                query,
            });
        }
    };
    let onchange = {
        let search = search.clone();
        Callback::from(move |_: Event| search())
    };
    let onsubmit = {
        let search = search.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            search();
        })
    };

    // The calendars fill a field and search, as typing a date there would.
    let pick = |field: &NodeRef| {
        let (field, search) = (field.clone(), search.clone());
        Callback::from(move |day: Date| {
            if let Some(input) = field.cast::<HtmlInputElement>() {
                input.set_value(&iso_day(day));
            }
            search();
        })
    };
    let (pick_from, pick_to) = (pick(&from_ref), pick(&to_ref));
    let (from_value, to_value) = state.fields.clone();
    // The end's calendar opens on the start's day until an end is chosen.
    let (from_day, to_day) = (parse_day(&from_value), parse_day(&to_value));
    let from_id = format!("{}-date-from", props.id_prefix);
    let to_id = format!("{}-date-to", props.id_prefix);
    let results_id = format!("{}-date-results", props.id_prefix);

    let results = match (results, &state.query) {
        (_, Query::None) => Html::default(),
        (_, Query::BadDate) => {
            html! { <p class="aw-search__error" role="alert">{ t.bad_date }</p> }
        }
        (_, Query::Reversed) => {
            html! { <p class="aw-search__error" role="alert">{ t.end_before_start }</p> }
        }
        (Results::Loading, _) => {
            html! { <p class="aw-search__note" role="status">{ t.index_loading }</p> }
        }
        (Results::Failed(error), _) => {
            // Focus is armed first, then the load that failed runs again.
            let retry = {
                let focus_after_retry = focus_after_retry.clone();
                retry.reform(move |()| focus_after_retry.arm())
            };
            ErrorBox {
                class: "aw-search__error",
                title: None,
                message: error.message(props.lang, Subject::Index),
                on_retry: retry,
                retry_ref: &retry_ref,
                lang: props.lang,
            }
            .view()
        }
        (Results::Ready(found), Query::Range(range)) => {
            // Links are relative to the source's URL; `#id` links point into this page.
            let resolve = |link: &str| resolve_link(link, found.base.as_deref());
            let when = if range.is_single_day() {
                (t.on_day)(&format_day(range.from))
            } else {
                (t.between_days)(&format_day(range.from), &format_day(range.to))
            };
            if found.total == 0 {
                let message = if range.is_single_day() {
                    (t.no_results_day)(&format_day(range.from))
                } else {
                    (t.no_results_range)(&format_day(range.from), &format_day(range.to))
                };
                html! { <p class="aw-search__empty" role="status">{ message }</p> }
            } else {
                let more = found.total.saturating_sub(found.entries.len());
                let loading_more = found.entries.len() < state.shown.min(found.total);
                let show_more = {
                    let (state, focus_from) = (state.clone(), focus_from.clone());
                    Callback::from(move |_: MouseEvent| {
                        if focus_from.borrow().is_some() {
                            return;
                        }
                        *focus_from.borrow_mut() = Some(state.shown);
                        state.dispatch(SearchAction::ShowMore);
                    })
                };
                let single = range.is_single_day();
                html! {
                    <>
                        <p class="aw-search__count" role="status">{ (t.results_count)(found.total, &when) }</p>
                        <ol class="aw-results" id={results_id.clone()} ref={list_ref.clone()}>
                            { for found.entries.iter().map(|entry| result_item(entry, single, &resolve, props)) }
                        </ol>
                        if more > 0 {
                            <button type="button" class="aw-button aw-results__more" aria-controls={results_id}
                                aria-disabled={loading_more.then_some("true")} onclick={show_more}>
                                { (t.show_more)(more) }
                            </button>
                        }
                    </>
                }
            }
        }
    };
    html! {
        <section class="aw-search" role="search" aria-label={t.search_label}>
            <form class="aw-search__form" {onsubmit} novalidate=true>
                { date_field(DateField { label: t.search_label, id: from_id, input: from_ref,
                    value: from_value, calendar_day: from_day, on_pick: pick_from },
                    &onchange, &counter, props) }
                { date_field(DateField { label: t.search_to, id: to_id, input: to_ref,
                    value: to_value, calendar_day: to_day.or(from_day), on_pick: pick_to },
                    &onchange, &counter, props) }
                <button type="submit" class="aw-button">{ t.search_button }</button>
            </form>
            <div class="aw-search__results" tabindex="-1" ref={results_ref}>{ results }</div>
        </section>
    }
}

/// One date field of the form.
struct DateField {
    label: &'static str,
    id: String,
    input: NodeRef,
    value: String,
    /// The day its calendar opens on.
    calendar_day: Option<Date>,
    on_pick: Callback<Date>,
}

/// A date field: its label, the browser's date input and its calendar (the form has two).
fn date_field(
    field: DateField,
    onchange: &Callback<Event>,
    counter: &Counter,
    props: &DateSearchProps,
) -> Html {
    html! {
        <div class="aw-search__field">
            <label for={field.id.clone()}>{ field.label }</label>
            <input id={field.id.clone()} ref={field.input} type="date" class="aw-search__input"
                value={field.value} onchange={onchange.clone()} />
            <Calendar label={field.label} value={field.calendar_day} counter={counter.clone()}
                zone={props.zone} lang={props.lang} on_pick={field.on_pick}
                id={format!("{}-calendar", field.id)} />
        </div>
    }
}

/// One result: its time (and day, for a range), its title as the way to open it (in the widget
/// when the index gives its JSON, else as a link to its page), and "reading now" on the article
/// shown.
fn result_item(
    entry: &Entry,
    single: bool,
    resolve: &dyn Fn(&str) -> String,
    props: &DateSearchProps,
) -> Html {
    let t = props.lang.strings();
    let time = time_of_day(entry.published, props.zone);
    let stamp = if single {
        time
    } else {
        format!("{} {time}", format_day(day_of(entry.published, props.zone)))
    };
    let current = props.current.as_deref() == Some(entry.id());
    let title = match (entry.src().map(resolve), entry.url().map(resolve)) {
        (Some(src), _) => {
            let (on_open, param, id) = (
                props.on_open.clone(),
                props.article_param.clone(),
                entry.id().to_owned(),
            );
            let onclick = Callback::from(move |_: MouseEvent| {
                location::set_param(&param, Some(&id), HistoryEntry::Push);
                on_open.emit(src.clone());
            });
            html! { <button type="button" class="aw-results__open" {onclick}>{ entry.title() }</button> }
        }
        (None, Some(url)) => html! { <a class="aw-results__open" href={url}>{ entry.title() }</a> },
        (None, None) => html! { entry.title() },
    };
    html! {
        <li class={classes!("aw-results__item", current.then_some("aw-results__item--current"))}
            aria-current={current.then_some("true")}>
            <time class="aw-results__time">{ stamp }</time>
            { title }
            if current {
                <span class="aw-results__badge">{ t.reading_now }</span>
            }
        </li>
    }
}

/// Focuses the first link or open button among the results from the `first`-th (0-based) on;
/// false when there is none.
fn focus_result(list: &NodeRef, first: usize) -> bool {
    let selector = format!(":scope > li:nth-child(n+{}) .aw-results__open", first + 1);
    list.cast::<web_sys::Element>()
        .and_then(|l| l.query_selector(&selector).ok().flatten())
        .and_then(|el| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el).ok())
        .is_some_and(|target| target.focus().is_ok())
}

/// A date field's text and what it reads as (see [`read_field`]); a field not rendered is empty.
fn read_input(field: &NodeRef) -> (String, Field) {
    match field.cast::<HtmlInputElement>() {
        Some(input) => {
            let value = input.value();
            let read = read_field(&value, input.validity().bad_input());
            (value, read)
        }
        None => (String::new(), Field::Empty),
    }
}
