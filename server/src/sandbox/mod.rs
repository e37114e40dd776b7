//! The embedded AMS sandbox: an emulation of Alipay's cashier payment APIs, its hosted
//! checkout page, and its notifications to the merchant. It keeps its own database.
//!
//! Signing slots in through [`SandboxCrypto`]: requests are verified by `verify_request`,
//! responses and notifications signed by `sign`.

pub mod cancel_refund;
pub mod catalogue;
pub mod consult;
pub mod hosted_page;
pub mod inquiry;
pub mod notifier;
pub mod pay;
pub mod store;

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use ams::AmsResult;

use crate::db::Pool;

/// Signature glue for the sandbox ("Alipay's side").
pub trait SandboxCrypto: Send + Sync {
    /// Checks a merchant's signed request. `signature` is the raw `Signature` header.
    fn verify_request(
        &self,
        path: &str,
        client_id: &str,
        request_time: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<(), String>;

    /// The `Signature` header for a response to `path` or a notification sent to `path`,
    /// or `None` when the sandbox has no keys.
    fn sign(&self, path: &str, client_id: &str, time: &str, body: &[u8]) -> Option<String>;
}

/// No keys: nothing is checked or signed.
pub struct Unsigned;

impl SandboxCrypto for Unsigned {
    fn verify_request(&self, _: &str, _: &str, _: &str, _: &[u8], _: Option<&str>) -> Result<(), String> {
        Ok(())
    }
    fn sign(&self, _: &str, _: &str, _: &str, _: &[u8]) -> Option<String> {
        None
    }
}

#[derive(Clone)]
pub struct SandboxState {
    pub inner: Arc<SandboxInner>,
}

pub struct SandboxInner {
    pub pool: Pool,
    /// The sandbox's public URL (this server's), no trailing slash.
    pub public_url: String,
    pub crypto: Arc<dyn SandboxCrypto>,
    /// Scales the notification retry schedule.
    pub notify_time_scale: f64,
    /// Wakes the notifier when a notification is queued.
    pub wake: Arc<tokio::sync::Notify>,
}

impl std::ops::Deref for SandboxState {
    type Target = SandboxInner;
    fn deref(&self) -> &SandboxInner {
        &self.inner
    }
}

pub fn router(state: SandboxState) -> Router {
    Router::new()
        .route("/ams/api/v1/payments/{op}", post(ams_api))
        .route("/ams/sandbox/api/v1/payments/{op}", post(ams_api))
        .route("/sandbox/checkout/{payment_id}", get(hosted_page::show))
        .route("/sandbox/checkout/{payment_id}/pay", post(hosted_page::pay))
        .route("/sandbox/checkout/{payment_id}/fail", post(hosted_page::fail))
        .route("/sandbox/logos/{file}", get(logo))
        .with_state(state)
}

/// What an AMS operation answers: a JSON body (always with `result`).
pub type AmsAnswer = serde_json::Value;

pub fn failure(code: &str, message: impl Into<String>) -> AmsAnswer {
    serde_json::json!({ "result": AmsResult::failed(code, message) })
}

/// Every AMS call: client id, signature check, dispatch, signed answer.
async fn ams_api(
    State(state): State<SandboxState>,
    Path(op): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = uri.path().to_owned();
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
    let client_id = h("client-id").unwrap_or_default();
    let answer = if client_id.is_empty() {
        failure("INVALID_CLIENT", "the Client-Id header is missing")
    } else if let Err(why) = state.crypto.verify_request(
        &path,
        &client_id,
        h("request-time").as_deref().unwrap_or(""),
        &body,
        h("signature").as_deref(),
    ) {
        failure("INVALID_SIGNATURE", why)
    } else {
        match op.as_str() {
            "consult" => consult::handle(&state, &body),
            "pay" => pay::handle(&state, &client_id, &body).await,
            "inquiryPayment" => inquiry::handle(&state, &client_id, &body).await,
            "cancel" => cancel_refund::cancel(&state, &client_id, &body).await,
            "refund" => cancel_refund::refund(&state, &client_id, &body).await,
            _ => {
                let resp = failure("NO_INTERFACE_DEF", format!("no such API: {op}"));
                return signed(&state, &path, &client_id, StatusCode::NOT_FOUND, &resp);
            }
        }
    };
    signed(&state, &path, &client_id, StatusCode::OK, &answer)
}

/// A JSON answer with the `client-id`, `response-time` and (when keys exist) `signature`
/// headers, signed over the exact bytes sent.
fn signed(state: &SandboxState, path: &str, client_id: &str, status: StatusCode, answer: &AmsAnswer) -> Response {
    let body = serde_json::to_vec(answer).unwrap_or_default();
    let time = crate::db::iso_time(crate::db::now_ms());
    let mut response = (status, body.clone()).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=UTF-8"));
    let mut put = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), v);
        }
    };
    put("client-id", client_id);
    put("response-time", &time);
    if let Some(sig) = state.crypto.sign(path, client_id, &time, &body) {
        put("signature", &sig);
    }
    response
}

async fn logo(Path(file): Path<String>) -> Response {
    let method = file.strip_suffix(".svg").and_then(catalogue::find);
    match method {
        Some(m) => (
            [(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")],
            m.logo_svg(),
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such logo").into_response(),
    }
}
