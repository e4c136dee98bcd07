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
