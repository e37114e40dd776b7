//! Widget components mounted in headless Chromium (wasm-bindgen-test), used like a person would.

use checkout_core::ams::{Amount, PaymentOption};
use checkout_core::methods::MethodPrefs;
use checkout_core::ranking::prepare_list;
use checkout_widget::components::method_page::{method_groups, MethodPageState};
use checkout_widget::components::pay_button;
use checkout_widget::dom;
use checkout_widget::i18n::provide_i18n;
use checkout_widget::state::Shared;
use leptos::task::tick;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn host() -> HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let el = document.create_element("div").unwrap().unchecked_into::<HtmlElement>();
    document.body().unwrap().append_child(&el).unwrap();
    el
}

fn option(method: &str, category: &str, enabled: bool) -> PaymentOption {
    serde_json::from_value(serde_json::json!({
        "paymentMethodType": method,
        "paymentMethodCategory": category,
        "enabled": enabled,
        "disableReason": if enabled { serde_json::Value::Null } else { "PAYMENT_ACCOUNT_NOT_AVAILABLE".into() },
        "logo": { "logoName": format!("{method} name"), "logoUrl": "https://example.com/l.svg" },
        "promoNames": if method == "GCASH" { vec!["10% off"] } else { vec![] },
        "paymentOptionDetail": { "supportBanks": if method == "IDEAL" { serde_json::json!([
            { "bankIdentifierCode": "ABNANL2A", "bankShortName": "ABN AMRO" },
            { "bankIdentifierCode": "INGBNL2A", "bankShortName": "ING" },
            { "bankIdentifierCode": "RABONL2U", "bankShortName": "Rabobank" },
            { "bankIdentifierCode": "SNSBNL2A", "bankShortName": "SNS Bank" }
        ]) } else { serde_json::json!([]) } }
    }))
    .unwrap()
}

fn query(el: &HtmlElement, selector: &str) -> HtmlElement {
    el.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}")).unchecked_into()
}

fn input(el: &HtmlElement, selector: &str) -> HtmlInputElement {
    query(el, selector).unchecked_into()
}

/// Types `text` into an input the way a keyboard would: value, then an `input` event.
fn type_into(field: &HtmlInputElement, text: &str) {
    field.set_value(text);
    field.dispatch_event(&web_sys::Event::new("input").unwrap()).unwrap();
}

fn blur(field: &HtmlInputElement) {
    field.dispatch_event(&web_sys::Event::new("blur").unwrap()).unwrap();
}

/// Mounts the method menu for these options and returns the element and the page state.
fn mount_methods(options: Vec<PaymentOption>) -> (HtmlElement, MethodPageState) {
    let el = host();
    let state = MethodPageState::new(None);
    let list = prepare_list(options, &Amount::from_minor("EUR", 1250), &MethodPrefs::default());
    let handle = dom::mount(&el, move || {
        provide_i18n(None);
        method_groups(&list, state).into()
    });
    std::mem::forget(handle); // keep it mounted for the test's lifetime
    (el, state)
}

#[wasm_bindgen_test]
async fn categories_fold_and_open_with_aria_expanded() {
    let (el, state) = mount_methods(vec![
        option("GCASH", "WALLET", true),
        option("DANA", "WALLET", false),
        option("IDEAL", "ONLINE_BANKING", true),
        option("BLIK", "ONLINE_BANKING", true),
        option("ALIPAY_CN", "ALIPAY_PLUS", true),
    ]);
    let radios = el.query_selector_all(".acw-method > input[type=radio]").unwrap();
    assert_eq!(radios.length(), 5, "one radio group across all sections");

    let toggle = query(&el, "[data-group=wallet] .acw-group-toggle");
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("false"));
    assert!(toggle.text_content().unwrap().contains("2 methods"), "{:?}", toggle.text_content());
    let panel = query(&el, "[data-group=wallet] .acw-method-list");
    assert!(panel.hidden(), "folded at first");

    toggle.click();
    tick().await;
    assert_eq!(toggle.get_attribute("aria-expanded").as_deref(), Some("true"));
    assert!(!panel.hidden());
    assert_eq!(toggle.get_attribute("aria-controls"), Some(panel.id()));

    // A one-method category is shown directly, with the Alipay+ partner mark.
    assert!(el.query_selector("[data-group=alipay-plus] .acw-group-toggle").unwrap().is_none());
    assert!(query(&el, "[data-method=ALIPAY_CN]").text_content().unwrap().contains("Alipay+"));

    // A disabled method shows why and cannot be chosen.
    assert!(query(&el, "[data-method=DANA]").text_content().unwrap().contains("PAYMENT_ACCOUNT_NOT_AVAILABLE"));
    query(&el, "[data-method=DANA] > label").click();
    tick().await;
    assert_eq!(state.selected.get_untracked(), None);

    query(&el, "[data-method=GCASH] > label").click();
    tick().await;
    assert_eq!(state.selected.get_untracked().as_deref(), Some("GCASH"));
    assert!(input(&el, "[data-method=GCASH] > input").checked());
}

#[wasm_bindgen_test]
async fn the_blik_field_masks_validates_and_announces_errors() {
    let (el, state) = mount_methods(vec![option("BLIK", "ONLINE_BANKING", true), option("GCASH", "WALLET", true)]);
    query(&el, "[data-method=BLIK] > label").click();
    tick().await;

    let field = input(&el, "[data-method=BLIK] .acw-field input");
    assert_eq!(field.get_attribute("inputmode").as_deref(), Some("numeric"), "numeric keypad on phones");
    let error_id = field.get_attribute("aria-describedby").unwrap().split(' ').next_back().unwrap().to_owned();
    let error = query(&el, &format!("#{error_id}"));
    assert_eq!(error.get_attribute("aria-live").as_deref(), Some("polite"));

    type_into(&field, "12a3");
    tick().await;
    assert_eq!(field.value().chars().filter(|c| c.is_ascii_digit()).collect::<String>(), "123", "letters are dropped");
    assert_eq!(error.text_content().unwrap(), "", "no error while typing the first time");
    blur(&field);
    tick().await;
    assert!(!error.text_content().unwrap().is_empty(), "a short code is an error after leaving the field");
    assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(error_id.ends_with("field-blikCode-error"));

    type_into(&field, "123456");
    tick().await;
    assert_eq!(error.text_content().unwrap(), "", "the error clears as soon as the code is right");
    assert_eq!(state.value("blikCode").chars().filter(|c| c.is_ascii_digit()).count(), 6);
}

#[wasm_bindgen_test]
async fn ideal_offers_common_banks_and_a_searchable_list() {
    let (el, state) = mount_methods(vec![option("IDEAL", "ONLINE_BANKING", true)]);
    query(&el, "[data-method=IDEAL] > label").click();
    tick().await;

    let chips = el.query_selector_all(".acw-bank-chip").unwrap();
    assert!(chips.length() >= 3, "common banks are one tap away");
    let ing = query(&el, ".acw-bank-chip:nth-child(2)");
    ing.click();
    tick().await;
    assert!(state.value("bankIdentifierCode").ends_with("L2A") || state.value("bankIdentifierCode").ends_with("L2U"));
    assert_eq!(ing.get_attribute("aria-pressed").as_deref(), Some("true"));

    let search = input(&el, ".acw-bank-search");
    type_into(&search, "sns");
    tick().await;
    let listed = el.query_selector_all(".acw-bank-list li").unwrap();
    assert_eq!(listed.length(), 1, "search narrows the list");
    query(&el, ".acw-bank-list li:first-child label").click();
    tick().await;
    assert_eq!(state.value("bankIdentifierCode"), "SNSBNL2A");
}

#[wasm_bindgen_test]
async fn the_pay_button_sends_once_and_stays_aria_disabled_while_busy() {
    let el = host();
    let presses = Rc::new(Cell::new(0));
    let busy = Shared::new(false);
    let counter = presses.clone();
    let handle = dom::mount(&el, move || {
        let press = move || {
            counter.set(counter.get() + 1);
            busy.set(true);
        };
        pay_button(|| "Pay 12.50 USD".to_string(), move || busy.get(), || false, Box::new(press)).into()
    });
    std::mem::forget(handle);
    let button = query(&el, "button.acw-pay");
    assert_eq!(button.text_content().unwrap(), "Pay 12.50 USD");

    button.click();
    tick().await;
    button.click();
    button.click();
    assert_eq!(presses.get(), 1, "clicks while busy send nothing");
    // aria-disabled, not disabled: a disabled button would drop the keyboard focus on <body>.
    assert_eq!(button.get_attribute("aria-disabled").as_deref(), Some("true"));
    assert!(!button.has_attribute("disabled"));
    assert_eq!(button.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(el.query_selector(".acw-spinner").unwrap().is_some(), "progress is visible");

    busy.set(false);
    tick().await;
    assert_eq!(button.get_attribute("aria-disabled").as_deref(), Some("false"));
    button.click();
    assert_eq!(presses.get(), 2);
}

#[wasm_bindgen_test]
async fn email_and_cpf_fields_validate_at_the_field() {
    let (el, state) =
        mount_methods(vec![option("P24", "ONLINE_BANKING", true), option("MERCADOPAGO_BR", "WALLET", true)]);

    query(&el, "[data-method=P24] > label").click();
    tick().await;
    let email = input(&el, "[data-method=P24] .acw-field input");
    assert_eq!(email.type_(), "email");
    assert_eq!(email.get_attribute("inputmode").as_deref(), Some("email"));
    type_into(&email, "jan@");
    blur(&email);
    tick().await;
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("true"));
    type_into(&email, "jan@example.pl");
    tick().await;
    assert_eq!(email.get_attribute("aria-invalid").as_deref(), Some("false"));

    query(&el, "[data-method=MERCADOPAGO_BR] > label").click();
    tick().await;
    assert_eq!(state.value("payerEmail"), "", "another method starts with empty fields");
    let cpf = input(&el, "[data-method=MERCADOPAGO_BR] .acw-field input");
    type_into(&cpf, "52998224726");
    tick().await;
    assert_eq!(cpf.value(), "529.982.247-26", "masked while typing");
    blur(&cpf);
    tick().await;
    let error_id = cpf.get_attribute("aria-describedby").unwrap().split(' ').next_back().unwrap().to_owned();
    assert!(
        query(&el, &format!("#{error_id}")).text_content().unwrap().to_lowercase().contains("check"),
        "a wrong check digit is named"
    );
    type_into(&cpf, "52998224725");
    tick().await;
    assert_eq!(query(&el, &format!("#{error_id}")).text_content().unwrap(), "");
}
