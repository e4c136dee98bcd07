//! Checks shared by the fuzz targets.

use article_widget::abbr::{Glossary, Match};

/// `text` split at the first `sep` byte (the whole input and nothing when there is none).
pub fn split(data: &[u8], sep: u8) -> (&[u8], &[u8]) {
    match data.iter().position(|&b| b == sep) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[]),
    }
}

/// What [`Glossary::find`] promises about its matches in the NFC `text`: in bounds, on char
/// boundaries, sorted and non-overlapping, each one spelling its entry's key.
pub fn check_matches(glossary: &Glossary, text: &str, matches: &[Match]) {
    let mut previous_end = 0;
    for m in matches {
        assert!(
            previous_end <= m.start && m.start < m.end && m.end <= text.len(),
            "match {m:?} out of order or out of bounds (previous end {previous_end}, text {} bytes)",
            text.len()
        );
        assert!(
            text.is_char_boundary(m.start) && text.is_char_boundary(m.end),
            "match {m:?} splits a character"
        );
        assert!(m.entry < glossary.len(), "match {m:?} names no entry");
        assert_eq!(&text[m.start..m.end], glossary.key(m.entry), "match {m:?}");
        previous_end = m.end;
    }
}
