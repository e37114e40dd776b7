//! The sandbox's storage: payments as AMS knows them, and the notifications it owes.

use ams::{Amount, AmsResult, NotifyPaymentRequest, NotifyType, PaymentStatus, ResultStatus};
use sqlx::Row;

use crate::db::{iso_time, now_ms, Pool};

#[derive(Debug, Clone)]
pub struct SandboxPayment {
    pub payment_id: String,
    pub client_id: String,
    pub payment_request_id: String,
    pub request_json: String,
    pub response_json: String,
    pub payment_method_type: String,
    pub currency: String,
    pub amount_minor: i64,
    pub reference_order_id: String,
    pub order_description: String,
    pub status: String,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub redirect_url: Option<String>,
    pub notify_url: Option<String>,
    pub create_time: String,
    pub payment_time: Option<String>,
    pub created_at_ms: i64,
    pub expires_at_ms: i64,
}

impl SandboxPayment {
    pub fn status(&self) -> PaymentStatus {
        PaymentStatus::parse(&self.status)
    }
    pub fn amount(&self) -> Amount {
        Amount::from_minor(&self.currency, self.amount_minor.max(0) as u64)
    }
    /// Still open but past its expiry: it is to be closed.
    pub fn is_overdue(&self, now_ms: i64) -> bool {
        !self.status().is_final() && now_ms >= self.expires_at_ms
    }
}

const COLUMNS: &str = "payment_id, client_id, payment_request_id, request_json, response_json, \
    payment_method_type, currency, amount_minor, reference_order_id, order_description, status, \
    result_code, result_message, redirect_url, notify_url, create_time, payment_time, created_at_ms, \
    expires_at_ms";

fn from_row(r: &sqlx::any::AnyRow) -> SandboxPayment {
    SandboxPayment {
        payment_id: r.get("payment_id"),
        client_id: r.get("client_id"),
        payment_request_id: r.get("payment_request_id"),
        request_json: r.get("request_json"),
        response_json: r.get("response_json"),
        payment_method_type: r.get("payment_method_type"),
        currency: r.get("currency"),
        amount_minor: r.get("amount_minor"),
        reference_order_id: r.get("reference_order_id"),
        order_description: r.get("order_description"),
        status: r.get("status"),
        result_code: r.get("result_code"),
        result_message: r.get("result_message"),
        redirect_url: r.get("redirect_url"),
        notify_url: r.get("notify_url"),
        create_time: r.get("create_time"),
        payment_time: r.get("payment_time"),
        created_at_ms: r.get("created_at_ms"),
        expires_at_ms: r.get("expires_at_ms"),
    }
}

/// Inserts a new payment. `Ok(false)` when the (client, request id) pair already exists:
/// a concurrent request won, and the caller compares against it.
pub async fn insert_payment(pool: &Pool, p: &SandboxPayment) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO sandbox_payments (payment_id, client_id, payment_request_id, request_json, response_json, \
         payment_method_type, currency, amount_minor, reference_order_id, order_description, status, \
         result_code, result_message, redirect_url, notify_url, create_time, payment_time, created_at_ms, \
         expires_at_ms, updated_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20) \
         ON CONFLICT (client_id, payment_request_id) DO NOTHING",
    )
    .bind(&p.payment_id)
    .bind(&p.client_id)
    .bind(&p.payment_request_id)
    .bind(&p.request_json)
    .bind(&p.response_json)
    .bind(&p.payment_method_type)
    .bind(&p.currency)
    .bind(p.amount_minor)
    .bind(&p.reference_order_id)
    .bind(&p.order_description)
    .bind(&p.status)
    .bind(&p.result_code)
    .bind(&p.result_message)
    .bind(&p.redirect_url)
    .bind(&p.notify_url)
    .bind(&p.create_time)
    .bind(&p.payment_time)
    .bind(p.created_at_ms)
    .bind(p.expires_at_ms)
    .bind(p.created_at_ms)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn by_request_id(
    pool: &Pool,
    client_id: &str,
    request_id: &str,
) -> Result<Option<SandboxPayment>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM sandbox_payments WHERE client_id = $1 AND payment_request_id = $2"
    ))
    .bind(client_id)
    .bind(request_id)
    .fetch_optional(pool)
    .await?;
    Ok(row.as_ref().map(from_row))
}

pub async fn by_payment_id(pool: &Pool, payment_id: &str) -> Result<Option<SandboxPayment>, sqlx::Error> {
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM sandbox_payments WHERE payment_id = $1"))
        .bind(payment_id)
        .fetch_optional(pool)
        .await?;
    Ok(row.as_ref().map(from_row))
}

/// Open payments past their expiry.
pub async fn overdue(pool: &Pool, now: i64, limit: i64) -> Result<Vec<SandboxPayment>, sqlx::Error> {
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM sandbox_payments WHERE status IN ('PROCESSING', 'PENDING') \
         AND expires_at_ms <= $1 ORDER BY expires_at_ms LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    Ok(rows.iter().map(from_row).collect())
}

/// How a payment ends (or moves to PENDING).
#[derive(Debug, Clone)]
pub struct Settlement {
    pub status: PaymentStatus,
    pub result_code: String,
    pub result_message: String,
}

impl Settlement {
    pub fn success() -> Self {
        Self { status: PaymentStatus::Success, result_code: "SUCCESS".into(), result_message: "success".into() }
    }
    pub fn fail(code: &str, message: &str) -> Self {
        Self { status: PaymentStatus::Fail, result_code: code.into(), result_message: message.into() }
    }
    pub fn pending() -> Self {
        Self {
            status: PaymentStatus::Pending,
            result_code: "PAYMENT_PENDING".into(),
            result_message: "the user paid; the provider confirms later".into(),
        }
    }
    pub fn closed() -> Self {
        Self::fail("ORDER_IS_CLOSED", "the payment expired before the user paid")
    }
}

/// Moves an open payment to `s` and, in the same transaction, queues its notification.
/// Returns `false` (and changes nothing) when the payment is not open any more.
pub async fn settle(pool: &Pool, p: &SandboxPayment, s: &Settlement) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let payment_time = (s.status == PaymentStatus::Success).then(|| iso_time(now));
    let from: &[&str] = if s.status == PaymentStatus::Pending { &["PROCESSING"] } else { &["PROCESSING", "PENDING"] };
    let mut tx = pool.begin().await?;
    let changed = sqlx::query(
        "UPDATE sandbox_payments SET status = $1, result_code = $2, result_message = $3, \
         payment_time = COALESCE($4, payment_time), updated_at_ms = $5 \
         WHERE payment_id = $6 AND status IN ($7, $8)",
    )
    .bind(s.status.as_str())
    .bind(&s.result_code)
    .bind(&s.result_message)
    .bind(&payment_time)
    .bind(now)
    .bind(&p.payment_id)
    .bind(from[0])
    .bind(from[from.len() - 1])
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if changed {
        if let Some(url) = &p.notify_url {
            let notify_type =
                if s.status == PaymentStatus::Pending { NotifyType::PaymentPending } else { NotifyType::PaymentResult };
            let result = match s.status {
                PaymentStatus::Success | PaymentStatus::Pending => {
                    AmsResult::new(&s.result_code, ResultStatus::Success, s.result_message.clone())
                }
                _ => AmsResult::failed(&s.result_code, s.result_message.clone()),
            };
            let body = NotifyPaymentRequest {
                notify_type,
                result,
                payment_request_id: p.payment_request_id.clone(),
                payment_id: p.payment_id.clone(),
                payment_amount: p.amount(),
                payment_create_time: Some(p.create_time.clone()),
                payment_time: payment_time.clone(),
                payment_method_type: Some(p.payment_method_type.clone()),
            };
            let body = serde_json::to_string(&body).unwrap_or_default();
            sqlx::query(
                "INSERT INTO sandbox_notifications (id, payment_id, client_id, url, body, state, attempts, \
                 next_attempt_at_ms, last_error, created_at_ms, updated_at_ms) \
                 VALUES ($1, $2, $3, $4, $5, 'PENDING', 0, $6, NULL, $7, $8)",
            )
            .bind(format!("sbn_{}", uuid::Uuid::new_v4().simple()))
            .bind(&p.payment_id)
            .bind(&p.client_id)
            .bind(url)
            .bind(body)
            .bind(now)
            .bind(now)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
    }
    tx.commit().await?;
    Ok(changed)
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Notification {
    pub id: String,
    pub payment_id: String,
    pub client_id: String,
    pub url: String,
    pub body: String,
    pub attempts: i64,
}

/// Claims up to `limit` due notifications for `claimant`: their next attempt is pushed
/// `lease_ms` ahead so no other sender (another server, or the next loop) sends them while
/// this one is in flight; a killed sender's claim simply runs out.
pub async fn claim_due(
    pool: &Pool,
    claimant: &str,
    now: i64,
    lease_ms: i64,
    limit: i64,
) -> Result<Vec<Notification>, sqlx::Error> {
    let due = sqlx::query_as::<_, Notification>(
        "SELECT id, payment_id, client_id, url, body, CAST(attempts AS BIGINT) AS attempts \
         FROM sandbox_notifications WHERE state = 'PENDING' AND next_attempt_at_ms <= $1 \
         ORDER BY next_attempt_at_ms LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await?;
    let mut claimed = Vec::new();
    for n in due {
        let won = sqlx::query(
            "UPDATE sandbox_notifications SET next_attempt_at_ms = $1, claimed_by = $2, updated_at_ms = $3 \
             WHERE id = $4 AND state = 'PENDING' AND next_attempt_at_ms <= $5",
        )
        .bind(now + lease_ms)
        .bind(claimant)
        .bind(now)
        .bind(&n.id)
        .bind(now)
        .execute(pool)
        .await?
        .rows_affected()
            == 1;
        if won {
            claimed.push(n);
        }
    }
    Ok(claimed)
}

/// The earliest time a pending notification is due, if any.
pub async fn next_due(pool: &Pool) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT MIN(next_attempt_at_ms) AS next FROM sandbox_notifications WHERE state = 'PENDING'")
        .fetch_one(pool)
        .await?;
    row.try_get::<Option<i64>, _>("next")
}

/// Records one delivery attempt: delivered, retry at `next_at`, or given up (`next_at` None).
/// Only the sender still holding the claim records (`false` otherwise): one whose lease ran
/// out meanwhile must not overwrite the outcome of the sender that took over.
pub async fn record_attempt(
    pool: &Pool,
    id: &str,
    claimant: &str,
    delivered: bool,
    next_at: Option<i64>,
    error: Option<&str>,
) -> Result<bool, sqlx::Error> {
    let state = match (delivered, next_at) {
        (true, _) => "DELIVERED",
        (false, Some(_)) => "PENDING",
        (false, None) => "GAVE_UP",
    };
    let now = now_ms();
    let done = sqlx::query(
        "UPDATE sandbox_notifications SET state = $1, attempts = attempts + 1, next_attempt_at_ms = $2, \
         last_error = $3, updated_at_ms = $4, claimed_by = NULL \
         WHERE id = $5 AND claimed_by = $6 AND state = 'PENDING'",
    )
    .bind(state)
    .bind(next_at.unwrap_or(now))
    .bind(error)
    .bind(now)
    .bind(id)
    .bind(claimant)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}
