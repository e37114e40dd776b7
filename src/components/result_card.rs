use crate::format::format_amount;
use checkout_core::ams::{Amount, PaymentStatus};
use checkout_core::status::{status_display, Tone};
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// A payment's outcome as a card: icon, headline, amount, what was bought, and actions below.
#[component]
pub fn ResultCard(
    status: PaymentStatus,
    amount: Amount,
    #[prop(into)] description: String,
    #[prop(optional)] note: Option<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = status_display(&status);
    let tone = match shown.tone {
        Tone::Good => "success",
        Tone::Bad => "error",
        Tone::Waiting => "waiting",
    };
    view! {
        <div class=format!("acw-result acw-result-{tone}") data-status=status.as_str().to_owned()>
            <div class="acw-result-icon" aria-hidden="true"></div>
            <h2 class="acw-result-title">{i18n.t(shown.msg)}</h2>
            {note.map(|n| view! { <p class="acw-result-note">{n}</p> })}
            <p class="acw-result-amount">{format_amount(&amount)}</p>
            <p class="acw-result-order">{description}</p>
            {children.map(|c| view! { <div class="acw-actions">{c()}</div> })}
        </div>
    }
}
