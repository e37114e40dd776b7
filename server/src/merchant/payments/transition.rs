//! The state machine's one writer: moves an attempt to what AMS reported and, in the same
//! transaction, keeps its order right: PAID iff one of its attempts holds money at AMS
//! (SUCCESS, not cancelled, not being refunded), and a SUCCESS beyond that one gets its
//! refund row. See docs/state-machine.md.

use super::observed::Observed;
use super::row::PaymentRow;
use crate::db::{now_ms, Pool};
use crate::merchant::refunds;
use crate::merchant::status::AttemptStatus;
use crate::merchant::tx::Tx;

/// What applying an observed status did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applied {
    Changed,
    /// Changed to SUCCESS while another attempt already pays the order: this one's refund was
    /// recorded in the same transaction.
    ChangedDuplicate,
    /// The stored status was already that, further along, or terminal: nothing changed.
    Unchanged,
    /// A status this server does not know: ignored.
    Ignored,
}

/// Applies `seen` to `payment` in one transaction. Concurrent calls for one order are
/// serialized by writing the order row first (a row lock on PostgreSQL, the write lock on
/// SQLite), so the order's derivation always sees the other's committed result.
pub async fn apply_status(pool: &Pool, payment: &PaymentRow, seen: &Observed) -> Result<Applied, sqlx::Error> {
    let from = seen.status.allowed_from();
    if from.is_empty() {
        return Ok(match seen.status {
            AttemptStatus::Unknown(_) => Applied::Ignored,
            _ => Applied::Unchanged,
        });
    }
    let now = now_ms();
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE orders SET updated_at_ms = $1 WHERE order_ref = $2")
        .bind(now)
        .bind(&payment.order_ref)
        .execute(&mut *tx)
        .await?;
    let changed = sqlx::query(
        "UPDATE payments SET status = $1, ams_payment_id = COALESCE($2, ams_payment_id), \
         result_code = COALESCE($3, result_code), result_message = COALESCE($4, result_message), \
         payment_time = COALESCE($5, payment_time), updated_at_ms = $6 \
         WHERE payment_ref = $7 AND status IN ($8, $9, $10)",
    )
    .bind(seen.status.as_str())
    .bind(&seen.ams_payment_id)
    .bind(&seen.result_code)
    .bind(&seen.result_message)
    .bind(&seen.payment_time)
    .bind(now)
    .bind(&payment.payment_ref)
    .bind(from[0])
    .bind(from[1.min(from.len() - 1)])
    .bind(from[from.len() - 1])
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !changed {
        tx.rollback().await?;
        return Ok(Applied::Unchanged);
    }
    let mut applied = Applied::Changed;
    match seen.status {
        AttemptStatus::Success => {
            if holder(&mut tx, &payment.order_ref, Some(&payment.payment_ref)).await?.is_some() {
                let ams_id = seen.ams_payment_id.clone().or_else(|| payment.ams_payment_id.clone()).unwrap_or_default();
                let refund = refunds::NewRefund {
                    payment_ref: &payment.payment_ref,
                    ams_payment_id: &ams_id,
                    currency: &payment.currency,
                    amount_minor: payment.amount_minor,
                    reason: "the order was already paid by another payment",
                };
                refunds::record(&mut tx, refund).await?;
                tracing::warn!(order = %payment.order_ref, payment = %payment.payment_ref, "second payment of a paid order: refund recorded");
                applied = Applied::ChangedDuplicate;
            }
            derive_order(&mut tx, &payment.order_ref, now).await?;
        }
        _ => derive_order(&mut tx, &payment.order_ref, now).await?,
    }
    tx.commit().await?;
    tracing::info!(payment = %payment.payment_ref, status = %seen.status, "payment status changed");
    Ok(applied)
}

/// The attempt that holds the order's money: SUCCESS with no refund, the earliest paid one
/// first (the order's current holder keeps it). `except` leaves one attempt out.
async fn holder(tx: &mut Tx, order_ref: &str, except: Option<&str>) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as(
        "SELECT p.payment_ref FROM payments p LEFT JOIN orders o ON o.order_ref = p.order_ref \
         WHERE p.order_ref = $1 AND p.status = 'SUCCESS' AND p.payment_ref <> $2 \
         AND NOT EXISTS (SELECT 1 FROM refunds r WHERE r.payment_ref = p.payment_ref) \
         ORDER BY CASE WHEN o.paid_payment_ref = p.payment_ref THEN 0 ELSE 1 END, p.updated_at_ms, p.payment_ref \
         LIMIT 1",
    )
    .bind(order_ref)
    .bind(except.unwrap_or(""))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.0))
}

/// Sets the order from its attempts: PAID by the holder if there is one, else back to OPEN
/// (a CLOSED order stays CLOSED).
async fn derive_order(tx: &mut Tx, order_ref: &str, now: i64) -> Result<(), sqlx::Error> {
    let paid_by = holder(tx, order_ref, None).await?;
    sqlx::query(
        "UPDATE orders SET paid_payment_ref = $1, updated_at_ms = $2, \
         status = CASE WHEN $3 THEN 'PAID' WHEN status = 'PAID' THEN 'OPEN' ELSE status END \
         WHERE order_ref = $4",
    )
    .bind(&paid_by)
    .bind(now)
    .bind(paid_by.is_some())
    .bind(order_ref)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use ams::PaymentStatus;

    use super::*;
    use crate::merchant::orders;
    use crate::merchant::payments::row::processing_row;
    use crate::merchant::payments::store::{insert, load};

    fn seen(status: PaymentStatus) -> Observed {
        Observed::new(status, None, None)
    }

    #[tokio::test]
    async fn the_state_machine_only_moves_forward_and_terminal_is_terminal() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::test_merchant(dir.path()).await.unwrap();
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
            async move { load(&pool, &r).await.unwrap().unwrap().status.as_str().to_owned() }
        };
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Processing)).await.unwrap(), Applied::Unchanged);
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Pending)).await.unwrap(), Applied::Changed);
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Pending)).await.unwrap(), Applied::Unchanged);
        assert_eq!(status("pay_0").await, "PENDING");
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Success)).await.unwrap(), Applied::Changed);
        for later in [PaymentStatus::Fail, PaymentStatus::Pending, PaymentStatus::Success] {
            assert_eq!(apply_status(&pool, p, &seen(later)).await.unwrap(), Applied::Unchanged);
        }
        assert_eq!(
            apply_status(&pool, p, &seen(PaymentStatus::Unknown("NEW".into()))).await.unwrap(),
            Applied::Ignored
        );
        assert_eq!(status("pay_0").await, "SUCCESS");
        let o = orders::load(&pool, &order.order_ref).await.unwrap().unwrap();
        assert!(o.is_paid());
        assert_eq!(o.paid_payment_ref.as_deref(), Some("pay_0"));
        // A second success on the same order is recorded but does not take the order over.
        assert_eq!(
            apply_status(&pool, &ids[1], &seen(PaymentStatus::Success)).await.unwrap(),
            Applied::ChangedDuplicate
        );
        let o = orders::load(&pool, &order.order_ref).await.unwrap().unwrap();
        assert_eq!(o.paid_payment_ref.as_deref(), Some("pay_0"));
        let refunds: Vec<(String, String)> =
            sqlx::query_as("SELECT payment_ref, status FROM refunds").fetch_all(&pool).await.unwrap();
        assert_eq!(refunds, vec![("pay_1".to_owned(), "REQUESTED".to_owned())], "recorded with the duplicate");
        // AMS reversed the first (a cancel answered S): the order holds no money any more, since
        // the second is being refunded; CANCELLED is terminal.
        assert_eq!(apply_status(&pool, p, &seen(PaymentStatus::Cancelled)).await.unwrap(), Applied::Changed);
        let o = orders::load(&pool, &order.order_ref).await.unwrap().unwrap();
        assert!(!o.is_paid());
        assert_eq!(o.paid_payment_ref, None);
        for later in [PaymentStatus::Success, PaymentStatus::Fail, PaymentStatus::Cancelled] {
            assert_eq!(apply_status(&pool, p, &seen(later)).await.unwrap(), Applied::Unchanged);
        }
        pool.close().await;
    }
}
