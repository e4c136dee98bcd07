//! Where "Tìm theo ngày" finds a range's articles when the portal's archive is too large for one
//! index file: a sharded archive (`data-archive-src`, a manifest and month shards written by
//! `article-widget-archive`) or the portal's own query API (`data-archive-api`).
//!
//! Both answer [`Found`] for a range and a number of results to show. The sharded archive reads
//! the manifest once, takes totals from its day counts, and fetches only the shards holding the
//! results shown, keeping the last [`CACHED_SHARDS`] (they never change: their names carry a
//! hash of their content). The API is asked page by page with its opaque cursor; "Xem thêm"
//! fetches only the next page.

use std::cell::RefCell;
use std::rc::Rc;

use serde::Deserialize;
use time::{Date, UtcOffset};

use super::fetch::{absolute_url, get_bytes, get_text, Limit};
use crate::archive::manifest::{Manifest, Read};
use crate::archive::{iso_day, parse_index_entries, Archive, DayRange, Entry, Found};
use crate::error::{Error, Result};

/// Shards (and months of API counts) kept in memory: a query over a few months and paging back
/// and forth stay local.
pub const CACHED_SHARDS: usize = 8;

/// The last [`CACHED_SHARDS`] values read, most recently used first.
struct Recent<K, V>(RefCell<Vec<(K, Rc<V>)>>);

impl<K: PartialEq, V> Recent<K, V> {
    fn new() -> Self {
        Recent(RefCell::new(Vec::new()))
    }

    /// The value for `key`, which becomes the most recent.
    fn get(&self, key: &K) -> Option<Rc<V>> {
        let mut all = self.0.borrow_mut();
        let at = all.iter().position(|(k, _)| k == key)?;
        let hit = all.remove(at);
        let value = hit.1.clone();
        all.insert(0, hit);
        Some(value)
    }

    /// Keeps `value` for `key`, dropping the least recent past the limit.
    fn put(&self, key: K, value: V) -> Rc<V> {
        let value = Rc::new(value);
        let mut all = self.0.borrow_mut();
        all.insert(0, (key, value.clone()));
        all.truncate(CACHED_SHARDS);
        value
    }
}

/// The API's largest page.
const API_LIMIT: usize = 100;

/// Where the calendar's marks (articles per day) come from.
#[derive(Clone)]
pub enum Counter {
    /// Nothing to count yet (the index is loading or failed): no marks.
    None,
    /// A loaded single index, counted in the portal's zone.
    Index(Rc<Archive>, UtcOffset),
    /// A sharded archive's manifest or the query API's `counts=day`.
    Remote(Rc<RemoteArchive>),
}

impl PartialEq for Counter {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Counter::None, Counter::None) => true,
            (Counter::Index(a, x), Counter::Index(b, y)) => Rc::ptr_eq(a, b) && x == y,
            (Counter::Remote(a), Counter::Remote(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl Counter {
    /// Articles per day of `month` (its first day), `[0]` being the 1st.
    pub async fn month_counts(self, month: Date) -> Result<Rc<Vec<u32>>> {
        match self {
            Counter::Index(archive, zone) => Ok(Rc::new(archive.day_counts(month, zone))),
            Counter::Remote(remote) => remote.month_counts(month).await,
            Counter::None => Ok(Rc::new(Vec::new())),
        }
    }
}

/// A date-search source other than a single index file.
pub struct RemoteArchive {
    kind: Kind,
    /// The manifest, once read.
    manifest: RefCell<Option<Rc<Manifest>>>,
    /// Recently read shards, by file.
    shards: Recent<String, Vec<Entry>>,
    /// The API pages read for the last range.
    pages: RefCell<Option<Pages>>,
    /// Day counts the API gave, by month.
    months: Recent<Date, Vec<u32>>,
}

/// What the API answered so far for one range.
struct Pages {
    range: DayRange,
    total: usize,
    entries: Vec<Entry>,
    /// The cursor of the next page; `None` at the end.
    next: Option<String>,
}

enum Kind {
    /// The manifest's absolute URL.
    Sharded(String),
    /// The API's absolute URL.
    Api(String),
}

impl RemoteArchive {
    /// A sharded archive whose manifest is at `manifest_src`.
    pub fn sharded(manifest_src: &str) -> Self {
        Self::new(Kind::Sharded(
            absolute_url(manifest_src).unwrap_or(manifest_src.to_owned()),
        ))
    }

    /// A query API at `api`.
    pub fn api(api: &str) -> Self {
        Self::new(Kind::Api(absolute_url(api).unwrap_or(api.to_owned())))
    }

    fn new(kind: Kind) -> Self {
        RemoteArchive {
            kind,
            manifest: RefCell::new(None),
            shards: Recent::new(),
            pages: RefCell::new(None),
            months: Recent::new(),
        }
    }

    /// The total of `range` and its first `shown` results, newest first; entry links resolve
    /// against [`Found::base`] (the manifest's or the API's URL).
    pub async fn find(self: Rc<Self>, range: DayRange, shown: usize) -> Result<Found> {
        match &self.kind {
            Kind::Sharded(url) => self.find_in_shards(url, range, shown).await,
            Kind::Api(url) => self.find_by_api(url, range, shown).await,
        }
    }

    /// Articles per day of `month` (its first day), for the calendar: from the manifest's
    /// counts, or the API's `counts=day`.
    pub async fn month_counts(self: Rc<Self>, month: Date) -> Result<Rc<Vec<u32>>> {
        let length = usize::from(month.month().length(month.year()));
        match &self.kind {
            Kind::Sharded(url) => {
                let manifest = self.manifest(url).await?;
                let days = manifest.month(month).map(|m| m.days.clone());
                Ok(Rc::new(days.unwrap_or_else(|| vec![0; length])))
            }
            Kind::Api(url) => {
                if let Some(days) = self.months.get(&month) {
                    return Ok(days);
                }
                #[derive(Deserialize)]
                struct Days {
                    days: std::collections::BTreeMap<String, f64>,
                }
                let last = month.replace_day(length as u8).unwrap_or(month);
                let (from, to) = (iso_day(month), iso_day(last));
                let params = [
                    ("from", from.as_str()),
                    ("to", to.as_str()),
                    ("counts", "day"),
                ];
                let url = with_query(url, &params)?;
                let answer: Days = crate::json::from_str(&get_text(&url, Limit::Document).await?)?;
                let mut days = vec![0; length];
                for (day, count) in answer.days {
                    let index = crate::archive::parse_day(&day)
                        .filter(|d| crate::archive::month_of(*d) == month)
                        .map(|d| usize::from(d.day()) - 1);
                    if let (Some(i), true) = (index, count >= 0.0 && count.fract() == 0.0) {
                        days[i] = count as u32;
                    }
                }
                Ok(self.months.put(month, days))
            }
        }
    }

    async fn find_in_shards(&self, url: &str, range: DayRange, shown: usize) -> Result<Found> {
        let manifest = self.manifest(url).await?;
        let plan = manifest.plan(range, shown);
        let mut entries = Vec::with_capacity(shown.min(plan.total));
        for read in &plan.reads {
            let shard = self.shard(url, read).await?;
            entries.extend(shard.iter().skip(read.skip).take(read.take).cloned());
        }
        Ok(Found {
            range,
            total: plan.total,
            entries,
            base: Some(url.to_owned()),
        })
    }

    async fn manifest(&self, url: &str) -> Result<Rc<Manifest>> {
        if let Some(manifest) = self.manifest.borrow().clone() {
            return Ok(manifest);
        }
        let manifest: Manifest = crate::json::from_str(&get_text(url, Limit::Document).await?)?;
        // Days are the manifest's calendar days: its counts were made in its zone.
        manifest.check().map_err(Error::Mismatch)?;
        let manifest = Rc::new(manifest);
        *self.manifest.borrow_mut() = Some(manifest.clone());
        Ok(manifest)
    }

    /// A shard, from the cache or fetched; it must hold what the manifest says.
    async fn shard(&self, manifest_url: &str, read: &Read) -> Result<Rc<Vec<Entry>>> {
        if let Some(entries) = self.shards.get(&read.file) {
            return Ok(entries);
        }
        let url = super::fetch::resolve_link(&read.file, Some(manifest_url));
        let (entries, skipped) = parse_index_entries(&get_bytes(&url, Limit::Index).await?)?;
        if skipped > 0 || entries.len() != read.count as usize {
            return Err(Error::Mismatch(format!(
                "{url} holds {} usable entries, the manifest says {}",
                entries.len(),
                read.count
            )));
        }
        Ok(self.shards.put(read.file.clone(), entries))
    }

    async fn find_by_api(&self, url: &str, range: DayRange, shown: usize) -> Result<Found> {
        // The pages already read for this range, if it is the last one asked.
        let kept = self.pages.borrow_mut().take().filter(|p| p.range == range);
        let mut started = kept.is_some();
        let Pages {
            mut total,
            mut entries,
            mut next,
            ..
        } = kept.unwrap_or(Pages {
            range,
            total: 0,
            entries: Vec::new(),
            next: None,
        });
        while !started || (entries.len() < shown && next.is_some()) {
            let limit = (shown - entries.len().min(shown)).clamp(1, API_LIMIT);
            let (page_total, page, page_next) =
                api_page(url, range, limit, next.as_deref()).await?;
            started = true;
            total = page_total;
            // An empty page ends the paging, whatever its cursor says: no asking forever.
            next = page_next.filter(|_| !page.is_empty());
            entries.extend(page);
        }
        let found = Found {
            range,
            total,
            entries: entries.iter().take(shown).cloned().collect(),
            base: Some(url.to_owned()),
        };
        *self.pages.borrow_mut() = Some(Pages {
            range,
            total,
            entries,
            next,
        });
        Ok(found)
    }
}

/// `api` with `params` set in its query string (its own parameters kept).
fn with_query(api: &str, params: &[(&str, &str)]) -> Result<String> {
    let url = web_sys::Url::new(api).map_err(|_| Error::Network {
        url: api.to_owned(),
    })?;
    let query = url.search_params();
    for (name, value) in params {
        query.set(name, value);
    }
    Ok(url.href())
}

/// `GET {api}?from=…&to=…&limit=…[&cursor=…]`: the total, a page of entries (skipped ones
/// reported on the console) and the next cursor.
async fn api_page(
    api: &str,
    range: DayRange,
    limit: usize,
    cursor: Option<&str>,
) -> Result<(usize, Vec<Entry>, Option<String>)> {
    #[derive(Deserialize)]
    struct Head {
        total: Option<f64>,
        next: Option<String>,
    }
    let (from, to, limit) = (iso_day(range.from), iso_day(range.to), limit.to_string());
    let mut params = vec![
        ("from", from.as_str()),
        ("to", to.as_str()),
        ("limit", limit.as_str()),
    ];
    params.extend(cursor.map(|c| ("cursor", c)));
    let url = with_query(api, &params)?;
    let bytes = get_bytes(&url, Limit::Document).await?;
    let text = std::str::from_utf8(&bytes).map_err(|e| Error::Json(e.to_string()))?;
    let head: Head = crate::json::from_str(text)?;
    let total = head
        .total
        .filter(|t| *t >= 0.0 && t.fract() == 0.0)
        .ok_or_else(|| Error::MissingField("total".into()))? as usize;
    let (entries, skipped) = parse_index_entries(&bytes)?;
    if skipped > 0 {
        gloo::console::warn!(format!(
            "article-widget: {skipped} entries skipped in {url}"
        ));
    }
    // A cursor that does not move would page forever.
    let next = head
        .next
        .filter(|n| Some(n.as_str()) != cursor && !n.is_empty());
    Ok((total, entries, next))
}
