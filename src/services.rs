//! Everything that talks to the browser outside the widget's own DOM: network, storage and the
//! page URL, and the DOM events the widget sends.

pub mod archive;
pub mod events;
pub mod fetch;
pub mod html;
pub mod location;
pub mod storage;
pub mod votes;
