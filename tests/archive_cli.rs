//! `article-widget-archive`, run as a portal runs it: CSV with bad rows, a folder of articles, an
//! index; determinism, unchanged shards left alone, month splitting, the portal zone's days.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use article_widget::archive::manifest::Manifest;
use article_widget::archive::parse_index;

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("archive-cli")
        .join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&Path], extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_article-widget-archive"))
        .args(args)
        .args(extra)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn manifest(dir: &Path) -> Manifest {
    serde_json::from_str(&fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap()
}

/// The ids of a shard, in file order.
fn shard_ids(dir: &Path, file: &str) -> Vec<String> {
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.join(file)).unwrap()).unwrap();
    json["articles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap().to_owned())
        .collect()
}

const HEADER: &str = "id,title,published,url,src\n";

#[test]
fn csv_bad_rows_are_skipped_counted_and_named() {
    let dir = scratch("bad-rows");
    let csv = dir.join("articles.csv");
    fs::write(
        &csv,
        format!(
            "{HEADER}\
             a,Tin A,2024-05-13T10:45:00+07:00,https://portal.vn/a,\n\
             b,\"Tin B, có dấu phẩy\",2024-05-13T08:00:00+07:00,,articles/b.json\n\
             c,Tin C,13/05/2024 10:45,https://portal.vn/c,\n\
             d,,2024-05-13T10:45:00+07:00,https://portal.vn/d,\n\
             e,Tin E,2024-05-13T10:45:00+07:00,javascript:alert(1),\n\
             f,Tin F,2024-05-13T10:45:00+07:00\n\
             g,Tin G,2024-05-12T09:00:00+07:00,https://portal.vn/g,\n"
        ),
    )
    .unwrap();
    let out_dir = dir.join("out");
    let out = run(&[&csv], &["--out", out_dir.to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("4 skipped"), "{err}");
    for named in [
        "line 4: `published` is not an RFC 3339",
        "line 5: `title` is empty",
        "line 6: ",
        "line 7: 3 fields, the header has 5",
    ] {
        assert!(err.contains(named), "{named} not in {err}");
    }
    assert!(err.contains("3 articles, 1 months, 1 shards"), "{err}");
    let m = manifest(&out_dir);
    assert_eq!((m.total, m.time_zone.as_str()), (3, "+07:00"));
    assert_eq!(m.months[0].month, "2024-05");
    assert_eq!(m.months[0].days[11..13], [1, 2]);
    assert_eq!(
        shard_ids(&out_dir, &m.months[0].shards[0].file),
        ["a", "b", "g"]
    );
    // No temporary file is left behind.
    let leftovers: Vec<_> = fs::read_dir(out_dir.join("shards"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn csv_without_a_required_column_or_a_bad_zone_is_refused() {
    let dir = scratch("refused");
    let csv = dir.join("no-date.csv");
    fs::write(&csv, "id,title,url\na,Tin A,https://portal.vn/a\n").unwrap();
    let out_dir = dir.join("out");
    let out = run(&[&csv], &["--out", out_dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("no `published` column"),
        "{}",
        stderr(&out)
    );
    assert!(!out_dir.join("manifest.json").exists());

    let good = dir.join("good.csv");
    fs::write(
        &good,
        format!("{HEADER}a,A,2024-05-13T10:45:00+07:00,/a,\n"),
    )
    .unwrap();
    let out = run(
        &[&good],
        &["--out", out_dir.to_str().unwrap(), "--time-zone", "Hà Nội"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--time-zone"), "{}", stderr(&out));

    let out = run(
        &[&dir.join("missing.json")],
        &["--out", out_dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// `n` entries a minute apart, newest first in the CSV or shuffled.
fn rows(n: usize, shuffled: bool) -> String {
    let mut lines: Vec<String> = (0..n)
        .map(|i| {
            let (day, minute) = (1 + i / 1440, i % 1440);
            format!(
                "id-{i:05},Tin {i},2024-05-{day:02}T{:02}:{:02}:00+07:00,https://portal.vn/{i},\n",
                minute / 60,
                minute % 60
            )
        })
        .collect();
    if shuffled {
        // A fixed permutation: every 7th element first, and so on.
        lines = (0..7)
            .flat_map(|k| lines.iter().skip(k).step_by(7).cloned().collect::<Vec<_>>())
            .collect();
    }
    format!("{HEADER}{}", lines.concat())
}

#[test]
fn a_big_month_splits_and_the_output_depends_only_on_the_entries() {
    let dir = scratch("split");
    let (sorted, shuffled) = (dir.join("sorted.csv"), dir.join("shuffled.csv"));
    fs::write(&sorted, rows(2500, false)).unwrap();
    fs::write(&shuffled, rows(2500, true)).unwrap();
    let (a, b) = (dir.join("a"), dir.join("b"));
    assert!(run(&[&sorted], &["--out", a.to_str().unwrap()])
        .status
        .success());
    assert!(run(&[&shuffled], &["--out", b.to_str().unwrap()])
        .status
        .success());

    let m = manifest(&a);
    assert_eq!(m, manifest(&b));
    assert_eq!(
        fs::read(a.join("manifest.json")).unwrap(),
        fs::read(b.join("manifest.json")).unwrap()
    );
    let month = &m.months[0];
    let counts: Vec<u32> = month.shards.iter().map(|s| s.count).collect();
    assert_eq!(counts, [1000, 1000, 500]);
    assert!(month.shards[0].file.starts_with("shards/2024-05."));
    assert!(month.shards[1].file.starts_with("shards/2024-05-2."));
    assert!(month.shards[2].file.starts_with("shards/2024-05-3."));
    assert_eq!(month.days[..3], [1440, 1060, 0]);
    // Newest first across the files, and each file is a valid index on its own.
    let mut all = Vec::new();
    for shard in &month.shards {
        assert_eq!(
            fs::read(a.join(&shard.file)).unwrap(),
            fs::read(b.join(&shard.file)).unwrap()
        );
        let parsed = parse_index(&fs::read_to_string(a.join(&shard.file)).unwrap()).unwrap();
        assert_eq!(
            (parsed.skipped, parsed.archive.entries().len()),
            (0, shard.count as usize)
        );
        all.extend(shard_ids(&a, &shard.file));
    }
    let expected: Vec<String> = (0..2500).rev().map(|i| format!("id-{i:05}")).collect();
    assert_eq!(all, expected);

    // A second run over the same entries rewrites nothing.
    let inodes = |dir: &Path| -> Vec<u64> {
        let mut files: Vec<_> = fs::read_dir(dir.join("shards"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.push(dir.join("manifest.json"));
        files.sort();
        files
            .iter()
            .map(|f| fs::metadata(f).unwrap().ino())
            .collect()
    };
    let before = inodes(&a);
    let again = run(&[&shuffled], &["--out", a.to_str().unwrap()]);
    assert!(
        stderr(&again).contains("(0 written, 3 unchanged)"),
        "{}",
        stderr(&again)
    );
    assert_eq!(inodes(&a), before);

    // One more article: only the shard it lands in changes (the newest), and the manifest.
    fs::write(
        &sorted,
        format!(
            "{}id-new,Tin mới,2024-05-31T23:00:00+07:00,/new,\n",
            rows(2500, false)
        ),
    )
    .unwrap();
    let more = run(&[&sorted], &["--out", a.to_str().unwrap()]);
    assert!(stderr(&more).contains("2501 articles"), "{}", stderr(&more));
    assert_eq!(manifest(&a).months[0].shards[0].count, 1000);
}

#[test]
fn days_are_the_portals_calendar_days() {
    let dir = scratch("zone");
    let csv = dir.join("edge.csv");
    // 17:30 UTC on 31 May is 00:30 on 1 June in Hà Nội; 16:59 UTC is still 31 May there.
    fs::write(
        &csv,
        format!(
            "{HEADER}late,Late,2024-05-31T17:30:00Z,/late,\n\
             early,Early,2024-05-31T16:59:00Z,/early,\n"
        ),
    )
    .unwrap();
    let (hanoi, utc) = (dir.join("hanoi"), dir.join("utc"));
    assert!(run(&[&csv], &["--out", hanoi.to_str().unwrap()])
        .status
        .success());
    assert!(run(
        &[&csv],
        &["--out", utc.to_str().unwrap(), "--time-zone", "Z"]
    )
    .status
    .success());
    let m = manifest(&hanoi);
    let months: Vec<(&str, u32)> = m
        .months
        .iter()
        .map(|m| (m.month.as_str(), m.total))
        .collect();
    assert_eq!(months, [("2024-06", 1), ("2024-05", 1)]);
    assert_eq!((m.months[0].days[0], m.months[1].days[30]), (1, 1));
    assert_eq!(m.months[0].days.len(), 30);
    let m = manifest(&utc);
    assert_eq!(
        (m.time_zone.as_str(), m.months.len(), m.months[0].days[30]),
        ("+00:00", 1, 2)
    );
}

#[test]
fn a_folder_of_articles_and_an_index() {
    let dir = scratch("folder");
    let articles = dir.join("articles");
    fs::create_dir_all(articles.join("2024")).unwrap();
    let seed = include_str!("../static/articles/bo-xay-dung-tap-huan-dan-van-2024.json");
    fs::write(articles.join("2024/seed.json"), seed).unwrap();
    fs::write(articles.join("broken.json"), "{\"id\":").unwrap();
    fs::write(articles.join("notes.txt"), "not an article").unwrap();
    let out_dir = dir.join("out");
    let out = run(
        &[&articles, Path::new("static/index.json")],
        &["--out", out_dir.to_str().unwrap()],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("1 skipped") && err.contains("broken.json"),
        "{err}"
    );
    let m = manifest(&out_dir);
    let index_total = parse_index(&fs::read_to_string("static/index.json").unwrap())
        .unwrap()
        .archive
        .entries()
        .len() as u64;
    assert_eq!(m.total, index_total + 1);
    // Links are rewritten relative to the output folder, where the manifest is: each one
    // resolves from there to the file it named.
    let shard = fs::read_to_string(out_dir.join(&m.months[0].shards[0].file)).unwrap();
    assert!(
        shard.contains("\"src\":\"../articles/2024/seed.json\""),
        "{shard}"
    );
    let mut links = 0;
    for month in &m.months {
        for shard in &month.shards {
            let parsed =
                parse_index(&fs::read_to_string(out_dir.join(&shard.file)).unwrap()).unwrap();
            for entry in parsed.archive.entries() {
                let src = entry.src().unwrap();
                assert!(
                    out_dir.join(src).is_file(),
                    "{src} does not resolve from the manifest"
                );
                links += 1;
            }
        }
    }
    assert_eq!(links, m.total);
}

/// The manifest the command writes has every field `schema/manifest.schema.json` requires, and
/// no other, at each level.
#[test]
fn the_manifest_matches_its_schema() {
    let dir = scratch("schema");
    let csv = dir.join("a.csv");
    fs::write(&csv, format!("{HEADER}a,A,2024-05-13T10:45:00+07:00,/a,\n")).unwrap();
    let out_dir = dir.join("out");
    assert!(run(&[&csv], &["--out", out_dir.to_str().unwrap()])
        .status
        .success());
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out_dir.join("manifest.json")).unwrap()).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../schema/manifest.schema.json")).unwrap();
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
        k.sort();
        k
    };
    let required = |s: &serde_json::Value| {
        let mut k: Vec<String> = s["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_owned())
            .collect();
        k.sort();
        k
    };
    let month_schema = &schema["properties"]["months"]["items"];
    let shard_schema = &month_schema["properties"]["shards"]["items"];
    assert_eq!(keys(&manifest), required(&schema));
    assert_eq!(keys(&manifest["months"][0]), required(month_schema));
    assert_eq!(
        keys(&manifest["months"][0]["shards"][0]),
        required(shard_schema)
    );
    assert_eq!(
        manifest["version"],
        schema["properties"]["version"]["const"]
    );
}
