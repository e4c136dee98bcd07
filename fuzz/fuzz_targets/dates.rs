//! `dates`: any text, whole and line by line, through every date parser: `parse_rfc3339`,
//! `parse_zone`, `archive::parse_day` and `DayRange::from_param`. None may panic, and whatever
//! parses must format: a timestamp in several zones, a zone applied to extreme instants, a day
//! and a range through their writers and back to the same value.
#![no_main]

use article_widget::archive::{format_day, iso_day, parse_day, time_of_day, DayRange};
use article_widget::date::{date_line, datetime_attr, parse_rfc3339, parse_zone, DEFAULT_ZONE};
use article_widget::i18n::Lang;
use libfuzzer_sys::fuzz_target;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// The `data-time-zone` forms `parse_zone` documents: `Z`, `UTC`, `+07`, `+0700`, `+07:00`.
fn documented_zone(s: &str) -> bool {
    let s = s.trim();
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    match s.strip_prefix(['+', '-']) {
        Some(rest) => match rest.len() {
            2 | 4 => digits(rest),
            5 => rest.as_bytes()[2] == b':' && digits(&rest[..2]) && digits(&rest[3..]),
            _ => false,
        },
        None => s.eq_ignore_ascii_case("z") || s.eq_ignore_ascii_case("utc"),
    }
}

fn check(s: &str) {
    let zones = [
        DEFAULT_ZONE,
        UtcOffset::UTC,
        parse_zone("-14:59").expect("valid zone"),
    ];
    if let Some(t) = parse_rfc3339(s) {
        for zone in zones.into_iter().chain(parse_zone(s)) {
            let _ = date_line(t, zone, Lang::Vi);
            let _ = date_line(t, zone, Lang::En);
            let attr = datetime_attr(t, zone);
            assert_eq!(
                OffsetDateTime::parse(&attr, &Rfc3339).ok(),
                Some(t),
                "{attr}"
            );
            let _ = time_of_day(t, zone);
        }
    }
    if let Some(zone) = parse_zone(s) {
        assert!(documented_zone(s), "{s:?} accepted as {zone}");
        assert!(zone.whole_hours().abs() <= 14, "{s:?} gave {zone}");
        // The first and last instants an article may carry.
        let extremes = [
            "1000-01-01T00:00:00+14:00",
            "9000-12-31T23:59:59.999999999-14:00",
        ];
        for t in extremes.map(|e| parse_rfc3339(e).expect("valid instant")) {
            let _ = date_line(t, zone, Lang::Vi);
            let _ = datetime_attr(t, zone);
            let _ = time_of_day(t, zone);
        }
        let _ = time_of_day(OffsetDateTime::UNIX_EPOCH, zone);
    }
    if let Some(day) = parse_day(s) {
        assert_eq!(parse_day(&iso_day(day)), Some(day));
        assert_eq!(parse_day(&format_day(day)), Some(day));
    }
    if let Some(range) = DayRange::from_param(s) {
        assert!(range.from <= range.to);
        assert_eq!(DayRange::from_param(&range.to_param()), Some(range));
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    check(text);
    for line in text.lines().take(16) {
        check(line);
    }
});
