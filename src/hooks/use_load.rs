use std::future::Future;

use futures::future::{abortable, AbortHandle};
use std::rc::Rc;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::error::{Error, Result};

/// What a [`use_load`] holds.
pub enum Loaded<T> {
    /// Nothing to load (no URL configured).
    Idle,
    /// Waiting for the answer.
    Loading,
    /// Loaded.
    Ready(Rc<T>),
    /// Failed; the widget shows why.
    Failed(Error),
}

/// Where a load stands, without its data: what effects that react to a load finishing (moving
/// focus after Retry) depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Idle or loading.
    Pending,
    /// Loaded.
    Ready,
    /// Failed.
    Failed,
}

impl<T> Loaded<T> {
    /// The [`Phase`] of this state.
    pub fn phase(&self) -> Phase {
        match self {
            Loaded::Idle | Loaded::Loading => Phase::Pending,
            Loaded::Ready(_) => Phase::Ready,
            Loaded::Failed(_) => Phase::Failed,
        }
    }
}

/// State handle returned by [`use_load`].
pub struct UseLoadHandle<T> {
    state: UseStateHandle<Loaded<T>>,
    attempt: UseStateHandle<u32>,
}

impl<T> UseLoadHandle<T> {
    /// The current state.
    pub fn get(&self) -> &Loaded<T> {
        &self.state
    }

    /// Loads again (the Retry buttons).
    pub fn retry(&self) {
        self.attempt.set(*self.attempt + 1);
    }
}

impl<T> Clone for UseLoadHandle<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            attempt: self.attempt.clone(),
        }
    }
}

/// Loads `url` with `load` whenever the URL changes or [`UseLoadHandle::retry`] is called.
///
/// A load whose URL changed, or whose widget was destroyed, is dropped at once: its request is
/// aborted (see `services::fetch`), and a slow first answer can never overwrite a newer one. `settled` sees each kept result just
/// before it is shown (for console messages and events).
///
/// ```no_run
/// use article_widget::hooks::{use_load, Loaded};
/// use article_widget::services::fetch::{get_text, Limit};
/// use yew::prelude::*;
///
/// #[component]
/// fn Raw() -> Html {
///     let text = use_load(Some("notes.txt".to_owned()), |url| async move { get_text(&url, Limit::Document).await }, |_| {});
///     match text.get() {
///         Loaded::Ready(text) => html! { <pre>{ text.as_str() }</pre> },
///         _ => html! {},
///     }
/// }
/// ```
#[hook]
pub fn use_load<T, F, Fut, S>(url: Option<String>, load: F, settled: S) -> UseLoadHandle<T>
where
    T: 'static,
    F: FnOnce(String) -> Fut + 'static,
    Fut: Future<Output = Result<T>> + 'static,
    S: Fn(&Result<T>) + 'static,
{
    // Idle from the first render when there is nothing to load: no loading flash.
    let state = use_state(|| match &url {
        Some(_) => Loaded::Loading,
        None => Loaded::Idle,
    });
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((url, *attempt), move |(url, _)| {
            let mut abort = None;
            match url.clone() {
                None => state.set(Loaded::Idle),
                Some(url) => {
                    state.set(Loaded::Loading);
                    let (future, handle) = abortable(load(url));
                    abort = Some(handle);
                    spawn_local(async move {
                        // Aborted: the load was dropped, and with it its request.
                        let Ok(result) = future.await else {
                            return;
                        };
                        settled(&result);
                        state.set(match result {
                            Ok(value) => Loaded::Ready(Rc::new(value)),
                            Err(error) => Loaded::Failed(error),
                        });
                    });
                }
            }
            move || abort.iter().for_each(AbortHandle::abort)
        });
    }
    UseLoadHandle { state, attempt }
}
