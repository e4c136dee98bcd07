//! The widget's binary once more, under a second name: Trunk builds it without the `simd` feature
//! for browsers without wasm SIMD128 (the loader picks it for them). A separate name keeps the two
//! builds' artifacts apart in one target directory.

#[path = "../main.rs"]
mod widget;

fn main() {
    widget::main();
}
