//! The widget's binary once more, under a third name: Trunk builds it without the `date-search`
//! feature for pages whose widgets have no date source, about 29 KB of brotli lighter (the loader
//! picks it for them, and brings the full build should a widget with a date search appear). A
//! separate name keeps the builds' artifacts apart in one target directory.

#[path = "../main.rs"]
mod widget;

fn main() {
    widget::main();
}
