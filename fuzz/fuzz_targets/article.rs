//! `article`: any bytes as an article file. `model::parse_article` must answer Ok or Err, never
//! panic; a parsed article's publication instant must format (`date_line`, `datetime_attr`) in
//! the default zone, UTC and the extreme offsets a portal may configure, and its rating must
//! display (`rating::summary`, `star_fill`) and take one more vote (`with_vote`).
#![no_main]

use article_widget::date::{date_line, datetime_attr, parse_zone, DEFAULT_ZONE};
use article_widget::i18n::Lang;
use article_widget::model::parse_article;
use article_widget::rating::{star_fill, summary, with_vote, MAX_SCORE};
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
    let rating = parsed.article.rating;
    for score in 1..=MAX_SCORE {
        let voted = with_vote(rating, score);
        assert!(voted.average.is_finite() && voted.count > 0, "{voted:?}");
        assert!((0.0..=1.0).contains(&star_fill(voted.average, score)));
        for lang in [Lang::Vi, Lang::En] {
            assert!(!summary(voted, lang).is_empty());
        }
    }
    if let Some(r) = rating {
        for lang in [Lang::Vi, Lang::En] {
            assert!(!summary(r, lang).is_empty());
        }
    }
});
