//! `index`: any bytes as an article index. `archive::parse_index_bytes` must answer Ok or Err,
//! never panic. On a parsed archive, day queries with days and zones taken from the input and
//! from the entries themselves (`between`, `between_oldest_first`) must not panic
//! and must agree with a plain scan of the entries; the input as text also goes through
//! `parse_day` and `DayRange::from_param`. The index's own JSON scanner must accept exactly the
//! bytes serde_json accepts as JSON (past its limits on depth and number range, either may answer).
#![no_main]

use article_widget::archive::{parse_day, parse_index_bytes, DayRange, Entry};
use article_widget::date::DEFAULT_ZONE;
use article_widget::error::Error;
use libfuzzer_sys::fuzz_target;
use time::{Date, UtcOffset};

/// The calendar day of an entry in `zone`.
fn local_day(e: &Entry, zone: UtcOffset) -> Date {
    e.published.to_offset(zone).date()
}

/// A day anywhere in the supported calendar, picked by `n`.
fn day_from(n: u32) -> Date {
    let (min, max) = (Date::MIN.to_julian_day(), Date::MAX.to_julian_day());
    let span = u32::try_from(max - min + 1).expect("positive span");
    Date::from_julian_day(min + i32::try_from(n % span).expect("within span")).expect("in range")
}

/// Any offset `time` can represent (±25:59:59), picked by `n`.
fn zone_from(n: u32) -> UtcOffset {
    const MAX: i32 = 25 * 3600 + 59 * 60 + 59;
    let seconds = i32::try_from(n % (2 * MAX as u32 + 1)).expect("small") - MAX;
    UtcOffset::from_whole_seconds(seconds).expect("in range")
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Some(range) = DayRange::from_param(text) {
            assert!(range.from <= range.to);
        }
        let _ = parse_day(text);
    }
    let result = parse_index_bytes(data);
    match serde_json::from_slice::<serde_json::Value>(data) {
        Err(e) if e.to_string().contains("recursion limit") => {}
        Err(e) if e.to_string().contains("number out of range") => {}
        Err(e) => assert!(
            matches!(result, Err(Error::Json(_))),
            "accepted, serde_json: {e}"
        ),
        Ok(_) => {
            if let Err(Error::Json(why)) = &result {
                let shape = [
                    "top level",
                    "`articles` is",
                    "duplicate field",
                    "nested too deeply",
                ];
                assert!(
                    shape.iter().any(|s| why.contains(s)),
                    "refused valid JSON: {why}"
                );
            }
        }
    }
    let Ok(parsed) = result else {
        return;
    };
    let archive = &parsed.archive;
    let entries = archive.entries();
    assert!(entries.windows(2).all(|w| w[0].published <= w[1].published));
    for e in entries {
        assert!(!e.id().is_empty() && !e.title().is_empty());
        assert!(e.src().is_some() || e.url().is_some());
    }

    // Numbers picked by the input, so the fuzzer can steer days and zones.
    let word = |at: usize| {
        let mut bytes = [0u8; 4];
        for (i, b) in bytes.iter_mut().enumerate() {
            *b = data
                .get(data.len().saturating_sub(at + 4) + i)
                .copied()
                .unwrap_or(0);
        }
        u32::from_le_bytes(bytes)
    };
    let zones = [DEFAULT_ZONE, UtcOffset::UTC, zone_from(word(0))];
    let mut days = vec![day_from(word(4)), day_from(word(8)), Date::MIN, Date::MAX];
    // The days of the first and last entries and their neighbours: where off-by-one days hide.
    for zone in zones {
        if let (Some(a), Some(b)) = (entries.first(), entries.last()) {
            let (first, last) = (local_day(a, zone), local_day(b, zone));
            days.extend([first, last]);
            days.extend(first.previous_day());
            days.extend(last.next_day());
        }
    }
    days.sort();
    days.dedup();
    for zone in zones {
        for &from in &days {
            for &to in &days {
                let slice = archive.between_oldest_first(from, to, zone);
                let newest_first = archive.between(from, to, zone);
                assert!(newest_first.iter().copied().eq(slice.iter().rev()));
                let expected = entries
                    .iter()
                    .filter(|e| (from..=to).contains(&local_day(e, zone)))
                    .count();
                assert_eq!(slice.len(), expected, "{from}..={to} in {zone}");
                assert_eq!(DayRange::new(from, to).is_ok(), from <= to);
            }
        }
    }
});
