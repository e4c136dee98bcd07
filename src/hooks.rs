//! Custom hooks.

#[cfg(target_arch = "wasm32")]
mod use_archive;
#[cfg(target_arch = "wasm32")]
mod use_article;
#[cfg(target_arch = "wasm32")]
mod use_date_results;
#[cfg(target_arch = "wasm32")]
mod use_focus_after_retry;
#[cfg(target_arch = "wasm32")]
mod use_font_scale;
#[cfg(target_arch = "wasm32")]
mod use_load;
#[cfg(target_arch = "wasm32")]
mod use_shared_pref;
#[cfg(target_arch = "wasm32")]
mod use_vote;

#[cfg(target_arch = "wasm32")]
pub use use_archive::{use_archive, use_remote_found, use_url_history};
#[cfg(target_arch = "wasm32")]
pub use use_article::{use_article, use_portal_glossary};
#[cfg(target_arch = "wasm32")]
pub use use_date_results::{use_date_results, DateResults, Results};
#[cfg(target_arch = "wasm32")]
pub use use_focus_after_retry::{use_focus_after_retry, FocusAfterRetry};
#[cfg(target_arch = "wasm32")]
pub use use_font_scale::{use_font_scale, UseFontScaleHandle};
#[cfg(target_arch = "wasm32")]
pub use use_load::{use_load, Loaded, Phase, UseLoadHandle};
#[cfg(target_arch = "wasm32")]
pub use use_shared_pref::{use_shared_pref, UseSharedPrefHandle};
#[cfg(target_arch = "wasm32")]
pub use use_vote::{use_vote, UseVoteHandle};

/// What a [`yew::Reducible`] returns for `next`: the current state itself when nothing changed,
/// so that Yew sees the same `Rc` and skips the re-render.
pub(crate) fn reduced<T: PartialEq>(current: std::rc::Rc<T>, next: T) -> std::rc::Rc<T> {
    if next == *current {
        current
    } else {
        std::rc::Rc::new(next)
    }
}
