use checkout_core::api_failure::ApiFailure;
use checkout_core::messages::Msg;

use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// A message box. `tone` is "error", "info" or "success"; errors are announced at once.
pub fn notice(tone: &'static str, text: String, detail: Option<String>) -> El {
    let role = if tone == "error" { "alert" } else { "status" };
    el("div", &format!("acw-notice acw-notice-{tone}"))
        .attr("role", role)
        .child(el("p", "acw-notice-text").child(text))
        .child(detail.map(|d| el("p", "acw-notice-detail").child(d)))
}

/// An API failure in the user's language, with "Try again" when trying again can help.
pub fn error_notice(failure: ApiFailure, on_retry: Box<dyn Fn()>) -> El {
    let i18n = use_i18n();
    let retry = failure
        .retryable()
        .then(|| super::button("acw-button acw-button-secondary acw-retry", i18n.t(Msg::Retry), on_retry));
    el("div", "acw-error")
        .child(notice("error", i18n.t(failure.msg()), failure.detail().map(str::to_owned)))
        .child(retry)
}
