//! Article format v1 (see `schema/article.schema.json`).
//!
//! Parsing is two-step: serde reads a permissive raw shape (every field optional), then
//! [`parse_article`] validates it into [`Article`] and reports the first problem by its JSON path
//! (`body[3].text`), which is what a portal editor needs to fix the file. Unknown block types and
//! unsafe URLs are not fatal: they are dropped and returned as warnings for the console.

use std::collections::BTreeMap;

use serde::Deserialize;
use time::OffsetDateTime;

use super::rich::RichNode;
use super::url::is_safe_url;
use crate::date::parse_rfc3339;
use crate::error::{Error, Problem, Result};

/// A validated article.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// Stable identifier, used for votes and deep links.
    pub id: String,
    /// Headline.
    pub title: String,
    /// Publication instant (the source offset is irrelevant once parsed).
    pub published: OffsetDateTime,
    /// Standfirst shown in bold under the date line.
    pub lead: Option<String>,
    /// Content blocks in reading order.
    pub body: Vec<Block>,
    /// The CMS's HTML body, when the article has one instead of `body`. Parsing it needs the
    /// browser's parser, so the loader turns it into a [`Block::Rich`] and leaves `None` here.
    pub body_html: Option<String>,
    /// Where the article comes from.
    pub source: Option<Source>,
    /// Abbreviations this article explains, abbreviation → full form.
    pub abbreviations: BTreeMap<String, String>,
    /// Aggregate rating known to the portal.
    pub rating: Option<Rating>,
}

/// One content block.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// A paragraph of plain text.
    Paragraph(String),
    /// A subheading.
    Heading(String),
    /// A photo with optional alternative text and caption.
    Image {
        /// Image URL as given (relative URLs are resolved against the article's URL by the loader).
        src: String,
        /// Alternative text; `None` means decorative.
        alt: Option<String>,
        /// Caption under the photo.
        caption: Option<String>,
        /// The photo's intrinsic width and height in px, when the CMS knows them: the browser then
        /// reserves its space before it loads, so the text below does not jump (layout shift).
        size: Option<(u32, u32)>,
    },
    /// A quotation with an optional attribution.
    Quote {
        /// The quoted words.
        text: String,
        /// Who said it.
        cite: Option<String>,
    },
    /// A bulleted list.
    List(Vec<String>),
    /// The article's `body_html`, sanitised (see [`super::rich`]).
    Rich(Vec<RichNode>),
}

/// The article's source line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Displayed name, e.g. `tapchixaydung.vn`.
    pub name: String,
    /// Link target; only kept when it is a safe URL.
    pub url: Option<String>,
}

/// Aggregate rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rating {
    /// Mean score, 0–5 (0 only with no votes).
    pub average: f64,
    /// Number of votes.
    pub count: u32,
}

/// A parsed article plus the non-fatal problems met on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    /// The article.
    pub article: Article,
    /// Human-readable warnings (English, for the console).
    pub warnings: Vec<String>,
}

#[derive(Deserialize)]
struct RawArticle {
    id: Option<String>,
    title: Option<String>,
    published: Option<String>,
    lead: Option<String>,
    body: Option<Vec<RawBlock>>,
    body_html: Option<String>,
    source: Option<RawSource>,
    abbreviations: Option<BTreeMap<String, String>>,
    rating: Option<RawRating>,
}

#[derive(Deserialize)]
struct RawBlock {
    #[serde(rename = "type")]
    kind: Option<String>,
    text: Option<String>,
    src: Option<String>,
    alt: Option<String>,
    caption: Option<String>,
    cite: Option<String>,
    items: Option<Vec<String>>,
    width: Option<f64>,
    height: Option<f64>,
}

#[derive(Deserialize)]
struct RawSource {
    name: Option<String>,
    url: Option<String>,
}

#[derive(Deserialize)]
struct RawRating {
    average: Option<f64>,
    count: Option<f64>,
}

/// An image dimension: whole px, 1 to 100,000.
fn pixels(value: f64) -> Option<u32> {
    (value.fract() == 0.0 && (1.0..=100_000.0).contains(&value)).then_some(value as u32)
}

/// Parses and validates article JSON.
///
/// ```
/// let json = r#"{"id":"a","title":"T","published":"2024-05-13T10:45:00+07:00",
///                "body":[{"type":"paragraph","text":"Xin chào"},{"type":"video"}]}"#;
/// let parsed = article_widget::model::parse_article(json).unwrap();
/// assert_eq!(parsed.article.body.len(), 1);
/// assert_eq!(parsed.warnings.len(), 1);
/// ```
pub fn parse_article(json: &str) -> Result<Parsed> {
    let raw: RawArticle = crate::json::from_str(json)?;
    let mut warnings = Vec::new();

    let id = required_text(raw.id, "id")?;
    let title = required_text(raw.title, "title")?;
    let published_raw = required_text(raw.published, "published")?;
    let published =
        parse_rfc3339(&published_raw).ok_or_else(|| invalid("published", Problem::NotADate))?;
    let lead = optional_text(raw.lead);
    // `body` wins when both are given: structured blocks are the safer of the two.
    let body_html = match (&raw.body, optional_text(raw.body_html)) {
        (None, None) => return Err(Error::MissingField("body".into())),
        (Some(_), Some(_)) => {
            warnings.push("body_html ignored: the article also has `body`".to_owned());
            None
        }
        (_, html) => html,
    };
    let raw_body = raw.body.unwrap_or_default();

    let mut body = Vec::with_capacity(raw_body.len());
    for (i, block) in raw_body.into_iter().enumerate() {
        if let Some(block) = parse_block(block, i, &mut warnings)? {
            body.push(block);
        }
    }

    let source = match raw.source {
        None => None,
        Some(s) => {
            let name = required_text(s.name, "source.name")?;
            let url = optional_text(s.url).filter(|u| {
                let safe = is_safe_url(u);
                if !safe {
                    warnings.push(format!("source.url dropped: unsafe URL {u:?}"));
                }
                safe
            });
            Some(Source { name, url })
        }
    };

    let rating = match raw.rating {
        None => None,
        Some(r) => {
            let average = r
                .average
                .ok_or_else(|| Error::MissingField("rating.average".into()))?;
            let count = r
                .count
                .ok_or_else(|| Error::MissingField("rating.count".into()))?;
            if !(0.0..=5.0).contains(&average) {
                return Err(invalid("rating.average", Problem::OutOfRange));
            }
            if count < 0.0 || count.fract() != 0.0 || count > f64::from(u32::MAX) {
                return Err(invalid("rating.count", Problem::OutOfRange));
            }
            Some(Rating {
                average,
                count: count as u32,
            })
        }
    };

    let abbreviations = raw
        .abbreviations
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, v)| !k.trim().is_empty() && !v.trim().is_empty())
        .collect();

    Ok(Parsed {
        article: Article {
            id,
            title,
            published,
            lead,
            body,
            body_html,
            source,
            abbreviations,
            rating,
        },
        warnings,
    })
}

fn parse_block(raw: RawBlock, i: usize, warnings: &mut Vec<String>) -> Result<Option<Block>> {
    let field = |name: &str| format!("body[{i}].{name}");
    let Some(kind) = raw.kind else {
        return Err(Error::MissingField(field("type")));
    };
    let block = match kind.as_str() {
        "paragraph" => Block::Paragraph(required_text(raw.text, &field("text"))?),
        "heading" => Block::Heading(required_text(raw.text, &field("text"))?),
        "quote" => Block::Quote {
            text: required_text(raw.text, &field("text"))?,
            cite: optional_text(raw.cite),
        },
        "list" => {
            let items = raw
                .items
                .ok_or_else(|| Error::MissingField(field("items")))?;
            let items: Vec<String> = items
                .into_iter()
                .filter_map(|s| optional_text(Some(s)))
                .collect();
            if items.is_empty() {
                return Err(invalid(&field("items"), Problem::Empty));
            }
            Block::List(items)
        }
        "image" => {
            let src = required_text(raw.src, &field("src"))?;
            if !is_safe_url(&src) {
                warnings.push(format!("body[{i}] skipped: unsafe image URL {src:?}"));
                return Ok(None);
            }
            // Both or nothing, whole px; anything else is ignored with a warning (it only
            // costs the reserved space).
            let size = match (raw.width, raw.height) {
                (None, None) => None,
                (Some(w), Some(h)) => {
                    match (pixels(w), pixels(h)) {
                        (Some(w), Some(h)) => Some((w, h)),
                        _ => {
                            warnings.push(format!("body[{i}]: image width/height ignored: not whole px from 1 to 100000"));
                            None
                        }
                    }
                }
                _ => {
                    warnings.push(format!("body[{i}]: image width/height ignored: give both"));
                    None
                }
            };
            Block::Image {
                src,
                alt: optional_text(raw.alt),
                caption: optional_text(raw.caption),
                size,
            }
        }
        other => {
            warnings.push(format!("body[{i}] skipped: unknown block type {other:?}"));
            return Ok(None);
        }
    };
    Ok(Some(block))
}

fn required_text(value: Option<String>, field: &str) -> Result<String> {
    let value = value.ok_or_else(|| Error::MissingField(field.to_owned()))?;
    optional_text(Some(value)).ok_or_else(|| invalid(field, Problem::Empty))
}

/// Trims surrounding whitespace; empty strings count as absent.
fn optional_text(value: Option<String>) -> Option<String> {
    value.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty())
}

fn invalid(field: &str, problem: Problem) -> Error {
    Error::InvalidField {
        field: field.to_owned(),
        problem,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        r#"{"id":"a","title":"Tiêu đề","published":"2024-05-13T10:45:00+07:00","body":[]}"#;

    fn with(field: &str, value: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(MINIMAL).unwrap();
        v[field] = serde_json::from_str(value).unwrap();
        v.to_string()
    }

    fn without(field: &str) -> String {
        let mut v: serde_json::Value = serde_json::from_str(MINIMAL).unwrap();
        v.as_object_mut().unwrap().remove(field);
        v.to_string()
    }

    #[test]
    fn minimal_article_parses_with_optional_parts_absent() {
        let p = parse_article(MINIMAL).unwrap();
        assert_eq!(p.article.title, "Tiêu đề");
        assert!(
            p.article.lead.is_none() && p.article.source.is_none() && p.article.rating.is_none()
        );
        assert!(p.article.abbreviations.is_empty());
        assert!(p.warnings.is_empty());
    }

    #[test]
    fn every_block_type() {
        let json = with(
            "body",
            r#"[{"type":"paragraph","text":"P"},{"type":"heading","text":"H"},
                {"type":"image","src":"a.svg","alt":"A","caption":"C"},{"type":"image","src":"b.svg"},
                {"type":"quote","text":"Q","cite":"Ai"},{"type":"list","items":["1"," ","2"]}]"#,
        );
        let body = parse_article(&json).unwrap().article.body;
        assert_eq!(
            body,
            vec![
                Block::Paragraph("P".into()),
                Block::Heading("H".into()),
                Block::Image {
                    src: "a.svg".into(),
                    alt: Some("A".into()),
                    caption: Some("C".into()),
                    size: None
                },
                Block::Image {
                    src: "b.svg".into(),
                    alt: None,
                    caption: None,
                    size: None
                },
                Block::Quote {
                    text: "Q".into(),
                    cite: Some("Ai".into())
                },
                Block::List(vec!["1".into(), "2".into()]),
            ]
        );
    }

    #[test]
    fn missing_required_fields_are_named() {
        for field in ["id", "title", "published", "body"] {
            assert_eq!(
                parse_article(&without(field)),
                Err(Error::MissingField(field.into()))
            );
        }
        let json = with(
            "body",
            r#"[{"type":"paragraph","text":"ok"},{"type":"paragraph"}]"#,
        );
        assert_eq!(
            parse_article(&json),
            Err(Error::MissingField("body[1].text".into()))
        );
        let json = with("body", r#"[{"text":"no type"}]"#);
        assert_eq!(
            parse_article(&json),
            Err(Error::MissingField("body[0].type".into()))
        );
        let json = with("source", r#"{"url":"https://x.vn"}"#);
        assert_eq!(
            parse_article(&json),
            Err(Error::MissingField("source.name".into()))
        );
    }

    #[test]
    fn invalid_values_are_named() {
        assert_eq!(
            parse_article(&with("title", r#""   ""#)),
            Err(Error::InvalidField {
                field: "title".into(),
                problem: Problem::Empty
            })
        );
        assert_eq!(
            parse_article(&with("published", r#""13/05/2024 10:45""#)),
            Err(Error::InvalidField {
                field: "published".into(),
                problem: Problem::NotADate
            })
        );
        assert_eq!(
            parse_article(&with("published", r#""2024-05-13T10:45:00""#)),
            Err(Error::InvalidField {
                field: "published".into(),
                problem: Problem::NotADate
            })
        );
        assert_eq!(
            parse_article(&with("rating", r#"{"average":7,"count":1}"#)),
            Err(Error::InvalidField {
                field: "rating.average".into(),
                problem: Problem::OutOfRange
            })
        );
        assert_eq!(
            parse_article(&with("rating", r#"{"average":4,"count":1.5}"#)),
            Err(Error::InvalidField {
                field: "rating.count".into(),
                problem: Problem::OutOfRange
            })
        );
    }

    #[test]
    fn malformed_json_and_wrong_types_are_json_errors() {
        for bad in ["", "{", "[]", "null", r#"{"id":5}"#, "<html>404</html>"] {
            assert!(matches!(parse_article(bad), Err(Error::Json(_))), "{bad}");
        }
    }

    #[test]
    fn unknown_blocks_and_unsafe_urls_are_warnings() {
        let json = with(
            "body",
            r#"[{"type":"video","src":"x.mp4"},{"type":"paragraph","text":"P"},
                {"type":"image","src":"javascript:alert(1)"}]"#,
        );
        let json = {
            let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
            v["source"] = serde_json::json!({"name":"x.vn","url":"javascript:alert(1)"});
            v.to_string()
        };
        let p = parse_article(&json).unwrap();
        assert_eq!(p.article.body, vec![Block::Paragraph("P".into())]);
        assert_eq!(
            p.article.source,
            Some(Source {
                name: "x.vn".into(),
                url: None
            })
        );
        assert_eq!(p.warnings.len(), 3, "{:?}", p.warnings);
        assert!(p.warnings[0].contains("video"));
    }

    #[test]
    fn script_markup_stays_plain_text() {
        let p = parse_article(&with("title", r#""<script>alert(1)</script>""#)).unwrap();
        assert_eq!(p.article.title, "<script>alert(1)</script>");
    }

    #[test]
    fn ignores_unknown_top_level_fields() {
        let p = parse_article(&with("layout", r#""wide""#)).unwrap();
        assert_eq!(p.article.id, "a");
    }

    #[test]
    fn body_html_replaces_body() {
        let json = with("body_html", r#""<p>Xin chào</p>""#);
        let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
        v.as_object_mut().unwrap().remove("body");
        let p = parse_article(&v.to_string()).unwrap();
        assert_eq!(p.article.body_html.as_deref(), Some("<p>Xin chào</p>"));
        assert!(p.article.body.is_empty() && p.warnings.is_empty());

        // With both, the structured body is used and the HTML is reported as ignored.
        let p = parse_article(&json).unwrap();
        assert_eq!(p.article.body_html, None);
        assert_eq!(p.warnings.len(), 1);

        // Whitespace-only HTML is no body at all.
        v["body_html"] = "  ".into();
        assert_eq!(
            parse_article(&v.to_string()),
            Err(Error::MissingField("body".into()))
        );
    }

    #[test]
    fn image_sizes_are_whole_px_and_come_in_pairs() {
        let json = with(
            "body",
            r#"[{"type":"image","src":"a.svg","width":1600,"height":900},
                {"type":"image","src":"b.svg","width":1600},
                {"type":"image","src":"c.svg","width":16.5,"height":9}]"#,
        );
        let parsed = parse_article(&json).unwrap();
        let sizes: Vec<_> = parsed
            .article
            .body
            .iter()
            .map(|b| match b {
                Block::Image { size, .. } => *size,
                _ => unreachable!(),
            })
            .collect();
        assert_eq!(sizes, vec![Some((1600, 900)), None, None]);
        assert_eq!(parsed.warnings.len(), 2, "{:?}", parsed.warnings);
    }
}
