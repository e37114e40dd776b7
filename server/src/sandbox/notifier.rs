//! Sends the notifications the sandbox owes (stored, so they survive a restart), retrying on
//! Alipay's schedule, and closes payments whose time ran out.

use std::time::Duration;

use axum::http::HeaderValue;
use tokio::sync::watch;

use super::store::{self, Settlement};
use super::SandboxState;
use crate::db::{iso_time, now_ms};

/// Delay before each send, in seconds: 8 sends at 0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h.
pub const SCHEDULE_SECS: [u64; 8] = [0, 120, 600, 600, 3600, 7200, 21600, 54000];

/// When to send again after `attempts` failed sends, or `None` when they are used up.
pub fn next_attempt_at(now_ms: i64, attempts: usize, scale: f64) -> Option<i64> {
    let delay = *SCHEDULE_SECS.get(attempts)?;
    let ms = (delay as f64 * 1000.0 * scale.max(0.0)).round() as i64;
    Some(now_ms + ms)
}

const DELIVERY_TIMEOUT: Duration = Duration::from_secs(10);
/// A claimed notification is not picked up again for this long.
const LEASE_MS: i64 = 30_000;
const IDLE_POLL: Duration = Duration::from_secs(1);

pub async fn run(state: SandboxState, mut shutdown: watch::Receiver<bool>) {
    let http = match reqwest::Client::builder().timeout(DELIVERY_TIMEOUT).build() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("notifier cannot start: {e}");
            return;
        }
    };
    loop {
        if *shutdown.borrow() {
            return;
        }
        tokio::select! {
            done = tick(&state, &http) => if let Err(e) = done {
                tracing::error!("notifier: {e}");
            },
            // Sends in flight are dropped; their lease runs out and they are sent again.
            _ = shutdown.changed() => return,
        }
        let wait = match store::next_due(&state.pool).await {
            Ok(Some(at)) => Duration::from_millis((at - now_ms()).clamp(0, IDLE_POLL.as_millis() as i64) as u64),
            _ => IDLE_POLL,
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = state.wake.notified() => {}
            _ = shutdown.changed() => return,
        }
    }
}

async fn tick(state: &SandboxState, http: &reqwest::Client) -> Result<(), sqlx::Error> {
    let now = now_ms();
    for p in store::overdue(&state.pool, now, 50).await? {
        if store::settle(&state.pool, &p, &Settlement::closed()).await? {
            tracing::info!(payment_id = %p.payment_id, "sandbox payment expired");
        }
    }
    let me = format!("ntc_{}", uuid::Uuid::new_v4().simple());
    let due = store::claim_due(&state.pool, &me, now, LEASE_MS, 20).await?;
    let sends = due.into_iter().map(|n| {
        let state = state.clone();
        let http = http.clone();
        let me = me.clone();
        async move {
            let outcome = deliver(&state, &http, &n).await;
            let attempts = n.attempts as usize + 1;
            let result = match outcome {
                Ok(()) => {
                    tracing::info!(payment_id = %n.payment_id, attempts, "notification delivered");
                    store::record_attempt(&state.pool, &n.id, &me, true, None, None).await
                }
                Err(why) => {
                    let next = next_attempt_at(now_ms(), attempts, state.notify_time_scale);
                    tracing::warn!(payment_id = %n.payment_id, attempts, gave_up = next.is_none(), "notification not acknowledged: {why}");
                    store::record_attempt(&state.pool, &n.id, &me, false, next, Some(&why)).await
                }
            };
            match result {
                Ok(true) => {}
                Ok(false) => tracing::warn!(id = %n.id, "notification claim lost before its outcome was stored"),
                Err(e) => tracing::error!("recording a notification attempt: {e}"),
            }
        }
    });
    futures_join_all(sends).await;
    Ok(())
}

/// Runs the futures concurrently and waits for all of them.
async fn futures_join_all<F: std::future::Future<Output = ()> + Send + 'static>(futs: impl Iterator<Item = F>) {
    let mut set = tokio::task::JoinSet::new();
    for f in futs {
        set.spawn(f);
    }
    while set.join_next().await.is_some() {}
}

/// One send: a signed POST; only the documented acknowledgement counts as delivered.
async fn deliver(state: &SandboxState, http: &reqwest::Client, n: &store::Notification) -> Result<(), String> {
    let path = reqwest::Url::parse(&n.url).map(|u| u.path().to_owned()).map_err(|e| format!("bad notify URL: {e}"))?;
    let time = iso_time(now_ms());
    let mut req = http
        .post(&n.url)
        .header("Content-Type", "application/json; charset=UTF-8")
        .header("client-id", &n.client_id)
        .header("request-time", &time);
    let sig = state.security.sign(&path, &n.client_id, &time, n.body.as_bytes());
    if HeaderValue::from_str(&sig).is_ok() {
        req = req.header("signature", sig);
    }
    let resp = req.body(n.body.clone()).send().await.map_err(|e| e.to_string())?;
    let status = resp.status();
    let body = resp.bytes().await.map_err(|e| e.to_string())?;
    if !status.is_success() {
        return Err(format!("HTTP {status}"));
    }
    let ack: serde_json::Value = serde_json::from_slice(&body).map_err(|_| "the answer is not JSON".to_owned())?;
    if ack["result"]["resultStatus"] == "S" {
        Ok(())
    } else {
        Err(format!(
            "the answer is not an acknowledgement: {}",
            String::from_utf8_lossy(&body).chars().take(200).collect::<String>()
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedule_follows_alipay_and_scales() {
        assert_eq!(next_attempt_at(0, 1, 1.0), Some(120_000));
        assert_eq!(next_attempt_at(0, 7, 1.0), Some(54_000_000));
        assert_eq!(next_attempt_at(0, 8, 1.0), None);
        assert_eq!(next_attempt_at(1000, 1, 0.001), Some(1120));
    }
}
