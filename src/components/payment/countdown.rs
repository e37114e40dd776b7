use checkout_core::countdown::{announce, display, remaining, Remaining};
use checkout_core::messages::Msg;
use gloo_timers::callback::Interval;

use crate::state::Shared;

use crate::browser;
use crate::dom::{el, El};
use crate::i18n::use_i18n;

/// Time left to pay, ticking each second. The visible clock is hidden from screen readers;
/// a separate polite region speaks only at the moments `announce` picks, so it never floods.
pub fn countdown(expires_at_ms: i64, on_expired: Box<dyn Fn()>) -> El {
    let i18n = use_i18n();
    let now = Shared::new(remaining(expires_at_ms, browser::now_ms()));
    let spoken = Shared::new(String::new());
    // Owned by the ticking closure alone: plain cells, no reactive storage.
    let last_announced = std::cell::RefCell::new(None::<Remaining>);
    let fired = std::cell::Cell::new(false);

    let tick = move || {
        let r = remaining(expires_at_ms, browser::now_ms());
        if announce(last_announced.borrow().as_ref(), &r) {
            let text = if r.expired {
                i18n.t(Msg::PaymentExpired)
            } else {
                i18n.fill(Msg::ExpiresIn, &[("time", &display(&r))])
            };
            spoken.set(text);
            *last_announced.borrow_mut() = Some(r);
        }
        if r.expired && !fired.replace(true) {
            on_expired();
        }
        now.set(r);
    };
    tick();
    // Cleanup must be Send: the interval waits in a wrapper that only this thread opens.
    let interval = crate::local::Local::new(Interval::new(1_000, tick));
    crate::dom::on_cleanup(move || drop(interval));

    let clock = el("span", "")
        .attr("aria-hidden", "true")
        .dyn_text(move || {
            if now.with(|r| r.expired) {
                i18n.t(Msg::PaymentExpired)
            } else {
                i18n.fill(Msg::ExpiresIn, &[("time", "")])
            }
        })
        .child(" ")
        .child(el("span", "acw-countdown-time").dyn_text(move || now.with(display)));
    el("p", "acw-countdown")
        .dyn_flag("data-expired", move || now.with(|r| r.expired))
        .child(clock)
        .child(el("span", "acw-sr-only").attr("aria-live", "polite").dyn_text(move || spoken.get()))
}
