//! The glossary's keys by their first word, in a table made for words of a few bytes.
//!
//! Nearly every candidate the scan reports is settled by one look-up of the word that starts
//! there (see [`super::Glossary`]), so the look-up is the hot path: a word of up to 16 bytes is
//! packed into two integers, which hash and compare as integers instead of strings (a map with
//! string keys was no faster than the automaton that looked up every key before).

use rustc_hash::FxHashMap;

/// What the glossary holds for one first word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Word {
    /// The entry whose key is this word alone.
    pub(super) key: Option<u32>,
    /// Whether longer keys begin with this word and go on with a character that is not a letter
    /// or digit (`UBND TP`, `TP.HCM`, `COVID-19`).
    pub(super) longer: bool,
    /// The entries from the first to the last (exclusive) whose key begins with this word: in
    /// sorted keys, where the longer ones are looked for.
    pub(super) entries: (u32, u32),
}

/// A word packed into two integers: its bytes, little-endian, zero-padded. Words hold no NUL, so
/// the padding cannot be mistaken for a byte of the word.
type Packed = (u64, u64);

/// The first words of a glossary's keys.
#[derive(Debug, Default)]
pub(super) struct Words {
    /// Words of 1 to 16 bytes, packed. rustc's own hasher: two multiplications for a packed word,
    /// where the standard SipHash costs several times that on the hottest path of matching. Its
    /// collisions can be crafted, but the keys come from the portal's own glossary and articles,
    /// and colliding keys would only slow that portal's page, never break it.
    packed: FxHashMap<Packed, Word>,
    /// The empty word: keys that start with a character that is not a letter or digit.
    empty: Option<Word>,
    /// Whether some key's first word is longer than 16 bytes (a text word that long is then looked
    /// up among the whole keys).
    long: bool,
}

/// The longest word packed.
const MAX: usize = 16;

fn pack(word: &[u8]) -> Option<Packed> {
    if word.len() > MAX {
        return None;
    }
    let mut bytes = [0u8; MAX];
    bytes[..word.len()].copy_from_slice(word);
    let (lo, hi) = bytes.split_at(8);
    Some((
        u64::from_le_bytes(lo.try_into().ok()?),
        u64::from_le_bytes(hi.try_into().ok()?),
    ))
}

/// The word `text[at..end]` packed, reading whole 8-byte chunks where the text is long enough.
#[inline(always)]
fn pack_in(text: &[u8], at: usize, end: usize) -> Option<Packed> {
    let len = end - at;
    match text.get(at..at + MAX) {
        Some(chunk) if len <= MAX => {
            let word = |from: usize| {
                chunk
                    .get(from..from + 8)
                    .and_then(|b| <[u8; 8]>::try_from(b).ok())
                    .map_or(0, u64::from_le_bytes)
            };
            let mask = |n: usize| match n {
                0 => 0,
                1..=7 => (1u64 << (8 * n)) - 1,
                _ => u64::MAX,
            };
            Some((word(0) & mask(len), word(8) & mask(len.saturating_sub(8))))
        }
        _ => pack(text.get(at..end)?),
    }
}

impl Words {
    /// The table for `(first word, entry, whether the key is longer than that word)` triples.
    pub(super) fn new<'k>(words: impl IntoIterator<Item = (&'k str, u32, bool)>) -> Self {
        let mut table = Words::default();
        for (word, entry, longer) in words {
            let blank = Word {
                key: None,
                longer: false,
                entries: (u32::MAX, 0),
            };
            let slot = match pack(word.as_bytes()) {
                None => {
                    table.long = true;
                    continue;
                }
                Some((0, 0)) => table.empty.get_or_insert(blank),
                Some(packed) => table.packed.entry(packed).or_insert(blank),
            };
            if longer {
                slot.longer = true;
            } else {
                slot.key = Some(entry);
            }
            slot.entries = (slot.entries.0.min(entry), slot.entries.1.max(entry + 1));
        }
        table
    }

    /// What the table holds for the word `text[at..end]`; `Err(())` when the word is too long for
    /// the table and some key's first word is too.
    #[inline(always)]
    pub(super) fn get(&self, text: &[u8], at: usize, end: usize) -> Result<Option<Word>, ()> {
        match pack_in(text, at, end) {
            None if self.long => Err(()),
            None => Ok(None),
            Some((0, 0)) => Ok(self.empty),
            Some(packed) => Ok(self.packed.get(&packed).copied()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_packed_words_of_every_length_anywhere_in_a_text() {
        let keys: Vec<String> = (1..=18)
            .flat_map(|n| ["A".repeat(n), format!("Đ{}", "A".repeat(n))])
            .collect();
        let words = Words::new(keys.iter().zip(0..).map(|(k, i)| (k.as_str(), i, false)));
        for (key, i) in keys.iter().zip(0..) {
            // At the start, the middle and the very end of a text, so both packings are used.
            for text in [
                format!("{key} {}", "x".repeat(20)),
                format!("xx {key} xx"),
                format!("x {key}"),
            ] {
                let at = text.find(key.as_str()).unwrap();
                let got = words.get(text.as_bytes(), at, at + key.len());
                let expected = match key.len() {
                    0..=MAX => Ok(Some(Word {
                        key: Some(i),
                        longer: false,
                        entries: (i, i + 1),
                    })),
                    _ => Err(()),
                };
                assert_eq!(got, expected, "{key:?} in {text:?}");
            }
        }
        assert_eq!(words.get(b"AB ", 0, 2), Ok(None));
        assert_eq!(words.get(b"", 0, 0), Ok(None));
    }

    #[test]
    fn longer_keys_and_the_empty_word() {
        let words = Words::new([("UBND", 0, false), ("UBND", 1, true), ("", 2, true)]);
        assert_eq!(
            words.get(b"UBND TP", 0, 4),
            Ok(Some(Word {
                key: Some(0),
                longer: true,
                entries: (0, 2),
            }))
        );
        assert_eq!(
            words.get(b"(x", 0, 0),
            Ok(Some(Word {
                key: None,
                longer: true,
                entries: (2, 3),
            }))
        );
        assert_eq!(words.get(b"UBN", 0, 3), Ok(None));
    }
}
