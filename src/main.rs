//! Entry point of the wasm binary and its JavaScript API (wrapped by `static/article-widget.js`).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

/// Nothing happens on instantiation: the loader first tells the widget where its stylesheet is,
/// then calls [`start`].
pub fn main() {}

// The JavaScript API (exported by `#[wasm_bindgen]`) exists only in the browser build; natively
// this program is empty (the native side of the crate is `article-widget-render`).
#[cfg(target_arch = "wasm32")]
mod api {
    use std::collections::BTreeMap;

    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;
    use web_sys::Element;

    /// Mounts the widgets of the page and watches for more. `stylesheet` is the URL of
    /// `article-widget.css`, loaded inside shadow roots of isolated widgets; `articles` are the
    /// page's articles the loader fetched beside the wasm (absolute URL → `{ text, promise }`),
    /// which the widgets take instead of asking again.
    ///
    /// `needs_search` is called when a build without the date search meets a widget with one:
    /// the loader then brings the full build and [`stop`]s this one.
    #[wasm_bindgen]
    pub fn start(
        stylesheet: Option<String>,
        articles: Option<js_sys::Map>,
        needs_search: Option<js_sys::Function>,
    ) {
        if let Some(url) = stylesheet {
            article_widget::set_stylesheet(&url);
        }
        if let Some(articles) = articles {
            article_widget::services::fetch::set_prefetched(articles);
        }
        if let Some(callback) = needs_search {
            article_widget::set_needs_search(callback);
        }
        article_widget::start();
    }

    /// Takes every widget of this build down and stops it watching the page; the promise
    /// resolves once their DOM is gone, when another build can take the page over.
    #[wasm_bindgen]
    pub fn stop() -> js_sys::Promise {
        wasm_bindgen_futures::future_to_promise(async {
            article_widget::stop().await;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// A mounted widget, as handed to JavaScript by `ArticleWidget.mount`.
    #[wasm_bindgen]
    pub struct WidgetHandle {
        id: u32,
    }

    #[wasm_bindgen]
    impl WidgetHandle {
        /// Removes the widget, its listeners and its Yew app. Yew tears the DOM down in a task of
        /// its own; the returned promise resolves once that has happened.
        pub fn destroy(&self) -> js_sys::Promise {
            let gone = article_widget::destroy_then(self.id);
            wasm_bindgen_futures::future_to_promise(async move {
                gone.await;
                Ok(JsValue::UNDEFINED)
            })
        }
    }

    /// `ArticleWidget.mount(element, options)`: options use the attribute names in camelCase
    /// without `data-` (`{ articleSrc, lang, timeZone, … }`) and win over the element's attributes.
    /// Anything but an element throws an `Error` that says what was passed, instead of a bare
    /// `TypeError` from deep inside the glue.
    #[wasm_bindgen]
    pub fn mount(element: JsValue, options: JsValue) -> Result<WidgetHandle, JsError> {
        let element = match element.dyn_into::<Element>() {
            Ok(element) => element,
            Err(other) => {
                let what = if other.is_null() {
                    "null".to_owned()
                } else if other.is_undefined() {
                    "undefined".to_owned()
                } else {
                    other.js_typeof().as_string().unwrap_or_default()
                };
                return Err(JsError::new(&format!(
                    "article-widget: mount(element, options) needs an element, got {what} \
                     (check the selector, and that the script runs after the element exists)"
                )));
            }
        };
        let options: BTreeMap<String, String> = if options.is_undefined() || options.is_null() {
            BTreeMap::new()
        } else {
            serde_wasm_bindgen::from_value::<BTreeMap<String, String>>(options).unwrap_or_else(
                |e| {
                    web_sys::console::warn_1(
                        &format!("article-widget: options ignored: {e}").into(),
                    );
                    BTreeMap::new()
                },
            )
        };
        let options = options
            .into_iter()
            .map(|(key, value)| (attribute_name(&key), value))
            .collect();
        Ok(WidgetHandle {
            id: article_widget::mount_with(element, &options),
        })
    }

    /// The version of this build, which the loader compares with its own: the glue and the wasm
    /// must come from the same release as the loader.
    #[wasm_bindgen]
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_owned()
    }

    /// Number of mounted widgets (for diagnostics and leak tests).
    #[wasm_bindgen(js_name = mountedCount)]
    pub fn mounted_count() -> usize {
        article_widget::mounted_count()
    }

    /// `articleSrc` → `data-article-src`.
    fn attribute_name(key: &str) -> String {
        let mut name = String::from("data-");
        for c in key.chars() {
            if c.is_ascii_uppercase() {
                name.push('-');
                name.push(c.to_ascii_lowercase());
            } else {
                name.push(c);
            }
        }
        name
    }
}
