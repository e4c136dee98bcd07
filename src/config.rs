//! Widget configuration read from the host element's `data-*` attributes.
//!
//! Reading is pure (attributes come in through a closure) so every rule is tested natively.
//! An invalid value never stops the widget: it falls back to the default and yields a warning
//! that names the attribute, for the console.

use time::UtcOffset;

use crate::abbr::AbbrMode;
use crate::date::{parse_zone, DEFAULT_ZONE};
use crate::i18n::Lang;

/// Every attribute the widget reads (for the unknown-attribute warning and the README table):
/// the one list. The loader's `OPTIONS` repeats it for the custom element, and a native test
/// (`tests/samples.rs`) keeps the two equal.
pub const ATTRIBUTES: [&str; 13] = [
    "data-article-src",
    "data-enhance",
    "data-article-id",
    "data-index-src",
    "data-archive-src",
    "data-archive-api",
    "data-glossary-src",
    "data-lang",
    "data-time-zone",
    "data-rating-endpoint",
    "data-abbr-mode",
    "data-isolation",
    "data-heading-level",
];

/// A mistake in the host's configuration that leaves the widget without what it should show.
/// Unlike a bad value (which falls back to its default and only warns), these are shown in the
/// host element, addressed to the portal's developer, so an empty box never goes unexplained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Misconfig {
    /// A `data-` attribute the widget does not know, most likely a typo of one it does.
    UnknownAttribute {
        /// The attribute as written.
        name: String,
        /// The known attribute it is closest to, if any is close.
        suggestion: Option<&'static str>,
    },
    /// Neither an article nor an index to search: nothing to show.
    NoSource,
}

impl Misconfig {
    /// An English line for the browser console that names the fix.
    pub fn console_line(&self) -> String {
        match self {
            Misconfig::UnknownAttribute {
                name,
                suggestion: Some(known),
            } => {
                format!("unknown attribute {name} is ignored; did you mean {known}?")
            }
            Misconfig::UnknownAttribute {
                name,
                suggestion: None,
            } => format!(
                "unknown attribute {name} is ignored (known: {})",
                ATTRIBUTES.join(", ")
            ),
            Misconfig::NoSource => "nothing to show: set data-article-src (the article JSON) or \
                 data-index-src, data-archive-src or data-archive-api (the articles of \"Tìm theo ngày\") \
                 on the element, or pass \
                 { articleSrc } to mount()"
                .to_owned(),
        }
    }
}

/// The known attribute closest to `name` (a typo of it), within two edits per ten characters.
fn closest_attribute(name: &str) -> Option<&'static str> {
    ATTRIBUTES
        .iter()
        .map(|known| (edit_distance(name, known), *known))
        .filter(|(d, known)| *d <= 2.max(known.len() / 5))
        .min_by_key(|(d, _)| *d)
        .map(|(_, known)| known)
}

/// Levenshtein distance over bytes (attribute names are ASCII).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// How the widget's DOM is separated from the host page's (`data-isolation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Isolation {
    /// Rendered in the host element; `aw-` prefixed classes keep clear of the page's CSS.
    #[default]
    None,
    /// Rendered in a shadow root: the page's selectors cannot reach it.
    Shadow,
}

/// Everything one widget needs to know about its host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// `data-article-src`: URL of the article JSON.
    pub article_src: Option<String>,
    /// `data-lang`: interface language.
    pub lang: Lang,
    /// `data-time-zone`: the portal's fixed UTC offset.
    pub zone: UtcOffset,
    /// `data-glossary-src`: URL of the portal's own abbreviation glossary.
    pub glossary_src: Option<String>,
    /// `data-abbr-mode`: mark every occurrence or only the first.
    pub abbr_mode: AbbrMode,
    /// `data-rating-endpoint`: where votes are POSTed.
    pub rating_endpoint: Option<String>,
    /// `data-index-src`: the article index behind "Tìm theo ngày".
    pub index_src: Option<String>,
    /// `data-archive-src`: the manifest of a sharded archive, for "Tìm theo ngày".
    pub archive_src: Option<String>,
    /// `data-archive-api`: the portal's date query API, for "Tìm theo ngày".
    pub archive_api: Option<String>,
    /// The host element's `id`, which keeps deep-link keys of several widgets apart.
    pub host_id: Option<String>,
    /// `data-isolation`: `none` (default) or `shadow`.
    pub isolation: Isolation,
    /// `data-heading-level`: the level of the article's title (1–6), so the widget fits the
    /// outline of a page that has its own `<h1>`; the article's subheadings follow below it.
    pub heading_level: u8,
    /// `data-enhance`: the host holds the portal's own article markup, which the widget adds
    /// its tools to instead of rendering an article (`islands`).
    pub enhance: bool,
    /// `data-article-id`: the article's id where no JSON says it (the portal's own markup), for
    /// the rating.
    pub article_id: Option<String>,
    /// What leaves the widget without content, shown in the host element.
    pub misconfig: Vec<Misconfig>,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        Self {
            article_src: None,
            lang: Lang::Vi,
            zone: DEFAULT_ZONE,
            glossary_src: None,
            abbr_mode: AbbrMode::All,
            rating_endpoint: None,
            index_src: None,
            archive_src: None,
            archive_api: None,
            host_id: None,
            isolation: Isolation::None,
            heading_level: 1,
            enhance: false,
            article_id: None,
            misconfig: Vec::new(),
        }
    }
}

impl WidgetConfig {
    /// Builds the configuration from an attribute lookup and the names of the `data-` attributes
    /// given, returning warnings for bad values (which fall back to their defaults).
    pub fn from_attributes<'a>(
        attr: impl Fn(&str) -> Option<String>,
        given: impl IntoIterator<Item = &'a str>,
    ) -> (Self, Vec<String>) {
        let mut warnings = Vec::new();
        let url = |name: &str| {
            attr(name)
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
        };
        let mut config = Self {
            article_src: url("data-article-src"),
            glossary_src: url("data-glossary-src"),
            rating_endpoint: url("data-rating-endpoint"),
            index_src: url("data-index-src"),
            archive_src: url("data-archive-src"),
            archive_api: url("data-archive-api"),
            host_id: url("id"),
            article_id: url("data-article-id"),
            // Present means on (`data-enhance` or `data-enhance=""`), except an explicit "false".
            enhance: attr("data-enhance").is_some_and(|v| v.trim() != "false"),
            ..Self::default()
        };

        if let Some(value) = attr("data-lang") {
            match Lang::parse(&value) {
                Some(lang) => config.lang = lang,
                None => warnings.push(format!(
                    "data-lang=\"{value}\" is not supported (use \"vi\" or \"en\"); using \"vi\""
                )),
            }
        }

        if let Some(value) = attr("data-time-zone") {
            match parse_zone(&value) {
                Some(zone) => config.zone = zone,
                None => warnings.push(format!(
                    "data-time-zone=\"{value}\" is not a UTC offset like \"+07:00\"; using \"+07:00\""
                )),
            }
        }

        if let Some(value) = attr("data-isolation") {
            match value.trim() {
                "shadow" => config.isolation = Isolation::Shadow,
                "none" | "" => config.isolation = Isolation::None,
                _ => warnings.push(format!(
                    "data-isolation=\"{value}\" is not \"none\" or \"shadow\"; using \"none\""
                )),
            }
        }

        if let Some(value) = attr("data-abbr-mode") {
            match AbbrMode::parse(&value) {
                Some(mode) => config.abbr_mode = mode,
                None => warnings.push(format!(
                    "data-abbr-mode=\"{value}\" is not \"all\" or \"first\"; using \"all\""
                )),
            }
        }

        if let Some(value) = attr("data-heading-level") {
            match value.trim().parse::<u8>() {
                Ok(level @ 1..=6) => config.heading_level = level,
                _ => warnings.push(format!(
                    "data-heading-level=\"{value}\" is not a heading level from 1 to 6; using 1"
                )),
            }
        }

        for name in given {
            let ours = ATTRIBUTES.contains(&name) || OWN_ATTRIBUTES.contains(&name);
            if name.starts_with("data-") && !ours {
                config.misconfig.push(Misconfig::UnknownAttribute {
                    name: name.to_owned(),
                    suggestion: closest_attribute(name),
                });
            }
        }
        let sources = [
            ("data-archive-api", &config.archive_api),
            ("data-archive-src", &config.archive_src),
            ("data-index-src", &config.index_src),
        ];
        let mut given_sources = sources.iter().filter(|(_, v)| v.is_some()).map(|(n, _)| *n);
        if let Some(used) = given_sources.next() {
            for ignored in given_sources {
                warnings.push(format!(
                    "{ignored} is ignored: {used} is used for \"Tìm theo ngày\""
                ));
            }
        }
        if config.article_src.is_none() && config.date_source().is_none() && !config.enhance {
            config.misconfig.push(Misconfig::NoSource);
        }

        (config, warnings)
    }
}

/// `data-` attributes on a host that are not options: the marker the portal writes and the one
/// the widget sets on mounted hosts.
const OWN_ATTRIBUTES: [&str; 2] = ["data-article-widget", "data-aw-mounted"];

/// Where "Tìm theo ngày" finds articles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateSource {
    /// One index file of every article (`data-index-src`).
    Index(String),
    /// A sharded archive's manifest (`data-archive-src`).
    Sharded(String),
    /// The portal's query API (`data-archive-api`).
    Api(String),
}

impl DateSource {
    /// The configured URL, whichever the kind.
    pub fn url(&self) -> &str {
        match self {
            DateSource::Index(url) | DateSource::Sharded(url) | DateSource::Api(url) => url,
        }
    }
}

impl WidgetConfig {
    /// The date search's source: the API over a sharded archive over a single index, when a
    /// portal configures more than one (the others are reported as ignored).
    pub fn date_source(&self) -> Option<DateSource> {
        let (api, sharded, index) = (&self.archive_api, &self.archive_src, &self.index_src);
        api.clone()
            .map(DateSource::Api)
            .or_else(|| sharded.clone().map(DateSource::Sharded))
            .or_else(|| index.clone().map(DateSource::Index))
    }

    /// The date source this build shows a date search for: none in a build without the
    /// `date-search` feature, which never renders one (`mount::mount_with` hands such a widget to
    /// the full build), so that the optimiser drops the date search, calendar and archive code.
    /// Inlined, so that the callers see the constant: the lite build is 184 KB per reader
    /// otherwise, not 155 (its size budget fails).
    #[inline(always)]
    pub fn date_search_source(&self) -> Option<DateSource> {
        if cfg!(feature = "date-search") {
            self.date_source()
        } else {
            None
        }
    }

    /// The query-string key of this widget's date search: prefixed with the widget's name so it
    /// never collides with the host page's own parameters, and suffixed with the host's id when
    /// it has one, so two widgets keep their own searches.
    pub fn date_param(&self) -> String {
        match &self.host_id {
            Some(id) => format!("article-widget-date-{id}"),
            None => "article-widget-date".to_owned(),
        }
    }

    /// The query-string key of the article opened from the date search (its id in the index),
    /// kept apart per widget like [`WidgetConfig::date_param`].
    pub fn article_param(&self) -> String {
        match &self.host_id {
            Some(id) => format!("article-widget-article-{id}"),
            None => "article-widget-article".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> (WidgetConfig, Vec<String>) {
        WidgetConfig::from_attributes(
            |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            },
            pairs.iter().map(|(k, _)| *k),
        )
    }

    #[test]
    fn defaults_with_only_a_source() {
        let (config, warnings) = read(&[("data-article-src", "a.json")]);
        assert_eq!(
            config,
            WidgetConfig {
                article_src: Some("a.json".to_owned()),
                ..WidgetConfig::default()
            }
        );
        assert!(warnings.is_empty());
    }

    #[test]
    fn nothing_to_show_is_a_misconfiguration() {
        let (config, _) = read(&[]);
        assert_eq!(config.misconfig, [Misconfig::NoSource]);
        let (config, _) = read(&[("data-index-src", "index.json")]);
        assert!(config.misconfig.is_empty());
    }

    #[test]
    fn a_typo_names_the_attribute_it_was_meant_to_be() {
        let (config, _) = read(&[
            ("data-artcle-src", "a.json"),
            ("data-index-src", "index.json"),
            ("data-article-widget", ""),
            ("data-portal-theme", "dark"),
        ]);
        assert_eq!(
            config.misconfig,
            [
                Misconfig::UnknownAttribute {
                    name: "data-artcle-src".to_owned(),
                    suggestion: Some("data-article-src"),
                },
                Misconfig::UnknownAttribute {
                    name: "data-portal-theme".to_owned(),
                    suggestion: None,
                },
            ]
        );
        assert!(config.misconfig[0]
            .console_line()
            .contains("did you mean data-article-src?"));
    }

    #[test]
    fn heading_level_from_1_to_6() {
        assert_eq!(read(&[("data-heading-level", "2")]).0.heading_level, 2);
        for bad in ["0", "7", "h2", ""] {
            let (config, warnings) = read(&[("data-heading-level", bad)]);
            assert_eq!(config.heading_level, 1);
            assert!(warnings[0].contains("data-heading-level"), "{bad}");
        }
    }

    #[test]
    fn reads_valid_attributes() {
        let (config, warnings) = read(&[
            ("data-article-src", " articles/a.json "),
            ("data-lang", "en"),
            ("data-time-zone", "-05:00"),
            ("data-glossary-src", "glossary.json"),
            ("data-abbr-mode", "first"),
        ]);
        assert_eq!(config.glossary_src.as_deref(), Some("glossary.json"));
        assert_eq!(config.date_param(), "article-widget-date");
        assert_eq!(config.abbr_mode, AbbrMode::First);
        assert_eq!(config.article_src.as_deref(), Some("articles/a.json"));
        assert_eq!(config.lang, Lang::En);
        assert_eq!(config.zone, UtcOffset::from_hms(-5, 0, 0).unwrap());
        assert!(warnings.is_empty());
    }

    #[test]
    fn invalid_values_warn_with_the_attribute_name_and_fall_back() {
        let (config, warnings) = read(&[
            ("data-lang", "fr"),
            ("data-time-zone", "Asia/Hanoi"),
            ("data-abbr-mode", "once"),
            ("data-isolation", "iframe"),
        ]);
        assert_eq!(config.lang, Lang::Vi);
        assert_eq!(config.zone, DEFAULT_ZONE);
        assert_eq!(config.abbr_mode, AbbrMode::All);
        assert_eq!(config.isolation, Isolation::None);
        assert_eq!(warnings.len(), 4);
        assert!(warnings[0].contains("data-lang"));
        assert!(warnings[1].contains("data-time-zone"));
        assert!(warnings[2].contains("data-isolation"));
        assert!(warnings[3].contains("data-abbr-mode"));
    }
}
