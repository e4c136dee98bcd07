//! What the SQLite and PostgreSQL suites share: the API contract, checked in-process against a
//! real database; a throwaway PostgreSQL cluster; the real server as a child process; and the
//! load test.
#![allow(dead_code)] // each suite uses its own part

pub mod load;
pub mod postgres;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;

use article_widget_server::store::Store;
use article_widget_server::{app, AppState, Config};
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use clap::Parser;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use sqlx::Row;
use tower::ServiceExt;

/// The binary under test: the one cargo built beside this test, unless `AW_SERVER_BIN` names
/// another (the bench points it at the release build).
pub fn server_bin() -> String {
    std::env::var("AW_SERVER_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_article-widget-server").to_owned())
}

/// The service as a child process, killed when dropped.
pub struct Server {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    args: Vec<String>,
}

impl Server {
    /// Starts the binary with `args` on `listen` (port 0: any) and waits for its "listening on"
    /// line.
    pub fn start(listen: &str, args: &[String]) -> Server {
        let mut child = Command::new(server_bin())
            .arg("--listen")
            .arg(listen)
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the server's first line");
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("expected `listening on http://…`, got {line:?}"))
            .parse()
            .expect("a socket address");
        Server {
            child,
            addr,
            args: args.to_vec(),
        }
    }

    /// Base URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// SIGKILL: no shutdown, no flushing, transactions cut wherever they are.
    pub fn kill(&mut self) {
        self.child.kill().expect("SIGKILL the server");
        self.child.wait().expect("reap the server");
    }

    /// Kills it and starts it again on the same address.
    pub fn restart(&mut self) {
        self.kill();
        *self = Server::start(&self.addr.to_string(), &self.args.clone());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A SQLite URL for a new file in `dir`.
pub fn sqlite_url(dir: &std::path::Path) -> String {
    format!("sqlite://{}", dir.join("votes.db").display())
}

/// The router over `database`, every client appearing at 127.0.0.1 unless the request says
/// otherwise in X-Forwarded-For (trusted here, so one test can play many readers).
pub async fn router(database: &str, extra: &[&str]) -> (Router, Arc<Store>) {
    let mut args = vec![
        "article-widget-server",
        "--database",
        database,
        "--trust-forwarded",
        "--allow-origin",
        "https://portal.example",
        "--rate-per-second",
        "1000",
        "--rate-burst",
        "1000",
    ];
    args.extend_from_slice(extra);
    let config = Config::try_parse_from(args).expect("test options");
    let store = Arc::new(Store::open(&config.database).await.expect("open the store"));
    let router = app(AppState::new(store.clone(), &config), &config).layer(axum::Extension(
        // What axum::serve gives each connection; the rate limit reads it as well as the handler.
        ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000))),
    ));
    (router, store)
}

/// One request's outcome.
pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Value,
}

/// Sends `request` through the router.
pub async fn call(router: &Router, request: Request<Body>) -> Answer {
    let response = router
        .clone()
        .oneshot(request)
        .await
        .expect("the router is infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response
        .into_body()
        .collect()
        .await
        .expect("body")
        .to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes).unwrap_or_else(|_| {
            panic!(
                "every answer is JSON, got {status}: {}",
                String::from_utf8_lossy(&bytes)
            )
        })
    };
    Answer {
        status,
        headers,
        body,
    }
}

/// A vote POST from a reader with this cookie (None: a reader without one) and IP.
pub fn vote(body: &Value, cookie: Option<&str>, ip: &str) -> Request<Body> {
    let mut request = Request::post("/api/votes")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", ip);
    if let Some(token) = cookie {
        request = request.header(header::COOKIE, format!("aw_reader={token}"));
    }
    request.body(Body::from(body.to_string())).expect("request")
}

fn get(path: &str) -> Request<Body> {
    Request::get(path).body(Body::empty()).expect("request")
}

fn token(n: u32) -> String {
    format!("{n:032x}")
}

/// The whole API contract against the database at `url` (a fresh one).
pub async fn contract(url: &str) {
    let (router, store) = router(url, &[]).await;
    let first = json!({"article_id": "bo-xay-dung-2024", "score": 4, "vote_id": "vote-0001-aaaa"});

    // A first vote is counted; a reader without a cookie is given one.
    let a = call(&router, vote(&first, None, "203.0.113.1")).await;
    assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    assert_eq!(a.body, json!({"average": 4.0, "count": 1}));
    let cookie = a.headers[header::SET_COOKIE].to_str().expect("ascii");
    assert!(
        cookie.starts_with("aw_reader=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    let minted = cookie["aw_reader=".len()..][..32].to_owned();

    // The same vote again (a retry) counts once and gets the same answer.
    let again = call(&router, vote(&first, Some(&minted), "203.0.113.1")).await;
    assert_eq!((again.status, &again.body), (StatusCode::OK, &a.body));
    assert!(
        !again.headers.contains_key(header::SET_COOKIE),
        "a known reader keeps its cookie"
    );
    // Its vote_id with another score is not a retry.
    let reused = json!({"article_id": "bo-xay-dung-2024", "score": 2, "vote_id": "vote-0001-aaaa"});
    let r = call(&router, vote(&reused, Some(&minted), "203.0.113.1")).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::CONFLICT, Some("vote_id_reused"))
    );

    // A second vote by the same reader: by cookie, from another IP…
    let second = json!({"article_id": "bo-xay-dung-2024", "score": 1, "vote_id": "vote-0002-bbbb"});
    let r = call(&router, vote(&second, Some(&minted), "198.51.100.9")).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_rated")),
        "{}",
        r.body
    );
    assert!(r.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    // …or by IP, with the cookie cleared.
    let r = call(&router, vote(&second, None, "203.0.113.1")).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::CONFLICT, Some("already_rated"))
    );
    // A refused vote stays refused when retried.
    let r = call(&router, vote(&second, None, "203.0.113.1")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);

    // Another reader counts; the same reader may rate another article.
    let other = json!({"article_id": "bo-xay-dung-2024", "score": 5, "vote_id": "vote-0003-cccc"});
    let r = call(&router, vote(&other, Some(&token(7)), "198.51.100.7")).await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({"average": 4.5, "count": 2}))
    );
    let elsewhere =
        json!({"article_id": "ubnd-tinh-2024", "score": 3, "vote_id": "vote-0004-dddd"});
    let r = call(&router, vote(&elsewhere, Some(&minted), "203.0.113.1")).await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({"average": 3.0, "count": 1}))
    );

    // Once the window has passed (moved back in the database rather than waited for), the
    // reader may vote on the article again.
    sqlx::query(
        "UPDATE readers SET voted_at = voted_at - 86401 WHERE article_id = 'bo-xay-dung-2024'",
    )
    .execute(store.pool())
    .await
    .expect("age the readers");
    let r = call(&router, vote(&second, Some(&minted), "203.0.113.1")).await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({"average": 3.33, "count": 3}))
    );

    // The figures, as the widget reads them at load.
    let r = call(&router, get("/api/ratings/bo-xay-dung-2024")).await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({"average": 3.33, "count": 3}))
    );
    let r = call(&router, get("/api/ratings/never-rated")).await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({"average": 0.0, "count": 0}))
    );
    let r = call(&router, get("/api/ratings/not%20an%20id")).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::BAD_REQUEST, Some("bad_article_id"))
    );
    let r = call(&router, get(&format!("/api/ratings/{}", "a".repeat(129)))).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);

    bad_input(&router).await;
    concurrent_copies(&router, &store).await;

    let r = call(&router, get("/healthz")).await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({"status": "ok"}))
    );
    let r = call(&router, get("/nowhere")).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::NOT_FOUND, Some("not_found"))
    );
    let r = call(&router, get("/api/votes")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);

    // Every counted vote is a row, and the running totals agree with the rows.
    let (rows, total): (i64, i64) = {
        let row =
            sqlx::query("SELECT COUNT(*), CAST(COALESCE(SUM(score), 0) AS BIGINT) FROM votes")
                .fetch_one(store.pool())
                .await
                .expect("count");
        (row.get(0), row.get(1))
    };
    let row = sqlx::query(
        "SELECT CAST(SUM(vote_count) AS BIGINT), CAST(SUM(score_total) AS BIGINT) FROM ratings",
    )
    .fetch_one(store.pool())
    .await
    .expect("sum");
    assert_eq!((rows, total), (row.get::<i64, _>(0), row.get::<i64, _>(1)));
}

/// Each bad input gets its status and a JSON error naming it; none reaches the database.
async fn bad_input(router: &Router) {
    let post = |content_type: Option<&str>, body: String| {
        let mut request = Request::post("/api/votes");
        if let Some(t) = content_type {
            request = request.header(header::CONTENT_TYPE, t);
        }
        request.body(Body::from(body)).expect("request")
    };
    let ok_id = "bad-input-0001";
    let cases = [
        (
            Some("application/json"),
            json!({"article_id": "a", "score": 0, "vote_id": ok_id}).to_string(),
            400,
            "bad_score",
        ),
        (
            Some("application/json"),
            json!({"article_id": "a", "score": 6, "vote_id": ok_id}).to_string(),
            400,
            "bad_score",
        ),
        (
            Some("application/json"),
            json!({"article_id": "a", "score": 4.5, "vote_id": ok_id}).to_string(),
            400,
            "bad_score",
        ),
        (
            Some("application/json"),
            json!({"article_id": "a", "vote_id": ok_id}).to_string(),
            400,
            "bad_score",
        ),
        (
            Some("application/json"),
            json!({"article_id": "a".repeat(129), "score": 4, "vote_id": ok_id}).to_string(),
            400,
            "bad_article_id",
        ),
        (
            Some("application/json"),
            json!({"article_id": "<script>", "score": 4, "vote_id": ok_id}).to_string(),
            400,
            "bad_article_id",
        ),
        (
            Some("application/json"),
            json!({"article_id": "a", "score": 4, "vote_id": "x"}).to_string(),
            400,
            "bad_vote_id",
        ),
        (
            Some("application/json"),
            "{\"article_id\": \"a\", ".to_owned(),
            400,
            "malformed_json",
        ),
        (
            Some("application/json; charset=utf-8"),
            "not json".to_owned(),
            400,
            "malformed_json",
        ),
        (
            Some("application/json"),
            format!("{{\"pad\": \"{}\"}}", "x".repeat(5000)),
            413,
            "body_too_large",
        ),
        (
            Some("text/plain"),
            json!({"article_id": "a", "score": 4, "vote_id": ok_id}).to_string(),
            415,
            "unsupported_content_type",
        ),
        (
            None,
            json!({"article_id": "a", "score": 4, "vote_id": ok_id}).to_string(),
            415,
            "unsupported_content_type",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let r = call(router, post(content_type, body.clone())).await;
        assert_eq!(
            r.status.as_u16(),
            status,
            "{content_type:?} {}",
            &body[..body.len().min(80)]
        );
        assert_eq!(r.body["error"].as_str(), Some(code), "{}", r.body);
        assert!(r.body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // A body over the limit that does not declare its length is cut off all the same.
    let chunks = futures_chunks(5000);
    let request = Request::post("/api/votes")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from_stream(chunks))
        .expect("request");
    let r = call(router, request).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::PAYLOAD_TOO_LARGE, Some("body_too_large"))
    );
    let r = call(router, get("/api/ratings/a")).await;
    assert_eq!(r.body["count"], 0, "no bad input was counted");
}

fn futures_chunks(len: usize) -> impl futures::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    futures::stream::iter((0..len / 100).map(|_| Ok(vec![b' '; 100])))
}

/// Fifty copies of one vote at once count once, all with the same answer; fifty readers at once
/// on one article all count.
async fn concurrent_copies(router: &Router, store: &Store) {
    let same = json!({"article_id": "busy", "score": 2, "vote_id": "busy-vote-0000"});
    let copies = (0..50).map(|_| call(router, vote(&same, Some(&token(99)), "192.0.2.99")));
    let answers = futures::future::join_all(copies).await;
    for a in &answers {
        assert_eq!(
            (a.status, &a.body),
            (StatusCode::OK, &json!({"average": 2.0, "count": 1}))
        );
    }
    let readers = (0..50u32).map(|n| {
        let body = json!({"article_id": "busy", "score": 1 + n % 5, "vote_id": format!("busy-vote-{n:04}-x")});
        call(router, vote(&body, Some(&token(1000 + n)), &format!("192.0.2.{n}")))
    });
    let answers = futures::future::join_all(readers).await;
    assert!(answers.iter().all(|a| a.status == StatusCode::OK));
    let mut counts: Vec<i64> = answers
        .iter()
        .map(|a| a.body["count"].as_i64().expect("count"))
        .collect();
    counts.sort_unstable();
    assert_eq!(
        counts,
        (2..=51).collect::<Vec<_>>(),
        "each answer saw its own vote counted once"
    );
    let figures = store.figures("busy").await.expect("figures");
    assert_eq!(figures.count, 51);
}

/// Limits and CORS, on a router of their own.
pub async fn limits_and_cors(url: &str) {
    let (router, _) = router(url, &["--rate-per-second", "1", "--rate-burst", "2"]).await;
    let path = "/api/ratings/limited";
    for _ in 0..2 {
        assert_eq!(call(&router, get(path)).await.status, StatusCode::OK);
    }
    let r = call(&router, get(path)).await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("rate_limited"))
    );
    assert!(r.headers.contains_key(header::RETRY_AFTER));
    // Another client IP has its own quota; /healthz has none.
    let other = Request::get(path)
        .header("x-forwarded-for", "192.0.2.1")
        .body(Body::empty())
        .expect("request");
    assert_eq!(call(&router, other).await.status, StatusCode::OK);
    assert_eq!(call(&router, get("/healthz")).await.status, StatusCode::OK);

    let (router, _) = self::router(url, &[]).await;
    let from = |origin: &str| {
        Request::get("/api/ratings/a")
            .header(header::ORIGIN, origin)
            .body(Body::empty())
            .expect("request")
    };
    let r = call(&router, from("https://portal.example")).await;
    assert_eq!(
        r.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://portal.example"
    );
    assert_eq!(r.headers[header::ACCESS_CONTROL_ALLOW_CREDENTIALS], "true");
    let r = call(&router, from("https://elsewhere.example")).await;
    assert!(!r.headers.contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let preflight = Request::options("/api/votes")
        .header(header::ORIGIN, "https://portal.example")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
        .body(Body::empty())
        .expect("request");
    let r = router.clone().oneshot(preflight).await.expect("infallible");
    assert!(r.status().is_success());
    assert_eq!(
        r.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://portal.example"
    );
    assert!(r.headers()[header::ACCESS_CONTROL_ALLOW_METHODS]
        .to_str()
        .expect("ascii")
        .contains("POST"));
}
