use std::cell::Cell;
use std::rc::Rc;

use serde::Serialize;
use wasm_bindgen_futures::spawn_local;
use web_sys::Element;
use yew::prelude::*;

use crate::model::Rating;
use crate::rating::{RatingAction, RatingState};
use crate::services::events;
use crate::services::fetch::absolute_url;
use crate::services::votes::{self, Delivery};

thread_local! {
    /// The read-only warning is given once per page, not once per widget.
    static WARNED_READ_ONLY: Cell<bool> = const { Cell::new(false) };
}

/// Detail of the `article-widget:rated` event.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RatedDetail<'a> {
    article_id: &'a str,
    score: u8,
    vote_id: &'a str,
}

/// What [`use_vote`] gives the stars: their state, and the two ways a vote leaves the page.
#[derive(Clone)]
pub struct UseVoteHandle {
    /// Preview, vote, focus, figures and delivery (a reducer, tested natively).
    pub state: UseReducerHandle<RatingState>,
    /// Votes `score` (1–5): once, remembered, announced on the host, sent if there is an
    /// endpoint.
    pub commit: Rc<dyn Fn(u8)>,
    /// Sends this page's vote again now ("send again").
    pub send: Rc<dyn Fn()>,
}

/// One reader's vote on one article, and its way to the portal.
///
/// The figures come with the article and, when the endpoint is the rating service's, from the
/// service at load; a vote goes through the never-lost queue of `services::votes`, and its fate
/// (sending, pending with the reason, delivered, refused, already rated) comes back into the
/// state, also from background retries. Without an endpoint the console says once why the stars
/// are read-only.
#[hook]
pub fn use_vote(
    article_id: &AttrValue,
    endpoint: Option<&AttrValue>,
    host: &Element,
    figures: Option<Rating>,
) -> UseVoteHandle {
    let read_only = endpoint.is_none();
    let state = use_reducer(|| RatingState::new(votes::my_vote(article_id), figures, read_only));
    // This page's vote to the endpoint; `watch` follows background retries.
    let sent = use_mut_ref(|| None::<(String, u8, String)>);
    let watch = use_mut_ref(|| None::<votes::Watch>);
    {
        let state = state.dispatcher();
        use_effect_with(read_only, move |read_only| {
            state.dispatch(RatingAction::ReadOnly(*read_only));
        });
    }
    {
        // The service's figures replace the article's, unless a vote of this page already
        // brought fresher ones.
        let (state, sent) = (state.dispatcher(), sent.clone());
        use_effect_with(
            (article_id.clone(), endpoint.cloned()),
            move |(article_id, endpoint)| {
                let Some(endpoint) = endpoint else {
                    if !WARNED_READ_ONLY.with(|w| w.replace(true)) {
                        gloo::console::warn!(
                            "article-widget: no data-rating-endpoint that a vote can reach \
                             (an http or https URL; a page opened from disk has none), so the \
                             star rating only shows the article's figures: votes would reach no \
                             one. Set data-rating-endpoint to the rating service's …/api/votes \
                             URL to take votes."
                        );
                    }
                    return;
                };
                if let Some(endpoint) = absolute_url(endpoint) {
                    let article_id = article_id.to_string();
                    spawn_local(async move {
                        match votes::figures(&endpoint, &article_id).await {
                            Ok(Some(read)) if sent.borrow().is_none() => {
                                state.dispatch(RatingAction::Figures(read));
                            }
                            Ok(_) => {}
                            Err(error) => gloo::console::warn!(format!(
                                "article-widget: the rating figures were not read: {error}"
                            )),
                        }
                    });
                }
            },
        );
    }

    let send: Rc<dyn Fn()> = {
        let (state, sent) = (state.dispatcher(), sent.clone());
        let article_id = article_id.to_string();
        Rc::new(move || {
            let Some((endpoint, score, vote_id)) = sent.borrow().clone() else {
                return;
            };
            state.dispatch(RatingAction::Delivery(Delivery::Sending, None));
            let (state, article_id) = (state.clone(), article_id.clone());
            spawn_local(async move {
                let result = votes::cast(endpoint, article_id, score, vote_id).await;
                let outcome = Delivery::of(&result);
                // A refusal is dropped, and votes::settle has said so: no retry to announce.
                if let (Err(error), Delivery::Pending(_)) = (&result, &outcome) {
                    gloo::console::warn!(format!(
                        "article-widget: vote not delivered yet, will retry: {error}"
                    ));
                }
                let reply = result.ok().flatten();
                state.dispatch(RatingAction::Delivery(outcome, reply));
            });
        })
    };

    let commit: Rc<dyn Fn(u8)> = {
        let (state, sent, watch, send) = (state.clone(), sent.clone(), watch.clone(), send.clone());
        let article_id = article_id.clone();
        let endpoint = endpoint.cloned();
        let host = host.clone();
        Rc::new(move |score: u8| {
            let can_vote = state.can_vote() && endpoint.is_some();
            state.dispatch(RatingAction::Vote(score));
            if !can_vote {
                return;
            }
            let vote_id = votes::new_vote_id();
            votes::remember_vote(&article_id, score);
            events::dispatch(
                &host,
                "article-widget:rated",
                &RatedDetail {
                    article_id: &article_id,
                    score,
                    vote_id: &vote_id,
                },
            );
            let Some(endpoint) = endpoint.as_deref().and_then(absolute_url) else {
                return;
            };
            *watch.borrow_mut() = Some(votes::watch(&vote_id, {
                let state = state.dispatcher();
                move |result| {
                    let reply = result.as_ref().ok().copied().flatten();
                    state.dispatch(RatingAction::Delivery(Delivery::of(result), reply));
                }
            }));
            *sent.borrow_mut() = Some((endpoint, score, vote_id));
            send();
        })
    };

    UseVoteHandle {
        state,
        commit,
        send,
    }
}
