use time::format_description::well_known::Rfc3339;

use super::*;
use crate::date::DEFAULT_ZONE;

fn day(s: &str) -> Date {
    parse_day(s).unwrap_or_else(|| panic!("test day {s:?} is valid"))
}

fn at(s: &str) -> OffsetDateTime {
    parse_rfc3339(s).unwrap_or_else(|| panic!("test timestamp {s:?} is valid"))
}

fn zone(h: i8) -> UtcOffset {
    UtcOffset::from_hms(h, 0, 0).expect("valid offset")
}

/// An index of `(id, published)` entries, each with a `src`.
fn index(entries: &[(&str, &str)]) -> String {
    let items: Vec<String> = entries
        .iter()
        .map(|(id, published)| {
            format!(
                r#"{{"id":"{id}","title":"Tin {id}","published":"{published}","src":"articles/{id}.json","url":null}}"#
            )
        })
        .collect();
    format!(r#"{{"articles":[{}]}}"#, items.join(","))
}

fn ids(entries: &[&Entry]) -> Vec<String> {
    entries.iter().map(|e| e.id().to_owned()).collect()
}

/// The seed index's dates (static/index.json), around midnight of 13/05 in Hà Nội.
fn seed() -> Archive {
    let json = index(&[
        ("bo-xay-dung", "2024-05-13T10:45:00+07:00"),
        ("mttq", "2024-05-13T03:30:00Z"),
        ("ubnd", "2024-05-13T08:15:00+07:00"),
        ("tinh-doan", "2024-05-13T01:00:00+07:00"),
        ("so-xay-dung", "2024-05-12T23:30:00+07:00"),
        ("doan-dbqh", "2024-05-10T16:20:00+07:00"),
        ("bcd-cds", "2024-05-06T09:00:00+07:00"),
        ("thpt", "2024-04-29T14:05:00+07:00"),
    ]);
    let parsed = parse_index(&json).expect("seed index parses");
    assert_eq!(parsed.skipped, 0);
    assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
    parsed.archive
}

#[test]
fn days_are_the_portals_days_around_midnight() {
    let a = seed();
    assert_eq!(a.len(), 8);
    let d13 = day("13/05/2024");
    let d12 = day("12/05/2024");
    // 01:00 +07:00 is still 12/05 in UTC, 03:30Z is 10:30 in Hà Nội: both are on 13/05.
    assert_eq!(
        ids(&a.between(d13, d13, DEFAULT_ZONE)),
        ["bo-xay-dung", "mttq", "ubnd", "tinh-doan"]
    );
    assert_eq!(ids(&a.between(d12, d12, DEFAULT_ZONE)), ["so-xay-dung"]);
    assert!(a
        .between(day("11/05/2024"), day("11/05/2024"), DEFAULT_ZONE)
        .is_empty());
}

#[test]
fn days_follow_the_zone_asked_for() {
    let a = seed();
    let d12 = day("2024-05-12");
    let d13 = day("2024-05-13");
    // UTC: 23:30 +07:00 → 16:30Z and 01:00 +07:00 → 18:00Z on the 12th.
    let utc = UtcOffset::UTC;
    assert_eq!(ids(&a.between(d12, d12, utc)), ["tinh-doan", "so-xay-dung"]);
    assert_eq!(
        ids(&a.between(d13, d13, utc)),
        ["bo-xay-dung", "mttq", "ubnd"]
    );
    // New York in winter (-05:00): 10:45 +07:00 is 22:45 on the 12th; everything of the 13th in
    // Hà Nội is on the 12th there.
    let ny = zone(-5);
    assert_eq!(
        ids(&a.between(d12, d12, ny)),
        ["bo-xay-dung", "mttq", "ubnd", "tinh-doan", "so-xay-dung"]
    );
    assert!(a.between(d13, d13, ny).is_empty());
}

#[test]
fn exact_midnight_belongs_to_the_day_it_starts() {
    let json = index(&[
        ("last", "2024-05-13T23:59:59.999+07:00"),
        ("first", "2024-05-13T00:00:00+07:00"),
        ("next", "2024-05-14T00:00:00+07:00"),
        ("prev", "2024-05-12T16:59:59Z"),
    ]);
    let a = parse_index(&json).unwrap().archive;
    let d13 = day("2024-05-13");
    assert_eq!(ids(&a.between(d13, d13, DEFAULT_ZONE)), ["last", "first"]);
    let d14 = day("2024-05-14");
    assert_eq!(ids(&a.between(d14, d14, DEFAULT_ZONE)), ["next"]);
}

#[test]
fn ranges_are_inclusive_at_both_ends() {
    let a = seed();
    let found = a.between(day("10/05/2024"), day("13/05/2024"), DEFAULT_ZONE);
    assert_eq!(
        ids(&found),
        [
            "bo-xay-dung",
            "mttq",
            "ubnd",
            "tinh-doan",
            "so-xay-dung",
            "doan-dbqh"
        ]
    );
    let all = a.between(day("29/04/2024"), day("13/05/2024"), DEFAULT_ZONE);
    assert_eq!(all.len(), 8);
    assert_eq!(
        a.between_oldest_first(day("29/04/2024"), day("06/05/2024"), DEFAULT_ZONE)
            .iter()
            .map(|e| e.id())
            .collect::<Vec<_>>(),
        ["thpt", "bcd-cds"]
    );
    // Reversed: nothing, rather than a panic or a swapped range.
    assert!(a
        .between(day("13/05/2024"), day("10/05/2024"), DEFAULT_ZONE)
        .is_empty());
    // Extreme days do not overflow.
    assert_eq!(a.between(Date::MIN, Date::MAX, DEFAULT_ZONE).len(), 8);
    assert_eq!(a.between(Date::MIN, Date::MAX, zone(-12)).len(), 8);
}

#[test]
fn newest_first_with_stable_ties() {
    let json = index(&[
        ("a", "2024-05-13T10:45:00+07:00"),
        ("b", "2024-05-13T03:45:00Z"), // the same instant as a
        ("c", "2024-05-13T10:45:00.5+07:00"),
        ("d", "2024-05-13T09:00:00+07:00"),
        ("e", "2024-05-13T10:45:00+07:00"),
    ]);
    let a = parse_index(&json).unwrap().archive;
    let order: Vec<&str> = a.entries().iter().map(|e| e.id()).collect();
    assert_eq!(order, ["d", "a", "b", "e", "c"]);
    let d13 = day("2024-05-13");
    assert_eq!(
        ids(&a.between(d13, d13, DEFAULT_ZONE)),
        ["c", "e", "b", "a", "d"]
    );
}

#[test]
fn input_order_does_not_matter() {
    // Ascending, descending (as CMS exports usually are) and mixed, each with a tie: the archive
    // and the results are the same, and tied entries keep their index order.
    let (t, s1, s2, u) = (
        "2024-05-13T09:00:00+07:00",
        "2024-05-13T10:00:00+07:00",
        "2024-05-13T03:00:00Z",
        "2024-05-13T11:00:00+07:00",
    );
    let d13 = day("2024-05-13");
    for order in [
        [("t", t), ("s1", s1), ("s2", s2), ("u", u)],
        [("u", u), ("s1", s1), ("s2", s2), ("t", t)],
        [("s1", s1), ("u", u), ("t", t), ("s2", s2)],
    ] {
        let a = parse_index(&index(&order)).unwrap().archive;
        let oldest_first: Vec<&str> = a.entries().iter().map(|e| e.id()).collect();
        assert_eq!(oldest_first, ["t", "s1", "s2", "u"], "{order:?}");
        assert_eq!(
            ids(&a.between(d13, d13, DEFAULT_ZONE)),
            ["u", "s2", "s1", "t"]
        );
    }
}

#[test]
fn entries_keep_fields_trimmed_and_links_as_given() {
    let json = r#"{"generated":"x","articles":[{"id":" a ","title":" Tiêu \"đề\" \u1ea1 ",
        "published":" 2024-05-13T10:45:00+07:00 ","src":"","url":"https://example.vn/a",
        "lead":{"nested":[1,2]},"tags":["x"]}]}"#;
    let parsed = parse_index(json).unwrap();
    assert_eq!(parsed.skipped, 0);
    assert!(parsed.warnings.is_empty());
    let e = &parsed.archive.entries()[0];
    assert_eq!(e.id(), "a");
    assert_eq!(e.title(), "Tiêu \"đề\" ạ");
    assert_eq!(e.published, at("2024-05-13T03:45:00Z"));
    assert_eq!(e.src(), None);
    assert_eq!(e.url(), Some("https://example.vn/a"));
}

#[test]
fn unusable_entries_are_skipped_and_counted() {
    let json = r#"{"articles":[
        {"id":"ok","title":"T","published":"2024-05-13T10:45:00+07:00","src":"a.json"},
        {"id":"bad-date","title":"T","published":"2024-13-45T10:45:00+07:00","src":"a.json"},
        {"id":"no-offset","title":"T","published":"2024-05-13T10:45:00","src":"a.json"},
        {"id":"vn-date","title":"T","published":"13/05/2024 10:45","src":"a.json"},
        {"id":"no-title","published":"2024-05-13T10:45:00+07:00","src":"a.json"},
        {"id":"blank-title","title":"  ","published":"2024-05-13T10:45:00+07:00","src":"a.json"},
        {"id":"null-title","title":null,"published":"2024-05-13T10:45:00+07:00","src":"a.json"},
        {"id":"number-title","title":42,"published":"2024-05-13T10:45:00+07:00","src":"a.json"},
        {"title":"no id","published":"2024-05-13T10:45:00+07:00","src":"a.json"},
        {"id":"no-date","title":"T","src":"a.json"},
        {"id":"no-link","title":"T","published":"2024-05-13T10:45:00+07:00"},
        {"id":"null-links","title":"T","published":"2024-05-13T10:45:00+07:00","src":null,"url":null},
        {"id":"js","title":"T","published":"2024-05-13T10:45:00+07:00","url":"javascript:alert(1)"},
        {"id":"data","title":"T","published":"2024-05-13T10:45:00+07:00","src":"data:text/html,x"},
        "not an entry", null, 7, [1],
        {"id":"js-url-but-src","title":"T","published":"2024-05-13T11:00:00+07:00",
         "src":"b.json","url":"javascript:alert(1)"},
        {"id":"number-url-but-src","title":"T","published":"2024-05-13T12:00:00+07:00",
         "src":"c.json","url":5}
    ]}"#;
    let parsed = parse_index(json).unwrap();
    let kept: Vec<&str> = parsed.archive.entries().iter().map(|e| e.id()).collect();
    assert_eq!(kept, ["ok", "js-url-but-src", "number-url-but-src"]);
    assert_eq!(parsed.skipped, 17);
    assert!(parsed.archive.entries()[1].url().is_none());
    assert_eq!(parsed.archive.entries()[1].src(), Some("b.json"));
    // Five examples, then one line for the rest (15 more skips + 2 dropped URLs).
    assert_eq!(parsed.warnings.len(), 6, "{:#?}", parsed.warnings);
    assert_eq!(
        parsed.warnings[0],
        "articles[1] skipped: `published` is not an RFC 3339 date-time with offset: \"2024-13-45T10:45:00+07:00\""
    );
    assert_eq!(parsed.warnings[3], "articles[4] skipped: missing `title`");
    assert_eq!(parsed.warnings[4], "articles[5] skipped: `title` is empty");
    assert_eq!(
        parsed.warnings[5],
        "14 more index problems not shown (17 entries skipped in all)"
    );
}

#[test]
fn warning_texts_for_links_and_non_objects() {
    let one = |entry: &str| {
        let parsed = parse_index(&format!(r#"{{"articles":[{entry}]}}"#)).unwrap();
        parsed.warnings.join("\n")
    };
    assert_eq!(
        one(r#"{"id":"x","title":"T","published":"2024-05-13T10:45:00+07:00"}"#),
        "articles[0] skipped: neither `src` nor `url` is given"
    );
    assert_eq!(
        one(
            r#"{"id":"x","title":"T","published":"2024-05-13T10:45:00+07:00","url":"javascript:alert(1)"}"#
        ),
        "articles[0] skipped: no usable `src` or `url` (unsafe URL \"javascript:alert(1)\")"
    );
    assert_eq!(
        one(
            r#"{"id":"x","title":"T","published":"2024-05-13T10:45:00+07:00","src":"a.json","url":"vbscript:x"}"#
        ),
        "articles[0].url dropped: unsafe URL \"vbscript:x\""
    );
    assert_eq!(
        one(r#"{"id":"x","title":[],"published":"2024-05-13T10:45:00+07:00","src":"a.json"}"#),
        "articles[0] skipped: `title` is an array, not a string"
    );
    assert_eq!(
        one(r#""x""#),
        "articles[0] skipped: entry is a string, not an object"
    );
    assert_eq!(
        one("null"),
        "articles[0] skipped: entry is null, not an object"
    );
    let long = format!(
        r#"{{"id":"x","title":"T","published":"{}","src":"a.json"}}"#,
        "9".repeat(500)
    );
    let message = one(&long);
    assert!(message.ends_with("…\""), "{message}");
    assert!(message.chars().count() < 150, "{message}");
}

#[test]
fn top_level_errors() {
    for (json, expected) in [
        ("", "json"),
        ("not json", "json"),
        ("[]", "json"),
        (r#"[{"articles":[]}]"#, "json"),
        ("42", "json"),
        (r#"{"articles":{}}"#, "json"),
        (r#"{"articles":"x"}"#, "json"),
        (r#"{"articles":[]} trailing"#, "json"),
        (r#"{"articles":[{"id":"a",}]}"#, "json"),
        (r#"{"articles":[],"articles":[]}"#, "json"),
        ("{}", "missing"),
        (r#"{"items":[]}"#, "missing"),
        (r#"{"articles":null}"#, "missing"),
    ] {
        let err = parse_index(json).expect_err(json);
        match (expected, &err) {
            ("json", Error::Json(_)) => {}
            ("missing", Error::MissingField(f)) if f == "articles" => {}
            _ => panic!("{json}: unexpected {err:?}"),
        }
    }
    let empty = parse_index(r#"{"articles":[]}"#).unwrap();
    assert!(empty.archive.is_empty());
}

/// The index scanner accepts exactly the JSON that a full JSON parser accepts: each case is
/// wrapped as the title of one entry, or placed where an ignored field's value goes.
#[test]
fn the_scanner_reads_json_as_serde_json_does() {
    let values = [
        r#""plain""#,
        r#""Bộ Xây dựng""#,
        r#""a\"b\\c\/d""#,
        r#""\b\f\n\r\t""#,
        r#""\u0041\u1EA1\u00e9""#,
        r#""\ud83d\ude00 emoji""#,
        r#""tail \u0041""#,
        r#""\ud83d""#,
        r#""\ude00""#,
        r#""\ud83d\u0041""#,
        r#""\u12""#,
        r#""\u12G4""#,
        r#""\x""#,
        "\"raw\ttab\"",
        "\"raw\nnewline\"",
        r#""unterminated"#,
        r#""\"#,
        "0",
        "-0",
        "12",
        "-12.5e+3",
        "1E9",
        "01",
        "1.",
        ".5",
        "-",
        "1e",
        "+1",
        "0x10",
        "true",
        "false",
        "null",
        "tru",
        "nul",
        "True",
        "[]",
        "[1,2]",
        "[1,]",
        "[,1]",
        "{}",
        r#"{"a":1}"#,
        r#"{"a":1,}"#,
        r#"{a:1}"#,
        r#"{"a" 1}"#,
        r#"[[[{"x":[null]}]]]"#,
    ];
    for value in values {
        for json in [
            format!(
                r#"{{"articles":[{{"id":"a","title":{value},"published":"2024-05-13T01:00:00+07:00","src":"a.json"}}]}}"#
            ),
            format!(r#"{{"meta":{value},"articles":[]}}"#),
            format!(r#"{{"articles":[{value}]}}"#),
        ] {
            let expected = serde_json::from_str::<serde_json::Value>(&json);
            let got = parse_index(&json);
            assert_eq!(got.is_ok(), expected.is_ok(), "{json}: {:?}", got.err());
            let (Ok(got), Ok(expected)) = (got, expected) else {
                continue;
            };
            if let Some(title) = expected["articles"][0]["title"].as_str() {
                let entries = got.archive.entries();
                let read = entries.first().map(|e| e.title());
                assert_eq!(read, Some(title.trim()).filter(|t| !t.is_empty()), "{json}");
            }
        }
    }
    let deep = format!(
        r#"{{"articles":[],"x":{}{}}}"#,
        "[".repeat(200),
        "]".repeat(200)
    );
    assert!(matches!(parse_index(&deep), Err(Error::Json(_))));
    let invalid_utf8 = b"{\"articles\":[{\"id\":\"\xff\"}]}";
    assert!(matches!(
        parse_index_bytes(invalid_utf8),
        Err(Error::Json(_))
    ));
}

#[test]
fn archive_new_sorts_entries() {
    let entry = |id: &str, t: &str| Entry::new(id, id, at(t), Some(&format!("{id}.json")), None);
    let a = Archive::new(vec![
        entry("late", "2024-05-13T10:00:00+07:00"),
        entry("early", "2024-05-12T10:00:00+07:00"),
    ]);
    assert_eq!(a.entries()[0].id(), "early");
    assert!(Archive::default().is_empty());
}

#[test]
fn parse_day_accepts_both_forms() {
    let d = Date::from_calendar_date(2024, Month::May, 13).unwrap();
    for ok in [
        "2024-05-13",
        "13/05/2024",
        "13/5/2024",
        " 13/05/2024 ",
        "\t2024-05-13\n",
    ] {
        assert_eq!(parse_day(ok), Some(d), "{ok:?}");
    }
    assert_eq!(
        parse_day("3/5/2024"),
        Date::from_calendar_date(2024, Month::May, 3).ok()
    );
    assert_eq!(
        parse_day("29/02/2024"),
        Date::from_calendar_date(2024, Month::February, 29).ok()
    );
    for bad in [
        "",
        "   ",
        "2024-02-30",
        "31/02/2024",
        "29/02/2023",
        "32/01/2024",
        "00/01/2024",
        "01/13/2024",
        "01/00/2024",
        "13-05-2024",
        "2024/05/13",
        "2024-5-13",
        "13/05/24",
        "13/05/02024",
        "013/05/2024",
        "13/05/2024/1",
        "+1/05/2024",
        "13/ 5/2024",
        "１３/05/2024",
        "2024-05-13T00:00",
        "2024-05-13..2024-05-14",
        "01/01/0000",
        "13.05.2024",
    ] {
        assert_eq!(parse_day(bad), None, "{bad:?}");
    }
}

#[test]
fn day_and_time_formats() {
    let d = day("2024-05-03");
    assert_eq!(format_day(d), "03/05/2024");
    assert_eq!(iso_day(d), "2024-05-03");
    assert_eq!(parse_day(&format_day(d)), Some(d));
    assert_eq!(parse_day(&iso_day(d)), Some(d));
    assert_eq!(
        time_of_day(at("2024-05-13T03:30:00Z"), DEFAULT_ZONE),
        "10:30"
    );
    assert_eq!(
        time_of_day(at("2024-05-13T10:45:59+07:00"), DEFAULT_ZONE),
        "10:45"
    );
    assert_eq!(
        time_of_day(at("2024-05-13T01:00:00+07:00"), zone(-5)),
        "13:00"
    );
    assert_eq!(
        time_of_day(at("2024-05-13T00:00:00+07:00"), DEFAULT_ZONE),
        "00:00"
    );
    // Before 1970: still right. (Years past 9000 are refused when parsing.)
    assert_eq!(
        time_of_day(at("1960-01-01T23:59:00Z"), DEFAULT_ZONE),
        "06:59"
    );
    assert!(parse_rfc3339("9999-12-31T23:59:00Z").is_none());
}

#[test]
fn day_ranges() {
    let (d10, d13) = (day("2024-05-10"), day("2024-05-13"));
    let single = DayRange::day(d13);
    assert!(single.is_single_day());
    assert_eq!(single.to_param(), "2024-05-13");
    let range = DayRange::new(d10, d13).unwrap();
    assert!(!range.is_single_day());
    assert_eq!(range.to_param(), "2024-05-10..2024-05-13");
    assert_eq!(DayRange::new(d13, d13), Ok(single));
    assert_eq!(DayRange::new(d13, d10), Err(RangeError::EndBeforeStart));

    assert_eq!(DayRange::from_param(&range.to_param()), Some(range));
    assert_eq!(DayRange::from_param(&single.to_param()), Some(single));
    assert_eq!(
        DayRange::from_param(" 2024-05-10 .. 2024-05-13 "),
        Some(range)
    );
    assert_eq!(DayRange::from_param("10/05/2024..13/5/2024"), Some(range));
    assert_eq!(DayRange::from_param("2024-05-13..2024-05-13"), Some(single));
    for bad in [
        "2024-05-13..2024-05-10",
        "",
        "..",
        "2024-05-10..",
        "..2024-05-13",
        "2024-05-10...2024-05-13",
        "2024-05-10..2024-05-13..2024-05-14",
        "2024-05-10-2024-05-13",
        "2024-02-30",
        "hôm nay",
    ] {
        assert_eq!(DayRange::from_param(bad), None, "{bad:?}");
    }
}

/// Deterministic xorshift generator for the synthetic index.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn hundred_thousand_entries() {
    const COUNT: usize = 100_000;
    const START: i64 = 1_640_970_000; // 2022-01-01T00:00:00+07:00
    const SPAN: u64 = 3 * 365 * 86_400;
    let offsets = [DEFAULT_ZONE, UtcOffset::UTC, zone(-5)];
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    let mut json = String::with_capacity(COUNT * 160);
    json.push_str(r#"{"articles":["#);
    let mut valid = Vec::with_capacity(COUNT);
    for i in 0..COUNT {
        if i > 0 {
            json.push(',');
        }
        let ts = START + (rng.next() % SPAN) as i64;
        let offset = offsets[[0, 0, 0, 0, 0, 0, 0, 0, 1, 2][(rng.next() % 10) as usize]];
        let published = OffsetDateTime::from_unix_timestamp(ts)
            .unwrap()
            .to_offset(offset)
            .format(&Rfc3339)
            .unwrap();
        match i % 100 {
            37 => json.push_str(&format!(
                r#"{{"id":"bai-{i}","title":"Tin số {i}","published":"2024-13-{:02}T08:00:00+07:00","src":"articles/bai-{i}.json"}}"#,
                i % 28 + 1
            )),
            73 => json.push_str(&format!(
                r#"{{"id":"bai-{i}","published":"{published}","src":"articles/bai-{i}.json"}}"#
            )),
            _ => {
                json.push_str(&format!(
                    r#"{{"id":"bai-{i}","title":"Ủy ban nhân dân tỉnh họp phiên thường kỳ số {i}","published":"{published}","src":"articles/bai-{i}.json","url":null}}"#
                ));
                valid.push(ts);
            }
        }
    }
    json.push_str("]}");

    let started = std::time::Instant::now();
    let parsed = parse_index(&json).expect("synthetic index parses");
    let elapsed = started.elapsed();
    eprintln!(
        "parse_index: {COUNT} entries ({:.1} MB) in {elapsed:?}",
        json.len() as f64 / 1e6
    );

    assert_eq!(parsed.skipped, 2_000);
    assert_eq!(parsed.archive.len(), valid.len());
    assert_eq!(parsed.archive.len(), 98_000);
    assert_eq!(parsed.warnings.len(), 6);
    assert!(parsed
        .archive
        .entries()
        .windows(2)
        .all(|w| w[0].published <= w[1].published));

    let local_day = |ts: i64| {
        OffsetDateTime::from_unix_timestamp(ts)
            .unwrap()
            .to_offset(DEFAULT_ZONE)
            .date()
    };
    for (from, to) in [
        ("2023-03-15", "2023-03-15"),
        ("2022-01-01", "2022-01-01"),
        ("2023-07-01", "2023-07-31"),
        ("2021-01-01", "2030-01-01"),
    ] {
        let (from, to) = (day(from), day(to));
        let expected = valid
            .iter()
            .filter(|&&ts| (from..=to).contains(&local_day(ts)))
            .count();
        let found = parsed.archive.between(from, to, DEFAULT_ZONE);
        assert_eq!(found.len(), expected, "{from}..{to}");
        assert!(expected > 0);
        assert!(found.windows(2).all(|w| w[0].published >= w[1].published));
        assert!(found
            .iter()
            .all(|e| (from..=to).contains(&local_day(e.published.unix_timestamp()))));
    }
}
