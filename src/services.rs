//! Everything that talks to the browser outside the widget's own DOM: network and storage.

pub mod fetch;
pub mod html;
pub mod storage;
pub mod votes;
