//! localStorage that never throws.
//!
//! `window.localStorage` itself throws when storage is disabled (privacy settings, sandboxed
//! iframes), and writes throw when the quota is full. Every failure degrades to "not
//! remembered": the feature keeps working for the page's lifetime. `web_sys::Storage` directly,
//! with the crate's one JSON reader (`json`), rather than gloo-storage, which would compile
//! serde_json's string reader into the wasm a second time.

use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::Storage;

fn storage() -> Option<Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a value; `None` when absent, unreadable or storage is unavailable.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = storage()?.get_item(key).ok().flatten()?;
    crate::json::from_str(&text).ok()
}

/// Writes a value; returns whether it was stored.
pub fn save<T: Serialize>(key: &str, value: &T) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    crate::json::to_string(value).is_ok_and(|text| storage.set_item(key, &text).is_ok())
}
