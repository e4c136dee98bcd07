//! Whole-word, longest-first, NFC-normalised abbreviation matching.
//!
//! A key matches only where the characters on both sides are not letters, digits or combining
//! marks (so `BTV` is not found in `BTVN`, nor `TW` in `TWh`). One pass over the text
//! ([`super::scan`]) finds the word starts where a key can begin and checks that the text is
//! NFC. At each, the word that starts there settles the matter in one table look-up
//! ([`super::words`]): every key that can match there begins with that whole word. Only where
//! longer keys begin with the word (`UBND TP`, `TP.HCM`) is the text up to each word boundary
//! after it looked up in the sorted keys, among those beginning with that word, for as long as
//! some key begins with it; the longest key that ends at a boundary wins. Looking at every
//! boundary matters: the longest key may fail the word test (`TP.HCM` in `TP.HCMC`) while a
//! shorter one (`TP`) passes. Scanning resumes after the match.
//!
//! An Aho–Corasick automaton walked on from the word before. The sorted keys cost no wasm (the
//! automaton was 15 KB raw, 6.9 KB brotli) and build 2–4× faster (5,000 keys); on the 1 MB
//! benchmark text they match about 15 % slower (`make bench`), and a page matches far less text
//! than it builds a glossary for. A regex alternation with `\b` gets Vietnamese wrong — `\b`
//! only knows ASCII word characters, so `\bĐBQH\b` never matches and `BTV` matches inside
//! `BTVà` — which is why this is not a regex.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::scan::{nfc_stable, Candidate, NotNfc, Scanner};
use super::words::Words;
use super::AbbrMode;

/// An abbreviation → full-form table with its lookup tables, built once per combination of sources.
#[derive(Debug)]
pub struct Glossary {
    /// Sorted (byte order), so that a key is found by binary search.
    keys: Vec<String>,
    full: Vec<String>,
    scanner: Scanner,
    words: Words,
}

/// Identity, not content: a glossary never changes once built, and comparing thousands of
/// entries whenever a component checks its props would cost more than it saves.
impl PartialEq for Glossary {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

/// One marked occurrence: byte range in the NFC text and the glossary entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Index of the entry in the glossary.
    pub entry: usize,
}

/// The bundled default glossary of common Vietnamese state and party abbreviations.
///
/// Compiled from `static/glossary/vi-default.json` by `build.rs` into `key\tfull form` lines,
/// split here without crossing into JavaScript (a JSON read took about 4 ms of the first render).
pub fn default_glossary() -> &'static BTreeMap<String, String> {
    static DEFAULT: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    DEFAULT.get_or_init(|| {
        include_str!(concat!(env!("OUT_DIR"), "/default_glossary.tsv"))
            .lines()
            .filter_map(|line| line.split_once('\t'))
            .map(|(key, full)| (key.to_owned(), full.to_owned()))
            .collect()
    })
}

/// `text` in Unicode NFC, borrowed when it already is.
///
/// In the browser this is `String.prototype.normalize`, natively the `unicode-normalization`
/// crate: the same Unicode algorithm, without shipping its tables in the wasm.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if nfc_stable(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    let normalized = normalize(text);
    if normalized == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(normalized)
    }
}

#[cfg(target_arch = "wasm32")]
fn normalize(text: &str) -> String {
    js_sys::JsString::from(text)
        .normalize("NFC")
        .as_string()
        .unwrap_or_else(|| text.to_owned())
}

#[cfg(not(target_arch = "wasm32"))]
fn normalize(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// Letters, digits and combining marks continue a word: `char::is_alphanumeric` (Unicode's
/// Alphabetic property and Number categories) or a combining block (Vietnamese tone marks arrive
/// as U+0300–U+0323 in decomposed text).
pub fn is_word_char(c: char) -> bool {
    // Vietnamese letters and the punctuation of Vietnamese text first, so the general rule (a
    // table search, or in the browser a call out) is for other scripts only.
    match c {
        '0'..='9' | 'A'..='Z' | 'a'..='z' | '\u{1E00}'..='\u{1EFF}' => return true,
        '\u{0}'..='\u{7F}' | '×' | '÷' | '\u{2000}'..='\u{206F}' => return false,
        'À'..='\u{24F}' => return true,
        _ => {}
    }
    is_other_alphanumeric(c) || is_combining_mark(c)
}

/// The combining blocks, whose marks continue the word they follow.
pub fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// `char::is_alphanumeric` in the browser: the same Unicode properties through its regular
/// expressions, so the wasm carries no Unicode tables of its own (they were about 2 KB brotli).
/// Reached only for characters of other scripts beside a possible match, so the call out is rare.
#[cfg(target_arch = "wasm32")]
fn is_other_alphanumeric(c: char) -> bool {
    thread_local! {
        static ALPHANUMERIC: js_sys::RegExp = js_sys::RegExp::new(r"^[\p{Alphabetic}\p{N}]$", "u");
    }
    let mut utf8 = [0; 4];
    ALPHANUMERIC.with(|re| re.test(c.encode_utf8(&mut utf8)))
}

#[cfg(not(target_arch = "wasm32"))]
fn is_other_alphanumeric(c: char) -> bool {
    c.is_alphanumeric()
}

/// Where the word starting at `at` ends: the first character from `at` on that is not a word
/// character (`at` itself when that one is not).
fn word_end(text: &str, at: usize) -> usize {
    let mut end = at;
    while let Some(c) = text.get(end..).and_then(|rest| rest.chars().next()) {
        if !is_word_char(c) {
            break;
        }
        end += c.len_utf8();
    }
    end
}

impl Glossary {
    /// Merges layers in order, later ones overriding earlier ones (default glossary, the portal's
    /// glossary, the article's own). Keys and full forms are trimmed and NFC-normalised; empty
    /// ones are dropped.
    pub fn from_layers<'a>(layers: impl IntoIterator<Item = &'a BTreeMap<String, String>>) -> Self {
        let mut merged: BTreeMap<String, String> = BTreeMap::new();
        for layer in layers {
            for (key, full) in layer {
                let (key, full) = (nfc(key.trim()).into_owned(), nfc(full.trim()).into_owned());
                if !key.is_empty() && !full.is_empty() {
                    merged.insert(key, full);
                }
            }
        }
        let (keys, full): (Vec<String>, Vec<_>) = merged.into_iter().unzip();
        let scanner = Scanner::new(keys.iter().map(String::as_str));
        let words = Words::new(keys.iter().zip(0..).map(|(key, entry)| {
            let end = word_end(key, 0);
            (&key[..end], entry, end < key.len())
        }));
        Glossary {
            keys,
            full,
            scanner,
            words,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The abbreviation of an entry.
    pub fn key(&self, entry: usize) -> &str {
        &self.keys[entry]
    }

    /// The full form of an entry.
    pub fn full_form(&self, entry: usize) -> &str {
        &self.full[entry]
    }

    /// Whole-word, leftmost-longest matches in `text`, which must already be NFC (see [`nfc`]).
    pub fn find(&self, text: &str) -> Vec<Match> {
        self.find_with(text, false, false).unwrap_or_default()
    }

    /// The matches in `text` as it is, or `None` when it might not be NFC.
    fn find_if_nfc(&self, text: &str) -> Option<Vec<Match>> {
        self.find_with(text, true, false)
    }

    /// [`Glossary::find`] with the NFC check (`None` when `text` might not be NFC) and, with
    /// `portable`, without SIMD whatever the build: for tests that compare the two and for the
    /// benchmark.
    #[doc(hidden)]
    pub fn find_with(&self, text: &str, check_nfc: bool, portable: bool) -> Option<Vec<Match>> {
        let mut found = Vec::new();
        let bytes = text.as_bytes();
        let on_candidate = |c: Candidate| self.match_at(text, c, &mut found);
        let scanned = if portable {
            self.scanner.scan_portable(bytes, check_nfc, on_candidate)
        } else {
            self.scanner.scan(bytes, check_nfc, on_candidate)
        };
        match scanned {
            Ok(()) => Some(found),
            Err(NotNfc) => None,
        }
    }

    /// Settles one candidate of the scan; returns where the scan goes on.
    #[inline(always)]
    fn match_at(
        &self,
        text: &str,
        Candidate { at, word }: Candidate,
        found: &mut Vec<Match>,
    ) -> usize {
        let bytes = text.as_bytes();
        // The scan saw a key's first byte (never a UTF-8 continuation byte, so `at` is a char
        // boundary) after a byte that is no ASCII letter or digit. That byte may still end a
        // non-ASCII letter.
        if at > 0
            && bytes[at - 1] >= 0x80
            && text[..at].chars().next_back().is_some_and(is_word_char)
        {
            return at + 1;
        }
        // Where the word ends: the scan knows, unless it stopped at a non-ASCII character it
        // cannot judge byte by byte, or the word ran past what it looked at.
        let end = match word {
            Some(len) if bytes.get(at + len).is_none_or(u8::is_ascii) => at + len,
            Some(len) => word_end(text, at + len),
            None => word_end(text, at),
        };
        // Any key that matches here begins with this whole word: a key of letters and digits
        // alone must end where the word does, and a longer one goes on after it with a character
        // that is no letter or digit, as the text then does too. So the word settles it, unless
        // longer keys begin with it: then the longest key that fits is looked up.
        let entries = match self.words.get(bytes, at, end) {
            Ok(Some(w)) if !w.longer => {
                return match w.key {
                    Some(entry) => {
                        found.push(Match {
                            start: at,
                            end,
                            entry: entry as usize,
                        });
                        end
                    }
                    None => at + 1,
                }
            }
            Ok(None) => return at + 1,
            Ok(Some(w)) => w.entries,
            Err(()) => (0, self.keys.len() as u32),
        };
        match self.longest_at(text, at, entries) {
            Some(m) => {
                found.push(m);
                m.end
            }
            None => at + 1,
        }
    }

    /// The longest key that starts at `start` and ends at a word boundary: the text from
    /// `start` to each boundary after it is looked up in the sorted keys, among those that begin
    /// with the text up to the boundary before (from the first word's `entries`, a range that
    /// narrows as it goes), until none does — usually a word or two on.
    fn longest_at(&self, text: &str, start: usize, entries: (u32, u32)) -> Option<Match> {
        let window = text.get(start..)?;
        let mut best = None;
        let (mut lo, mut hi) = (
            entries.0 as usize,
            (entries.1 as usize).min(self.keys.len()),
        );
        if lo >= hi {
            return None;
        }
        for (offset, c) in window.char_indices() {
            let end = offset + c.len_utf8();
            if window[end..].chars().next().is_some_and(is_word_char) {
                continue;
            }
            let candidate = &window[..end];
            let keys = &self.keys[lo..hi];
            lo += keys.partition_point(|key| key.as_str() < candidate);
            let keys = &self.keys[lo..hi];
            hi = lo + keys.partition_point(|key| key.starts_with(candidate));
            match keys.first() {
                Some(key) if lo < hi && key == candidate => {
                    best = Some(Match {
                        start,
                        end: start + end,
                        entry: lo,
                    });
                }
                _ if lo < hi => {}
                _ => break,
            }
        }
        best
    }
}

/// Marks the texts of one article in reading order, remembering which abbreviations appeared
/// (for the list) and, in [`AbbrMode::First`], which were already marked.
pub struct Annotator<'g> {
    glossary: &'g Glossary,
    mode: AbbrMode,
    seen: Vec<bool>,
    used: Vec<usize>,
}

impl<'g> Annotator<'g> {
    /// Starts an article.
    pub fn new(glossary: &'g Glossary, mode: AbbrMode) -> Self {
        Annotator {
            glossary,
            mode,
            seen: vec![false; glossary.len()],
            used: Vec::new(),
        }
    }

    /// The NFC text and the matches to mark in it.
    pub fn marks<'t>(&mut self, text: &'t str) -> (Cow<'t, str>, Vec<Match>) {
        // One pass checks NFC and matches; text that might not be NFC is normalised first.
        let (text, mut matches) = match self.glossary.find_if_nfc(text) {
            Some(matches) => (Cow::Borrowed(text), matches),
            None => {
                let text = nfc(text);
                let matches = self.glossary.find(&text);
                (text, matches)
            }
        };
        matches.retain(|m| {
            let first = !std::mem::replace(&mut self.seen[m.entry], true);
            if first {
                self.used.push(m.entry);
            }
            first || self.mode == AbbrMode::All
        });
        (text, matches)
    }

    /// Entries met so far, in order of first appearance.
    pub fn used(&self) -> &[usize] {
        &self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_normalization::UnicodeNormalization;

    fn glossary(pairs: &[(&str, &str)]) -> Glossary {
        let map: BTreeMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Glossary::from_layers([&map])
    }

    /// The matched substrings.
    fn found<'t>(g: &Glossary, text: &'t str) -> Vec<&'t str> {
        g.find(text).iter().map(|m| &text[m.start..m.end]).collect()
    }

    #[test]
    fn whole_words_only() {
        let g = glossary(&[("BTV", "Ban Thường vụ"), ("TW", "Trung ương")]);
        assert_eq!(found(&g, "Ủy viên BTV, Trưởng Ban"), ["BTV"]);
        assert_eq!(found(&g, "(BTV)"), ["BTV"]);
        assert_eq!(found(&g, "BTV"), ["BTV"]);
        assert_eq!(found(&g, "BTVN là tên khác"), Vec::<&str>::new());
        assert_eq!(found(&g, "sản lượng 5 TWh"), Vec::<&str>::new());
        assert_eq!(found(&g, "xBTV"), Vec::<&str>::new());
        // Next to Vietnamese letters there is no word boundary.
        assert_eq!(found(&g, "BTVà ĐBTV ưTW"), Vec::<&str>::new());
        assert_eq!(found(&g, "«TW»—BTV…"), ["TW", "BTV"]);
    }

    #[test]
    fn case_sensitive() {
        let g = glossary(&[("BTV", "Ban Thường vụ")]);
        assert_eq!(found(&g, "btv Btv BTV"), ["BTV"]);
    }

    #[test]
    fn longest_match_wins_and_shorter_survives_when_longer_is_not_a_word() {
        let g = glossary(&[
            ("TP", "thành phố"),
            ("TP.HCM", "Thành phố Hồ Chí Minh"),
            ("UBND", "Ủy ban nhân dân"),
            ("UBND TP", "Ủy ban nhân dân thành phố"),
        ]);
        assert_eq!(found(&g, "Sở Y tế TP.HCM họp"), ["TP.HCM"]);
        assert_eq!(found(&g, "UBND TP Huế"), ["UBND TP"]);
        // Leftmost wins before longest: the overlap starting later is dropped.
        assert_eq!(found(&g, "UBND TP.HCM"), ["UBND TP"]);
        assert_eq!(found(&g, "TP.HCMC"), ["TP"]);
    }

    #[test]
    fn digits_count_as_word_characters_and_keys_may_hold_them() {
        let g = glossary(&[("COVID-19", "bệnh vi-rút corona 2019"), ("ĐH", "đại học")]);
        assert_eq!(found(&g, "dịch COVID-19."), ["COVID-19"]);
        assert_eq!(found(&g, "COVID-190"), Vec::<&str>::new());
        assert_eq!(found(&g, "ĐH2 ĐH 2"), ["ĐH"]);
    }

    #[test]
    fn d_stroke_initial_keys() {
        let g = glossary(&[("ĐBQH", "đại biểu Quốc hội"), ("HĐND", "Hội đồng nhân dân")]);
        assert_eq!(found(&g, "Đoàn ĐBQH tỉnh và HĐND."), ["ĐBQH", "HĐND"]);
    }

    #[test]
    fn decomposed_text_and_keys_match_after_nfc() {
        let nfd_key: String = "HĐND Đắk".nfd().collect();
        let g = glossary(&[(&nfd_key, "x"), ("ĐBQH", "y")]);
        let nfd_text: String = "Kỳ họp HĐND Đắk Lắk, Đoàn ĐBQH".nfd().collect();
        assert_ne!(nfd_text, "Kỳ họp HĐND Đắk Lắk, Đoàn ĐBQH");
        let mut a = Annotator::new(&g, AbbrMode::All);
        let (text, marks) = a.marks(&nfd_text);
        assert_eq!(text, "Kỳ họp HĐND Đắk Lắk, Đoàn ĐBQH");
        let hits: Vec<_> = marks.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(hits, ["HĐND Đắk", "ĐBQH"]);
    }

    #[test]
    fn quick_nfc_check_agrees_with_the_full_algorithm() {
        for text in [
            "Đảng bộ Bộ Xây dựng: “tăng tốc” – 1.000₫…",
            "Hồ Chí Minh, Ủy ban, Ơ Ư ư ơ ă â đ Đ",
            "plain ascii",
            "",
        ] {
            assert!(nfc_stable(text.as_bytes()), "{text}");
            assert_eq!(nfc(text), text);
        }
        for text in [
            "Ho\u{0302}\u{0300}",
            "e\u{301}",
            "\u{2126}",
            "\u{2000}",
            "カ\u{3099}",
        ] {
            assert!(!nfc_stable(text.as_bytes()), "{text:?}");
            let expected: String = text.nfc().collect();
            assert_eq!(nfc(text), expected);
        }
    }

    #[test]
    fn a_combining_mark_after_a_key_is_part_of_the_word() {
        let g = glossary(&[("BTV", "Ban Thường vụ")]);
        // `find` sees the text as given: a mark after the key continues the word.
        assert_eq!(found(&g, "BTV\u{0323}\u{0302} x"), Vec::<&str>::new());
    }

    #[test]
    fn later_layers_override_earlier_ones() {
        let base: BTreeMap<_, _> = [("BTV".to_owned(), "Ban Thường vụ".to_owned())].into();
        let portal: BTreeMap<_, _> =
            [("BTV".to_owned(), "Ban Thường vụ Tỉnh ủy".to_owned())].into();
        let article: BTreeMap<_, _> =
            [(" TNCS ".to_owned(), "Thanh niên Cộng sản".to_owned())].into();
        let g = Glossary::from_layers([&base, &portal, &article]);
        assert_eq!(g.len(), 2);
        let m = g.find("BTV và TNCS");
        assert_eq!(g.full_form(m[0].entry), "Ban Thường vụ Tỉnh ủy");
        assert_eq!(g.key(m[1].entry), "TNCS");
    }

    #[test]
    fn empty_glossary_and_empty_entries_mark_nothing() {
        let g = glossary(&[]);
        assert!(g.is_empty());
        assert!(g.find("UBND").is_empty());
        let g = glossary(&[("", "x"), ("UBND", " ")]);
        assert!(g.is_empty());
    }

    #[test]
    fn first_mode_marks_each_abbreviation_once_per_article() {
        let g = glossary(&[("BTV", "a"), ("TNCS", "b")]);
        let mut all = Annotator::new(&g, AbbrMode::All);
        assert_eq!(all.marks("BTV BTV").1.len(), 2);
        assert_eq!(all.marks("TNCS BTV").1.len(), 2);
        assert_eq!(all.used(), [0, 1]);

        let mut first = Annotator::new(&g, AbbrMode::First);
        assert_eq!(first.marks("BTV BTV").1.len(), 1);
        let (_, second) = first.marks("TNCS BTV TNCS");
        assert_eq!(second.len(), 1);
        assert_eq!(g.key(second[0].entry), "TNCS");
        assert_eq!(first.used(), [0, 1]);
    }

    #[test]
    fn one_byte_keys_match_inside_the_text() {
        // Found by fuzzing: a one-byte key was only found at the very end of a text.
        let g = glossary(&[("P", "phường"), ("Q", "quận")]);
        assert_eq!(found(&g, "P. Bến Nghé, Q 1"), ["P", "Q"]);
        assert_eq!(found(&g, "T/P|Q"), ["P", "Q"]);
        assert_eq!(found(&g, "PQ P1 Pé"), Vec::<&str>::new());
    }

    #[test]
    fn five_thousand_keys() {
        let mut map = BTreeMap::new();
        for i in 0..5000u32 {
            map.insert(format!("K{i}X"), format!("khóa {i}"));
        }
        map.insert("UBND".into(), "Ủy ban nhân dân".into());
        let g = Glossary::from_layers([&map]);
        assert_eq!(g.len(), 5001);
        let text = "K1X, K4999X và UBND; K5000X K12XY";
        assert_eq!(found(&g, text), ["K1X", "K4999X", "UBND"]);
    }

    #[test]
    fn word_characters_are_letters_numbers_and_combining_marks() {
        // The fast paths (Latin, Vietnamese, general punctuation) agree with the rule itself.
        for c in ('\0'..='\u{2FFF}').chain(['\u{10FFFF}', '𝟘', '中', 'ß']) {
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn default_glossary_is_the_served_file() {
        let served: BTreeMap<String, String> =
            serde_json::from_str(include_str!("../../static/glossary/vi-default.json")).unwrap();
        assert_eq!(default_glossary(), &served);
    }

    #[test]
    fn default_glossary_is_large_correct_and_normalised() {
        let d = default_glossary();
        assert!(d.len() >= 120, "{}", d.len());
        for key in [
            "UBND", "HĐND", "MTTQ", "BCH", "BTV", "TNCS", "ĐBQH", "TW", "BCĐ",
        ] {
            assert!(d.contains_key(key), "{key}");
        }
        assert_eq!(d["UBND"], "Ủy ban nhân dân");
        assert_eq!(d["TNCS"], "Thanh niên Cộng sản");
        for (k, v) in d {
            assert_eq!(nfc(k), k.as_str());
            assert_eq!(nfc(v), v.as_str());
        }
    }
}
