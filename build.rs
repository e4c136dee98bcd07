//! Compiles the bundled default glossary (`static/glossary/vi-default.json`, also served for
//! portals to copy) into one string of `key\tfull form\n` lines, included by
//! `abbr::glossary::default_glossary`.
//!
//! Read as JSON in the browser, its 288 entries took about 4 ms of the first render: every key and
//! full form crossed from JavaScript into the wasm one at a time. The lines are split in place
//! instead, and carry no quotes or commas, so the wasm is no larger. A malformed file, or an entry
//! holding a tab or a line break, fails the build rather than shipping a broken glossary.

use std::collections::BTreeMap;
use std::path::Path;

fn main() {
    let source = "static/glossary/vi-default.json";
    println!("cargo:rerun-if-changed={source}");
    let text = std::fs::read_to_string(source).unwrap_or_else(|e| panic!("{source}: {e}"));
    let glossary: BTreeMap<String, String> =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut lines = String::with_capacity(text.len());
    for (key, full) in &glossary {
        assert!(
            !(key.contains(['\t', '\n']) || full.contains(['\t', '\n'])),
            "{source}: the entry {key:?} holds a tab or a line break"
        );
        lines.push_str(key);
        lines.push('\t');
        lines.push_str(full);
        lines.push('\n');
    }
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(Path::new(&out).join("default_glossary.tsv"), lines)
        .expect("OUT_DIR is writable");
}
