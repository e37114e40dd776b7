//! The JS API: `mount(element, options)` returns a handle whose `unmount()` removes the widget.

use wasm_bindgen::prelude::*;

use crate::app::checkout_app;
use crate::config::WidgetConfig;
use crate::dom;
use crate::prefetch::Prefetched;

/// A mounted widget. Dropping the inner handle unmounts it.
#[wasm_bindgen]
pub struct CheckoutHandle {
    mounted: Option<Box<dyn std::any::Any>>,
}

#[wasm_bindgen]
impl CheckoutHandle {
    /// Removes the widget from its element; calling it twice is harmless.
    pub fn unmount(&mut self) {
        self.mounted.take();
    }

    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        self.mounted.is_some()
    }
}

/// Mounts the checkout into `element` (not into `<body>`). `options` is a plain object:
/// `{ order, api?, mode?: "checkout" | "result", locale?, timeoutMs?, prefetch?, catalogue? }`
/// (`prefetch`: requests the loader already sent, see `prefetch.rs`; `catalogue`: the texts for
/// the shopper's language, the downloaded file under the shop's `translations`, see `i18n.rs`).
#[wasm_bindgen]
pub fn mount(element: web_sys::HtmlElement, options: JsValue) -> Result<CheckoutHandle, JsError> {
    let config =
        WidgetConfig::from_js(&options).map_err(|e| JsError::new(&format!("alipay-checkout: invalid options: {e}")))?;
    config.validate().map_err(|e| JsError::new(&format!("alipay-checkout: {e}")))?;
    let catalogue = js_sys::Reflect::get(&options, &JsValue::from_str("catalogue")).ok().filter(|c| c.is_object());
    let prefetched = Prefetched::from_options(&options);
    element.set_inner_html("");
    let host = element.clone();
    let handle = dom::mount(&element, move || checkout_app(config, host, catalogue, prefetched).into());
    Ok(CheckoutHandle { mounted: Some(Box::new(handle)) })
}
