//! Background upkeep of the merchant's state, so it converges even when notifications are
//! lost: payments left open are checked with AMS, and refunds still owed are (re)sent.

use std::time::Duration;

use sqlx::Row;
use tokio::sync::watch;

use super::payments;
use super::refunds;
use super::MerchantState;
use crate::ams_client::deadlines;
use crate::db::now_ms;

/// How often the reconciler runs, and how long a payment may sit unchanged before it is checked.
pub const INTERVAL: Duration = Duration::from_secs(60);
const STALE_MS: i64 = 60_000;

pub async fn run(state: MerchantState, mut shutdown: watch::Receiver<bool>) {
    loop {
        tokio::select! {
            _ = tokio::time::sleep(INTERVAL) => {}
            _ = shutdown.changed() => return,
        }
        tokio::select! {
            _ = once(&state) => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// One pass: stale open payments, then refunds.
pub async fn once(state: &MerchantState) {
    let stale = sqlx::query(
        "SELECT payment_ref FROM payments WHERE status IN ('PROCESSING', 'PENDING') AND updated_at_ms < $1 \
         ORDER BY updated_at_ms LIMIT 50",
    )
    .bind(now_ms() - STALE_MS)
    .fetch_all(&state.pool)
    .await;
    match stale {
        Ok(rows) => {
            for row in rows {
                let payment_ref: String = row.get("payment_ref");
                let Ok(Some(p)) = payments::load(&state.pool, &payment_ref).await else { continue };
                let before = p.status.clone();
                match payments::refresh(state, p, deadlines::INQUIRY).await {
                    Ok(after) if after.status == before => {
                        // Unchanged: push it back so the others get their turn.
                        let _ = sqlx::query("UPDATE payments SET updated_at_ms = $1 WHERE payment_ref = $2")
                            .bind(now_ms())
                            .bind(&payment_ref)
                            .execute(&state.pool)
                            .await;
                    }
                    Ok(_) => {}
                    Err(e) => tracing::error!("reconciling {payment_ref}: {e}"),
                }
            }
        }
        Err(e) => tracing::error!("reconciler: {e}"),
    }
    refunds::send_pending(state).await;
}
