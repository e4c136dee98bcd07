//! Everything that talks to the browser outside the widget's own DOM: network, storage and the
//! page URL.

pub mod fetch;
pub mod html;
pub mod location;
pub mod storage;
pub mod votes;
