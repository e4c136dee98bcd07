//! `abbr`: abbreviation matching. The input's first line holds up to eight keys separated by
//! `|`; each further line is one text of an article. `Glossary::find` and `Annotator::marks` (in
//! both modes) must not panic, and their matches must be in bounds, on char boundaries, sorted,
//! non-overlapping and spell their entry's (trimmed, NFC) key. `find` must also agree with a
//! plain reference scan of the documented rule: at each word start the longest key that ends
//! at a word boundary, leftmost first; letters, digits and combining marks continue a word.
#![no_main]

use std::collections::BTreeMap;

use article_widget::abbr::{nfc, AbbrMode, Annotator, Glossary, Match};
use fuzz_checks::check_matches;
use libfuzzer_sys::fuzz_target;

/// Letters, digits and combining marks continue a word (the rule of `abbr::glossary`).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// The matching rule written out plainly: try every char boundary, quadratic but obvious.
fn reference(glossary: &Glossary, text: &str) -> Vec<Match> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(c) = text[at..].chars().next() {
        let word_start = !text[..at].chars().next_back().is_some_and(is_word_char);
        let longest = (0..glossary.len())
            .filter(|_| word_start)
            .map(|entry| (entry, glossary.key(entry).len()))
            .filter(|&(entry, len)| {
                text[at..].starts_with(glossary.key(entry))
                    && !text[at + len..].chars().next().is_some_and(is_word_char)
            })
            .max_by_key(|&(_, len)| len);
        match longest {
            Some((entry, len)) => {
                found.push(Match {
                    start: at,
                    end: at + len,
                    entry,
                });
                at += len;
            }
            None => at += c.len_utf8(),
        }
    }
    found
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (keys, texts) = input.split_once('\n').unwrap_or((input, ""));
    let layer: BTreeMap<String, String> = keys
        .split('|')
        .take(8)
        .enumerate()
        .map(|(i, key)| (key.to_owned(), format!("full form {i}")))
        .collect();
    let glossary = Glossary::from_layers([&layer]);
    for entry in 0..glossary.len() {
        let key = glossary.key(entry);
        assert!(
            !key.is_empty() && key == key.trim() && nfc(key) == key,
            "{key:?}"
        );
    }

    let texts: Vec<&str> = texts.split('\n').take(8).collect();
    let mut all = Annotator::new(&glossary, AbbrMode::All);
    let mut first = Annotator::new(&glossary, AbbrMode::First);
    let mut marked_once = vec![false; glossary.len()];
    for text in texts {
        let normalized = nfc(text);
        let found = glossary.find(&normalized);
        check_matches(&glossary, &normalized, &found);
        assert_eq!(found, reference(&glossary, &normalized), "{normalized:?}");

        let (all_text, all_marks) = all.marks(text);
        assert_eq!(all_text, normalized);
        assert_eq!(all_marks, found);

        let (_, first_marks) = first.marks(text);
        let expected: Vec<Match> = found
            .iter()
            .filter(|m| !std::mem::replace(&mut marked_once[m.entry], true))
            .copied()
            .collect();
        assert_eq!(first_marks, expected);
    }
    assert_eq!(all.used(), first.used());
    let mut used = all.used().to_vec();
    used.sort_unstable();
    used.dedup();
    assert_eq!(used.len(), all.used().len(), "an entry listed twice");
});
