//! The article index behind "Tìm theo ngày" (search by date); format in `schema/index.schema.json`.
//!
//! A portal publishes one index file (`data-index-src`) listing every article with its
//! publication instant. The reader picks a day or a range of days and the widget lists what was
//! published then, newest first.
//!
//! Two rules shape this module:
//! - **Days are the portal's days.** An article belongs to the calendar day of its instant in the
//!   portal's fixed offset (`data-time-zone`, default `+07:00`), not in the offset written in the
//!   file and not in UTC: `2024-05-13T01:00:00+07:00` is on 13/05 although it is 12/05 in UTC.
//! - **One bad entry must not hide the others.** Index files are assembled by CMS exports and
//!   scripts; an entry with a bad date, an empty title or no usable link is skipped and counted,
//!   with a few examples for the console. Only a file that is not an index at all is an error.
//!
//! Indexes can list a portal's whole history (100,000 entries and more), so parsing streams the
//! `articles` array through a lenient serde visitor (no intermediate JSON tree), entries are sorted
//! once, and a query is two binary searches on a parallel array of Unix timestamps.

pub mod calendar;
pub mod manifest;
mod raw;
pub mod search;
#[cfg(not(target_arch = "wasm32"))]
pub mod shards;

use time::{Date, Month, OffsetDateTime, UtcOffset};

use crate::date::parse_rfc3339;
use crate::error::{Error, Result};
use crate::model::is_safe_url;

/// How many problems are described individually in [`ParsedIndex::warnings`]; the rest are only
/// counted, so a broken 100,000-entry export does not flood the console.
const MAX_WARNINGS: usize = 5;

/// One article of the index.
///
/// The four strings share one allocation: an index of 100,000 entries then costs 100,000
/// allocations instead of 400,000, which is most of its parse time in the browser.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Publication instant as written in the index; use [`time_of_day`] to show it.
    pub published: OffsetDateTime,
    /// id, title, src and url back to back.
    text: Box<str>,
    /// Where id, title and src end in `text` (url runs to the end).
    ends: [usize; 3],
    /// Whether src and url are present.
    links: (bool, bool),
}

impl Entry {
    /// An entry; at least one of `src` and `url` should be given (the index parser ensures it).
    pub fn new(
        id: &str,
        title: &str,
        published: OffsetDateTime,
        src: Option<&str>,
        url: Option<&str>,
    ) -> Self {
        let (src_text, url_text) = (src.unwrap_or(""), url.unwrap_or(""));
        let mut text =
            String::with_capacity(id.len() + title.len() + src_text.len() + url_text.len());
        text.push_str(id);
        let id_end = text.len();
        text.push_str(title);
        let title_end = text.len();
        text.push_str(src_text);
        let src_end = text.len();
        text.push_str(url_text);
        Entry {
            published,
            text: text.into_boxed_str(),
            ends: [id_end, title_end, src_end],
            links: (src.is_some(), url.is_some()),
        }
    }

    /// The article's stable identifier (trimmed, never empty).
    pub fn id(&self) -> &str {
        &self.text[..self.ends[0]]
    }

    /// Headline (trimmed, never empty).
    pub fn title(&self) -> &str {
        &self.text[self.ends[0]..self.ends[1]]
    }

    /// Article JSON to open inside the widget (a safe URL, as written in the index), if any.
    pub fn src(&self) -> Option<&str> {
        self.links.0.then(|| &self.text[self.ends[1]..self.ends[2]])
    }

    /// Page to navigate to (a safe URL, as written in the index), if any.
    pub fn url(&self) -> Option<&str> {
        self.links.1.then(|| &self.text[self.ends[2]..])
    }
}

/// The valid entries of an index, oldest first, ready for day queries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Archive {
    /// Sorted by publication instant; entries published at the same instant keep index order.
    entries: Vec<Entry>,
    /// `entries[i].published` as a Unix timestamp (seconds), for binary search.
    timestamps: Vec<i64>,
}

/// An index as parsed: the usable entries plus what was left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedIndex {
    /// The valid entries.
    pub archive: Archive,
    /// How many entries were skipped as unusable.
    pub skipped: usize,
    /// A few English descriptions of skipped entries and dropped URLs, for the console: at most
    /// five examples, followed by one line counting the problems not described.
    pub warnings: Vec<String>,
}

/// Parses and validates index JSON: `{"articles":[{"id","title","published","src","url"}]}`.
///
/// Unusable entries are skipped and counted, never fatal; an unsafe `src`/`url` is treated as
/// absent. Fails only when the text is not JSON ([`Error::Json`]), is not an object, or has no
/// `articles` array ([`Error::MissingField`] when absent or null, [`Error::Json`] when not an
/// array).
///
/// ```
/// use article_widget::archive::{parse_index, parse_day};
/// let json = r#"{"articles":[
///   {"id":"a","title":"Tin A","published":"2024-05-13T01:00:00+07:00","src":"articles/a.json"},
///   {"id":"b","title":"Tin B","published":"2024-05-13T03:30:00Z","url":"https://example.vn/b"},
///   {"id":"c","title":"","published":"2024-05-13T09:00:00+07:00","src":"articles/c.json"}]}"#;
/// let parsed = parse_index(json).unwrap();
/// assert_eq!(parsed.skipped, 1);
/// let day = parse_day("13/05/2024").unwrap();
/// let found = parsed.archive.between(day, day, article_widget::date::DEFAULT_ZONE);
/// let ids: Vec<&str> = found.iter().map(|e| e.id()).collect();
/// assert_eq!(ids, ["b", "a"]); // newest first: 10:30 then 01:00 in Hà Nội
/// ```
pub fn parse_index(json: &str) -> Result<ParsedIndex> {
    parse_index_bytes(json.as_bytes())
}

/// [`parse_index`] on the bytes as fetched: skipping the browser's UTF-16 string saves two
/// transcodings of a file that may be 20 MB (UTF-8 is still checked).
pub fn parse_index_bytes(json: &[u8]) -> Result<ParsedIndex> {
    let index = raw::parse(json).map_err(Error::Json)?;
    let collector = index
        .articles
        .ok_or_else(|| Error::MissingField("articles".into()))?;
    Ok(collector.finish())
}

/// What a date query found: how many in all, and the first of them, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The range asked for.
    pub range: DayRange,
    /// Articles in the range.
    pub total: usize,
    /// The first of them, newest first (as many as asked for, or all).
    pub entries: Vec<Entry>,
    /// The absolute URL entry links are relative to (the index, manifest or API).
    pub base: Option<String>,
}

/// The usable entries of index JSON in file order, and how many were skipped: a shard of the
/// sharded archive or a page of the query API, already in result order.
pub fn parse_index_entries(json: &[u8]) -> Result<(Vec<Entry>, usize)> {
    let index = raw::parse(json).map_err(Error::Json)?;
    let collector = index
        .articles
        .ok_or_else(|| Error::MissingField("articles".into()))?;
    Ok((collector.entries, collector.skipped))
}

impl Archive {
    /// Builds an archive from already validated entries, sorting them by publication instant
    /// (stable: entries published at the same instant keep their order).
    pub fn new(mut entries: Vec<Entry>) -> Self {
        let key = |e: &Entry| (e.published.unix_timestamp(), e.published.nanosecond());
        let keys: Vec<(i64, u32)> = entries.iter().map(key).collect();
        // Index files usually come oldest first or, from most CMS exports, newest first: both are
        // handled in linear time, without moving 100,000 entries around through a sort.
        if keys.is_sorted() {
            let timestamps = keys.into_iter().map(|(seconds, _)| seconds).collect();
            return Archive {
                entries,
                timestamps,
            };
        }
        if keys.is_sorted_by(|a, b| a >= b) {
            entries.reverse();
            // Reversing also reversed entries published at the same instant: restore their order.
            for same_instant in entries.chunk_by_mut(|a, b| key(a) == key(b)) {
                same_instant.reverse();
            }
        } else {
            // Stable; each key is computed once and each entry moved once.
            entries.sort_by_cached_key(key);
        }
        let timestamps = entries
            .iter()
            .map(|e| e.published.unix_timestamp())
            .collect();
        Archive {
            entries,
            timestamps,
        }
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when the index had no usable entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// All entries, oldest first.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Entries published on the calendar days `from..=to` in the portal's `zone`, **newest
    /// first**; entries published at the same instant come in reverse index order. Empty when
    /// `to` is before `from`. O(log n + k).
    pub fn between(&self, from: Date, to: Date, zone: UtcOffset) -> Vec<&Entry> {
        self.between_oldest_first(from, to, zone)
            .iter()
            .rev()
            .collect()
    }

    /// Articles per calendar day of `month`'s month in `zone`, `[0]` being the 1st: the
    /// calendar's marks.
    pub fn day_counts(&self, month: Date, zone: UtcOffset) -> Vec<u32> {
        let first = month_of(month);
        (1..=first.month().length(first.year()))
            .map(|d| {
                let day = first.replace_day(d).unwrap_or(first);
                self.between_oldest_first(day, day, zone).len() as u32
            })
            .collect()
    }

    /// The same entries as [`Archive::between`] as a borrowed slice, oldest first; O(log n), for
    /// counting or paging without collecting.
    pub fn between_oldest_first(&self, from: Date, to: Date, zone: UtcOffset) -> &[Entry] {
        if to < from {
            return &[];
        }
        let start = day_start(from, zone);
        // The last representable day has no successor: everything after its start matches.
        let end = to.next_day().map_or(i64::MAX, |next| day_start(next, zone));
        let lo = self.timestamps.partition_point(|&t| t < start);
        let hi = lo + self.timestamps[lo..].partition_point(|&t| t < end);
        &self.entries[lo..hi]
    }
}

/// Unix timestamp of `day`'s midnight in `zone`.
fn day_start(day: Date, zone: UtcOffset) -> i64 {
    day.midnight().assume_offset(zone).unix_timestamp()
}

/// Seconds since the Unix epoch, shifted into `zone`'s wall clock. Computed on integers rather
/// than with `OffsetDateTime::to_offset`, which panics when the shift leaves the supported years.
fn local_seconds(timestamp: i64, zone: UtcOffset) -> i64 {
    timestamp.saturating_add(i64::from(zone.whole_seconds()))
}

/// A day range chosen by the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayRange {
    /// First day, inclusive.
    pub from: Date,
    /// Last day, inclusive.
    pub to: Date,
}

/// Why a [`DayRange`] could not be built.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    /// The last day is before the first.
    #[error("the end day is before the start day")]
    EndBeforeStart,
}

impl DayRange {
    /// Single day.
    pub fn day(d: Date) -> Self {
        DayRange { from: d, to: d }
    }

    /// Inclusive range; error if `to` is before `from`.
    pub fn new(from: Date, to: Date) -> std::result::Result<Self, RangeError> {
        if to < from {
            Err(RangeError::EndBeforeStart)
        } else {
            Ok(DayRange { from, to })
        }
    }

    /// True when the range covers exactly one day.
    pub fn is_single_day(&self) -> bool {
        self.from == self.to
    }

    /// Deep-link value: `2024-05-13` or `2024-05-10..2024-05-13`.
    pub fn to_param(&self) -> String {
        if self.is_single_day() {
            iso_day(self.from)
        } else {
            format!("{}..{}", iso_day(self.from), iso_day(self.to))
        }
    }

    /// Reads a deep-link value written by [`DayRange::to_param`]. Whitespace around the days is
    /// tolerated, and so is any day form [`parse_day`] accepts (people edit links by hand);
    /// reversed, open-ended or malformed ranges give `None`.
    pub fn from_param(s: &str) -> Option<Self> {
        match s.split_once("..") {
            Some((from, to)) => DayRange::new(parse_day(from)?, parse_day(to)?).ok(),
            None => parse_day(s).map(DayRange::day),
        }
    }
}

/// Parses a day typed or picked by the reader: `2024-05-13` (what `<input type=date>` gives) or
/// `13/05/2024` / `13/5/2024` (Vietnamese order dd/mm/yyyy). `None` when malformed or not a real
/// date (`31/02/2024`). Surrounding whitespace is ignored; the year always has four digits, so
/// `13/05/24` is rejected rather than guessed.
pub fn parse_day(input: &str) -> Option<Date> {
    let s = input.trim();
    if let Some((year, month, day)) = split3(s, '-') {
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        return calendar_date(year, month, day);
    }
    let (day, month, year) = split3(s, '/')?;
    if year.len() != 4 || !(1..=2).contains(&month.len()) || !(1..=2).contains(&day.len()) {
        return None;
    }
    calendar_date(year, month, day)
}

/// Splits `s` into exactly three parts at `sep`.
fn split3(s: &str, sep: char) -> Option<(&str, &str, &str)> {
    let mut parts = s.split(sep);
    let triple = (parts.next()?, parts.next()?, parts.next()?);
    parts.next().is_none().then_some(triple)
}

/// Builds a date from ASCII-digit strings; years before 1 are not days a reader means.
fn calendar_date(year: &str, month: &str, day: &str) -> Option<Date> {
    fn digits(s: &str) -> Option<u16> {
        // `str::parse` alone would also accept a leading `+`.
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    }
    let year = digits(year)?;
    if year == 0 {
        return None;
    }
    let month = Month::try_from(u8::try_from(digits(month)?).ok()?).ok()?;
    let day = u8::try_from(digits(day)?).ok()?;
    Date::from_calendar_date(i32::from(year), month, day).ok()
}

/// dd/mm/yyyy, e.g. `13/05/2024`.
pub fn format_day(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// The first day of `day`'s month.
pub fn month_of(day: Date) -> Date {
    day.replace_day(1).unwrap_or(day)
}

/// yyyy-mm-dd (the value format of `<input type=date>`).
pub fn iso_day(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The calendar day of an instant in the portal's zone. `checked_to_offset` rather than
/// `to_offset`, which panics when the shift leaves the supported years; at that edge the day
/// written in the file is shown.
pub fn day_of(t: OffsetDateTime, zone: UtcOffset) -> Date {
    t.checked_to_offset(zone).unwrap_or(t).date()
}

/// HH:MM of an instant in the portal's zone, e.g. `10:45`.
pub fn time_of_day(t: OffsetDateTime, zone: UtcOffset) -> String {
    let second_of_day = local_seconds(t.unix_timestamp(), zone).rem_euclid(86_400);
    format!(
        "{:02}:{:02}",
        second_of_day / 3600,
        second_of_day % 3600 / 60
    )
}

/// An entry's fields as text, from a source other than index JSON (a CSV row, an article file).
#[derive(Debug, Clone, Copy, Default)]
pub struct Fields<'a> {
    /// `id`; absent is `None`.
    pub id: Option<&'a str>,
    /// `title`.
    pub title: Option<&'a str>,
    /// `published`, RFC 3339 with an offset.
    pub published: Option<&'a str>,
    /// `src`; an empty one counts as absent.
    pub src: Option<&'a str>,
    /// `url`; an empty one counts as absent.
    pub url: Option<&'a str>,
}

/// Validates one entry given as text with the index's rules: the entry, or why it is skipped
/// ("missing `title`", …). An unsafe link beside a usable one is dropped silently.
pub fn entry_from_fields(fields: Fields<'_>) -> std::result::Result<Entry, String> {
    fn text(v: Option<&str>) -> Option<raw::Value<'_>> {
        v.map(|s| raw::Value::Text(std::borrow::Cow::Borrowed(s)))
    }
    let item = raw::Item::Entry(raw::RawEntry {
        id: text(fields.id),
        title: text(fields.title),
        published: text(fields.published),
        src: text(fields.src),
        url: text(fields.url),
    });
    validate(item, 0, &mut Collector::default()).map_err(|skip| skip.to_string())
}

/// Accumulates validated entries while the `articles` array is being read.
#[derive(Debug, Default)]
struct Collector {
    entries: Vec<Entry>,
    skipped: usize,
    warnings: Vec<String>,
    /// Problems met after [`MAX_WARNINGS`] were described.
    untold: usize,
}

impl Collector {
    /// Validates the entry at `articles[i]`.
    fn push(&mut self, i: usize, item: raw::Item<'_>) {
        match validate(item, i, self) {
            Ok(entry) => self.entries.push(entry),
            Err(skip) => {
                self.skipped += 1;
                self.warn(|| format!("articles[{i}] skipped: {skip}"));
            }
        }
    }

    /// Records a problem; the message is only built while examples are still wanted.
    fn warn(&mut self, message: impl FnOnce() -> String) {
        if self.warnings.len() < MAX_WARNINGS {
            self.warnings.push(message());
        } else {
            self.untold += 1;
        }
    }

    fn finish(mut self) -> ParsedIndex {
        if self.untold > 0 {
            self.warnings.push(format!(
                "{} more index problems not shown ({} entries skipped in all)",
                self.untold, self.skipped
            ));
        }
        ParsedIndex {
            archive: Archive::new(self.entries),
            skipped: self.skipped,
            warnings: self.warnings,
        }
    }
}

/// Why an entry was skipped.
#[derive(Debug)]
enum Skip {
    /// The array element is not an object; holds what it is ("a string", …).
    NotObject(&'static str),
    /// A required field is absent or null.
    Missing(&'static str),
    /// A required field is empty or whitespace.
    Empty(&'static str),
    /// A required field is not a string; holds the field and what it is.
    NotText(&'static str, &'static str),
    /// `published` is not RFC 3339 with an offset; holds a preview of the value.
    BadDate(String),
    /// Neither `src` nor `url` is given.
    NoLink,
    /// The only links given are unusable (unsafe URL, not a string); holds why, for one of them.
    NoSafeLink(String),
}

impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotObject(kind) => write!(f, "entry is {kind}, not an object"),
            Skip::Missing(field) => write!(f, "missing `{field}`"),
            Skip::Empty(field) => write!(f, "`{field}` is empty"),
            Skip::NotText(field, kind) => write!(f, "`{field}` is {kind}, not a string"),
            Skip::BadDate(value) => write!(
                f,
                "`published` is not an RFC 3339 date-time with offset: {value:?}"
            ),
            Skip::NoLink => f.write_str("neither `src` nor `url` is given"),
            Skip::NoSafeLink(why) => write!(f, "no usable `src` or `url` ({why})"),
        }
    }
}

/// A link field after validation.
enum Link<'a> {
    Usable(&'a str),
    Absent,
    /// Present but unusable: what to tell the editor.
    Dropped(String),
}

fn validate(
    item: raw::Item<'_>,
    i: usize,
    out: &mut Collector,
) -> std::result::Result<Entry, Skip> {
    let raw = match item {
        raw::Item::Entry(raw) => raw,
        raw::Item::NotObject(kind) => return Err(Skip::NotObject(kind)),
    };
    let id = required(&raw.id, "id")?;
    let title = required(&raw.title, "title")?;
    let published_raw = required(&raw.published, "published")?;
    let published =
        parse_rfc3339(published_raw).ok_or_else(|| Skip::BadDate(preview(published_raw)))?;

    let src = link(&raw.src);
    let url = link(&raw.url);
    if !matches!(src, Link::Usable(_)) && !matches!(url, Link::Usable(_)) {
        return Err(match (src, url) {
            (Link::Dropped(why), _) | (_, Link::Dropped(why)) => Skip::NoSafeLink(why),
            _ => Skip::NoLink,
        });
    }
    let src = keep(out, i, "src", src);
    let url = keep(out, i, "url", url);
    Ok(Entry::new(id, title, published, src, url))
}

/// A validated link's text; a dropped one is reported.
fn keep<'l>(out: &mut Collector, i: usize, field: &str, link: Link<'l>) -> Option<&'l str> {
    match link {
        Link::Usable(s) => Some(s),
        Link::Absent => None,
        Link::Dropped(why) => {
            out.warn(|| format!("articles[{i}].{field} dropped: {why}"));
            None
        }
    }
}

/// A required text field, trimmed.
fn required<'a>(
    value: &'a Option<raw::Value<'_>>,
    field: &'static str,
) -> std::result::Result<&'a str, Skip> {
    match value {
        None | Some(raw::Value::Null) => Err(Skip::Missing(field)),
        Some(raw::Value::Other(kind)) => Err(Skip::NotText(field, kind)),
        Some(raw::Value::Text(s)) => match s.trim() {
            "" => Err(Skip::Empty(field)),
            s => Ok(s),
        },
    }
}

/// An optional link field: empty counts as absent; unsafe URLs and non-strings are dropped.
fn link<'a>(value: &'a Option<raw::Value<'_>>) -> Link<'a> {
    match value {
        None | Some(raw::Value::Null) => Link::Absent,
        Some(raw::Value::Other(kind)) => Link::Dropped(format!("{kind}, not a string")),
        Some(raw::Value::Text(s)) => match s.trim() {
            "" => Link::Absent,
            s if is_safe_url(s) => Link::Usable(s),
            s => Link::Dropped(format!("unsafe URL {:?}", preview(s))),
        },
    }
}

/// A value shortened for a console message.
fn preview(s: &str) -> String {
    const MAX_CHARS: usize = 60;
    match s.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &s[..cut]),
        None => s.to_owned(),
    }
}

#[cfg(test)]
mod tests;
