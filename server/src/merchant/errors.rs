//! Merchant API errors: `{"error": {code, message, retryable}}` with the right HTTP status,
//! and a JSON body extractor whose failures are such errors too. Whatever the framework itself
//! answers (a path it cannot decode, a body over the limit, a wrong method) is rewritten into
//! the same shape by [`json_errors`], so every answer of the API is JSON with a stable code.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use checkout_core::merchant_api::{codes, ApiError, ApiErrorBody};
use serde::de::DeserializeOwned;

#[derive(Debug, Clone)]
pub struct ApiFailure {
    pub status: StatusCode,
    pub code: &'static str,
    pub message: String,
    pub retryable: bool,
}

impl ApiFailure {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>, retryable: bool) -> Self {
        Self { status, code, message: message.into(), retryable }
    }
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, codes::INVALID_REQUEST, message, false)
    }
    pub fn order_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::ORDER_NOT_FOUND, "no such order", false)
    }
    pub fn payment_not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, codes::PAYMENT_NOT_FOUND, "no such payment", false)
    }
    pub fn already_paid() -> Self {
        Self::new(StatusCode::CONFLICT, codes::ORDER_ALREADY_PAID, "this order is already paid", false)
    }
    pub fn expired() -> Self {
        Self::new(StatusCode::GONE, codes::ORDER_EXPIRED, "this order has expired", false)
    }
    pub fn closed() -> Self {
        Self::new(StatusCode::GONE, codes::ORDER_EXPIRED, "this order is closed", false)
    }
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, codes::PAYMENT_REFUSED, message, false)
    }
    pub fn method_unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, codes::METHOD_UNAVAILABLE, message, false)
    }
    pub fn provider_unavailable(message: impl Into<String>) -> Self {
        Self::new(StatusCode::SERVICE_UNAVAILABLE, codes::PROVIDER_UNAVAILABLE, message, true)
    }
    pub fn payload_too_large() -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::PAYLOAD_TOO_LARGE,
            format!("the request body is over {} bytes", BODY_LIMIT),
            false,
        )
    }
    pub fn unsupported_media_type() -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::UNSUPPORTED_MEDIA_TYPE,
            "the request body must be sent as Content-Type: application/json",
            false,
        )
    }
    /// What the framework's own refusal of a request becomes; never echoes the request.
    pub fn from_status(status: StatusCode) -> Self {
        let (code, message) = match status {
            StatusCode::NOT_FOUND => (codes::NOT_FOUND, "no such API endpoint"),
            StatusCode::METHOD_NOT_ALLOWED => {
                (codes::METHOD_NOT_ALLOWED, "this endpoint does not take that HTTP method")
            }
            StatusCode::PAYLOAD_TOO_LARGE => return Self::payload_too_large(),
            StatusCode::URI_TOO_LONG => (codes::URI_TOO_LONG, "the request path is too long"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => return Self::unsupported_media_type(),
            s if s.is_server_error() => return Self::new(s, codes::INTERNAL, "internal error, please try again", true),
            _ => (codes::INVALID_REQUEST, "the request path or query could not be read"),
        };
        Self::new(status, code, message, false)
    }
    pub fn internal(context: &str, err: impl std::fmt::Display) -> Self {
        tracing::error!("{context}: {err}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, codes::INTERNAL, "internal error, please try again", true)
    }

    pub fn body(&self) -> ApiErrorBody {
        ApiErrorBody {
            error: ApiError { code: self.code.to_owned(), message: self.message.clone(), retryable: self.retryable },
        }
    }
}

impl From<sqlx::Error> for ApiFailure {
    fn from(e: sqlx::Error) -> Self {
        Self::internal("database", e)
    }
}

impl IntoResponse for ApiFailure {
    fn into_response(self) -> Response {
        (self.status, Json(self.body())).into_response()
    }
}

/// Like `axum::Json`, but a body that is not the expected JSON gives a 400 `INVALID_REQUEST`
/// saying what is wrong, in the API's error shape.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiFailure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers().get(header::CONTENT_TYPE)) {
            return Err(ApiFailure::unsupported_media_type());
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|e| {
            if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiFailure::payload_too_large()
            } else {
                ApiFailure::invalid("could not read the request body")
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(ApiFailure::invalid("the request body is empty; expected a JSON object"));
        }
        let value = serde_json::from_slice(&bytes).map_err(|e| {
            let what = if e.is_syntax() || e.is_eof() { "malformed JSON" } else { "invalid request" };
            ApiFailure::invalid(format!("{what}: {e}"))
        })?;
        Ok(Self(value))
    }
}

/// The largest request body the API and the notification receiver read.
pub const BODY_LIMIT: usize = 64 * 1024;
/// The longest request path (with query) served; order and payment refs are far shorter.
pub const URI_LIMIT: usize = 2048;

/// `application/json`, with or without parameters such as `charset=utf-8`.
fn is_json(value: Option<&HeaderValue>) -> bool {
    let Some(Ok(v)) = value.map(HeaderValue::to_str) else { return false };
    v.split(';').next().is_some_and(|mime| mime.trim().eq_ignore_ascii_case("application/json"))
}

/// A fallback for unknown paths under the API, in the API's error shape.
pub async fn not_found() -> ApiFailure {
    ApiFailure::from_status(StatusCode::NOT_FOUND)
}

/// A fallback for a known path called with another method.
pub async fn method_not_allowed() -> ApiFailure {
    ApiFailure::from_status(StatusCode::METHOD_NOT_ALLOWED)
}

/// Refuses overlong paths before routing, and turns any error answer that is not already JSON
/// (the framework's own rejections) into the API's error shape.
pub async fn json_errors(req: Request, next: Next) -> Response {
    if req.uri().path_and_query().map_or(0, |p| p.as_str().len()) > URI_LIMIT {
        return ApiFailure::from_status(StatusCode::URI_TOO_LONG).into_response();
    }
    let response = next.run(req).await;
    let status = response.status();
    let is_json_body = is_json(response.headers().get(header::CONTENT_TYPE));
    if (status.is_client_error() || status.is_server_error()) && !is_json_body {
        return ApiFailure::from_status(status).into_response();
    }
    response
}

/// The same for `/alipay/notify`, in AMS's shape (`{"result": {...}}`): AMS resends anything
/// that is not the acknowledgement.
pub async fn ams_json_errors(req: Request, next: Next) -> Response {
    let too_long = req.uri().path_and_query().map_or(0, |p| p.as_str().len()) > URI_LIMIT;
    let response = if too_long { StatusCode::URI_TOO_LONG.into_response() } else { next.run(req).await };
    let status = response.status();
    if (status.is_client_error() || status.is_server_error()) && !is_json(response.headers().get(header::CONTENT_TYPE))
    {
        let failure = ApiFailure::from_status(status);
        let body = serde_json::json!({"result": {"resultCode": failure.code, "resultStatus": "F", "resultMessage": failure.message}});
        return (status, Json(body)).into_response();
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_content_types() {
        let v = |s: &'static str| HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json"))));
        assert!(is_json(Some(&v("Application/JSON; charset=utf-8"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(Some(&v("application/jsonx"))));
        assert!(!is_json(None));
    }

    #[test]
    fn framework_refusals_get_stable_codes() {
        assert_eq!(ApiFailure::from_status(StatusCode::NOT_FOUND).code, "NOT_FOUND");
        assert_eq!(ApiFailure::from_status(StatusCode::METHOD_NOT_ALLOWED).code, "METHOD_NOT_ALLOWED");
        assert_eq!(ApiFailure::from_status(StatusCode::PAYLOAD_TOO_LARGE).code, "PAYLOAD_TOO_LARGE");
        assert_eq!(ApiFailure::from_status(StatusCode::URI_TOO_LONG).code, "URI_TOO_LONG");
        assert_eq!(ApiFailure::from_status(StatusCode::UNSUPPORTED_MEDIA_TYPE).code, "UNSUPPORTED_MEDIA_TYPE");
        assert_eq!(ApiFailure::from_status(StatusCode::BAD_REQUEST).code, "INVALID_REQUEST");
        assert!(ApiFailure::from_status(StatusCode::BAD_GATEWAY).retryable);
    }
}
