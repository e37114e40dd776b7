//! After confirm, when the payment goes on around this page: codes to scan or type, an app to
//! open, or a new tab; with the countdown, the live status and what the user can do next.

mod app_launch;
mod countdown;
mod monitor;
mod qr_view;
mod text_code;

pub use app_launch::app_launch;
pub use countdown::countdown;
pub use qr_view::{qr_segments, qr_view};
pub use text_code::text_code;

use crate::format::format_amount;
use checkout_core::ams::Amount;
use checkout_core::code_display::{CodeInstruction, CodesView};
use checkout_core::countdown::expiry_source;
use checkout_core::merchant_api::PaymentView;
use checkout_core::messages::Msg;
use checkout_core::next_step::AppLaunchPlan;
use checkout_core::polling::PollTrigger;
use checkout_core::status_actions::{actions_for, StatusHeadline};

use crate::state::Shared;

use super::{button, result_card};
use crate::app::use_checkout;
use crate::browser;
use crate::dom::{el, switch, El, Nodes};
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
    pub pay_again: crate::state::Action<()>,
    pub change_method: crate::state::Action<()>,
}

pub struct PanelProps {
    pub active: ActivePayment,
    pub actions: PanelActions,
    pub description: String,
    /// The order's amount as the page showed it; the one amount shown everywhere (else the payment's).
    pub order_amount: Option<Amount>,
    /// The method's name as the list showed it (else its AMS type).
    pub method_name: Option<String>,
}

pub fn payment_panel(props: PanelProps) -> El {
    let PanelProps { active, actions, description, order_amount, method_name } = props;
    let i18n = use_i18n();
    let checkout = use_checkout();
    let ActivePayment { payment, mode } = active;
    let payment_ref = payment.payment_ref.clone();
    let method = method_name.unwrap_or_else(|| payment.payment_method_type.clone());
    let amount = order_amount.unwrap_or_else(|| payment.amount.clone());
    let expires_at_ms = payment.expires_at_ms;
    let monitor = use_monitor(payment);
    // What is being paid, above the codes, the app launch or the wait.
    let paying = {
        let (method, amount) = (method.clone(), amount.clone());
        move || {
            el("p", "acw-paying")
                .child(el("span", "acw-paying-method").child(method.clone()))
                .child(" ")
                .child(el("strong", "acw-amount").child(format_amount(&amount)))
        }
    };
    let status = move || monitor.payment.with(|p| p.status.clone());

    // Tell the shop page about every new status, and forget a finished payment in this tab.
    {
        let (host, order_ref, payment_ref) = (checkout.host, checkout.order_ref.clone(), payment_ref.clone());
        let mut told = None;
        crate::dom::watch(move || {
            let status = status();
            if told.as_ref() == Some(&status) {
                return;
            }
            host.with_untracked(|el| browser::dispatch_status(el, &order_ref, Some(&payment_ref), &status));
            if status.is_final() {
                browser::set_current_payment(&order_ref, None);
            }
            told = Some(status);
        });
    }

    let code_expiry = match &mode {
        PanelMode::Codes { codes, .. } => codes.expire_time.clone(),
        _ => None,
    };
    let expires_at = expiry_source(code_expiry.as_deref(), expires_at_ms);
    let expired = Shared::new(false);
    let status_line = move |status: &checkout_core::ams::PaymentStatus| {
        el("p", "acw-status-line")
            .attr("role", "status")
            .child(i18n.t(checkout_core::status::status_display(status).msg))
    };

    // Built again when the status changes, or when a failed payment turns out to have expired.
    let key = move || {
        let status = status();
        let failed =
            matches!(actions_for(&status).headline, StatusHeadline::Failed | StatusHeadline::CancelledByMerchant);
        let note = failed && expired.get();
        (status, note)
    };
    let body = move |(status, expired_note): (checkout_core::ams::PaymentStatus, bool)| -> Nodes {
        let todo = actions_for(&status);
        let pay_again = move || {
            button(
                "acw-button acw-pay acw-pay-again",
                i18n.t(Msg::PayAgain),
                Box::new(move || actions.pay_again.run(())),
            )
        };
        let change_method = move || {
            button(
                "acw-button acw-button-secondary acw-change-method",
                i18n.t(Msg::ChangeMethod),
                Box::new(move || actions.change_method.run(())),
            )
        };
        match todo.headline {
            StatusHeadline::Paid => result_card(&status, &amount, description.clone(), None, Vec::new()).into(),
            StatusHeadline::Failed | StatusHeadline::CancelledByMerchant => {
                let note = expired_note.then(|| i18n.t(Msg::PaymentExpired));
                result_card(&status, &amount, description.clone(), note, vec![pay_again(), change_method()]).into()
            }
            // Paid, the provider still confirming: nothing more to do here but wait.
            _ if !todo.can_continue_paying => Nodes::from(paying())
                .and(
                    el("div", "acw-result acw-result-waiting")
                        .attr("data-status", status.as_str())
                        .child(el("div", "acw-result-icon").attr("aria-hidden", "true")),
                )
                .and(status_line(&status)),
            _ => {
                let again = todo.can_pay_again.then(|| {
                    button(
                        "acw-button acw-button-secondary acw-pay-again",
                        i18n.t(Msg::PayAgain),
                        Box::new(move || actions.pay_again.run(())),
                    )
                });
                Nodes::from(paying())
                    .and(panel_body(mode.clone(), &method))
                    .and(status_line(&status))
                    .and(switch(
                        move || monitor.check_failed.get(),
                        move |failed| {
                            failed.then(|| el("p", "acw-field-hint").child(i18n.t(Msg::StatusCheckFailed))).into()
                        },
                    ))
                    .and(expires_at.map(|at| {
                        countdown(
                            at,
                            Box::new(move || {
                                expired.set(true);
                                monitor.check(PollTrigger::CountdownEnded);
                            }),
                        )
                    }))
                    .and(
                        el("div", "acw-actions")
                            .child(button(
                                "acw-button acw-pay acw-paid",
                                i18n.t(Msg::IHavePaid),
                                Box::new(move || monitor.check(PollTrigger::UserSaysPaid)),
                            ))
                            .child(again)
                            .child(change_method()),
                    )
            }
        }
    };

    el("section", "acw-payment")
        .attr("id", &super::method_page::panel_id(&payment_ref))
        .attr("tabindex", "-1")
        .attr("data-payment-ref", &payment_ref)
        .dyn_attr("data-status", move || Some(status().as_str().to_owned()))
        .child(switch(key, body))
}

/// The part that depends on how the payment continues.
fn panel_body(mode: PanelMode, method: &str) -> Nodes {
    let i18n = use_i18n();
    let link = |url: String| {
        el("a", "acw-open-page")
            .attr("href", &url)
            .attr("target", "_blank")
            .attr("rel", "noopener noreferrer")
            .child(i18n.t(Msg::OpenPaymentPage))
    };
    match mode {
        PanelMode::Codes { codes, link: url } => {
            let instruction = codes.instruction().map(|i| match i {
                CodeInstruction::ScanQr => Msg::ScanQr,
                CodeInstruction::EnterCode => Msg::EnterCode,
                CodeInstruction::ScanQrOrEnterCode => Msg::ScanQrOrEnterCode,
            });
            let label = i18n.fill(Msg::QrLabel, &[("method", method)]);
            el("div", "acw-codes")
                .child(instruction.map(|m| el("p", "acw-code-instruction").child(i18n.t(m))))
                .children(codes.qr.into_iter().map(|qr| qr_view(qr.value, qr.size_px, &label)))
                .children(codes.text_codes.into_iter().map(text_code))
                .child(url.map(link))
                .into()
        }
        PanelMode::App(plan) => app_launch(plan, method).into(),
        PanelMode::NewTab(url) => {
            Nodes::from(el("p", "acw-notice acw-notice-info").child(i18n.t(Msg::CompleteInNewTab))).and(link(url))
        }
        PanelMode::Waiting(url) => url.map(link).into(),
    }
}
