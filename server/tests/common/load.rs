//! The load test: many readers voting at once through real HTTP, retrying as the widget does,
//! while one server process is SIGKILLed and restarted; afterwards the database must hold
//! exactly the votes that were acknowledged.

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::any::AnyPoolOptions;
use sqlx::Row;
use tokio::sync::Notify;

use super::Server;

/// How much load.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    /// Vote POSTs in all (repeats included), each eventually acknowledged.
    pub sends: usize,
    /// Concurrent clients, each with its own cookie and IP.
    pub clients: usize,
    /// One send in this many repeats one of the client's earlier vote ids.
    pub repeat_every: usize,
}

impl Spec {
    /// `LOAD_VOTES` sends (2,000 unless set: `make bench` sets 20,000) from 100 clients, one in
    /// 20 (5 %) a repeat.
    pub fn from_env() -> Spec {
        let sends = std::env::var("LOAD_VOTES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(2_000);
        Spec {
            sends,
            clients: 100,
            repeat_every: 20,
        }
    }
}

/// Options every server in a load test gets: the rate limit out of the way (every client is
/// one IP here, and each sends as fast as it can) and client IPs from X-Forwarded-For so that
/// each client is its own reader.
pub fn server_args(database: &str) -> Vec<String> {
    [
        "--database",
        database,
        "--trust-forwarded",
        "--rate-per-second",
        "1000000",
        "--rate-burst",
        "1000000",
    ]
    .map(str::to_owned)
    .to_vec()
}

/// One acknowledged vote.
#[derive(Debug, Clone, PartialEq)]
struct Acked {
    article_id: String,
    score: i64,
    answer: Value,
}

/// Outcome of one client.
#[derive(Default)]
struct ClientLog {
    acked: HashMap<String, Acked>,
    repeats: usize,
    failed_attempts: usize,
    latencies: Vec<Duration>,
}

/// A small deterministic generator: the same run every time.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Runs the load against `servers` (clients spread over them, moving to the next on failure),
/// kills and restarts `servers[0]` once half the sends are acknowledged, then checks the
/// database at `database` holds exactly the acknowledged votes. Prints and returns a summary.
pub async fn run(label: &str, servers: Vec<Server>, database: &str, spec: Spec) -> String {
    let urls: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/api/votes", s.url()))
        .collect();
    let servers = Arc::new(Mutex::new(servers));
    let acked_total = Arc::new(AtomicUsize::new(0));
    let half = Arc::new(Notify::new());
    let per_client = spec.sends.div_ceil(spec.clients);
    let articles = per_client.max(50);

    // The kill, once half the votes are in.
    let killer = {
        let (servers, half, acked_total) = (servers.clone(), half.clone(), acked_total.clone());
        tokio::spawn(async move {
            half.notified().await;
            let at = acked_total.load(Ordering::SeqCst);
            tokio::task::spawn_blocking(move || {
                servers.lock().expect("servers")[0].restart();
            })
            .await
            .expect("restart");
            at
        })
    };

    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .pool_max_idle_per_host(spec.clients)
        .build()
        .expect("HTTP client");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..spec.clients {
        let sends = per_client.min(spec.sends.saturating_sub(c * per_client));
        let (http, urls, acked_total, half) = (
            http.clone(),
            urls.clone(),
            acked_total.clone(),
            half.clone(),
        );
        tasks.push(tokio::spawn(async move {
            let mut log = ClientLog::default();
            let mut rng = XorShift(0x9E37_79B9_7F4A_7C15 ^ ((c as u64 + 1) * 0x2545_F491));
            let cookie = format!("aw_reader={:032x}", 0xC0FF_EE00_0000u64 + c as u64);
            let ip = format!("10.{}.{}.{}", (c >> 16) & 255, (c >> 8) & 255, c & 255);
            let mut mine: Vec<(String, Value)> = Vec::new();
            let mut fresh = 0usize;
            for i in 0..sends {
                let repeat = !mine.is_empty() && i % spec.repeat_every == spec.repeat_every - 1;
                let body = if repeat {
                    log.repeats += 1;
                    mine[(rng.next() % mine.len() as u64) as usize].1.clone()
                } else {
                    let article = format!("load-article-{:04}", (c + fresh) % articles);
                    let body = json!({
                        "article_id": article,
                        "score": 1 + (c + 3 * fresh) % 5,
                        "vote_id": format!("load-c{c:03}-v{fresh:05}"),
                    });
                    fresh += 1;
                    body
                };
                let vote_id = body["vote_id"].as_str().expect("id").to_owned();
                let mut attempt = 0usize;
                let answer = loop {
                    // A load balancer: this client's instance, the next one after a failure.
                    let url = &urls[(c + attempt) % urls.len()];
                    let sent = Instant::now();
                    let result = http
                        .post(url)
                        .header("content-type", "application/json")
                        .header("cookie", &cookie)
                        .header("x-forwarded-for", &ip)
                        .body(body.to_string())
                        .send()
                        .await;
                    let result = match result {
                        Ok(response) => {
                            let status = response.status();
                            response.bytes().await.map(|b| (status, b))
                        }
                        Err(e) => Err(e),
                    };
                    match result {
                        Ok((status, bytes)) if status.is_success() => {
                            log.latencies.push(sent.elapsed());
                            break serde_json::from_slice::<Value>(&bytes).expect("JSON figures");
                        }
                        Ok((status, bytes)) if status.is_client_error() => panic!(
                            "{vote_id}: refused with {status}: {}",
                            String::from_utf8_lossy(&bytes)
                        ),
                        // No answer or 5xx: the widget keeps the vote and sends it again after a
                        // delay that grows (2 s, 4 s … there; scaled down here).
                        _ => {
                            log.failed_attempts += 1;
                            attempt += 1;
                            assert!(
                                attempt < 200,
                                "{vote_id}: still failing after {attempt} attempts"
                            );
                            let delay = 10u64 << attempt.min(6);
                            tokio::time::sleep(Duration::from_millis(delay)).await;
                        }
                    }
                };
                let record = Acked {
                    article_id: body["article_id"].as_str().expect("id").to_owned(),
                    score: body["score"].as_i64().expect("score"),
                    answer: answer.clone(),
                };
                match log.acked.get(&vote_id) {
                    // The same vote again: the same answer.
                    Some(first) => assert_eq!(first, &record, "{vote_id} answered differently"),
                    None => {
                        log.acked.insert(vote_id.clone(), record);
                        mine.push((vote_id, body));
                    }
                }
                if acked_total.fetch_add(1, Ordering::SeqCst) + 1 == spec.sends / 2 {
                    half.notify_one();
                }
            }
            log
        }));
    }
    let mut acked: HashMap<String, Acked> = HashMap::new();
    let (mut repeats, mut failed, mut latencies) = (0, 0, Vec::new());
    for task in tasks {
        let log = task.await.expect("a client failed");
        repeats += log.repeats;
        failed += log.failed_attempts;
        latencies.extend(log.latencies);
        acked.extend(log.acked);
    }
    let elapsed = started.elapsed();
    let killed_at = killer.await.expect("the kill happened");
    assert!(
        killed_at > 0 && killed_at < spec.sends,
        "the server was killed mid-run"
    );
    assert!(
        failed > 0,
        "the kill interrupted requests under way, which were retried"
    );

    // The database holds exactly the acknowledged votes: per article, and in all.
    sqlx::any::install_default_drivers();
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(database)
        .await
        .expect("connect to the database");
    let stored_votes: i64 = sqlx::query("SELECT COUNT(*) FROM votes")
        .fetch_one(&pool)
        .await
        .expect("count votes")
        .get(0);
    let mut expected: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for vote in acked.values() {
        let e = expected.entry(vote.article_id.clone()).or_default();
        e.0 += 1;
        e.1 += vote.score;
    }
    let stored: BTreeMap<String, (i64, i64)> =
        sqlx::query("SELECT article_id, vote_count, score_total FROM ratings")
            .fetch_all(&pool)
            .await
            .expect("ratings")
            .iter()
            .map(|r| (r.get(0), (r.get(1), r.get(2))))
            .collect();
    let stored_count: i64 = stored.values().map(|(n, _)| n).sum();
    pool.close().await;
    assert_eq!(
        stored_votes as usize,
        acked.len(),
        "vote rows = distinct acknowledged vote ids"
    );
    assert_eq!(
        stored_count as usize,
        acked.len(),
        "stored count = distinct acknowledged vote ids"
    );
    assert_eq!(stored, expected, "per-article counts and totals");
    assert_eq!(acked.len() + repeats, spec.sends);

    latencies.sort_unstable();
    let p95 = latencies[(latencies.len() * 95 / 100).min(latencies.len() - 1)];
    let summary = format!(
        "load {label}: {} sends from {} clients ({repeats} repeated a vote_id), server killed \
         (SIGKILL) and restarted after {killed_at}; {failed} failed attempts retried; \
         {} distinct acknowledged = {stored_count} stored; {:.0} votes/s, p95 {:.1} ms, {:.1} s",
        spec.sends,
        spec.clients,
        acked.len(),
        spec.sends as f64 / elapsed.as_secs_f64(),
        p95.as_secs_f64() * 1000.0,
        elapsed.as_secs_f64(),
    );
    // On a line of its own: the test harness prints the test's name without a newline.
    println!("\n{summary}");
    summary
}
