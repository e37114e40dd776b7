use checkout_core::api_failure::ApiFailure;
use checkout_core::merchant_api::{MethodsQuery, StartPayment};
use checkout_core::messages::Msg;
use checkout_core::next_step::{next_step, NextStep};
use leptos::prelude::*;

use super::{ErrorNotice, MethodList, Notice, OrderSummary, PayButton, Skeleton};
use crate::app::use_checkout;
use crate::browser;
use crate::i18n::use_i18n;

/// What became of pressing "Pay".
#[derive(Clone, Debug)]
enum PayOutcome {
    Redirecting,
    Refused,
    Failed(ApiFailure),
}

/// The payment method page: obtain the methods, let the user pick one, start the payment and
/// follow the continuation the server returns.
#[component]
pub fn MethodPage() -> impl IntoView {
    let checkout = use_checkout();
    let i18n = use_i18n();
    let (terminal, os) = browser::terminal();

    let methods = {
        let (api, order_ref, terminal, os) = (checkout.api.clone(), checkout.order_ref.clone(), terminal.clone(), os.clone());
        LocalResource::new(move || {
            let (api, order_ref) = (api.clone(), order_ref.clone());
            let query = MethodsQuery { terminal_type: terminal.clone(), os_type: os.clone(), user_region: None, allowed_psp_regions: None };
            async move { api.methods(&order_ref, &query).await }
        })
    };
    let selected = RwSignal::new(None::<String>);

    let pay = {
        let (api, order_ref) = (checkout.api.clone(), checkout.order_ref.clone());
        Action::new_local(move |method: &String| {
            let (api, order_ref) = (api.clone(), order_ref.clone());
            let body = StartPayment {
                payment_method_type: method.clone(),
                payment_method_meta_data: Default::default(),
                terminal_type: terminal.clone(),
                os_type: os.clone(),
            };
            async move {
                match api.start_payment(&order_ref, &body).await {
                    Err(failure) => PayOutcome::Failed(failure),
                    Ok(payment) => match next_step(&payment.continuation, &body.terminal_type) {
                        NextStep::Redirect(url) => match browser::navigate(&url) {
                            Ok(()) => PayOutcome::Redirecting,
                            Err(_) => PayOutcome::Refused,
                        },
                        NextStep::Refused(_) | NextStep::Wait => PayOutcome::Refused,
                    },
                }
            }
        })
    };
    // Busy from the click until the page is left: a redirect keeps the button disabled.
    let busy = Signal::derive(move || pay.pending().get() || matches!(pay.value().get(), Some(PayOutcome::Redirecting)));
    let label = Signal::derive(move || {
        if pay.pending().get() {
            i18n.t(Msg::Paying).to_owned()
        } else if matches!(pay.value().get(), Some(PayOutcome::Redirecting)) {
            i18n.t(Msg::Redirecting).to_owned()
        } else {
            let amount = methods.get().and_then(|r| r.ok()).map(|m| checkout_core::format::format_amount(&m.order.amount));
            match amount {
                Some(a) => format!("{} {a}", i18n.t(Msg::PayButton)),
                None => i18n.t(Msg::PayButton).to_owned(),
            }
        }
    });

    let pay_feedback = move || match pay.value().get() {
        Some(PayOutcome::Failed(failure)) => {
            view! { <ErrorNotice failure=failure on_retry=move || { if let Some(m) = selected.get_untracked() { pay.dispatch_local(m); } }/> }.into_any()
        }
        Some(PayOutcome::Refused) => view! { <Notice tone="error" text=i18n.t(Msg::ErrorUnsafeUrl).to_owned()/> }.into_any(),
        _ => ().into_any(),
    };

    view! {
        <section class="acw-page acw-method-page">
            {move || match methods.get() {
                None => view! { <Skeleton label=i18n.t(Msg::LoadingMethods)/> }.into_any(),
                Some(Err(failure)) => view! { <ErrorNotice failure=failure on_retry=move || methods.refetch()/> }.into_any(),
                Some(Ok(view)) if view.payment_options.is_empty() => {
                    view! { <Notice tone="error" text=i18n.t(Msg::ErrorNoMethods).to_owned()/> }.into_any()
                }
                Some(Ok(view)) => view! {
                    <OrderSummary order=view.order.clone()/>
                    <MethodList options=view.payment_options.clone() selected=selected/>
                    {pay_feedback}
                    <PayButton
                        label=label
                        busy=busy
                        disabled=Signal::derive(move || selected.get().is_none())
                        on_press=move || { if let Some(m) = selected.get_untracked() { pay.dispatch_local(m); } }
                    />
                }.into_any(),
            }}
        </section>
    }
}
