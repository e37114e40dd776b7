use checkout_core::ams::PaymentStatus;
use checkout_core::merchant_api::{OrderStatus, OrderView};
use checkout_core::messages::Msg;
use checkout_core::polling::PollSchedule;
use leptos::prelude::*;

use crate::state::Shared;

use super::{error_notice, result_card, skeleton};
use crate::app::use_checkout;
use crate::browser;
use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// The shop's result page: the status as the server knows it, never as the URL claims.
/// While the payment is still open it asks again on the same backoff as the payment panel.
pub fn result_page() -> El {
    let checkout = use_checkout();
    let i18n = use_i18n();
    // The server's answer, `None` until the first one; a new request keeps the last answer on
    // screen until its own arrives. A plain signal set by a task (no Resource in the bundle).
    let order = Shared::new(None);
    let refetch = {
        let (api, order_ref) = (checkout.api.clone(), checkout.order_ref.clone());
        Callback::new(move |()| {
            let (api, order_ref) = (api.clone(), order_ref.clone());
            leptos::task::spawn_local(async move { order.set(Some(api.order(&order_ref).await)) });
        })
    };
    refetch.run(());

    let schedule = std::cell::RefCell::new(PollSchedule::default());
    let host = checkout.host;
    let order_ref = checkout.order_ref.clone();
    Effect::new(move |_| {
        let Some(Ok(view)) = order.get() else { return };
        let status = effective_status(&view);
        let payment_ref = view.latest_payment.as_ref().map(|p| p.payment_ref.clone());
        host.with_untracked(|el| browser::dispatch_status(el, &order_ref, payment_ref.as_deref(), &status));
        if status.is_final() {
            browser::set_current_payment(&order_ref, None);
        } else if let Some(delay) = schedule.borrow_mut().next_delay() {
            gloo_timers::callback::Timeout::new(delay, move || refetch.run(())).forget();
        }
    });

    el("section", "acw-page acw-result-page").attr("aria-live", "polite").child(crate::dom::switch(
        move || order.get(),
        move |answer| match answer {
            None => skeleton(i18n.t(Msg::CheckingStatus), 1).into(),
            Some(Err(failure)) => error_notice(failure, Box::new(move || refetch.run(()))).into(),
            Some(Ok(view)) => {
                result_card(&effective_status(&view), &view.amount, view.description.clone(), None, Vec::new()).into()
            }
        },
    ))
}

/// The payment status to show: a paid order is SUCCESS even if the last attempt failed.
fn effective_status(view: &OrderView) -> PaymentStatus {
    match (&view.status, &view.latest_payment) {
        (OrderStatus::Paid, _) => PaymentStatus::Success,
        (_, Some(payment)) => payment.status.clone(),
        (_, None) => PaymentStatus::Processing,
    }
}
