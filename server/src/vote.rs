//! The body of `POST /api/votes`, checked before any handler runs.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::StatusCode;
use serde_json::Value;

use crate::error::ApiError;

/// Largest accepted body: a vote is under 150 bytes; anything near this is not from the widget.
pub const MAX_BODY: usize = 4096;
/// Longest accepted article id.
pub const MAX_ARTICLE_ID: usize = 128;
/// Shortest accepted vote id (the widget sends a UUID, or 32 hex digits without one).
pub const MIN_VOTE_ID: usize = 8;
/// Longest accepted vote id.
pub const MAX_VOTE_ID: usize = 64;

/// A vote as the widget sends it: `{"article_id", "score", "vote_id"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vote {
    /// The article voted on.
    pub article_id: String,
    /// 1–5.
    pub score: u8,
    /// Random id chosen by the widget; the same vote sent again carries the same one.
    pub vote_id: String,
}

/// Article ids are used in URL paths (`/api/ratings/{id}`) and logs: a conservative ASCII set
/// that portals' slugs and numeric ids fit in needs no escaping anywhere.
pub fn valid_article_id(id: &str) -> bool {
    (1..=MAX_ARTICLE_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._~:-".contains(&b))
}

fn valid_vote_id(id: &str) -> bool {
    (MIN_VOTE_ID..=MAX_VOTE_ID).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Vote {
    /// Parses and checks a body; the error names the first problem found.
    pub fn parse(body: &[u8]) -> Result<Vote, ApiError> {
        let value: Value =
            serde_json::from_slice(body).map_err(|e| ApiError::BadJson(e.to_string()))?;
        let Value::Object(fields) = value else {
            return Err(ApiError::BadJson(
                "expected an object with article_id, score and vote_id".into(),
            ));
        };
        let article_id = fields
            .get("article_id")
            .and_then(Value::as_str)
            .filter(|id| valid_article_id(id))
            .ok_or(ApiError::BadArticleId)?;
        // `4.0` and `"4"` are refused: the widget sends integers, anything else is not a vote.
        let score = fields
            .get("score")
            .and_then(Value::as_u64)
            .filter(|s| (1..=5).contains(s))
            .ok_or(ApiError::BadScore)?;
        let vote_id = fields
            .get("vote_id")
            .and_then(Value::as_str)
            .filter(|id| valid_vote_id(id))
            .ok_or(ApiError::BadVoteId)?;
        Ok(Vote {
            article_id: article_id.to_owned(),
            score: score as u8,
            vote_id: vote_id.to_owned(),
        })
    }
}

impl<S: Send + Sync> FromRequest<S> for Vote {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"));
        if !json {
            return Err(ApiError::UnsupportedType);
        }
        // The router's DefaultBodyLimit makes an oversized body fail here, whether or not it
        // declared its length.
        let body = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::TooLarge
            } else {
                ApiError::BadJson(e.body_text())
            }
        })?;
        Vote::parse(&body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_widget_vote_parses() {
        let vote = Vote::parse(
            br#"{"article_id":"bo-xay-dung-2024","score":4,"vote_id":"0b5e0c1e-2f7c-4a4e-9d7e-6f1d2b3c4d5e"}"#,
        )
        .expect("valid vote");
        assert_eq!(vote.article_id, "bo-xay-dung-2024");
        assert_eq!(vote.score, 4);
    }

    #[test]
    fn each_bad_field_is_named() {
        let cases: [(&[u8], &str); 10] = [
            (
                br#"{"article_id":"a","score":0,"vote_id":"abcdefgh"}"#,
                "bad_score",
            ),
            (
                br#"{"article_id":"a","score":6,"vote_id":"abcdefgh"}"#,
                "bad_score",
            ),
            (
                br#"{"article_id":"a","score":4.5,"vote_id":"abcdefgh"}"#,
                "bad_score",
            ),
            (
                br#"{"article_id":"a","score":"4","vote_id":"abcdefgh"}"#,
                "bad_score",
            ),
            (
                br#"{"article_id":"","score":4,"vote_id":"abcdefgh"}"#,
                "bad_article_id",
            ),
            (
                br#"{"article_id":"a b","score":4,"vote_id":"abcdefgh"}"#,
                "bad_article_id",
            ),
            (
                br#"{"article_id":"a","score":4,"vote_id":"short"}"#,
                "bad_vote_id",
            ),
            (br#"{"article_id":"a","score":4}"#, "bad_vote_id"),
            (br#"{"article_id":"a","score":4,"#, "malformed_json"),
            (br#"[1,2]"#, "malformed_json"),
        ];
        for (body, code) in cases {
            let error = Vote::parse(body).expect_err("invalid");
            assert_eq!(error.code(), code, "{}", String::from_utf8_lossy(body));
        }
        let long = format!(
            r#"{{"article_id":"{}","score":4,"vote_id":"abcdefgh"}}"#,
            "a".repeat(MAX_ARTICLE_ID + 1)
        );
        assert_eq!(
            Vote::parse(long.as_bytes()).unwrap_err().code(),
            "bad_article_id"
        );
    }
}
