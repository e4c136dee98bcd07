//! # article-widget
//!
//! A drop-in article widget for Vietnamese state-agency and newspaper portals: it renders a news
//! article from JSON, in the portal's time zone, with the reading tools the portals' own pages
//! offer ("Xem với cỡ chữ" …), done accessibly.
//!
//! ```html
//! <div data-article-widget data-article-src="articles/bai-viet.json" data-lang="vi"></div>
//! <script type="module" src="article-widget.js"></script>
//! ```
//!
//! ## Implementation note
//! The widget lives on pages it does not own, next to other widgets. That shapes the code:
//! - Nothing from outside may panic: a panic aborts the wasm instance and kills every widget on the
//!   page. Network, JSON and storage failures are values ([`error::Error`]) shown inside the widget.
//! - Pure rules (model validation, dates, levels, configuration) are free of Yew and the browser
//!   and tested natively; components only render state and forward events.
//! - Each host element gets its own Yew app, so one widget's state cannot leak into another's.

#![deny(missing_docs)]

pub mod abbr;
pub mod archive;
pub mod components;
pub mod config;
pub mod date;
pub mod error;
pub mod font_scale;
pub mod hooks;
pub mod i18n;
pub mod model;
pub mod rating;
pub mod services;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, Element};
use yew::AppHandle;

use crate::components::{Widget, WidgetProps};
use crate::config::WidgetConfig;

/// Attribute that marks a widget host element.
pub const HOST_SELECTOR: &str = "[data-article-widget]";
/// Attribute set on hosts that already carry a widget, so mounting twice is a no-op.
const MOUNTED_ATTR: &str = "data-aw-mounted";

thread_local! {
    static APPS: RefCell<Vec<AppHandle<Widget>>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
}

/// Mounts a widget on every `[data-article-widget]` element of the document that has none yet.
pub fn mount_all() {
    console_error_panic_hook::set_once();
    services::votes::start();
    let Ok(hosts) = gloo::utils::document().query_selector_all(HOST_SELECTOR) else {
        return;
    };
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            mount(host);
        }
    }
}

/// Mounts one widget on `host`, reading its configuration from the host's attributes.
pub fn mount(host: Element) {
    if host.has_attribute(MOUNTED_ATTR) {
        return;
    }
    let _ = host.set_attribute(MOUNTED_ATTR, "");
    let (config, warnings) = WidgetConfig::from_attributes(|name| host.get_attribute(name));
    for warning in warnings {
        gloo::console::warn!(format!("article-widget: {warning}"));
    }
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let props = WidgetProps {
        config: Rc::new(config),
        host: host.clone(),
        id_prefix: format!("aw{id}").into(),
    };
    let app = yew::Renderer::<Widget>::with_root_and_props(host, props).render();
    APPS.with(|apps| apps.borrow_mut().push(app));
}

/// Dispatches a bubbling, composed `CustomEvent` on a host element so the portal can listen
/// anywhere up the tree (and across a shadow root).
pub(crate) fn dispatch<T: Serialize>(host: &Element, name: &str, detail: &T) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(detail) = serde_wasm_bindgen::to_value(detail) {
        init.set_detail(&detail);
    }
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
