//! Who is voting: a first-party cookie token, and a salted hash of the client's IP address.
//!
//! Neither alone is enough. A cookie is cleared in one click, and readers who refuse cookies get a
//! new token with every vote; the IP hash catches them. An IP is shared by a whole office or a
//! mobile carrier's NAT, so both hold only for the repeat window, after which the next reader
//! behind that address may vote. Only the hash is stored, salted with a random value kept in the
//! database, so stored rows cannot be matched back to addresses.

use std::net::{IpAddr, SocketAddr};

use axum::http::header::COOKIE;
use axum::http::{HeaderMap, Request};
use sha2::{Digest, Sha256};
use tower_governor::key_extractor::KeyExtractor;
use tower_governor::GovernorError;

/// Name of the reader cookie.
pub const COOKIE_NAME: &str = "aw_reader";
/// The cookie lives a year: the reader's own "already rated" outlasts the IP window.
pub const COOKIE_MAX_AGE: u64 = 365 * 24 * 3600;

/// The reader token from the request's cookies, if it has a well-formed one.
pub fn token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.trim_matches('"'))
        .filter(|v| v.len() == 32 && v.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_ascii_lowercase)
}

/// A new random token (128 bits, hex).
pub fn new_token() -> Result<String, getrandom::Error> {
    random_hex::<16>()
}

/// `N` random bytes as hex.
pub fn random_hex<const N: usize>() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `Set-Cookie` value that hands `token` to the reader. `HttpOnly`: no script needs it;
/// `SameSite=Lax`: it is first-party, sent only when the portal's own pages call the API. Not
/// `Secure`, so that portals still served over plain HTTP keep their readers' tokens.
pub fn set_cookie(token: &str) -> String {
    format!("{COOKIE_NAME}={token}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Lax")
}

/// The key under which a reader with this cookie token is remembered.
pub fn cookie_key(token: &str) -> String {
    format!("c:{token}")
}

/// The key under which a reader at this IP is remembered: a salted SHA-256, shortened.
pub fn ip_key(salt: &str, ip: IpAddr) -> String {
    // IPv6 clients often hold a whole /64: the prefix is what identifies them.
    let ip = match ip {
        IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
            let mut segments = v6.segments();
            segments[4..].fill(0);
            IpAddr::from(segments)
        }
        IpAddr::V6(v6) => IpAddr::V4(v6.to_ipv4_mapped().expect("checked above")),
        v4 => v4,
    };
    let digest = Sha256::new()
        .chain_update(salt.as_bytes())
        .chain_update(ip.to_string().as_bytes())
        .finalize();
    format!("i:{}", hex(&digest[..16]))
}

/// The client's address: the peer's, or behind a trusted reverse proxy the last address of
/// `X-Forwarded-For` (else `X-Real-IP`). The last one, because it is the one the proxy appended:
/// a client may send the header itself, and whatever it wrote comes before. Used alike by the
/// rate limit and the IP hash.
pub fn client_ip(headers: &HeaderMap, peer: IpAddr, trust_forwarded: bool) -> IpAddr {
    if !trust_forwarded {
        return peer;
    }
    let forwarded = headers
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .and_then(|ip| ip.trim().parse().ok());
    let real = || {
        headers
            .get("x-real-ip")
            .and_then(|v| v.to_str().ok())
            .and_then(|ip| ip.trim().parse().ok())
    };
    forwarded.or_else(real).unwrap_or(peer)
}

/// Rate-limit key: the same client address the IP hash uses.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp {
    /// Whether `X-Forwarded-For` and `X-Real-IP` are believed (`--trust-forwarded`).
    pub trust_forwarded: bool,
}

impl KeyExtractor for ClientIp {
    type Key = IpAddr;

    fn extract<T>(&self, req: &Request<T>) -> Result<IpAddr, GovernorError> {
        let peer = req
            .extensions()
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip())
            .ok_or(GovernorError::UnableToExtractKey)?;
        Ok(client_ip(req.headers(), peer, self.trust_forwarded))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn the_token_is_read_among_other_cookies() {
        let mut headers = HeaderMap::new();
        headers.insert(
            COOKIE,
            HeaderValue::from_static("a=1; aw_reader=0123456789ABCDEF0123456789abcdef; b=2"),
        );
        assert_eq!(
            token(&headers).as_deref(),
            Some("0123456789abcdef0123456789abcdef")
        );
        headers.insert(COOKIE, HeaderValue::from_static("aw_reader=not-a-token"));
        assert_eq!(token(&headers), None);
        let fresh = new_token().expect("entropy");
        assert_eq!(fresh.len(), 32);
        assert_ne!(fresh, new_token().expect("entropy"));
    }

    #[test]
    fn ip_keys_are_salted_and_group_an_ipv6_prefix() {
        let a: IpAddr = "203.0.113.7".parse().unwrap();
        assert_eq!(ip_key("s", a), ip_key("s", a));
        assert_ne!(ip_key("s", a), ip_key("t", a));
        assert!(!ip_key("s", a).contains("203"));
        let v6a: IpAddr = "2001:db8:1:2::1".parse().unwrap();
        let v6b: IpAddr = "2001:db8:1:2:ffff::9".parse().unwrap();
        let v6c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ip_key("s", v6a), ip_key("s", v6b));
        assert_ne!(ip_key("s", v6a), ip_key("s", v6c));
        let mapped: IpAddr = "::ffff:203.0.113.7".parse().unwrap();
        assert_eq!(ip_key("s", mapped), ip_key("s", a));
    }

    #[test]
    fn forwarded_addresses_count_only_when_trusted() {
        let peer: IpAddr = "127.0.0.1".parse().unwrap();
        let mut headers = HeaderMap::new();
        // A client's own "1.2.3.4", then the address the proxy saw and appended.
        headers.insert(
            "x-forwarded-for",
            HeaderValue::from_static("1.2.3.4, 198.51.100.4"),
        );
        assert_eq!(client_ip(&headers, peer, false), peer);
        assert_eq!(
            client_ip(&headers, peer, true),
            "198.51.100.4".parse::<IpAddr>().unwrap()
        );
        headers.clear();
        headers.insert("x-real-ip", HeaderValue::from_static("198.51.100.5"));
        assert_eq!(
            client_ip(&headers, peer, true),
            "198.51.100.5".parse::<IpAddr>().unwrap()
        );
    }
}
