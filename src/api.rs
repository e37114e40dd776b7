//! The merchant API client: JSON over fetch, every request with a deadline. Answers are read
//! with the browser's `JSON.parse` and mapped by hand (`wire`); a request the loader already
//! sent (`prefetch`) is answered from its promise instead of being sent again.

use std::cell::Cell;
use std::rc::Rc;

use checkout_core::api_failure::ApiFailure;
use checkout_core::merchant_api::{MethodsQuery, MethodsView, OrderView, PaymentView, StartPayment};
use gloo_timers::callback::Timeout;
use js_sys::{Array, Function, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestInit, Response};

use crate::prefetch::Prefetched;
use crate::wire::{self, FromJs};

#[derive(Clone)]
pub struct MerchantApi {
    base: String,
    timeout_ms: u32,
    prefetched: Prefetched,
}

impl MerchantApi {
    pub fn new(base: &str, timeout_ms: u32) -> Self {
        Self::with_prefetch(base, timeout_ms, Prefetched::default())
    }

    pub fn with_prefetch(base: &str, timeout_ms: u32, prefetched: Prefetched) -> Self {
        Self { base: base.trim_end_matches('/').to_owned(), timeout_ms, prefetched }
    }

    pub async fn order(&self, order_ref: &str) -> Result<OrderView, ApiFailure> {
        decode(self.send("GET", &format!("/orders/{}", encode(order_ref)), None).await?)
    }

    pub async fn methods(&self, order_ref: &str, query: &MethodsQuery) -> Result<MethodsView, ApiFailure> {
        let body = json_text(&wire::methods_query(query))?;
        decode(self.send("POST", &format!("/orders/{}/payment-methods", encode(order_ref)), Some(body)).await?)
    }

    pub async fn start_payment(&self, order_ref: &str, body: &StartPayment) -> Result<PaymentView, ApiFailure> {
        let body = json_text(&wire::start_payment(body))?;
        decode(self.send("POST", &format!("/orders/{}/payments", encode(order_ref)), Some(body)).await?)
    }

    pub async fn payment(&self, payment_ref: &str) -> Result<PaymentView, ApiFailure> {
        decode(self.send("GET", &format!("/payments/{}", encode(payment_ref)), None).await?)
    }

    /// One request, not generic (one copy in the bundle): the status and the body text.
    async fn send(&self, method: &str, path: &str, body: Option<String>) -> Result<(u16, String), ApiFailure> {
        let url = format!("{}{path}", self.base);
        let deadline = Deadline::start(self.timeout_ms)?;
        if let Some(answer) = self.prefetched.take(method, &url, body.as_deref()) {
            match deadline.race(&answer).await {
                Ok(answer) => {
                    if let Some(answer) = read_prefetched(&answer) {
                        return Ok(answer);
                    }
                }
                Err(_) if deadline.expired() => return Err(ApiFailure::Timeout),
                Err(_) => {} // the loader's request failed: ask again ourselves
            }
        }
        let fail = |_| {
            if deadline.expired() {
                ApiFailure::Timeout
            } else {
                ApiFailure::Network
            }
        };
        let headers = Headers::new().map_err(fail)?;
        let _ = headers.set("Accept", "application/json");
        let init = RequestInit::new();
        init.set_method(method);
        init.set_signal(Some(&deadline.controller.signal()));
        if let Some(body) = &body {
            let _ = headers.set("Content-Type", "application/json");
            init.set_body(&JsValue::from_str(body));
        }
        init.set_headers(&headers);
        let window = web_sys::window().ok_or(ApiFailure::Network)?;
        let response: Response =
            deadline.race(&window.fetch_with_str_and_init(&url, &init)).await.map_err(fail)?.unchecked_into();
        let text = deadline.race(&response.text().map_err(fail)?).await.map_err(fail)?;
        Ok((response.status(), text.as_string().unwrap_or_default()))
    }
}

/// A prefetched answer `{status, body}`; `None` when it has another shape.
fn read_prefetched(answer: &JsValue) -> Option<(u16, String)> {
    let status = Reflect::get(answer, &JsValue::from_str("status")).ok()?.as_f64()?;
    let body = Reflect::get(answer, &JsValue::from_str("body")).ok()?.as_string()?;
    (100.0..600.0).contains(&status).then_some((status as u16, body))
}

/// The request's deadline: when it passes, the fetch is aborted and whatever is awaited fails.
struct Deadline {
    controller: AbortController,
    expired: Rc<Cell<bool>>,
    /// Rejects when the deadline passes; raced against each awaited promise.
    passed: Promise,
    _timer: Timeout,
}

impl Deadline {
    fn start(timeout_ms: u32) -> Result<Self, ApiFailure> {
        let controller = AbortController::new().map_err(|_| ApiFailure::Network)?;
        let expired = Rc::new(Cell::new(false));
        let mut reject: Option<Function> = None;
        let passed = Promise::new(&mut |_, r| reject = Some(r));
        let timer = {
            let (controller, expired) = (controller.clone(), expired.clone());
            Timeout::new(timeout_ms, move || {
                expired.set(true);
                controller.abort();
                if let Some(reject) = reject {
                    let _ = reject.call0(&JsValue::UNDEFINED);
                }
            })
        };
        Ok(Self { controller, expired, passed, _timer: timer })
    }

    fn expired(&self) -> bool {
        self.expired.get()
    }

    async fn race(&self, promise: &Promise) -> Result<JsValue, JsValue> {
        JsFuture::from(Promise::race(&Array::of2(promise, &self.passed))).await
    }
}

// A request whose task was dropped (its part of the widget is gone) is not left running: the
// fetch is aborted. After a whole answer was read, aborting does nothing.
impl Drop for Deadline {
    fn drop(&mut self) {
        self.controller.abort();
    }
}

fn bad(status: u16, detail: String) -> ApiFailure {
    ApiFailure::BadResponse { status, detail }
}

/// A request body as JSON text.
fn json_text(body: &JsValue) -> Result<String, ApiFailure> {
    JSON::stringify(body).map(String::from).map_err(|_| bad(0, "unserializable body".into()))
}

/// Turns a status and body into the typed answer or a typed failure.
pub fn decode<T: FromJs>(answer: (u16, String)) -> Result<T, ApiFailure> {
    let (status, value) = success_value(answer)?;
    T::from_js(&value).map_err(|e| bad(status, e))
}

/// The parsed body of a 2xx answer, or the failure the answer says (not generic: one copy).
fn success_value((status, text): (u16, String)) -> Result<(u16, JsValue), ApiFailure> {
    let parsed = JSON::parse(&text);
    if (200..300).contains(&status) {
        return parsed.map(|value| (status, value)).map_err(|_| bad(status, "the answer is not JSON".into()));
    }
    match parsed.ok().map(|v| wire::api_error(&v)) {
        Some(Ok(error)) => Err(ApiFailure::Server { status, error }),
        _ => Err(bad(status, format!("HTTP {status}"))),
    }
}

/// Percent-encodes a path segment (order and payment references come from the page).
fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}
