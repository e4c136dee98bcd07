//! `article-widget-render`, the binary itself: the XSS corpus leaves nothing outside the allowlist
//! in its fragments, a file the widget would refuse gets exit code 2 and one line naming the file
//! and the field, and a good article renders whole, marked, in the portal's zone.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use article_widget::model::rich::{Attr, Tag};
use article_widget::model::url::{is_safe_link, is_safe_url};
use scraper::{Html, Node};

const BIN: &str = env!("CARGO_BIN_EXE_article-widget-render");

fn render(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .output()
        .expect("article-widget-render runs")
}

fn scratch(name: &str, contents: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("render-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

/// The widget's own elements around the article (ArticleView) and its attributes.
const WIDGET_TAGS: &[&str] = &[
    "div",
    "article",
    "header",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "time",
    "p",
    "details",
    "summary",
    "dl",
    "dt",
    "dd",
    "abbr",
    "footer",
    "figure",
    "figcaption",
    "img",
    "blockquote",
    "cite",
    "ul",
    "li",
    "a",
    "html",
    "head",
    "body",
];
const WIDGET_ATTRS: &[&str] = &[
    "class",
    "id",
    "lang",
    "tabindex",
    "datetime",
    "aria-labelledby",
    "aria-describedby",
    "aria-label",
    "loading",
    "decoding",
    "data-aw-prerendered",
    "data-aw-prefix",
    "data-aw-article",
    "data-aw-rating",
    "data-aw-entry",
    "data-aw-renders",
];

fn vectors() -> Vec<(u64, String)> {
    let text = std::fs::read_to_string("tests/e2e/fixtures/xss-vectors.json").unwrap();
    let list: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    list.iter()
        .map(|v| {
            (
                v["id"].as_u64().unwrap(),
                v["html"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn the_xss_corpus_leaves_nothing_outside_the_allowlist() {
    let vectors = vectors();
    assert!(vectors.len() > 400, "{}", vectors.len());
    let allowed_tags: Vec<&str> = Tag::ALL
        .iter()
        .map(|t| t.name())
        .chain(WIDGET_TAGS.iter().copied())
        .collect();
    let allowed_attrs: Vec<&str> = Attr::ALL
        .iter()
        .map(|a| a.name())
        .chain(WIDGET_ATTRS.iter().copied())
        .collect();
    let mut rich_elements = 0;
    for (id, html) in vectors {
        let article = serde_json::json!({
            "id": format!("xss-{id}"), "title": "XSS", "published": "2024-05-13T10:45:00+07:00",
            "body_html": html,
        });
        let file = scratch(&format!("xss-{id}.json"), &article.to_string());
        let out = render(&[file.to_str().unwrap()]);
        assert!(out.status.success(), "vector {id}: {out:?}");
        let fragment = String::from_utf8(out.stdout).unwrap();
        let doc = Html::parse_fragment(&fragment);
        for node in doc.tree.nodes() {
            let Node::Element(el) = node.value() else {
                continue;
            };
            let name = el.name();
            assert!(
                allowed_tags.contains(&name),
                "vector {id}: <{name}> in {fragment}"
            );
            if node.ancestors().any(|a| {
                a.value().as_element().is_some_and(|e| {
                    e.has_class("aw-rich", scraper::CaseSensitivity::CaseSensitive)
                })
            }) {
                rich_elements += 1;
            }
            for (attr, value) in el.attrs() {
                assert!(
                    allowed_attrs.contains(&attr),
                    "vector {id}: {attr}={value:?} on <{name}>"
                );
                match attr {
                    "href" => assert!(is_safe_link(value), "vector {id}: href={value:?}"),
                    "src" => assert!(is_safe_url(value), "vector {id}: src={value:?}"),
                    _ => {}
                }
            }
        }
        assert!(
            !fragment.to_ascii_lowercase().contains("<script"),
            "vector {id}"
        );
    }
    // Benign markup of the corpus survives: the check above looked at real content.
    assert!(rich_elements > 100, "{rich_elements}");
}

#[test]
fn a_bad_file_exits_2_with_one_line_naming_the_file_and_the_field() {
    let cases = [
        (
            "no-title.json",
            r#"{"id":"a","published":"2024-05-13T10:45:00+07:00","body":[]}"#,
            "title",
        ),
        (
            "bad-date.json",
            r#"{"id":"a","title":"T","published":"13/05/2024","body":[]}"#,
            "published",
        ),
        ("junk.json", r#"{"id": "a", "title": <b>"#, "JSON"),
        (
            "bad-block.json",
            r#"{"id":"a","title":"T","published":"2024-05-13T10:45:00+07:00","body":[{"type":"paragraph"}]}"#,
            "body[0].text",
        ),
    ];
    for (name, json, field) in cases {
        let file = scratch(name, json);
        let out = render(&[file.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(2), "{name}");
        assert!(out.stdout.is_empty(), "{name}: nothing on stdout");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.lines().count(), 1, "{name}: {err}");
        assert!(err.starts_with("article-widget-render: "), "{err}");
        assert!(err.contains(name), "{name}: {err}");
        assert!(err.contains(field), "{name}: {err}");
    }
    let missing = render(&["no/such/article.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no/such/article.json"));
    let good = "static/articles/bo-xay-dung-tap-huan-dan-van-2024.json";
    for (flag, value) in [
        ("--lang", "fr"),
        ("--time-zone", "Asia/Hanoi"),
        ("--heading-level", "9"),
    ] {
        let out = render(&[good, flag, value]);
        assert_eq!(out.status.code(), Some(2), "{flag}");
        assert!(String::from_utf8_lossy(&out.stderr).contains(flag));
    }
    let glossary = scratch("glossary.json", "[1, 2]");
    let out = render(&[good, "--glossary", glossary.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("glossary.json"));
}

#[test]
fn an_article_renders_whole_marked_and_in_the_portal_zone() {
    let seed = "static/articles/bo-xay-dung-tap-huan-dan-van-2024.json";
    let out = render(&[seed]);
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = String::from_utf8(out.stdout).unwrap();
    let doc = Html::parse_fragment(&html);
    let select = |s: &str| scraper::Selector::parse(s).unwrap();
    assert_eq!(
        doc.select(&select(".aw-widget[data-aw-prerendered]"))
            .count(),
        1
    );
    let title: String = doc
        .select(&select("h1.aw-title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(
        title,
        "Đảng bộ Bộ Xây dựng: Bồi dưỡng, nâng cao trách nhiệm công tác dân vận"
    );
    assert_eq!(doc.select(&select(".aw-p")).count(), 19);
    assert!(doc.select(&select(".aw-body abbr.aw-abbr")).count() >= 3);
    for slot in [".aw-tools", ".aw-footer", ".aw-search-slot"] {
        assert_eq!(doc.select(&select(slot)).count(), 1, "{slot}");
    }
    let time = doc.select(&select("time.aw-date")).next().unwrap();
    assert_eq!(
        time.value().attr("datetime"),
        Some("2024-05-13T10:45:00+07:00")
    );

    // The same instant in another zone, and the English interface.
    let out = render(&[
        seed,
        "--time-zone",
        "+00:00",
        "--lang",
        "en",
        "--heading-level",
        "2",
    ]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains(r#"datetime="2024-05-13T03:45:00Z""#),
        "{html}"
    );
    assert!(html.contains(r#"lang="en""#));
    assert!(html.contains("<h2 "));

    // A portal glossary layers between the default and the article's own.
    let glossary = scratch("portal-glossary.json", r#"{"Hội nghị": "cuộc họp bàn"}"#);
    let out = render(&[seed, "--glossary", glossary.to_str().unwrap()]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert!(
        html.contains("<dd>cuộc họp bàn</dd>"),
        "the portal's entry is marked and listed"
    );
}
