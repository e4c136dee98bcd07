//! `article`: any bytes as an article file. `model::parse_article` must answer Ok or Err, never
//! panic; a parsed article's publication instant must format (`date_line`, `datetime_attr`) in
//! the default zone, UTC and the extreme offsets a portal may configure.
#![no_main]

use article_widget::date::{date_line, datetime_attr, parse_zone, DEFAULT_ZONE};
use article_widget::i18n::Lang;
use article_widget::model::parse_article;
use libfuzzer_sys::fuzz_target;
use time::UtcOffset;

fuzz_target!(|data: &[u8]| {
    let Ok(json) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = parse_article(json) else {
        return;
    };
    let published = parsed.article.published;
    let zones = [
        DEFAULT_ZONE,
        UtcOffset::UTC,
        parse_zone("+14:59").expect("valid zone"),
        parse_zone("-14:59").expect("valid zone"),
    ];
    for zone in zones {
        for lang in [Lang::Vi, Lang::En] {
            assert!(!date_line(published, zone, lang).is_empty());
        }
        assert!(!datetime_attr(published, zone).is_empty());
    }
});
