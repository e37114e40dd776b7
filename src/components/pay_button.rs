use leptos::prelude::*;

/// The primary button. While `busy` it is `aria-disabled` (it keeps the keyboard focus, which a
/// `disabled` button would drop on `<body>`), ignores presses, shows a spinner and says so to
/// screen readers, so one click makes one request.
#[component]
pub fn PayButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] busy: Signal<bool>,
    #[prop(into)] disabled: Signal<bool>,
    on_press: impl Fn() + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="acw-button acw-pay"
            disabled=move || disabled.get()
            aria-disabled=move || busy.get().to_string()
            aria-busy=move || busy.get().to_string()
            on:click=move |_| {
                if !busy.get_untracked() && !disabled.get_untracked() {
                    on_press();
                }
            }
        >
            {move || busy.get().then(|| view! { <span class="acw-spinner" aria-hidden="true"></span> })}
            <span>{move || label.get()}</span>
        </button>
    }
}
