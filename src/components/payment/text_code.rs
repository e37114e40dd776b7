use crate::state::Shared;
use crate::task::Tasks;
use checkout_core::messages::Msg;

use crate::browser;
use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// A payment code to type or read out, with a copy button that says whether it worked.
pub fn text_code(value: String) -> El {
    let i18n = use_i18n();
    let copied = Shared::new(None::<bool>);
    let tasks = Tasks::here();
    let code = el("code", "acw-code-value").child(value.clone());
    let code_element = code.0.clone();
    let copy = move || {
        let (text, code_element) = (value.clone(), code_element.clone());
        tasks.spawn(async move {
            let ok = browser::copy_text(&text).await;
            if !ok {
                // Selected, so one Ctrl+C or a long press finishes the job.
                browser::select_contents(&code_element);
            }
            copied.set(Some(ok));
        });
    };
    el("div", "acw-text-code")
        .child(el("span", "acw-text-code-label").child(i18n.t(Msg::PaymentCode)))
        .child(code)
        .child(crate::components::button(
            "acw-button acw-button-secondary acw-copy",
            i18n.t(Msg::CopyCode),
            Box::new(copy),
        ))
        .child(el("span", "acw-copy-status").attr("role", "status").dyn_text(move || {
            copied.get().map(|ok| i18n.t(if ok { Msg::Copied } else { Msg::CopyFailed })).unwrap_or_default()
        }))
}
