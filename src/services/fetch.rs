//! Loading JSON over HTTP with a timeout, mapped onto [`Error`].

use std::collections::BTreeMap;

use gloo::timers::callback::Timeout;
use gloo_net::http::{Request, RequestBuilder};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{AbortController, AbortSignal, RequestMode};

use crate::archive::{parse_index, parse_index_bytes, ParsedIndex};
use crate::error::{Error, Result};
use crate::model::rich::{sanitize, RichNode};
use crate::model::{parse_article, Block, Parsed};

/// How long a request may take before the reader is told and offered a retry.
pub const TIMEOUT_SECONDS: u32 = 10;

/// The largest answer the widget reads, in MB, by kind of data. A long article is a few hundred
/// KB; anything far larger is a wrong URL or a broken export, and reading it would freeze the
/// reader's page. The index is large by nature (100,000 entries are about 19 MB).
#[derive(Debug, Clone, Copy)]
pub enum Limit {
    /// An article or a glossary: 4 MB.
    Document = 4,
    /// The article index: 64 MB.
    Index = 64,
    /// The rating endpoint's answer: 1 MB.
    Reply = 1,
}

impl Limit {
    fn bytes(self) -> usize {
        self as usize * 1024 * 1024
    }
}

/// Fetches a URL and returns its body as text; non-2xx answers are errors.
///
/// `#id` names a `<script type="application/json" id="id">` block of the page instead: data that
/// ships inside the page, for pages opened from disk (where fetch is refused) or rendered by a
/// CMS together with the article.
pub async fn get_text(url: &str, limit: Limit) -> Result<String> {
    if let Some(id) = url.strip_prefix('#') {
        return gloo::utils::document()
            .get_element_by_id(id)
            .and_then(|block| block.text_content())
            .ok_or_else(|| Error::MissingBlock { id: id.to_owned() });
    }
    if let Some(text) = prefetched(url, limit).await {
        return checked(Fetched::Text(text?), url, Body::Text, limit).map(Fetched::into_text);
    }
    send(Request::get(url), None, url, Body::Text, limit)
        .await
        .map(Fetched::into_text)
}

thread_local! {
    /// The articles the loader fetched beside the wasm (absolute URL → `{ text, promise }`).
    static PREFETCHED: std::cell::RefCell<Option<js_sys::Map>> = const { std::cell::RefCell::new(None) };
}

/// Hands over the loader's early fetches of the page's articles (see `article-widget.js`).
pub fn set_prefetched(articles: js_sys::Map) {
    PREFETCHED.with(|p| *p.borrow_mut() = Some(articles));
}

/// What the loader's request for `url` gave, taken once (a Retry asks the network again).
/// Already read, it is returned without awaiting anything, so the load completes the first time
/// it is polled and the first render shows the article. Still on its way, it is awaited rather
/// than asked for a second time. A failure is told as the widget's own request would tell it.
/// `None` when the loader did not fetch `url`.
async fn prefetched(url: &str, limit: Limit) -> Option<Result<String>> {
    let entry = PREFETCHED.with(|p| {
        let map = p.borrow();
        let map = map.as_ref()?;
        let key = JsValue::from(absolute_url(url)?);
        let entry = map.get(&key);
        map.delete(&key);
        (!entry.is_undefined()).then_some(entry)
    })?;
    let field = |name: &str| {
        js_sys::Reflect::get(&entry, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
    };
    if !field("done").is_truthy() {
        let promise = field("promise").dyn_into::<js_sys::Promise>().ok()?;
        let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
    }
    let url = url.to_owned();
    Some(if let Some(text) = field("text").as_string() {
        Ok(text)
    } else if let Some(status) = field("status").as_f64() {
        Err(Error::Http {
            url,
            status: status as u16,
        })
    } else if field("tooLarge").is_truthy() {
        Err(Error::TooLarge {
            url,
            limit_mb: limit as u32,
        })
    } else if field("timedOut").is_truthy() {
        Err(Error::Timeout {
            url,
            seconds: TIMEOUT_SECONDS,
        })
    } else {
        Err(unreachable(&url, None).await)
    })
}

/// POSTs a JSON body and returns the answer's body as text; non-2xx answers are errors.
pub async fn post_json(url: &str, json: String) -> Result<String> {
    let builder = Request::post(url).header("Content-Type", "application/json");
    // The reply is read leniently (an HTML or junk answer to a stored vote still means stored),
    // so only the status decides; see `services::votes`.
    send(builder, Some(json), url, Body::Reply, Limit::Reply)
        .await
        .map(Fetched::into_text)
}

/// How to read an answer's body.
#[derive(Clone, Copy, PartialEq)]
enum Body {
    /// JSON data, as text.
    Text,
    /// JSON data, as bytes (the index's byte scanner).
    Bytes,
    /// An answer whose content does not matter much (the rating endpoint's).
    Reply,
}

/// An answer's body, read as asked.
enum Fetched {
    Text(String),
    Bytes(Vec<u8>),
}

impl Fetched {
    fn into_text(self) -> String {
        match self {
            Fetched::Text(text) => text,
            Fetched::Bytes(bytes) => String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn len(&self) -> usize {
        self.as_bytes().len()
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            Fetched::Text(text) => text.as_bytes(),
            Fetched::Bytes(bytes) => bytes,
        }
    }

    /// A web page rather than JSON: what a portal's server sends for a wrong URL it answers
    /// with its own page, or a login page. JSON never starts with `<`.
    fn is_html(&self) -> bool {
        self.as_bytes()
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|&b| b == b'<')
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Fetched::Text(text) => text.into_bytes(),
            Fetched::Bytes(bytes) => bytes,
        }
    }
}

/// Sends a request, giving up after [`TIMEOUT_SECONDS`] or past `limit`.
async fn send(
    builder: RequestBuilder,
    body: Option<String>,
    url: &str,
    read: Body,
    limit: Limit,
) -> Result<Fetched> {
    let controller = AbortController::new().ok();
    let signal = controller.as_ref().map(AbortController::signal);
    // Dropped with this future (a widget destroyed mid-load): the request is aborted rather than
    // left to download and be thrown away. After a normal return, aborting changes nothing.
    let _abort = AbortOnDrop(controller.clone());
    // Dropping the timer (when this function returns) cancels it.
    let _timer = controller
        .clone()
        .map(|c| Timeout::new(TIMEOUT_SECONDS * 1000, move || c.abort()));
    let network_error = || match &signal {
        Some(s) if s.aborted() => Error::Timeout {
            url: url.to_owned(),
            seconds: TIMEOUT_SECONDS,
        },
        _ => Error::Network {
            url: url.to_owned(),
        },
    };
    let builder = builder.abort_signal(signal.as_ref());
    let response = match body {
        Some(body) => match builder.body(body) {
            Ok(request) => request.send().await,
            Err(e) => Err(e),
        },
        None => builder.send().await,
    };
    let response = match response {
        Ok(response) => response,
        Err(_) if signal.as_ref().is_some_and(AbortSignal::aborted) => return Err(network_error()),
        Err(_) => return Err(unreachable(url, signal.as_ref()).await),
    };
    if !response.ok() {
        return Err(Error::Http {
            url: url.to_owned(),
            status: response.status(),
        });
    }
    let declared = response
        .headers()
        .get("content-length")
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit.bytes() as u64) {
        return Err(Error::TooLarge {
            url: url.to_owned(),
            limit_mb: limit as u32,
        });
    }
    let fetched = match read {
        Body::Text | Body::Reply => response.text().await.map(Fetched::Text),
        Body::Bytes => response.binary().await.map(Fetched::Bytes),
    }
    .map_err(|_| network_error())?;
    checked(fetched, url, read, limit)
}

/// What every answer's body is checked for, however it arrived: its size (the declared length
/// refuses most oversized answers before their body is read; this covers answers that do not
/// declare it, chunked or compressed) and, for data, not being a web page.
fn checked(fetched: Fetched, url: &str, read: Body, limit: Limit) -> Result<Fetched> {
    if fetched.len() > limit.bytes() {
        return Err(Error::TooLarge {
            url: url.to_owned(),
            limit_mb: limit as u32,
        });
    }
    if read != Body::Reply && fetched.is_html() {
        return Err(Error::HtmlPage {
            url: url.to_owned(),
        });
    }
    Ok(fetched)
}

/// Aborts a request when the future that sent it is dropped.
struct AbortOnDrop(Option<AbortController>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

/// Why a request failed without an HTTP answer: CORS or the network.
async fn unreachable(url: &str, signal: Option<&AbortSignal>) -> Error {
    let url = url.to_owned();
    if refused_by_cors(&url, signal).await {
        Error::Cors { url }
    } else {
        Error::Network { url }
    }
}

/// Whether a request that failed without an HTTP answer was refused by CORS rather than by the
/// network. Browsers report both the same way, on purpose; but a server that answers a
/// `no-cors` request (whose answer the page cannot read) is reachable, so then it was CORS.
/// Only asked for other origins: a same-origin request is never subject to CORS.
async fn refused_by_cors(url: &str, signal: Option<&AbortSignal>) -> bool {
    let window = gloo::utils::window();
    let Ok(page) = window.location().origin() else {
        return false;
    };
    let other_origin = absolute_url(url)
        .and_then(|u| web_sys::Url::new(&u).ok())
        .is_some_and(|u| u.origin() != page);
    if !other_origin || !window.navigator().on_line() {
        return false;
    }
    Request::get(url)
        .mode(RequestMode::NoCors)
        .abort_signal(signal)
        .send()
        .await
        .is_ok()
}

/// `link` resolved against `base`, the absolute URL of the file it was written in. `#id` links
/// point into the page and stay as they are, as does a link that cannot be resolved.
pub fn resolve_link(link: &str, base: Option<&str>) -> String {
    match base {
        Some(base) if !link.starts_with('#') => web_sys::Url::new_with_base(link, base)
            .map(|u| u.href())
            .unwrap_or_else(|_| link.to_owned()),
        _ => link.to_owned(),
    }
}

/// `url` made absolute against the page's base URL.
pub fn absolute_url(url: &str) -> Option<String> {
    let base = gloo::utils::document().base_uri().ok().flatten()?;
    web_sys::Url::new_with_base(url, &base)
        .ok()
        .map(|u| u.href())
}

/// Loads and validates an article; image URLs are resolved against the article's own URL so
/// article files can refer to their images relatively wherever the portal hosts them.
/// A `body_html` is parsed by the browser and sanitised here, once, into a [`Block::Rich`].
pub async fn load_article(url: &str) -> Result<Parsed> {
    let text = get_text(url, Limit::Document).await?;
    let mut parsed = parse_article(&text)?;
    let base = absolute_url(url);
    if let Some(html) = parsed.article.body_html.take() {
        match super::html::parse(&html) {
            Some(raw) => {
                let mut rich = sanitize(&raw);
                RichNode::for_each_url(&mut rich, &mut |_, link| {
                    *link = resolve_link(link, base.as_deref());
                });
                let page = gloo::utils::window().location().origin().ok();
                RichNode::open_external_links(&mut rich, &|href| {
                    web_sys::Url::new(href).is_ok_and(|u| Some(u.origin()) != page)
                });
                parsed.article.body.push(Block::Rich(rich));
            }
            None => parsed
                .warnings
                .push("body_html skipped: the browser refused to parse it".to_owned()),
        }
    }
    for block in &mut parsed.article.body {
        if let Block::Image { src, .. } = block {
            *src = resolve_link(src, base.as_deref());
        }
    }
    Ok(parsed)
}

/// Loads a portal glossary: a flat JSON object of abbreviation → full form.
pub async fn load_glossary(url: &str) -> Result<BTreeMap<String, String>> {
    let text = get_text(url, Limit::Document).await?;
    crate::json::from_str(&text)
}

/// The bytes of a JSON document read by a byte scanner (an index, a shard, a page of the
/// query API), with the same timeout, limit and messages as every other load.
pub async fn get_bytes(url: &str, limit: Limit) -> Result<Vec<u8>> {
    if url.starts_with('#') {
        return get_text(url, limit).await.map(String::into_bytes);
    }
    Ok(send(Request::get(url), None, url, Body::Bytes, limit)
        .await?
        .into_bytes())
}

/// Loads the article index of "Tìm theo ngày". Entry links stay as written: the date search
/// resolves the few it shows against the index's URL, not all 100,000.
pub async fn load_index(url: &str) -> Result<ParsedIndex> {
    if url.starts_with('#') {
        return parse_index(&get_text(url, Limit::Index).await?);
    }
    parse_index_bytes(
        &send(Request::get(url), None, url, Body::Bytes, Limit::Index)
            .await?
            .into_bytes(),
    )
}
