//! Refunds of payments that must not keep the money: an order paid twice keeps its first
//! payment and refunds the others. Requests are stored first and sent (and resent, by the
//! reconciler) until AMS gives a definite answer; the refund id makes resending idempotent.

use ams::{RefundRequest, ResultStatus};
use sqlx::Row;

use super::payments::PaymentRow;
use super::MerchantState;
use crate::ams_client::deadlines;
use crate::db::now_ms;

/// Records a full refund of `payment` (once, whatever the number of calls) and sends it.
pub async fn refund_in_full(state: &MerchantState, payment: &PaymentRow, ams_payment_id: &str, reason: &str) {
    let id = format!("rfd_{}", payment.payment_ref.trim_start_matches("pay_"));
    let now = now_ms();
    let stored = sqlx::query(
        "INSERT INTO refunds (refund_request_id, payment_ref, ams_payment_id, currency, amount_minor, reason, \
         status, attempts, created_at_ms, updated_at_ms) VALUES ($1, $2, $3, $4, $5, $6, 'REQUESTED', 0, $7, $8) \
         ON CONFLICT (refund_request_id) DO NOTHING",
    )
    .bind(&id)
    .bind(&payment.payment_ref)
    .bind(ams_payment_id)
    .bind(&payment.currency)
    .bind(payment.amount_minor)
    .bind(reason)
    .bind(now)
    .bind(now)
    .execute(&state.pool)
    .await;
    if let Err(e) = stored {
        tracing::error!(payment = %payment.payment_ref, "could not record a refund: {e}");
        return;
    }
    tracing::warn!(payment = %payment.payment_ref, "refunding: {reason}");
    send_pending(state).await;
}

/// Sends every refund still waiting for a definite answer.
pub async fn send_pending(state: &MerchantState) {
    let rows = match sqlx::query(
        "SELECT refund_request_id, ams_payment_id, currency, amount_minor, reason FROM refunds \
         WHERE status = 'REQUESTED' ORDER BY created_at_ms LIMIT 20",
    )
    .fetch_all(&state.pool)
    .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::error!("loading refunds: {e}");
            return;
        }
    };
    for row in rows {
        let id: String = row.get("refund_request_id");
        let currency: String = row.get("currency");
        let minor: i64 = row.get("amount_minor");
        let req = RefundRequest {
            refund_request_id: id.clone(),
            payment_id: row.get("ams_payment_id"),
            refund_amount: ams::Amount::from_minor(&currency, minor.max(0) as u64),
            refund_reason: Some(row.get("reason")),
            refund_notify_url: None,
        };
        let (status, refund_id, code, message) = match state.ams.refund(&req, deadlines::CANCEL).await {
            Ok(resp) => match resp.result.result_status {
                ResultStatus::Success => ("SUCCESS", resp.refund_id, resp.result.result_code, resp.result.result_message),
                ResultStatus::Failed => ("FAILED", None, resp.result.result_code, resp.result.result_message),
                _ => ("REQUESTED", None, resp.result.result_code, resp.result.result_message),
            },
            Err(e) => ("REQUESTED", None, "UNKNOWN".to_owned(), e.to_string()),
        };
        if status == "FAILED" {
            tracing::error!(refund = %id, code, "AMS refused a refund: {message}");
        }
        let updated = sqlx::query(
            "UPDATE refunds SET status = $1, refund_id = COALESCE($2, refund_id), result_code = $3, \
             result_message = $4, attempts = attempts + 1, updated_at_ms = $5 WHERE refund_request_id = $6",
        )
        .bind(status)
        .bind(refund_id)
        .bind(code)
        .bind(message)
        .bind(now_ms())
        .bind(&id)
        .execute(&state.pool)
        .await;
        if let Err(e) = updated {
            tracing::error!("updating refund {id}: {e}");
        }
    }
}
