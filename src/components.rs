//! UI pieces, one file each. Components stay thin: they render state and forward events; the
//! rules live in the pure modules.

use yew::NodeRef;

mod abbr_tooltips;
mod article_body;
mod article_view;
mod date_search;
mod error_box;
mod font_size;
mod star_rating;
mod widget;

pub use abbr_tooltips::{AbbrTooltips, AbbrTooltipsProps, UsedAbbr};
pub use article_body::{ArticleBody, ArticleBodyProps};
pub use article_view::{ArticleView, ArticleViewProps};
pub use date_search::{DateSearch, DateSearchProps};
pub use error_box::{ErrorBox, ErrorBoxProps};
pub use font_size::{FontSizeControl, FontSizeControlProps};
pub use star_rating::{StarRating, StarRatingProps};
pub use widget::{Widget, WidgetProps};

/// Moves keyboard focus to the element behind `target`; false when it is not rendered (or
/// cannot take focus).
pub fn focus(target: &NodeRef) -> bool {
    target
        .cast::<web_sys::HtmlElement>()
        .is_some_and(|el| el.focus().is_ok())
}

/// The element name of a heading at `level` (1–6; outside that range, the nearest).
pub fn heading_tag(level: u8) -> &'static str {
    const TAGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
    TAGS[usize::from(level.clamp(1, 6)) - 1]
}
