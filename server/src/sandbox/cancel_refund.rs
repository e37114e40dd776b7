//! cancel and refund.
//!
//! cancel: a payment still in process is closed as CANCELLED; a paid one is cancelled (its
//! money returned) within 24 hours of its creation; a failed one cannot be cancelled. Asking
//! again for a cancelled payment answers the same.
//! refund: part or all of a paid payment, idempotent on refundRequestId, never more in total
//! than was paid.

use ams::{AmsResult, CancelRequest, CancelResponse, RefundRequest, RefundResponse};
use serde_json::Value;
use sqlx::Row;

use super::store::{self, SandboxPayment};
use super::{failure, AmsAnswer, SandboxState};
use crate::db::{iso_time, now_ms, Pool};

const CANCEL_WINDOW_MS: i64 = 24 * 3600 * 1000;

pub async fn cancel(state: &SandboxState, client_id: &str, body: &[u8]) -> AmsAnswer {
    let req: CancelRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return failure("PARAM_ILLEGAL", format!("invalid cancel request: {e}")),
    };
    match cancel_inner(&state.pool, client_id, &req).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!("sandbox cancel: {e}");
            failure("UNKNOWN_EXCEPTION", "the sandbox had an internal error; try again")
        }
    }
}

async fn find(
    pool: &Pool,
    client_id: &str,
    payment_id: Option<&str>,
    request_id: Option<&str>,
) -> Result<Option<SandboxPayment>, sqlx::Error> {
    Ok(match (payment_id, request_id) {
        (Some(id), _) => store::by_payment_id(pool, id).await?.filter(|p| p.client_id == client_id),
        (None, Some(rid)) => store::by_request_id(pool, client_id, rid).await?,
        (None, None) => None,
    })
}

async fn cancel_inner(pool: &Pool, client_id: &str, req: &CancelRequest) -> Result<AmsAnswer, sqlx::Error> {
    if req.payment_id.is_none() && req.payment_request_id.is_none() {
        return Ok(failure("PARAM_ILLEGAL", "paymentId or paymentRequestId is required"));
    }
    let Some(p) = find(pool, client_id, req.payment_id.as_deref(), req.payment_request_id.as_deref()).await? else {
        return Ok(failure("ORDER_NOT_EXIST", "no payment with this id"));
    };
    let now = now_ms();
    let answer = |cancel_time: String| {
        serde_json::to_value(CancelResponse {
            result: AmsResult::success(),
            payment_request_id: Some(p.payment_request_id.clone()),
            payment_id: Some(p.payment_id.clone()),
            cancel_time: Some(cancel_time),
        })
        .unwrap_or_default()
    };
    match p.status.as_str() {
        "CANCELLED" => {
            let row = sqlx::query("SELECT cancel_time FROM sandbox_payments WHERE payment_id = $1")
                .bind(&p.payment_id)
                .fetch_one(pool)
                .await?;
            let t: Option<String> = row.get("cancel_time");
            return Ok(answer(t.unwrap_or_else(|| iso_time(now))));
        }
        "FAIL" => return Ok(failure("ORDER_STATUS_INVALID", "a failed payment cannot be cancelled")),
        "SUCCESS" if now - p.created_at_ms > CANCEL_WINDOW_MS => {
            return Ok(failure("CANCEL_WINDOW_EXCEED", "a paid payment can be cancelled only within 24 hours"));
        }
        _ => {}
    }
    let cancel_time = iso_time(now);
    let changed = sqlx::query(
        "UPDATE sandbox_payments SET status = 'CANCELLED', result_code = 'ORDER_IS_CANCELLED', \
         result_message = 'the merchant cancelled the payment', cancel_time = $1, updated_at_ms = $2 \
         WHERE payment_id = $3 AND status = $4",
    )
    .bind(&cancel_time)
    .bind(now)
    .bind(&p.payment_id)
    .bind(&p.status)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        // It moved on meanwhile (paid or closed): let the caller ask again.
        return Ok(failure("UNKNOWN_EXCEPTION", "the payment changed while cancelling; try again"));
    }
    // Notifications still owed for it are moot now.
    sqlx::query("UPDATE sandbox_notifications SET state = 'GAVE_UP', last_error = 'payment cancelled' WHERE payment_id = $1 AND state = 'PENDING'")
        .bind(&p.payment_id)
        .execute(pool)
        .await?;
    tracing::info!(payment_id = %p.payment_id, "sandbox payment cancelled");
    Ok(answer(cancel_time))
}

pub async fn refund(state: &SandboxState, client_id: &str, body: &[u8]) -> AmsAnswer {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => return failure("PARAM_ILLEGAL", "the request body must be a JSON object"),
        Err(e) => return failure("PARAM_ILLEGAL", format!("the request body is not valid JSON: {e}")),
    };
    match refund_inner(&state.pool, client_id, value).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!("sandbox refund: {e}");
            failure("UNKNOWN_EXCEPTION", "the sandbox had an internal error; try again")
        }
    }
}

async fn refund_inner(pool: &Pool, client_id: &str, value: Value) -> Result<AmsAnswer, sqlx::Error> {
    if let Some(rid) = value.get("refundRequestId").and_then(Value::as_str) {
        let existing = sqlx::query(
            "SELECT request_json, response_json FROM sandbox_refunds WHERE client_id = $1 AND refund_request_id = $2",
        )
        .bind(client_id)
        .bind(rid)
        .fetch_optional(pool)
        .await?;
        if let Some(row) = existing {
            let stored: String = row.get("request_json");
            if serde_json::from_str::<Value>(&stored).is_ok_and(|s| s == value) {
                let response: String = row.get("response_json");
                return Ok(serde_json::from_str(&response).unwrap_or_default());
            }
            return Ok(failure(
                "REPEAT_REQ_INCONSISTENT",
                "a refund with this refundRequestId was already made with different content",
            ));
        }
    }
    let req: RefundRequest = match serde_json::from_value(value.clone()) {
        Ok(r) => r,
        Err(e) => return Ok(failure("PARAM_ILLEGAL", format!("invalid refund request: {e}"))),
    };
    if req.refund_request_id.is_empty() || req.refund_request_id.len() > 64 {
        return Ok(failure("PARAM_ILLEGAL", "refundRequestId must be 1 to 64 characters"));
    }
    let minor = match req.refund_amount.minor_units() {
        Ok(0) => return Ok(failure("PARAM_ILLEGAL", "refundAmount.value must be greater than 0")),
        Ok(v) => v as i64,
        Err(e) => return Ok(failure("PARAM_ILLEGAL", format!("refundAmount: {e}"))),
    };
    let Some(p) = find(pool, client_id, Some(&req.payment_id), None).await? else {
        return Ok(failure("ORDER_NOT_EXIST", "no payment with this paymentId"));
    };
    if p.status != "SUCCESS" {
        return Ok(failure(
            "ORDER_STATUS_INVALID",
            format!("only a paid payment can be refunded; this one is {}", p.status),
        ));
    }
    if req.refund_amount.currency != p.currency {
        return Ok(failure("CURRENCY_NOT_SUPPORT", "refundAmount must be in the payment's currency"));
    }
    let now = now_ms();
    let refund_id = format!("sbr_{}", uuid::Uuid::new_v4().simple());
    let response = RefundResponse {
        result: AmsResult::success(),
        refund_request_id: Some(req.refund_request_id.clone()),
        refund_id: Some(refund_id.clone()),
        payment_id: Some(p.payment_id.clone()),
        refund_amount: Some(req.refund_amount.clone()),
        refund_time: Some(iso_time(now)),
    };
    let response_value = serde_json::to_value(&response).unwrap_or_default();
    // One statement checks the total and inserts, so concurrent refunds cannot overshoot.
    let inserted = sqlx::query(
        "INSERT INTO sandbox_refunds (refund_id, client_id, refund_request_id, payment_id, request_json, \
         response_json, currency, amount_minor, created_at_ms) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 \
         WHERE (SELECT COALESCE(SUM(amount_minor), 0) FROM sandbox_refunds WHERE payment_id = $4) + $8 <= $10 \
         ON CONFLICT (client_id, refund_request_id) DO NOTHING",
    )
    .bind(&refund_id)
    .bind(client_id)
    .bind(&req.refund_request_id)
    .bind(&p.payment_id)
    .bind(value.to_string())
    .bind(response_value.to_string())
    .bind(&p.currency)
    .bind(minor)
    .bind(now)
    .bind(p.amount_minor)
    .execute(pool)
    .await?
    .rows_affected()
        == 1;
    if !inserted {
        let same_id = sqlx::query("SELECT 1 AS x FROM sandbox_refunds WHERE client_id = $1 AND refund_request_id = $2")
            .bind(client_id)
            .bind(&req.refund_request_id)
            .fetch_optional(pool)
            .await?
            .is_some();
        if same_id {
            return Ok(failure("UNKNOWN_EXCEPTION", "a concurrent refund with this id was made; ask again"));
        }
        return Ok(failure("REFUND_AMOUNT_EXCEED", "the refunds would exceed the amount paid"));
    }
    tracing::info!(payment_id = %p.payment_id, refund_id, "sandbox refund");
    Ok(response_value)
}
