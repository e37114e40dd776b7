//! Leases: how one server (or one task) claims a row before it makes the AMS call that row
//! stands for, so two never make it at once. A portable conditional UPDATE (no `FOR UPDATE`,
//! which SQLite lacks): it wins only if the row is unclaimed, its lease ran out (a killed
//! server's claim expires), or the claimant already holds it.

use crate::db::{now_ms, Pool};

/// A claimable column pair of one table. Identifiers are compile-time constants, never input.
pub struct Lease {
    pub table: &'static str,
    pub key: &'static str,
    pub by: &'static str,
    pub until: &'static str,
}

pub const ORDER_START: Lease = Lease { table: "orders", key: "order_ref", by: "start_by", until: "start_until_ms" };
pub const ATTEMPT_CALLS: Lease = Lease { table: "payments", key: "payment_ref", by: "call_by", until: "call_until_ms" };
pub const REFUND_SEND: Lease =
    Lease { table: "refunds", key: "refund_request_id", by: "claimed_by", until: "lease_until_ms" };

/// A fresh claimant id: one per flow run, so a lease is re-entrant within it only.
pub fn claimant() -> String {
    format!("clm_{}", uuid::Uuid::new_v4().simple())
}

impl Lease {
    /// Claims `key` for `me` for `ms` milliseconds. `true` if this caller now holds it.
    pub async fn claim(&self, pool: &Pool, key: &str, me: &str, ms: i64) -> Result<bool, sqlx::Error> {
        let now = now_ms();
        let sql = format!(
            "UPDATE {t} SET {by} = $1, {until} = $2 WHERE {k} = $3 AND ({until} IS NULL OR {until} < $4 OR {by} = $5)",
            t = self.table,
            by = self.by,
            until = self.until,
            k = self.key
        );
        let done = sqlx::query(&sql).bind(me).bind(now + ms).bind(key).bind(now).bind(me).execute(pool).await?;
        Ok(done.rows_affected() == 1)
    }

    /// Gives the lease back (only if `me` still holds it).
    pub async fn release(&self, pool: &Pool, key: &str, me: &str) -> Result<(), sqlx::Error> {
        let sql = format!(
            "UPDATE {t} SET {by} = NULL, {until} = NULL WHERE {k} = $1 AND {by} = $2",
            t = self.table,
            by = self.by,
            until = self.until,
            k = self.key
        );
        sqlx::query(&sql).bind(key).bind(me).execute(pool).await?;
        Ok(())
    }

    /// Claims, polling every 25 ms for up to `wait_ms`.
    pub async fn claim_waiting(
        &self,
        pool: &Pool,
        key: &str,
        me: &str,
        ms: i64,
        wait_ms: i64,
    ) -> Result<bool, sqlx::Error> {
        let give_up = now_ms() + wait_ms;
        loop {
            if self.claim(pool, key, me, ms).await? {
                return Ok(true);
            }
            if now_ms() >= give_up {
                return Ok(false);
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::merchant::orders;

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn a_lease_is_exclusive_re_entrant_released_and_expires() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::test_merchant(dir.path()).await.unwrap();
        let order = orders::create(&pool, orders::product("tea").unwrap(), None, 60_000).await.unwrap();
        let key = order.order_ref.as_str();
        let (a, b) = (claimant(), claimant());
        assert!(ORDER_START.claim(&pool, key, &a, 60_000).await.unwrap());
        assert!(!ORDER_START.claim(&pool, key, &b, 60_000).await.unwrap(), "held by another");
        assert!(ORDER_START.claim(&pool, key, &a, 60_000).await.unwrap(), "re-entrant for its holder");
        ORDER_START.release(&pool, key, &b).await.unwrap();
        assert!(!ORDER_START.claim(&pool, key, &b, 60_000).await.unwrap(), "only the holder releases");
        ORDER_START.release(&pool, key, &a).await.unwrap();
        assert!(ORDER_START.claim(&pool, key, &b, -1).await.unwrap(), "free after release");
        // b's lease has already run out (a killed holder): a takes over.
        assert!(ORDER_START.claim(&pool, key, &a, 60_000).await.unwrap(), "an expired lease is taken over");
        assert!(!ORDER_START.claim_waiting(&pool, key, &b, 60_000, 100).await.unwrap());
        assert!(!ORDER_START.claim(&pool, "ord_none", &a, 60_000).await.unwrap(), "no such row");
        // Many claimants at once: exactly one wins.
        ORDER_START.release(&pool, key, &a).await.unwrap();
        let claims = (0..16).map(|_| {
            let pool = pool.clone();
            let key = key.to_owned();
            tokio::spawn(async move { ORDER_START.claim(&pool, &key, &claimant(), 60_000).await.unwrap() })
        });
        let won = futures::future::join_all(claims).await.into_iter().filter(|r| *r.as_ref().unwrap()).count();
        assert_eq!(won, 1);
        pool.close().await;
    }
}
