//! The rating service behind the article widget's stars.
//!
//! Design note: the widget may send one vote several times (it retries until it hears an
//! answer), from several tabs, through several instances of this service. Every rule that must
//! hold across those — a vote counts once, a reader votes once per article — is enforced by a
//! constraint or an atomic upsert in the database ([`store`]), never by memory in this process.
//! What stays in memory (the per-IP rate limit) may be lost or differ between instances.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//! use clap::Parser;
//! let config = article_widget_server::Config::parse_from([
//!     "article-widget-server", "--database", "sqlite://votes.db",
//! ]);
//! let listener = tokio::net::TcpListener::bind(config.listen).await?;
//! article_widget_server::serve(config, listener, std::future::pending()).await?;
//! # Ok(()) }
//! ```
#![deny(missing_docs)]
// A native service; see the workspace manifest for why wasm32 builds see an empty crate.
#![cfg(not(target_arch = "wasm32"))]

pub mod config;
pub mod error;
pub mod reader;
pub mod store;
pub mod vote;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, State};
use axum::http::header::{CONTENT_TYPE, SET_COOKIE};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::{GovernorError, GovernorLayer};
use tower_http::cors::{AllowOrigin, CorsLayer};

pub use config::Config;
pub use error::ApiError;
use reader::ClientIp;
use store::{Cast, Store};
use vote::{valid_article_id, Vote, MAX_BODY};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    store: Arc<Store>,
    repeat_window: u64,
    trust_forwarded: bool,
}

impl AppState {
    /// State over an opened store, with the reader rules of `config`.
    pub fn new(store: Arc<Store>, config: &Config) -> AppState {
        AppState {
            store,
            repeat_window: config.repeat_window,
            trust_forwarded: config.trust_forwarded,
        }
    }
}

/// The whole HTTP interface. Needs `ConnectInfo<SocketAddr>` (serve with
/// `into_make_service_with_connect_info`, or an `Extension(ConnectInfo(..))` layer in tests) for the per-IP limits.
pub fn app(state: AppState, config: &Config) -> Router {
    let nanos_per_request = 1_000_000_000 / u64::from(config.rate_per_second.max(1));
    let limit = GovernorConfigBuilder::default()
        .per_nanosecond(nanos_per_request.max(1))
        .burst_size(config.rate_burst.max(1))
        .key_extractor(ClientIp {
            trust_forwarded: config.trust_forwarded,
        })
        .finish()
        .expect("period and burst are at least 1");
    let limiter = limit.limiter().clone();
    // The limiter keeps one entry per client IP; forget idle ones so memory stays bounded.
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            limiter.retain_recent();
            if Arc::strong_count(&limiter) == 1 {
                break; // the router is gone
            }
        }
    });
    let api = Router::new()
        .route("/api/votes", post(cast_vote))
        .route("/api/ratings/{article_id}", get(ratings))
        .layer(GovernorLayer::new(limit).error_handler(rate_limited));
    let cors = CorsLayer::new()
        .allow_origin(AllowOrigin::list(config.allow_origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([CONTENT_TYPE])
        .allow_credentials(true)
        .max_age(Duration::from_secs(3600));
    Router::new()
        .merge(api)
        .route("/healthz", get(healthz))
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .layer(cors)
        .with_state(state)
}

fn rate_limited(error: GovernorError) -> Response {
    match error {
        GovernorError::TooManyRequests { wait_time, .. } => {
            ApiError::RateLimited(wait_time.max(1)).into_response()
        }
        other => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({ "error": "internal", "message": other.to_string() })),
        )
            .into_response(),
    }
}

/// `POST /api/votes`: `{"article_id","score","vote_id"}` → `{"average","count"}`.
async fn cast_vote(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    vote: Vote,
) -> Result<Response, ApiError> {
    let (token, minted) = match reader::token(&headers) {
        Some(token) => (token, false),
        None => (
            reader::new_token().map_err(|e| {
                ApiError::Database(sqlx::Error::Io(std::io::Error::other(e.to_string())))
            })?,
            true,
        ),
    };
    let ip = reader::client_ip(&headers, peer.ip(), state.trust_forwarded);
    let readers = [
        reader::cookie_key(&token),
        reader::ip_key(state.store.salt(), ip),
    ];
    let outcome = state.store.cast(&vote, &readers, state.repeat_window).await;
    let mut response = match outcome? {
        Cast::Counted(figures) | Cast::Repeated(figures) => Json(figures).into_response(),
        Cast::AlreadyRated => ApiError::AlreadyRated.into_response(),
        Cast::VoteIdReused => ApiError::VoteIdReused.into_response(),
    };
    if minted {
        if let Ok(cookie) = HeaderValue::from_str(&reader::set_cookie(&token)) {
            response.headers_mut().insert(SET_COOKIE, cookie);
        }
    }
    Ok(response)
}

/// `GET /api/ratings/{article_id}` → `{"average","count"}` (zero for an article never rated).
async fn ratings(
    State(state): State<AppState>,
    article_id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let Ok(Path(article_id)) = article_id else {
        return Err(ApiError::BadArticleId);
    };
    if !valid_article_id(&article_id) {
        return Err(ApiError::BadArticleId);
    }
    let figures = state.store.figures(&article_id).await?;
    Ok(Json(figures).into_response())
}

/// `GET /healthz`: 200 while the database answers, else 503.
async fn healthz(State(state): State<AppState>) -> Result<Json<serde_json::Value>, ApiError> {
    state.store.ping().await?;
    Ok(Json(json!({ "status": "ok" })))
}

/// Opens the database and serves on `listener` until `shutdown` completes, then finishes the
/// requests under way. Prints `listening on http://ADDR` once it accepts connections.
pub async fn serve(
    config: Config,
    listener: tokio::net::TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let store = Arc::new(Store::open(&config.database).await?);
    if config.repeat_window > 0 {
        let (store, window) = (store.clone(), config.repeat_window);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(3600));
            loop {
                tick.tick().await;
                if let Err(error) = store.prune_readers(window).await {
                    eprintln!("article-widget-server: pruning readers failed: {error}");
                }
            }
        });
    }
    let app = app(AppState::new(store, &config), &config);
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
}
