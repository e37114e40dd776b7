//! The widget's root: shared state in context, then the page for the configured mode.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::api::MerchantApi;
use crate::components::{MethodPage, ResultPage};
use crate::config::{Mode, WidgetConfig};
use crate::i18n::{provide_i18n, use_i18n};
use crate::prefetch::Prefetched;

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

/// `catalogue` is the loader's texts for the shopper's language (`i18n.rs`); `prefetched` the
/// loader's early requests.
#[component]
pub fn CheckoutApp(
    config: WidgetConfig,
    host: web_sys::HtmlElement,
    #[prop(default = None)] catalogue: Option<JsValue>,
    #[prop(optional)] prefetched: Prefetched,
) -> impl IntoView {
    provide_i18n(catalogue.as_ref());
    let i18n = use_i18n();
    provide_context(Checkout {
        api: MerchantApi::with_prefetch(&config.api, config.timeout_ms, prefetched),
        order_ref: config.order.clone(),
        config: config.clone(),
        host: StoredValue::new_local(host),
    });
    let (mode, page) = match config.mode {
        Mode::Checkout => ("checkout", view! { <MethodPage/> }.into_any()),
        Mode::Result => ("result", view! { <ResultPage/> }.into_any()),
    };
    view! { <div class="acw" data-mode=mode lang=i18n.tag() dir=if i18n.rtl() { "rtl" } else { "ltr" }>{page}</div> }
}
