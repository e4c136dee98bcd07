//! Custom hooks.

mod use_font_scale;

pub use use_font_scale::{use_font_scale, UseFontScaleHandle};
