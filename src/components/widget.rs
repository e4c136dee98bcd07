use std::collections::BTreeMap;
use std::rc::Rc;

use web_sys::Element;
use yew::prelude::*;

use crate::abbr::{default_glossary, Glossary};
use crate::components::{
    focus, rating_endpoint, ArticleView, DateSearch, ErrorBox, FontSizeControl, StarRating, Target,
};
use crate::config::{Misconfig, WidgetConfig};
use crate::error::{Error, Subject};
use crate::hooks::{
    use_article, use_focus_after_retry, use_portal_glossary, use_shared_pref, Loaded, Phase,
};
use crate::i18n::Lang;
use crate::services::location;

/// Props of [`Widget`].
#[derive(Properties, PartialEq)]
pub struct WidgetProps {
    /// Configuration read from the host element.
    pub config: Rc<WidgetConfig>,
    /// The host element; lifecycle events are dispatched on it.
    pub host: Element,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
    /// Called once the widget has rendered for the first time: only then can its app be
    /// destroyed without leaking it (see `lib.rs`, `teardown`).
    #[prop_or_default]
    pub on_first_render: Callback<()>,
}

/// One article widget: loads the article, then shows it with its tools.
#[component]
pub fn Widget(props: &WidgetProps) -> Html {
    {
        let on_first_render = props.on_first_render.clone();
        use_effect_with((), move |_| on_first_render.emit(()));
    }
    let config = props.config.clone();
    let lang = config.lang;
    let t = lang.strings();
    // The article shown: the configured one, or one opened from the date search. When the page
    // URL names one opened earlier (a reload, a shared link), nothing loads until the date
    // search has looked it up in the index: no flash of the configured article, no extra fetch.
    let restoring = use_state_eq(|| {
        config.date_source().is_some() && location::param(&config.article_param()).is_some()
    });
    let opened = use_state_eq(|| {
        if *restoring {
            None
        } else {
            config.article_src.clone()
        }
    });
    let marks = use_shared_pref("abbr-marks", true, |_| true);
    let root = use_node_ref();
    // After the reader's own Retry or "open in widget", focus goes to the article's title (or
    // back to Retry if it failed again): the control they used is gone, and focus must not fall
    // to the page's top. Never on the first load, which must not steal focus from the portal.
    let title_ref = use_node_ref();
    let retry_ref = use_node_ref();

    // The portal's glossary loads beside the article; until it arrives (or if it fails) the
    // default glossary and the article's own abbreviations are used.
    let portal_glossary = use_portal_glossary(config.glossary_src.clone());
    let (portal_glossary, glossary_failed) = match portal_glossary.get() {
        Loaded::Ready(map) => (Some(map), false),
        Loaded::Failed(_) => (None, true),
        Loaded::Idle | Loaded::Loading => (None, false),
    };

    let load = use_article((*opened).clone(), &props.host);
    let loaded = load.get();
    let article = match &loaded {
        Loaded::Ready(article) => Some(article.clone()),
        _ => None,
    };
    // Built once per article and glossary, not per paragraph or per render.
    let glossary = use_memo((article.clone(), portal_glossary), |(article, portal)| {
        let empty = BTreeMap::new();
        let own = article.as_ref().map_or(&empty, |a| &a.abbreviations);
        Rc::new(Glossary::from_layers([
            default_glossary(),
            portal.as_deref().unwrap_or(&empty),
            own,
        ]))
    });

    let focus_when_loaded = {
        let (title_ref, retry_ref) = (title_ref.clone(), retry_ref.clone());
        use_focus_after_retry(loaded.phase(), move |phase| {
            focus(if phase == Phase::Ready {
                &title_ref
            } else {
                &retry_ref
            });
        })
    };

    let content = match loaded {
        // Waiting for the date search to find the article the URL names.
        Loaded::Idle if *restoring => loading(t.loading),
        // A widget that only offers the date search has no article of its own yet; one with
        // nothing at all to show says so in its configuration notice.
        Loaded::Idle if config.date_source().is_some() || !config.misconfig.is_empty() => {
            Html::default()
        }
        Loaded::Loading => loading(t.loading),
        loaded @ (Loaded::Idle | Loaded::Failed(_)) => {
            let error = match loaded {
                Loaded::Failed(error) => error,
                _ => Error::NoSource,
            };
            let retry = {
                let (load, focus_when_loaded) = (load.clone(), focus_when_loaded.clone());
                Callback::from(move |()| {
                    focus_when_loaded.arm();
                    load.retry();
                })
            };
            ErrorBox {
                class: "aw-error",
                title: Some(t.error_title),
                message: error.message(lang, Subject::Article),
                on_retry: retry,
                retry_ref: &retry_ref,
                lang,
            }
            .view()
        }
        Loaded::Ready(article) => {
            let on_toggle_marks = {
                let marks = marks.clone();
                Callback::from(move |_: MouseEvent| marks.set(!marks.get()))
            };
            let t = lang.strings();
            let tools = html! {
                <>
                    <button type="button" class="aw-tool aw-tool--toggle"
                        aria-pressed={marks.get().to_string()} onclick={on_toggle_marks}>
                        { t.abbr_toggle }
                    </button>
                    <FontSizeControl target={Target::Ref(root.clone())} {lang}
                        id_prefix={props.id_prefix.clone()} />
                </>
            };
            let rating = html! {
                <StarRating article_id={AttrValue::from(article.id.clone())} rating={article.rating}
                    endpoint={rating_endpoint(config.rating_endpoint.as_deref())}
                    host={props.host.clone()} {lang} id_prefix={props.id_prefix.clone()} />
            };
            let notice = glossary_failed.then(|| AttrValue::from(t.glossary_failed));
            ArticleView {
                article: article.clone(),
                lang,
                zone: config.zone,
                heading_level: config.heading_level,
                id_prefix: props.id_prefix.clone(),
                title_ref: title_ref.clone(),
                glossary: marks.get().then(|| (*glossary).clone()),
                abbr_mode: config.abbr_mode,
                abbr_notice: notice,
                tools,
                rating,
            }
            .view()
        }
    };

    let search = config.date_search_source().map(|source| {
        let on_open = {
            let opened = opened.clone();
            let root = root.clone();
            let (focus_when_loaded, title_ref, load) =
                (focus_when_loaded.clone(), title_ref.clone(), load.clone());
            Callback::from(move |src: String| {
                // Bring the newly opened article's start into view.
                if let Some(el) = root.cast::<web_sys::Element>() {
                    el.scroll_into_view();
                }
                let same = opened.as_deref() == Some(src.as_str());
                match load.get() {
                    // Already shown: nothing reloads, so focus moves now.
                    Loaded::Ready(_) if same => {
                        focus(&title_ref);
                    }
                    _ => {
                        focus_when_loaded.arm();
                        if same {
                            load.retry();
                        } else {
                            opened.set(Some(src));
                        }
                    }
                }
            })
        };
        let on_restore = {
            let (opened, restoring, configured) = (
                opened.clone(),
                restoring.clone(),
                config.article_src.clone(),
            );
            Callback::from(move |src: Option<String>| {
                restoring.set(false);
                opened.set(src.or_else(|| configured.clone()));
            })
        };
        html! {
            <DateSearch {source} zone={config.zone} {lang}
                param={config.date_param()} article_param={config.article_param()}
                current={article.as_ref().map(|a| AttrValue::from(a.id.clone()))}
                {on_open} {on_restore} id_prefix={props.id_prefix.clone()} />
        }
    });

    html! {
        <div class="aw-widget" lang={lang.tag()} ref={root}>
            { config_notice(&config.misconfig, lang) }
            { content }
            { for search }
        </div>
    }
}

/// What a portal's developer must fix, in the box where the article should be: an empty box
/// says nothing. Reader-facing failures (network, a missing article) are told apart by their
/// title and keep their Retry; a configuration does not get better by retrying.
fn config_notice(problems: &[Misconfig], lang: Lang) -> Html {
    if problems.is_empty() {
        return Html::default();
    }
    let t = lang.strings();
    let line = |problem: &Misconfig| match problem {
        Misconfig::UnknownAttribute { name, suggestion } => (t.config_unknown)(name, *suggestion),
        Misconfig::NoSource => t.err_no_source.to_owned(),
    };
    html! {
        <div class="aw-error aw-error--config" data-aw-config="">
            <p class="aw-error__title">{ t.config_title }</p>
            <ul class="aw-error__list">
                { for problems.iter().map(|p| html! { <li>{ line(p) }</li> }) }
            </ul>
            <p class="aw-error__hint">{ t.config_hint }</p>
        </div>
    }
}

/// The status shown while something loads.
fn loading(text: &'static str) -> Html {
    html! {
        <div class="aw-status" role="status">
            <span class="aw-spinner" aria-hidden="true"></span>{ text }
        </div>
    }
}
