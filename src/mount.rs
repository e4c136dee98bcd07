//! Mounting widgets on the page, and taking them down without leaking.

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord};
use yew::AppHandle;

use crate::components::{Widget, WidgetProps};
use crate::config::{Isolation, WidgetConfig, ATTRIBUTES};
use crate::islands::{self, Islands, IslandsProps};
use crate::HOST_SELECTOR;

/// Set on hosts that carry a widget (its id), so mounting twice is a no-op.
const MOUNTED_ATTR: &str = "data-aw-mounted";

/// The app of one widget: the whole widget, or only the tools of an article already on the page.
enum App {
    Widget(AppHandle<Widget>),
    Islands(AppHandle<Islands>),
}

impl App {
    fn destroy(self) {
        match self {
            App::Widget(app) => app.destroy(),
            App::Islands(app) => app.destroy(),
        }
    }
}

struct Mounted {
    app: App,
    host: Element,
    /// What `mount()` was given, to tell a repeated call from one with new options.
    options: BTreeMap<String, String>,
    /// Set by the widget's first render (its app exists from then on).
    rendered: Rc<Cell<bool>>,
}

/// The document observer and the callback it calls (kept alive together).
type Observer = (MutationObserver, Closure<dyn FnMut(js_sys::Array)>);

thread_local! {
    // The page's widgets, a handful: a Vec, not a map's code in the wasm.
    static WIDGETS: RefCell<Vec<(u32, Mounted)>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    static STYLESHEET: RefCell<Option<String>> = const { RefCell::new(None) };
    static OBSERVER: RefCell<Option<Observer>> = const { RefCell::new(None) };
    static NEEDS_SEARCH: RefCell<Option<js_sys::Function>> = const { RefCell::new(None) };
}

/// What a build without the date search (the loader's `lite` build, for pages of articles only)
/// calls when it is asked for a widget with one: the loader brings the full build, which takes
/// the page over ([`stop`]).
pub fn set_needs_search(callback: js_sys::Function) {
    NEEDS_SEARCH.with(|n| *n.borrow_mut() = Some(callback));
}

/// Takes every widget of this build down and stops watching the document and sending votes, so
/// that another build (the full one) can take the page over without two of them at work.
pub async fn stop() {
    if let Some((observer, _callback)) = OBSERVER.with(|o| o.borrow_mut().take()) {
        observer.disconnect();
    }
    crate::services::votes::stop();
    let ids: Vec<u32> = WIDGETS.with(|w| w.borrow().iter().map(|(id, _)| *id).collect());
    for id in ids {
        destroy_then(id).await;
    }
}

/// Starts the widget on a page: mounts every `[data-article-widget]` element, then keeps
/// watching the document for widgets added (mounted) or removed (destroyed) later.
pub fn start() {
    console_error_panic_hook::set_once();
    crate::services::votes::start();
    mount_all();
    observe();
}

/// The stylesheet a shadow-isolated widget loads inside its shadow root (set by the loader to
/// the `article-widget.css` next to itself).
pub fn set_stylesheet(url: &str) {
    STYLESHEET.with(|s| *s.borrow_mut() = Some(url.to_owned()));
}

/// Mounts a widget on every `[data-article-widget]` element of the document that has none yet.
pub fn mount_all() {
    let Ok(hosts) = gloo::utils::document().query_selector_all(HOST_SELECTOR) else {
        return;
    };
    for i in 0..hosts.length() {
        if let Some(host) = hosts.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
            mount(host);
        }
    }
}

/// Mounts one widget on `host`, configured by its attributes; returns the widget's id.
pub fn mount(host: Element) -> u32 {
    mount_with(host, &BTreeMap::new())
}

/// Mounts one widget on `host`; `options` (attribute name → value, e.g. `data-lang` → `en`)
/// take precedence over the host's attributes. Mounting a host again with the same options
/// returns that widget's id and changes nothing; with other options it renders the widget anew
/// with them, as a portal that calls `mount()` again means it to.
pub fn mount_with(host: Element, options: &BTreeMap<String, String>) -> u32 {
    if let Some(id) = mounted_id(&host) {
        let same = WIDGETS.with(|w| {
            w.borrow()
                .iter()
                .any(|(i, m)| *i == id && &m.options == options)
        });
        if same {
            return id;
        }
        destroy(id);
    }
    let attr = |name: &str| {
        options
            .get(name)
            .cloned()
            .or_else(|| host.get_attribute(name))
    };
    let names: Vec<String> = host
        .get_attribute_names()
        .iter()
        .filter_map(|n| n.as_string())
        .chain(options.keys().cloned())
        .collect();
    let (mut config, warnings) =
        WidgetConfig::from_attributes(attr, names.iter().map(String::as_str));
    if !cfg!(feature = "date-search") && config.date_source().is_some() {
        // A build without the date search shows no widget without one it was asked for: the
        // loader brings the full build, which mounts this widget and the page's others anew.
        if let Some(callback) = NEEDS_SEARCH.with(|n| n.borrow().clone()) {
            let _ = callback.call0(&JsValue::NULL);
            return 0;
        }
        gloo::console::error!("article-widget: this build has no date search; include article-widget.js, which loads the build a widget needs");
    }
    for warning in warnings {
        gloo::console::warn!(format!("article-widget: {warning}"));
    }
    let id = NEXT_ID.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let id_prefix = format!("aw{id}");
    let rendered = Rc::new(Cell::new(false));
    let on_first_render = {
        let rendered = rendered.clone();
        yew::Callback::from(move |()| rendered.set(true))
    };

    // An article already on the page (server-rendered, or the portal's own with data-enhance)
    // is kept: only the tools are mounted, and a configuration problem is the console's, never
    // a box over the article.
    let kept = islands::discover(&host, config.enhance, &id_prefix);
    if kept.is_some() {
        config
            .misconfig
            .retain(|p| *p != crate::config::Misconfig::NoSource);
    }
    for problem in &config.misconfig {
        gloo::console::error!(format!("article-widget: {}", problem.console_line()));
    }
    let app = match kept {
        Some(slots) => {
            if config.isolation == Isolation::Shadow {
                gloo::console::warn!("article-widget: data-isolation=\"shadow\" does not apply to an article already on the page; its tools render beside it");
            }
            if slots.article_id.is_none() {
                gloo::console::warn!("article-widget: no data-article-id on the host, so the article has no star rating");
            }
            config.misconfig.clear();
            let props = IslandsProps {
                slots,
                config: Rc::new(config),
                host: host.clone(),
                on_first_render,
            };
            // The islands render through portals into the article's slots; their own root is
            // an element off the page.
            let Ok(root) = gloo::utils::document().create_element("div") else {
                return 0;
            };
            App::Islands(yew::Renderer::<Islands>::with_root_and_props(root, props).render())
        }
        None => {
            let root = match config.isolation {
                Isolation::Shadow => shadow_container(&host).unwrap_or_else(|| {
                    gloo::console::warn!("article-widget: data-isolation=\"shadow\" is not possible on this element; rendering without isolation");
                    host.clone()
                }),
                Isolation::None => host.clone(),
            };
            let props = WidgetProps {
                config: Rc::new(config),
                host: host.clone(),
                id_prefix: id_prefix.into(),
                on_first_render,
            };
            App::Widget(yew::Renderer::<Widget>::with_root_and_props(root, props).render())
        }
    };
    let _ = host.set_attribute(MOUNTED_ATTR, &id.to_string());
    let options = options.clone();
    WIDGETS.with(|w| {
        w.borrow_mut().push((
            id,
            Mounted {
                app,
                host,
                options,
                rendered,
            },
        ))
    });
    id
}

/// Renders a mounted widget anew after the portal changed one of its attributes, with the
/// options it was mounted with.
fn remount(host: Element) {
    let Some(id) = mounted_id(&host) else {
        return;
    };
    let Some(options) = WIDGETS.with(|w| {
        w.borrow()
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, m)| m.options.clone())
    }) else {
        return;
    };
    destroy(id);
    mount_with(host, &options);
}

/// Removes a widget: its DOM, its listeners (component effects are cleaned up) and its Yew app.
/// Unknown ids are ignored, so destroying twice is harmless.
pub fn destroy(id: u32) {
    if let Some(teardown) = teardown(id) {
        wasm_bindgen_futures::spawn_local(teardown);
    }
}

/// [`destroy`]: the widget is forgotten at once, and the returned future ends when its DOM is
/// gone (the JS handle's `destroy()` promise).
pub fn destroy_then(id: u32) -> impl std::future::Future<Output = ()> {
    let teardown = teardown(id);
    async move {
        if let Some(teardown) = teardown {
            teardown.await;
        }
    }
}

/// Forgets widget `id` at once (so it can be mounted again) and returns what tears it down.
///
/// Yew creates and renders a new app in tasks it queues, not during `render()`: first in a
/// microtask, and when its scheduler has run past its 16 ms slice, in a later `setTimeout`. Its
/// scheduler also runs destructions before pending creations. An app destroyed before it was
/// created (`mount()` then at once `destroy()`, more often on a busy page) was created after its
/// destruction and never freed: 80 KB a cycle. So the teardown waits, turn by turn, for the
/// widget's first render, destroys it, and then waits for its DOM to be gone.
fn teardown(id: u32) -> Option<impl std::future::Future<Output = ()>> {
    let Mounted {
        app,
        host,
        rendered,
        ..
    } = WIDGETS.with(|w| {
        let mut widgets = w.borrow_mut();
        let at = widgets.iter().position(|(i, _)| *i == id)?;
        Some(widgets.remove(at).1)
    })?;
    let _ = host.remove_attribute(MOUNTED_ATTR);
    Some(async move {
        for _ in 0..TEARDOWN_TURNS {
            if rendered.get() {
                break;
            }
            next_turn().await;
        }
        let islands = matches!(app, App::Islands(_));
        let shown = if islands {
            host.query_selector(".aw-tools > .aw-tool").ok().flatten()
        } else {
            widget_root(&host)
        };
        app.destroy();
        for _ in 0..TEARDOWN_TURNS {
            next_turn().await;
            if !shown.as_ref().is_some_and(|el| el.is_connected()) {
                break;
            }
        }
        // A shadow root left empty, or a kept article as it was, unless the host was mounted
        // again meanwhile.
        if mounted_id(&host).is_none() {
            if let Some(shadow) = host.shadow_root() {
                shadow.set_inner_html("");
            }
            if islands {
                islands::restore(&host);
            }
        }
    })
}

/// How many turns a teardown waits for Yew at most (about 0.4 s: timers of 0 ms are clamped to
/// 4 ms once nested); a widget never waits forever on a page that stalls.
const TEARDOWN_TURNS: u32 = 100;

/// The widget's outermost element under `host` (or under its shadow container).
fn widget_root(host: &Element) -> Option<Element> {
    let selector = ".aw-widget";
    match host.shadow_root() {
        Some(shadow) => shadow
            .query_selector(&format!(".aw-shadow > {selector}"))
            .ok()?,
        None => host.query_selector(&format!(":scope > {selector}")).ok()?,
    }
}

/// Waits for a `setTimeout(0)`: every microtask queued so far, and every timer Yew set before
/// it, has run by then.
async fn next_turn() {
    let timer = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(timer).await;
}

/// Number of widgets currently mounted.
pub fn mounted_count() -> usize {
    WIDGETS.with(|w| w.borrow().len())
}

fn mounted_id(host: &Element) -> Option<u32> {
    let id = host.get_attribute(MOUNTED_ATTR)?.parse().ok()?;
    WIDGETS
        .with(|w| w.borrow().iter().any(|(i, _)| *i == id))
        .then_some(id)
}

/// An open shadow root on `host` holding the widget's stylesheet and a container to render in.
fn shadow_container(host: &Element) -> Option<Element> {
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .ok()?,
    };
    shadow.set_inner_html("");
    let document = gloo::utils::document();
    if let Some(href) = STYLESHEET.with(|s| s.borrow().clone()) {
        let link = document.create_element("link").ok()?;
        link.set_attribute("rel", "stylesheet").ok()?;
        link.set_attribute("href", &href).ok()?;
        shadow.append_child(&link).ok()?;
    }
    let container = document.create_element("div").ok()?;
    container.set_class_name("aw-shadow");
    shadow.append_child(&container).ok()?;
    Some(container)
}

/// Watches the document: new host elements get a widget, removed ones lose theirs (so a portal
/// that swaps content without a reload leaks nothing), and a host whose options change
/// (`data-article-src` set to another article) renders anew. Changes inside a widget are ignored.
fn observe() {
    OBSERVER.with(|slot| {
        if slot.borrow().is_some() {
            return;
        }
        let callback = Closure::<dyn FnMut(js_sys::Array)>::new(|records: js_sys::Array| {
            let records: Vec<MutationRecord> =
                records.iter().filter_map(|r| r.dyn_into().ok()).collect();
            let mut changed: Vec<Element> = Vec::new();
            let mut outside_widgets = false;
            for record in &records {
                let target = record.target().and_then(|t| t.dyn_into::<Element>().ok());
                if record.type_() == "attributes" {
                    if let Some(host) = target.filter(|t| mounted_id(t).is_some()) {
                        if !changed.contains(&host) {
                            changed.push(host);
                        }
                    }
                    continue;
                }
                outside_widgets |= target.is_none_or(|t| {
                    t.closest(&format!("[{MOUNTED_ATTR}]"))
                        .ok()
                        .flatten()
                        .is_none()
                });
            }
            if outside_widgets {
                let gone: Vec<u32> = WIDGETS.with(|w| {
                    w.borrow()
                        .iter()
                        .filter(|(_, m)| !m.host.is_connected())
                        .map(|(id, _)| *id)
                        .collect()
                });
                gone.into_iter().for_each(destroy);
                mount_all();
            }
            changed.into_iter().for_each(remount);
        });
        let Ok(observer) = MutationObserver::new(callback.as_ref().unchecked_ref()) else {
            return;
        };
        let init = MutationObserverInit::new();
        init.set_child_list(true);
        init.set_subtree(true);
        init.set_attribute_filter(
            &ATTRIBUTES
                .iter()
                .map(|a| JsValue::from_str(a))
                .collect::<js_sys::Array>(),
        );
        let _ = observer.observe_with_options(&gloo::utils::document_element(), &init);
        *slot.borrow_mut() = Some((observer, callback));
    });
}
