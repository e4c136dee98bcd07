//! `glossary`: the glossary layers as the widget builds them. The input is up to three parts
//! separated by NUL bytes: a portal glossary file (`data-glossary-src`, read like
//! `services::fetch::load_glossary`: a JSON object of strings), an article file (whose
//! `abbreviations` are the third layer) and a text. Parsing must never panic;
//! `Glossary::from_layers` over the default glossary, the portal's and the article's must build,
//! and marking the text and the article's lead and paragraphs must give sound matches.
#![no_main]

use std::collections::BTreeMap;

use article_widget::abbr::{default_glossary, AbbrMode, Annotator, Glossary};
use article_widget::model::{parse_article, Block};
use fuzz_checks::{check_matches, split};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (portal, rest) = split(data, 0);
    let (article, text) = split(rest, 0);
    let portal: BTreeMap<String, String> = std::str::from_utf8(portal)
        .ok()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    let article = std::str::from_utf8(article)
        .ok()
        .and_then(|json| parse_article(json).ok())
        .map(|parsed| parsed.article);
    let empty = BTreeMap::new();
    let own = article.as_ref().map_or(&empty, |a| &a.abbreviations);
    let glossary = Glossary::from_layers([default_glossary(), &portal, own]);

    let mut texts: Vec<&str> = std::str::from_utf8(text).into_iter().collect();
    if let Some(a) = &article {
        texts.extend(a.lead.as_deref());
        for block in &a.body {
            match block {
                Block::Paragraph(t) | Block::Heading(t) => texts.push(t),
                Block::Quote { text, .. } => texts.push(text),
                Block::List(items) => texts.extend(items.iter().map(String::as_str)),
                Block::Image { .. } | Block::Rich(_) => {}
            }
        }
    }
    for mode in [AbbrMode::All, AbbrMode::First] {
        let mut annotator = Annotator::new(&glossary, mode);
        for text in &texts {
            let (nfc_text, matches) = annotator.marks(text);
            check_matches(&glossary, &nfc_text, &matches);
        }
        for &entry in annotator.used() {
            assert!(!glossary.key(entry).is_empty() && !glossary.full_form(entry).is_empty());
        }
    }
});
