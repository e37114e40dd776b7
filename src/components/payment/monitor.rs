//! Watches a payment's status through the merchant backend: a backoff schedule that never
//! overlaps itself, plus immediate checks when the user asks, the page becomes visible again,
//! or the countdown ends.

use checkout_core::merchant_api::PaymentView;
use checkout_core::polling::{PollGate, PollSchedule, PollTrigger};
use checkout_core::status_actions::actions_for;
use gloo_timers::callback::Timeout;

use crate::state::Shared;
use crate::task::Tasks;
use wasm_bindgen::prelude::*;

use crate::app::use_checkout;

#[derive(Clone, Copy)]
pub struct Monitor {
    pub payment: Shared<PaymentView>,
    /// The last check failed (network, server): shown softly, polling goes on.
    pub check_failed: Shared<bool>,
    checker: Shared<std::rc::Rc<dyn Fn(PollTrigger)>>,
}

impl Monitor {
    pub fn check(&self, trigger: PollTrigger) {
        let checker = self.checker.get_untracked();
        checker(trigger);
    }
}

/// What only the monitor's own closures touch: plain cells shared by `Rc`, no reactive storage.
struct Cells {
    schedule: std::cell::RefCell<PollSchedule>,
    gate: std::cell::RefCell<PollGate>,
    timer: std::cell::RefCell<Option<Timeout>>,
}

/// The check function, reachable from the timer it schedules.
type CheckerCell = std::rc::Rc<std::cell::RefCell<Option<std::rc::Rc<dyn Fn(PollTrigger)>>>>;

pub fn use_monitor(initial: PaymentView) -> Monitor {
    let api = use_checkout().api;
    let payment_ref = initial.payment_ref.clone();
    let payment = Shared::new(initial);
    let check_failed = Shared::new(false);
    let tasks = Tasks::here();
    let cells =
        std::rc::Rc::new(Cells { schedule: Default::default(), gate: Default::default(), timer: Default::default() });

    // `check` and `plan_next` call each other; an Rc'd closure in a cell ties the knot.
    let checker: CheckerCell = Default::default();
    let plan_next = {
        let (checker, cells) = (checker.clone(), cells.clone());
        move || {
            let actions = payment.with_untracked(|p| actions_for(&p.status));
            if !actions.keep_polling || !tasks.alive() {
                return;
            }
            cells.schedule.borrow_mut().set_pace(actions.poll_pace);
            let next = cells.schedule.borrow_mut().next_delay();
            if let Some(delay) = next {
                let checker = checker.clone();
                let t = Timeout::new(delay, move || {
                    if let Some(c) = checker.borrow().clone() {
                        c(PollTrigger::Scheduled)
                    }
                });
                *cells.timer.borrow_mut() = Some(t);
            }
        }
    };
    let check: std::rc::Rc<dyn Fn(PollTrigger)> = {
        let (checker, cells) = (checker.clone(), cells.clone());
        std::rc::Rc::new(move |trigger: PollTrigger| {
            if !tasks.alive() || payment.with_untracked(|p| p.status.is_final()) {
                return;
            }
            if trigger.resets_schedule() {
                cells.schedule.borrow_mut().reset();
            }
            let begun = cells.gate.borrow_mut().begin();
            if !begun {
                return; // one is in flight; the gate remembers to ask again
            }
            let stale = cells.timer.borrow_mut().take();
            drop(stale);
            let (api, payment_ref, plan_next, checker, cells) =
                (api.clone(), payment_ref.clone(), plan_next.clone(), checker.clone(), cells.clone());
            tasks.spawn(async move {
                let answer = api.payment(&payment_ref).await;
                check_failed.set(answer.is_err());
                if let Ok(view) = answer {
                    payment.set(view);
                }
                let again = cells.gate.borrow_mut().end();
                match (again, checker.borrow().clone()) {
                    (true, Some(c)) => c(PollTrigger::UserSaysPaid),
                    _ => plan_next(),
                }
            });
        })
    };
    *checker.borrow_mut() = Some(check.clone());

    // Coming back from the wallet app or another tab: ask at once.
    let on_visible = {
        let check = check.clone();
        Closure::<dyn Fn()>::new(move || {
            if crate::browser::page_visible() {
                check(PollTrigger::PageVisible)
            }
        })
    };
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(d) = &document {
        let _ = d.add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    }
    // Cleanup must be Send: the browser objects wait in a wrapper only this thread opens.
    let teardown = crate::local::Local::new((document, on_visible, checker, cells));
    crate::dom::on_cleanup(move || {
        let (document, on_visible, checker, cells) = teardown.take();
        let stale = cells.timer.borrow_mut().take();
        drop(stale);
        if let Some(d) = document {
            let _ = d.remove_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
        }
        checker.borrow_mut().take(); // breaks the check <-> plan_next cycle
    });

    let monitor = Monitor { payment, check_failed, checker: Shared::new(check) };
    monitor.check(PollTrigger::PageLoaded);
    monitor
}
