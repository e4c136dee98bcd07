use std::rc::Rc;

use yew::prelude::*;

use crate::i18n::Lang;
use crate::model::{Article, Block};

/// Props of [`ArticleBody`].
#[derive(Properties, PartialEq)]
pub struct ArticleBodyProps {
    /// The article; compared by pointer, so an unchanged article never re-renders the body.
    pub article: Rc<Article>,
    /// Interface language.
    pub lang: Lang,
}

/// Lead, content blocks and source line.
///
/// This is the expensive part of the widget (later it carries the abbreviation marks), so it is
/// its own component: font-size changes and rating hovers re-render the widget shell, not this.
/// `data-aw-renders` counts its renders, which lets the browser tests prove that.
#[component]
pub fn ArticleBody(props: &ArticleBodyProps) -> Html {
    let renders = use_mut_ref(|| 0u32);
    *renders.borrow_mut() += 1;
    let article = &props.article;
    let t = props.lang.strings();

    let source = article.source.as_ref().map(|s| {
        let name = match &s.url {
            Some(url) => html! { <a href={url.clone()} rel="noopener noreferrer" target="_blank">{ &s.name }</a> },
            None => html! { &s.name },
        };
        html! { <p class="aw-source">{ t.source }{ ": " }{ name }</p> }
    });

    html! {
        <div class="aw-body" data-aw-renders={renders.borrow().to_string()}>
            if let Some(lead) = &article.lead {
                <p class="aw-lead">{ lead }</p>
            }
            { for article.body.iter().map(block) }
            { for source }
        </div>
    }
}

fn block(block: &Block) -> Html {
    match block {
        Block::Paragraph(text) => html! { <p class="aw-p">{ text }</p> },
        Block::Heading(text) => html! { <h2 class="aw-h2">{ text }</h2> },
        Block::Image { src, alt, caption } => html! {
            <figure class="aw-figure">
                <img class="aw-img" src={src.clone()} alt={alt.clone().unwrap_or_default()}
                    loading="lazy" decoding="async" />
                if let Some(caption) = caption {
                    <figcaption class="aw-caption">{ caption }</figcaption>
                }
            </figure>
        },
        Block::Quote { text, cite } => html! {
            <figure class="aw-quote">
                <blockquote class="aw-quote__text"><p>{ text }</p></blockquote>
                if let Some(cite) = cite {
                    <figcaption class="aw-quote__cite">{ "— " }<cite>{ cite }</cite></figcaption>
                }
            </figure>
        },
        Block::List(items) => html! {
            <ul class="aw-list">{ for items.iter().map(|item| html! { <li>{ item }</li> }) }</ul>
        },
    }
}
