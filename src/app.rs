//! The widget's root: shared state in context, then the page for the configured mode.

use crate::state::Shared;
use wasm_bindgen::JsValue;

use crate::api::MerchantApi;
use crate::components::{method_page, result_page};
use crate::config::{Mode, WidgetConfig};
use crate::dom::{el, El};
use crate::i18n::{provide_i18n, use_i18n};
use crate::prefetch::Prefetched;

/// What every component of one mounted widget shares.
#[derive(Clone)]
pub struct Checkout {
    pub api: MerchantApi,
    pub order_ref: String,
    pub config: WidgetConfig,
    /// The element the shop gave us; status events are dispatched on it.
    pub host: Shared<web_sys::HtmlElement>,
}

pub fn use_checkout() -> Checkout {
    crate::scope::find::<Checkout>().expect("the app provides Checkout")
}

/// `catalogue` is the loader's texts for the shopper's language (`i18n.rs`); `prefetched` the
/// loader's early requests.
pub fn checkout_app(
    config: WidgetConfig,
    host: web_sys::HtmlElement,
    catalogue: Option<JsValue>,
    prefetched: Prefetched,
) -> El {
    provide_i18n(catalogue.as_ref());
    let i18n = use_i18n();
    crate::scope::provide(Checkout {
        api: MerchantApi::with_prefetch(&config.api, config.timeout_ms, prefetched),
        order_ref: config.order.clone(),
        config: config.clone(),
        host: Shared::new(host),
    });
    let (mode, page) = match config.mode {
        Mode::Checkout => ("checkout", method_page()),
        Mode::Result => ("result", result_page()),
    };
    el("div", "acw")
        .attr("data-mode", mode)
        .attr("lang", &i18n.tag())
        .attr("dir", if i18n.rtl() { "rtl" } else { "ltr" })
        .child(page)
}
