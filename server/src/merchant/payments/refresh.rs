//! Flow: ask AMS what became of an attempt (inquiryPayment) and apply it. Every AMS call about
//! an attempt is made under its lease, so no two run at once for one attempt (the pay call
//! holds it too, which is why `ORDER_NOT_EXIST` can be believed).

use std::time::Duration;

use ams::InquiryPaymentRequest;

use super::observed::{observed_from_inquiry, Observed};
use super::row::PaymentRow;
use super::store;
use super::transition::{apply_status, Applied};
use crate::merchant::lease::{claimant, ATTEMPT_CALLS};
use crate::merchant::{refunds, MerchantState};

/// [`apply_status`], then what follows from it: a recorded refund is sent at once (in the
/// background; the row is already stored, so a crash here loses nothing).
pub async fn apply(state: &MerchantState, payment: &PaymentRow, seen: &Observed) -> Result<Applied, sqlx::Error> {
    let applied = apply_status(&state.pool, payment, seen).await?;
    if applied == Applied::ChangedDuplicate {
        let state = state.clone();
        tokio::spawn(async move { refunds::send_pending(&state).await });
    }
    Ok(applied)
}

/// The lease an inquiry holds: its deadline and a margin.
fn lease_ms(deadline: Duration) -> i64 {
    deadline.as_millis() as i64 + 5_000
}

/// Asks AMS for the payment's status and applies it. Returns the row as stored afterwards; a
/// failed inquiry, or one another caller is making right now, leaves the stored state.
pub async fn refresh(
    state: &MerchantState,
    payment: PaymentRow,
    deadline: Duration,
) -> Result<PaymentRow, sqlx::Error> {
    let fallback = payment.clone();
    Ok(refresh_known(state, payment, deadline).await?.unwrap_or(fallback))
}

/// Like [`refresh`], but `None` when the status is not known now (AMS gave no answer, or
/// another call about this attempt is in flight).
pub async fn refresh_known(
    state: &MerchantState,
    payment: PaymentRow,
    deadline: Duration,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    if payment.is_final() {
        return Ok(Some(payment));
    }
    let me = claimant();
    if !ATTEMPT_CALLS.claim(&state.pool, &payment.payment_ref, &me, lease_ms(deadline)).await? {
        return Ok(None);
    }
    let result = refresh_claimed(state, payment.clone(), deadline, &me).await;
    ATTEMPT_CALLS.release(&state.pool, &payment.payment_ref, &me).await?;
    result
}

/// Inquires while `me` holds the attempt's lease (any status, SUCCESS included: used after a
/// crash mid-cancel, when AMS may have reversed a payment we saw paid).
pub async fn refresh_claimed(
    state: &MerchantState,
    payment: PaymentRow,
    deadline: Duration,
    me: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    // Re-entrant for `me`; extends the lease to cover this call.
    if !ATTEMPT_CALLS.claim(&state.pool, &payment.payment_ref, me, lease_ms(deadline)).await? {
        return Ok(None);
    }
    match inquire(state, &payment.payment_request_id, deadline).await {
        Some(seen) => {
            apply(state, &payment, &seen).await?;
            Ok(Some(store::load(&state.pool, &payment.payment_ref).await?.unwrap_or(payment)))
        }
        None => Ok(None),
    }
}

/// What inquiryPayment says about a request id, `None` when it says nothing definite.
pub async fn inquire(state: &MerchantState, request_id: &str, deadline: Duration) -> Option<Observed> {
    let req = InquiryPaymentRequest { payment_request_id: Some(request_id.to_owned()), payment_id: None };
    match state.ams.inquiry(&req, deadline).await {
        Ok(resp) => {
            let code = resp.result.result_code.clone();
            let seen = observed_from_inquiry(resp);
            if seen.is_none() {
                tracing::warn!(request_id, %code, "inquiry gave no status");
            }
            seen
        }
        Err(e) => {
            tracing::warn!(request_id, "inquiry failed: {e}");
            None
        }
    }
}
