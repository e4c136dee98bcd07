//! The sharded archive: a manifest of per-day counts and the month files it names, written by
//! `article-widget-archive` for portals with 10^5–10^6 articles.
//!
//! A single index of every article grows with the archive (20 MB at 100,000); the sharded
//! archive answers "how many on which day" from the manifest alone (a few bytes per month) and
//! "which articles" from the one month file a query touches. Layout, in the output folder:
//!
//! ```text
//! manifest.json                      {"version":1,"time_zone":"+07:00","total":N,"months":[…]}
//! shards/2024-05.1f0c…e2.json        {"articles":[…]}, entries as in index.json, newest first
//! shards/2024-05-2.9a4b…07.json      the same month's next 1,000 entries, when it has more
//! ```
//!
//! Each month in the manifest (newest first) has its total, a count per calendar day in the
//! portal's zone (`days[0]` is the 1st), and its shards in order, each with its entry count.
//! Entries are ordered newest first, ties by `id` descending (as the query API orders them), so
//! the n-th result of any range is found from the counts without fetching. A shard's name ends
//! in the hash of its content: it never changes, so it is cached forever, and a regenerated
//! archive leaves unchanged shards alone.

use std::fmt::Write as _;

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::UtcOffset;

use super::manifest::{month_key, Manifest, MonthEntry, ShardEntry, MANIFEST_VERSION};
use super::{day_of, month_of, Entry};

/// Entries per shard: a month above this splits into several files (about 150 KB of JSON,
/// 25 KB compressed, each).
pub const SHARD_SIZE: usize = 1000;

/// A shard to write: its manifest entry and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShardFile {
    /// Path relative to the output folder, as in the manifest.
    pub file: String,
    /// The JSON text.
    pub content: String,
}

/// The whole archive, ready to write: every shard, then the manifest that names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sharded {
    /// `manifest.json`, written last.
    pub manifest: Manifest,
    /// The shard files, in the manifest's order.
    pub shards: Vec<ShardFile>,
}

/// Splits `entries` (any order) into month shards by calendar day in `zone`. The result depends
/// only on the set of entries, not on their order.
pub fn shard(mut entries: Vec<Entry>, zone: UtcOffset) -> Sharded {
    // Newest first, ties by id descending, then by the rest so that equal keys still sort the
    // same whatever order they came in.
    entries.sort_unstable_by(|a, b| {
        (b.published, b.id(), b.title(), b.src(), b.url()).cmp(&(
            a.published,
            a.id(),
            a.title(),
            a.src(),
            a.url(),
        ))
    });
    let mut months = Vec::new();
    let mut shards = Vec::new();
    let month_of_entry = |e: &Entry| month_of(day_of(e.published, zone));
    for of_month in entries.chunk_by(|a, b| month_of_entry(a) == month_of_entry(b)) {
        let month = month_of_entry(&of_month[0]);
        let name = month_key(month);
        let mut days = vec![0u32; usize::from(month.month().length(month.year()))];
        for e in of_month {
            let day = usize::from(day_of(e.published, zone).day()) - 1;
            days[day] += 1;
        }
        let mut month_shards = Vec::new();
        for (part, chunk) in of_month.chunks(SHARD_SIZE).enumerate() {
            let content = shard_json(chunk);
            let stem = if part == 0 {
                name.clone()
            } else {
                format!("{name}-{}", part + 1)
            };
            let file = format!("shards/{stem}.{}.json", content_hash(&content));
            month_shards.push(ShardEntry {
                file: file.clone(),
                count: chunk.len() as u32,
            });
            shards.push(ShardFile { file, content });
        }
        months.push(MonthEntry {
            month: name,
            total: of_month.len() as u32,
            days,
            shards: month_shards,
        });
    }
    Sharded {
        manifest: Manifest {
            version: MANIFEST_VERSION,
            time_zone: crate::date::format_zone(zone),
            total: entries.len() as u64,
            months,
        },
        shards,
    }
}

/// A shard's JSON: today's index format, so a shard is also a valid `data-index-src`.
fn shard_json(entries: &[Entry]) -> String {
    #[derive(Serialize)]
    struct Item<'a> {
        id: &'a str,
        title: &'a str,
        published: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        src: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        url: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Shard<'a> {
        articles: Vec<Item<'a>>,
    }
    let articles = entries
        .iter()
        .map(|e| Item {
            id: e.id(),
            title: e.title(),
            published: e.published.format(&Rfc3339).unwrap_or_default(),
            src: e.src(),
            url: e.url(),
        })
        .collect();
    crate::json::to_string(&Shard { articles }).unwrap_or_default()
}

/// The first 64 bits of the content's SHA-256, in hex: enough to tell versions of one month's
/// file apart.
fn content_hash(content: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(content.as_bytes());
    digest[..8].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}
