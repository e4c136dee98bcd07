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
    /// The request never got an HTTP answer (offline, DNS, aborted).
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
    /// The server is reachable but does not let this page's origin read the answer: its
    /// `Access-Control-Allow-Origin` is missing or names another origin.
    #[error("{url} refused this page's origin (CORS): the server must send Access-Control-Allow-Origin for it")]
    Cors {
        /// The URL that was requested.
        url: String,
    },
    /// A web page came back where JSON was expected: a wrong URL that the server answers with
    /// its own page, or a login or error page served with status 200.
    #[error("{url} answered with an HTML page, not JSON (check the URL)")]
    HtmlPage {
        /// The URL that was requested.
        url: String,
    },
    /// A `#id` source names no `<script type="application/json">` block of the page.
    #[error("no <script type=\"application/json\" id=\"{id}\"> block in the page")]
    MissingBlock {
        /// The id, without `#`.
        id: String,
    },
    /// The body is not JSON, or a field has the wrong JSON type.
    #[error("invalid JSON: {0}")]
    Json(String),
    /// Valid parts that contradict each other: a shard of the sharded archive that is not what
    /// its manifest says, a manifest whose counts do not add up.
    #[error("inconsistent data: {0}")]
    Mismatch(String),
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

/// What a load was for, which the reader's message names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// The article (and the portal's glossary, which only ever shows as a notice).
    Article,
    /// The index behind "Tìm theo ngày".
    Index,
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
    /// The message shown inside the widget, in the reader's language, for a load of `subject`.
    /// It names no URL and no parser detail: those are for the portal's developers, in the
    /// console ([`std::fmt::Display`]).
    pub fn message(&self, lang: Lang, subject: Subject) -> String {
        let t = lang.strings();
        let (what, what_cap) = (t.subject)(subject);
        match self {
            Error::Network { .. } => (t.err_network)(what),
            Error::Timeout { seconds, .. } => (t.err_timeout)(what, *seconds),
            Error::Http { status, .. } => (t.err_http)(what, what_cap, *status),
            Error::TooLarge { limit_mb, .. } => (t.err_too_large)(what, *limit_mb),
            Error::Cors { .. } => (t.err_cors)(what),
            Error::HtmlPage { .. } => (t.err_html_page)(what),
            Error::MissingBlock { .. } => (t.err_missing_block)(what),
            Error::Json(_) => (t.err_json)(what),
            Error::Mismatch(_) => (t.err_mismatch)(what),
            Error::MissingField(field) => (t.err_missing_field)(what, field),
            Error::InvalidField { field, problem } => (t.err_invalid_field)(field, *problem),
            Error::NoSource => t.err_no_source.to_owned(),
        }
    }
}
