//! Merchant API errors: `{"error": {code, message, retryable}}` with the right HTTP status,
//! and a JSON body extractor whose failures are such errors too.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
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
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|e| ApiFailure::invalid(format!("could not read the request body: {e}")))?;
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

/// A fallback for unknown paths under the API, in the API's error shape.
pub async fn not_found() -> ApiFailure {
    ApiFailure::new(StatusCode::NOT_FOUND, "NOT_FOUND", "no such API endpoint", false)
}
