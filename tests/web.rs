//! Browser tests of the widget component, run in headless Chromium by wasm-bindgen-test.
//!
//! Each test mounts widgets on fresh host elements, waits for the widget's own lifecycle event
//! (`article-widget:loaded` / `article-widget:error`), flushes Yew's scheduler and asserts on the
//! real DOM. Articles come from `data:` URLs so no server is needed; a missing file is fetched
//! from the test runner's server to get a real 404.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{AddEventListenerOptions, Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const SEED: &str = include_str!("../static/articles/bo-xay-dung-tap-huan-dan-van-2024.json");

fn data_url(json: &str) -> String {
    format!(
        "data:application/json,{}",
        String::from(js_sys::encode_uri_component(json))
    )
}

/// Creates a host element with the given attributes and appends it to the body.
fn host(attrs: &[(&str, &str)]) -> Element {
    let document = gloo::utils::document();
    let el = document.create_element("div").unwrap();
    el.set_attribute("data-article-widget", "").unwrap();
    for (name, value) in attrs {
        el.set_attribute(name, value).unwrap();
    }
    document.body().unwrap().append_child(&el).unwrap();
    el
}

/// Resolves on the first of `names` dispatched on `target`.
fn next_event(target: &Element, names: &[&str]) -> JsFuture {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let options = AddEventListenerOptions::new();
        options.set_once(true);
        for name in names {
            target
                .add_event_listener_with_callback_and_add_event_listener_options(
                    name, &resolve, &options,
                )
                .unwrap();
        }
    });
    JsFuture::from(promise)
}

/// Mounts a widget and waits until it has loaded or failed, and rendered that.
async fn mount(attrs: &[(&str, &str)]) -> Element {
    let el = host(attrs);
    let settled = next_event(&el, &["article-widget:loaded", "article-widget:error"]);
    article_widget::mount(el.clone());
    settled.await.unwrap();
    yew::scheduler::flush().await;
    el
}

fn find(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("{selector} not found"))
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn count(root: &Element, selector: &str) -> u32 {
    root.query_selector_all(selector).unwrap().length()
}

#[wasm_bindgen_test]
async fn renders_the_seed_article() {
    let el = mount(&[("data-article-src", &data_url(SEED))]).await;
    assert_eq!(
        text(&el, "article h1"),
        "Đảng bộ Bộ Xây dựng: Bồi dưỡng, nâng cao trách nhiệm công tác dân vận"
    );
    let time = find(&el, "time");
    assert_eq!(time.text_content().unwrap(), "Thứ hai, 13/05/2024 10:45");
    assert_eq!(
        time.get_attribute("datetime").unwrap(),
        "2024-05-13T10:45:00+07:00"
    );
    assert!(text(&el, ".aw-lead").starts_with("Thực hiện Chương trình công tác năm 2024"));
    assert_eq!(count(&el, "h2"), 3);
    assert_eq!(count(&el, "figure.aw-figure img"), 4);
    assert_eq!(count(&el, "figcaption.aw-caption"), 4);
    assert_eq!(count(&el, "blockquote"), 1);
    assert_eq!(text(&el, ".aw-source"), "Nguồn: tapchixaydung.vn");
    assert_eq!(
        find(&el, ".aw-source a").get_attribute("href").unwrap(),
        "https://tapchixaydung.vn/"
    );
}

#[wasm_bindgen_test]
async fn english_and_another_time_zone() {
    let el = mount(&[
        ("data-article-src", &data_url(SEED)),
        ("data-lang", "en"),
        ("data-time-zone", "-04:00"),
    ])
    .await;
    // 10:45 in Hà Nội is 23:45 the day before at -04:00.
    assert_eq!(text(&el, "time"), "Sunday, 12/05/2024 23:45");
    assert_eq!(text(&el, ".aw-source"), "Source: tapchixaydung.vn");
    assert_eq!(find(&el, ".aw-widget").get_attribute("lang").unwrap(), "en");
}

#[wasm_bindgen_test]
async fn missing_field_is_named_and_retry_is_offered() {
    let json = r#"{"id":"x","published":"2024-05-13T10:45:00+07:00","body":[]}"#;
    let el = mount(&[("data-article-src", &data_url(json))]).await;
    assert_eq!(count(&el, "article"), 0);
    let alert = text(&el, "[role=alert]");
    assert!(alert.contains("“title”"), "{alert}");
    assert_eq!(text(&el, "[role=alert] button"), "Thử lại");
}

#[wasm_bindgen_test]
async fn invalid_json_and_http_errors_are_explained() {
    let broken = mount(&[("data-article-src", &data_url("{\"id\": "))]).await;
    assert!(text(&broken, "[role=alert]").contains("JSON"));

    let missing = mount(&[
        ("data-article-src", "/no-such-article.json"),
        ("data-lang", "en"),
    ])
    .await;
    let alert = text(&missing, "[role=alert]");
    // Readers are told what is missing, not the path (the console names it).
    assert!(
        alert.contains("The article was not found (error 404).")
            && !alert.contains("/no-such-article.json"),
        "{alert}"
    );
}

#[wasm_bindgen_test]
async fn script_in_article_text_is_shown_as_text() {
    let json = r#"{"id":"x","title":"<img src=x onerror=alert(1)>","published":"2024-05-13T10:45:00+07:00",
                   "body":[{"type":"paragraph","text":"<script>window.__pwned = 1</script>"},
                           {"type":"hologram","text":"skipped"}]}"#;
    let el = mount(&[("data-article-src", &data_url(json))]).await;
    assert_eq!(text(&el, "h1"), "<img src=x onerror=alert(1)>");
    assert_eq!(count(&el, "script, h1 img"), 0);
    assert_eq!(count(&el, ".aw-body p"), 1);
}

#[wasm_bindgen_test]
async fn widgets_are_independent_and_mounting_twice_is_a_no_op() {
    let good = mount(&[("data-article-src", &data_url(SEED))]).await;
    let bad = mount(&[("data-article-src", &data_url("[]"))]).await;
    article_widget::mount(good.clone());
    yew::scheduler::flush().await;
    assert_eq!(count(&good, ".aw-widget"), 1);
    assert_eq!(count(&good, "article"), 1);
    assert_eq!(count(&bad, "[role=alert]"), 1);
}

#[wasm_bindgen_test]
async fn font_size_changes_only_the_css_variable() {
    let el = mount(&[("data-article-src", &data_url(SEED))]).await;
    let root: HtmlElement = find(&el, ".aw-widget").dyn_into().unwrap();
    let body = find(&el, ".aw-body");
    let renders = body.get_attribute("data-aw-renders");
    let before = root.style().get_property_value("--aw-font-scale").unwrap();
    let status_before = text(&el, ".aw-fontsize [role=status]");

    let increase: HtmlElement = find(&el, "button[aria-label='A+ Tăng cỡ chữ']")
        .dyn_into()
        .unwrap();
    increase.click();
    yew::scheduler::flush().await;

    let after = root.style().get_property_value("--aw-font-scale").unwrap();
    assert_ne!(before, after);
    assert_eq!(
        body.get_attribute("data-aw-renders"),
        renders,
        "article body re-rendered"
    );
    // The announced level is the new scale, and it changed with the click.
    let percent = (after.parse::<f64>().unwrap() * 100.0).round();
    let status = text(&el, ".aw-fontsize [role=status]");
    assert_eq!(status, format!("Cỡ chữ {percent}%"));
    assert_ne!(status, status_before);
}

#[wasm_bindgen_test]
async fn body_html_is_rebuilt_from_the_allowlist() {
    // A CMS body with a script, handlers, a hostile link and styling, next to benign markup.
    let html = r#"<div class="x"><p onclick="window.__bad=1" style="color:red" id="title">Ban <b>BTV</b> họp</p>
        <script>window.__bad = 2</script><img src="x.png" onerror="window.__bad=3" alt="Ảnh">
        <a href=" jav&#x09;ascript:window.__bad=4">link</a><a href="https://example.vn/">ngoài</a>
        <svg><a href="javascript:1"><text>svg</text></a></svg><table><tr><td colspan="2">ô</td></tr></table></div>
        <form><input name="namespaceURI"><input name="localName"><input name="firstChild">
        <input name="nextSibling"><input name="nodeType"><input name="getAttribute"></form>
        <p>sau form</p>"#;
    let json = serde_json::json!({
        "id": "h", "title": "T", "published": "2024-05-13T10:45:00+07:00", "body_html": html,
    });
    let el = mount(&[("data-article-src", &data_url(&json.to_string()))]).await;
    let rich = find(&el, ".aw-rich");
    // The text stays, the abbreviation inside <b> is marked, the script's text is gone.
    assert_eq!(text(&rich, "p"), "Ban BTV họp");
    // A form that clobbers the DOM properties a walker would read is dropped, and the walk goes on.
    assert_eq!(text(&rich, "p:last-of-type"), "sau form");
    assert_eq!(count(&rich, "b > abbr.aw-abbr"), 1);
    assert!(!rich.text_content().unwrap_or_default().contains("__bad"));
    // No handler, style, id, script or foreign element survives; the hostile link lost its href.
    assert_eq!(
        count(&rich, "[onclick], [onerror], [style], [id], script, svg"),
        0
    );
    assert_eq!(count(&rich, "a[href]"), 1);
    let external = find(&rich, "a[href]");
    assert_eq!(external.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        external.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );
    // The relative image resolved against the article's URL (a data: URL cannot be a base, so
    // it stays as written) and kept its alt; the cell kept its span.
    assert_eq!(
        find(&rich, "img").get_attribute("alt").as_deref(),
        Some("Ảnh")
    );
    assert_eq!(
        find(&rich, "td").get_attribute("colspan").as_deref(),
        Some("2")
    );
    assert!(
        js_sys::Reflect::get(&gloo::utils::window(), &"__bad".into())
            .unwrap()
            .is_undefined()
    );
}

/// The browser's JSON (`JSON.parse`/`JSON.stringify` read and written through serde-wasm-bindgen)
/// reads and writes what serde_json does natively: maps as objects, integers as numbers, escapes.
#[wasm_bindgen_test]
fn json_through_the_browser_matches_serde_json() {
    use article_widget::rating::PendingVote;
    use std::collections::BTreeMap;

    let votes = BTreeMap::from([("a\"</script>".to_owned(), 5u8), ("bài-2".to_owned(), 1)]);
    let text = article_widget::json::to_string(&votes).unwrap();
    assert_eq!(text, serde_json::to_string(&votes).unwrap());
    assert_eq!(
        article_widget::json::from_str::<BTreeMap<String, u8>>(&text).unwrap(),
        votes
    );
    let vote = PendingVote {
        endpoint: "https://portal.vn/rate".into(),
        article_id: "a".into(),
        score: 4,
        vote_id: "v1".into(),
        attempts: 2,
        not_before: 1_733_011_200_000.0,
    };
    let text = article_widget::json::to_string(&vote).unwrap();
    assert_eq!(serde_json::from_str::<PendingVote>(&text).unwrap(), vote);
    assert_eq!(
        article_widget::json::from_str::<PendingVote>(&text).unwrap(),
        vote
    );
    for bad in ["", "{", "{'a':1}", "[1,]", r#"{"a":1} x"#] {
        let read = article_widget::json::from_str::<BTreeMap<String, u8>>(bad);
        assert!(
            matches!(read, Err(article_widget::error::Error::Json(_))),
            "{bad}"
        );
    }
    let wrong_type = article_widget::json::from_str::<BTreeMap<String, u8>>(r#"{"a":"5"}"#);
    assert!(matches!(
        wrong_type,
        Err(article_widget::error::Error::Json(_))
    ));
}
