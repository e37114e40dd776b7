use crate::format::format_amount;
use checkout_core::merchant_api::OrderView;
use checkout_core::messages::Msg;
use leptos::prelude::*;

use crate::i18n::use_i18n;

/// The order's description and total, as the server states them.
#[component]
pub fn OrderSummary(order: OrderView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="acw-summary">
            <span class="acw-summary-desc">{order.description.clone()}</span>
            <span class="acw-summary-total">
                <span class="acw-summary-label">{i18n.t(Msg::OrderTotal)}</span>
                " "
                <strong class="acw-amount">{format_amount(&order.amount)}</strong>
            </span>
        </div>
    }
}
