//! The sharded archive's manifest (written by `article-widget-archive`, see `shards`), and what a
//! date query needs from it: the total from the per-day counts, and which slices of which shard
//! files hold the first results. No I/O here, so the arithmetic is tested natively; the widget's
//! `services::archive` fetches what [`Manifest::plan`] names.

use serde::{Deserialize, Serialize};
use time::{Date, Month, UtcOffset};

use super::DayRange;
use crate::date::parse_zone;

/// The manifest format's version; a widget refuses a manifest it does not know.
pub const MANIFEST_VERSION: u32 = 1;

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`MANIFEST_VERSION`].
    pub version: u32,
    /// The portal's zone, whose calendar days the counts are of (`+07:00`).
    pub time_zone: String,
    /// Articles in the archive.
    pub total: u64,
    /// Months with articles, newest first.
    pub months: Vec<MonthEntry>,
}

/// One month of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthEntry {
    /// `YYYY-MM`.
    pub month: String,
    /// Articles in the month.
    pub total: u32,
    /// Articles per calendar day, `days[0]` being the 1st; as long as the month.
    pub days: Vec<u32>,
    /// The month's files, newest entries first.
    pub shards: Vec<ShardEntry>,
}

/// One shard file of a month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShardEntry {
    /// Path relative to the manifest (`shards/2024-05.1f0c….json`).
    pub file: String,
    /// Entries in the file.
    pub count: u32,
}

/// Part of a shard a query needs: `take` entries after the first `skip` of `file`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Read {
    /// The shard, relative to the manifest.
    pub file: String,
    /// Its entry count according to the manifest (checked against the file).
    pub count: u32,
    /// Entries of the file before the first one wanted.
    pub skip: usize,
    /// Entries wanted.
    pub take: usize,
}

/// What a query needs: its total, and where its first results are, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// Articles in the range, from the counts.
    pub total: usize,
    /// The shard slices holding the first `limit` of them, in result order.
    pub reads: Vec<Read>,
}

/// A month as the manifest names it: `YYYY-MM`.
pub fn month_key(month: Date) -> String {
    format!("{:04}-{:02}", month.year(), u8::from(month.month()))
}

impl MonthEntry {
    /// The month's first day, if `month` reads as `YYYY-MM`.
    fn first_day(&self) -> Option<Date> {
        let (year, month) = self.month.split_once('-')?;
        let month = Month::try_from(month.parse::<u8>().ok()?).ok()?;
        Date::from_calendar_date(year.parse().ok()?, month, 1).ok()
    }
}

impl Manifest {
    /// Checks what the widget relies on: the version, the zone, months newest first with one
    /// count per day, and totals that agree. The error says what is wrong, for the console.
    pub fn check(&self) -> Result<UtcOffset, String> {
        if self.version != MANIFEST_VERSION {
            return Err(format!(
                "version {} (this widget reads {MANIFEST_VERSION})",
                self.version
            ));
        }
        let zone = parse_zone(&self.time_zone)
            .ok_or_else(|| format!("time_zone {:?} is not an offset", self.time_zone))?;
        let mut previous: Option<Date> = None;
        let mut total = 0u64;
        for m in &self.months {
            let first = m
                .first_day()
                .ok_or_else(|| format!("month {:?} is not YYYY-MM", m.month))?;
            if previous.is_some_and(|p| p <= first) {
                return Err(format!("month {} is out of order (newest first)", m.month));
            }
            previous = Some(first);
            if m.days.len() != usize::from(first.month().length(first.year())) {
                return Err(format!("month {} has {} day counts", m.month, m.days.len()));
            }
            let days: u64 = m.days.iter().map(|&d| u64::from(d)).sum();
            let shards: u64 = m.shards.iter().map(|s| u64::from(s.count)).sum();
            if days != u64::from(m.total) || shards != u64::from(m.total) {
                return Err(format!(
                    "month {}: the day counts, shards and total disagree",
                    m.month
                ));
            }
            total += days;
        }
        if total != self.total {
            return Err("the months do not add up to the total".into());
        }
        Ok(zone)
    }

    /// The entry of `month` (any day of it), if the archive has articles then.
    pub fn month(&self, month: Date) -> Option<&MonthEntry> {
        let key = month_key(month);
        self.months.iter().find(|m| m.month == key)
    }

    /// Articles in `range`, from the counts alone.
    pub fn count(&self, range: DayRange) -> usize {
        self.plan(range, 0).total
    }

    /// The total of `range` and the shard slices holding its first `limit` results. Within a
    /// month entries are newest first, so a range's entries are one run of the month: after
    /// those of the later days, before those of the earlier ones.
    pub fn plan(&self, range: DayRange, limit: usize) -> Plan {
        let mut plan = Plan {
            total: 0,
            reads: Vec::new(),
        };
        let mut wanted = limit;
        for m in &self.months {
            let Some(first) = m.first_day() else { continue };
            let len = m.days.len();
            let last = first.replace_day(len as u8).unwrap_or(first);
            if last < range.from || first > range.to {
                continue;
            }
            // 1-based days of this month inside the range.
            let lo = if range.from > first {
                usize::from(range.from.day())
            } else {
                1
            };
            let hi = if range.to < last {
                usize::from(range.to.day())
            } else {
                len
            };
            let sum = |days: &[u32]| days.iter().map(|&d| d as usize).sum::<usize>();
            let newer = sum(&m.days[hi..]);
            let here = sum(&m.days[lo - 1..hi]);
            plan.total += here;
            let take = here.min(wanted);
            wanted -= take;
            // Positions [newer, newer + take) of the month, mapped onto its shards.
            let (start, end) = (newer, newer + take);
            let mut offset = 0;
            for shard in &m.shards {
                let (from, to) = (offset, offset + shard.count as usize);
                offset = to;
                let (a, b) = (start.max(from), end.min(to));
                if a < b {
                    plan.reads.push(Read {
                        file: shard.file.clone(),
                        count: shard.count,
                        skip: a - from,
                        take: b - a,
                    });
                }
            }
        }
        plan
    }
}

// The shards are written by the native generator, so the tests that build them are native.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use time::Duration;

    use super::*;
    use crate::archive::shards::shard;
    use crate::archive::{day_of, parse_day, parse_index_entries, Entry};
    use crate::date::parse_rfc3339;

    fn datetime(s: &str) -> time::OffsetDateTime {
        parse_rfc3339(s).unwrap()
    }

    fn date(s: &str) -> Date {
        parse_day(s).unwrap()
    }

    /// Entries over three months: a quiet April, a May big enough for three shards (with
    /// several articles at the same minute), and two in June near midnight in Hà Nội.
    fn entries() -> Vec<Entry> {
        let mut all = Vec::new();
        let mut at = datetime("2024-04-20T08:00:00+07:00");
        for i in 0..40 {
            all.push(Entry::new(
                &format!("apr-{i:02}"),
                "T",
                at,
                Some("a.json"),
                None,
            ));
            at += Duration::hours(7);
        }
        let mut at = datetime("2024-05-01T00:00:00+07:00");
        for i in 0..2300 {
            all.push(Entry::new(
                &format!("may-{i:04}"),
                "T",
                at,
                Some("a.json"),
                None,
            ));
            if i % 3 == 0 {
                at += Duration::minutes(17);
            }
        }
        all.push(Entry::new(
            "jun-a",
            "T",
            datetime("2024-05-31T17:30:00Z"),
            None,
            Some("/a"),
        ));
        all.push(Entry::new(
            "jun-b",
            "T",
            datetime("2024-06-01T16:59:00Z"),
            None,
            Some("/b"),
        ));
        all
    }

    #[test]
    fn plans_read_exactly_the_results_a_full_scan_finds() {
        let zone = UtcOffset::from_hms(7, 0, 0).unwrap();
        let all = entries();
        let sharded = shard(all.clone(), zone);
        assert_eq!(sharded.manifest.check(), Ok(zone));
        let files: std::collections::HashMap<_, _> = sharded
            .shards
            .iter()
            .map(|s| {
                (
                    s.file.clone(),
                    parse_index_entries(s.content.as_bytes()).unwrap().0,
                )
            })
            .collect();
        let mut expected_order = all.clone();
        expected_order.sort_by(|a, b| (b.published, b.id()).cmp(&(a.published, a.id())));
        let days = [
            date("2024-04-01"),
            date("2024-04-30"),
            date("2024-05-01"),
            date("2024-05-02"),
            date("2024-05-13"),
            date("2024-05-31"),
            date("2024-06-01"),
            date("2024-06-02"),
            date("2024-07-01"),
        ];
        for &from in &days {
            for &to in days.iter().filter(|&&to| to >= from) {
                let range = DayRange::new(from, to).unwrap();
                let found: Vec<&Entry> = expected_order
                    .iter()
                    .filter(|e| (from..=to).contains(&day_of(e.published, zone)))
                    .collect();
                for limit in [0, 1, 20, 999, 1001, 5000] {
                    let plan = sharded.manifest.plan(range, limit);
                    assert_eq!(plan.total, found.len(), "{from}..{to}");
                    let read: Vec<&Entry> = plan
                        .reads
                        .iter()
                        .flat_map(|r| files[&r.file].iter().skip(r.skip).take(r.take))
                        .collect();
                    let want: Vec<&Entry> = found.iter().take(limit).copied().collect();
                    assert_eq!(read, want, "{from}..{to} limit {limit}");
                }
            }
        }
    }

    #[test]
    fn a_bad_manifest_is_named() {
        let zone = UtcOffset::from_hms(7, 0, 0).unwrap();
        let good = shard(entries(), zone).manifest;
        let broken = |f: fn(&mut Manifest)| {
            let mut m = good.clone();
            f(&mut m);
            m.check().unwrap_err()
        };
        assert!(broken(|m| m.version = 2).contains("version 2"));
        assert!(broken(|m| m.time_zone = "Hà Nội".into()).contains("time_zone"));
        assert!(broken(|m| m.months.swap(0, 1)).contains("out of order"));
        assert!(broken(|m| m.months[0].month = "2024-13".into()).contains("YYYY-MM"));
        assert!(broken(|m| {
            m.months[1].days.pop();
        })
        .contains("day counts"));
        assert!(broken(|m| m.months[1].days[3] += 1).contains("disagree"));
        assert!(broken(|m| m.total += 1).contains("total"));
    }
}
