use yew::prelude::*;

use crate::i18n::Lang;

/// A failed load, announced (`role=alert`), with a Retry button: the article's and the index's
/// failures look and behave alike.
///
/// Markup without state of its own, so a plain function of its fields rather than a component:
/// each component carries its own copy of Yew's lifecycle code in the wasm.
pub struct ErrorBox<'a> {
    /// The box's class: `aw-error` for the article, `aw-search__error` inside the date search.
    pub class: &'static str,
    /// A title above the message, if the box stands for the whole widget.
    pub title: Option<&'static str>,
    /// What went wrong, in words a reader can act on.
    pub message: String,
    /// Loads again.
    pub on_retry: Callback<()>,
    /// The Retry button, which focus returns to when the retry fails again.
    pub retry_ref: &'a NodeRef,
    /// Interface language.
    pub lang: Lang,
}

impl ErrorBox<'_> {
    /// The box.
    pub fn view(self) -> Html {
        let onclick = self.on_retry.reform(|_: MouseEvent| ());
        html! {
            <div class={self.class} role="alert">
                if let Some(title) = self.title {
                    <p class="aw-error__title">{ title }</p>
                }
                <p class="aw-error__message">{ self.message }</p>
                <button type="button" class="aw-button" {onclick} ref={self.retry_ref.clone()}>
                    { self.lang.strings().retry }
                </button>
            </div>
        }
    }
}
