//! The widget's DOM events, built in one place: what a widget tells the portal
//! (`article-widget:loaded`, `:error`, `:rated`, on its host) and what the widgets of a page tell
//! each other (a changed preference, on `window`). Both carry their detail serialized with serde.

use serde::Serialize;
use web_sys::{CustomEvent, CustomEventInit, EventTarget};

/// Dispatches a bubbling, composed `CustomEvent` on a host element so the portal can listen
/// anywhere up the tree (and across a shadow root).
pub fn dispatch<T: Serialize>(host: &EventTarget, name: &str, detail: &T) {
    send(host, name, detail, true);
}

/// Dispatches a `CustomEvent` on `window`, where every widget of the page listens; it has no
/// tree to travel, so it neither bubbles nor crosses shadow roots.
pub fn broadcast<T: Serialize>(name: &str, detail: &T) {
    send(&gloo::utils::window(), name, detail, false);
}

fn send<T: Serialize>(target: &EventTarget, name: &str, detail: &T, bubbles: bool) {
    let init = CustomEventInit::new();
    init.set_bubbles(bubbles);
    init.set_composed(bubbles);
    if let Ok(detail) = serde_wasm_bindgen::to_value(detail) {
        init.set_detail(&detail);
    }
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}
