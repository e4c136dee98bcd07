//! UI pieces, one file each. Components stay thin: they render state and forward events; the
//! rules live in the pure modules.

mod abbr_tooltips;
mod article_body;
mod date_search;
mod font_size;
mod star_rating;
mod widget;

pub use abbr_tooltips::{AbbrTooltips, AbbrTooltipsProps, UsedAbbr};
pub use article_body::{ArticleBody, ArticleBodyProps};
pub use date_search::{DateSearch, DateSearchProps};
pub use font_size::{FontSizeControl, FontSizeControlProps};
pub use star_rating::{StarRating, StarRatingProps};
pub use widget::{Widget, WidgetProps};

/// The element name of a heading at `level` (1–6; outside that range, the nearest).
pub fn heading_tag(level: u8) -> &'static str {
    const TAGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
    TAGS[usize::from(level.clamp(1, 6)) - 1]
}
