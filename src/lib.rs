//! # article-widget
//!
//! A drop-in article widget for Vietnamese state-agency and newspaper portals: it renders a news
//! article from JSON, in the portal's time zone, with the reading tools the portals' own pages
//! offer ("Xem với cỡ chữ" …), done accessibly.
//!
//! ```html
//! <div data-article-widget data-article-src="articles/bai-viet.json" data-lang="vi"></div>
//! <script type="module" src="article-widget.js"></script>
//! ```
//!
//! ## Implementation note
//! The widget lives on pages it does not own, next to other widgets. That shapes the code:
//! - Nothing from outside may panic: a panic aborts the wasm instance and kills every widget on the
//!   page. Network, JSON and storage failures are values ([`error::Error`]) shown inside the widget.
//! - Pure rules (model validation, dates, levels, configuration) are free of Yew and the browser
//!   and tested natively; components only render state and forward events.
//! - Each host element gets its own Yew app, so one widget's state cannot leak into another's.

#![deny(missing_docs)]
// Nothing from outside may panic the module: failures are values, and the few true invariants say
// so in a `match` or an `unwrap_or`, not in an `unwrap`.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod abbr;
pub mod archive;
pub mod components;
pub mod config;
pub mod date;
pub mod error;
pub mod font_scale;
pub mod hooks;
pub mod i18n;
pub mod json;
pub mod model;
pub mod rating;
// The browser side: loading, storage, mounting on the page. Never compiled natively.
#[cfg(target_arch = "wasm32")]
pub mod islands;
#[cfg(target_arch = "wasm32")]
mod mount;
#[cfg(target_arch = "wasm32")]
pub mod services;
// The server side: the native renderer. Never compiled into the wasm.
#[cfg(not(target_arch = "wasm32"))]
pub mod render;

#[cfg(target_arch = "wasm32")]
pub use mount::{
    destroy, destroy_then, mount, mount_all, mount_with, mounted_count, set_needs_search,
    set_stylesheet, start, stop,
};

/// Attribute that marks a widget host element.
pub const HOST_SELECTOR: &str = "[data-article-widget]";
