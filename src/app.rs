//! The widget's root: shared state in context, then the page for the configured mode.

use leptos::prelude::*;

use crate::api::MerchantApi;
use crate::components::{MethodPage, ResultPage};
use crate::config::{Mode, WidgetConfig};
use crate::i18n::provide_i18n;

/// What every component of one mounted widget shares.
#[derive(Clone)]
pub struct Checkout {
    pub api: MerchantApi,
    pub order_ref: String,
    pub config: WidgetConfig,
    /// The element the shop gave us; status events are dispatched on it.
    pub host: StoredValue<web_sys::HtmlElement, LocalStorage>,
}

pub fn use_checkout() -> Checkout {
    use_context::<Checkout>().expect("Checkout context is provided by CheckoutApp")
}

#[component]
pub fn CheckoutApp(config: WidgetConfig, host: web_sys::HtmlElement) -> impl IntoView {
    provide_i18n(config.locale.as_deref(), config.translations.as_ref());
    provide_context(Checkout {
        api: MerchantApi::new(&config.api, config.timeout_ms),
        order_ref: config.order.clone(),
        config: config.clone(),
        host: StoredValue::new_local(host),
    });
    view! {
        <div class="acw" data-mode=move || format!("{:?}", config.mode).to_lowercase()>
            {match config.mode {
                Mode::Checkout => view! { <MethodPage/> }.into_any(),
                Mode::Result => view! { <ResultPage/> }.into_any(),
            }}
        </div>
    }
}
