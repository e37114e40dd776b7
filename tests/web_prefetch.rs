//! The loader's prefetched requests in headless Chromium: a matching one answers the widget's
//! request without a fetch, anything else is ignored and the widget asks the network itself.

use checkout_core::ams::TerminalType;
use checkout_core::api_failure::ApiFailure;
use checkout_core::merchant_api::MethodsQuery;
use checkout_widget::api::MerchantApi;
use checkout_widget::prefetch::{absolute_url, Prefetched};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ORDER: &str =
    r#"{"orderRef":"o1","status":"OPEN","amount":{"currency":"EUR","value":"1250"},"description":"from the %SOURCE%"}"#;

/// Replaces `window.fetch` with one that counts its calls and answers ORDER from the network.
fn stub_fetch() {
    let network = ORDER.replace("%SOURCE%", "network");
    js_sys::eval(&format!(
        "window.__acwFetched = []; window.__acwRealFetch = window.__acwRealFetch || window.fetch;
         window.fetch = function (url, init) {{
           window.__acwFetched.push((init && init.method || 'GET') + ' ' + url);
           return Promise.resolve(new Response({network:?}, {{ status: 200 }}));
         }};"
    ))
    .unwrap();
}

fn fetched() -> Vec<String> {
    let list = js_sys::eval("window.__acwFetched").unwrap();
    js_sys::Array::from(&list).iter().filter_map(|v| v.as_string()).collect()
}

/// `{ prefetch: { requests: [{ method, url, body, response }] } }` with one entry; `response`
/// is a JS expression.
fn options(method: &str, url: &str, body: Option<&str>, response: &str) -> JsValue {
    let body = body.map_or("null".to_owned(), |b| format!("{b:?}"));
    js_sys::eval(&format!("({{ prefetch: {{ requests: [{{ method: {method:?}, url: {url:?}, body: {body}, response: {response} }}] }} }})")).unwrap()
}

fn prefetched_order(status: u16) -> String {
    format!("Promise.resolve({{ status: {status}, body: {:?} }})", ORDER.replace("%SOURCE%", "prefetch"))
}

fn api(options: &JsValue, timeout_ms: u32) -> MerchantApi {
    MerchantApi::with_prefetch("/api/v1", timeout_ms, Prefetched::from_options(options))
}

#[wasm_bindgen_test]
async fn a_matching_prefetch_answers_without_a_fetch_and_only_once() {
    stub_fetch();
    let url = absolute_url("/api/v1/orders/o1").unwrap();
    assert!(url.starts_with("http"), "resolved against the page: {url}");
    let api = api(&options("GET", &url, None, &prefetched_order(200)), 5_000);

    let order = api.order("o1").await.unwrap();
    assert_eq!(order.description, "from the prefetch");
    assert!(fetched().is_empty(), "no request went out: {:?}", fetched());

    // Used once: the next identical request asks the network.
    let again = api.order("o1").await.unwrap();
    assert_eq!(again.description, "from the network");
    assert_eq!(fetched(), vec!["GET /api/v1/orders/o1".to_owned()]);
}

#[wasm_bindgen_test]
async fn a_prefetched_post_matches_by_json_value_and_its_errors_decode_like_real_ones() {
    stub_fetch();
    let url = absolute_url("/api/v1/orders/o1/payment-methods").unwrap();
    // The same JSON value as the widget's body, written in another key order and spacing.
    let body = r#"{ "allowedPspRegions": null, "userRegion": null, "osType": null, "terminalType": "WEB" }"#;
    let answer = r#"Promise.resolve({ status: 410, body: '{"error":{"code":"ORDER_EXPIRED","message":"gone","retryable":false}}' })"#;
    let api = api(&options("POST", &url, Some(body), answer), 5_000);
    let query =
        MethodsQuery { terminal_type: TerminalType::Web, os_type: None, user_region: None, allowed_psp_regions: None };
    match api.methods("o1", &query).await {
        Err(ApiFailure::Server { status: 410, error }) => assert_eq!(error.code, "ORDER_EXPIRED"),
        other => panic!("expected the prefetched 410, got {other:?}"),
    }
    assert!(fetched().is_empty(), "{:?}", fetched());
}

#[wasm_bindgen_test]
async fn a_prefetch_for_another_request_is_ignored() {
    stub_fetch();
    let other_url = absolute_url("/api/v1/orders/o2").unwrap();
    for (method, url, body) in
        [("GET", other_url.as_str(), None), ("POST", &absolute_url("/api/v1/orders/o1").unwrap(), None)]
    {
        let api = api(&options(method, url, body, &prefetched_order(200)), 5_000);
        let order = api.order("o1").await.unwrap();
        assert_eq!(order.description, "from the network", "{method} {url}");
    }
    // A POST whose body differs as JSON is not the same request either.
    let url = absolute_url("/api/v1/orders/o1/payment-methods").unwrap();
    let api =
        api(&options("POST", &url, Some(r#"{"terminalType":"WAP","osType":"IOS"}"#), &prefetched_order(200)), 5_000);
    let query =
        MethodsQuery { terminal_type: TerminalType::Web, os_type: None, user_region: None, allowed_psp_regions: None };
    let _ = api.methods("o1", &query).await;
    assert_eq!(fetched().len(), 3, "{:?}", fetched());
}

#[wasm_bindgen_test]
async fn a_failed_prefetch_falls_back_to_the_network_and_a_slow_one_meets_the_deadline() {
    stub_fetch();
    let url = absolute_url("/api/v1/orders/o1").unwrap();
    let api_rejected = api(&options("GET", &url, None, "Promise.reject(new TypeError('offline'))"), 5_000);
    assert_eq!(api_rejected.order("o1").await.unwrap().description, "from the network");
    assert_eq!(fetched().len(), 1);

    let api_slow = api(&options("GET", &url, None, "new Promise(function () {})"), 50);
    assert_eq!(api_slow.order("o1").await.unwrap_err(), ApiFailure::Timeout);
    assert_eq!(fetched().len(), 1, "the deadline ends the wait without another request");
}
