//! Custom hooks.

mod use_focus_after_retry;
mod use_font_scale;
mod use_load;
mod use_shared_pref;

pub use use_focus_after_retry::{use_focus_after_retry, FocusAfterRetry};
pub use use_font_scale::{use_font_scale, UseFontScaleHandle};
pub use use_load::{use_load, Loaded, Phase, UseLoadHandle};
pub use use_shared_pref::{use_shared_pref, UseSharedPrefHandle};
