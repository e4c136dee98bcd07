use yew::prelude::*;

use super::use_shared_pref::{use_shared_pref, UseSharedPrefHandle};
use crate::font_scale::FontScale;

/// State handle returned by [`use_font_scale`].
#[derive(Clone, PartialEq)]
pub struct UseFontScaleHandle {
    percent: UseSharedPrefHandle<u16>,
}

impl UseFontScaleHandle {
    /// The current level.
    pub fn get(&self) -> FontScale {
        FontScale::from_percent(self.percent.get())
    }

    /// Changes the level for every widget of the origin.
    pub fn set(&self, scale: FontScale) {
        self.percent.set(scale.percent());
    }
}

/// The reader's font-size level, remembered per origin and shared by the widgets of a page.
///
/// The percentage is stored rather than a level index, so changing the level table later does
/// not misread what readers stored earlier.
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
    let percent = use_shared_pref("font-scale", FontScale::default().percent(), |p| {
        (1..=1000).contains(p)
    });
    UseFontScaleHandle { percent }
}
