//! The widget's one error type.
//!
//! Every failure that can reach a reader — network, HTTP, malformed or incomplete JSON — becomes an
//! [`Error`]; the message shown in the widget comes from [`Error::message`] in the reader's language,
//! while [`std::fmt::Display`] gives an English line for the browser console.

use crate::i18n::Lang;

/// Result alias used across the crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Everything that can go wrong while loading or reading an article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The request never got an HTTP answer (offline, DNS, CORS, aborted).
    #[error("network error while loading {url}")]
    Network {
        /// The URL that was requested.
        url: String,
    },
    /// The request took longer than the widget is willing to wait.
    #[error("timed out after {seconds} s while loading {url}")]
    Timeout {
        /// The URL that was requested.
        url: String,
        /// How long the widget waited.
        seconds: u32,
    },
    /// The server answered with a non-2xx status.
    #[error("HTTP {status} while loading {url}")]
    Http {
        /// The URL that was requested.
        url: String,
        /// The HTTP status code.
        status: u16,
    },
    /// The answer is larger than the widget accepts for that kind of data.
    #[error("{url} is larger than the {limit_mb} MB limit")]
    TooLarge {
        /// The URL that was requested.
        url: String,
        /// The limit, in MB.
        limit_mb: u32,
    },
    /// The body is not JSON, or a field has the wrong JSON type.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// A required field is absent or null.
    #[error("missing required field `{0}`")]
    MissingField(String),
    /// A field is present but its value cannot be used.
    #[error("invalid value in field `{field}`: {problem}")]
    InvalidField {
        /// JSON path of the field, e.g. `body[3].text`.
        field: String,
        /// What is wrong with it.
        problem: Problem,
    },
    /// The widget was configured without an article to show.
    #[error("no article source configured (data-article-src)")]
    NoSource,
}

/// Why a present field was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    /// An empty or whitespace-only string where text is required.
    #[error("empty")]
    Empty,
    /// Not an RFC 3339 timestamp with an offset.
    #[error("not an RFC 3339 date-time with offset")]
    NotADate,
    /// A number outside the allowed range.
    #[error("out of range")]
    OutOfRange,
}

impl Error {
    /// The message shown inside the widget, in the reader's language.
    pub fn message(&self, lang: Lang) -> String {
        let t = lang.strings();
        match self {
            Error::Network { url } => (t.err_network)(url),
            Error::Timeout { url, seconds } => (t.err_timeout)(url, *seconds),
            Error::Http { url, status } => (t.err_http)(url, *status),
            Error::TooLarge { url, limit_mb } => (t.err_too_large)(url, *limit_mb),
            Error::Json(detail) => (t.err_json)(detail),
            Error::MissingField(field) => (t.err_missing_field)(field),
            Error::InvalidField { field, problem } => (t.err_invalid_field)(field, *problem),
            Error::NoSource => t.err_no_source.to_owned(),
        }
    }
}
