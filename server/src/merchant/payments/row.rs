//! One payment attempt as stored, and what the widget is shown of it.

use ams::{Amount, PaymentStatus};
use checkout_core::merchant_api::{Continuation, PaymentView};

use crate::merchant::status::AttemptStatus;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PaymentRow {
    pub payment_ref: String,
    pub order_ref: String,
    pub payment_request_id: String,
    pub payment_method_type: String,
    pub currency: String,
    pub amount_minor: i64,
    #[sqlx(try_from = "String")]
    pub status: AttemptStatus,
    pub ams_payment_id: Option<String>,
    pub continuation_json: String,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub expires_at_ms: Option<i64>,
    pub created_at_ms: i64,
}

pub const COLUMNS: &str = "payment_ref, order_ref, payment_request_id, payment_method_type, currency, \
    amount_minor, status, ams_payment_id, continuation_json, result_code, result_message, \
    expires_at_ms, created_at_ms";

impl PaymentRow {
    /// A new attempt, PROCESSING, as `start` stores it before calling AMS.
    pub fn new_attempt(order: &crate::merchant::orders::OrderRow, method: &str, now: i64, expires_at_ms: i64) -> Self {
        let payment_ref = format!("pay_{}", uuid::Uuid::new_v4().simple());
        Self {
            payment_request_id: payment_ref.clone(),
            payment_ref,
            order_ref: order.order_ref.clone(),
            payment_method_type: method.to_owned(),
            currency: order.currency.clone(),
            amount_minor: order.amount_minor,
            status: AttemptStatus::Processing,
            ams_payment_id: None,
            continuation_json: "{}".to_owned(),
            result_code: None,
            result_message: None,
            expires_at_ms: Some(expires_at_ms),
            created_at_ms: now,
        }
    }

    /// The status as the AMS enum (the widget's vocabulary).
    pub fn status(&self) -> PaymentStatus {
        self.status.to_ams()
    }

    /// No longer payable: SUCCESS, FAIL or CANCELLED.
    pub fn is_final(&self) -> bool {
        !self.status.is_open()
    }

    pub fn amount(&self) -> Amount {
        Amount::from_minor(&self.currency, self.amount_minor.max(0) as u64)
    }

    pub fn view(&self) -> PaymentView {
        let status = self.status();
        // Once final, there is nothing left to continue.
        let continuation = if status.is_final() {
            Continuation::default()
        } else {
            serde_json::from_str(&self.continuation_json).unwrap_or_default()
        };
        let explain = matches!(status, PaymentStatus::Fail | PaymentStatus::Cancelled);
        PaymentView {
            payment_ref: self.payment_ref.clone(),
            order_ref: self.order_ref.clone(),
            payment_method_type: self.payment_method_type.clone(),
            status,
            amount: self.amount(),
            continuation,
            expires_at_ms: self.expires_at_ms,
            // Only a failure needs explaining.
            result_message: explain.then(|| self.result_message.clone()).flatten(),
        }
    }
}

#[cfg(test)]
/// A PROCESSING GCASH payment of 12.50 USD, as `start` would store it.
pub fn processing_row(order_ref: &str, payment_ref: &str, created_at_ms: i64) -> PaymentRow {
    PaymentRow {
        payment_ref: payment_ref.to_owned(),
        order_ref: order_ref.to_owned(),
        payment_request_id: payment_ref.to_owned(),
        payment_method_type: "GCASH".into(),
        currency: "USD".into(),
        amount_minor: 1250,
        status: AttemptStatus::Processing,
        ams_payment_id: None,
        continuation_json: "{}".into(),
        result_code: None,
        result_message: None,
        expires_at_ms: None,
        created_at_ms,
    }
}
