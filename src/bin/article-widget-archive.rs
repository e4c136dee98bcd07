//! `article-widget-archive INPUT… --out DIR [--time-zone +07:00]`: the sharded archive of
//! "Tìm theo ngày" (`archive::shards`) from an `index.json`, a folder of article JSON files (each
//! entry's `src` is the file's path relative to the folder) or a CSV file with the columns
//! `id,title,published,url,src`. Unusable entries are skipped and counted on stderr, the first
//! few named. The output depends only on the entries: unchanged shards are left as they are, and
//! the manifest is written last, by rename, so a reader never sees it name a missing shard.
//!
//! Relative links of an input are relative to the input's folder; they are rewritten relative to
//! the output folder, since the widget resolves them against the manifest's URL. Absolute URLs,
//! root-relative paths (`/tin/…`) and `#id` links are kept as written.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

// Built for wasm32 (by a workspace-wide command) this is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::fs;
    use std::io::{self, Write};
    use std::path::{Component, Path, PathBuf};
    use std::process::ExitCode;
    use std::time::{Duration, Instant};

    use article_widget::archive::shards::{shard, Sharded};
    use article_widget::archive::{entry_from_fields, parse_index_bytes, Entry, Fields};
    use article_widget::date::parse_zone;
    use article_widget::model::parse_article;
    use clap::Parser;
    use indicatif::{ProgressBar, ProgressStyle};

    /// Skipped entries named on stderr; the rest are only counted.
    const EXAMPLES: usize = 5;

    /// Builds the sharded archive of "Tìm theo ngày" (a manifest and month files).
    #[derive(Parser)]
    #[command(name = "article-widget-archive", version)]
    struct Args {
        /// index.json files, folders of article JSON files, or CSV files
        /// (id,title,published,url,src).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
        /// Output folder: manifest.json and shards/.
        #[arg(long)]
        out: PathBuf,
        /// The portal's time zone, whose calendar days the archive counts.
        #[arg(long, default_value = "+07:00")]
        time_zone: String,
    }

    /// What was read, and what was skipped.
    #[derive(Default)]
    struct Report {
        skipped: usize,
        examples: Vec<String>,
    }

    impl Report {
        fn skip(&mut self, why: impl FnOnce() -> String) {
            self.skipped += 1;
            if self.examples.len() < EXAMPLES {
                self.examples.push(why());
            }
        }
    }

    pub fn main() -> ExitCode {
        let args = Args::parse();
        let out = normalize(&args.out);
        let Some(zone) = parse_zone(&args.time_zone) else {
            eprintln!(
                "article-widget-archive: --time-zone {:?} is not an offset such as +07:00",
                args.time_zone
            );
            return ExitCode::from(2);
        };
        let started = Instant::now();
        let progress = ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {human_pos} articles read ({per_sec}) {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        progress.enable_steady_tick(Duration::from_millis(120));
        let mut entries = Vec::new();
        let mut report = Report::default();
        for input in &args.inputs {
            progress.set_message(input.display().to_string());
            if let Err(why) = read_input(input, &out, &mut entries, &mut report, &progress) {
                progress.finish_and_clear();
                eprintln!("article-widget-archive: {}: {why}", input.display());
                return ExitCode::from(2);
            }
        }
        progress.finish_and_clear();
        let read = entries.len();
        let sharded = shard(entries, zone);
        let (written, unchanged) = match write_archive(&args.out, &sharded) {
            Ok(counts) => counts,
            Err(e) => {
                eprintln!("article-widget-archive: {}: {e}", args.out.display());
                return ExitCode::from(1);
            }
        };
        let mut err = io::stderr().lock();
        if report.skipped > 0 {
            let _ = writeln!(err, "article-widget-archive: {} skipped", report.skipped);
            for example in &report.examples {
                let _ = writeln!(err, "  {example}");
            }
            if report.skipped > report.examples.len() {
                let more = report.skipped - report.examples.len();
                let _ = writeln!(err, "  … and {more} more");
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        let _ = writeln!(
            err,
            "article-widget-archive: {read} articles, {} months, {} shards ({written} written, \
             {unchanged} unchanged) in {seconds:.2} s: {:.0} articles/s",
            sharded.manifest.months.len(),
            sharded.shards.len(),
            read as f64 / seconds.max(1e-9),
        );
        ExitCode::SUCCESS
    }

    /// Reads one input by its kind: a folder, a `.csv` file, or an index.
    fn read_input(
        path: &Path,
        out: &Path,
        entries: &mut Vec<Entry>,
        report: &mut Report,
        progress: &ProgressBar,
    ) -> Result<(), String> {
        if path.is_dir() {
            let mut files = Vec::new();
            json_files(path, &mut files).map_err(|e| e.to_string())?;
            files.sort();
            for file in files {
                let src = relative_link(&normalize(&file), out);
                let parsed = fs::read_to_string(&file)
                    .map_err(|e| e.to_string())
                    .and_then(|text| parse_article(&text).map_err(|e| format!("{e:?}")));
                match parsed {
                    Ok(parsed) => {
                        let a = parsed.article;
                        entries.push(Entry::new(&a.id, &a.title, a.published, Some(&src), None));
                        progress.inc(1);
                    }
                    Err(why) => report.skip(|| format!("{}: {why}", file.display())),
                }
            }
            return Ok(());
        }
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let folder = normalize(path.parent().unwrap_or(Path::new(".")));
        let first = entries.len();
        if is_csv {
            read_csv(path, entries, report, progress)?;
        } else {
            read_index(path, entries, report, progress)?;
        }
        for entry in &mut entries[first..] {
            let rebase = |link: Option<&str>| link.map(|l| rebase(l, &folder, out));
            let (src, url) = (rebase(entry.src()), rebase(entry.url()));
            let (id, title) = (entry.id(), entry.title());
            *entry = Entry::new(id, title, entry.published, src.as_deref(), url.as_deref());
        }
        Ok(())
    }

    /// An index file's entries.
    fn read_index(
        path: &Path,
        entries: &mut Vec<Entry>,
        report: &mut Report,
        progress: &ProgressBar,
    ) -> Result<(), String> {
        let bytes = fs::read(path).map_err(|e| e.to_string())?;
        let parsed = parse_index_bytes(&bytes).map_err(|e| format!("{e:?}"))?;
        report.skipped += parsed.skipped;
        for warning in parsed.warnings {
            if report.examples.len() < EXAMPLES {
                report
                    .examples
                    .push(format!("{}: {warning}", path.display()));
            }
        }
        progress.inc(parsed.archive.entries().len() as u64);
        entries.extend(parsed.archive.entries().iter().cloned());
        Ok(())
    }

    /// `link`, relative to `from`, made relative to `out`; links that are not relative paths
    /// stay as written.
    fn rebase(link: &str, from: &Path, out: &Path) -> String {
        let scheme = link.split_once(':').is_some_and(|(s, _)| {
            s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
        if scheme || link.starts_with(['/', '#', '?']) || link.is_empty() {
            return link.to_owned();
        }
        relative_link(&normalize(&from.join(link)), out)
    }

    /// The path from folder `base` to `target` (both normalized), with `/` separators.
    fn relative_link(target: &Path, base: &Path) -> String {
        let (t, b): (Vec<_>, Vec<_>) = (target.components().collect(), base.components().collect());
        let common = t.iter().zip(&b).take_while(|(x, y)| x == y).count();
        let up = std::iter::repeat_n("..".to_owned(), b.len() - common);
        let down = t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        up.chain(down).collect::<Vec<_>>().join("/")
    }

    /// `path` made absolute, with `.` and `..` resolved (symbolic links are left alone: the
    /// links are URLs, which know nothing of them).
    fn normalize(path: &Path) -> PathBuf {
        let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_owned());
        let mut out = PathBuf::new();
        for part in absolute.components() {
            match part {
                Component::CurDir => {}
                Component::ParentDir => {
                    out.pop();
                }
                other => out.push(other),
            }
        }
        out
    }

    /// Every `.json` file under `dir`, recursively.
    fn json_files(dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
        for item in fs::read_dir(dir)? {
            let path = item?.path();
            if path.is_dir() {
                json_files(&path, out)?;
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
        Ok(())
    }

    /// A CSV with a header naming the columns (`id,title,published,url,src`, any order; url or
    /// src may be missing). A row with the wrong number of fields, or one the index would
    /// refuse, is skipped and counted.
    fn read_csv(
        path: &Path,
        entries: &mut Vec<Entry>,
        report: &mut Report,
        progress: &ProgressBar,
    ) -> Result<(), String> {
        let mut reader = csv::ReaderBuilder::new()
            .flexible(true)
            .from_path(path)
            .map_err(|e| e.to_string())?;
        let headers = reader.headers().map_err(|e| e.to_string())?.clone();
        let column = |name: &str| headers.iter().position(|h| h.trim() == name);
        let [id, title, published] = ["id", "title", "published"].map(column);
        let (url, src) = (column("url"), column("src"));
        for (name, found) in [("id", id), ("title", title), ("published", published)] {
            if found.is_none() {
                return Err(format!("no `{name}` column in the header"));
            }
        }
        if url.is_none() && src.is_none() {
            return Err("no `url` or `src` column in the header".into());
        }
        for record in reader.records() {
            let record = match record {
                Ok(record) => record,
                Err(e) => {
                    report.skip(|| format!("{}: {e}", path.display()));
                    continue;
                }
            };
            let line = record.position().map_or(0, |p| p.line());
            if record.len() != headers.len() {
                report.skip(|| {
                    format!(
                        "{} line {line}: {} fields, the header has {}",
                        path.display(),
                        record.len(),
                        headers.len()
                    )
                });
                continue;
            }
            let field = |i: Option<usize>| i.and_then(|i| record.get(i));
            let link = |i: Option<usize>| field(i).filter(|s| !s.trim().is_empty());
            let fields = Fields {
                id: field(id),
                title: field(title),
                published: field(published),
                src: link(src),
                url: link(url),
            };
            match entry_from_fields(fields) {
                Ok(entry) => {
                    entries.push(entry);
                    progress.inc(1);
                }
                Err(why) => report.skip(|| format!("{} line {line}: {why}", path.display())),
            }
        }
        Ok(())
    }

    /// Writes the shards that are not there yet, then the manifest by rename. Returns how many
    /// shard files were written and how many were already there.
    fn write_archive(out: &Path, sharded: &Sharded) -> io::Result<(usize, usize)> {
        fs::create_dir_all(out.join("shards"))?;
        let (mut written, mut unchanged) = (0, 0);
        for shard in &sharded.shards {
            let path = out.join(&shard.file);
            if fs::read(&path).is_ok_and(|old| old == shard.content.as_bytes()) {
                unchanged += 1;
            } else {
                write_by_rename(&path, shard.content.as_bytes())?;
                written += 1;
            }
        }
        let manifest = article_widget::json::to_string(&sharded.manifest)
            .map_err(|e| io::Error::other(format!("{e:?}")))?;
        let path = out.join("manifest.json");
        if !fs::read(&path).is_ok_and(|old| old == manifest.as_bytes()) {
            write_by_rename(&path, manifest.as_bytes())?;
        }
        Ok((written, unchanged))
    }

    /// Writes `bytes` beside `path`, flushes them to disk, and renames over `path`: a reader
    /// sees the old file or the whole new one, even if the machine stops half-way.
    fn write_by_rename(path: &Path, bytes: &[u8]) -> io::Result<()> {
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        let tmp = PathBuf::from(tmp);
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    }
}
