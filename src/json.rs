//! JSON in and out, for every document but the article index.
//!
//! In the browser the browser parses: `JSON.parse` builds the value and serde-wasm-bindgen reads
//! it into our types, and `JSON.stringify` writes what serde-wasm-bindgen built. No JSON parser
//! or printer ships in the wasm (serde_json's cost about 10 KB brotli). The documents that go
//! through here are small (an article, a glossary, a vote, a few stored preferences), so the
//! crossing into JS per value does not show. The index, which may be 20 MB, is read from its
//! bytes by its own scanner (`archive::raw`). Natively (the renderer, the tests) serde_json does
//! the same job; both sides accept the same JSON (RFC 8259) and answer with [`Error::Json`].

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{Error, Result};

/// Parses `text` as JSON into `T`.
#[cfg(target_arch = "wasm32")]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    let value = js_sys::JSON::parse(text).map_err(|e| Error::Json(describe(&e)))?;
    serde_wasm_bindgen::from_value(value).map_err(|e| Error::Json(e.to_string()))
}

/// `value` as JSON text.
#[cfg(target_arch = "wasm32")]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    // Maps as plain objects and 64-bit integers as numbers: what `JSON.stringify` can write.
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let value = value
        .serialize(&serializer)
        .map_err(|e| Error::Json(e.to_string()))?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|e| Error::Json(describe(&e)))
}

/// The message of what `JSON.parse` or `JSON.stringify` threw.
#[cfg(target_arch = "wasm32")]
fn describe(thrown: &wasm_bindgen::JsValue) -> String {
    use wasm_bindgen::JsCast;
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "not JSON".into())
}

/// Parses `text` as JSON into `T`.
#[cfg(not(target_arch = "wasm32"))]
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|e| Error::Json(e.to_string()))
}

/// `value` as JSON text.
#[cfg(not(target_arch = "wasm32"))]
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Json(e.to_string()))
}
