//! The service on PostgreSQL: a throwaway cluster (Debian's `postgresql`) per test, the same API
//! contract as on SQLite, and the load test through two server instances sharing the database,
//! one of them SIGKILLed mid-run.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::postgres::Postgres;
use common::{load, Server};

#[tokio::test]
async fn the_api_contract_holds_on_postgres() {
    let cluster = Postgres::start();
    common::contract(&cluster.database("contract").await).await;
    common::limits_and_cors(&cluster.database("limits").await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn load_through_two_instances_with_a_sigkill_stays_exact_on_postgres() {
    let cluster = Postgres::start();
    let url = cluster.database("load").await;
    let servers = vec![
        Server::start("127.0.0.1:0", &load::server_args(&url)),
        Server::start("127.0.0.1:0", &load::server_args(&url)),
    ];
    load::run(
        "postgres (2 instances)",
        servers,
        &url,
        load::Spec::from_env(),
    )
    .await;
}
