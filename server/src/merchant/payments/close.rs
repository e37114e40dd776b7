//! Flow: before a new attempt starts, close the order's older open attempts at AMS and learn
//! their real outcome, synchronously, so at most one attempt can take money at a time.
//! Runs while the caller holds the order's start lease.

use ams::{CancelRequest, PaymentStatus};
use axum::http::StatusCode;

use super::observed::observed_from_cancel;
use super::refresh::{apply, refresh_claimed};
use super::row::PaymentRow;
use super::store;
use crate::ams_client::deadlines;
use crate::merchant::errors::ApiFailure;
use crate::merchant::lease::{claimant, ATTEMPT_CALLS};
use crate::merchant::status::AttemptStatus;
use crate::merchant::MerchantState;

/// A 409 for a start while an earlier attempt is being paid or started: try again later.
pub const PAYMENT_IN_PROGRESS: &str = "PAYMENT_IN_PROGRESS";

pub fn in_progress(message: &str) -> ApiFailure {
    ApiFailure::new(StatusCode::CONFLICT, PAYMENT_IN_PROGRESS, message, true)
}

fn unknown() -> ApiFailure {
    ApiFailure::provider_unavailable("the status of an earlier payment attempt is unknown; please try again")
}

/// How long to wait for another call about an old attempt (e.g. a page's inquiry) to end.
const WAIT_FOR_CALLS_MS: i64 = 12_000;
const CALL_LEASE_MS: i64 = 45_000;

/// Closes every open attempt of the order. `Ok(Ok(()))` when none can take money any more.
pub async fn close_open(
    state: &MerchantState,
    order_ref: &str,
    me: &str,
) -> Result<Result<(), ApiFailure>, sqlx::Error> {
    for old in store::open_for_order(&state.pool, order_ref).await? {
        let claimed =
            ATTEMPT_CALLS.claim_waiting(&state.pool, &old.payment_ref, me, CALL_LEASE_MS, WAIT_FOR_CALLS_MS).await?;
        if !claimed {
            return Ok(Err(unknown()));
        }
        let outcome = close_one(state, old.clone(), me).await;
        ATTEMPT_CALLS.release(&state.pool, &old.payment_ref, me).await?;
        if let Err(refusal) = outcome? {
            return Ok(Err(refusal));
        }
    }
    Ok(Ok(()))
}

/// Ask first (a paid attempt is not reversed needlessly), cancel if it is still unpaid, and
/// if the cancel proves nothing, ask again.
async fn close_one(state: &MerchantState, old: PaymentRow, me: &str) -> Result<Result<(), ApiFailure>, sqlx::Error> {
    let Some(now) = refresh_claimed(state, old.clone(), deadlines::INQUIRY, me).await? else {
        return Ok(Err(unknown()));
    };
    match now.status {
        AttemptStatus::Processing => {}
        AttemptStatus::Pending => {
            return Ok(Err(in_progress("an earlier payment is waiting for the provider's confirmation")));
        }
        AttemptStatus::Success => return Ok(Err(ApiFailure::already_paid())),
        _ => return Ok(Ok(())),
    }
    let req = CancelRequest { payment_request_id: Some(now.payment_request_id.clone()), payment_id: None };
    let answer = state.ams.cancel(&req, deadlines::CANCEL).await;
    if let Some(seen) = answer.as_ref().ok().and_then(observed_from_cancel) {
        // S: AMS keeps no money for it, even if a SUCCESS was seen meanwhile (it reversed it).
        apply(state, &now, &seen).await?;
        return Ok(Ok(()));
    }
    match &answer {
        Ok(r) => {
            tracing::warn!(payment = %now.payment_ref, code = %r.result.result_code, "cancel refused; inquiring")
        }
        Err(e) => {
            tracing::warn!(payment = %now.payment_ref, "cancel outcome unknown ({e}); inquiring")
        }
    }
    let Some(after) = refresh_claimed(state, now, deadlines::INQUIRY, me).await? else {
        return Ok(Err(unknown()));
    };
    Ok(match after.status() {
        PaymentStatus::Success => Err(ApiFailure::already_paid()),
        PaymentStatus::Fail | PaymentStatus::Cancelled => Ok(()),
        PaymentStatus::Pending => Err(in_progress("an earlier payment is waiting for the provider's confirmation")),
        _ => Err(unknown()),
    })
}

/// Cancels one attempt at AMS (e.g. an operator closing a payment) and records what AMS says;
/// `None` when that stays unknown (or another call about it did not end in time).
pub async fn cancel_attempt(state: &MerchantState, payment: PaymentRow) -> Result<Option<PaymentRow>, sqlx::Error> {
    let me = claimant();
    let r = &payment.payment_ref;
    if !ATTEMPT_CALLS.claim_waiting(&state.pool, r, &me, CALL_LEASE_MS, WAIT_FOR_CALLS_MS).await? {
        return Ok(None);
    }
    let result = cancel_claimed(state, payment.clone(), &me).await;
    ATTEMPT_CALLS.release(&state.pool, r, &me).await?;
    result
}

/// The cancel call while `me` holds the attempt's lease: `S` proves CANCELLED (AMS keeps no
/// money for it, even if a SUCCESS was seen meanwhile: it reversed it); anything else proves
/// nothing, so AMS is asked.
async fn cancel_claimed(
    state: &MerchantState,
    payment: PaymentRow,
    me: &str,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    let req = CancelRequest { payment_request_id: Some(payment.payment_request_id.clone()), payment_id: None };
    let answer = state.ams.cancel(&req, deadlines::CANCEL).await;
    if let Some(seen) = answer.as_ref().ok().and_then(observed_from_cancel) {
        apply(state, &payment, &seen).await?;
        return store::load(&state.pool, &payment.payment_ref).await;
    }
    match &answer {
        Ok(r) => {
            tracing::warn!(payment = %payment.payment_ref, code = %r.result.result_code, "cancel refused; inquiring")
        }
        Err(e) => tracing::warn!(payment = %payment.payment_ref, "cancel outcome unknown ({e}); inquiring"),
    }
    refresh_claimed(state, payment, deadlines::INQUIRY, me).await
}
