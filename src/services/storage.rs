//! localStorage that never throws.
//!
//! `window.localStorage` itself throws when storage is disabled (privacy settings, sandboxed
//! iframes), and writes throw when the quota is full. gloo-storage reports write errors but
//! panics when the storage object is missing, so availability is checked first. Every failure
//! degrades to "not remembered": the feature keeps working for the page's lifetime.

use gloo::storage::{LocalStorage, Storage};
use serde::de::DeserializeOwned;
use serde::Serialize;

fn available() -> bool {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .is_some()
}

/// Reads a value; `None` when absent, unreadable or storage is unavailable.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    if !available() {
        return None;
    }
    LocalStorage::get(key).ok()
}

/// Writes a value; returns whether it was stored.
pub fn save<T: Serialize>(key: &str, value: &T) -> bool {
    available() && LocalStorage::set(key, value).is_ok()
}
