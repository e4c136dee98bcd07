use std::rc::Rc;

use time::{Date, OffsetDateTime, UtcOffset};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::archive::calendar::{weeks, CalendarAction, CalendarState, Move};
use crate::archive::iso_day;
use crate::hooks::{use_load, Loaded};
use crate::i18n::Lang;
use crate::services::archive::Counter;

/// Props of [`Calendar`].
#[derive(Properties, PartialEq)]
pub struct CalendarProps {
    /// The label of the field the calendar fills (for the button's accessible name).
    pub label: AttrValue,
    /// The field's day, where the calendar opens (else today in the portal's zone).
    pub value: Option<Date>,
    /// Where the marks come from.
    pub counter: Counter,
    /// The portal's time zone (today).
    pub zone: UtcOffset,
    /// Interface language.
    pub lang: Lang,
    /// The reader chose a day.
    pub on_pick: Callback<Date>,
    /// Unique id prefix.
    pub id: AttrValue,
}

/// A button beside a date field that opens a month calendar: the WAI-ARIA APG date picker
/// dialog. Days with articles are marked, and their accessible name says how many ("13 tháng 5,
/// 18 bài viết"). Arrows move by a day or a week, Page Up/Down by a month (with Shift, a year),
/// Home/End to the week's ends, Enter or Space chooses, Escape closes; focus stays in the
/// dialog and returns to the button. Typing in the field stays possible: the calendar only
/// fills it.
#[component]
pub fn Calendar(props: &CalendarProps) -> Html {
    let t = props.lang.strings();
    let open = use_state_eq(|| false);
    let state = use_reducer(|| CalendarState {
        focused: today(props.zone),
    });
    let button_ref = use_node_ref();
    let dialog_ref = use_node_ref();
    // Set when the grid's focused day must take focus after the next render (opening, keys).
    let focus_grid = use_mut_ref(|| false);
    {
        let (dialog_ref, focus_grid) = (dialog_ref.clone(), focus_grid.clone());
        use_effect_with((*open, state.focused), move |(open, focused)| {
            if *open && std::mem::take(&mut *focus_grid.borrow_mut()) {
                focus_day(&dialog_ref, *focused);
            }
        });
    }

    let month = state.month();
    let counts = {
        let counter = props.counter.clone();
        let key = match (&props.counter, *open) {
            (Counter::None, _) | (_, false) => None,
            (_, true) => Some(iso_day(month)),
        };
        use_load(
            key,
            move |_| async move { counter.month_counts(month).await },
            |result| {
                if let Err(error) = result {
                    gloo::console::warn!(format!("article-widget: calendar counts: {error}"));
                }
            },
        )
    };

    let close = {
        let (open, button_ref) = (open.clone(), button_ref.clone());
        Callback::from(move |()| {
            open.set(false);
            if let Some(button) = button_ref.cast::<HtmlElement>() {
                let _ = button.focus();
            }
        })
    };
    let pick = {
        let (close, on_pick) = (close.clone(), props.on_pick.clone());
        Callback::from(move |day: Date| {
            close.emit(());
            on_pick.emit(day);
        })
    };
    let toggle = {
        let (open, state, focus_grid) = (open.clone(), state.dispatcher(), focus_grid.clone());
        let (value, zone) = (props.value, props.zone);
        Callback::from(move |_: MouseEvent| {
            if *open {
                open.set(false);
            } else {
                state.dispatch(CalendarAction::Open(value.unwrap_or_else(|| today(zone))));
                *focus_grid.borrow_mut() = true;
                open.set(true);
            }
        })
    };
    let button_name = (t.calendar_for)(&props.label);
    let button = html! {
        <button type="button" class="aw-button aw-calendar__open" ref={button_ref}
            aria-haspopup="dialog" aria-expanded={if *open { "true" } else { "false" }}
            aria-label={button_name} onclick={toggle}>{ t.calendar }</button>
    };
    // The same shape open or closed, so the button stays the same element (and keeps focus).
    let dialog = if *open {
        dialog_view(
            props,
            &state,
            &counts.get(),
            &close,
            &pick,
            &focus_grid,
            &dialog_ref,
        )
    } else {
        Html::default()
    };
    html! { <>{ button }{ dialog }</> }
}

/// The dialog: month navigation, the grid, Close.
fn dialog_view(
    props: &CalendarProps,
    state: &UseReducerHandle<CalendarState>,
    counts: &Loaded<Rc<Vec<u32>>>,
    close: &Callback<()>,
    pick: &Callback<Date>,
    focus_grid: &Rc<std::cell::RefCell<bool>>,
    dialog_ref: &NodeRef,
) -> Html {
    let t = props.lang.strings();
    let month = state.month();

    let on_dialog_key = {
        let (close, dialog_ref) = (close.clone(), dialog_ref.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Escape" => {
                e.prevent_default();
                e.stop_propagation();
                close.emit(());
            }
            "Tab" => trap_focus(&dialog_ref, &e),
            _ => {}
        })
    };
    let on_grid_key = {
        let (state, pick, focus_grid) = (state.clone(), pick.clone(), focus_grid.clone());
        Callback::from(move |e: KeyboardEvent| {
            if let Some(m) = Move::from_key(&e.key(), e.shift_key()) {
                e.prevent_default();
                *focus_grid.borrow_mut() = true;
                state.dispatch(CalendarAction::Move(m));
            } else if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                pick.emit(state.focused);
            }
        })
    };
    let nav = |label: &'static str, text: &'static str, months: i32| {
        let state = state.dispatcher();
        let onclick = Callback::from(move |_: MouseEvent| {
            state.dispatch(CalendarAction::Move(Move::Months(months)))
        });
        html! {
            <button type="button" class="aw-calendar__nav" aria-label={label} {onclick}>{ text }</button>
        }
    };
    let counts = match counts {
        Loaded::Ready(counts) => Some(Rc::clone(counts.as_ref())),
        _ => None,
    };
    let title_id = format!("{}-title", props.id);
    let [prev_year, prev_month, next_month, next_year] = t.calendar_nav;
    html! {
            <div class="aw-calendar" role="dialog" aria-modal="true" aria-labelledby={title_id.clone()}
                ref={dialog_ref.clone()} onkeydown={on_dialog_key}>
                <div class="aw-calendar__head">
                    { nav(prev_year, "«", -12) }
                    { nav(prev_month, "‹", -1) }
                    <p class="aw-calendar__title" id={title_id.clone()} aria-live="polite">
                        { (t.calendar_month)(u8::from(month.month()), month.year()) }
                    </p>
                    { nav(next_month, "›", 1) }
                    { nav(next_year, "»", 12) }
                </div>
                <table class="aw-calendar__grid" role="grid" aria-labelledby={title_id} onkeydown={on_grid_key}>
                    <thead>
                        <tr>
                            { for t.weekdays_short.iter().zip(t.weekdays).map(|(short, full)| html! {
                                <th scope="col" abbr={full}>{ *short }</th>
                            }) }
                        </tr>
                    </thead>
                    <tbody>
                        { for weeks(month).into_iter().map(|week| html! {
                            <tr>{ for week.into_iter().map(|day| day_cell(day, state, counts.as_deref(), props.value, pick, props.lang)) }</tr>
                        }) }
                    </tbody>
                </table>
                <div class="aw-calendar__foot">
                    <button type="button" class="aw-button" onclick={close.reform(|_: MouseEvent| ())}>{ t.close }</button>
                </div>
            </div>
    }
}

/// One cell of the grid: empty outside the month; else the day, focusable when focused,
/// selected when it is the field's, marked when it has articles.
fn day_cell(
    day: Option<Date>,
    state: &CalendarState,
    counts: Option<&Vec<u32>>,
    selected: Option<Date>,
    pick: &Callback<Date>,
    lang: Lang,
) -> Html {
    let Some(day) = day else {
        return html! { <td class="aw-calendar__pad"></td> };
    };
    let t = lang.strings();
    let count = counts
        .and_then(|c| c.get(usize::from(day.day()) - 1))
        .copied()
        .unwrap_or(0);
    let focused = day == state.focused;
    let onclick = pick.reform(move |_: MouseEvent| day);
    html! {
        <td class={classes!("aw-calendar__day", (count > 0).then_some("aw-calendar__day--has"))}
            tabindex={if focused { "0" } else { "-1" }}
            aria-selected={(Some(day) == selected).then_some("true")}
            aria-label={(t.calendar_day)(day.day(), u8::from(day.month()), count)}
            data-date={iso_day(day)} {onclick}>
            { day.day() }
        </td>
    }
}

/// Today in the portal's zone.
fn today(zone: UtcOffset) -> Date {
    let seconds = (js_sys::Date::now() / 1000.0) as i64;
    OffsetDateTime::from_unix_timestamp(seconds)
        .ok()
        .and_then(|t| t.checked_to_offset(zone))
        .map_or(Date::MIN, OffsetDateTime::date)
}

/// Focuses the grid's cell for `day`.
fn focus_day(dialog: &NodeRef, day: Date) {
    let selector = format!("[data-date=\"{}\"]", iso_day(day));
    if let Some(cell) = dialog
        .cast::<Element>()
        .and_then(|d| d.query_selector(&selector).ok().flatten())
        .and_then(|c| c.dyn_into::<HtmlElement>().ok())
    {
        let _ = cell.focus();
    }
}

/// Keeps Tab inside the dialog (it is modal): from the last focusable to the first, and back.
fn trap_focus(dialog: &NodeRef, e: &KeyboardEvent) {
    let Some(dialog) = dialog.cast::<Element>() else {
        return;
    };
    let Ok(all) = dialog.query_selector_all("button, [tabindex=\"0\"]") else {
        return;
    };
    let item = |i: u32| all.item(i).and_then(|n| n.dyn_into::<HtmlElement>().ok());
    let (Some(first), Some(last)) = (item(0), all.length().checked_sub(1).and_then(item)) else {
        return;
    };
    // In a shadow root (`data-isolation="shadow"`) the document only sees the host as active.
    let active = match dialog.get_root_node().dyn_into::<web_sys::ShadowRoot>() {
        Ok(root) => root.active_element(),
        Err(_) => gloo::utils::document().active_element(),
    };
    let at = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    if e.shift_key() && at(&first) {
        e.prevent_default();
        let _ = last.focus();
    } else if !e.shift_key() && at(&last) {
        e.prevent_default();
        let _ = first.focus();
    }
}
