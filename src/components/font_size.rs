use wasm_bindgen::JsCast;
use web_sys::HtmlElement;
use yew::prelude::*;

use crate::components::Target;
use crate::font_scale::FontScale;
use crate::hooks::use_font_scale;
use crate::i18n::Lang;

/// Props of [`FontSizeControl`].
#[derive(Properties, PartialEq)]
pub struct FontSizeControlProps {
    /// The element whose `--aw-font-scale` the level sets (the widget's root).
    pub target: Target,
    /// Called after each level is applied (also the first), for text the custom property does
    /// not reach: a portal's own markup.
    #[prop_or_default]
    pub on_applied: Callback<FontScale>,
    /// Interface language.
    pub lang: Lang,
    /// Unique prefix for element ids within the page.
    pub id_prefix: AttrValue,
}

/// The buttons' visible labels.
const DECREASE: &str = "A−";
const RESET: &str = "A";
const INCREASE: &str = "A+";

/// "Xem với cỡ chữ": A− / A / A+.
///
/// At an end the button gets `aria-disabled` rather than `disabled`, so a keyboard user who
/// presses A+ until it stops keeps focus on it instead of being thrown back to the page top.
///
/// Each accessible name starts with the visible label ("A+ Tăng cỡ chữ"), so a speech-input
/// user can say what they see (WCAG 2.5.3 Label in Name); the title explains it on hover.
#[component]
pub fn FontSizeControl(props: &FontSizeControlProps) -> Html {
    let t = props.lang.strings();
    // The level lives here, not in the widget: a click re-renders these three buttons and the
    // status, and the article follows through one custom property, set through the CSSOM
    // (allowed under a strict style-src CSP, unlike a style attribute) before the next paint.
    let font = use_font_scale();
    let scale = font.get();
    {
        let (target, on_applied) = (props.target.clone(), props.on_applied.clone());
        use_effect_with(scale, move |scale| {
            if let Some(el) = target
                .get()
                .and_then(|el| el.dyn_into::<HtmlElement>().ok())
            {
                // The default level is the stylesheet's own value: leaving the root's style
                // untouched then spares the article a second style pass after the first paint
                // (about 5 ms in a trace), which writing the same factor still costs.
                let style = el.style();
                let _ = if *scale == FontScale::default() {
                    style.remove_property("--aw-font-scale").map(drop)
                } else {
                    style.set_property("--aw-font-scale", &scale.factor_css())
                };
            }
            on_applied.emit(*scale);
        });
    }
    let label_id = format!("{}-font-label", props.id_prefix);
    let change = |next: Option<FontScale>| {
        let font = font.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(next) = next {
                font.set(next);
            }
        })
    };
    let smaller = scale.smaller();
    let larger = scale.larger();
    let name = |visible: &str, label: &str| format!("{visible} {label}");
    html! {
        <div class="aw-fontsize" role="group" aria-labelledby={label_id.clone()}>
            <span class="aw-tools__label" id={label_id}>{ t.font_size }</span>
            <button type="button" class="aw-tool" aria-label={name(DECREASE, t.font_decrease)} title={t.font_decrease}
                aria-disabled={smaller.is_none().to_string()} onclick={change(smaller)}>
                { DECREASE }
            </button>
            <button type="button" class="aw-tool" aria-label={name(RESET, t.font_reset)} title={t.font_reset}
                onclick={change(Some(FontScale::default()))}>
                { RESET }
            </button>
            <button type="button" class="aw-tool" aria-label={name(INCREASE, t.font_increase)} title={t.font_increase}
                aria-disabled={larger.is_none().to_string()} onclick={change(larger)}>
                { INCREASE }
            </button>
            <span class="aw-visually-hidden" role="status" aria-live="polite">
                { (t.font_level)(scale.percent()) }
            </span>
        </div>
    }
}
