//! JSON in and out, through one reader.
//!
//! serde_json's parser is generic over its input: `from_str` and `from_slice` each compile a
//! whole parser into the wasm. Every parse of the crate goes through the slice reader the article
//! index needs anyway (`archive::parse_index_bytes`), so the reader ships once.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// Parses `text` as JSON into `T`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_slice(text.as_bytes())
}

/// `value` as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    serde_json::to_string(value)
}
