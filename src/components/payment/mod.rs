//! After confirm, when the payment goes on around this page: codes to scan or type, an app to
//! open, or a new tab; with the countdown, the live status and what the user can do next.

mod app_launch;
mod countdown;
mod monitor;
mod qr_view;
mod text_code;

pub use app_launch::AppLaunch;
pub use countdown::Countdown;
pub use qr_view::QrView;
pub use text_code::TextCode;

use crate::format::format_amount;
use checkout_core::ams::Amount;
use checkout_core::code_display::{CodeInstruction, CodesView};
use checkout_core::countdown::expiry_source;
use checkout_core::merchant_api::PaymentView;
use checkout_core::messages::Msg;
use checkout_core::next_step::AppLaunchPlan;
use checkout_core::polling::PollTrigger;
use checkout_core::status_actions::{actions_for, StatusHeadline};
use leptos::prelude::*;

use super::{button, ResultCard};
use crate::app::use_checkout;
use crate::browser;
use crate::i18n::use_i18n;
use monitor::use_monitor;

/// How this payment continues while the page stays.
#[derive(Clone, Debug, PartialEq)]
pub enum PanelMode {
    /// QR and/or text codes shown here; `link` is the payment page as a second way.
    Codes {
        codes: CodesView,
        link: Option<String>,
    },
    App(AppLaunchPlan),
    /// The payment page is open in another tab.
    NewTab(String),
    /// Nothing to show but the status (e.g. resumed after a reload); maybe a link to go on.
    Waiting(Option<String>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ActivePayment {
    pub payment: PaymentView,
    pub mode: PanelMode,
}

/// What the panel asks of the method page.
#[derive(Clone, Copy)]
pub struct PanelActions {
    pub pay_again: Callback<()>,
    pub change_method: Callback<()>,
}

#[component]
pub fn PaymentPanel(
    active: ActivePayment,
    actions: PanelActions,
    #[prop(into)] description: String,
    /// The order's amount as the page showed it; the one amount shown everywhere (else the payment's).
    order_amount: Option<Amount>,
    /// The method's name as the list showed it (else its AMS type).
    method_name: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let checkout = use_checkout();
    let monitor = use_monitor(active.payment.clone());
    let payment_ref = active.payment.payment_ref.clone();
    let method = method_name.unwrap_or_else(|| active.payment.payment_method_type.clone());
    let amount = order_amount.unwrap_or_else(|| active.payment.amount.clone());
    // What is being paid, above the codes, the app launch or the wait.
    let paying = {
        let (method, amount) = (method.clone(), amount.clone());
        move || {
            view! {
                <p class="acw-paying">
                    <span class="acw-paying-method">{method.clone()}</span>
                    " "
                    <strong class="acw-amount">{format_amount(&amount)}</strong>
                </p>
            }
        }
    };
    let status = Memo::new(move |_| monitor.payment.with(|p| p.status.clone()));

    // Tell the shop page about every status, and forget a finished payment in this tab.
    {
        let (host, order_ref, payment_ref) = (checkout.host, checkout.order_ref.clone(), payment_ref.clone());
        Effect::new(move |_| {
            let status = status.get();
            host.with_value(|el| browser::dispatch_status(el, &order_ref, Some(&payment_ref), &status));
            if status.is_final() {
                browser::set_current_payment(&order_ref, None);
            }
        });
    }

    let code_expiry = match &active.mode {
        PanelMode::Codes { codes, .. } => codes.expire_time.clone(),
        _ => None,
    };
    let expires_at = expiry_source(code_expiry.as_deref(), active.payment.expires_at_ms);
    let expired = RwSignal::new(false);
    let mode = active.mode.clone();

    let body = move || {
        let status = status.get();
        let todo = actions_for(&status);
        let amount = amount.clone();
        match todo.headline {
            StatusHeadline::Paid => view! {
                <ResultCard status=status amount=amount description=description.clone()/>
            }
            .into_any(),
            StatusHeadline::Failed | StatusHeadline::CancelledByMerchant => {
                let note = expired.get().then(|| i18n.t(Msg::PaymentExpired));
                view! {
                    <ResultCard status=status amount=amount description=description.clone() note=note.unwrap_or_default()>
                        {button("acw-button acw-pay acw-pay-again", i18n.t(Msg::PayAgain), Box::new(move || actions.pay_again.run(())))}
                        {button("acw-button acw-button-secondary acw-change-method", i18n.t(Msg::ChangeMethod), Box::new(move || actions.change_method.run(())))}
                    </ResultCard>
                }
                .into_any()
            }
            // Paid, the provider still confirming: nothing more to do here but wait.
            _ if !todo.can_continue_paying => view! {
                {paying.clone()}
                <div class="acw-result acw-result-waiting" data-status=status.as_str().to_owned()>
                    <div class="acw-result-icon" aria-hidden="true"></div>
                </div>
                <p class="acw-status-line" role="status">{i18n.t(checkout_core::status::status_display(&status).msg)}</p>
            }
            .into_any(),
            _ => view! {
                {paying.clone()}
                <PanelBody mode=mode.clone() method=method.clone()/>
                <p class="acw-status-line" role="status">{i18n.t(checkout_core::status::status_display(&status).msg)}</p>
                {move || monitor.check_failed.get().then(|| view! { <p class="acw-field-hint">{i18n.t(Msg::StatusCheckFailed)}</p> })}
                {expires_at.map(|at| view! {
                    <Countdown expires_at_ms=at on_expired=move || { expired.set(true); monitor.check(PollTrigger::CountdownEnded); }/>
                })}
                <div class="acw-actions">
                    {button("acw-button acw-pay acw-paid", i18n.t(Msg::IHavePaid), Box::new(move || monitor.check(PollTrigger::UserSaysPaid)))}
                    {todo.can_pay_again.then(|| button("acw-button acw-button-secondary acw-pay-again", i18n.t(Msg::PayAgain), Box::new(move || actions.pay_again.run(()))))}
                    {button("acw-button acw-button-secondary acw-change-method", i18n.t(Msg::ChangeMethod), Box::new(move || actions.change_method.run(())))}
                </div>
            }
            .into_any(),
        }
    };

    view! {
        <section class="acw-payment" id=super::method_page::panel_id(&payment_ref) tabindex="-1" data-payment-ref=payment_ref data-status=move || status.get().as_str().to_owned()>
            {body}
        </section>
    }
}

/// The part that depends on how the payment continues.
#[component]
fn PanelBody(mode: PanelMode, method: String) -> impl IntoView {
    let i18n = use_i18n();
    let link = |url: String| {
        view! { <a class="acw-open-page" href=url target="_blank" rel="noopener noreferrer">{i18n.t(Msg::OpenPaymentPage)}</a> }
    };
    match mode {
        PanelMode::Codes { codes, link: url } => {
            let instruction = codes.instruction().map(|i| match i {
                CodeInstruction::ScanQr => Msg::ScanQr,
                CodeInstruction::EnterCode => Msg::EnterCode,
                CodeInstruction::ScanQrOrEnterCode => Msg::ScanQrOrEnterCode,
            });
            let label = i18n.fill(Msg::QrLabel, &[("method", &method)]);
            view! {
                <div class="acw-codes">
                    {instruction.map(|m| view! { <p class="acw-code-instruction">{i18n.t(m)}</p> })}
                    {codes.qr.into_iter().map(|qr| view! { <QrView value=qr.value size_px=qr.size_px label=label.clone()/> }).collect_view()}
                    {codes.text_codes.into_iter().map(|code| view! { <TextCode value=code/> }).collect_view()}
                    {url.map(link)}
                </div>
            }
            .into_any()
        }
        PanelMode::App(plan) => view! { <AppLaunch plan=plan method=method/> }.into_any(),
        PanelMode::NewTab(url) => view! {
            <p class="acw-notice acw-notice-info">{i18n.t(Msg::CompleteInNewTab)}</p>
            {link(url)}
        }
        .into_any(),
        PanelMode::Waiting(url) => url.map(link).into_any(),
    }
}
