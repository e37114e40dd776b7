//! Small wrappers over browser APIs, so components never touch `web_sys` directly.

use checkout_core::ams::{OsType, TerminalType};
use checkout_core::terminal::detect_terminal;
use wasm_bindgen::{JsCast, JsValue};

pub fn language() -> Option<String> {
    web_sys::window()?.navigator().language()
}

/// WEB or WAP (with the OS) for this browser.
pub fn terminal() -> (TerminalType, Option<OsType>) {
    let Some(window) = web_sys::window() else {
        return (TerminalType::Web, None);
    };
    let navigator = window.navigator();
    let ua = navigator.user_agent().unwrap_or_default();
    detect_terminal(&ua, navigator.max_touch_points() > 0)
}

/// Sends this tab to `url`. The caller has already checked it with `url_safety`.
pub fn navigate(url: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    window.location().assign(url).map_err(|e| js_error_text(&e))
}

/// A readable text for a thrown JS value.
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(s) = e.as_string() {
        return s;
    }
    match e.dyn_ref::<js_sys::Error>() {
        Some(err) => format!("{}: {}", String::from(err.name()), String::from(err.message())),
        None => format!("{e:?}"),
    }
}

/// Fires `alipay-checkout:status` on the host element so the shop page can react.
pub fn dispatch_status(
    host: &web_sys::HtmlElement,
    order: &checkout_core::merchant_api::OrderView,
    status: &checkout_core::ams::PaymentStatus,
) {
    let detail = js_sys::Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = js_sys::Reflect::set(&detail, &JsValue::from_str(k), &v);
    };
    set("orderRef", JsValue::from_str(&order.order_ref));
    set("status", JsValue::from_str(status.as_str()));
    set("final", JsValue::from_bool(status.is_final()));
    if let Some(p) = &order.latest_payment {
        set("paymentRef", JsValue::from_str(&p.payment_ref));
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&detail);
    init.set_bubbles(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict("alipay-checkout:status", &init) {
        let _ = host.dispatch_event(&event);
    }
}

pub fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(text));
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a remembered value; storage may be blocked (private mode, sandboxed iframes).
pub fn remembered(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

pub fn remember(key: &str, value: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(key, value);
    }
}

/// Moves keyboard focus to the element with `id`, if it exists.
pub fn focus(id: &str) {
    let el = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    if let Some(el) = el.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Opens `url` in a new tab. The caller has already checked it with `url_safety`.
pub fn open_new_tab(url: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    match window.open_with_url_and_target(url, "_blank") {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err("the browser blocked the new tab".into()),
        Err(e) => Err(js_error_text(&e)),
    }
}
