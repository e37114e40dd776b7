//! Widget components mounted in headless Chromium (wasm-bindgen-test), clicked like a user would.

use checkout_core::ams::{Logo, PaymentOption};
use checkout_widget::components::{MethodList, PayButton};
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap().unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

fn option(method: &str, enabled: bool) -> PaymentOption {
    serde_json::from_value(serde_json::json!({
        "paymentMethodType": method,
        "paymentMethodCategory": "WALLET",
        "enabled": enabled,
        "disableReason": if enabled { serde_json::Value::Null } else { "PAYMENT_ACCOUNT_NOT_AVAILABLE".into() },
        "logo": Logo { logo_name: format!("{method} wallet"), logo_url: "https://example.com/l.svg".into() },
        "promoNames": ["10% off"],
    }))
    .unwrap()
}

fn query(el: &HtmlElement, selector: &str) -> HtmlElement {
    el.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
}

#[wasm_bindgen_test]
async fn clicking_a_method_selects_it_and_disabled_methods_cannot_be_chosen() {
    let el = host();
    let selected = RwSignal::new(None::<String>);
    let _handle = mount_to(el.clone(), move || {
        view! { <MethodList options=vec![option("GCASH", true), option("DANA", false)] selected=selected/> }
    });

    let radios = el.query_selector_all("input[type=radio]").unwrap();
    assert_eq!(radios.length(), 2, "one radio per method, in one group");
    assert!(el.text_content().unwrap().contains("GCASH wallet"));
    assert!(el.text_content().unwrap().contains("PAYMENT_ACCOUNT_NOT_AVAILABLE"), "the disable reason is shown");

    query(&el, "label[for=acw-method-GCASH]").click();
    tick().await;
    assert_eq!(selected.get_untracked().as_deref(), Some("GCASH"));
    let gcash: web_sys::HtmlInputElement = query(&el, "#acw-method-GCASH").unchecked_into();
    assert!(gcash.checked());

    query(&el, "label[for=acw-method-DANA]").click();
    tick().await;
    assert_eq!(selected.get_untracked().as_deref(), Some("GCASH"), "a disabled method is not selectable");
    let dana: web_sys::HtmlInputElement = query(&el, "#acw-method-DANA").unchecked_into();
    assert!(dana.disabled());
}

#[wasm_bindgen_test]
async fn the_pay_button_sends_once_and_stays_disabled_while_busy() {
    let el = host();
    let presses = Rc::new(Cell::new(0));
    let busy = RwSignal::new(false);
    let counter = presses.clone();
    let _handle = mount_to(el.clone(), move || {
        let counter = counter.clone();
        view! {
            <PayButton label=Signal::derive(|| "Pay 12.50 USD".to_string()) busy=busy disabled=Signal::derive(|| false)
                on_press=move || { counter.set(counter.get() + 1); busy.set(true); }/>
        }
    });
    let button = query(&el, "button.acw-pay");
    assert_eq!(button.text_content().unwrap(), "Pay 12.50 USD");

    button.click();
    tick().await;
    button.click();
    button.click();
    assert_eq!(presses.get(), 1, "clicks while busy send nothing");
    assert!(button.has_attribute("disabled"));
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(el.query_selector(".acw-spinner").unwrap().is_some(), "progress is visible");

    busy.set(false);
    tick().await;
    assert!(!button.has_attribute("disabled"));
    button.click();
    assert_eq!(presses.get(), 2);
}
