//! The payment method page: obtain, filter, sort and fold the methods; collect extra fields;
//! confirm once; follow the server's continuation.

mod bank_picker;
mod extra_fields;
mod groups;
mod method_row;
mod pay_flow;
mod state;
mod text_field;

pub use groups::method_groups;
pub use state::MethodPageState;

use crate::format::format_amount;
use checkout_core::fields::validate_all;
use checkout_core::merchant_api::MethodsQuery;
use checkout_core::messages::Msg;
use checkout_core::methods::{display_name, MethodPrefs};
use checkout_core::ranking::{prepare_list, MethodList};

use crate::state::Shared;
use crate::task::Tasks;

use super::payment::{payment_panel, ActivePayment, PanelActions, PanelMode, PanelProps};
use super::{error_notice, notice, order_summary, pay_button, skeleton};
use crate::app::use_checkout;
use crate::browser;
use crate::dom::{el, rebuilt, switch, El, Nodes};
use crate::i18n::use_i18n;
use pay_flow::{use_pay_flow, PayOutcome};

/// Where the last-used method is remembered in the browser.
const LAST_METHOD_KEY: &str = "alipay-checkout:last-method";

pub fn method_page() -> El {
    let checkout = use_checkout();
    let i18n = use_i18n();
    let (terminal, os) = browser::terminal();
    let config = checkout.config.clone();

    let prefs = MethodPrefs {
        preferred: config.preferred_methods.clone(),
        last_used: browser::remembered(LAST_METHOD_KEY),
        hide_unavailable: config.hide_unavailable,
        user_region: config.user_region.clone(),
        visible: config.visible_methods as usize,
    };
    // The list as shown (ranked, the top ones open, the rest folded), set with each answer: a
    // signal, not a memo (no deep comparison of the method list in the bundle).
    let groups = Shared::new(None::<MethodList>);
    // The page's requests end with it (an answer after unmount changes nothing).
    let tasks = Tasks::here();
    let (methods, refetch_methods) = {
        let (api, order_ref) = (checkout.api.clone(), checkout.order_ref.clone());
        let query = MethodsQuery {
            terminal_type: terminal.clone(),
            os_type: os.clone(),
            user_region: config.user_region.clone(),
            allowed_psp_regions: config.allowed_psp_regions.clone(),
        };
        // `None` until the first answer; a retry keeps the last answer until its own arrives.
        // A plain signal set by a task (no Resource in the bundle).
        let methods = Shared::new(None);
        let refetch = crate::state::action(move |()| {
            let (api, order_ref, query) = (api.clone(), order_ref.clone(), query.clone());
            let mut prefs = prefs.clone();
            tasks.spawn(async move {
                // The options go into the ranked list; the page keeps the order beside it. The
                // list is set first: the page's region reads it when the order arrives.
                match api.methods(&order_ref, &query).await {
                    Ok(v) => {
                        // Ranked for the region the backend chose the methods for.
                        prefs.user_region = v.user_region.or(prefs.user_region.take());
                        groups.set(Some(prepare_list(v.payment_options, &v.order.amount, &prefs)));
                        methods.set(Some(Ok(v.order)));
                    }
                    Err(failure) => {
                        groups.set(None);
                        methods.set(Some(Err(failure)));
                    }
                }
            });
        });
        refetch.run(());
        (methods, refetch)
    };

    let state = MethodPageState::new(None);

    // The payment under way on this page, if any; a reload resumes it from the server.
    let active = Shared::new(None::<ActivePayment>);
    let flow = use_pay_flow(terminal.clone(), os, config.new_tab, active);
    let resumed = browser::current_payment(&checkout.order_ref);
    let resuming = Shared::new(resumed.is_some());
    if let Some(payment_ref) = resumed {
        let (api, terminal, new_tab) = (checkout.api.clone(), terminal.clone(), config.new_tab);
        tasks.spawn(async move {
            if let Ok(payment) = api.payment(&payment_ref).await {
                if !payment.status.is_final() || payment.status == checkout_core::ams::PaymentStatus::Success {
                    active.set(Some(resume(payment, &terminal, new_tab)));
                }
            }
            resuming.set(false);
        });
    }
    let leave_panel = {
        let order_ref = checkout.order_ref.clone();
        move || {
            browser::set_current_payment(&order_ref, None);
            active.set(None);
        }
    };
    let panel_actions = PanelActions {
        pay_again: crate::state::action({
            let leave_panel = leave_panel.clone();
            move |()| {
                let method = active.with_untracked(|a| a.as_ref().map(|a| a.payment.payment_method_type.clone()));
                leave_panel();
                // A new attempt with what was entered. After a reload nothing entered is left: a
                // method without fields starts again at once, one with fields asks for them again.
                if !flow.retry() {
                    if let Some(m) = method {
                        if checkout_core::fields::fields_for(&m).is_empty() {
                            flow.start(m, Default::default());
                        } else {
                            state.select(m);
                        }
                    }
                }
            }
        }),
        change_method: crate::state::action(move |()| leave_panel()),
    };
    let confirm = move || {
        let Some(method) = state.selected.get_untracked() else { return };
        let banks = groups.with_untracked(|g| g.as_ref().map(|list| banks_of(list, &method))).unwrap_or_default();
        match validate_all(&method, &state.values.get_untracked(), &banks) {
            Err(errors) => {
                let first = errors.first().map(|(key, _)| *key);
                state.show_all(errors);
                if let Some(key) = first {
                    checkout.host.with_untracked(|host| browser::focus(host, &state.dom_id("field", key)));
                }
            }
            Ok(meta) => {
                browser::remember(LAST_METHOD_KEY, &method);
                flow.start(method, meta);
            }
        }
    };

    let label = move || match flow.outcome() {
        _ if flow.pending() => i18n.t(Msg::Paying),
        Some(PayOutcome::Redirecting) => i18n.t(Msg::Redirecting),
        _ => match methods.with(|m| m.as_ref().and_then(|r| r.as_ref().ok()).map(|order| format_amount(&order.amount)))
        {
            Some(amount) => format!("{} {amount}", i18n.t(Msg::PayButton)),
            None => i18n.t(Msg::PayButton),
        },
    };
    let has_errors = move || state.errors.with(|e| !e.is_empty()) && state.shown.with(|s| !s.is_empty());

    let list = move |answer: Option<Result<checkout_core::merchant_api::OrderView, _>>| -> Nodes {
        match answer {
            None => skeleton(i18n.t(Msg::LoadingMethods), 3).into(),
            Some(Err(failure)) => error_notice(failure, Box::new(move || refetch_methods.run(()))).into(),
            Some(Ok(order)) => {
                let summary = order_summary(&order);
                let shown = groups.with_untracked(|g| {
                    g.as_ref().filter(|list| list.available_count() > 0).map(|list| method_groups(list, state))
                });
                let Some(shown) = shown else {
                    return Nodes::from(summary).and(notice("error", i18n.t(Msg::ErrorNoMethods), None));
                };
                let form_error = switch(has_errors, move |shown| {
                    shown.then(|| el("p", "acw-form-error").attr("role", "alert").child(i18n.t(Msg::FixFields))).into()
                });
                Nodes::from(summary)
                    .and(shown)
                    .and(rebuilt(move || flow.outcome(), move |outcome| flow.feedback(outcome, i18n)))
                    .and(form_error)
                    .and(pay_button(
                        label,
                        move || flow.busy(),
                        move || state.selected.with(Option::is_none),
                        Box::new(confirm),
                    ))
            }
        }
    };

    let page = move |(payment, resuming): (Option<ActivePayment>, bool)| -> Nodes {
        match (payment, resuming) {
            (Some(payment), _) => {
                // What is being paid, as the page showed it: the order's amount, the method's name.
                let method = &payment.payment.payment_method_type;
                let name = groups
                    .with_untracked(|g| g.as_ref().and_then(|list| list.find(method)).map(|e| display_name(&e.option)));
                let shown = methods
                    .get_untracked()
                    .and_then(|r| r.ok())
                    .map(|order| (order.description, (order.amount, name.unwrap_or_else(|| method.clone()))));
                let (description, (order_amount, method_name)) = match shown {
                    Some((d, (a, n))) => (d, (Some(a), Some(n))),
                    None => (String::new(), (None, None)),
                };
                payment_panel(PanelProps {
                    active: payment,
                    actions: panel_actions,
                    description,
                    order_amount,
                    method_name,
                })
                .into()
            }
            (None, true) => skeleton(i18n.t(Msg::CheckingStatus), 2).into(),
            (None, false) => rebuilt(move || methods.get(), list),
        }
    };
    el("section", "acw-page acw-method-page").child(rebuilt(move || (active.get(), resuming.get()), page))
}

/// The payment panel's element id (focusable, `tabindex="-1"`).
pub fn panel_id(payment_ref: &str) -> String {
    format!("acw-payment-{payment_ref}")
}

/// How a payment found after a reload goes on: codes again, or a link to its page; never an
/// automatic redirect or app launch the user did not just ask for.
fn resume(
    payment: checkout_core::merchant_api::PaymentView,
    terminal: &checkout_core::ams::TerminalType,
    new_tab: bool,
) -> ActivePayment {
    use checkout_core::next_step::{next_step, NextStep, NextStepOptions};
    let mode = match next_step(&payment.continuation, terminal, &NextStepOptions { open_in_new_tab: new_tab }) {
        NextStep::ShowCodes { codes, also_url } => PanelMode::Codes { codes, link: also_url },
        NextStep::Redirect { url, .. } => PanelMode::Waiting(Some(url)),
        NextStep::OpenApp(plan) => PanelMode::Waiting(
            plan.attempts
                .into_iter()
                .rev()
                .find(|a| a.kind != checkout_core::next_step::AttemptKind::Scheme)
                .map(|a| a.url),
        ),
        NextStep::Wait | NextStep::Refused(_) => PanelMode::Waiting(None),
    };
    ActivePayment { payment, mode }
}

/// The supported banks the consult listed for `method` (iDEAL).
fn banks_of(list: &MethodList, method: &str) -> Vec<checkout_core::ams::SupportBank> {
    list.find(method)
        .and_then(|e| e.option.payment_option_detail.as_ref())
        .map(|d| d.support_banks.clone())
        .unwrap_or_default()
}
