use gloo::events::EventListener;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit};
use yew::prelude::*;

use crate::font_scale::FontScale;
use crate::services::storage;

/// localStorage key shared by every widget of the origin.
const STORAGE_KEY: &str = "article-widget:font-scale";
/// Window event that keeps the widgets of one page in step.
const SYNC_EVENT: &str = "article-widget:font-scale";

/// State handle returned by [`use_font_scale`].
#[derive(Clone, PartialEq)]
pub struct UseFontScaleHandle {
    scale: UseStateHandle<FontScale>,
}

impl UseFontScaleHandle {
    /// The current level.
    pub fn get(&self) -> FontScale {
        *self.scale
    }

    /// Changes the level, remembers it, and tells the other widgets on the page.
    pub fn set(&self, scale: FontScale) {
        self.scale.set(scale);
        storage::save(STORAGE_KEY, &scale.percent());
        let init = CustomEventInit::new();
        init.set_detail(&scale.percent().into());
        if let Ok(event) = CustomEvent::new_with_event_init_dict(SYNC_EVENT, &init) {
            let _ = gloo::utils::window().dispatch_event(&event);
        }
    }
}

/// The reader's font-size level, remembered per origin.
///
/// The stored level is read during the first render, so the article is painted at the right
/// size from the start (no jump on reload). A change in one widget is applied to the other
/// widgets on the same page at once and to every widget of the origin on the next load.
///
/// ```no_run
/// use article_widget::hooks::use_font_scale;
/// use yew::prelude::*;
///
/// #[component]
/// fn Bigger() -> Html {
///     let font = use_font_scale();
///     let onclick = move |_| {
///         if let Some(larger) = font.get().larger() {
///             font.set(larger);
///         }
///     };
///     html! { <button {onclick}>{ "A+" }</button> }
/// }
/// ```
#[hook]
pub fn use_font_scale() -> UseFontScaleHandle {
    let scale = use_state_eq(|| {
        storage::load::<u16>(STORAGE_KEY)
            .map(FontScale::from_percent)
            .unwrap_or_default()
    });
    {
        let scale = scale.clone();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::window(), SYNC_EVENT, move |event| {
                let percent = event
                    .dyn_ref::<CustomEvent>()
                    .and_then(|e| e.detail().as_f64())
                    .filter(|p| (0.0..=f64::from(u16::MAX)).contains(p));
                if let Some(percent) = percent {
                    scale.set(FontScale::from_percent(percent as u16));
                }
            });
            move || drop(listener)
        });
    }
    UseFontScaleHandle { scale }
}
