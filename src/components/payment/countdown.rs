use checkout_core::countdown::{announce, display, remaining, Remaining};
use checkout_core::messages::Msg;
use gloo_timers::callback::Interval;
use leptos::prelude::*;

use crate::browser;
use crate::i18n::use_i18n;

/// Time left to pay, ticking each second. The visible clock is hidden from screen readers;
/// a separate polite region speaks only at the moments `announce` picks, so it never floods.
#[component]
pub fn Countdown(expires_at_ms: i64, on_expired: impl Fn() + 'static) -> impl IntoView {
    let i18n = use_i18n();
    let now = RwSignal::new(remaining(expires_at_ms, browser::now_ms()));
    let spoken = RwSignal::new(String::new());
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
    let interval = Interval::new(1_000, tick);
    let interval = StoredValue::new_local(Some(interval));
    on_cleanup(move || interval.update_value(|i| drop(i.take())));

    view! {
        <p class="acw-countdown" data-expired=move || now.with(|r| r.expired).to_string()>
            <span aria-hidden="true">
                {move || if now.with(|r| r.expired) { i18n.t(Msg::PaymentExpired) } else { i18n.fill(Msg::ExpiresIn, &[("time", "")]) }}
                " "
                <span class="acw-countdown-time">{move || now.with(display)}</span>
            </span>
            <span class="acw-sr-only" aria-live="polite">{move || spoken.get()}</span>
        </p>
    }
}
