use checkout_core::ams::PaymentStatus;
use checkout_core::merchant_api::{OrderStatus, OrderView};
use checkout_core::messages::Msg;
use checkout_core::polling::PollSchedule;

use crate::state::Shared;
use crate::task::Tasks;

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
    let tasks = Tasks::here();
    let refetch = {
        let (api, order_ref) = (checkout.api.clone(), checkout.order_ref.clone());
        crate::state::action(move |()| {
            let (api, order_ref) = (api.clone(), order_ref.clone());
            tasks.spawn(async move { order.set(Some(api.order(&order_ref).await)) });
        })
    };
    refetch.run(());

    let schedule = std::cell::RefCell::new(PollSchedule::default());
    let host = checkout.host;
    let order_ref = checkout.order_ref.clone();
    // The next poll's timer, cancelled when the page goes: a late timer must not call into a
    // widget that was unmounted (its callback is gone with it).
    let next_poll = std::rc::Rc::new(std::cell::RefCell::new(None::<gloo_timers::callback::Timeout>));
    {
        let cancel = crate::local::Local::new(next_poll.clone());
        crate::dom::on_cleanup(move || drop(cancel.take().borrow_mut().take()));
    }
    crate::dom::watch(move || {
        let Some(Ok(view)) = order.get() else { return };
        let status = effective_status(&view);
        let payment_ref = view.latest_payment.as_ref().map(|p| p.payment_ref.clone());
        host.with_untracked(|el| browser::dispatch_status(el, &order_ref, payment_ref.as_deref(), &status));
        if status.is_final() {
            browser::set_current_payment(&order_ref, None);
        } else if let Some(delay) = schedule.borrow_mut().next_delay() {
            *next_poll.borrow_mut() = Some(gloo_timers::callback::Timeout::new(delay, move || refetch.run(())));
        }
    });

    // Built again only when what it shows changes: each poll's answer is not announced anew.
    let shown = move || {
        order.with(|answer| match answer {
            None => Shown::Checking,
            Some(Err(failure)) => Shown::Failed(failure.clone()),
            Some(Ok(view)) => Shown::Status(effective_status(view)),
        })
    };
    let build = move |what: Shown| match what {
        Shown::Checking => skeleton(i18n.t(Msg::CheckingStatus), 1).into(),
        Shown::Failed(failure) => error_notice(failure, Box::new(move || refetch.run(()))).into(),
        Shown::Status(status) => order.with_untracked(|answer| match answer {
            Some(Ok(view)) => result_card(&status, &view.amount, view.description.clone(), None, Vec::new()).into(),
            _ => crate::dom::Nodes::none(),
        }),
    };
    el("section", "acw-page acw-result-page").attr("aria-live", "polite").child(crate::dom::switch(shown, build))
}

#[derive(Clone, PartialEq)]
enum Shown {
    Checking,
    Failed(checkout_core::api_failure::ApiFailure),
    Status(PaymentStatus),
}

/// The payment status to show: a paid order is SUCCESS even if the last attempt failed.
fn effective_status(view: &OrderView) -> PaymentStatus {
    match (&view.status, &view.latest_payment) {
        (OrderStatus::Paid, _) => PaymentStatus::Success,
        (_, Some(payment)) => payment.status.clone(),
        (_, None) => PaymentStatus::Processing,
    }
}
