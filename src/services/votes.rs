//! Delivering votes to the portal without losing any.
//!
//! A vote is first written to a localStorage queue, then sent. It leaves the queue on a 2xx
//! answer, or on a 4xx (the portal refused it: retrying cannot help; a console warning says so).
//! A 409 is the rating service saying this reader already rated the article (from another
//! browser, or after clearing storage): dropped too, and shown as "already rated".
//! A network error, timeout or 5xx keeps it queued with a growing delay (see
//! [`backoff_ms`]); the queue is retried on the `online` event, when the delay expires, and on
//! the next page load. Each vote carries a random `vote_id` so the portal can drop the duplicate
//! if an answer is lost after the vote arrived. Without storage the vote is sent once (and again
//! when the reader asks). [`watch`] tells the star rating what became of a vote sent in the
//! background, so the reader is never left with a stale "not sent yet".

use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::spawn_local;

use crate::error::{Error, Result};
use crate::model::Rating;
pub use crate::rating::Delivery;
use crate::rating::{backoff_ms, ratings_url, uuid_v4, PendingVote, MAX_SCORE};
use crate::services::fetch::{get_text, post_json, Limit};
use crate::services::storage;

const QUEUE_KEY: &str = "article-widget:vote-queue";
const MY_VOTES_KEY: &str = "article-widget:my-votes";
/// While a fresh vote is being sent directly, the background flush leaves it alone.
const IN_FLIGHT_MS: f64 = 60_000.0;

/// Told the outcome of each background attempt to deliver one vote.
type Watcher = Rc<dyn Fn(&Result<Option<Rating>>)>;

thread_local! {
    static FLUSHING: Cell<bool> = const { Cell::new(false) };
    static STOPPED: Cell<bool> = const { Cell::new(false) };
    static RETRY: RefCell<Option<Timeout>> = const { RefCell::new(None) };
    static ONLINE: RefCell<Option<EventListener>> = const { RefCell::new(None) };
    // A few entries (one per widget with a vote on its way): a Vec, not a map's code in the wasm.
    static WATCHERS: RefCell<Vec<(u64, String, Watcher)>> = const { RefCell::new(Vec::new()) };
    static NEXT_WATCH: Cell<u64> = const { Cell::new(0) };
}

/// Subscription returned by [`watch`]; dropping it ends the subscription.
pub struct Watch(u64);

impl Drop for Watch {
    fn drop(&mut self) {
        WATCHERS.with(|w| w.borrow_mut().retain(|(id, ..)| *id != self.0));
    }
}

/// Calls `on_result` with the outcome of every background attempt to deliver `vote_id` (the
/// queue's retries), until the returned [`Watch`] is dropped.
pub fn watch(vote_id: &str, on_result: impl Fn(&Result<Option<Rating>>) + 'static) -> Watch {
    let id = NEXT_WATCH.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    WATCHERS.with(|w| {
        w.borrow_mut()
            .push((id, vote_id.to_owned(), Rc::new(on_result)))
    });
    Watch(id)
}

fn notify(vote_id: &str, result: &Result<Option<Rating>>) {
    // Collected first: a watcher may subscribe or unsubscribe while it is called.
    let watchers: Vec<Watcher> = WATCHERS.with(|w| {
        w.borrow()
            .iter()
            .filter(|(_, id, _)| id == vote_id)
            .map(|(.., f)| f.clone())
            .collect()
    });
    for watcher in watchers {
        watcher(result);
    }
}

#[derive(Serialize)]
struct Body<'a> {
    article_id: &'a str,
    score: u8,
    vote_id: &'a str,
}

#[derive(Deserialize)]
struct Reply {
    average: f64,
    count: f64,
}

/// The reader's scores, `{ article id: score }` in storage, read as numbers: the same map type
/// as the archive's day counts, so the wasm carries one copy of its code.
type MyVotes = BTreeMap<String, f64>;

/// The reader's own score for an article, if they voted from this origin.
pub fn my_vote(article_id: &str) -> Option<u8> {
    storage::load::<MyVotes>(MY_VOTES_KEY)?
        .get(article_id)
        .copied()
        .filter(|s| s.fract() == 0.0 && (1.0..=f64::from(MAX_SCORE)).contains(s))
        .map(|s| s as u8)
}

/// Remembers the reader's score so they cannot vote on this article again.
pub fn remember_vote(article_id: &str, score: u8) {
    let mut votes = storage::load::<MyVotes>(MY_VOTES_KEY).unwrap_or_default();
    votes.insert(article_id.to_owned(), f64::from(score));
    storage::save(MY_VOTES_KEY, &votes);
}

/// A random vote id, a version 4 UUID from `crypto.getRandomValues`, which plain-HTTP portals
/// have too (`crypto.randomUUID` exists only in secure contexts). `Math.random` only where there
/// is no `crypto` at all.
pub fn new_vote_id() -> String {
    let mut bytes = [0u8; 16];
    if !fill_random(&mut bytes) {
        for byte in &mut bytes {
            *byte = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid_v4(bytes)
}

/// Fills `bytes` from `crypto.getRandomValues`; false when the browser has none.
fn fill_random(bytes: &mut [u8; 16]) -> bool {
    let array = js_sys::Uint8Array::new_with_length(16);
    let crypto = js_sys::Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(wasm_bindgen::JsValue::is_object);
    let filled = crypto
        .as_ref()
        .and_then(|c| js_sys::Reflect::get(c, &"getRandomValues".into()).ok())
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call1(crypto.as_ref()?, &array).ok())
        .is_some();
    if filled {
        array.copy_to(bytes);
    }
    filled
}

/// Sends a vote; returns the portal's new figures when it answered with them. Sending the same
/// `vote_id` again (the reader's "send again") does not queue it twice.
pub async fn cast(
    endpoint: String,
    article_id: String,
    score: u8,
    vote_id: String,
) -> Result<Option<Rating>> {
    let vote = PendingVote {
        endpoint,
        article_id,
        score,
        vote_id,
        attempts: 0,
        not_before: js_sys::Date::now() + IN_FLIGHT_MS,
    };
    let queued = update_queue(|q| match q.iter_mut().find(|v| v.vote_id == vote.vote_id) {
        // Already queued: the background flush leaves it alone while this attempt runs.
        Some(v) => v.not_before = vote.not_before,
        None => q.push(vote.clone()),
    });
    let result = submit(&vote).await;
    if queued {
        settle(&vote, &result);
        schedule_retry();
        let pending = matches!(Delivery::of(&result), Delivery::Pending(_));
        if pending && !in_queue(&vote.vote_id) {
            // A background attempt delivered (or the portal refused) it meanwhile.
            return Ok(None);
        }
    }
    result
}

/// Starts delivering queued votes: now, whenever the browser comes back online, and after each
/// back-off delay. Called once per page; later calls only flush.
pub fn start() {
    ONLINE.with(|online| {
        if online.borrow().is_none() {
            *online.borrow_mut() =
                Some(EventListener::new(&gloo::utils::window(), "online", |_| {
                    flush()
                }));
        }
    });
    // Votes left by earlier pages are not urgent: they are read from storage and sent once the
    // article is on screen, not in the way of its first paint. A vote cast before then flushes
    // the whole queue itself (and its retry timer replaces this one).
    RETRY.with(|r| *r.borrow_mut() = Some(Timeout::new(START_DELAY_MS, flush)));
}

/// Stops sending: another build of the widget on the page sends the queue from now on. A send
/// under way ends, but no other starts.
pub fn stop() {
    STOPPED.with(|s| s.set(true));
    ONLINE.with(|online| online.borrow_mut().take());
    RETRY.with(|r| r.borrow_mut().take());
}

/// How long after start the queue left by earlier pages is sent.
const START_DELAY_MS: u32 = 1_000;

fn flush() {
    if STOPPED.with(Cell::get) || FLUSHING.with(|f| f.replace(true)) {
        return;
    }
    spawn_local(async {
        loop {
            let now = js_sys::Date::now();
            let due = load_queue().into_iter().find(|v| v.not_before <= now);
            let Some(vote) = due else { break };
            let result = submit(&vote).await;
            // A queue that cannot be written would hand out the same vote forever.
            let settled = settle(&vote, &result);
            // A failure is stale once another attempt (the reader's "send again") delivered it.
            let pending = matches!(Delivery::of(&result), Delivery::Pending(_));
            if !pending || in_queue(&vote.vote_id) || !settled {
                notify(&vote.vote_id, &result);
            }
            if !settled {
                break;
            }
        }
        FLUSHING.with(|f| f.set(false));
        schedule_retry();
    });
}

async fn submit(vote: &PendingVote) -> Result<Option<Rating>> {
    let body = Body {
        article_id: &vote.article_id,
        score: vote.score,
        vote_id: &vote.vote_id,
    };
    let json = crate::json::to_string(&body)?;
    let text = match post_json(&vote.endpoint, json).await {
        Ok(text) => text,
        // No answer, a non-2xx one, or one the browser hid (CORS: the service does not allow
        // this origin yet): the vote may not have arrived.
        Err(
            error @ (Error::Network { .. }
            | Error::Timeout { .. }
            | Error::Http { .. }
            | Error::Cors { .. }),
        ) => return Err(error),
        // Anything else went wrong after a 2xx status (e.g. an answer too large to read): the
        // portal has the vote, only its figures are unusable.
        Err(error) => {
            gloo::console::warn!(format!(
                "article-widget: the rating endpoint's answer was not read: {error}"
            ));
            return Ok(None);
        }
    };
    // A 2xx without usable figures still means the vote arrived.
    Ok(figures_of(&text))
}

/// `{"average", "count"}` if the text holds plausible figures.
fn figures_of(text: &str) -> Option<Rating> {
    crate::json::from_str::<Reply>(text)
        .ok()
        .filter(|r| (0.0..=5.0).contains(&r.average) && r.count >= 0.0 && r.count.fract() == 0.0)
        .map(|r| Rating {
            average: r.average,
            count: r.count as u32,
        })
}

/// The article's current figures from the rating service beside `endpoint` (see
/// [`ratings_url`]); `Ok(None)` when the endpoint is not the service's or its answer holds no
/// figures.
pub async fn figures(endpoint: &str, article_id: &str) -> Result<Option<Rating>> {
    let Some(url) = ratings_url(endpoint, article_id) else {
        return Ok(None);
    };
    Ok(figures_of(&get_text(&url, Limit::Reply).await?))
}

/// Removes a delivered or refused vote from the queue, or pushes its next attempt back; false
/// when the queue could not be written.
fn settle(vote: &PendingVote, result: &Result<Option<Rating>>) -> bool {
    let refused = matches!(
        result,
        Err(Error::Http {
            status: 400..=499,
            ..
        })
    );
    if refused {
        let already = matches!(result, Err(Error::Http { status: 409, .. }));
        gloo::console::warn!(format!(
            "article-widget: the rating endpoint refused vote {} ({}{}); it is dropped",
            vote.vote_id,
            result
                .as_ref()
                .err()
                .map(ToString::to_string)
                .unwrap_or_default(),
            if already {
                ": this reader already rated the article"
            } else {
                ""
            }
        ));
    }
    let delivered = result.is_ok() || refused;
    update_queue(|queue| {
        if delivered {
            queue.retain(|v| v.vote_id != vote.vote_id);
        } else if let Some(v) = queue.iter_mut().find(|v| v.vote_id == vote.vote_id) {
            v.not_before = js_sys::Date::now() + f64::from(backoff_ms(v.attempts));
            v.attempts = v.attempts.saturating_add(1);
        }
    })
}

fn schedule_retry() {
    let next = load_queue()
        .iter()
        .map(|v| v.not_before)
        .fold(f64::INFINITY, f64::min);
    let timer = next.is_finite().then(|| {
        let wait = (next - js_sys::Date::now()).clamp(0.0, 300_000.0) as u32;
        Timeout::new(wait, flush)
    });
    RETRY.with(|r| *r.borrow_mut() = timer);
}

fn in_queue(vote_id: &str) -> bool {
    load_queue().iter().any(|v| v.vote_id == vote_id)
}

fn load_queue() -> Vec<PendingVote> {
    storage::load(QUEUE_KEY).unwrap_or_default()
}

/// Applies `change` to the stored queue; false when storage is unavailable.
fn update_queue(change: impl FnOnce(&mut Vec<PendingVote>)) -> bool {
    let mut queue = load_queue();
    change(&mut queue);
    storage::save(QUEUE_KEY, &queue)
}
