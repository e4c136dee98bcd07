use yew::prelude::*;

use web_sys::Element;

use crate::hooks::{use_vote, UseVoteHandle};
use crate::i18n::Lang;
use crate::model::Rating;
use crate::rating::{decimal, summary, RatingAction, RatingState, MAX_SCORE};
use crate::services::votes::Delivery;

/// Props of [`StarRating`].
#[derive(Properties, PartialEq)]
pub struct StarRatingProps {
    /// The article voted on.
    pub article_id: AttrValue,
    /// The figures the article came with.
    pub rating: Option<Rating>,
    /// `data-rating-endpoint`, if votes are reported to the portal.
    pub endpoint: Option<AttrValue>,
    /// The host element, on which `article-widget:rated` is dispatched.
    pub host: Element,
    /// Interface language.
    pub lang: Lang,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
}

/// "Đánh giá (Di chuột vào ngôi sao để chọn điểm)": five stars, hover or arrow keys to preview,
/// click, tap, Enter or Space to vote — once per article.
///
/// Markup follows the WAI-ARIA APG rating radio group (`radiogroup`, five `radio`s, one tab
/// stop) with one deliberate difference: arrow keys move focus and *preview*, exactly like the
/// pointer hovering, and only Enter or Space commits. In the APG example arrows check at once,
/// which here would cast an irrevocable vote by accident.
///
/// With an endpoint, the reader is told when the vote has not reached the portal (kept and sent
/// again automatically, or at once with "send again") or was refused; the message clears when a
/// background retry delivers it. When the endpoint is the rating service's (`…/votes`), the
/// figures are read from it at load ([`crate::rating::ratings_url`]), and its 409 shows as
/// "already rated".
///
/// Without an endpoint a vote would reach no one, yet the reader would be thanked for it: the
/// stars then only show the article's figures (read-only), and the console says why, once.
///
/// The pointer's preview is drawn by the stylesheet alone (`:hover`, under `(hover: hover)`, so
/// a finger never leaves one behind): a hover runs no code and re-renders nothing, so the star
/// under the pointer fills in the very next frame, as fast as a page's own CSS. Arrow keys
/// preview through the state, since they also move the tab stop.
#[component]
pub fn StarRating(props: &StarRatingProps) -> Html {
    let t = props.lang.strings();
    let read_only = props.endpoint.is_none();
    let UseVoteHandle {
        state,
        commit,
        send,
    } = use_vote(
        &props.article_id,
        props.endpoint.as_ref(),
        &props.host,
        props.rating,
    );
    let stars = use_node_ref();
    let voted = state.mine.is_some();
    let resend_used = use_mut_ref(|| false);
    {
        // Once a vote sent again is through, focus goes to the chosen star, not the page's top.
        let (resend_used, stars, mine) = (resend_used.clone(), stars.clone(), state.mine);
        use_effect_with(state.delivery.clone(), move |delivery| {
            let settled = matches!(
                delivery,
                Some(Delivery::Delivered | Delivery::Refused(_) | Delivery::AlreadyRated)
            );
            let lost = gloo::utils::document()
                .active_element()
                .is_none_or(|el| el.tag_name() == "BODY");
            if settled && std::mem::take(&mut *resend_used.borrow_mut()) && lost {
                focus_star(&stars, mine.unwrap_or(1));
            }
        });
    }

    let onkeydown = {
        let (state, commit, stars) = (state.clone(), commit.clone(), stars.clone());
        Callback::from(move |e: KeyboardEvent| {
            let key = e.key();
            if key == "Enter" || key == " " {
                e.prevent_default();
                commit(state.focus);
            } else if let Some(next) = state.target(&key) {
                e.prevent_default();
                state.dispatch(RatingAction::Move(next));
                focus_star(&stars, next);
            }
        })
    };
    let onfocusout = {
        let (state, stars) = (state.dispatcher(), stars.clone());
        Callback::from(move |e: FocusEvent| {
            let inside = e
                .related_target()
                .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Node>(t).ok())
                .zip(stars.cast::<Element>())
                .is_some_and(|(node, group)| group.contains(Some(&node)));
            if !inside {
                state.dispatch(RatingAction::Leave);
            }
        })
    };

    let label_id = format!("{}-rating-label", props.id_prefix);
    let hint_id = format!("{}-rating-hint", props.id_prefix);
    let star = |n: u8| star(&state, n, &commit, &props.id_prefix, props.lang);

    let status = match (&state.delivery, voted) {
        (Some(Delivery::AlreadyRated), _) => t.rating_already,
        (_, true) => t.rating_thanks,
        (_, false) => "",
    };
    let problem = match &state.delivery {
        Some(Delivery::Pending(error)) => (t.rating_pending)(error),
        Some(Delivery::Refused(status)) => (t.rating_refused)(*status),
        _ => String::new(),
    };
    // "Send again" stays (inert) while its attempt runs, so keyboard focus stays on it; once the
    // vote is through, focus goes to the chosen star rather than to the page's top.
    let sending = matches!(state.delivery, Some(Delivery::Sending));
    let show_resend =
        matches!(state.delivery, Some(Delivery::Pending(_))) || (sending && *resend_used.borrow());
    let resend = show_resend.then(|| {
        let send = send.clone();
        let onclick = Callback::from(move |_: MouseEvent| {
            if !sending {
                send();
            }
        });
        let onfocus = {
            let resend_used = resend_used.clone();
            Callback::from(move |_: FocusEvent| *resend_used.borrow_mut() = true)
        };
        html! {
            <button type="button" class="aw-button aw-rating__resend" {onclick} {onfocus}
                aria-disabled={sending.then_some("true")}>{ t.rating_resend }</button>
        }
    });
    let figures_text = match state.figures {
        Some(r) if r.count > 0 => summary(r, props.lang),
        _ => t.rating_none.to_owned(),
    };

    let json_ld = state
        .figures
        .filter(|r| r.count > 0)
        .map(|r| json_ld(&props.article_id, r));

    html! {
        <section class="aw-rating" aria-labelledby={label_id.clone()}>
            { for json_ld }
            <div class="aw-rating__head">
                <span class="aw-rating__label" id={label_id.clone()}>{ t.rating }</span>
                <span class="aw-rating__hint" id={hint_id.clone()}>
                    { "(" }{ if read_only { t.rating_read_only } else { t.rating_hint } }{ ")" }
                </span>
            </div>
            <div class="aw-rating__row">
                <div class="aw-stars" role="radiogroup" aria-labelledby={label_id} aria-describedby={hint_id}
                    aria-readonly={(voted || read_only).then_some("true")} data-voted={voted.to_string()}
                    data-readonly={read_only.then_some("true")}
                    ref={stars} {onkeydown} {onfocusout}>
                    { for (1..=MAX_SCORE).map(star) }
                </div>
                <span class="aw-rating__figures">{ figures_text }</span>
            </div>
            <p class="aw-rating__status" role="status">{ status }</p>
            // Always present (empty when all is well), so screen readers announce its changes.
            <p class="aw-rating__delivery" role="status">{ problem }</p>
            { for resend }
        </section>
    }
}

/// One star: a radio of the group, voted on click, its tab stop followed on focus. Its
/// `data-filled` is what the state shows (arrow-key preview, vote or average); the stylesheet
/// draws the pointer's preview over it.
fn star(
    state: &UseReducerHandle<RatingState>,
    n: u8,
    commit: &std::rc::Rc<dyn Fn(u8)>,
    id_prefix: &str,
    lang: Lang,
) -> Html {
    let t = lang.strings();
    let onclick = {
        let commit = commit.clone();
        Callback::from(move |_: MouseEvent| commit(n))
    };
    let onfocus = {
        let state = state.dispatcher();
        Callback::from(move |_: FocusEvent| state.dispatch(RatingAction::Focused(n)))
    };
    let fill = state.fill(n);
    let clip = format!("{id_prefix}-star-clip-{n}");
    html! {
        <span class="aw-star" role="radio" aria-checked={(state.mine == Some(n)).to_string()}
            aria-label={(t.star)(n)} tabindex={if state.focus == n { "0" } else { "-1" }}
            data-filled={if fill >= 1.0 { "full" } else if fill > 0.0 { "part" } else { "empty" }}
            {onclick} {onfocus}>
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <defs>
                    <clipPath id={clip.clone()}>
                        <rect x="0" y="0" height="24" width={decimal(24.0 * fill, 2)} />
                    </clipPath>
                </defs>
                <path class="aw-star__outline" d={STAR} />
                <path class="aw-star__fill" d={STAR} clip-path={format!("url(#{clip})")} />
            </svg>
        </span>
    }
}

/// schema.org AggregateRating for search engines; a data block, never executed, so a strict
/// script-src CSP does not block it.
fn json_ld(article_id: &str, r: Rating) -> Html {
    let data = AggregateRating {
        context: "https://schema.org",
        kind: "AggregateRating",
        item_reviewed: ItemReviewed {
            kind: "NewsArticle",
            identifier: article_id,
        },
        rating_value: (r.average * 10.0).round() / 10.0,
        rating_count: r.count,
        best_rating: MAX_SCORE,
        worst_rating: 1,
    };
    // `<` escaped: JSON allows `\u003c`, and no `</script>` or `<!--` from an article id can end
    // the block when the page is saved or prerendered as HTML.
    let text = crate::json::to_string(&data)
        .unwrap_or_default()
        .replace('<', "\\u003c");
    html! { <script type="application/ld+json">{ text }</script> }
}

/// A five-pointed star in a 24×24 box.
const STAR: &str = "M12 2.5l2.94 5.96 6.58.96-4.76 4.64 1.12 6.55L12 17.52l-5.88 3.09 1.12-6.55L2.48 9.42l6.58-.96z";

fn focus_star(stars: &NodeRef, n: u8) {
    let star = stars
        .cast::<Element>()
        .and_then(|g| {
            g.query_selector(&format!("[role=radio]:nth-child({n})"))
                .ok()
                .flatten()
        })
        .and_then(|s| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(s).ok());
    if let Some(star) = star {
        let _ = star.focus();
    }
}

/// schema.org `AggregateRating`, the JSON-LD block search engines read.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct AggregateRating<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    item_reviewed: ItemReviewed<'a>,
    rating_value: f64,
    rating_count: u32,
    best_rating: u8,
    worst_rating: u8,
}

#[derive(serde::Serialize)]
struct ItemReviewed<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    identifier: &'a str,
}
