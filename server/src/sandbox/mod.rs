//! The embedded AMS sandbox: an emulation of Alipay's cashier payment APIs, its hosted
//! checkout page, and its notifications to the merchant. It keeps its own database and keys;
//! signatures are checked and made in `security.rs`.

pub mod cancel_refund;
pub mod catalogue;
pub mod consult;
pub mod hosted_page;
pub mod inquiry;
pub mod inspect;
pub mod notifier;
pub mod pay;
pub mod security;
pub mod store;

use std::sync::Arc;

use ams::AmsResult;
use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;

use crate::db::Pool;
use security::{Registered, SandboxSecurity};

#[derive(Clone)]
pub struct SandboxState {
    pub inner: Arc<SandboxInner>,
}

pub struct SandboxInner {
    pub pool: Pool,
    /// The sandbox's public URL (this server's), no trailing slash.
    pub public_url: String,
    pub security: Arc<SandboxSecurity>,
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
        .route("/sandbox/checkout/{payment_id}/confirm", post(hosted_page::confirm))
        .route("/sandbox/checkout/{payment_id}/reject", post(hosted_page::reject))
        .route("/sandbox/logos/{file}", get(logo))
        .route("/sandbox/public-key.pem", get(public_key))
        .route("/sandbox/merchants", post(register_merchant))
        .route("/sandbox/requests", get(inspect::pay_requests))
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
    } else if let Err((code, why)) = state
        .security
        .verify_request(
            &state.pool,
            &path,
            &client_id,
            h("request-time").as_deref().unwrap_or(""),
            &body,
            h("signature").as_deref(),
        )
        .await
    {
        failure(code, why)
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

/// A JSON answer with the `client-id`, `response-time` and `signature` headers, signed over
/// the exact bytes sent (failures too: the official SDK insists).
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
    put("signature", &state.security.sign(path, client_id, &time, &body));
    response
}

async fn logo(Path(file): Path<String>) -> Response {
    let name = file.strip_suffix(".svg").unwrap_or("");
    let svg = match name.strip_prefix("bank-") {
        Some(bic) => catalogue::find_bank(bic).map(catalogue::bank_logo_svg),
        None => catalogue::find(name).map(|m| m.logo_svg()),
    };
    match svg {
        Some(svg) => ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "public, max-age=86400")], svg)
            .into_response(),
        None => (StatusCode::NOT_FOUND, "no such logo").into_response(),
    }
}

/// The sandbox's public key, for merchants (and SDKs) to check its signatures.
async fn public_key(State(state): State<SandboxState>) -> Response {
    ([(header::CONTENT_TYPE, "application/x-pem-file")], state.security.public_key().to_pem()).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Registration {
    client_id: String,
    /// PEM, or a bare Base64 body as Alipay's portal shows it.
    public_key: String,
}

/// Registers a merchant's public key for a new Client-Id (a sandbox convenience: at Alipay this
/// is done in the developer portal). An existing registration is never replaced here.
async fn register_merchant(State(state): State<SandboxState>, body: Bytes) -> Response {
    let err = |status: StatusCode, code: &str, message: String| {
        (status, Json(serde_json::json!({"result": AmsResult::failed(code, message)}))).into_response()
    };
    let reg: Registration = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return err(StatusCode::BAD_REQUEST, "PARAM_ILLEGAL", format!("expected {{clientId, publicKey}}: {e}"))
        }
    };
    let valid_id = !reg.client_id.is_empty()
        && reg.client_id.len() <= 64
        && reg.client_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !valid_id {
        return err(
            StatusCode::BAD_REQUEST,
            "PARAM_ILLEGAL",
            "clientId must be 1 to 64 letters, digits, _ or -".into(),
        );
    }
    let key = match ams::signing::PublicKey::from_pem(&reg.public_key) {
        Ok(k) => k,
        Err(e) => return err(StatusCode::BAD_REQUEST, "PARAM_ILLEGAL", format!("publicKey: {e}")),
    };
    match security::register(&state.pool, &reg.client_id, &key, false).await {
        Ok(Registered::New) => {
            (StatusCode::CREATED, Json(serde_json::json!({"result": AmsResult::success()}))).into_response()
        }
        Ok(Registered::Same) => Json(serde_json::json!({"result": AmsResult::success()})).into_response(),
        Ok(Registered::Conflict) => {
            err(StatusCode::CONFLICT, "ACCESS_DENIED", "another key is registered for this Client-Id".into())
        }
        Err(e) => {
            tracing::error!("registering a merchant: {e}");
            err(StatusCode::INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION", "try again".into())
        }
    }
}
