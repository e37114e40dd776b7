//! Opening the payment app on a phone: the scheme link, then the app link, then the web page,
//! moving on when the page is still visible after the attempt's wait (the app did not open).

use crate::state::Shared;
use crate::task::Tasks;
use checkout_core::messages::Msg;
use checkout_core::next_step::{AppLaunchPlan, AttemptKind};
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsValue;

use crate::app::use_checkout;
use crate::browser;
use crate::components::button;
use crate::dom::{el, switch, El, Nodes};
use crate::i18n::use_i18n;

#[derive(Clone, Copy, PartialEq, Eq)]
enum LaunchState {
    Trying,
    /// The app opened (the page was hidden) or the browser is leaving for the web page.
    Handed,
    /// Every attempt left the page where it was.
    NotOpened,
}

pub fn app_launch(plan: AppLaunchPlan, method: &str) -> El {
    let i18n = use_i18n();
    let host = use_checkout().host;
    let state = Shared::new(LaunchState::Trying);
    // Unmounted while trying: the task stops, and opens nothing more for a widget that is gone.
    let tasks = Tasks::here();

    let run = move || {
        state.set(LaunchState::Trying);
        let attempts = plan.attempts.clone();
        tasks.spawn(async move {
            for attempt in attempts {
                let kind = match attempt.kind {
                    AttemptKind::Scheme => "scheme",
                    AttemptKind::AppLink => "applink",
                    AttemptKind::Web => "web",
                };
                host.with_untracked(|el| {
                    browser::dispatch(
                        el,
                        "alipay-checkout:app-attempt",
                        &[("kind", JsValue::from_str(kind)), ("url", JsValue::from_str(&attempt.url))],
                    )
                });
                if browser::navigate(&attempt.url).is_err() {
                    continue; // the browser refused this link: try the next
                }
                if attempt.kind == AttemptKind::Web || attempt.wait_ms == 0 {
                    state.set(LaunchState::Handed);
                    return;
                }
                TimeoutFuture::new(attempt.wait_ms).await;
                if !browser::page_visible() {
                    state.set(LaunchState::Handed);
                    return;
                }
            }
            state.set(LaunchState::NotOpened);
        });
    };
    run();

    let opening = i18n.fill(Msg::OpeningApp, &[("method", method)]);
    el("div", "acw-app-launch")
        .dyn_attr("data-state", move || {
            Some(
                match state.get() {
                    LaunchState::Trying => "trying",
                    LaunchState::Handed => "handed",
                    LaunchState::NotOpened => "not-opened",
                }
                .to_owned(),
            )
        })
        .child(switch(
            move || state.get() == LaunchState::NotOpened,
            move |not_opened| {
                if not_opened {
                    Nodes::from(el("p", "acw-status-line").attr("role", "alert").child(i18n.t(Msg::AppDidNotOpen))).and(
                        button(
                            "acw-button acw-button-secondary acw-open-app",
                            i18n.t(Msg::OpenApp),
                            Box::new(run.clone()),
                        ),
                    )
                } else {
                    el("p", "acw-status-line").child(opening.clone()).into()
                }
            },
        ))
}
