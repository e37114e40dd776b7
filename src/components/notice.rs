use checkout_core::api_failure::ApiFailure;
use checkout_core::messages::Msg;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A message box. `tone` is "error", "info" or "success"; errors are announced at once.
#[component]
pub fn Notice(tone: &'static str, text: String, #[prop(default = None)] detail: Option<String>) -> impl IntoView {
    let role = if tone == "error" { "alert" } else { "status" };
    view! {
        <div class=format!("acw-notice acw-notice-{tone}") role=role>
            <p class="acw-notice-text">{text}</p>
            {detail.map(|d| view! { <p class="acw-notice-detail">{d}</p> })}
        </div>
    }
}

/// An API failure in the user's language, with "Try again" when trying again can help.
#[component]
pub fn ErrorNotice(failure: ApiFailure, on_retry: impl Fn() + 'static) -> impl IntoView {
    error_notice(failure, Box::new(on_retry))
}

/// The body of `ErrorNotice`, not generic: one copy in the bundle for every caller's closure.
#[inline(never)]
fn error_notice(failure: ApiFailure, on_retry: Box<dyn Fn()>) -> AnyView {
    let i18n = use_i18n();
    let retry = failure
        .retryable()
        .then(|| super::button("acw-button acw-button-secondary acw-retry", i18n.t(Msg::Retry), on_retry));
    view! {
        <div class="acw-error">
            <Notice tone="error" text=i18n.t(failure.msg()).to_owned() detail=failure.detail().map(str::to_owned)/>
            {retry}
        </div>
    }
    .into_any()
}
