//! Which URLs from article data may become `href`/`src` attributes.

/// True for relative URLs and `http(s)` URLs; false for `javascript:`, `data:` and other schemes
/// that an article file has no business putting into a portal page.
pub fn is_safe_url(url: &str) -> bool {
    let url = url.trim();
    if url.is_empty() || url.chars().any(char::is_control) {
        return false;
    }
    // A scheme is letters/digits/+/-/. before the first ':' and before any '/', '?' or '#'.
    match url.find([':', '/', '?', '#']) {
        Some(i) if url.as_bytes()[i] == b':' => {
            let scheme = url[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

/// [`is_safe_url`], or a `mailto:` address: what a link in an article body may point to.
pub fn is_safe_link(url: &str) -> bool {
    let trimmed = url.trim();
    match trimmed.get(..7) {
        Some(scheme) if scheme.eq_ignore_ascii_case("mailto:") => {
            !trimmed.chars().any(char::is_control)
        }
        _ => is_safe_url(url),
    }
}

#[cfg(test)]
mod tests {
    use super::is_safe_url;

    #[test]
    fn allows_web_and_relative_urls() {
        for ok in [
            "https://tapchixaydung.vn/",
            "HTTP://example.vn/a",
            "../images/photo-1.svg",
            "/a/b.json",
            "img.png?x=1:2",
            "#top",
        ] {
            assert!(is_safe_url(ok), "{ok}");
        }
    }

    #[test]
    fn rejects_script_and_data_urls() {
        for bad in [
            "javascript:alert(1)",
            " JavaScript:alert(1)",
            "java\tscript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:x",
            "",
        ] {
            assert!(!is_safe_url(bad), "{bad}");
        }
    }
}
