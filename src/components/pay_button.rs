use crate::dom::{el, El};

/// The primary button. While `busy` it is `aria-disabled` (it keeps the keyboard focus, which a
/// `disabled` button would drop on `<body>`), ignores presses, shows a spinner and says so to
/// screen readers, so one click makes one request.
pub fn pay_button(
    label: impl Fn() -> String + 'static,
    busy: impl Fn() -> bool + Copy + 'static,
    disabled: impl Fn() -> bool + Copy + 'static,
    on_press: Box<dyn Fn()>,
) -> El {
    el("button", "acw-button acw-pay")
        .attr("type", "button")
        .dyn_attr("disabled", move || disabled().then(String::new))
        .dyn_flag("aria-disabled", busy)
        .dyn_flag("aria-busy", busy)
        .on("click", move |_| {
            if !leptos::prelude::untrack(|| busy() || disabled()) {
                on_press();
            }
        })
        .child(crate::dom::switch(busy, |busy| {
            busy.then(|| el("span", "acw-spinner").attr("aria-hidden", "true")).into()
        }))
        .child(el("span", "").dyn_text(label))
}
