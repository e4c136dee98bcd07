//! The stars' state machine: what they show (a preview, the reader's vote or the average), which
//! star has the tab stop, and what became of the vote. A reducer: the component renders it and
//! forwards pointer, key and delivery events to it; storage, the event and the POST stay there.

use std::rc::Rc;

use yew::Reducible;

use super::{star_fill, with_vote, Delivery, MAX_SCORE};
use crate::model::Rating;

/// The stars of one article.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingState {
    /// The reader's vote, from this page or remembered from an earlier one.
    pub mine: Option<u8>,
    /// The figures shown: the article's, the service's, or the reply to this page's vote.
    pub figures: Option<Rating>,
    /// The star previewed by the arrow keys.
    pub preview: Option<u8>,
    /// The star with the group's one tab stop.
    pub focus: u8,
    /// What became of this page's vote.
    pub delivery: Option<Delivery>,
    /// The figures before this page's vote, restored if the service says it is not counted.
    before: Option<Option<Rating>>,
    /// No endpoint: a vote would reach no one, so the stars only show the figures.
    pub read_only: bool,
}

/// What happens to the stars.
#[derive(Debug, Clone, PartialEq)]
pub enum RatingAction {
    /// Focus left the stars: the arrow keys' preview ends. (The pointer's preview is the
    /// stylesheet's `:hover`, never state: see `StarRating`.)
    Leave,
    /// Arrow keys, Home or End moved focus to star `n`: it is previewed like a hover.
    Move(u8),
    /// Star `n` got focus.
    Focused(u8),
    /// Click, tap, Enter or Space on star `n`: the vote, if the reader can still vote.
    Vote(u8),
    /// Figures read from the rating service at load.
    Figures(Rating),
    /// An attempt to deliver the vote ended (or started: [`Delivery::Sending`]), with the
    /// figures the portal answered, if any.
    Delivery(Delivery, Option<Rating>),
    /// The endpoint is now absent (`true`) or present.
    ReadOnly(bool),
}

impl RatingState {
    /// The stars before any event: `mine` as remembered, the article's `figures`.
    pub fn new(mine: Option<u8>, figures: Option<Rating>, read_only: bool) -> Self {
        RatingState {
            mine,
            figures,
            preview: None,
            focus: mine.unwrap_or(1),
            delivery: None,
            before: None,
            read_only,
        }
    }

    /// True when a vote would be taken: one per article, and only with an endpoint.
    pub fn can_vote(&self) -> bool {
        self.mine.is_none() && !self.read_only
    }

    /// How much of star `n` is filled: the preview, else the reader's vote, else the average.
    pub fn fill(&self, n: u8) -> f64 {
        match (self.preview, self.mine) {
            (Some(p), _) => f64::from(u8::from(n <= p)),
            (None, Some(m)) => f64::from(u8::from(n <= m)),
            (None, None) => self.figures.map_or(0.0, |r| star_fill(r.average, n)),
        }
    }

    /// The star a key moves focus to (arrows wrap around, as in the APG radio group); `None`
    /// for any other key.
    pub fn target(&self, key: &str) -> Option<u8> {
        let current = self.focus;
        match key {
            "ArrowRight" | "ArrowUp" => Some(if current >= MAX_SCORE { 1 } else { current + 1 }),
            "ArrowLeft" | "ArrowDown" => Some(if current <= 1 { MAX_SCORE } else { current - 1 }),
            "Home" => Some(1),
            "End" => Some(MAX_SCORE),
            _ => None,
        }
    }

    /// The state after `action`.
    pub fn apply(&self, action: RatingAction) -> Self {
        let mut next = self.clone();
        match action {
            RatingAction::Leave => next.preview = None,
            RatingAction::Move(n) => {
                next.focus = n;
                if self.can_vote() {
                    next.preview = Some(n);
                }
            }
            RatingAction::Focused(n) => next.focus = n,
            RatingAction::Vote(n) => {
                next.focus = n;
                if self.can_vote() {
                    next.mine = Some(n);
                    next.preview = None;
                    next.before = Some(self.figures);
                    next.figures = Some(with_vote(self.figures, n));
                }
            }
            RatingAction::Figures(read) => next.figures = Some(read),
            RatingAction::Delivery(delivery, reply) => {
                if let Some(reply) = reply {
                    next.figures = Some(reply);
                }
                if delivery == Delivery::AlreadyRated {
                    // Not counted: back to the figures it was added to optimistically.
                    if let Some(previous) = next.before.take() {
                        next.figures = previous;
                    }
                }
                next.delivery = Some(delivery);
            }
            RatingAction::ReadOnly(read_only) => next.read_only = read_only,
        }
        next
    }
}

impl Reducible for RatingState {
    type Action = RatingAction;

    fn reduce(self: Rc<Self>, action: RatingAction) -> Rc<Self> {
        let next = self.apply(action);
        crate::hooks::reduced(self, next)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    const FIGURES: Rating = Rating {
        average: 4.5,
        count: 12,
    };

    fn filled(s: &RatingState) -> Vec<f64> {
        (1..=MAX_SCORE).map(|n| s.fill(n)).collect()
    }

    #[test]
    fn arrow_preview_ends_when_focus_leaves_and_the_average_shows_again() {
        let s = RatingState::new(None, Some(FIGURES), false);
        assert_eq!(filled(&s), [1.0, 1.0, 1.0, 1.0, 0.5]);
        let previewed = s.apply(RatingAction::Move(3));
        assert_eq!(filled(&previewed), [1.0, 1.0, 1.0, 0.0, 0.0]);
        let left = previewed.apply(RatingAction::Leave);
        assert_eq!((filled(&left), left.focus), (filled(&s), 3));
    }

    #[test]
    fn arrows_move_and_preview_but_never_vote() {
        let s = RatingState::new(None, Some(FIGURES), false);
        assert_eq!(s.target("ArrowLeft"), Some(5));
        assert_eq!(s.target("End"), Some(5));
        assert_eq!(s.target("a"), None);
        let moved = s.apply(RatingAction::Move(2)).apply(RatingAction::Move(3));
        assert_eq!((moved.focus, moved.preview, moved.mine), (3, Some(3), None));
        assert_eq!(moved.target("ArrowRight"), Some(4));
        assert_eq!(
            moved.apply(RatingAction::Move(5)).target("ArrowRight"),
            Some(1)
        );
    }

    #[test]
    fn one_vote_per_article_counted_at_once() {
        let s = RatingState::new(None, Some(FIGURES), false).apply(RatingAction::Move(2));
        let voted = s.apply(RatingAction::Vote(4));
        assert_eq!((voted.mine, voted.preview, voted.focus), (Some(4), None, 4));
        assert_eq!(voted.figures.map(|r| r.count), Some(13));
        assert_eq!(filled(&voted), [1.0, 1.0, 1.0, 1.0, 0.0]);
        // A second vote or an arrow changes nothing the stars show.
        let again = voted.apply(RatingAction::Vote(5));
        assert_eq!((again.mine, again.figures), (Some(4), voted.figures));
        assert_eq!(voted.apply(RatingAction::Move(2)).preview, None);
    }

    #[test]
    fn without_an_endpoint_the_stars_only_show_the_figures() {
        let s = RatingState::new(None, Some(FIGURES), true);
        assert!(!s.can_vote());
        assert_eq!(s.apply(RatingAction::Move(2)).preview, None);
        let voted = s.apply(RatingAction::Vote(2));
        assert_eq!((voted.mine, voted.figures), (None, Some(FIGURES)));
    }

    #[test]
    fn the_reply_replaces_the_figures_and_already_rated_restores_them() {
        let voted = RatingState::new(None, Some(FIGURES), false).apply(RatingAction::Vote(4));
        let reply = Rating {
            average: 4.2,
            count: 99,
        };
        let delivered = voted.apply(RatingAction::Delivery(Delivery::Delivered, Some(reply)));
        assert_eq!(delivered.figures, Some(reply));
        assert_eq!(delivered.delivery, Some(Delivery::Delivered));
        let refused = voted.apply(RatingAction::Delivery(Delivery::AlreadyRated, None));
        assert_eq!(refused.figures, Some(FIGURES));
        let pending = voted.apply(RatingAction::Delivery(
            Delivery::Pending(Error::Timeout {
                url: "/api/rate".into(),
                seconds: 10,
            }),
            None,
        ));
        assert_eq!(pending.figures, voted.figures);
    }
}
