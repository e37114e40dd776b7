//! Refunds of payments that must not keep the money (an order paid twice keeps its first
//! payment and refunds the others). The refund row is written in the transaction that records
//! the duplicate ([`record`]); the sender claims a row (lease) before each send, retries
//! transient answers with backoff, and writes a final status only while it still holds the
//! claim and the row is still REQUESTED, so a final status never changes. The refund id is
//! derived from the payment, which makes every resend idempotent at AMS.

use std::sync::OnceLock;

use ams::{RefundRequest, RefundResponse, ResultStatus};

use super::lease::{claimant, REFUND_SEND};
use super::status::RefundStatus;
use super::tx::Tx;
use super::MerchantState;
use crate::ams_client::{deadlines, AmsError};
use crate::db::now_ms;

/// How long a claim lasts: longer than one refund call.
pub const LEASE_MS: i64 = 15_000;
const MAX_BACKOFF_MS: i64 = 5 * 60_000;

/// A full refund of one payment, to record.
pub struct NewRefund<'a> {
    pub payment_ref: &'a str,
    pub ams_payment_id: &'a str,
    pub currency: &'a str,
    pub amount_minor: i64,
    pub reason: &'a str,
}

/// Records a refund, once whatever the number of calls, inside `tx`.
pub async fn record(tx: &mut Tx, r: NewRefund<'_>) -> Result<(), sqlx::Error> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO refunds (refund_request_id, payment_ref, ams_payment_id, currency, amount_minor, reason, \
         status, attempts, created_at_ms, updated_at_ms, next_attempt_at_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, 'REQUESTED', 0, $7, $8, $9) ON CONFLICT (refund_request_id) DO NOTHING",
    )
    .bind(refund_request_id(r.payment_ref))
    .bind(r.payment_ref)
    .bind(r.ams_payment_id)
    .bind(r.currency)
    .bind(r.amount_minor)
    .bind(r.reason)
    .bind(now)
    .bind(now)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub fn refund_request_id(payment_ref: &str) -> String {
    format!("rfd_{}", payment_ref.trim_start_matches("pay_"))
}

#[derive(Debug, sqlx::FromRow)]
struct Due {
    refund_request_id: String,
    ams_payment_id: String,
    currency: String,
    amount_minor: i64,
    reason: String,
    attempts: i64,
}

/// What one send ended in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Final(RefundStatus),
    /// No definite answer: send again later.
    Retry,
}

/// AMS's answer, classified: S is done; U, a transport failure and the "ask again" codes are
/// transient; any other F is a definite refusal.
pub fn classify(answer: &Result<RefundResponse, AmsError>) -> Outcome {
    let Ok(resp) = answer else {
        return Outcome::Retry;
    };
    match resp.result.result_status {
        ResultStatus::Success => Outcome::Final(RefundStatus::Success),
        ResultStatus::Failed
            if !matches!(
                resp.result.result_code.as_str(),
                "UNKNOWN_EXCEPTION" | "PROCESS_FAIL" | "REQUEST_TRAFFIC_EXCEED_LIMIT" | "SYSTEM_ERROR"
            ) =>
        {
            Outcome::Final(RefundStatus::Failed)
        }
        _ => Outcome::Retry,
    }
}

/// When to try again after `attempts` sends: 1 s, 2 s, 4 s, ... up to 5 minutes.
pub fn backoff_ms(attempts: i64) -> i64 {
    (1000_i64 << attempts.clamp(0, 20)).min(MAX_BACKOFF_MS)
}

/// Test hook, read once: with `CHECKOUT_TEST_HOLD_REFUNDS=1` the sender claims its rows and
/// then waits forever instead of sending, so a crash test can kill the server in between.
fn hold_for_tests() -> bool {
    static HOLD: OnceLock<bool> = OnceLock::new();
    *HOLD.get_or_init(|| std::env::var("CHECKOUT_TEST_HOLD_REFUNDS").is_ok_and(|v| v == "1"))
}

/// Sends every refund that is due and not claimed by another sender.
pub async fn send_pending(state: &MerchantState) {
    let now = now_ms();
    let due = sqlx::query_as::<_, Due>(
        "SELECT refund_request_id, ams_payment_id, currency, amount_minor, reason, CAST(attempts AS BIGINT) AS attempts FROM refunds \
         WHERE status = 'REQUESTED' AND next_attempt_at_ms <= $1 AND (lease_until_ms IS NULL OR lease_until_ms < $2) \
         ORDER BY created_at_ms LIMIT 20",
    )
    .bind(now)
    .bind(now)
    .fetch_all(&state.pool)
    .await;
    let due = match due {
        Ok(rows) => rows,
        Err(e) => return tracing::error!("loading refunds: {e}"),
    };
    for row in due {
        if let Err(e) = send_one(state, row).await {
            tracing::error!("sending a refund: {e}");
        }
    }
}

async fn send_one(state: &MerchantState, row: Due) -> Result<(), sqlx::Error> {
    let me = claimant();
    if !REFUND_SEND.claim(&state.pool, &row.refund_request_id, &me, LEASE_MS).await? {
        return Ok(()); // another sender has it
    }
    if hold_for_tests() {
        tracing::warn!(refund = %row.refund_request_id, "holding a claimed refund (test hook)");
        std::future::pending::<()>().await;
    }
    let req = RefundRequest {
        refund_request_id: row.refund_request_id.clone(),
        payment_id: row.ams_payment_id.clone(),
        refund_amount: ams::Amount::from_minor(&row.currency, row.amount_minor.max(0) as u64),
        refund_reason: Some(row.reason.clone()),
        refund_notify_url: None,
    };
    let answer = state.ams.refund(&req, deadlines::CANCEL).await;
    let outcome = classify(&answer);
    let (refund_id, code, message) = match &answer {
        Ok(r) => (r.refund_id.clone(), r.result.result_code.clone(), r.result.result_message.clone()),
        Err(e) => (None, "UNKNOWN".to_owned(), e.to_string()),
    };
    let now = now_ms();
    let (status, next_at) = match &outcome {
        Outcome::Final(s) => (s.clone(), now),
        Outcome::Retry => (RefundStatus::Requested, now + backoff_ms(row.attempts)),
    };
    if status == RefundStatus::Failed {
        tracing::error!(refund = %row.refund_request_id, code, "AMS refused a refund: {message}");
    }
    let answer = Answer { status, refund_id, code, message, next_at };
    if !store_answer(&state.pool, &row.refund_request_id, &me, answer).await? {
        tracing::warn!(refund = %row.refund_request_id, "refund claim lost before its answer was stored; it is resent");
    }
    Ok(())
}

/// What one send learnt, to store.
struct Answer {
    status: RefundStatus,
    refund_id: Option<String>,
    code: String,
    message: String,
    next_at: i64,
}

/// Stores a send's answer only while the refund is still REQUESTED and still claimed by `me`:
/// a final status is never overwritten. `false` when nothing was stored.
async fn store_answer(pool: &crate::db::Pool, id: &str, me: &str, a: Answer) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE refunds SET status = $1, refund_id = COALESCE($2, refund_id), result_code = $3, \
         result_message = $4, attempts = attempts + 1, next_attempt_at_ms = $5, claimed_by = NULL, \
         lease_until_ms = NULL, updated_at_ms = $6 \
         WHERE refund_request_id = $7 AND status = 'REQUESTED' AND claimed_by = $8",
    )
    .bind(a.status.as_str())
    .bind(a.refund_id)
    .bind(a.code)
    .bind(a.message)
    .bind(a.next_at)
    .bind(now_ms())
    .bind(id)
    .bind(me)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(status: &str, code: &str) -> Result<RefundResponse, AmsError> {
        Ok(serde_json::from_value(
            json!({"result": {"resultCode": code, "resultStatus": status, "resultMessage": "m"}}),
        )
        .unwrap())
    }

    #[test]
    fn transient_answers_are_retried_and_only_definite_ones_are_final() {
        assert_eq!(classify(&answer("S", "SUCCESS")), Outcome::Final(RefundStatus::Success));
        assert_eq!(classify(&answer("F", "REFUND_AMOUNT_EXCEED")), Outcome::Final(RefundStatus::Failed));
        assert_eq!(classify(&answer("F", "ORDER_STATUS_INVALID")), Outcome::Final(RefundStatus::Failed));
        for (s, c) in [("F", "UNKNOWN_EXCEPTION"), ("U", "UNKNOWN_EXCEPTION"), ("F", "PROCESS_FAIL"), ("U", "X")] {
            assert_eq!(classify(&answer(s, c)), Outcome::Retry, "{s} {c}");
        }
        assert_eq!(classify(&Err(AmsError::Timeout)), Outcome::Retry);
    }

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff_ms(0), 1000);
        assert_eq!(backoff_ms(3), 8000);
        assert_eq!(backoff_ms(40), MAX_BACKOFF_MS);
    }

    fn answer_of(status: RefundStatus) -> Answer {
        Answer { status, refund_id: None, code: "C".into(), message: "m".into(), next_at: 0 }
    }

    #[tokio::test]
    async fn only_the_claim_holder_stores_and_a_final_status_never_changes() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::db::test_merchant(dir.path()).await.unwrap();
        let order =
            crate::merchant::orders::create(&pool, crate::merchant::orders::product("tea").unwrap(), None, 60_000)
                .await
                .unwrap();
        let p = crate::merchant::payments::PaymentRow::new_attempt(&order, "GCASH", 0, 0);
        sqlx::query(
            "INSERT INTO payments (payment_ref, order_ref, payment_request_id, payment_method_type, currency, \
             amount_minor, status, continuation_json, created_at_ms, updated_at_ms) \
             VALUES ($1, $2, $3, 'GCASH', 'USD', 1250, 'SUCCESS', '{}', 0, 0)",
        )
        .bind(&p.payment_ref)
        .bind(&p.order_ref)
        .bind(&p.payment_request_id)
        .execute(&pool)
        .await
        .unwrap();
        let mut tx = pool.begin().await.unwrap();
        let new = NewRefund {
            payment_ref: &p.payment_ref,
            ams_payment_id: "sbx_1",
            currency: "USD",
            amount_minor: 1250,
            reason: "r",
        };
        record(&mut tx, new).await.unwrap();
        let again = NewRefund {
            payment_ref: &p.payment_ref,
            ams_payment_id: "sbx_1",
            currency: "USD",
            amount_minor: 1250,
            reason: "r",
        };
        record(&mut tx, again).await.unwrap();
        tx.commit().await.unwrap();
        let id = refund_request_id(&p.payment_ref);
        let status = || async {
            let r: (String, i64) =
                sqlx::query_as("SELECT status, CAST(attempts AS BIGINT) FROM refunds WHERE refund_request_id = $1")
                    .bind(&id)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            r
        };
        assert_eq!(status().await, ("REQUESTED".to_owned(), 0), "recorded once");
        let (a, b) = (claimant(), claimant());
        assert!(
            !store_answer(&pool, &id, &a, answer_of(RefundStatus::Success)).await.unwrap(),
            "unclaimed: not stored"
        );
        assert!(REFUND_SEND.claim(&pool, &id, &a, LEASE_MS).await.unwrap());
        assert!(!store_answer(&pool, &id, &b, answer_of(RefundStatus::Failed)).await.unwrap(), "not b's claim");
        assert!(store_answer(&pool, &id, &a, answer_of(RefundStatus::Requested)).await.unwrap(), "a retry");
        assert_eq!(status().await, ("REQUESTED".to_owned(), 1));
        assert!(REFUND_SEND.claim(&pool, &id, &a, LEASE_MS).await.unwrap());
        assert!(store_answer(&pool, &id, &a, answer_of(RefundStatus::Success)).await.unwrap());
        // A sender whose lease ran out and who got an answer late cannot change it.
        assert!(REFUND_SEND.claim(&pool, &id, &b, LEASE_MS).await.unwrap());
        assert!(!store_answer(&pool, &id, &b, answer_of(RefundStatus::Failed)).await.unwrap());
        assert_eq!(status().await, ("SUCCESS".to_owned(), 2));
        pool.close().await;
    }
}
