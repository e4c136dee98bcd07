//! Custom hooks.

mod use_font_scale;
mod use_load;
mod use_shared_pref;

pub use use_font_scale::{use_font_scale, UseFontScaleHandle};
pub use use_load::{use_load, Loaded, Phase, UseLoadHandle};
pub use use_shared_pref::{use_shared_pref, UseSharedPrefHandle};
