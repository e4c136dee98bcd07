//! `article-widget-server [--listen ADDR] [--database URL] [--allow-origin ORIGIN]…`
//! (`--help` for all options).

#[cfg(not(target_arch = "wasm32"))]
use std::process::ExitCode;

#[cfg(not(target_arch = "wasm32"))]
use clap::Parser;

#[cfg(not(target_arch = "wasm32"))]
use article_widget_server::{serve, Config};

/// A workspace-wide wasm32 build compiles this stub instead of the service.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() -> ExitCode {
    let config = Config::parse();
    let listener = match tokio::net::TcpListener::bind(config.listen).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!(
                "article-widget-server: cannot listen on {}: {error}",
                config.listen
            );
            return ExitCode::from(2);
        }
    };
    match serve(config, listener, shutdown()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("article-widget-server: {error}");
            ExitCode::FAILURE
        }
    }
}

/// Ctrl-C or SIGTERM (systemd's stop): stop accepting, finish the requests under way.
#[cfg(not(target_arch = "wasm32"))]
async fn shutdown() {
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = terminate => {}
    }
}
