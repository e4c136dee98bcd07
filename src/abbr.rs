//! Abbreviations ("Từ viết tắt"): the glossary, whole-word matching, and tooltip placement.
//! No Yew, no browser.

mod glossary;
mod placement;
mod scan;
mod words;

pub use glossary::{
    default_glossary, is_combining_mark, is_word_char, nfc, Annotator, Glossary, Match,
};
pub use placement::{place_tooltip, Placement, Rect};

/// How many occurrences to mark (`data-abbr-mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum AbbrMode {
    /// Every occurrence.
    #[default]
    All,
    /// Only the first occurrence of each abbreviation in the article.
    First,
}

impl AbbrMode {
    /// Parses a `data-abbr-mode` value.
    pub fn parse(value: &str) -> Option<Self> {
        match value.trim() {
            "all" => Some(AbbrMode::All),
            "first" => Some(AbbrMode::First),
            _ => None,
        }
    }
}
