use crate::format::format_amount;
use checkout_core::ams::{Amount, PaymentStatus};
use checkout_core::status::{status_display, Tone};

use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// A payment's outcome as a card: icon, headline, amount, what was bought, and actions below.
pub fn result_card(
    status: &PaymentStatus,
    amount: &Amount,
    description: String,
    note: Option<String>,
    actions: Vec<El>,
) -> El {
    let i18n = use_i18n();
    let shown = status_display(status);
    let tone = match shown.tone {
        Tone::Good => "success",
        Tone::Bad => "error",
        Tone::Waiting => "waiting",
    };
    let actions = (!actions.is_empty()).then(|| el("div", "acw-actions").children(actions));
    el("div", &format!("acw-result acw-result-{tone}"))
        .attr("data-status", status.as_str())
        .child(el("div", "acw-result-icon").attr("aria-hidden", "true"))
        .child(el("h2", "acw-result-title").child(i18n.t(shown.msg)))
        .child(note.map(|n| el("p", "acw-result-note").child(n)))
        .child(el("p", "acw-result-amount").child(format_amount(amount)))
        .child(el("p", "acw-result-order").child(description))
        .child(actions)
}
