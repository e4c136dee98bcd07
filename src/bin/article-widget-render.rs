//! `article-widget-render ARTICLE.json [--lang vi|en] [--time-zone +07:00] [--glossary FILE]
//! [--base URL]`:
//! the article rendered into the widget's HTML on stdout, for a portal's server or build
//! (see `render` in the library). A file the widget would refuse gets exit code 2 and one line
//! on stderr naming the file and the field; warnings the widget would print go to stderr too.

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    cli::main()
}

// Built for wasm32 (by a workspace-wide command) this is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod cli {
    use std::collections::BTreeMap;
    use std::io::Write;
    use std::path::{Path, PathBuf};
    use std::process::ExitCode;

    use article_widget::abbr::AbbrMode;
    use article_widget::date::parse_zone;
    use article_widget::i18n::Lang;
    use article_widget::render::{render_json, RenderOptions};
    use clap::Parser;

    /// Renders an article JSON into the widget's HTML fragment, on stdout.
    #[derive(Parser)]
    #[command(name = "article-widget-render", version)]
    struct Args {
        /// The article JSON (the widget's `data-article-src` format).
        article: PathBuf,
        /// Interface language: vi or en (`data-lang`).
        #[arg(long, default_value = "vi")]
        lang: String,
        /// The portal's time zone, as an offset (`data-time-zone`).
        #[arg(long, default_value = "+07:00")]
        time_zone: String,
        /// The portal's glossary, a JSON object of abbreviation → full form (`data-glossary-src`).
        #[arg(long)]
        glossary: Option<PathBuf>,
        /// Mark every occurrence, or only the first (`data-abbr-mode`: all or first).
        #[arg(long, default_value = "all")]
        abbr_mode: String,
        /// The title's heading level, 1–6 (`data-heading-level`).
        #[arg(long, default_value_t = 1)]
        heading_level: u8,
        /// Prefix of element ids, unique within the page.
        #[arg(long, default_value = "aw-s")]
        id_prefix: String,
        /// The portal's origin: links to other origins open in a new tab.
        #[arg(long)]
        origin: Option<String>,
        /// The article JSON's URL, absolute or relative to the page, which its relative image
        /// and link URLs are resolved against, as the browser does (`articles/bai-viet.json`).
        #[arg(long)]
        base: Option<String>,
    }

    /// Exit code of a file or option the widget would refuse.
    const BAD_INPUT: u8 = 2;

    pub fn main() -> ExitCode {
        let args = Args::parse();
        match run(&args) {
            Ok(()) => ExitCode::SUCCESS,
            Err(line) => {
                eprintln!("article-widget-render: {line}");
                ExitCode::from(BAD_INPUT)
            }
        }
    }

    fn run(args: &Args) -> Result<(), String> {
        let options = options(args)?;
        let json = read(&args.article)?;
        let rendered =
            render_json(&json, &options).map_err(|e| format!("{}: {e}", args.article.display()))?;
        for warning in &rendered.warnings {
            eprintln!(
                "article-widget-render: {}: {warning}",
                args.article.display()
            );
        }
        let mut out = std::io::stdout().lock();
        writeln!(out, "{}", rendered.html)
            .and_then(|()| out.flush())
            .map_err(|e| format!("cannot write the fragment: {e}"))
    }

    fn options(args: &Args) -> Result<RenderOptions, String> {
        let lang = Lang::parse(&args.lang)
            .ok_or_else(|| format!("--lang {:?}: expected vi or en", args.lang))?;
        let zone = parse_zone(&args.time_zone).ok_or_else(|| {
            format!(
                "--time-zone {:?}: expected an offset such as +07:00",
                args.time_zone
            )
        })?;
        let abbr_mode = AbbrMode::parse(&args.abbr_mode)
            .ok_or_else(|| format!("--abbr-mode {:?}: expected all or first", args.abbr_mode))?;
        if !(1..=6).contains(&args.heading_level) {
            return Err(format!(
                "--heading-level {}: expected 1 to 6",
                args.heading_level
            ));
        }
        let glossary = match &args.glossary {
            None => None,
            Some(path) => Some(
                serde_json::from_str::<BTreeMap<String, String>>(&read(path)?).map_err(|e| {
                    format!(
                        "{}: not a glossary (an object of abbreviation → full form): {e}",
                        path.display()
                    )
                })?,
            ),
        };
        Ok(RenderOptions {
            lang,
            zone,
            heading_level: args.heading_level,
            abbr_mode,
            glossary,
            id_prefix: args.id_prefix.clone(),
            origin: args.origin.clone(),
            base: args.base.clone(),
        })
    }

    fn read(path: &Path) -> Result<String, String> {
        std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
    }
}
