//! Background upkeep of the merchant's state, so it converges even when notifications are
//! lost or a server died mid-call: open attempts not heard of for a while, and attempts whose
//! call lease a dead server left behind, are checked with AMS; refunds still owed are (re)sent.
//! Each row is claimed before its AMS call, so several servers can run this at once.

use std::time::Duration;

use tokio::sync::watch;

use super::lease::{claimant, ATTEMPT_CALLS};
use super::payments;
use super::refunds;
use super::MerchantState;
use crate::ams_client::deadlines;
use crate::db::now_ms;

/// How often open payments are checked, and how long one may sit unchanged before it is.
pub const INTERVAL: Duration = Duration::from_secs(60);
const STALE_MS: i64 = 60_000;
/// Refunds are owed money: they are looked at far more often.
const REFUND_TICK: Duration = Duration::from_millis(500);

pub async fn run(state: MerchantState, mut shutdown: watch::Receiver<bool>) {
    let mut next_pass = tokio::time::Instant::now() + INTERVAL;
    loop {
        tokio::select! {
            _ = tokio::time::sleep(REFUND_TICK) => {}
            _ = shutdown.changed() => return,
        }
        let work = async {
            refunds::send_pending(&state).await;
            if tokio::time::Instant::now() >= next_pass {
                next_pass = tokio::time::Instant::now() + INTERVAL;
                once(&state).await;
            }
        };
        tokio::select! {
            _ = work => {}
            _ = shutdown.changed() => return,
        }
    }
}

/// One pass: abandoned calls first, then stale open payments, then refunds.
pub async fn once(state: &MerchantState) {
    once_with(state, STALE_MS).await
}

/// [`once`], checking open payments not heard of for `stale_ms` (tests use 0).
pub async fn once_with(state: &MerchantState, stale_ms: i64) {
    if let Err(e) = pass(state, stale_ms).await {
        tracing::error!("reconciler: {e}");
    }
    refunds::send_pending(state).await;
}

async fn pass(state: &MerchantState, stale_ms: i64) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for p in payments::abandoned_calls(&state.pool, now, 50).await? {
        // A dead server's lease on a call (maybe a cancel of a paid attempt): ask what became
        // of it, SUCCESS included.
        let me = claimant();
        if ATTEMPT_CALLS.claim(&state.pool, &p.payment_ref, &me, 20_000).await? {
            let result = payments::refresh_claimed(state, p.clone(), deadlines::INQUIRY, &me).await;
            ATTEMPT_CALLS.release(&state.pool, &p.payment_ref, &me).await?;
            result?;
        }
    }
    for p in payments::stale_open(&state.pool, now - stale_ms, 50).await? {
        let payment_ref = p.payment_ref.clone();
        let before = p.status.clone();
        match payments::refresh_known(state, p, deadlines::INQUIRY).await? {
            Some(after) if after.status != before => {}
            // Unchanged, unknown or claimed elsewhere: push it back so the others get their turn.
            _ => payments::touch(&state.pool, &payment_ref).await?,
        }
    }
    Ok(())
}
