use std::any::Any;
use std::cell::Cell;
use std::future::Future;
use std::marker::PhantomData;
use std::rc::Rc;

use futures::future::{abortable, AbortHandle, LocalBoxFuture};
use futures::FutureExt;

use wasm_bindgen_futures::spawn_local;
use yew::prelude::*;

use crate::error::{Error, Result};

/// What a [`use_load`] holds.
pub enum Loaded<T: ?Sized> {
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

impl<T: ?Sized> Loaded<T> {
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
    inner: AnyLoadHandle,
    kind: PhantomData<fn() -> T>,
}

impl<T: 'static> UseLoadHandle<T> {
    /// The current state (its data shared, not copied).
    pub fn get(&self) -> Loaded<T> {
        match &*self.inner.state {
            Loaded::Idle => Loaded::Idle,
            Loaded::Ready(any) => match any.clone().downcast::<T>() {
                Ok(value) => Loaded::Ready(value),
                // Never: only a `T` is ever stored (see `use_load`).
                Err(_) => Loaded::Loading,
            },
            Loaded::Loading => Loaded::Loading,
            Loaded::Failed(error) => Loaded::Failed(error.clone()),
        }
    }

    /// Loads again (the Retry buttons).
    pub fn retry(&self) {
        self.inner.attempt.set(*self.inner.attempt + 1);
    }
}

impl<T> Clone for UseLoadHandle<T> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            kind: PhantomData,
        }
    }
}

/// The state of a load with its data's type erased: one copy of the loading machinery serves
/// every kind of data (article, glossary, archive, results, counts) instead of one per kind.
#[derive(Clone)]
struct AnyLoadHandle {
    state: UseStateHandle<Loaded<dyn Any>>,
    attempt: UseStateHandle<u32>,
}

type AnyFuture = LocalBoxFuture<'static, Result<Rc<dyn Any>>>;
type AnySettled = Rc<dyn Fn(std::result::Result<&dyn Any, &Error>)>;

/// Loads `url` with `load` whenever the URL changes or [`UseLoadHandle::retry`] is called.
///
/// A load whose URL changed, or whose widget was destroyed, is dropped at once: its request is
/// aborted (see `services::fetch`), and a slow first answer can never overwrite a newer one.
/// `settled` sees each kept result once it is known (for console messages and events).
///
/// A load that needs no network (an `#id` block of the page, or an article the loader already
/// fetched beside the wasm) completes the first time it is polled: it is polled once while the
/// component first renders, so that render shows the data — no loading state painted and laid
/// out first, and no second render. `settled` then runs after that render, as for any load.
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
    S: Fn(std::result::Result<&T, &Error>) + 'static,
{
    let load = Box::new(move |url| {
        load(url)
            .map(|result| result.map(|value| Rc::new(value) as Rc<dyn Any>))
            .boxed_local()
    });
    let settled: AnySettled = Rc::new(move |result| match result {
        Ok(value) => {
            if let Some(value) = value.downcast_ref::<T>() {
                settled(Ok(value));
            }
        }
        Err(error) => settled(Err(error)),
    });
    UseLoadHandle {
        inner: use_any_load(url, load, settled),
        kind: PhantomData,
    }
}

/// [`use_load`] for any data.
#[hook]
fn use_any_load(
    url: Option<String>,
    load: Box<dyn FnOnce(String) -> AnyFuture>,
    settled: AnySettled,
) -> AnyLoadHandle {
    // The first render's load, started (and polled once) while that render builds its state;
    // still pending, it is handed to the first effect to run to its end.
    let load = Cell::new(Some(load));
    let first = use_mut_ref(|| None::<First>);
    let state = use_state(|| match (&url, load.take()) {
        (Some(url), Some(load)) => {
            let mut future = load(url.clone());
            match (&mut future).now_or_never() {
                Some(result) => {
                    *first.borrow_mut() = Some(First::Settled);
                    Loaded::from(result)
                }
                None => {
                    *first.borrow_mut() = Some(First::Pending(future));
                    Loaded::Loading
                }
            }
        }
        // Idle from the first render when there is nothing to load: no loading flash.
        _ => Loaded::Idle,
    });
    let attempt = use_state(|| 0u32);
    {
        let state = state.clone();
        use_effect_with((url, *attempt), move |(url, _)| {
            let mut abort = None;
            let future = match (first.borrow_mut().take(), url.clone()) {
                (Some(First::Settled), _) => {
                    report(&state, &*settled);
                    None
                }
                (Some(First::Pending(future)), _) => Some(future),
                (None, None) => {
                    state.set(Loaded::Idle);
                    None
                }
                (None, Some(url)) => load.take().map(|load| {
                    state.set(Loaded::Loading);
                    load(url)
                }),
            };
            if let Some(future) = future {
                let (future, handle) = abortable(future);
                abort = Some(handle);
                spawn_local(async move {
                    // Aborted: the load was dropped, and with it its request.
                    let Ok(result) = future.await else {
                        return;
                    };
                    let loaded = Loaded::from(result);
                    report(&loaded, &*settled);
                    state.set(loaded);
                });
            }
            move || abort.iter().for_each(AbortHandle::abort)
        });
    }
    AnyLoadHandle { state, attempt }
}

/// The first render's load, between that render and its effect.
enum First {
    /// Done while rendering: its result is already the state.
    Settled,
    /// Still loading.
    Pending(AnyFuture),
}

impl From<Result<Rc<dyn Any>>> for Loaded<dyn Any> {
    fn from(result: Result<Rc<dyn Any>>) -> Self {
        match result {
            Ok(value) => Loaded::Ready(value),
            Err(error) => Loaded::Failed(error),
        }
    }
}

/// Tells `settled` what a load ended with.
fn report(loaded: &Loaded<dyn Any>, settled: &dyn Fn(std::result::Result<&dyn Any, &Error>)) {
    match loaded {
        Loaded::Ready(value) => settled(Ok(&**value)),
        Loaded::Failed(error) => settled(Err(error)),
        Loaded::Idle | Loaded::Loading => {}
    }
}
