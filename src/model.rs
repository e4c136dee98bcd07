//! Data the widget reads, validated into types that cannot be half-valid. No Yew, no browser.

mod article;
pub mod rich;
pub mod url;

pub use article::{parse_article, Article, Block, Parsed, Rating, Source};
pub use url::is_safe_url;
