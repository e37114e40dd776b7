use checkout_core::ams::PaymentStatus;
use checkout_core::format::format_amount;
use checkout_core::merchant_api::{OrderStatus, OrderView};
use checkout_core::messages::Msg;
use checkout_core::status::{status_display, Tone};
use leptos::prelude::*;

use super::{ErrorNotice, Skeleton};
use crate::app::use_checkout;
use crate::browser;
use crate::i18n::use_i18n;

/// How often the result page asks again while the payment is not final, and how many times.
const RECHECK_MS: u32 = 2_000;
const MAX_RECHECKS: u32 = 30;

/// The shop's result page: the status as the server knows it, never as the URL claims.
#[component]
pub fn ResultPage() -> impl IntoView {
    let checkout = use_checkout();
    let i18n = use_i18n();
    let order = {
        let (api, order_ref) = (checkout.api.clone(), checkout.order_ref.clone());
        LocalResource::new(move || {
            let (api, order_ref) = (api.clone(), order_ref.clone());
            async move { api.order(&order_ref).await }
        })
    };

    // Tell the shop page, and ask again later while the payment is still open.
    let rechecks = StoredValue::new(0u32);
    let host = checkout.host;
    Effect::new(move |_| {
        let Some(Ok(view)) = order.get() else { return };
        let status = effective_status(&view);
        host.with_value(|el| browser::dispatch_status(el, &view, &status));
        if !status.is_final() && rechecks.get_value() < MAX_RECHECKS {
            rechecks.update_value(|n| *n += 1);
            gloo_timers::callback::Timeout::new(RECHECK_MS, move || order.refetch()).forget();
        }
    });

    view! {
        <section class="acw-page acw-result-page" aria-live="polite">
            {move || match order.get() {
                None => view! { <Skeleton label=i18n.t(Msg::CheckingStatus) rows=1/> }.into_any(),
                Some(Err(failure)) => view! { <ErrorNotice failure=failure on_retry=move || order.refetch()/> }.into_any(),
                Some(Ok(view)) => {
                    let status = effective_status(&view);
                    let shown = status_display(&status);
                    let tone = match shown.tone { Tone::Good => "success", Tone::Bad => "error", Tone::Waiting => "waiting" };
                    view! {
                        <div class=format!("acw-result acw-result-{tone}") data-status=status.as_str().to_owned()>
                            <div class="acw-result-icon" aria-hidden="true"></div>
                            <h2 class="acw-result-title">{i18n.t(shown.msg)}</h2>
                            <p class="acw-result-amount">{format_amount(&view.amount)}</p>
                            <p class="acw-result-order">{view.description.clone()}</p>
                        </div>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The payment status to show: a paid order is SUCCESS even if the last attempt failed.
fn effective_status(view: &OrderView) -> PaymentStatus {
    match (&view.status, &view.latest_payment) {
        (OrderStatus::Paid, _) => PaymentStatus::Success,
        (_, Some(payment)) => payment.status.clone(),
        (_, None) => PaymentStatus::Processing,
    }
}
