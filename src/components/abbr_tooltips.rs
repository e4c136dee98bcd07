use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};
use yew::prelude::*;

use crate::abbr::{place_tooltip, Rect};

use crate::components::{Target, UsedAbbr};

/// Props of [`AbbrTooltips`].
#[derive(Properties, PartialEq)]
pub struct AbbrTooltipsProps {
    /// Abbreviations used in the article, in order of first appearance.
    pub used: Rc<Vec<UsedAbbr>>,
    /// The element holding the `<abbr>` marks; listeners are delegated to it.
    pub container: Target,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
}

/// How long the tooltip stays after the pointer leaves, so it can travel onto the tooltip.
const CLOSE_DELAY_MS: u32 = 300;
const MARK: &str = ".aw-abbr";
const TIP: &str = ".aw-tooltip";
const OFF: &str = ".aw-marks-off";

/// The tooltips of one article body: one `role="tooltip"` element per abbreviation (the target
/// of the marks' `aria-describedby`), at most one visible.
///
/// Opening follows WCAG 1.4.13: on hover, keyboard focus and tap; hoverable (a short grace delay
/// lets the pointer cross the gap onto the tooltip); dismissable with Escape without moving focus
/// or pointer; placed beside the word, never over it. Listeners are delegated to the body element
/// and owned by this component, so opening a tooltip re-renders only this component.
#[component]
pub fn AbbrTooltips(props: &AbbrTooltipsProps) -> Html {
    let open = use_state_eq(|| None::<usize>);
    let anchor = use_mut_ref(|| None::<Element>);

    {
        let open = open.clone();
        let anchor = anchor.clone();
        use_effect_with(props.container.clone(), move |container| {
            let listeners = container
                .get()
                .map(|root| listen(root, open, anchor))
                .unwrap_or_default();
            move || drop(listeners)
        });
    }

    {
        let anchor = anchor.clone();
        let container = props.container.clone();
        let prefix = props.id_prefix.clone();
        use_effect_with(*open, move |open| {
            if let (Some(entry), Some(anchor), Some(root)) =
                (*open, anchor.borrow().as_ref(), container.get())
            {
                position(&root, anchor, &format!("{prefix}-tip-{entry}"));
            }
        });
    }

    html! {
        <>
            { for props.used.iter().map(|abbr| html! {
                <span class="aw-tooltip" role="tooltip" id={format!("{}-tip-{}", props.id_prefix, abbr.entry)}
                    hidden={*open != Some(abbr.entry)}>
                    <span class="aw-tooltip__key">{ &abbr.key }</span>{ ": " }{ &abbr.full }
                </span>
            }) }
        </>
    }
}

/// Event wiring. The state handles are shared by all listeners; the pending close timer lives in
/// a cell so any listener can cancel it.
fn listen(
    root: Element,
    open: UseStateHandle<Option<usize>>,
    anchor: Rc<RefCell<Option<Element>>>,
) -> Vec<EventListener> {
    let timer: Rc<RefCell<Option<Timeout>>> = Rc::default();
    let show = {
        let (open, anchor, timer) = (open.clone(), anchor.clone(), timer.clone());
        move |mark: Element| {
            timer.borrow_mut().take();
            // Marks switched off on kept markup (`islands`): the words read as plain text.
            if mark.closest(OFF).ok().flatten().is_some() {
                return;
            }
            let entry = mark
                .get_attribute("data-aw-entry")
                .and_then(|e| e.parse::<usize>().ok());
            if let Some(entry) = entry {
                *anchor.borrow_mut() = Some(mark);
                open.set(Some(entry));
            }
        }
    };
    let hide = {
        let (open, timer) = (open.clone(), timer.clone());
        move || {
            timer.borrow_mut().take();
            open.set(None);
        }
    };
    let hide_later = {
        let timer = timer.clone();
        move || {
            let open = open.clone();
            *timer.borrow_mut() = Some(Timeout::new(CLOSE_DELAY_MS, move || open.set(None)));
        }
    };
    let closest = |target: Option<web_sys::EventTarget>, selector: &str| {
        target
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|el| el.closest(selector).ok().flatten())
    };

    let document = gloo::utils::document();
    vec![
        EventListener::new(&root, "mouseover", {
            let (show, timer) = (show.clone(), timer.clone());
            move |event| {
                if let Some(mark) = closest(event.target(), MARK) {
                    show(mark);
                } else if closest(event.target(), TIP).is_some() {
                    timer.borrow_mut().take();
                }
            }
        }),
        EventListener::new(&root, "mouseout", {
            let hide_later = hide_later.clone();
            move |event| {
                let Some(mouse) = event.dyn_ref::<MouseEvent>() else {
                    return;
                };
                let leaving = closest(event.target(), &format!("{MARK}, {TIP}")).is_some();
                let entering = closest(mouse.related_target(), &format!("{MARK}, {TIP}")).is_some();
                if leaving && !entering {
                    hide_later();
                }
            }
        }),
        EventListener::new(&root, "focusin", {
            let show = show.clone();
            move |event| {
                if let Some(mark) = closest(event.target(), MARK) {
                    show(mark);
                }
            }
        }),
        EventListener::new(&root, "focusout", {
            let hide = hide.clone();
            move |event| {
                if closest(event.target(), MARK).is_some() {
                    hide();
                }
            }
        }),
        EventListener::new(&root, "click", {
            let show = show.clone();
            move |event| {
                if let Some(mark) = closest(event.target(), MARK) {
                    show(mark);
                }
            }
        }),
        // Closing what is already closed is a no-op (the state compares equal), so these two
        // need not know whether a tooltip is open.
        EventListener::new(&document, "keydown", {
            let hide = hide.clone();
            move |event| {
                if event
                    .dyn_ref::<KeyboardEvent>()
                    .is_some_and(|k| k.key() == "Escape")
                {
                    hide();
                }
            }
        }),
        EventListener::new(&document, "pointerdown", {
            let root = root.clone();
            move |event| {
                // Inside a shadow root the document sees the host as the target; the composed
                // path still starts at the element really pressed.
                let origin = event
                    .composed_path()
                    .get(0)
                    .dyn_into::<web_sys::EventTarget>()
                    .ok();
                let inside = closest(origin, &format!("{MARK}, {TIP}"))
                    .is_some_and(|el| root.contains(Some(&el)));
                if !inside {
                    hide();
                }
            }
        }),
    ]
}

/// Moves the visible tooltip next to its word (see [`place_tooltip`]); coordinates are made
/// relative to the body element, which is the tooltips' positioning context.
fn position(root: &Element, anchor: &Element, tip_id: &str) {
    let Some(tip) = root
        .query_selector(&format!("#{tip_id}"))
        .ok()
        .flatten()
        .and_then(|t| t.dyn_into::<HtmlElement>().ok())
    else {
        return;
    };
    let rect = |r: web_sys::DomRect| Rect {
        x: r.x(),
        y: r.y(),
        width: r.width(),
        height: r.height(),
    };
    let html = gloo::utils::document_element();
    let viewport = Rect {
        x: 0.0,
        y: 0.0,
        width: f64::from(html.client_width()),
        height: f64::from(html.client_height()),
    };
    let size = Rect {
        width: f64::from(tip.offset_width()),
        height: f64::from(tip.offset_height()),
        ..Rect::default()
    };
    let placed = place_tooltip(rect(anchor.get_bounding_client_rect()), size, viewport);
    let origin = root.get_bounding_client_rect();
    // Important, like every declaration of the stylesheet (see its header), or its reset of the
    // tooltip's `left`/`top` would win over these.
    let style = tip.style();
    // Whole pixels: no float printer in the wasm for a position no reader can tell apart.
    let px = |v: f64| format!("{}px", v.round() as i32);
    let _ = style.set_property_with_priority("left", &px(placed.x - origin.x()), "important");
    let _ = style.set_property_with_priority("top", &px(placed.y - origin.y()), "important");
    let _ = tip.set_attribute(
        "data-placement",
        if placed.above { "above" } else { "below" },
    );
}
