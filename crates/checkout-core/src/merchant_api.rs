//! The merchant API (widget <-> shop backend), version 1. Documented in `docs/merchant-api.md`.
//!
//! Any shop backend can implement it; `server/` is the reference implementation.
//! Every path is relative to the API base, e.g. `https://shop.example/api/v1`.

use crate::fields::FieldValues;
use ams::{Amount, OrderCodeForm, OsType, PaymentOption, PaymentStatus, TerminalType};
use serde::{Deserialize, Serialize};

pub const API_VERSION: &str = "v1";

/// Lifecycle of an order as the merchant sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrderStatus {
    /// Waiting for a payment (one may be in progress).
    Open,
    Paid,
    Expired,
    Closed,
    #[serde(other)]
    Unknown,
}

/// `GET /orders/{orderRef}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderView {
    pub order_ref: String,
    pub status: OrderStatus,
    pub amount: Amount,
    #[serde(default)]
    pub description: String,
    /// When the order stops accepting payments, epoch milliseconds.
    #[serde(default)]
    pub expires_at_ms: Option<i64>,
    /// The most recent payment attempt, if any.
    #[serde(default)]
    pub latest_payment: Option<PaymentView>,
}

/// `POST /orders` (demo shops only): the server decides what is sold and for how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CreateDemoOrder {
    /// A product id from the demo catalogue.
    pub product: String,
    #[serde(default)]
    pub user_region: Option<String>,
}

/// `POST /orders/{orderRef}/payment-methods`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodsQuery {
    pub terminal_type: TerminalType,
    #[serde(default)]
    pub os_type: Option<OsType>,
    #[serde(default)]
    pub user_region: Option<String>,
    #[serde(default)]
    pub allowed_psp_regions: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MethodsView {
    pub order: OrderView,
    pub payment_options: Vec<PaymentOption>,
    /// The region the methods were chosen for: the order's, else the request's. The widget
    /// ranks by it, so a region the shop's backend set beats one the page guessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_region: Option<String>,
}

/// `POST /orders/{orderRef}/payments`: start a new attempt. Never carries an amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StartPayment {
    pub payment_method_type: String,
    #[serde(default)]
    pub payment_method_meta_data: FieldValues,
    pub terminal_type: TerminalType,
    #[serde(default)]
    pub os_type: Option<OsType>,
}

/// What the widget does after a payment is started; built by the server from the pay answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Continuation {
    #[serde(default)]
    pub normal_url: Option<String>,
    #[serde(default)]
    pub scheme_url: Option<String>,
    #[serde(default)]
    pub applink_url: Option<String>,
    #[serde(default)]
    pub app_identifier: Option<String>,
    #[serde(default)]
    pub order_code_form: Option<OrderCodeForm>,
}

/// `GET /payments/{paymentRef}` and the answer to a started payment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentView {
    pub payment_ref: String,
    pub order_ref: String,
    pub payment_method_type: String,
    pub status: PaymentStatus,
    pub amount: Amount,
    #[serde(default)]
    pub continuation: Continuation,
    /// When the payment closes if unpaid, epoch milliseconds.
    #[serde(default)]
    pub expires_at_ms: Option<i64>,
    /// A people-readable reason for FAIL or CANCELLED.
    #[serde(default)]
    pub result_message: Option<String>,
}

/// Every error answer: `{"error": {...}}` with a 4xx/5xx status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiError {
    /// Stable, machine-readable, SCREAMING_SNAKE_CASE.
    pub code: String,
    /// For people; the widget shows its own localized text for known codes.
    pub message: String,
    /// Whether the same request may succeed if tried again.
    pub retryable: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiErrorBody {
    pub error: ApiError,
}

/// Stable error codes of the merchant API.
pub mod codes {
    pub const ORDER_NOT_FOUND: &str = "ORDER_NOT_FOUND";
    pub const PAYMENT_NOT_FOUND: &str = "PAYMENT_NOT_FOUND";
    pub const ORDER_ALREADY_PAID: &str = "ORDER_ALREADY_PAID";
    pub const ORDER_EXPIRED: &str = "ORDER_EXPIRED";
    pub const INVALID_REQUEST: &str = "INVALID_REQUEST";
    pub const METHOD_UNAVAILABLE: &str = "METHOD_UNAVAILABLE";
    pub const PAYMENT_REFUSED: &str = "PAYMENT_REFUSED";
    pub const PROVIDER_UNAVAILABLE: &str = "PROVIDER_UNAVAILABLE";
    pub const INTERNAL: &str = "INTERNAL";
    /// No such endpoint under the API.
    pub const NOT_FOUND: &str = "NOT_FOUND";
    pub const METHOD_NOT_ALLOWED: &str = "METHOD_NOT_ALLOWED";
    pub const PAYLOAD_TOO_LARGE: &str = "PAYLOAD_TOO_LARGE";
    pub const URI_TOO_LONG: &str = "URI_TOO_LONG";
    /// A POST whose body is not declared `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "UNSUPPORTED_MEDIA_TYPE";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_order_status_is_tolerated() {
        let s: OrderStatus = serde_json::from_str("\"REFUNDED_PARTIALLY\"").unwrap();
        assert_eq!(s, OrderStatus::Unknown);
    }

    #[test]
    fn payment_view_parses_with_extra_fields() {
        let raw = r#"{"paymentRef":"pay_1","orderRef":"o1","paymentMethodType":"GCASH",
            "status":"PROCESSING","amount":{"currency":"USD","value":"100"},"extra":true,
            "continuation":{"normalUrl":"https://x"}}"#;
        let v: PaymentView = serde_json::from_str(raw).unwrap();
        assert_eq!(v.status, PaymentStatus::Processing);
        assert_eq!(v.continuation.normal_url.as_deref(), Some("https://x"));
    }
}
