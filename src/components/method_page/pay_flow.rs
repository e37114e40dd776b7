//! Confirm: check the order can still be paid, start one payment attempt, follow the answer.

use checkout_core::ams::{OsType, TerminalType};
use checkout_core::api_failure::ApiFailure;
use checkout_core::fields::FieldValues;
use checkout_core::merchant_api::{OrderStatus, StartPayment};
use checkout_core::messages::Msg;
use checkout_core::next_step::{next_step, NextStep, NextStepOptions};
use leptos::prelude::*;

use crate::state::Shared;
use crate::task::Tasks;

use crate::app::use_checkout;
use crate::browser;
use crate::components::payment::{ActivePayment, PanelMode};
use crate::components::{error_notice, notice};
use crate::dom::Nodes;
use crate::i18n::I18n;

// One outcome lives in the pay action at a time: boxing the big variant would only add an allocation.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum PayOutcome {
    /// The browser is leaving for the payment page.
    Redirecting,
    /// Paid or expired already: nothing was sent to pay.
    OrderClosed(Msg),
    Failed(ApiFailure),
    /// The continuation was unsafe: the widget did not open it.
    Refused,
    /// The browser threw when asked to go to the payment page.
    NavigationFailed,
    /// A payment is under way without leaving the page (codes, new tab, app).
    Started(ActivePayment),
}

type PayInput = (String, FieldValues);

/// One attempt at a time: `pending` while it runs, `outcome` the last one's answer (kept while
/// the next runs). Plain signals and a task, not a Leptos `Action` (one reactive family less).
#[derive(Clone, Copy)]
pub struct PayFlow {
    run: crate::state::Action<PayInput>,
    pending: Shared<bool>,
    outcome: Shared<Option<PayOutcome>>,
    last: Shared<Option<PayInput>>,
}

/// A started payment is remembered in this tab and put in `active` (the page shows its panel).
pub fn use_pay_flow(
    terminal: TerminalType,
    os: Option<OsType>,
    new_tab: bool,
    active: Shared<Option<ActivePayment>>,
) -> PayFlow {
    let checkout = use_checkout();
    let (api, order_ref) = (checkout.api.clone(), checkout.order_ref.clone());
    let (this_order, host) = (order_ref.clone(), checkout.host);
    let tasks = Tasks::here();
    let pending = Shared::new(false);
    let outcome = Shared::new(None);
    let attempt = move |(method, meta): &PayInput| {
        let (api, order_ref) = (api.clone(), order_ref.clone());
        let body = StartPayment {
            payment_method_type: method.clone(),
            payment_method_meta_data: meta.clone(),
            terminal_type: terminal.clone(),
            os_type: os.clone(),
        };
        async move {
            // Intercept a repeated or expired payment before calling pay (guide, step 2.1).
            match api.order(&order_ref).await {
                Err(failure) => return PayOutcome::Failed(failure),
                Ok(order) => match order.status {
                    OrderStatus::Paid => return PayOutcome::OrderClosed(Msg::ErrorAlreadyPaid),
                    OrderStatus::Expired | OrderStatus::Closed => return PayOutcome::OrderClosed(Msg::ErrorExpired),
                    OrderStatus::Open | OrderStatus::Unknown => {}
                },
            }
            let payment = match api.start_payment(&order_ref, &body).await {
                Ok(payment) => payment,
                Err(failure) => return PayOutcome::Failed(failure),
            };
            let opts = NextStepOptions { open_in_new_tab: new_tab };
            match next_step(&payment.continuation, &body.terminal_type, &opts) {
                NextStep::Redirect { url, new_tab: false } => match browser::navigate(&url) {
                    Ok(()) => PayOutcome::Redirecting,
                    Err(_) => PayOutcome::NavigationFailed,
                },
                // A blocked pop-up still leaves a link in the panel to open by hand.
                NextStep::Redirect { url, new_tab: true } => {
                    let _ = browser::open_new_tab(&url);
                    PayOutcome::Started(ActivePayment { payment, mode: PanelMode::NewTab(url) })
                }
                NextStep::OpenApp(plan) => PayOutcome::Started(ActivePayment { payment, mode: PanelMode::App(plan) }),
                NextStep::ShowCodes { codes, also_url } => {
                    PayOutcome::Started(ActivePayment { payment, mode: PanelMode::Codes { codes, link: also_url } })
                }
                NextStep::Wait => PayOutcome::Started(ActivePayment { payment, mode: PanelMode::Waiting(None) }),
                NextStep::Refused(_) => PayOutcome::Refused,
            }
        }
    };
    let run = crate::state::action(move |input: PayInput| {
        pending.set(true);
        let answer = attempt(&input);
        let order_ref = this_order.clone();
        tasks.spawn(async move {
            let answer = answer.await;
            if let PayOutcome::Started(started) = &answer {
                browser::set_current_payment(&order_ref, Some(&started.payment.payment_ref));
                // The list goes, and the pay button with the focus: the panel that replaces it takes it.
                let panel = super::panel_id(&started.payment.payment_ref);
                active.set(Some(started.clone()));
                request_animation_frame(move || {
                    if tasks.alive() {
                        host.with_untracked(|host| browser::focus(host, &panel));
                    }
                });
            }
            outcome.set(Some(answer));
            pending.set(false);
        });
    });
    PayFlow { run, pending, outcome, last: Shared::new(None) }
}

impl PayFlow {
    /// One click, one request: ignored while an attempt is in flight or the page is leaving.
    pub fn start(&self, method: String, meta: FieldValues) {
        if self.busy_untracked() {
            return;
        }
        let input = (method, meta);
        self.last.set(Some(input.clone()));
        self.run.run(input);
    }

    /// Try again: a new attempt (the server gives it a new paymentRequestId). False when this
    /// page has not paid yet (e.g. the payment was resumed after a reload).
    pub fn retry(&self) -> bool {
        match self.last.get_untracked() {
            Some((method, meta)) => {
                self.start(method, meta);
                true
            }
            None => false,
        }
    }

    pub fn pending(&self) -> bool {
        self.pending.get()
    }

    pub fn outcome(&self) -> Option<PayOutcome> {
        self.outcome.get()
    }

    pub fn busy(&self) -> bool {
        self.pending() || self.outcome.with(|o| matches!(o, Some(PayOutcome::Redirecting)))
    }

    fn busy_untracked(&self) -> bool {
        self.pending.get_untracked() || self.outcome.with_untracked(|o| matches!(o, Some(PayOutcome::Redirecting)))
    }

    /// What the user sees about the last attempt, above the button.
    pub fn feedback(&self, outcome: Option<PayOutcome>, i18n: I18n) -> Nodes {
        let flow = *self;
        let text = match outcome {
            Some(PayOutcome::Failed(failure)) => {
                return error_notice(
                    failure,
                    Box::new(move || {
                        flow.retry();
                    }),
                )
                .into()
            }
            Some(PayOutcome::OrderClosed(msg)) => msg,
            Some(PayOutcome::Refused) => Msg::ErrorUnsafeUrl,
            Some(PayOutcome::NavigationFailed) => Msg::ErrorNavigation,
            _ => return Nodes::none(),
        };
        notice("error", i18n.t(text), None).into()
    }
}
