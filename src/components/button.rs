use leptos::prelude::*;

/// A plain `type="button"` with a text label. Every simple button of the widget is this one
/// concrete view type, so its build and event code is in the bundle once, not once per call site.
#[inline(never)]
pub fn button(class: &'static str, label: String, on_press: Box<dyn Fn()>) -> AnyView {
    view! { <button type="button" class=class on:click=move |_| on_press()>{label}</button> }.into_any()
}
