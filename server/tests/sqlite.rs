//! The service on a real SQLite file: the API contract, limits and CORS, the binary's command
//! line, and the load test with a SIGKILL mid-run.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::process::Command;

use common::{load, server_bin, sqlite_url, Server};

#[tokio::test]
async fn the_api_contract_holds_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::contract(&sqlite_url(dir.path())).await;
}

#[tokio::test]
async fn rate_limit_and_cors_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    common::limits_and_cors(&sqlite_url(dir.path())).await;
}

#[tokio::test]
async fn the_file_is_created_in_wal_mode_and_reopened() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(dir.path());
    {
        let server = Server::start("127.0.0.1:0", &["--database".into(), url.clone()]);
        let health = reqwest::get(format!("{}/healthz", server.url()))
            .await
            .expect("healthz");
        assert_eq!(health.status(), 200);
    }
    assert!(dir.path().join("votes.db").exists());
    let header = std::fs::read(dir.path().join("votes.db")).expect("read the file");
    // Bytes 18 and 19 of a SQLite header are 2 in WAL mode (1 in rollback-journal mode).
    assert_eq!((header[18], header[19]), (2, 2), "WAL mode");
    // A second start on the same file finds its migrations applied.
    let server = Server::start("127.0.0.1:0", &["--database".into(), url]);
    let health = reqwest::get(format!("{}/healthz", server.url()))
        .await
        .expect("healthz");
    assert_eq!(health.status(), 200);
}

#[test]
fn bad_options_exit_with_2_and_name_the_problem() {
    let out = Command::new(server_bin())
        .args(["--allow-origin", "portal.example/"])
        .output()
        .expect("run the server");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-origin"));
    let out = Command::new(server_bin())
        .args(["--listen", "127.0.0.1:0", "--database", "mysql://nope"])
        .output()
        .expect("run the server");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unsupported database URL"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_with_a_sigkill_stays_exact_on_sqlite() {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = sqlite_url(dir.path());
    let server = Server::start("127.0.0.1:0", &load::server_args(&url));
    load::run("sqlite", vec![server], &url, load::Spec::from_env()).await;
}
