use yew::prelude::*;

use crate::i18n::Lang;

/// Props of [`ErrorBox`].
#[derive(Properties, PartialEq)]
pub struct ErrorBoxProps {
    /// The box's class: `aw-error` for the article, `aw-search__error` inside the date search.
    pub class: AttrValue,
    /// A title above the message, if the box stands for the whole widget.
    #[prop_or_default]
    pub title: Option<AttrValue>,
    /// What went wrong, in words a reader can act on.
    pub message: AttrValue,
    /// Loads again.
    pub on_retry: Callback<()>,
    /// The Retry button, which focus returns to when the retry fails again.
    pub retry_ref: NodeRef,
    /// Interface language.
    pub lang: Lang,
}

/// A failed load, announced (`role=alert`), with a Retry button: the article's and the index's
/// failures look and behave alike.
#[component]
pub fn ErrorBox(props: &ErrorBoxProps) -> Html {
    let onclick = props.on_retry.reform(|_: MouseEvent| ());
    html! {
        <div class={props.class.clone()} role="alert">
            if let Some(title) = &props.title {
                <p class="aw-error__title">{ title }</p>
            }
            <p class="aw-error__message">{ &props.message }</p>
            <button type="button" class="aw-button" {onclick} ref={props.retry_ref.clone()}>
                { props.lang.strings().retry }
            </button>
        </div>
    }
}
