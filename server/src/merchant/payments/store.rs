//! Payment attempt storage: plain queries, no AMS calls and no status logic.

use checkout_core::merchant_api::Continuation;

use super::row::{PaymentRow, COLUMNS};
use crate::db::{now_ms, Pool};

/// The first payment matching `condition`, whose one parameter `$1` is `value`.
async fn load_where(pool: &Pool, condition: &str, value: &str) -> Result<Option<PaymentRow>, sqlx::Error> {
    sqlx::query_as::<_, PaymentRow>(&format!("SELECT {COLUMNS} FROM payments WHERE {condition}"))
        .bind(value)
        .fetch_optional(pool)
        .await
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

/// Payments of an order that are still open (PROCESSING or PENDING), oldest first.
pub async fn open_for_order(pool: &Pool, order_ref: &str) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as::<_, PaymentRow>(&format!(
        "SELECT {COLUMNS} FROM payments WHERE order_ref = $1 AND status IN ('PROCESSING', 'PENDING') \
         ORDER BY created_at_ms, payment_ref"
    ))
    .bind(order_ref)
    .fetch_all(pool)
    .await
}

/// Open payments not looked at since `before_ms`, least recently first.
pub async fn stale_open(pool: &Pool, before_ms: i64, limit: i64) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as::<_, PaymentRow>(&format!(
        "SELECT {COLUMNS} FROM payments WHERE status IN ('PROCESSING', 'PENDING') AND updated_at_ms < $1 \
         ORDER BY updated_at_ms LIMIT $2"
    ))
    .bind(before_ms)
    .bind(limit)
    .fetch_all(pool)
    .await
}

/// Marks an open payment as looked at, so the reconciler gives the others their turn.
pub async fn touch(pool: &Pool, payment_ref: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE payments SET updated_at_ms = $1 WHERE payment_ref = $2")
        .bind(now_ms())
        .bind(payment_ref)
        .execute(pool)
        .await?;
    Ok(())
}

/// Inserts a new attempt, already claimed by `claimant` for its pay call (so no inquiry can
/// race the pay), but only while `claimant` holds the order's start lease.
/// `false` if that lease was lost meanwhile.
pub async fn insert_claimed(pool: &Pool, row: &PaymentRow, claimant: &str, lease_ms: i64) -> Result<bool, sqlx::Error> {
    let now = now_ms();
    let done = sqlx::query(
        "INSERT INTO payments (payment_ref, order_ref, payment_request_id, payment_method_type, currency, \
         amount_minor, status, continuation_json, expires_at_ms, created_at_ms, updated_at_ms, call_by, \
         call_until_ms) \
         SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13 \
         WHERE EXISTS (SELECT 1 FROM orders WHERE order_ref = $2 AND start_by = $12 AND start_until_ms > $14)",
    )
    .bind(&row.payment_ref)
    .bind(&row.order_ref)
    .bind(&row.payment_request_id)
    .bind(&row.payment_method_type)
    .bind(&row.currency)
    .bind(row.amount_minor)
    .bind(row.status.as_str())
    .bind(&row.continuation_json)
    .bind(row.expires_at_ms)
    .bind(row.created_at_ms)
    .bind(row.created_at_ms)
    .bind(claimant)
    .bind(now + lease_ms)
    .bind(now)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Stores what a successful pay call answered: AMS's payment id and how to continue.
pub async fn record_continuation(
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

/// Inserts an attempt as it is, unclaimed (tests set up states with it).
#[cfg(test)]
pub async fn insert(pool: &Pool, row: &PaymentRow) -> Result<(), sqlx::Error> {
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
    .bind(row.status.as_str())
    .bind(&row.continuation_json)
    .bind(row.expires_at_ms)
    .bind(row.created_at_ms)
    .bind(row.created_at_ms)
    .execute(pool)
    .await?;
    Ok(())
}

/// Attempts whose call lease ran out without being released: the server making the call died.
pub async fn abandoned_calls(pool: &Pool, now: i64, limit: i64) -> Result<Vec<PaymentRow>, sqlx::Error> {
    sqlx::query_as::<_, PaymentRow>(&format!(
        "SELECT {COLUMNS} FROM payments WHERE call_by IS NOT NULL AND call_until_ms < $1 \
         ORDER BY call_until_ms LIMIT $2"
    ))
    .bind(now)
    .bind(limit)
    .fetch_all(pool)
    .await
}
