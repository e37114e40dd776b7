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
        // Not `{e:?}`: the release bundle is built without Debug texts.
        None => js_sys::JSON::stringify(e).ok().and_then(|s| s.as_string()).unwrap_or_else(|| "unknown error".into()),
    }
}

/// Fires `alipay-checkout:status` on the host element so the shop page can react.
pub fn dispatch_status(
    host: &web_sys::HtmlElement,
    order_ref: &str,
    payment_ref: Option<&str>,
    status: &checkout_core::ams::PaymentStatus,
) {
    let mut detail = vec![
        ("orderRef", JsValue::from_str(order_ref)),
        ("status", JsValue::from_str(status.as_str())),
        ("final", JsValue::from_bool(status.is_final())),
    ];
    if let Some(p) = payment_ref {
        detail.push(("paymentRef", JsValue::from_str(p)));
    }
    dispatch(host, "alipay-checkout:status", &detail);
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

/// Moves keyboard focus to the element with `id` inside `root` (the widget's element), if it
/// exists. Searched from the root, not the document: inside a shadow root the document's
/// `getElementById` does not see the widget. `id` is one of `dom_id`'s (a CSS identifier).
pub fn focus(root: &web_sys::Element, id: &str) {
    let el = root.query_selector(&format!("#{id}")).ok().flatten();
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

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// The payment under way for an order, kept for this tab so a reload resumes it.
pub fn current_payment(order_ref: &str) -> Option<String> {
    session_storage()?.get_item(&format!("alipay-checkout:payment:{order_ref}")).ok().flatten()
}

pub fn set_current_payment(order_ref: &str, payment_ref: Option<&str>) {
    let Some(storage) = session_storage() else { return };
    let key = format!("alipay-checkout:payment:{order_ref}");
    let _ = match payment_ref {
        Some(r) => storage.set_item(&key, r),
        None => storage.remove_item(&key),
    };
}

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Fires a bubbling `CustomEvent` named `name` on `host` with a plain-object `detail`. Composed:
/// when the widget lives in a shadow root (`shadow` option) the event leaves it, and the shop's
/// listeners on the shadow host (or the document) hear it, with the host as its target.
pub fn dispatch(host: &web_sys::HtmlElement, name: &str, detail: &[(&str, JsValue)]) {
    let object = js_sys::Object::new();
    for (k, v) in detail {
        let _ = js_sys::Reflect::set(&object, &JsValue::from_str(k), v);
    }
    let init = web_sys::CustomEventInit::new();
    init.set_detail(&object);
    init.set_bubbles(true);
    init.set_composed(true);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}

/// Copies `text` to the clipboard: the async Clipboard API, else a selected textarea.
pub async fn copy_text(text: &str) -> bool {
    let Some(window) = web_sys::window() else { return false };
    let promise = window.navigator().clipboard().write_text(text);
    if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
        return true;
    }
    copy_with_selection(text).unwrap_or(false)
}

fn copy_with_selection(text: &str) -> Option<bool> {
    let document = web_sys::window()?.document()?;
    let area: web_sys::HtmlTextAreaElement = document.create_element("textarea").ok()?.dyn_into().ok()?;
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    let _ = area.style().set_property("position", "fixed");
    let _ = area.style().set_property("opacity", "0");
    document.body()?.append_child(&area).ok()?;
    area.select();
    let html: web_sys::HtmlDocument = document.dyn_into().ok()?;
    let done = html.exec_command("copy").unwrap_or(false);
    area.remove();
    Some(done)
}

/// Selects the text inside `node`, for the user to copy by hand.
pub fn select_contents(node: &web_sys::Node) {
    if let Some(selection) = web_sys::window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.select_all_children(node);
    }
}
