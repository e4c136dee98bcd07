//! Command-line options.

use std::net::SocketAddr;

use axum::http::HeaderValue;
use clap::Parser;

/// Stores the article widget's star ratings and answers with each article's figures.
///
/// Votes go to `POST /api/votes`; figures come from `GET /api/ratings/{article_id}`;
/// `GET /healthz` tells a load balancer the database answers. One vote per reader per article
/// within `--repeat-window`: a reader is a first-party cookie, and a salted hash of the IP.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "article-widget-server",
    version,
    about,
    long_about,
    args_override_self = true
)]
pub struct Config {
    /// Address to listen on. Port 0 takes any free port; the address is printed on start.
    #[arg(long, default_value = "127.0.0.1:8787", value_name = "ADDR:PORT")]
    pub listen: SocketAddr,

    /// `sqlite://FILE` (created on first run) or `postgres://USER@HOST/DB`.
    #[arg(long, default_value = "sqlite://votes.db", value_name = "URL")]
    pub database: String,

    /// A portal origin allowed to call the API from the browser (CORS), e.g.
    /// `https://portal.example`. Repeat for several. Without any, only pages served from the
    /// service's own origin (through the portal's reverse proxy) can vote.
    #[arg(long = "allow-origin", value_name = "ORIGIN", value_parser = parse_origin)]
    pub allow_origins: Vec<HeaderValue>,

    /// Seconds during which a reader (cookie or IP) cannot vote again on the same article;
    /// 0 turns the check off.
    #[arg(long, default_value_t = 86_400, value_name = "SECONDS")]
    pub repeat_window: u64,

    /// Requests per second each client IP may sustain on /api (each page view reads the
    /// figures once; a vote is one more). Readers behind one NAT share an IP: raise it for
    /// portals read from large offices.
    #[arg(long, default_value_t = 5, value_name = "N")]
    pub rate_per_second: u32,

    /// Requests a client IP may send at once before the rate applies.
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub rate_burst: u32,

    /// Take the client IP from X-Forwarded-For (the address the proxy appended) or X-Real-IP.
    /// Only behind a reverse proxy that sets them: otherwise any client could pick its own
    /// address.
    #[arg(long)]
    pub trust_forwarded: bool,
}

fn parse_origin(value: &str) -> Result<HeaderValue, String> {
    let ok = (value.starts_with("https://") || value.starts_with("http://"))
        && !value.ends_with('/')
        && value.split("://").nth(1).is_some_and(|host| {
            !host.is_empty() && !host.contains('/') && !host.contains(char::is_whitespace)
        });
    if !ok {
        return Err(
            "an origin is scheme://host[:port], without a path, e.g. https://portal.example".into(),
        );
    }
    HeaderValue::from_str(value).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_and_origins() {
        let config = Config::try_parse_from(["article-widget-server"]).expect("defaults");
        assert_eq!(config.listen.to_string(), "127.0.0.1:8787");
        assert_eq!(config.database, "sqlite://votes.db");
        assert!(config.allow_origins.is_empty());
        let config = Config::try_parse_from([
            "article-widget-server",
            "--allow-origin",
            "https://portal.example",
            "--allow-origin",
            "http://localhost:8080",
        ])
        .expect("two origins");
        assert_eq!(config.allow_origins.len(), 2);
        for bad in [
            "portal.example",
            "https://portal.example/",
            "https://a.example/x",
        ] {
            assert!(
                Config::try_parse_from(["article-widget-server", "--allow-origin", bad]).is_err(),
                "{bad}"
            );
        }
    }
}
