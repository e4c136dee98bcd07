//! The index file as serde reads it, leniently.
//!
//! A derived `Deserialize` would fail the whole file when one entry has `"title": 42`, and
//! going through `serde_json::Value` would build a tree of 100,000 maps first. Instead the
//! `articles` array is visited element by element and each element handed to
//! [`Collector::push`] at once; fields are read as [`Value`], which accepts any JSON and borrows
//! strings from the input when they contain no escapes. Only JSON syntax errors and a top level
//! that is not an index fail.

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use super::Collector;

/// The top-level object. `articles` is `None` when absent or null.
pub(super) struct Index {
    pub(super) articles: Option<Collector>,
}

/// One element of `articles`.
pub(super) enum Item<'de> {
    /// An object; unknown fields are ignored.
    Entry(RawEntry<'de>),
    /// Anything else, described for the console ("a string", …).
    NotObject(&'static str),
}

/// The fields of an entry the widget reads; `None` when absent.
#[derive(Default)]
pub(super) struct RawEntry<'de> {
    pub(super) id: Option<Value<'de>>,
    pub(super) title: Option<Value<'de>>,
    pub(super) published: Option<Value<'de>>,
    pub(super) src: Option<Value<'de>>,
    pub(super) url: Option<Value<'de>>,
}

/// A field value: text is kept, anything else is only described.
pub(super) enum Value<'de> {
    Text(Cow<'de, str>),
    Null,
    /// What the value is instead ("a number", …).
    Other(&'static str),
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum TopKey {
    Articles,
    #[serde(other)]
    Other,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum EntryKey {
    Id,
    Title,
    Published,
    Src,
    Url,
    #[serde(other)]
    Other,
}

/// Written by hand rather than derived: a derived struct also reads a JSON array positionally,
/// so `[[…]]` would pass for an index; only an object is one.
impl<'de> Deserialize<'de> for Index {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IndexVisitor;
        impl<'de> Visitor<'de> for IndexVisitor {
            type Value = Index;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an index object with an `articles` array")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Index, A::Error> {
                let mut articles = None;
                let mut seen = false;
                while let Some(key) = map.next_key::<TopKey>()? {
                    match key {
                        TopKey::Articles if seen => {
                            return Err(de::Error::duplicate_field("articles"));
                        }
                        TopKey::Articles => {
                            seen = true;
                            articles = map.next_value::<Option<Collector>>()?;
                        }
                        TopKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                Ok(Index { articles })
            }
        }
        deserializer.deserialize_map(IndexVisitor)
    }
}

impl<'de> Deserialize<'de> for Collector {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ArticlesVisitor;
        impl<'de> Visitor<'de> for ArticlesVisitor {
            type Value = Collector;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an array of articles")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Collector, A::Error> {
                let mut collector = Collector::default();
                let mut i = 0;
                while let Some(item) = seq.next_element::<Item<'de>>()? {
                    collector.push(i, item);
                    i += 1;
                }
                Ok(collector)
            }
        }
        deserializer.deserialize_seq(ArticlesVisitor)
    }
}

/// Implements the non-object, non-string visits shared by [`Item`] and [`Value`]: the value is
/// consumed and described with `$other`.
macro_rules! describe_other_values {
    ($other:path) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other("a boolean"))
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other("a number"))
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($other("a number"))
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other("a number"))
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<IgnoredAny>()?.is_some() {}
            Ok($other("an array"))
        }
    };
}

impl<'de> Deserialize<'de> for Item<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ItemVisitor;
        impl<'de> Visitor<'de> for ItemVisitor {
            type Value = Item<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an article entry")
            }
            describe_other_values!(Item::NotObject);
            fn visit_str<E: de::Error>(self, _: &str) -> Result<Item<'de>, E> {
                Ok(Item::NotObject("a string"))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Item<'de>, E> {
                Ok(Item::NotObject("null"))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Item<'de>, A::Error> {
                let mut entry = RawEntry::default();
                while let Some(key) = map.next_key::<EntryKey>()? {
                    let slot = match key {
                        EntryKey::Id => &mut entry.id,
                        EntryKey::Title => &mut entry.title,
                        EntryKey::Published => &mut entry.published,
                        EntryKey::Src => &mut entry.src,
                        EntryKey::Url => &mut entry.url,
                        EntryKey::Other => {
                            map.next_value::<IgnoredAny>()?;
                            continue;
                        }
                    };
                    *slot = Some(map.next_value()?);
                }
                Ok(Item::Entry(entry))
            }
        }
        deserializer.deserialize_any(ItemVisitor)
    }
}

impl<'de> Deserialize<'de> for Value<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = Value<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any JSON value")
            }
            describe_other_values!(Value::Other);
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Value<'de>, E> {
                Ok(Value::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Value<'de>, E> {
                Ok(Value::Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Value<'de>, E> {
                Ok(Value::Text(Cow::Owned(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Value<'de>, E> {
                Ok(Value::Null)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value<'de>, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Value::Other("an object"))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}
