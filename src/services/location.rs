//! The page URL's query string, where the widget keeps what a reader should find again on
//! reload or with Back: the date search, and the article opened from it.

use wasm_bindgen::JsValue;

/// How a change of the URL goes into the browser's history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// The current entry changes (typing a date: Back should not step through every keystroke).
    Replace,
    /// A new entry (opening an article: Back returns to the one before).
    Push,
}

/// The value of the query parameter `name` in the page URL.
pub fn param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// Sets (or, with `None`, removes) the query parameter `name` without a reload; the host
/// page's other parameters and its fragment are kept.
pub fn set_param(name: &str, value: Option<&str>, entry: Entry) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(url) = window
        .location()
        .href()
        .ok()
        .and_then(|href| web_sys::Url::new(&href).ok())
    else {
        return;
    };
    match value {
        Some(value) => url.search_params().set(name, value),
        None => url.search_params().delete(name),
    }
    let Ok(history) = window.history() else {
        return;
    };
    let href = url.href();
    let _ = match entry {
        Entry::Replace => history.replace_state_with_url(&JsValue::NULL, "", Some(&href)),
        Entry::Push => history.push_state_with_url(&JsValue::NULL, "", Some(&href)),
    };
}
