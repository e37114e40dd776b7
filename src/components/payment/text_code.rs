use checkout_core::messages::Msg;
use leptos::prelude::*;

use crate::browser;
use crate::i18n::use_i18n;

/// A payment code to type or read out, with a copy button that says whether it worked.
#[component]
pub fn TextCode(value: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(None::<bool>);
    let to_copy = value.clone();
    let copy = move |_| {
        let text = to_copy.clone();
        leptos::task::spawn_local(async move {
            copied.set(Some(browser::copy_text(&text).await));
        });
    };
    view! {
        <div class="acw-text-code">
            <span class="acw-text-code-label">{i18n.t(Msg::PaymentCode)}</span>
            <code class="acw-code-value">{value}</code>
            <button type="button" class="acw-button acw-button-secondary acw-copy" on:click=copy>{i18n.t(Msg::CopyCode)}</button>
            <span class="acw-copy-status" role="status">
                {move || copied.get().map(|ok| i18n.t(if ok { Msg::Copied } else { Msg::CopyFailed }))}
            </span>
        </div>
    }
}
