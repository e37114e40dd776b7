//! Payment attempts: starting one with AMS pay, refreshing one with inquiryPayment, and the
//! status state machine (PROCESSING -> PENDING -> SUCCESS | FAIL | CANCELLED; a final status
//! never changes).

use std::collections::BTreeMap;
use std::net::IpAddr;
use std::time::Duration;

use ams::{
    Amount, Buyer, Env, InquiryPaymentRequest, InquiryPaymentResponse, Order, PayRequest, PayResponse, PaymentMethod,
    PaymentStatus, ResultStatus, TerminalType, PRODUCT_CODE_CASHIER,
};
use checkout_core::merchant_api::{Continuation, PaymentView, StartPayment};
use sqlx::Row;

use super::errors::ApiFailure;
use super::orders::{self, OrderRow};
use super::MerchantState;
use crate::ams_client::{deadlines, AmsError};
use crate::db::{now_ms, Pool};

const MINUTE_MS: i64 = 60_000;

/// Whether AMS treats the method as a bank transfer (a longer custom expiry is allowed).
pub fn is_bank_transfer(method_type: &str) -> bool {
    method_type.contains("BANKTRANSFER") || matches!(method_type, "PROMPTPAY" | "PAYNOW" | "PAYEASY")
}

/// The longest custom `paymentExpiryTime` to send: AMS wants it under 48 hours for bank
/// transfers and under 10 minutes otherwise (one second of margin).
pub fn custom_expiry_cap_ms(method_type: &str) -> i64 {
    if is_bank_transfer(method_type) { 48 * 60 * MINUTE_MS - 1000 } else { 10 * MINUTE_MS - 1000 }
}

/// AMS's documented default time from pay until an unpaid payment closes, by method.
pub fn default_expiry_ms(method_type: &str) -> i64 {
    let minutes = match method_type {
        "LINKAJA" => 5,
        // A bank transfer for the custom cap, but not one of the 48 h VA/ATM or Thai transfers.
        "PAYNOW" => 14,
        "VIETQR_BANKTRANSFER" => 15,
        "LINEPAY_JP" => 20,
        "BANCOMAT_PAY" => 60,
        "PAYEASY" | "KONBINI" => 7 * 24 * 60,
        m if m.starts_with("MERCADOPAGO_") => 7 * 24 * 60,
        m if is_bank_transfer(m) => 48 * 60,
        _ => 14,
    };
    minutes * MINUTE_MS
}

/// The payment's expiry: `(paymentExpiryTime to send, expiresAtMs)`. With a configured expiry,
/// now + that (at least 1 s, under the method's cap), on a whole second since the ISO time sent
/// has no milliseconds; without one, nothing is sent and AMS's default for the method applies.
pub fn payment_expiry(method_type: &str, now_ms: i64, configured_secs: Option<u64>) -> (Option<String>, i64) {
    match configured_secs {
        Some(secs) => {
            let wanted = i64::try_from(secs).unwrap_or(i64::MAX).saturating_mul(1000);
            let wanted = wanted.clamp(1000, custom_expiry_cap_ms(method_type));
            // Rounded up to the next whole second: still under the cap (it has 1 s of margin).
            let at = (now_ms + wanted + 999) / 1000 * 1000;
            (Some(crate::db::iso_time(at)), at)
        }
        None => (None, now_ms + default_expiry_ms(method_type)),
    }
}

#[derive(Debug, Clone)]
pub struct PaymentRow {
    pub payment_ref: String,
    pub order_ref: String,
    pub payment_request_id: String,
    pub payment_method_type: String,
    pub currency: String,
    pub amount_minor: i64,
    pub status: String,
    pub ams_payment_id: Option<String>,
    pub continuation_json: String,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub expires_at_ms: Option<i64>,
    pub created_at_ms: i64,
}

impl PaymentRow {
    pub fn status(&self) -> PaymentStatus {
        PaymentStatus::parse(&self.status)
    }

    pub fn is_final(&self) -> bool {
        self.status().is_final()
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

const COLUMNS: &str = "payment_ref, order_ref, payment_request_id, payment_method_type, currency, \
    amount_minor, status, ams_payment_id, continuation_json, result_code, result_message, \
    expires_at_ms, created_at_ms";

fn from_row(row: &sqlx::sqlite::SqliteRow) -> PaymentRow {
    PaymentRow {
        payment_ref: row.get("payment_ref"),
        order_ref: row.get("order_ref"),
        payment_request_id: row.get("payment_request_id"),
        payment_method_type: row.get("payment_method_type"),
        currency: row.get("currency"),
        amount_minor: row.get("amount_minor"),
        status: row.get("status"),
        ams_payment_id: row.get("ams_payment_id"),
        continuation_json: row.get("continuation_json"),
        result_code: row.get("result_code"),
        result_message: row.get("result_message"),
        expires_at_ms: row.get("expires_at_ms"),
        created_at_ms: row.get("created_at_ms"),
    }
}

/// The first payment matching `condition`, whose one parameter `$1` is `value`.
async fn load_where(pool: &Pool, condition: &str, value: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM payments WHERE {condition}"))
        .bind(value)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(from_row))
}

pub async fn load(pool: &Pool, payment_ref: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    load_where(pool, "payment_ref = $1", payment_ref).await
}

pub async fn load_by_request_id(pool: &Pool, request_id: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    load_where(pool, "payment_request_id = $1", request_id).await
}

pub async fn latest_for_order(pool: &Pool, order_ref: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    load_where(pool, "order_ref = $1 ORDER BY created_at_ms DESC, payment_ref DESC LIMIT 1", order_ref).await
}

/// Payments of an order that are still open (not final), oldest first.
pub async fn open_for_order(pool: &Pool, order_ref: &str) -> Result<Vec<PaymentRow>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM payments WHERE order_ref = $1 AND status IN ('PROCESSING', 'PENDING') \
         ORDER BY created_at_ms"
    ))
    .bind(order_ref)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(from_row).collect())
}

async fn insert(pool: &Pool, row: &PaymentRow) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO payments (payment_ref, order_ref, payment_request_id, payment_method_type, currency, \
         amount_minor, status, continuation_json, expires_at_ms, created_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&row.payment_ref)
    .bind(&row.order_ref)
    .bind(&row.payment_request_id)
    .bind(&row.payment_method_type)
    .bind(&row.currency)
    .bind(row.amount_minor)
    .bind(&row.status)
    .bind(&row.continuation_json)
    .bind(row.expires_at_ms)
    .bind(row.created_at_ms)
    .bind(row.created_at_ms)
    .execute(pool)
    .await?;
    Ok(())
}

/// Stores what a successful pay call answered: AMS's payment id and how to continue.
async fn record_continuation(
    pool: &Pool,
    payment_ref: &str,
    ams_payment_id: Option<&str>,
    continuation: &Continuation,
    expires_at_ms: Option<i64>,
) -> Result<(), sqlx::Error> {
    let json = serde_json::to_string(continuation).unwrap_or_else(|_| "{}".to_owned());
    sqlx::query(
        "UPDATE payments SET ams_payment_id = COALESCE($1, ams_payment_id), continuation_json = $2, \
         expires_at_ms = COALESCE($3, expires_at_ms), updated_at_ms = $4 WHERE payment_ref = $5",
    )
    .bind(ams_payment_id)
    .bind(json)
    .bind(expires_at_ms)
    .bind(now_ms())
    .bind(payment_ref)
    .execute(pool)
    .await?;
    Ok(())
}

/// A status reported by AMS (pay answer, inquiry or notification).
#[derive(Debug, Clone)]
pub struct Observed {
    pub status: PaymentStatus,
    pub ams_payment_id: Option<String>,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub payment_time: Option<String>,
}

/// What applying an observed status did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Changed,
    /// Changed to SUCCESS, but the order was already paid by another payment: this one
    /// must be refunded.
    ChangedDuplicate,
    /// The stored status was already final, or further along: nothing changed.
    Unchanged,
    /// A status this server does not know: ignored.
    Ignored,
}

/// The state machine. Moves a payment forward only (PROCESSING < PENDING < final), in one
/// conditional UPDATE so concurrent notifications and inquiries cannot move it back; a
/// SUCCESS also marks the order paid.
pub async fn apply_status(pool: &Pool, payment: &PaymentRow, seen: &Observed) -> Result<Applied, sqlx::Error> {
    let from: &[&str] = match seen.status {
        PaymentStatus::Success | PaymentStatus::Fail | PaymentStatus::Cancelled => &["PROCESSING", "PENDING"],
        PaymentStatus::Pending => &["PROCESSING"],
        PaymentStatus::Processing => return Ok(Applied::Unchanged),
        PaymentStatus::Unknown(_) => return Ok(Applied::Ignored),
    };
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE payments SET status = $1, ams_payment_id = COALESCE($2, ams_payment_id), \
         result_code = COALESCE($3, result_code), result_message = COALESCE($4, result_message), \
         payment_time = COALESCE($5, payment_time), updated_at_ms = $6 \
         WHERE payment_ref = $7 AND status IN ($8, $9)",
    )
    .bind(seen.status.as_str())
    .bind(&seen.ams_payment_id)
    .bind(&seen.result_code)
    .bind(&seen.result_message)
    .bind(&seen.payment_time)
    .bind(now_ms())
    .bind(&payment.payment_ref)
    .bind(from[0])
    .bind(from[from.len() - 1])
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    let mut duplicate = false;
    if changed && seen.status == PaymentStatus::Success {
        let newly_paid = orders::mark_paid(&mut *tx, &payment.order_ref, &payment.payment_ref).await?;
        if !newly_paid {
            tracing::warn!(
                order = %payment.order_ref, payment = %payment.payment_ref,
                "order was already paid by another payment: this one needs a refund"
            );
            duplicate = true;
        }
    }
    tx.commit().await?;
    if changed {
        tracing::info!(payment = %payment.payment_ref, status = %seen.status, "payment status changed");
        Ok(if duplicate { Applied::ChangedDuplicate } else { Applied::Changed })
    } else {
        Ok(Applied::Unchanged)
    }
}

/// [`apply_status`], then what follows from it: a second payment of a paid order is
/// refunded (in the background).
pub async fn apply(state: &MerchantState, payment: &PaymentRow, seen: &Observed) -> Result<Applied, sqlx::Error> {
    let applied = apply_status(&state.pool, payment, seen).await?;
    if applied == Applied::ChangedDuplicate {
        let ams_id = seen.ams_payment_id.clone().or_else(|| payment.ams_payment_id.clone());
        match ams_id {
            Some(ams_id) => {
                let state = state.clone();
                let payment = payment.clone();
                tokio::spawn(async move {
                    super::refunds::refund_in_full(&state, &payment, &ams_id, "the order was already paid").await;
                });
            }
            None => tracing::error!(payment = %payment.payment_ref, "duplicate payment without an AMS payment id"),
        }
    }
    Ok(applied)
}

/// Cancels the order's other open attempts once a new one has started, so the user cannot
/// pay the order twice through an older page. Runs in the background; AMS's answer decides.
pub fn cancel_superseded(state: &MerchantState, order_ref: &str, keep: &str) {
    let state = state.clone();
    let order_ref = order_ref.to_owned();
    let keep = keep.to_owned();
    tokio::spawn(async move {
        let open = match open_for_order(&state.pool, &order_ref).await {
            Ok(open) => open,
            Err(e) => return tracing::error!("loading open payments: {e}"),
        };
        for old in open.into_iter().filter(|p| p.payment_ref != keep) {
            let req = ams::CancelRequest { payment_request_id: Some(old.payment_request_id.clone()), payment_id: None };
            let seen = match state.ams.cancel(&req, deadlines::CANCEL).await {
                Ok(resp) if resp.result.result_status == ResultStatus::Success => Some(Observed {
                    status: PaymentStatus::Cancelled,
                    ams_payment_id: resp.payment_id,
                    result_code: Some("ORDER_IS_CANCELLED".into()),
                    result_message: Some("replaced by a newer payment attempt".into()),
                    payment_time: None,
                }),
                Ok(resp) if resp.result.result_code == "ORDER_NOT_EXIST" => Some(Observed {
                    status: PaymentStatus::Fail,
                    ams_payment_id: None,
                    result_code: Some("ORDER_NOT_EXIST".into()),
                    result_message: Some("the payment was not created at AMS".into()),
                    payment_time: None,
                }),
                _ => None,
            };
            let result = match seen {
                Some(seen) => apply(&state, &old, &seen).await.map(|_| ()),
                // Not cancelled (maybe just paid): take AMS's word for its status.
                None => refresh(&state, old, deadlines::INQUIRY).await.map(|_| ()),
            };
            if let Err(e) = result {
                tracing::error!("cancelling a superseded payment: {e}");
            }
        }
    });
}

/// Asks AMS for the payment's status and applies it. Returns the row as stored afterwards.
/// A failed inquiry leaves the stored state as it is.
pub async fn refresh(state: &MerchantState, payment: PaymentRow, deadline: Duration) -> Result<PaymentRow, sqlx::Error> {
    let fallback = payment.clone();
    Ok(refresh_known(state, payment, deadline).await?.unwrap_or(fallback))
}

/// Like [`refresh`], but `None` when AMS gave no answer (the status is unknown, not stale).
pub async fn refresh_known(
    state: &MerchantState,
    payment: PaymentRow,
    deadline: Duration,
) -> Result<Option<PaymentRow>, sqlx::Error> {
    if payment.is_final() {
        return Ok(Some(payment));
    }
    match inquire(state, &payment.payment_request_id, deadline).await {
        Some(seen) => {
            apply(state, &payment, &seen).await?;
            Ok(Some(load(&state.pool, &payment.payment_ref).await?.unwrap_or(payment)))
        }
        None => Ok(None),
    }
}

/// What inquiryPayment says about a request id: `Some` when AMS answered with a status (or
/// said the payment does not exist, which is FAIL), `None` when the outcome is still unknown.
async fn inquire(state: &MerchantState, request_id: &str, deadline: Duration) -> Option<Observed> {
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

/// The status an inquiryPayment answer reports, if it reports one.
pub fn observed_from_inquiry(resp: InquiryPaymentResponse) -> Option<Observed> {
    match resp.result.result_status {
        ResultStatus::Success => Some(Observed {
            status: resp.payment_status?,
            ams_payment_id: resp.payment_id,
            result_code: resp.payment_result_code,
            result_message: resp.payment_result_message,
            payment_time: resp.payment_time,
        }),
        ResultStatus::Failed if resp.result.result_code == "ORDER_NOT_EXIST" => Some(Observed {
            status: PaymentStatus::Fail,
            ams_payment_id: None,
            result_code: Some(resp.result.result_code),
            result_message: Some("the payment was not created at AMS".to_owned()),
            payment_time: None,
        }),
        _ => None,
    }
}

/// The client's IP: the TCP peer, or the X-Forwarded-For entry a trusted proxy added.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Walk from the right: the first address not itself a trusted proxy is the client.
    let mut ip = peer;
    if let Some(list) = forwarded_for {
        for part in list.rsplit(',') {
            match part.trim().parse::<IpAddr>() {
                Ok(hop) => {
                    ip = hop;
                    if !trusted.contains(&hop) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    }
    ip
}

fn validate(body: &StartPayment) -> Result<(), ApiFailure> {
    let t = &body.payment_method_type;
    if t.is_empty() || t.len() > 64 || !t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_') {
        return Err(ApiFailure::invalid("paymentMethodType must be an AMS method type such as ALIPAY_CN"));
    }
    if let TerminalType::Unknown(raw) = &body.terminal_type {
        return Err(ApiFailure::invalid(format!("terminalType {raw:?} is not WEB, WAP or APP")));
    }
    if matches!(body.terminal_type, TerminalType::Wap | TerminalType::App) && body.os_type.is_none() {
        return Err(ApiFailure::invalid("osType (IOS or ANDROID) is required when terminalType is WAP or APP"));
    }
    if body.payment_method_meta_data.len() > 20
        || body.payment_method_meta_data.iter().any(|(k, v)| k.len() > 64 || v.len() > 256)
    {
        return Err(ApiFailure::invalid("paymentMethodMetaData is too large"));
    }
    Ok(())
}

/// Checks that the order can take a new payment.
pub fn check_payable(order: &OrderRow) -> Result<(), ApiFailure> {
    if order.is_paid() {
        return Err(ApiFailure::already_paid());
    }
    if order.status == orders::status::CLOSED {
        return Err(ApiFailure::closed());
    }
    if now_ms() >= order.expires_at_ms {
        return Err(ApiFailure::expired());
    }
    Ok(())
}

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
    // An earlier attempt may have been paid meanwhile: ask before starting another, and do not
    // start one while that is unknown.
    let open = open_for_order(&state.pool, &order.order_ref).await?;
    if !open.is_empty() {
        for earlier in open {
            if refresh_known(state, earlier, deadlines::INQUIRY).await?.is_none() {
                return Err(ApiFailure::provider_unavailable(
                    "the status of an earlier payment attempt is unknown; please try again",
                ));
            }
        }
        let order = orders::load(&state.pool, &order.order_ref).await?.ok_or_else(ApiFailure::order_not_found)?;
        check_payable(&order)?;
    }

    let now = now_ms();
    let payment_ref = format!("pay_{}", uuid::Uuid::new_v4().simple());
    let (payment_expiry_time, expires_at_ms) =
        payment_expiry(&body.payment_method_type, now, state.payment_expiry_secs);
    let row = PaymentRow {
        payment_ref: payment_ref.clone(),
        order_ref: order.order_ref.clone(),
        payment_request_id: payment_ref.clone(),
        payment_method_type: body.payment_method_type.clone(),
        currency: order.currency.clone(),
        amount_minor: order.amount_minor,
        status: PaymentStatus::Processing.as_str().to_owned(),
        ams_payment_id: None,
        continuation_json: "{}".to_owned(),
        result_code: None,
        result_message: None,
        expires_at_ms: Some(expires_at_ms),
        created_at_ms: now,
    };
    // Stored before AMS is called: if we crash mid-call, inquiry finds out what happened.
    insert(&state.pool, &row).await?;

    let env = Env {
        terminal_type: Some(body.terminal_type.clone()),
        os_type: body.os_type.clone(),
        user_agent: user_agent.map(|ua| ua.chars().take(512).collect()),
        client_ip: Some(ip.to_string()),
    };
    let amount = order.amount();
    let req = PayRequest {
        product_code: PRODUCT_CODE_CASHIER.to_owned(),
        payment_request_id: row.payment_request_id.clone(),
        order: Order {
            reference_order_id: order.order_ref.clone(),
            order_description: order.description.clone(),
            order_amount: amount.clone(),
            buyer: Some(Buyer { reference_buyer_id: None }),
            env: Some(env.clone()),
        },
        payment_amount: amount,
        payment_method: PaymentMethod {
            payment_method_type: body.payment_method_type.clone(),
            payment_method_meta_data: body.payment_method_meta_data.clone(),
        },
        payment_expiry_time,
        payment_redirect_url: Some(format!("{}/shop/result.html?order={}", state.public_url, order.order_ref)),
        payment_notify_url: Some(state.notify_url()),
        env,
        settlement_strategy: None,
        user_region: order.user_region.clone(),
    };

    let first = state.ams.pay(&req, deadlines::PAY).await;
    let answer = match first {
        Ok(resp) if has_outcome(&resp) => Ok(resp),
        other => {
            // Unknown outcome: the same request again is idempotent at AMS and, if the payment
            // was created, gives us its continuation.
            if let Err(e) = &other {
                tracing::warn!(payment = %payment_ref, "pay outcome unknown ({e}); asking again");
            }
            state.ams.pay(&req, deadlines::PAY).await
        }
    };

    match answer {
        Ok(resp) if resp.result.result_status == ResultStatus::Failed => {
            let seen = Observed {
                status: PaymentStatus::Fail,
                ams_payment_id: resp.payment_id.clone(),
                result_code: Some(resp.result.result_code.clone()),
                result_message: Some(resp.result.result_message.clone()),
                payment_time: None,
            };
            apply(state, &row, &seen).await?;
            Err(refusal(&resp))
        }
        Ok(resp) if has_outcome(&resp) => {
            let continuation = Continuation {
                normal_url: resp.normal_url.clone(),
                scheme_url: resp.scheme_url.clone(),
                applink_url: resp.applink_url.clone(),
                app_identifier: resp.app_identifier.clone(),
                order_code_form: resp.order_code_form.clone(),
            };
            let code_expiry = resp
                .order_code_form
                .as_ref()
                .and_then(|f| f.expire_time.as_deref())
                .and_then(crate::db::parse_iso_ms);
            record_continuation(&state.pool, &payment_ref, resp.payment_id.as_deref(), &continuation, code_expiry)
                .await?;
            if resp.result.result_status == ResultStatus::Success {
                // S on pay: the payment is already complete.
                let seen = Observed {
                    status: PaymentStatus::Success,
                    ams_payment_id: resp.payment_id.clone(),
                    result_code: Some(resp.result.result_code.clone()),
                    result_message: None,
                    payment_time: None,
                };
                apply(state, &row, &seen).await?;
            }
            cancel_superseded(state, &order.order_ref, &payment_ref);
            let stored = load(&state.pool, &payment_ref).await?.ok_or_else(ApiFailure::payment_not_found)?;
            Ok(stored.view())
        }
        other => {
            let why = match &other {
                Ok(resp) => format!("{}: {}", resp.result.result_code, resp.result.result_message),
                Err(e) => e.to_string(),
            };
            tracing::warn!(payment = %payment_ref, "pay still unknown ({why}); inquiring");
            let refreshed = refresh(state, row, deadlines::INQUIRY).await?;
            match refreshed.status() {
                PaymentStatus::Success => Ok(refreshed.view()),
                PaymentStatus::Fail | PaymentStatus::Cancelled => Err(ApiFailure::provider_unavailable(
                    "the payment service could not start this payment; please try again",
                )),
                _ => Err(ApiFailure::provider_unavailable(format!(
                    "the payment service did not confirm the payment ({why}); please try again"
                ))),
            }
        }
    }
}

/// Whether a pay answer settles the request: F, S, or U with a payment id (in process).
fn has_outcome(resp: &PayResponse) -> bool {
    match resp.result.result_status {
        ResultStatus::Failed | ResultStatus::Success => true,
        ResultStatus::InProcess => resp.payment_id.is_some() && resp.result.result_code == "PAYMENT_IN_PROCESS",
        ResultStatus::Unknown(_) => false,
    }
}

fn refusal(resp: &PayResponse) -> ApiFailure {
    let code = resp.result.result_code.as_str();
    let message = if resp.result.result_message.is_empty() {
        format!("the payment was refused ({code})")
    } else {
        format!("{} ({code})", resp.result.result_message)
    };
    match code {
        "UNAVAILABLE_PAYMENT_METHOD" | "CURRENCY_NOT_SUPPORT" => ApiFailure::method_unavailable(message),
        _ => ApiFailure::refused(message),
    }
}

/// Used by tests and docs: the metadata map type of a start request.
pub type MetaData = BTreeMap<String, String>;

impl From<AmsError> for ApiFailure {
    fn from(e: AmsError) -> Self {
        ApiFailure::provider_unavailable(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PROCESSING GCASH payment of 12.50 USD, as `start` would store it.
    fn processing_row(order_ref: &str, payment_ref: &str, created_at_ms: i64) -> PaymentRow {
        PaymentRow {
            payment_ref: payment_ref.to_owned(),
            order_ref: order_ref.to_owned(),
            payment_request_id: payment_ref.to_owned(),
            payment_method_type: "GCASH".into(),
            currency: "USD".into(),
            amount_minor: 1250,
            status: "PROCESSING".into(),
            ams_payment_id: None,
            continuation_json: "{}".into(),
            result_code: None,
            result_message: None,
            expires_at_ms: None,
            created_at_ms,
        }
    }

    #[test]
    fn client_ip_only_trusts_configured_proxies() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        let trusted = vec![peer];
        assert_eq!(client_ip(peer, Some("1.2.3.4"), &[]), peer);
        assert_eq!(client_ip(peer, Some("9.9.9.9, 1.2.3.4"), &trusted).to_string(), "1.2.3.4");
        assert_eq!(client_ip(peer, None, &trusted), peer);
        assert_eq!(client_ip(peer, Some("junk"), &trusted), peer);
    }

    #[test]
    fn payment_expiry_stays_under_the_caps() {
        let now = 1_700_000_000_123;
        let (sent, at) = payment_expiry("GCASH", now, Some(8));
        assert_eq!(at % 1000, 0);
        assert!(at >= now + 8000 && at < now + 9000, "{at}");
        assert_eq!(crate::db::parse_iso_ms(sent.as_deref().unwrap()), Some(at));
        let (_, at) = payment_expiry("GCASH", now, Some(3600));
        assert!(at - now < 10 * 60_000 && at - now >= 9 * 60_000);
        let (_, at) = payment_expiry("BANKTRANSFER_BCA", now, Some(7 * 24 * 3600));
        assert!(at - now < 48 * 3_600_000 && at - now > 47 * 3_600_000);
        let (_, at) = payment_expiry("PROMPTPAY", now, Some(3600));
        assert!(at - now >= 3_600_000 && at - now < 3_601_000);
        let (_, at) = payment_expiry("GCASH", now, Some(0));
        assert!(at > now);
        assert_eq!(payment_expiry("GCASH", now, None), (None, now + 14 * 60_000));
        assert_eq!(payment_expiry("PROMPTPAY", now, None).1, now + 48 * 3_600_000);
        assert_eq!(payment_expiry("MERCADOPAGO_BR", now, None).1, now + 7 * 24 * 3_600_000);
    }

    fn seen(status: PaymentStatus) -> Observed {
        Observed { status, ams_payment_id: None, result_code: None, result_message: None, payment_time: None }
    }

    #[tokio::test]
    async fn the_state_machine_only_moves_forward_and_final_is_final() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::open_merchant(dir.path()).await.unwrap();
        let order = orders::create(&pool, orders::product("tea").unwrap(), None, 60_000).await.unwrap();
        let mut ids = Vec::new();
        for n in 0..2 {
            let row = processing_row(&order.order_ref, &format!("pay_{n}"), n);
            insert(&pool, &row).await.unwrap();
            ids.push(row);
        }
        let p = &ids[0];
        let status = |r: &str| {
            let pool = pool.clone();
            let r = r.to_owned();
            async move { load(&pool, &r).await.unwrap().unwrap().status }
        };
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Processing)).await.unwrap(), Applied::Unchanged);
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Pending)).await.unwrap(), Applied::Changed);
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Pending)).await.unwrap(), Applied::Unchanged);
        assert_eq!(status("pay_0").await, "PENDING");
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Success)).await.unwrap(), Applied::Changed);
        for later in [PaymentStatus::Fail, PaymentStatus::Cancelled, PaymentStatus::Pending, PaymentStatus::Success] {
            assert_eq!(apply_status(&pool, p, &seen(later)).await.unwrap(), Applied::Unchanged);
        }
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Unknown("NEW".into()))).await.unwrap(), Applied::Ignored);
        assert_eq!(status("pay_0").await, "SUCCESS");
        let o = orders::load(&pool, &order.order_ref).await.unwrap().unwrap();
        assert!(o.is_paid());
        assert_eq!(o.paid_payment_ref.as_deref(), Some("pay_0"));
        // A second success on the same order is recorded but does not take the order over.
        assert_eq!(apply_status(&pool, &ids[1], &seen(PaymentStatus::Success)).await.unwrap(), Applied::ChangedDuplicate);
        let o = orders::load(&pool, &order.order_ref).await.unwrap().unwrap();
        assert_eq!(o.paid_payment_ref.as_deref(), Some("pay_0"));
        pool.close().await;
    }

    /// Property tests of the state machine, on the real SQL (a temp-file SQLite with the real
    /// migrations) and the real mappings from notifications and inquiry answers.
    mod state_machine_properties {
        use super::*;
        use proptest::prelude::*;
        use proptest::test_runner::{Config, TestCaseError, TestRunner};
        use serde_json::json;

        /// A status observation as it reaches the merchant.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Obs {
            NotifyPending,
            NotifyResultS,
            NotifyResultF,
            InquirySuccess,
            InquiryFail,
            InquiryCancelled,
            InquiryProcessing,
            InquiryPending,
        }

        const ALL: [Obs; 8] = [
            Obs::NotifyPending,
            Obs::NotifyResultS,
            Obs::NotifyResultF,
            Obs::InquirySuccess,
            Obs::InquiryFail,
            Obs::InquiryCancelled,
            Obs::InquiryProcessing,
            Obs::InquiryPending,
        ];

        /// Through the server's own parsing and mapping (`notify::observed`,
        /// `observed_from_inquiry`).
        fn to_observed(o: Obs) -> Option<Observed> {
            let notify = |notify_type: &str, status: &str, code: &str| {
                let n: ams::NotifyPaymentRequest = serde_json::from_value(json!({
                    "notifyType": notify_type,
                    "result": {"resultCode": code, "resultStatus": status, "resultMessage": "m"},
                    "paymentRequestId": "pay_x", "paymentId": "sbx_x",
                    "paymentAmount": {"currency": "USD", "value": "1250"},
                }))
                .unwrap();
                crate::merchant::notify::observed(&n)
            };
            let inquiry = |status: &str, code: &str| {
                let r: InquiryPaymentResponse = serde_json::from_value(json!({
                    "result": {"resultCode": "SUCCESS", "resultStatus": "S", "resultMessage": "success"},
                    "paymentStatus": status, "paymentResultCode": code, "paymentResultMessage": "m",
                    "paymentId": "sbx_x",
                }))
                .unwrap();
                observed_from_inquiry(r)
            };
            match o {
                Obs::NotifyPending => notify("PAYMENT_PENDING", "S", "PAYMENT_PENDING"),
                Obs::NotifyResultS => notify("PAYMENT_RESULT", "S", "SUCCESS"),
                Obs::NotifyResultF => notify("PAYMENT_RESULT", "F", "PROCESS_FAIL"),
                Obs::InquirySuccess => inquiry("SUCCESS", "SUCCESS"),
                Obs::InquiryFail => inquiry("FAIL", "PROCESS_FAIL"),
                Obs::InquiryCancelled => inquiry("CANCELLED", "ORDER_IS_CANCELLED"),
                Obs::InquiryProcessing => inquiry("PROCESSING", "PAYMENT_IN_PROCESS"),
                Obs::InquiryPending => inquiry("PENDING", "PAYMENT_PENDING"),
            }
        }

        fn rank(status: &str) -> u8 {
            match status {
                "PROCESSING" => 0,
                "PENDING" => 1,
                _ => 2,
            }
        }

        fn is_final(status: &str) -> bool {
            rank(status) == 2
        }

        struct Db {
            rt: tokio::runtime::Runtime,
            pool: Pool,
            _dir: tempfile::TempDir,
        }

        impl Db {
            fn open() -> Self {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                let dir = tempfile::tempdir().unwrap();
                let pool = rt.block_on(crate::db::open_merchant(dir.path())).unwrap();
                Self { rt, pool, _dir: dir }
            }

            /// A new order with one PROCESSING payment.
            async fn new_payment(&self) -> PaymentRow {
                let order = orders::create(&self.pool, orders::product("tea").unwrap(), None, 60_000).await.unwrap();
                let payment_ref = format!("pay_{}", uuid::Uuid::new_v4().simple());
                let row = processing_row(&order.order_ref, &payment_ref, now_ms());
                insert(&self.pool, &row).await.unwrap();
                row
            }

            /// Applies the observations in turn; returns the stored status after each.
            async fn run(&self, payment: &PaymentRow, seq: &[Obs]) -> Vec<String> {
                let mut after = Vec::new();
                for o in seq {
                    if let Some(seen) = to_observed(*o) {
                        apply_status(&self.pool, payment, &seen).await.unwrap();
                    }
                    after.push(load(&self.pool, &payment.payment_ref).await.unwrap().unwrap().status);
                }
                after
            }

            /// (status, result code, order paid by this payment).
            async fn end_state(&self, payment: &PaymentRow) -> (String, Option<String>, bool) {
                let p = load(&self.pool, &payment.payment_ref).await.unwrap().unwrap();
                let o = orders::load(&self.pool, &payment.order_ref).await.unwrap().unwrap();
                let paid = o.paid_payment_ref.as_deref() == Some(payment.payment_ref.as_str());
                (p.status, p.result_code, paid)
            }
        }

        fn config() -> Config {
            Config { cases: 64, failure_persistence: None, ..Config::default() }
        }

        /// Any sequence, contradictory ones included: the status never goes backwards, a final
        /// status never changes, the first final observation decides, and the order is paid
        /// exactly when the payment ended SUCCESS.
        #[test]
        fn arbitrary_observations_never_move_backwards_or_change_a_final_status() {
            let db = Db::open();
            let strategy = proptest::collection::vec(proptest::sample::select(ALL.to_vec()), 0..24);
            TestRunner::new(config())
                .run(&strategy, |seq| {
                    db.rt.block_on(async {
                        let payment = db.new_payment().await;
                        let after = db.run(&payment, &seq).await;
                        let mut prev = "PROCESSING".to_owned();
                        for (o, now) in seq.iter().zip(&after) {
                            prop_assert!(rank(now) >= rank(&prev), "{prev} -> {now} after {o:?}");
                            if is_final(&prev) {
                                prop_assert_eq!(&prev, now, "a final status changed after {:?}", o);
                            }
                            prev = now.clone();
                        }
                        let first_final = seq
                            .iter()
                            .filter_map(|o| to_observed(*o))
                            .map(|s| s.status.as_str().to_owned())
                            .find(|s| is_final(s));
                        let (status, _, paid) = db.end_state(&payment).await;
                        match first_final {
                            Some(f) => prop_assert_eq!(&status, &f),
                            None => prop_assert!(!is_final(&status)),
                        }
                        prop_assert_eq!(paid, status == "SUCCESS");
                        Ok::<(), TestCaseError>(())
                    })
                })
                .unwrap();
        }

        /// What one real payment may report (it has one outcome), in any order and repeated:
        /// the end state is the same as for the observations in their natural order, once each.
        #[test]
        fn order_and_duplicates_do_not_change_the_end_state() {
            let db = Db::open();
            let outcome = proptest::sample::select(vec!["NONE", "SUCCESS", "FAIL", "CANCELLED"]);
            let strategy = (outcome, proptest::collection::vec(any::<u8>(), 0..10), any::<u64>(), 0usize..12)
                .prop_map(|(outcome, picks, seed, dups)| {
                    let mut consistent = vec![Obs::InquiryProcessing, Obs::NotifyPending, Obs::InquiryPending];
                    consistent.extend(match outcome {
                        "SUCCESS" => vec![Obs::NotifyResultS, Obs::InquirySuccess],
                        "FAIL" => vec![Obs::NotifyResultF, Obs::InquiryFail],
                        "CANCELLED" => vec![Obs::InquiryCancelled],
                        _ => vec![],
                    });
                    let seq: Vec<Obs> = picks.iter().map(|p| consistent[*p as usize % consistent.len()]).collect();
                    // Another arrival order of the same observations, some of them repeated.
                    let mut shuffled = seq.clone();
                    let mut x = seed | 1;
                    let mut next = move || {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        x as usize
                    };
                    for i in (1..shuffled.len()).rev() {
                        let j = next() % (i + 1);
                        shuffled.swap(i, j);
                    }
                    if !seq.is_empty() {
                        for _ in 0..dups {
                            let o = seq[next() % seq.len()];
                            let at = next() % (shuffled.len() + 1);
                            shuffled.insert(at, o);
                        }
                    }
                    (seq, shuffled)
                });
            TestRunner::new(config())
                .run(&strategy, |(seq, shuffled)| {
                    db.rt.block_on(async {
                        // The natural order: progress first, the outcome last.
                        let mut natural = seq.clone();
                        natural.sort_by_key(|o| to_observed(*o).map(|s| rank(s.status.as_str())).unwrap_or(0));
                        let a = db.new_payment().await;
                        db.run(&a, &natural).await;
                        let b = db.new_payment().await;
                        db.run(&b, &shuffled).await;
                        let twice: Vec<Obs> = shuffled.iter().chain(shuffled.iter()).copied().collect();
                        let c = db.new_payment().await;
                        db.run(&c, &twice).await;
                        let want = db.end_state(&a).await;
                        prop_assert_eq!(&db.end_state(&b).await, &want, "{:?} vs {:?}", natural, shuffled);
                        prop_assert_eq!(&db.end_state(&c).await, &want);
                        let expected = if let Some(f) = seq.iter().filter_map(|o| to_observed(*o)).map(|s| s.status).find(|s| s.is_final()) {
                            f.as_str().to_owned()
                        } else if seq.iter().any(|o| matches!(o, Obs::NotifyPending | Obs::InquiryPending)) {
                            "PENDING".to_owned()
                        } else {
                            "PROCESSING".to_owned()
                        };
                        prop_assert_eq!(&want.0, &expected);
                        Ok::<(), TestCaseError>(())
                    })
                })
                .unwrap();
        }
    }
}
