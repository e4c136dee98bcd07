//! The abbreviation scan in the browser: the SIMD128 build's scan must find exactly what the
//! portable scan finds (native tests and the fuzzer cover the portable one against the rule
//! itself), on texts made to cross every case the SIMD code decides byte by byte: block edges,
//! long words, letters that take 2 and 3 bytes, × and ÷, curly quotes, combining marks, other
//! scripts and text that is not NFC.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use article_widget::abbr::{is_combining_mark, is_word_char, AbbrMode, Annotator, Glossary};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::Rng;

/// What keys are made of.
const KEY_PIECES: &[&str] = &[
    "A",
    "B",
    "T",
    "V",
    "Đ",
    "Ư",
    "Ơ",
    "Â",
    "Ê",
    "H",
    "N",
    "Q",
    "UBND",
    "TP",
    "h",
    "ạ",
    "0",
    "19",
    " ",
    ".",
    "-",
    "Ω",
    "ǅ",
    "ế",
    "ſ",
    "\0",
    "ABCDEFGHIJKLMNOPQR",
];
/// What texts are made of, besides keys: words, spaces and punctuation that leave text NFC…
const TEXT_PIECES: &[&str] = &[
    " ",
    " ",
    " ",
    "a",
    "đ",
    "ư",
    "ạ",
    "ế",
    "ữ",
    "ỹ",
    "ó",
    "B",
    "Thành",
    "ĐB",
    "x",
    "7",
    ".",
    "-",
    ",",
    "(",
    ")",
    "“",
    "”",
    "–",
    "…",
    "×",
    "÷",
    "\u{a0}",
    "ẞ",
    "ſ",
    "AAAAAAAAAAAAAAAAAAAAA",
];
/// …and, rarely, characters NFC may change or the scan cannot judge by their bytes.
const RARE_PIECES: &[&str] = &[
    "\u{301}", "\u{323}", "Ω", "한", "中", "😀", "ǅ", "ᏸ", "\u{2126}",
];

fn pick(rng: &mut Rng, pieces: &[&'static str]) -> &'static str {
    pieces[rng.below(pieces.len())]
}

#[wasm_bindgen_test]
fn simd_and_portable_scans_agree_on_random_texts() {
    let mut rng = Rng(0x00c0_ffee_5eed);
    let (mut texts, mut marks, mut not_nfc) = (0, 0, 0);
    for _ in 0..1000 {
        let keys: Vec<String> = (0..1 + rng.below(12))
            .map(|_| {
                (0..1 + rng.below(3))
                    .map(|_| pick(&mut rng, KEY_PIECES))
                    .collect()
            })
            .collect();
        let layer: BTreeMap<String, String> =
            keys.iter().map(|k| (k.clone(), "x".to_owned())).collect();
        let glossary = Glossary::from_layers([&layer]);
        for _ in 0..10 {
            let text: String = (0..rng.below(80))
                .map(|_| match rng.below(80) {
                    0 => pick(&mut rng, RARE_PIECES),
                    1..=16 => keys[rng.below(keys.len())].as_str(),
                    _ => pick(&mut rng, TEXT_PIECES),
                })
                .collect();
            for check_nfc in [true, false] {
                let simd = glossary.find_with(&text, check_nfc, false);
                let portable = glossary.find_with(&text, check_nfc, true);
                assert_eq!(simd, portable, "keys {keys:?}, text {text:?}");
                marks += simd.as_ref().map_or(0, Vec::len);
                not_nfc += usize::from(simd.is_none());
            }
            texts += 1;
        }
    }
    // The generator really reaches both outcomes.
    assert!(
        marks > 15_000 && not_nfc > 2_000,
        "{texts} texts, {marks} marks, {not_nfc} not NFC"
    );
}

#[wasm_bindgen_test]
fn word_ends_the_simd_scan_leaves_to_the_glossary() {
    let map: BTreeMap<String, String> = ["BTV", "TW", "ĐBQH", "AB", "UBND TP", "Ω"]
        .into_iter()
        .map(|k| (k.to_owned(), "x".to_owned()))
        .collect();
    let glossary = Glossary::from_layers([&map]);
    let found = |text: &str| -> Vec<String> {
        glossary
            .find(text)
            .iter()
            .map(|m| text[m.start..m.end].to_owned())
            .collect()
    };
    // A curly quote, × and a dash end a word; a combining mark, ạ and ǅ continue it.
    assert_eq!(found("“BTV” TW× ĐBQH–"), ["BTV", "TW", "ĐBQH"]);
    assert_eq!(
        found("TWe\u{301} BTVạ TWǅ BTV\u{301}"),
        Vec::<String>::new()
    );
    // Words that run past the block the scan looks at.
    let long = format!("{}AB{} AB", "x ".repeat(7), "C".repeat(40));
    assert_eq!(found(&long), ["AB"]);
    let edge = format!("{}AB", " ".repeat(30));
    assert_eq!(found(&edge), ["AB"]);
    // A key that starts with a character the scan cannot judge, and one that goes on past a word.
    assert_eq!(found("(Ω) UBND TP."), ["Ω", "UBND TP"]);
    // Text that is not NFC is normalised before it is matched.
    let mut annotator = Annotator::new(&glossary, AbbrMode::All);
    let (text, marks) = annotator.marks("Đoàn ĐBQH Ho\u{302}\u{300}");
    assert_eq!(text, "Đoàn ĐBQH Hồ");
    assert_eq!(marks.len(), 1);
}

/// In the browser a word character outside Latin and Vietnamese is judged by the browser's own
/// Unicode tables (its regular expressions) instead of Rust's, which the wasm does not ship; the
/// two must agree on every character, or the server and the browser would mark differently.
#[wasm_bindgen_test]
fn the_browser_judges_word_characters_as_rust_does() {
    let differ: Vec<char> = ('\0'..=char::MAX)
        .filter(|&c| is_word_char(c) != (c.is_alphanumeric() || is_combining_mark(c)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} differ: {:?}",
        differ.len(),
        &differ[..differ.len().min(20)]
    );
    // Other scripts: Ω, 中, ٣ (Arabic-Indic three), Ⅻ and ª are words; quotes, dashes, € are not.
    assert!(['Ω', '中', '٣', 'Ⅻ', 'ª'].into_iter().all(is_word_char));
    assert!(!['“', '—', '€', '😀', '\u{3000}']
        .into_iter()
        .any(is_word_char));
}
