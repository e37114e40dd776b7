//! Tests of the state machine on the real SQL (a temp-file database with the real
//! migrations) and the real mappings from notifications and inquiry answers.

use ams::InquiryPaymentResponse;

use super::observed::{observed_from_inquiry, Observed};
use super::row::{processing_row, PaymentRow};
use super::store::{insert, load};
use super::transition::apply_status;
use crate::db::{now_ms, Pool};
use crate::merchant::orders;

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
            "SUCCESS" => 2,
            _ => 3,
        }
    }

    /// FAIL and CANCELLED: never change.
    fn is_terminal(status: &str) -> bool {
        rank(status) == 3
    }

    fn is_final(status: &str) -> bool {
        rank(status) >= 2
    }

    /// The reference model: where a sequence of observed statuses must end.
    fn model(seq: &[Obs]) -> String {
        let mut now = "PROCESSING".to_owned();
        for seen in seq.iter().filter_map(|o| to_observed(*o)) {
            if seen.status.allowed_from().contains(&now.as_str()) {
                now = seen.status.as_str().to_owned();
            }
        }
        now
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
            let pool = rt.block_on(crate::db::test_merchant(dir.path())).unwrap();
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
                after.push(load(&self.pool, &payment.payment_ref).await.unwrap().unwrap().status.as_str().to_owned());
            }
            after
        }

        /// (status, result code, order paid by this payment).
        async fn end_state(&self, payment: &PaymentRow) -> (String, Option<String>, bool) {
            let p = load(&self.pool, &payment.payment_ref).await.unwrap().unwrap();
            let o = orders::load(&self.pool, &payment.order_ref).await.unwrap().unwrap();
            let paid = o.paid_payment_ref.as_deref() == Some(payment.payment_ref.as_str());
            (p.status.as_str().to_owned(), p.result_code, paid)
        }
    }

    fn config() -> Config {
        Config { cases: 64, failure_persistence: None, ..Config::default() }
    }

    /// Any sequence, contradictory ones included: the status never goes backwards, FAIL and
    /// CANCELLED never change, SUCCESS changes only to CANCELLED, the end state is the
    /// model's, and the order is paid exactly when the payment ended SUCCESS.
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
                        if is_terminal(&prev) {
                            prop_assert_eq!(&prev, now, "a terminal status changed after {:?}", o);
                        }
                        if prev == "SUCCESS" && now != "SUCCESS" {
                            prop_assert_eq!(now.as_str(), "CANCELLED", "SUCCESS left for {} after {:?}", now, o);
                        }
                        prev = now.clone();
                    }
                    let (status, _, paid) = db.end_state(&payment).await;
                    prop_assert_eq!(&status, &model(&seq));
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
        let strategy = (outcome, proptest::collection::vec(any::<u8>(), 0..10), any::<u64>(), 0usize..12).prop_map(
            |(outcome, picks, seed, dups)| {
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
            },
        );
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
                    let expected = if let Some(f) =
                        seq.iter().filter_map(|o| to_observed(*o)).map(|s| s.status).find(|s| is_final(s.as_str()))
                    {
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
