use checkout_core::messages::Msg;
use leptos::prelude::*;

use crate::browser;
use crate::i18n::use_i18n;

/// A payment code to type or read out, with a copy button that says whether it worked.
#[component]
pub fn TextCode(value: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(None::<bool>);
    let code_ref = NodeRef::<leptos::html::Code>::new();
    let to_copy = value.clone();
    let copy = move || {
        let text = to_copy.clone();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&text).await;
            if !ok {
                // Selected, so one Ctrl+C or a long press finishes the job.
                if let Some(code) = code_ref.get_untracked() {
                    browser::select_contents(&code);
                }
            }
            copied.set(Some(ok));
        });
    };
    view! {
        <div class="acw-text-code">
            <span class="acw-text-code-label">{i18n.t(Msg::PaymentCode)}</span>
            <code class="acw-code-value" node_ref=code_ref>{value}</code>
            {crate::components::button("acw-button acw-button-secondary acw-copy", i18n.t(Msg::CopyCode), Box::new(copy))}
            <span class="acw-copy-status" role="status">
                {move || copied.get().map(|ok| i18n.t(if ok { Msg::Copied } else { Msg::CopyFailed }))}
            </span>
        </div>
    }
}
