//! UI pieces, one file each. Components stay thin: they render state and forward events; the
//! rules live in the pure modules.

// The article itself renders in the browser and on a server (`render`); the rest is the browser's.
mod article_body;
mod article_view;

#[cfg(target_arch = "wasm32")]
mod abbr_tooltips;
#[cfg(target_arch = "wasm32")]
mod calendar;
#[cfg(target_arch = "wasm32")]
mod date_search;
#[cfg(target_arch = "wasm32")]
mod error_box;
#[cfg(target_arch = "wasm32")]
mod font_size;
#[cfg(target_arch = "wasm32")]
mod star_rating;
#[cfg(target_arch = "wasm32")]
mod widget;

pub use article_body::{ArticleBody, ArticleBodyProps, UsedAbbr};
pub use article_view::ArticleView;

#[cfg(target_arch = "wasm32")]
pub use abbr_tooltips::{AbbrTooltips, AbbrTooltipsProps};
#[cfg(target_arch = "wasm32")]
pub use calendar::{Calendar, CalendarProps};
#[cfg(target_arch = "wasm32")]
pub use date_search::{DateSearch, DateSearchProps};
#[cfg(target_arch = "wasm32")]
pub use error_box::ErrorBox;
#[cfg(target_arch = "wasm32")]
pub use font_size::{FontSizeControl, FontSizeControlProps};
#[cfg(target_arch = "wasm32")]
pub use star_rating::{StarRating, StarRatingProps};
#[cfg(target_arch = "wasm32")]
pub use widget::{Widget, WidgetProps};

/// An element a component acts on from outside its own markup.
#[cfg(target_arch = "wasm32")]
#[derive(Clone, PartialEq)]
pub enum Target {
    /// Rendered by the same app.
    Ref(yew::NodeRef),
    /// Already on the page: a server-rendered article, or a portal's own.
    Element(web_sys::Element),
}

#[cfg(target_arch = "wasm32")]
impl Target {
    /// The element, once rendered.
    pub fn get(&self) -> Option<web_sys::Element> {
        match self {
            Target::Ref(node) => node.cast::<web_sys::Element>(),
            Target::Element(el) => Some(el.clone()),
        }
    }
}

/// Moves keyboard focus to the element behind `target`; false when it is not rendered (or
/// cannot take focus).
#[cfg(target_arch = "wasm32")]
pub fn focus(target: &yew::NodeRef) -> bool {
    target
        .cast::<web_sys::HtmlElement>()
        .is_some_and(|el| el.focus().is_ok())
}

/// The element name of a heading at `level` (1–6; outside that range, the nearest).
pub fn heading_tag(level: u8) -> &'static str {
    const TAGS: [&str; 6] = ["h1", "h2", "h3", "h4", "h5", "h6"];
    TAGS[usize::from(level.clamp(1, 6)) - 1]
}

/// The rating endpoint as an absolute URL, if a vote can reach it. From a page opened from disk,
/// a relative endpoint (`/api/votes`) names a file: no vote can be sent there, so the stars show
/// the figures read-only, as without an endpoint.
#[cfg(target_arch = "wasm32")]
pub fn rating_endpoint(configured: Option<&str>) -> Option<yew::AttrValue> {
    crate::services::fetch::absolute_url(configured?)
        .filter(|url| url.starts_with("https://") || url.starts_with("http://"))
        .map(yew::AttrValue::from)
}
