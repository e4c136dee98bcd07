//! Widget configuration read from the host element's `data-*` attributes.
//!
//! Reading is pure (attributes come in through a closure) so every rule is tested natively.
//! An invalid value never stops the widget: it falls back to the default and yields a warning
//! that names the attribute, for the console.

use time::UtcOffset;

use crate::abbr::AbbrMode;
use crate::date::{parse_zone, DEFAULT_ZONE};
use crate::i18n::Lang;

/// Every attribute the widget reads (for the unknown-attribute warning and the README table).
pub const ATTRIBUTES: [&str; 8] = [
    "data-article-src",
    "data-index-src",
    "data-glossary-src",
    "data-lang",
    "data-time-zone",
    "data-rating-endpoint",
    "data-abbr-mode",
    "data-isolation",
];

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
    /// The host element's `id`, which keeps deep-link keys of several widgets apart.
    pub host_id: Option<String>,
    /// `data-isolation`: `none` (default) or `shadow`.
    pub isolation: Isolation,
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
            host_id: None,
            isolation: Isolation::None,
        }
    }
}

impl WidgetConfig {
    /// Builds the configuration from an attribute lookup, returning warnings for bad values.
    pub fn from_attributes(attr: impl Fn(&str) -> Option<String>) -> (Self, Vec<String>) {
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
            host_id: url("id"),
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

        (config, warnings)
    }
}

impl WidgetConfig {
    /// The query-string key of this widget's date search: prefixed with the widget's name so it
    /// never collides with the host page's own parameters, and suffixed with the host's id when
    /// it has one, so two widgets keep their own searches.
    pub fn date_param(&self) -> String {
        match &self.host_id {
            Some(id) => format!("article-widget-date-{id}"),
            None => "article-widget-date".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(pairs: &[(&str, &str)]) -> (WidgetConfig, Vec<String>) {
        WidgetConfig::from_attributes(|name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        })
    }

    #[test]
    fn defaults_without_attributes() {
        let (config, warnings) = read(&[]);
        assert_eq!(config, WidgetConfig::default());
        assert!(warnings.is_empty());
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
