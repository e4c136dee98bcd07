//! Every way a request can fail, each with its status and a JSON body that names the problem.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::vote::{MAX_ARTICLE_ID, MAX_BODY, MAX_VOTE_ID, MIN_VOTE_ID};

/// A failed request. The widget drops a vote on any 4xx and retries it on a 5xx, so a status
/// here decides whether the reader's vote is kept.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// `score` missing, not an integer, or outside 1–5.
    #[error("score must be an integer from 1 to 5")]
    BadScore,
    /// `article_id` missing, empty, too long, or with characters outside the allowed set.
    #[error("article_id must be 1 to {MAX_ARTICLE_ID} characters from A-Z a-z 0-9 . _ ~ : -")]
    BadArticleId,
    /// `vote_id` missing or malformed.
    #[error("vote_id must be {MIN_VOTE_ID} to {MAX_VOTE_ID} characters from A-Z a-z 0-9 _ -")]
    BadVoteId,
    /// The body is not JSON, or not an object.
    #[error("malformed JSON: {0}")]
    BadJson(String),
    /// The body is larger than [`MAX_BODY`].
    #[error("the body must be at most {MAX_BODY} bytes")]
    TooLarge,
    /// The `Content-Type` is not `application/json`.
    #[error("Content-Type must be application/json")]
    UnsupportedType,
    /// This reader (cookie or IP) already voted on the article within the repeat window.
    #[error("this reader has already rated this article")]
    AlreadyRated,
    /// The `vote_id` was counted before with another article or score.
    #[error("vote_id was already used for a different vote")]
    VoteIdReused,
    /// The per-IP rate limit was reached.
    #[error("too many requests; try again in {0} s")]
    RateLimited(u64),
    /// No such route.
    #[error("no such resource")]
    NotFound,
    /// The route exists, not with this method.
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The database failed; the vote is not stored and may be sent again.
    #[error("the vote could not be stored; try again")]
    Database(#[from] sqlx::Error),
}

impl ApiError {
    /// Stable, machine-readable name of the problem.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::BadScore => "bad_score",
            ApiError::BadArticleId => "bad_article_id",
            ApiError::BadVoteId => "bad_vote_id",
            ApiError::BadJson(_) => "malformed_json",
            ApiError::TooLarge => "body_too_large",
            ApiError::UnsupportedType => "unsupported_content_type",
            ApiError::AlreadyRated => "already_rated",
            ApiError::VoteIdReused => "vote_id_reused",
            ApiError::RateLimited(_) => "rate_limited",
            ApiError::NotFound => "not_found",
            ApiError::MethodNotAllowed => "method_not_allowed",
            ApiError::Database(_) => "database_unavailable",
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            ApiError::BadScore
            | ApiError::BadArticleId
            | ApiError::BadVoteId
            | ApiError::BadJson(_) => StatusCode::BAD_REQUEST,
            ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::AlreadyRated | ApiError::VoteIdReused => StatusCode::CONFLICT,
            ApiError::RateLimited(_) => StatusCode::TOO_MANY_REQUESTS,
            ApiError::NotFound => StatusCode::NOT_FOUND,
            ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::Database(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let ApiError::Database(error) = &self {
            // The reader sees only "try again"; the operator needs the cause.
            eprintln!("article-widget-server: database error: {error}");
        }
        let body = Json(json!({ "error": self.code(), "message": self.to_string() }));
        let mut response = (self.status(), body).into_response();
        if let ApiError::RateLimited(wait) = self {
            if let Ok(value) = wait.to_string().parse() {
                response
                    .headers_mut()
                    .insert(axum::http::header::RETRY_AFTER, value);
            }
        }
        response
    }
}
