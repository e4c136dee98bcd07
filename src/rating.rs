//! Star rating rules ("Đánh giá"): scores, the running average, how figures are written, how the
//! read-only stars are filled, and when a failed vote is tried again. No browser; the stars'
//! state machine ([`state`]) is a Yew reducer, and nothing else of Yew is used.

pub mod state;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::model::Rating;

pub use state::{RatingAction, RatingState};

/// Number of stars.
pub const MAX_SCORE: u8 = 5;

/// The figures after one more vote of `score`, shown at once, before (or without) the portal's
/// answer.
pub fn with_vote(rating: Option<Rating>, score: u8) -> Rating {
    let Rating { average, count } = rating.unwrap_or(Rating {
        average: 0.0,
        count: 0,
    });
    let total = average * f64::from(count) + f64::from(score);
    let count = count.saturating_add(1);
    Rating {
        average: total / f64::from(count),
        count,
    }
}

/// `4,5/5 (12 lượt)` (decimal comma) or `4.5/5 (12 votes)`.
pub fn summary(rating: Rating, lang: Lang) -> String {
    let average = decimal(rating.average, 1);
    let average = match lang {
        Lang::Vi => average.replace('.', ","),
        Lang::En => average,
    };
    (lang.strings().rating_summary)(&average, rating.count)
}

/// `value` (at least 0) with `places` decimals, rounded half up: `decimal(12.0, 2)` is
/// `12.00`. Integer arithmetic, so the wasm carries no float printer (core's costs several KB).
pub fn decimal(value: f64, places: u32) -> String {
    let scale = 10u64.pow(places);
    // `as` saturates (and NaN becomes 0): figures here are 0–5 stars or 0–24 px.
    let units = (value.max(0.0) * scale as f64).round() as u64;
    let (whole, frac) = (units / scale, units % scale);
    if places == 0 {
        whole.to_string()
    } else {
        format!("{whole}.{frac:0width$}", width = places as usize)
    }
}

/// How much of star `n` (1-based) is filled for a read-only average: 1, 0, or a fraction.
pub fn star_fill(average: f64, n: u8) -> f64 {
    (average - f64::from(n - 1)).clamp(0.0, 1.0)
}

/// Where the figures of `article_id` are read, given the vote endpoint (an absolute URL).
///
/// The rating service's layout: an endpoint whose path ends in `/votes` has the figures at
/// `/ratings/{article_id}` beside it, query kept — `https://portal.example/api/votes` gives
/// `https://portal.example/api/ratings/bo-xay-dung-2024`. Any other endpoint (a portal's own vote
/// handler) publishes no figures the widget knows of: `None`, and the article's `rating` is shown.
/// Only http(s): a page opened from disk has no service to ask.
pub fn ratings_url(endpoint: &str, article_id: &str) -> Option<String> {
    if !(endpoint.starts_with("https://") || endpoint.starts_with("http://")) {
        return None;
    }
    let split = endpoint.find(['?', '#']).unwrap_or(endpoint.len());
    let (path, rest) = endpoint.split_at(split);
    let base = path.trim_end_matches('/').strip_suffix("/votes")?;
    Some(format!(
        "{base}/ratings/{}{rest}",
        encode_segment(article_id)
    ))
}

/// Percent-encodes everything but RFC 3986's unreserved characters: an article id stays one path
/// segment whatever it contains.
fn encode_segment(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// A vote waiting to reach the portal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingVote {
    /// Absolute URL of the rating endpoint.
    pub endpoint: String,
    /// The article voted on.
    pub article_id: String,
    /// 1–5.
    pub score: u8,
    /// Random id that lets the portal drop duplicates.
    pub vote_id: String,
    /// Failed attempts so far.
    pub attempts: u32,
    /// Not before this time (ms since the epoch).
    pub not_before: f64,
}

/// 16 random bytes as a version 4 UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`, y in 8–b), the
/// form the rating service and portals expect of a vote id.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Delay before attempt `attempts + 1`: 2 s, 4 s, 8 s … capped at 5 minutes.
pub fn backoff_ms(attempts: u32) -> u32 {
    2_000u32.saturating_mul(1 << attempts.min(8)).min(300_000)
}

/// What became of a vote, as the reader is told.
#[derive(Debug, Clone, PartialEq)]
pub enum Delivery {
    /// On its way.
    Sending,
    /// The portal has it.
    Delivered,
    /// The portal refused it (this 4xx status); it is dropped.
    Refused(u16),
    /// The rating service answered 409: this reader already rated the article; it is dropped.
    AlreadyRated,
    /// Not delivered yet (no answer, timeout, 5xx): kept and sent again.
    Pending(Error),
}

impl Delivery {
    /// The delivery state after one attempt that ended with `result`.
    pub fn of(result: &Result<Option<Rating>>) -> Delivery {
        match result {
            Ok(_) => Delivery::Delivered,
            Err(Error::Http { status: 409, .. }) => Delivery::AlreadyRated,
            Err(Error::Http { status, .. }) if (400..=499).contains(status) => {
                Delivery::Refused(*status)
            }
            Err(error) => Delivery::Pending(error.clone()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vote_ids_are_version_4_uuids() {
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(uuid_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
    }

    #[test]
    fn a_vote_updates_average_and_count() {
        let r = with_vote(
            Some(Rating {
                average: 4.5,
                count: 12,
            }),
            4,
        );
        assert_eq!(r.count, 13);
        assert!((r.average - 58.0 / 13.0).abs() < 1e-9);
        assert_eq!(
            with_vote(None, 3),
            Rating {
                average: 3.0,
                count: 1
            }
        );
        assert_eq!(
            with_vote(
                Some(Rating {
                    average: 0.0,
                    count: 0
                }),
                5
            ),
            Rating {
                average: 5.0,
                count: 1
            }
        );
    }

    #[test]
    fn decimals_match_the_float_printer_away_from_ties() {
        for (value, places) in [
            (0.0, 2),
            (12.0, 2),
            (7.25, 2),
            (23.999, 2),
            (4.46, 1),
            (5.0, 1),
        ] {
            let expected = format!("{value:.places$}", places = places as usize);
            assert_eq!(decimal(value, places), expected, "{value}");
        }
        // Ties round up, as a reader rounds (the float printer rounds 4.25 to even: 4.2).
        assert_eq!(decimal(4.25, 1), "4.3");
        assert_eq!(decimal(3.0, 0), "3");
        assert_eq!(decimal(-1.0, 1), "0.0");
        assert_eq!(decimal(f64::NAN, 2), "0.00");
    }

    #[test]
    fn summaries_use_the_language_decimal_separator() {
        let r = Rating {
            average: 4.5,
            count: 12,
        };
        assert_eq!(summary(r, Lang::Vi), "4,5/5 (12 lượt)");
        assert_eq!(summary(r, Lang::En), "4.5/5 (12 votes)");
        assert_eq!(
            summary(
                Rating {
                    average: 4.0,
                    count: 1
                },
                Lang::En
            ),
            "4.0/5 (1 vote)"
        );
        assert_eq!(
            summary(
                Rating {
                    average: 4.46,
                    count: 2
                },
                Lang::Vi
            ),
            "4,5/5 (2 lượt)"
        );
    }

    #[test]
    fn stars_fill_partially() {
        let fills: Vec<f64> = (1..=5).map(|n| star_fill(3.5, n)).collect();
        assert_eq!(fills, [1.0, 1.0, 1.0, 0.5, 0.0]);
        assert_eq!(star_fill(0.0, 1), 0.0);
        assert_eq!(star_fill(5.0, 5), 1.0);
    }

    #[test]
    fn the_ratings_url_sits_beside_the_votes_endpoint() {
        assert_eq!(
            ratings_url("https://portal.example/api/votes", "bo-xay-dung-2024").as_deref(),
            Some("https://portal.example/api/ratings/bo-xay-dung-2024")
        );
        assert_eq!(
            ratings_url("http://127.0.0.1:8080/api/votes/?site=a", "a b/c").as_deref(),
            Some("http://127.0.0.1:8080/api/ratings/a%20b%2Fc?site=a")
        );
        assert_eq!(
            ratings_url("https://x.example/rate/votes#top", "đ").as_deref(),
            Some("https://x.example/rate/ratings/%C4%91#top")
        );
        // A portal's own handler, a look-alike, or a page opened from disk: no figures to read.
        assert_eq!(ratings_url("https://portal.example/api/rate", "a"), None);
        assert_eq!(ratings_url("https://portal.example/api/myvotes", "a"), None);
        assert_eq!(ratings_url("file:///demo/api/votes", "a"), None);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_ms(0), 2_000);
        assert_eq!(backoff_ms(1), 4_000);
        assert_eq!(backoff_ms(3), 16_000);
        assert_eq!(backoff_ms(50), 300_000);
    }
}
