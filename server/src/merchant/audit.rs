//! The books audit: compares the merchant's database with AMS's (the sandbox's), order by
//! order, against the invariants of docs/state-machine.md. Tests run it after settling; an
//! operator could run it against a sandbox too. It only reads.

use std::collections::{BTreeMap, BTreeSet};

use crate::db::Pool;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Summary {
    pub orders: usize,
    pub paid_orders: usize,
    pub attempts: usize,
    /// Sandbox payments SUCCESS at some point and refunded by the merchant.
    pub refunded: usize,
    /// Attempts AMS cancelled (and reversed if paid).
    pub cancelled: usize,
}

#[derive(sqlx::FromRow)]
struct Attempt {
    payment_ref: String,
    order_ref: String,
    payment_request_id: String,
    status: String,
}

#[derive(sqlx::FromRow)]
struct AmsPayment {
    payment_id: String,
    payment_request_id: String,
    reference_order_id: String,
    status: String,
}

/// Checks every order in the merchant database. `Err` lists each violation found.
pub async fn audit(merchant: &Pool, sandbox: &Pool) -> Result<Summary, Vec<String>> {
    audit_where(merchant, sandbox, None).await
}

/// Checks one order.
pub async fn audit_order(merchant: &Pool, sandbox: &Pool, order_ref: &str) -> Result<Summary, Vec<String>> {
    audit_where(merchant, sandbox, Some(order_ref)).await
}

async fn audit_where(merchant: &Pool, sandbox: &Pool, only: Option<&str>) -> Result<Summary, Vec<String>> {
    let db = |e: sqlx::Error| vec![format!("reading the books: {e}")];
    let orders: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT order_ref, status, paid_payment_ref FROM orders")
            .fetch_all(merchant)
            .await
            .map_err(db)?;
    let attempts: Vec<Attempt> =
        sqlx::query_as("SELECT payment_ref, order_ref, payment_request_id, status FROM payments")
            .fetch_all(merchant)
            .await
            .map_err(db)?;
    let refunds: Vec<(String, String, String)> =
        sqlx::query_as("SELECT payment_ref, refund_request_id, status FROM refunds")
            .fetch_all(merchant)
            .await
            .map_err(db)?;
    let ams: Vec<AmsPayment> =
        sqlx::query_as("SELECT payment_id, payment_request_id, reference_order_id, status FROM sandbox_payments")
            .fetch_all(sandbox)
            .await
            .map_err(db)?;
    let ams_refunds: Vec<(String, String)> =
        sqlx::query_as("SELECT refund_request_id, payment_id FROM sandbox_refunds")
            .fetch_all(sandbox)
            .await
            .map_err(db)?;

    let orders: Vec<_> = orders.into_iter().filter(|o| only.is_none_or(|r| r == o.0)).collect();
    let mut bad = Vec::new();
    let ams_by_request: BTreeMap<&str, &AmsPayment> = ams.iter().map(|p| (p.payment_request_id.as_str(), p)).collect();
    let mut refunds_by_payment_id: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (rid, pid) in &ams_refunds {
        refunds_by_payment_id.entry(pid.as_str()).or_default().push(rid.as_str());
    }
    let merchant_refund: BTreeMap<&str, (&str, &str)> =
        refunds.iter().map(|(p, rid, s)| (p.as_str(), (rid.as_str(), s.as_str()))).collect();
    let known: BTreeSet<&str> = attempts.iter().map(|a| a.payment_request_id.as_str()).collect();
    let mut summary = Summary { orders: orders.len(), attempts: attempts.len(), ..Summary::default() };

    for (order_ref, status, paid_by) in &orders {
        let mine: Vec<&Attempt> = attempts.iter().filter(|a| &a.order_ref == order_ref).collect();
        // Every attempt ends with AMS's status (never created at AMS: FAIL).
        for a in &mine {
            let at_ams = ams_by_request.get(a.payment_request_id.as_str()).map_or("FAIL", |p| p.status.as_str());
            if a.status != at_ams {
                bad.push(format!("{order_ref}: attempt {} is {} here but {at_ams} at AMS", a.payment_ref, a.status));
            }
            if a.status == "CANCELLED" {
                summary.cancelled += 1;
            }
        }
        // AMS's payments for the order that hold money: SUCCESS and not refunded.
        let at_ams: Vec<&AmsPayment> = ams.iter().filter(|p| &p.reference_order_id == order_ref).collect();
        for p in &at_ams {
            if !known.contains(p.payment_request_id.as_str()) {
                bad.push(format!("{order_ref}: AMS has payment {} the merchant does not know", p.payment_request_id));
            }
            let n = refunds_by_payment_id.get(p.payment_id.as_str()).map_or(0, Vec::len);
            if n > 1 {
                bad.push(format!("{order_ref}: payment {} refunded {n} times at AMS", p.payment_request_id));
            }
        }
        let holding: Vec<&AmsPayment> = at_ams
            .iter()
            .copied()
            .filter(|p| p.status == "SUCCESS" && !refunds_by_payment_id.contains_key(p.payment_id.as_str()))
            .collect();
        let successes = at_ams.iter().filter(|p| p.status == "SUCCESS").count();
        summary.refunded += successes - holding.len();
        if holding.len() > 1 {
            bad.push(format!("{order_ref}: {} payments hold money at AMS", holding.len()));
        }
        // PAID iff AMS holds a successful payment that was not cancelled or refunded.
        let paid = status == "PAID";
        let holds = !holding.is_empty();
        if paid != holds {
            bad.push(format!("{order_ref}: order is {status} but AMS holds {} payment(s)", holding.len()));
        }
        if paid {
            summary.paid_orders += 1;
            let holder = holding.first().map(|p| p.payment_request_id.as_str());
            let paid_request =
                mine.iter().find(|a| Some(&a.payment_ref) == paid_by.as_ref()).map(|a| a.payment_request_id.as_str());
            if holder.is_some() && paid_request != holder {
                bad.push(format!("{order_ref}: paid by {paid_by:?} but AMS holds {holder:?}"));
            }
        }
        // Every SUCCESS beyond the one kept is refunded, exactly once, and the refund is final.
        for a in mine.iter().filter(|a| a.status == "SUCCESS") {
            let kept = paid_by.as_deref() == Some(a.payment_ref.as_str());
            match merchant_refund.get(a.payment_ref.as_str()) {
                None if !kept => bad.push(format!("{order_ref}: second payment {} has no refund", a.payment_ref)),
                Some((rid, s)) => {
                    if *s != "SUCCESS" {
                        bad.push(format!("{order_ref}: refund {rid} is {s}"));
                    }
                    let sent = ams_refunds.iter().filter(|(r, _)| r == rid).count();
                    if sent != 1 {
                        bad.push(format!("{order_ref}: refund {rid} reached AMS {sent} times"));
                    }
                }
                None => {}
            }
        }
    }
    if bad.is_empty() {
        Ok(summary)
    } else {
        Err(bad)
    }
}
