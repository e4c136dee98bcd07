use std::cell::RefCell;
use std::rc::Rc;

use yew::prelude::*;

use super::Phase;

/// Handle returned by [`use_focus_after_retry`].
#[derive(Clone)]
pub struct FocusAfterRetry(Rc<RefCell<bool>>);

impl FocusAfterRetry {
    /// The reader started this load (Retry, or a result opened): move focus when it settles.
    pub fn arm(&self) {
        *self.0.borrow_mut() = true;
    }
}

/// Moves focus to the outcome of a load the reader started: the control they used (Retry, a
/// result) is gone once it settles, and focus must not fall to the page's top. `on_settled` is
/// called with [`Phase::Ready`] or [`Phase::Failed`] once per [`FocusAfterRetry::arm`]; a load
/// the reader did not start (the first one) never moves focus, which must not be stolen from the
/// portal.
///
/// ```ignore
/// let focus_after = use_focus_after_retry(load.get().phase(), move |phase| {
///     focus(if phase == Phase::Ready { &title_ref } else { &retry_ref });
/// });
/// let retry = Callback::from(move |()| { focus_after.arm(); load.retry(); });
/// ```
#[hook]
pub fn use_focus_after_retry<F>(phase: Phase, on_settled: F) -> FocusAfterRetry
where
    F: Fn(Phase) + 'static,
{
    let armed = use_mut_ref(|| false);
    {
        let armed = armed.clone();
        use_effect_with(phase, move |phase| {
            if *phase != Phase::Pending && std::mem::take(&mut *armed.borrow_mut()) {
                on_settled(*phase);
            }
        });
    }
    FocusAfterRetry(armed)
}
