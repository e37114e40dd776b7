//! The notifyPayment receiver: verify, parse, store, apply, and answer exactly `NOTIFY_ACK`.
//! Notifications may repeat and come out of order; the payment state machine makes applying
//! them idempotent and keeps final statuses final.

use ams::{NotifyPaymentRequest, NotifyType, PaymentStatus, ResultStatus, NOTIFY_ACK};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

use super::payments::{self, Applied, Observed};
use super::status::AttemptStatus;
use super::MerchantState;
use crate::db::{now_ms, Pool};

fn ack() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], NOTIFY_ACK).into_response()
}

/// A refusal: anything but the ACK makes AMS send the notification again later.
fn nack(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({"result": {"resultCode": code, "resultStatus": "F", "resultMessage": message}});
    (status, axum::Json(body)).into_response()
}

struct Record<'a> {
    parsed: Option<&'a NotifyPaymentRequest>,
    verified: bool,
    outcome: &'a str,
    body: &'a [u8],
}

async fn store(pool: &Pool, r: Record<'_>) -> Result<(), sqlx::Error> {
    let body = String::from_utf8_lossy(r.body);
    sqlx::query(
        "INSERT INTO notifications (id, received_at_ms, payment_request_id, ams_payment_id, notify_type, \
         result_status, verified, outcome, body) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(format!("ntf_{}", uuid::Uuid::new_v4().simple()))
    .bind(now_ms())
    .bind(r.parsed.map(|n| n.payment_request_id.clone()))
    .bind(r.parsed.map(|n| n.payment_id.clone()))
    .bind(r.parsed.map(|n| n.notify_type.as_str().to_owned()))
    .bind(r.parsed.map(|n| n.result.result_status.as_str().to_owned()))
    .bind(r.verified)
    .bind(r.outcome)
    // Bounded so a hostile sender cannot fill the disk through one row.
    .bind(body.chars().take(if r.verified { 16 * 1024 } else { UNVERIFIED_BODY_CHARS }).collect::<String>())
    .execute(pool)
    .await?;
    if !r.verified {
        trim_unverified(pool).await?;
    }
    Ok(())
}

/// How much of an unsigned notification's body is kept, and how many of them.
pub const UNVERIFIED_BODY_CHARS: usize = 1024;
pub const UNVERIFIED_KEPT: i64 = 1000;

/// Keeps only the newest unsigned notifications: anyone can send them, so their number must
/// not grow without limit.
async fn trim_unverified(pool: &Pool) -> Result<(), sqlx::Error> {
    sqlx::query(
        "DELETE FROM notifications WHERE verified = $1 AND received_at_ms < (SELECT received_at_ms \
         FROM notifications WHERE verified = $1 ORDER BY received_at_ms DESC LIMIT 1 OFFSET $2)",
    )
    .bind(false)
    .bind(UNVERIFIED_KEPT - 1)
    .execute(pool)
    .await?;
    Ok(())
}

/// What a notification says the payment's status is, if it says anything.
pub fn observed(n: &NotifyPaymentRequest) -> Option<Observed> {
    let status = match (&n.notify_type, &n.result.result_status) {
        (NotifyType::PaymentPending, _) => PaymentStatus::Pending,
        (NotifyType::PaymentResult, ResultStatus::Success) => PaymentStatus::Success,
        (NotifyType::PaymentResult, ResultStatus::Failed) => PaymentStatus::Fail,
        _ => return None,
    };
    Some(Observed {
        status: AttemptStatus::from_ams(&status),
        ams_payment_id: Some(n.payment_id.clone()),
        result_code: Some(n.result.result_code.clone()),
        result_message: Some(n.result.result_message.clone()),
        payment_time: n.payment_time.clone(),
    })
}

pub async fn receive(State(state): State<MerchantState>, headers: HeaderMap, body: Bytes) -> Response {
    match handle(&state, &headers, &body).await {
        Ok(resp) => resp,
        Err(e) => {
            tracing::error!("storing a notification failed: {e}");
            nack(StatusCode::INTERNAL_SERVER_ERROR, "UNKNOWN_EXCEPTION", "try again later")
        }
    }
}

/// The path AMS signs a notification over: that of the `paymentNotifyUrl` we send, which may
/// differ from the path the request arrives at (a proxy in front may strip a prefix).
pub fn signed_path(notify_url: &str) -> String {
    match reqwest::Url::parse(notify_url) {
        Ok(url) => url.path().to_owned(),
        Err(_) => "/alipay/notify".to_owned(),
    }
}

async fn handle(state: &MerchantState, headers: &HeaderMap, body: &[u8]) -> Result<Response, sqlx::Error> {
    let h = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let ours = state.ams.client_id();
    // Only notifications for this merchant: AMS signs each with the merchant's Client-Id in
    // the signed content, so one meant for another merchant must not pass as ours.
    let client_id = h("client-id").unwrap_or(ours);
    if client_id != ours {
        tracing::warn!(client_id, "notification for another Client-Id rejected");
        store(&state.pool, Record { parsed: None, verified: false, outcome: "WRONG_CLIENT_ID", body }).await?;
        return Ok(nack(StatusCode::UNAUTHORIZED, "INVALID_CLIENT", "the notification is not for this merchant"));
    }
    let verified = state.ams.keys().verify(
        "POST",
        &signed_path(&state.notify_url()),
        ours,
        h("request-time").unwrap_or(""),
        body,
        h("signature"),
    );
    if let Err(why) = verified {
        tracing::warn!("notification rejected: {why}");
        store(&state.pool, Record { parsed: None, verified: false, outcome: "BAD_SIGNATURE", body }).await?;
        return Ok(nack(StatusCode::UNAUTHORIZED, "INVALID_SIGNATURE", "signature check failed"));
    }
    let verified = true;

    let parsed: NotifyPaymentRequest = match serde_json::from_slice(body) {
        Ok(n) => n,
        Err(e) => {
            tracing::warn!("malformed notification: {e}");
            store(&state.pool, Record { parsed: None, verified, outcome: "MALFORMED", body }).await?;
            return Ok(nack(StatusCode::BAD_REQUEST, "PARAM_ILLEGAL", "malformed notification"));
        }
    };
    let record = |outcome| Record { parsed: Some(&parsed), verified, outcome, body };

    let Some(payment) = payments::load_by_request_id(&state.pool, &parsed.payment_request_id).await? else {
        tracing::warn!(request_id = %parsed.payment_request_id, "notification for an unknown payment");
        store(&state.pool, record("UNKNOWN_PAYMENT")).await?;
        return Ok(ack());
    };
    if parsed.payment_amount != payment.amount() {
        tracing::error!(payment = %payment.payment_ref, "notification amount differs from the payment's; not applied");
        store(&state.pool, record("AMOUNT_MISMATCH")).await?;
        return Ok(ack());
    }
    let outcome = match observed(&parsed) {
        None => "NO_STATUS",
        Some(seen) => match payments::apply(state, &payment, &seen).await? {
            Applied::Changed => "APPLIED",
            Applied::ChangedDuplicate => "APPLIED_DUPLICATE",
            Applied::Unchanged => "UNCHANGED",
            Applied::Ignored => "IGNORED",
        },
    };
    store(&state.pool, record(outcome)).await?;
    Ok(ack())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signed_path_is_the_notify_url_s() {
        assert_eq!(signed_path("https://shop.example/alipay/notify"), "/alipay/notify");
        assert_eq!(signed_path("https://shop.example/pay/alipay/notify"), "/pay/alipay/notify");
        assert_eq!(signed_path("http://127.0.0.1:8080/alipay/notify"), "/alipay/notify");
        assert_eq!(signed_path("not a url"), "/alipay/notify");
    }
}
