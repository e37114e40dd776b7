use crate::dom::{el, El};

/// A plain `type="button"` with a text label: every simple button of the widget.
pub fn button(class: &'static str, label: String, on_press: Box<dyn Fn()>) -> El {
    el("button", class).attr("type", "button").on("click", move |_| on_press()).child(label)
}
