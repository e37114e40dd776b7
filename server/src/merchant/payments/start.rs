//! Flow: start a new payment attempt. Starts are serialized per order by a lease on the order
//! row, across servers: the holder closes the older attempts at AMS, stores the new attempt
//! and calls pay; a concurrent start waits for it and gets the same attempt back (same method,
//! still payable) or a 409 `PAYMENT_IN_PROGRESS` (retryable), never an attempt of its own.

use std::net::IpAddr;

use ams::{PaymentStatus, ResultStatus};
use checkout_core::merchant_api::{Continuation, PaymentView, StartPayment};

use super::close::{close_open, in_progress};
use super::expiry::payment_expiry;
use super::observed::Observed;
use super::refresh::{apply, refresh_claimed};
use super::request::{check_payable, has_outcome, pay_request, refusal, validate};
use super::row::PaymentRow;
use super::store;
use crate::ams_client::deadlines;
use crate::db::now_ms;
use crate::merchant::errors::ApiFailure;
use crate::merchant::lease::{claimant, ATTEMPT_CALLS, ORDER_START};
use crate::merchant::orders::{self, OrderRow};
use crate::merchant::MerchantState;

/// Longer than the longest start: inquiry, cancel, inquiry, two pays and an inquiry.
const START_LEASE_MS: i64 = 120_000;
/// The new attempt's own lease covers its pay calls and the inquiry after them.
const PAY_LEASE_MS: i64 = 60_000;
/// How long a concurrent start waits for the running one.
const JOIN_WAIT_MS: i64 = 30_000;

/// Starts a new payment attempt for the order: a new paymentRequestId, AMS pay with a
/// deadline, and an unknown outcome resolved by asking AMS, never guessed.
pub async fn start(
    state: &MerchantState,
    order: &OrderRow,
    body: StartPayment,
    ip: IpAddr,
    user_agent: Option<String>,
) -> Result<PaymentView, ApiFailure> {
    validate(&body)?;
    check_payable(order)?;
    let meta =
        crate::merchant::metadata::checked(state, order, &body.payment_method_type, &body.payment_method_meta_data)
            .await?;
    let body = StartPayment { payment_method_meta_data: meta, ..body };
    let me = claimant();
    if !ORDER_START.claim(&state.pool, &order.order_ref, &me, START_LEASE_MS).await? {
        return join(state, &order.order_ref, &body).await;
    }
    let result = start_claimed(state, &order.order_ref, body, ip, user_agent, &me).await;
    ORDER_START.release(&state.pool, &order.order_ref, &me).await?;
    result
}

/// A start while another runs: wait for it, then hand out its attempt if it fits.
async fn join(state: &MerchantState, order_ref: &str, body: &StartPayment) -> Result<PaymentView, ApiFailure> {
    let give_up = now_ms() + JOIN_WAIT_MS;
    while orders::start_lease_held(&state.pool, order_ref).await? && now_ms() < give_up {
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
    let order = orders::load(&state.pool, order_ref).await?.ok_or_else(ApiFailure::order_not_found)?;
    check_payable(&order)?;
    match store::latest_for_order(&state.pool, order_ref).await? {
        Some(p)
            if p.status.is_open()
                && p.payment_method_type == body.payment_method_type
                && p.continuation_json != "{}" =>
        {
            Ok(p.view())
        }
        _ => Err(in_progress("another payment attempt for this order was being started; please try again")),
    }
}

async fn start_claimed(
    state: &MerchantState,
    order_ref: &str,
    body: StartPayment,
    ip: IpAddr,
    user_agent: Option<String>,
    me: &str,
) -> Result<PaymentView, ApiFailure> {
    // Under the lease, the order as it is now.
    let order = orders::load(&state.pool, order_ref).await?.ok_or_else(ApiFailure::order_not_found)?;
    check_payable(&order)?;
    close_open(state, order_ref, me).await??;
    let order = orders::load(&state.pool, order_ref).await?.ok_or_else(ApiFailure::order_not_found)?;
    check_payable(&order)?;

    let now = now_ms();
    let (payment_expiry_time, expires_at_ms) =
        payment_expiry(&body.payment_method_type, now, state.payment_expiry_secs);
    let row = PaymentRow::new_attempt(&order, &body.payment_method_type, now, expires_at_ms);
    // Stored before AMS is called (if we crash mid-call, inquiry finds out what happened),
    // and claimed, so no inquiry is made while the pay call may still be in flight.
    if !store::insert_claimed(&state.pool, &row, me, PAY_LEASE_MS).await? {
        return Err(in_progress("this start took too long; please try again"));
    }
    let req = pay_request(state, &order, &row, &body, ip, user_agent, payment_expiry_time);
    let (result, in_flight) = pay(state, &row, &req, me).await;
    // A pay that got no answer may still reach AMS: its lease is left to run out, so nothing
    // inquires (and takes ORDER_NOT_EXIST for FAIL) before it has; the reconciler then asks.
    if !in_flight {
        ATTEMPT_CALLS.release(&state.pool, &row.payment_ref, me).await?;
    }
    result
}

/// The pay call and what its answer means for the stored attempt; `true` beside it when the
/// last pay got no answer at all (it may still be in flight).
async fn pay(
    state: &MerchantState,
    row: &PaymentRow,
    req: &ams::PayRequest,
    me: &str,
) -> (Result<PaymentView, ApiFailure>, bool) {
    match answered(state, row, req, me).await {
        Err(e) => (Err(e.into()), false),
        Ok(Answered::InFlight(why)) => (
            Err(ApiFailure::provider_unavailable(format!(
                "the payment service did not answer ({why}); please try again"
            ))),
            true,
        ),
        Ok(Answered::Done(result)) => (*result, false),
    }
}

enum Answered {
    Done(Box<Result<PaymentView, ApiFailure>>),
    /// No answer to the last pay: the outcome stays unknown until AMS can be asked safely.
    InFlight(String),
}

async fn answered(
    state: &MerchantState,
    row: &PaymentRow,
    req: &ams::PayRequest,
    me: &str,
) -> Result<Answered, sqlx::Error> {
    let payment_ref = &row.payment_ref;
    let answer = match state.ams.pay(req, deadlines::PAY).await {
        Ok(resp) if has_outcome(&resp) => Ok(resp),
        other => {
            // Unknown outcome: the same request again is idempotent at AMS and, if the payment
            // was created, gives us its continuation.
            if let Err(e) = &other {
                tracing::warn!(payment = %payment_ref, "pay outcome unknown ({e}); asking again");
            }
            state.ams.pay(req, deadlines::PAY).await
        }
    };
    match answer {
        Ok(resp) if resp.result.result_status == ResultStatus::Failed => {
            let seen = Observed {
                ams_payment_id: resp.payment_id.clone(),
                ..Observed::new(
                    PaymentStatus::Fail,
                    Some(resp.result.result_code.clone()),
                    Some(resp.result.result_message.clone()),
                )
            };
            apply(state, row, &seen).await?;
            Ok(Answered::Done(Box::new(Err(refusal(&resp)))))
        }
        Ok(resp) if has_outcome(&resp) => {
            let continuation = Continuation {
                normal_url: resp.normal_url.clone(),
                scheme_url: resp.scheme_url.clone(),
                applink_url: resp.applink_url.clone(),
                app_identifier: resp.app_identifier.clone(),
                order_code_form: resp.order_code_form.clone(),
            };
            let code_expiry =
                resp.order_code_form.as_ref().and_then(|f| f.expire_time.as_deref()).and_then(crate::db::parse_iso_ms);
            store::record_continuation(
                &state.pool,
                payment_ref,
                resp.payment_id.as_deref(),
                &continuation,
                code_expiry,
            )
            .await?;
            if resp.result.result_status == ResultStatus::Success {
                // S on pay: the payment is already complete.
                let seen = Observed {
                    ams_payment_id: resp.payment_id.clone(),
                    ..Observed::new(PaymentStatus::Success, Some(resp.result.result_code.clone()), None)
                };
                apply(state, row, &seen).await?;
            }
            let stored = store::load(&state.pool, payment_ref).await?;
            Ok(Answered::Done(Box::new(stored.map(|p| p.view()).ok_or_else(ApiFailure::payment_not_found))))
        }
        Err(e) => Ok(Answered::InFlight(e.to_string())),
        Ok(resp) => {
            let why = format!("{}: {}", resp.result.result_code, resp.result.result_message);
            tracing::warn!(payment = %payment_ref, "pay still unknown ({why}); inquiring");
            let refreshed = refresh_claimed(state, row.clone(), deadlines::INQUIRY, me).await?.unwrap_or(row.clone());
            Ok(Answered::Done(Box::new(match refreshed.status() {
                PaymentStatus::Success => Ok(refreshed.view()),
                PaymentStatus::Fail | PaymentStatus::Cancelled => Err(ApiFailure::provider_unavailable(
                    "the payment service could not start this payment; please try again",
                )),
                _ => Err(ApiFailure::provider_unavailable(format!(
                    "the payment service did not confirm the payment ({why}); please try again"
                ))),
            })))
        }
    }
}
