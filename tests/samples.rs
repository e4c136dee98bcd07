//! The bundled sample content is valid article format v1, warning-free, and as the demo needs it.

use std::fs;

use article_widget::date::{date_line, DEFAULT_ZONE};
use article_widget::i18n::Lang;
use article_widget::model::{parse_article, Block};

fn samples() -> Vec<(String, String)> {
    let mut files: Vec<_> = fs::read_dir("static/articles")
        .expect("static/articles exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            (stem, fs::read_to_string(&p).expect("readable sample"))
        })
        .collect();
    files.sort();
    files
}

#[test]
fn every_sample_parses_without_warnings_and_is_named_by_its_id() {
    let samples = samples();
    assert!(samples.len() >= 7, "the seed and at least 6 more");
    for (stem, json) in &samples {
        let parsed = parse_article(json).unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(parsed.warnings.is_empty(), "{stem}: {:?}", parsed.warnings);
        assert_eq!(&parsed.article.id, stem);
    }
}

#[test]
fn samples_span_four_days_with_two_on_one_day() {
    let mut days: Vec<String> = samples()
        .iter()
        .map(|(_, json)| {
            let a = parse_article(json).unwrap().article;
            date_line(a.published, DEFAULT_ZONE, Lang::En)[..]
                .split(' ')
                .nth(1)
                .unwrap()
                .to_owned()
        })
        .collect();
    let total = days.len();
    days.sort();
    days.dedup();
    assert!(days.len() >= 4, "{days:?}");
    assert!(days.len() < total, "two articles share a day");
}

#[test]
fn seed_is_faithful_to_the_reference_page() {
    let json =
        fs::read_to_string("static/articles/bo-xay-dung-tap-huan-dan-van-2024.json").unwrap();
    let a = parse_article(&json).unwrap().article;
    assert_eq!(
        a.title,
        "Đảng bộ Bộ Xây dựng: Bồi dưỡng, nâng cao trách nhiệm công tác dân vận"
    );
    assert_eq!(
        date_line(a.published, DEFAULT_ZONE, Lang::Vi),
        "Thứ hai, 13/05/2024 10:45"
    );
    let headings: Vec<_> = a
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Heading(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(
        headings,
        [
            "Đổi mới sự lãnh đạo của Đảng trong\u{a0}công tác dân vận",
            "Nâng cao trách nhiệm công tác dân vận của đảng bộ cơ sở",
            "Luật Thực hiện dân chủ ở cơ sở - nền tảng pháp lý quan trọng",
        ]
    );
    let captions = a
        .body
        .iter()
        .filter(|b| {
            matches!(
                b,
                Block::Image {
                    caption: Some(_),
                    ..
                }
            )
        })
        .count();
    assert_eq!(captions, 4);
    assert!(a.body.iter().any(|b| matches!(b, Block::Quote { .. })));
    assert_eq!(
        a.source.as_ref().map(|s| s.name.as_str()),
        Some("tapchixaydung.vn")
    );
    assert_eq!(
        a.abbreviations.get("BTV").map(String::as_str),
        Some("Ban Thường vụ")
    );
}

#[test]
fn the_loader_names_the_crate_version() {
    // The loader checks the wasm's version against its own; both must be this crate's.
    let loader = fs::read_to_string("static/article-widget.js").expect("the loader exists");
    let version = env!("CARGO_PKG_VERSION");
    assert!(
        loader.starts_with(&format!("// article-widget {version} ")),
        "the loader's first line names another version"
    );
    assert!(loader.contains(&format!("const VERSION = '{version}';")));
}

#[test]
fn the_loader_offers_every_configuration_attribute() {
    // config::ATTRIBUTES is the one list; the loader's OPTIONS (custom element attributes to
    // mount() options) repeats it in JavaScript, so it must say the same, in main.rs's camelCase.
    let loader = fs::read_to_string("static/article-widget.js").expect("the loader exists");
    let start = loader
        .find("const OPTIONS = {")
        .expect("the loader has OPTIONS");
    let block = &loader[start..];
    let block = &block[..block.find("};").expect("OPTIONS ends")];
    let mut found: Vec<(String, String)> = block
        .lines()
        .skip(1)
        .filter_map(|line| {
            let (attribute, option) = line.trim().trim_end_matches(',').split_once(": ")?;
            Some((
                format!("data-{}", attribute.trim_matches('\'')),
                option.trim_matches('\'').to_owned(),
            ))
        })
        .collect();
    found.sort();
    let mut expected: Vec<(String, String)> = article_widget::config::ATTRIBUTES
        .iter()
        .map(|attribute| {
            let mut option = String::new();
            let mut upper = false;
            for c in attribute.trim_start_matches("data-").chars() {
                match c {
                    '-' => upper = true,
                    c if upper => {
                        option.push(c.to_ascii_uppercase());
                        upper = false;
                    }
                    c => option.push(c),
                }
            }
            ((*attribute).to_owned(), option)
        })
        .collect();
    expected.sort();
    assert_eq!(found, expected);
}

#[test]
fn the_loader_reads_articles_within_the_widgets_limits() {
    // The loader fetches the page's articles beside the wasm and hands the text over; what it
    // accepts must be what the widget's own request would. The fetch service is browser-only
    // code, so its constants are read from its source.
    let loader = fs::read_to_string("static/article-widget.js").expect("the loader exists");
    let fetch = fs::read_to_string("src/services/fetch.rs").expect("the fetch service exists");
    let value = |prefix: &str| {
        let line = fetch
            .lines()
            .map(str::trim)
            .find_map(|l| l.strip_prefix(prefix))
            .unwrap_or_else(|| panic!("no `{prefix}` in fetch.rs"));
        line.trim_end_matches([';', ',']).trim().to_owned()
    };
    let seconds = value("pub const TIMEOUT_SECONDS: u32 =");
    let megabytes = value("Document =");
    assert!(loader.contains(&format!("const ARTICLE_LIMIT = {megabytes} * 1024 * 1024;")));
    assert!(loader.contains(&format!("const TIMEOUT_MS = {seconds}_000;")));
}

#[test]
fn the_loader_knows_which_widgets_need_the_date_search() {
    // The loader serves the build without the date search to a page none of whose widgets has a
    // date source; the attributes it looks for must be exactly those that give one.
    let loader = fs::read_to_string("static/article-widget.js").expect("the loader exists");
    let line = loader
        .lines()
        .find_map(|l| l.trim().strip_prefix("const SEARCH_ATTRIBUTES = ["))
        .expect("the loader has SEARCH_ATTRIBUTES");
    let mut found: Vec<&str> = line
        .trim_end_matches("];")
        .split(',')
        .map(|a| a.trim().trim_matches('\''))
        .collect();
    found.sort_unstable();
    let mut expected: Vec<&str> = article_widget::config::ATTRIBUTES
        .into_iter()
        .filter(|&name| {
            let attr = |n: &str| (n == name).then(|| "https://cong.gov.vn/x.json".to_owned());
            let (config, _) = article_widget::config::WidgetConfig::from_attributes(attr, [name]);
            config.date_source().is_some()
        })
        .collect();
    expected.sort_unstable();
    assert_eq!(found, expected);
}
