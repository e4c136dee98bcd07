//! Entry point of the wasm binary: mounts every widget on the page.

fn main() {
    article_widget::mount_all();
}
