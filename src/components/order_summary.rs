use crate::format::format_amount;
use checkout_core::merchant_api::OrderView;
use checkout_core::messages::Msg;

use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// The order's description and total, as the server states them.
pub fn order_summary(order: &OrderView) -> El {
    let i18n = use_i18n();
    el("div", "acw-summary").child(el("span", "acw-summary-desc").child(order.description.clone())).child(
        el("span", "acw-summary-total")
            .child(el("span", "acw-summary-label").child(i18n.t(Msg::OrderTotal)))
            .child(" ")
            .child(el("strong", "acw-amount").child(format_amount(&order.amount))),
    )
}
