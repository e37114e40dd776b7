//! The hand-mapped JSON readers and writers (src/wire) against serde's reading of the same
//! text: the widget must understand the merchant API exactly as the Rust types define it.

use checkout_core::ams::{OsType, TerminalType};
use checkout_core::merchant_api::{MethodsQuery, MethodsView, OrderView, PaymentView, StartPayment};
use checkout_widget::config::{Mode, WidgetConfig};
use checkout_widget::wire::{self, FromJs};
use js_sys::JSON;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PAYMENT: &str = r#"{"paymentRef":"pay_1","orderRef":"o1","paymentMethodType":"PAYNOW","status":"PROCESSING",
  "amount":{"currency":"SGD","value":"1250"},"expiresAtMs":1767225600000,"resultMessage":null,"somethingNew":[1,2],
  "continuation":{"normalUrl":"https://pay.example/x","schemeUrl":"paynow://x","applinkUrl":null,"appIdentifier":"com.x",
    "orderCodeForm":{"expireTime":"2026-01-01T00:00:00+08:00","codeDetails":[
      {"codeValueType":"QRCODE","codeValue":"000201","displayType":"MIDDLE"},
      {"codeValueType":"BARCODE","codeValue":"123","displayType":"HOLOGRAM"}]}}}"#;

const METHODS: &str = r#"{"order":{"orderRef":"o1","status":"OPEN","amount":{"currency":"EUR","value":"1250"},
    "description":"Tea","expiresAtMs":null,"latestPayment":null},"userRegion":"NL",
  "paymentOptions":[
    {"paymentMethodType":"IDEAL","paymentMethodCategory":"ONLINE_BANKING","enabled":true,
     "logo":{"logoName":"iDEAL","logoUrl":"https://x/i.svg"},"promoNames":["5% off"],"paymentMethodRegion":["NL"],
     "supportedCurrencies":["EUR"],"interactionType":"REDIRECT",
     "paymentOptionDetail":{"supportBanks":[{"bankIdentifierCode":"INGBNL2A","bankShortName":"ING","bankLogo":{"logoUrl":"https://x/b.png"}}]},
     "amountLimitInfoMap":{"EUR":{"minAmount":{"currency":"EUR","value":"100"},"maxAmount":null}}},
    {"paymentMethodType":"DANA","enabled":false,"disableReason":"PAYMENT_ACCOUNT_NOT_AVAILABLE","paymentMethodCategory":"SOMETHING_NEW"},
    {"paymentMethodType":"GCASH"}]}"#;

fn both<T: FromJs + DeserializeOwned + PartialEq + std::fmt::Debug>(text: &str) -> T {
    let by_serde: T = serde_json::from_str(text).expect("serde reads it");
    let by_wire = T::from_js(&JSON::parse(text).unwrap()).expect("the widget reads it");
    assert_eq!(by_wire, by_serde);
    by_wire
}

fn wire_err<T: FromJs + std::fmt::Debug>(text: &str) -> String {
    T::from_js(&JSON::parse(text).unwrap()).expect_err(text)
}

#[wasm_bindgen_test]
fn answers_read_as_serde_reads_them() {
    let payment: PaymentView = both(PAYMENT);
    assert_eq!(payment.continuation.order_code_form.unwrap().code_details.len(), 2);
    let methods: MethodsView = both(METHODS);
    assert_eq!(methods.payment_options.len(), 3);
    assert!(methods.payment_options[2].enabled, "enabled defaults to true");
    assert_eq!(methods.user_region.as_deref(), Some("NL"));
    let order = format!(
        r#"{{"orderRef":"o1","status":"REFUNDED_SOMEHOW","amount":{{"currency":"USD","value":"1"}},"latestPayment":{PAYMENT}}}"#
    );
    let order: OrderView = both(&order);
    assert!(order.latest_payment.is_some());
}

#[wasm_bindgen_test]
fn missing_or_mistyped_fields_are_errors_like_serde_s() {
    for bad in [
        r#"{"orderRef":"o1","status":"OPEN"}"#,
        r#"{"orderRef":7,"status":"OPEN","amount":{"currency":"USD","value":"1"}}"#,
        r#"[]"#,
    ] {
        assert!(serde_json::from_str::<OrderView>(bad).is_err(), "serde refuses {bad}");
        let e = wire_err::<OrderView>(bad);
        assert!(!e.is_empty());
    }
    assert!(wire_err::<MethodsView>(
        r#"{"order":{"orderRef":"o1","status":"OPEN","amount":{"currency":"USD","value":"1"}}}"#
    )
    .contains("paymentOptions"));
    assert!(wire_err::<PaymentView>(r#"{"paymentRef":"p"}"#).contains("missing field"));
}

#[wasm_bindgen_test]
fn the_error_names_the_first_field_that_is_wrong() {
    let order = r#"{"orderRef":"o1","status":"OPEN","amount":{"currency":"USD","value":"1"}}"#;
    // A bad method deep in the list, and a bad field after the list: the method's field is named.
    let bad_option = format!(
        r#"{{"order":{order},"paymentOptions":[{{"paymentMethodType":"A"}},{{"paymentMethodType":"B","enabled":"yes"}}],"userRegion":5}}"#
    );
    assert_eq!(wire_err::<MethodsView>(&bad_option), "enabled: expected true or false");
    let late = r#"{"paymentRef":"p","orderRef":"o","paymentMethodType":"M","status":9,"resultMessage":1,
        "amount":{"currency":"USD","value":"1"}}"#;
    assert_eq!(wire_err::<PaymentView>(late), "status: expected a string", "the first of two wrong fields");
    assert_eq!(
        wire_err::<PaymentView>(r#"{"paymentRef":"p","amount":{"currency":"USD"}}"#),
        "missing field value",
        "a nested object's missing field"
    );
}

/// `PAYMENT` with its `expiresAtMs` replaced by `value` (JSON text).
fn payment_expiring(value: &str) -> PaymentView {
    let text = PAYMENT.replace("1767225600000", value);
    assert_ne!(text, PAYMENT);
    PaymentView::from_js(&JSON::parse(&text).unwrap()).unwrap_or_else(|e| panic!("{value}: {e}"))
}

#[wasm_bindgen_test]
fn an_expiry_out_of_range_is_an_unknown_expiry_not_an_unreadable_answer() {
    for unknown in ["1e300", "-1", "-1e300", "9007199254740992", "1.8e308", "\"soon\"", "\"NaN\"", "true", "{}", "[]"] {
        let payment = payment_expiring(unknown);
        assert_eq!(payment.expires_at_ms, None, "{unknown}: no countdown");
        assert_eq!(payment.payment_ref, "pay_1", "{unknown}: the rest is read");
        assert_eq!(payment.continuation.order_code_form.as_ref().unwrap().code_details.len(), 2, "the QR is kept");
    }
    assert_eq!(payment_expiring("0").expires_at_ms, Some(0));
    assert_eq!(payment_expiring("9007199254740991").expires_at_ms, Some(9_007_199_254_740_991), "2^53 - 1 is exact");
    assert_eq!(payment_expiring("1767225600000.75").expires_at_ms, Some(1_767_225_600_000), "a fraction is dropped");
    assert_eq!(payment_expiring("null").expires_at_ms, None);

    // The order answer (and the payment inside it) alike.
    let order = format!(
        r#"{{"orderRef":"o1","status":"OPEN","amount":{{"currency":"PHP","value":"35000"}},"expiresAtMs":1e300,
            "latestPayment":{}}}"#,
        PAYMENT.replace("1767225600000", "-5")
    );
    let order = OrderView::from_js(&JSON::parse(&order).unwrap()).unwrap();
    assert_eq!(order.expires_at_ms, None);
    assert_eq!(order.latest_payment.unwrap().expires_at_ms, None);
}

#[wasm_bindgen_test]
fn request_bodies_are_the_json_serde_writes() {
    let query = MethodsQuery {
        terminal_type: TerminalType::Wap,
        os_type: Some(OsType::Ios),
        user_region: None,
        allowed_psp_regions: Some(vec!["PL".into(), "NL".into()]),
    };
    let start = StartPayment {
        payment_method_type: "BLIK".into(),
        payment_method_meta_data: [("blikCode".to_owned(), "777123".to_owned())].into(),
        terminal_type: TerminalType::Web,
        os_type: None,
    };
    for (ours, serde) in [
        (wire::methods_query(&query), serde_json::to_string(&query).unwrap()),
        (wire::start_payment(&start), serde_json::to_string(&start).unwrap()),
    ] {
        let ours: serde_json::Value = serde_json::from_str(&String::from(JSON::stringify(&ours).unwrap())).unwrap();
        assert_eq!(ours, serde_json::from_str::<serde_json::Value>(&serde).unwrap());
    }
}

#[wasm_bindgen_test]
fn mount_options_are_read_with_defaults_and_clear_errors() {
    let options = |js: &str| -> JsValue { js_sys::eval(&format!("({js})")).unwrap() };
    let config = WidgetConfig::from_js(&options("{ order: 'o1' }")).unwrap();
    assert_eq!((config.api.as_str(), config.mode, config.timeout_ms), ("/api/v1", Mode::Checkout, 15_000));
    assert!(!config.hide_unavailable && !config.new_tab && config.preferred_methods.is_empty());
    assert_eq!(config.visible_methods, 3, "three ranked methods open by default");

    let config = WidgetConfig::from_js(&options(
        "{ order: 'o1', api: 'https://shop.example/api/v1', mode: 'result', locale: 'zh-CN', timeoutMs: 1500, userRegion: 'PL',
           allowedPspRegions: ['PL'], preferredMethods: ['BLIK', 'IDEAL'], hideUnavailable: true, newTab: true, translations: {},
           visibleMethods: 0 }",
    ))
    .unwrap();
    assert_eq!(config.visible_methods, 0, "0 folds everything");
    assert_eq!(config.mode, Mode::Result);
    assert_eq!(config.timeout_ms, 1500);
    assert_eq!(config.allowed_psp_regions, Some(vec!["PL".to_owned()]));
    assert_eq!(config.preferred_methods, ["BLIK", "IDEAL"]);
    assert!(config.hide_unavailable && config.new_tab);

    assert!(WidgetConfig::from_js(&options("{}")).unwrap_err().contains("order"));
    assert!(WidgetConfig::from_js(&options("{ order: 'o1', mode: 'pay' }")).unwrap_err().contains("mode"));
    assert!(WidgetConfig::from_js(&options("{ order: 'o1', timeoutMs: -5 }")).unwrap_err().contains("timeoutMs"));
    assert!(WidgetConfig::from_js(&options("{ order: 'o1', visibleMethods: -1 }"))
        .unwrap_err()
        .contains("visibleMethods"));
    assert!(WidgetConfig::from_js(&options("{ order: 'o1', preferredMethods: 'BLIK' }"))
        .unwrap_err()
        .contains("preferredMethods"));
}
