//! The merchant API client: JSON over fetch, every request with a deadline.

use std::cell::Cell;
use std::rc::Rc;

use checkout_core::api_failure::ApiFailure;
use checkout_core::merchant_api::{ApiErrorBody, MethodsQuery, MethodsView, OrderView, PaymentView, StartPayment};
use gloo_net::http::{Request, RequestBuilder};
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use serde::Serialize;
use web_sys::AbortController;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MerchantApi {
    base: String,
    timeout_ms: u32,
}

impl MerchantApi {
    pub fn new(base: &str, timeout_ms: u32) -> Self {
        Self { base: base.trim_end_matches('/').to_owned(), timeout_ms }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn order(&self, order_ref: &str) -> Result<OrderView, ApiFailure> {
        self.get(&format!("/orders/{}", encode(order_ref))).await
    }

    pub async fn methods(&self, order_ref: &str, query: &MethodsQuery) -> Result<MethodsView, ApiFailure> {
        self.post(&format!("/orders/{}/payment-methods", encode(order_ref)), query).await
    }

    pub async fn start_payment(&self, order_ref: &str, body: &StartPayment) -> Result<PaymentView, ApiFailure> {
        self.post(&format!("/orders/{}/payments", encode(order_ref)), body).await
    }

    pub async fn payment(&self, payment_ref: &str) -> Result<PaymentView, ApiFailure> {
        self.get(&format!("/payments/{}", encode(payment_ref))).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiFailure> {
        self.send(Request::get(&self.url(path)), None::<&()>).await
    }

    async fn post<B: Serialize, T: DeserializeOwned>(&self, path: &str, body: &B) -> Result<T, ApiFailure> {
        self.send(Request::post(&self.url(path)), Some(body)).await
    }

    /// Sends with an abort deadline covering both the headers and the body.
    async fn send<B: Serialize, T: DeserializeOwned>(
        &self,
        builder: RequestBuilder,
        body: Option<&B>,
    ) -> Result<T, ApiFailure> {
        let controller = AbortController::new().map_err(|_| ApiFailure::Network)?;
        let timed_out = Rc::new(Cell::new(false));
        let _deadline = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timeout::new(self.timeout_ms, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let builder = builder.abort_signal(Some(&controller.signal())).header("Accept", "application/json");
        let request = match body {
            Some(body) => builder.json(body).map_err(|e| bad(0, e.to_string()))?,
            None => builder.build().map_err(|e| bad(0, e.to_string()))?,
        };
        let fail = |_| if timed_out.get() { ApiFailure::Timeout } else { ApiFailure::Network };
        let response = request.send().await.map_err(fail)?;
        let status = response.status();
        let text = response.text().await.map_err(fail)?;
        decode(status, &text)
    }
}

fn bad(status: u16, detail: String) -> ApiFailure {
    ApiFailure::BadResponse { status, detail }
}

/// Turns a status and body into the typed answer or a typed failure.
pub fn decode<T: DeserializeOwned>(status: u16, text: &str) -> Result<T, ApiFailure> {
    if (200..300).contains(&status) {
        return serde_json::from_str(text).map_err(|e| bad(status, e.to_string()));
    }
    match serde_json::from_str::<ApiErrorBody>(text) {
        Ok(body) => Err(ApiFailure::Server { status, error: body.error }),
        Err(_) => Err(bad(status, format!("HTTP {status}"))),
    }
}

/// Percent-encodes a path segment (order and payment references come from the page).
fn encode(segment: &str) -> String {
    String::from(js_sys::encode_uri_component(segment))
}
