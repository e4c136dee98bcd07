use gloo::events::EventListener;
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsCast;
use web_sys::CustomEvent;
use yew::prelude::*;

use crate::services::{events, storage};

/// State handle returned by [`use_shared_pref`].
pub struct UseSharedPrefHandle<T> {
    name: &'static str,
    value: UseStateHandle<T>,
}

impl<T> Clone for UseSharedPrefHandle<T> {
    fn clone(&self) -> Self {
        Self {
            name: self.name,
            value: self.value.clone(),
        }
    }
}

impl<T: PartialEq> PartialEq for UseSharedPrefHandle<T> {
    fn eq(&self, other: &Self) -> bool {
        self.name == other.name && self.value == other.value
    }
}

impl<T: Clone + PartialEq + Serialize + 'static> UseSharedPrefHandle<T> {
    /// The current value.
    pub fn get(&self) -> T {
        (*self.value).clone()
    }

    /// Changes the value, remembers it, and tells the other widgets on the page.
    pub fn set(&self, value: T) {
        storage::save(&key(self.name), &value);
        events::broadcast(&key(self.name), &value);
        self.value.set(value);
    }
}

/// localStorage key and window event name of a preference.
fn key(name: &str) -> String {
    format!("article-widget:{name}")
}

/// A reader preference shared by every widget of the origin (font size, abbreviation marks).
///
/// The stored value is read during the first render, so the first paint already uses it (no
/// jump on reload). `set` stores it (localStorage, when available) and announces it on `window`,
/// so the other widgets on the page follow at once. Values that fail `valid` — a hand-edited or
/// outdated entry — are ignored. When storage throws, the preference lives for the page only.
#[hook]
pub fn use_shared_pref<T>(
    name: &'static str,
    default: T,
    valid: fn(&T) -> bool,
) -> UseSharedPrefHandle<T>
where
    T: Clone + PartialEq + Serialize + DeserializeOwned + 'static,
{
    let value = use_state_eq(|| {
        storage::load::<T>(&key(name))
            .filter(valid)
            .unwrap_or(default)
    });
    {
        let value = value.clone();
        use_effect_with(name, move |name| {
            let listener = EventListener::new(&gloo::utils::window(), key(name), move |event| {
                let next = event
                    .dyn_ref::<CustomEvent>()
                    .and_then(|e| serde_wasm_bindgen::from_value::<T>(e.detail()).ok())
                    .filter(valid);
                if let Some(next) = next {
                    value.set(next);
                }
            });
            move || drop(listener)
        });
    }
    UseSharedPrefHandle { name, value }
}
