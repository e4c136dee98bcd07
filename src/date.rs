//! Dates in the portal's time zone.
//!
//! A Vietnamese portal prints `Thứ hai, 13/05/2024 10:45` for an article published at 10:45 in
//! Hà Nội, whoever reads it and wherever. So every instant is shown in the portal's fixed offset
//! (`data-time-zone`, default `+07:00`), never the reader's zone; the browser's own clock and zone
//! are never consulted.

use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

use crate::i18n::Lang;

/// The default portal offset: Indochina Time, which has no daylight saving.
pub const DEFAULT_ZONE: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(zone) => zone,
    Err(_) => panic!("+07:00 is a valid offset"),
};

/// Parses an RFC 3339 timestamp; the offset is mandatory (`Z` counts as one).
///
/// Years outside 1000–9000 are refused: no article is dated so, and keeping clear of the ends of
/// the calendar means shifting to any portal offset can never overflow (which would panic).
pub fn parse_rfc3339(value: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(value.trim(), &Rfc3339)
        .ok()
        .filter(|t| (1000..=9000).contains(&t.year()))
}

/// A zone as `data-time-zone` and the archive manifest write it: `+07:00`, `-05:30`.
pub fn format_zone(zone: UtcOffset) -> String {
    let sign = if zone.is_negative() { '-' } else { '+' };
    let (h, m) = (
        zone.whole_hours().unsigned_abs(),
        zone.minutes_past_hour().unsigned_abs(),
    );
    format!("{sign}{h:02}:{m:02}")
}

/// Parses a `data-time-zone` value: `+07:00`, `-05:30`, `+0700`, `+07`, `Z` or `UTC`.
pub fn parse_zone(value: &str) -> Option<UtcOffset> {
    let value = value.trim();
    if value.eq_ignore_ascii_case("z") || value.eq_ignore_ascii_case("utc") {
        return Some(UtcOffset::UTC);
    }
    let (sign, rest) = match value.as_bytes().first()? {
        b'+' => (1, &value[1..]),
        b'-' => (-1, &value[1..]),
        _ => return None,
    };
    let digits: String = rest.chars().filter(|c| *c != ':').collect();
    let well_formed = match rest.len() {
        2 | 4 => rest.chars().all(|c| c.is_ascii_digit()),
        // `+07:00`: the colon in the middle and nowhere else.
        5 => {
            rest.as_bytes()[2] == b':'
                && digits.len() == 4
                && digits.chars().all(|c| c.is_ascii_digit())
        }
        _ => false,
    };
    if !well_formed {
        return None;
    }
    let hours: i8 = digits.get(0..2)?.parse().ok()?;
    let minutes: i8 = digits.get(2..4).unwrap_or("00").parse().ok()?;
    if hours > 14 || minutes > 59 {
        return None;
    }
    UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()
}

/// The seed's date line: `Thứ hai, 13/05/2024 10:45` (vi) or `Monday, 13/05/2024 10:45` (en).
pub fn date_line(instant: OffsetDateTime, zone: UtcOffset, lang: Lang) -> String {
    // `to_offset` panics when the shift leaves the supported years: at that edge the wall clock
    // written in the file is shown.
    let local = instant.checked_to_offset(zone).unwrap_or(instant);
    let weekday = lang.strings().weekdays[usize::from(local.weekday().number_days_from_monday())];
    format!(
        "{weekday}, {:02}/{:02}/{:04} {:02}:{:02}",
        local.day(),
        u8::from(local.month()),
        local.year(),
        local.hour(),
        local.minute()
    )
}

/// The machine-readable form for `<time datetime>`, expressed in the portal's offset.
pub fn datetime_attr(instant: OffsetDateTime, zone: UtcOffset) -> String {
    instant
        .checked_to_offset(zone)
        .unwrap_or(instant)
        .format(&Rfc3339)
        .unwrap_or_else(|_| instant.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> OffsetDateTime {
        parse_rfc3339(s).expect("test timestamps are valid")
    }

    #[test]
    fn seed_date_line_in_both_languages() {
        let t = at("2024-05-13T10:45:00+07:00");
        assert_eq!(
            date_line(t, DEFAULT_ZONE, Lang::Vi),
            "Thứ hai, 13/05/2024 10:45"
        );
        assert_eq!(
            date_line(t, DEFAULT_ZONE, Lang::En),
            "Monday, 13/05/2024 10:45"
        );
    }

    #[test]
    fn every_weekday_name() {
        let vi = [
            "Thứ hai",
            "Thứ ba",
            "Thứ tư",
            "Thứ năm",
            "Thứ sáu",
            "Thứ bảy",
            "Chủ nhật",
        ];
        let en = [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ];
        for day in 0..7 {
            let t = at(&format!("2024-05-{:02}T12:00:00+07:00", 13 + day));
            let expected_date = format!("{:02}/05/2024 12:00", 13 + day);
            assert_eq!(
                date_line(t, DEFAULT_ZONE, Lang::Vi),
                format!("{}, {expected_date}", vi[day])
            );
            assert_eq!(
                date_line(t, DEFAULT_ZONE, Lang::En),
                format!("{}, {expected_date}", en[day])
            );
        }
    }

    #[test]
    fn shown_in_portal_zone_not_in_the_source_offset() {
        // 03:30 UTC is 10:30 in Hà Nội.
        let t = at("2024-05-13T03:30:00Z");
        assert_eq!(
            date_line(t, DEFAULT_ZONE, Lang::Vi),
            "Thứ hai, 13/05/2024 10:30"
        );
        // 01:00 +07:00 on Monday is still Sunday in UTC and in New York.
        let t = at("2024-05-13T01:00:00+07:00");
        assert_eq!(
            date_line(t, DEFAULT_ZONE, Lang::En),
            "Monday, 13/05/2024 01:00"
        );
        let utc = parse_zone("Z").expect("Z is UTC");
        assert_eq!(date_line(t, utc, Lang::En), "Sunday, 12/05/2024 18:00");
        let new_york = parse_zone("-04:00").expect("valid offset");
        assert_eq!(date_line(t, new_york, Lang::En), "Sunday, 12/05/2024 14:00");
    }

    #[test]
    fn datetime_attribute_uses_portal_offset() {
        let t = at("2024-05-13T03:45:00Z");
        assert_eq!(datetime_attr(t, DEFAULT_ZONE), "2024-05-13T10:45:00+07:00");
    }

    #[test]
    fn zone_forms() {
        let seven = Some(DEFAULT_ZONE);
        assert_eq!(parse_zone("+07:00"), seven);
        assert_eq!(parse_zone("+0700"), seven);
        assert_eq!(parse_zone("+07"), seven);
        assert_eq!(parse_zone(" +07:00 "), seven);
        assert_eq!(parse_zone("utc"), Some(UtcOffset::UTC));
        assert_eq!(parse_zone("-05:30"), UtcOffset::from_hms(-5, -30, 0).ok());
        for bad in [
            "",
            "7",
            "+7",
            "+07:0",
            "+25:00",
            "+07:60",
            "Asia/Ho_Chi_Minh",
            "+0a:00",
            "++7:00",
            // Found by fuzzing: stray colons were dropped before the minutes were read.
            "+14:5:",
            "+1::45",
            "+0:::0",
        ] {
            assert_eq!(parse_zone(bad), None, "{bad}");
        }
    }

    #[test]
    fn rejects_timestamps_without_offset() {
        assert!(parse_rfc3339("2024-05-13T10:45:00").is_none());
        assert!(parse_rfc3339("13/05/2024 10:45").is_none());
        assert!(parse_rfc3339("2024-05-13T10:45:00+07:00").is_some());
        assert!(parse_rfc3339("9999-12-31T23:00:00Z").is_none());
        assert!(parse_rfc3339("0001-01-01T00:00:00+14:00").is_none());
    }
}
