//! Race tests of the money: many clients at once on the real server and sandbox, then both
//! databases audited against the invariants of docs/state-machine.md (`settle_and_audit`).

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use checkout_server::Config;
use common::ams_proxy::Proxy;
use common::{make_shop, settle_and_audit, TestServer};
use futures::future::join_all;
use serde_json::{json, Value};

/// A server whose AMS calls pass through a [`Proxy`] in front of its own sandbox.
async fn behind_proxy(
    dir: &std::path::Path,
    pay_delay: Duration,
    unknown_first_refund: bool,
) -> (TestServer, Config, Proxy) {
    make_shop(dir);
    let proxy = Proxy::start(pay_delay, unknown_first_refund).await;
    let mut config = common::config(dir);
    config.ams_url = Some(proxy.url.clone());
    let server = TestServer::start_with(config.clone(), dir).await;
    proxy.point_at(&server.base);
    (server, config, proxy)
}

fn start_body(method: &str) -> Value {
    json!({"paymentMethodType": method, "terminalType": "WEB"})
}

/// A small deterministic generator (the seed is printed, so a failure can be replayed).
struct Rng(u64);
impl Rng {
    fn seeded() -> Self {
        let seed = std::env::var("RACE_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(|| {
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos() as u64
        });
        eprintln!("RACE_SEED={seed}");
        Self(seed | 1)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

async fn sandbox_attempts(config: &Config, order_ref: &str) -> Vec<(String, String)> {
    let (m, s) = common::books(config).await;
    let rows = sqlx::query_as("SELECT payment_request_id, status FROM sandbox_payments WHERE reference_order_id = $1")
        .bind(order_ref)
        .fetch_all(&s)
        .await
        .unwrap();
    m.close().await;
    s.close().await;
    rows
}

/// Payments AMS took money for and then gave it back because a cancel crossed them.
async fn reversed(config: &Config) -> i64 {
    let (m, s) = common::books(config).await;
    let n: (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM sandbox_payments WHERE status = 'CANCELLED' AND payment_time IS NOT NULL")
            .fetch_one(&s)
            .await
            .unwrap();
    m.close().await;
    s.close().await;
    n.0
}

/// Presses "pay" on a hosted page without caring whether the payment could still be paid.
async fn try_pay(server: &TestServer, normal_url: &str) {
    let _ = server.http.post(format!("{normal_url}/pay")).send().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn twenty_concurrent_starts_on_one_order_give_one_payable_attempt() {
    let dir = tempfile::tempdir().unwrap();
    // AMS answers pay after 800 ms, so all twenty starts are in flight together.
    let (server, config, proxy) = behind_proxy(dir.path(), Duration::from_millis(800), false).await;
    let mut orders = Vec::new();
    for _ in 0..5 {
        let order_ref = server.create_order("tea").await;
        let path = format!("/api/v1/orders/{order_ref}/payments");
        let body = start_body("GCASH");
        let answers = join_all((0..20).map(|_| server.post(&path, &body))).await;
        let mut refs = BTreeSet::new();
        let mut conflicts = 0;
        for (status, body) in &answers {
            match status {
                201 => {
                    assert_eq!(body["status"], "PROCESSING", "{body}");
                    assert!(body["continuation"]["normalUrl"].is_string(), "{body}");
                    refs.insert(body["paymentRef"].as_str().unwrap().to_owned());
                }
                409 => {
                    assert_eq!(body["error"]["code"], "PAYMENT_IN_PROGRESS", "{body}");
                    assert_eq!(body["error"]["retryable"], true, "{body}");
                    conflicts += 1;
                }
                other => panic!("start answered {other}: {body}"),
            }
        }
        assert_eq!(refs.len(), 1, "one attempt for twenty starts: {refs:?}");
        assert!(answers.len() - conflicts >= 1);
        // AMS has exactly that one, open and payable.
        let at_ams = sandbox_attempts(&config, &order_ref).await;
        assert_eq!(at_ams, vec![(refs.first().unwrap().clone(), "PROCESSING".to_owned())]);
        orders.push((order_ref, answers.into_iter().find(|(s, _)| *s == 201).unwrap().1));
    }
    assert_eq!(proxy.calls("pay"), 5, "one pay call per order");
    for (_, payment) in &orders {
        server.press(payment["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    }
    let summary = settle_and_audit(&server, &config, Duration::from_secs(20)).await;
    assert_eq!(summary.paid_orders, 5);
    assert_eq!(summary.cancelled, 0, "no attempt was cancelled");
    assert!(proxy.overlaps().is_empty(), "AMS calls about one row at once: {:?}", proxy.overlaps());
    server.stop().await;
}

/// One order: attempt A is paid at a random moment while attempt B starts (and B is paid too
/// in some orders). Returns B's start answer.
async fn pay_a_while_b_starts(server: &TestServer, delay_ms: u64, pay_b: bool, also_inquire: bool) -> (u16, Value) {
    let order_ref = server.create_order("tea").await;
    let a = server.start_payment(&order_ref, "GCASH").await;
    let a_url = a["continuation"]["normalUrl"].as_str().unwrap().to_owned();
    let a_ref = a["paymentRef"].as_str().unwrap().to_owned();
    let pay_a = async {
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        try_pay(server, &a_url).await;
    };
    let inquire_a = async {
        if also_inquire {
            tokio::time::sleep(Duration::from_millis(delay_ms / 2)).await;
            server.get_payment_quietly(&a_ref).await;
        }
    };
    let path = format!("/api/v1/orders/{order_ref}/payments");
    let body = start_body("ALIPAY_CN");
    let ((), (), b) = tokio::join!(pay_a, inquire_a, server.post(&path, &body));
    if b.0 == 201 && pay_b {
        try_pay(server, b.1["continuation"]["normalUrl"].as_str().unwrap()).await;
    }
    b
}

/// Counts B's answers; panics on any answer but a new attempt or "already paid".
fn tally(answers: &[(u16, Value)]) -> (usize, usize) {
    let mut started = 0;
    let mut paid = 0;
    for (status, body) in answers {
        match (status, body["error"]["code"].as_str()) {
            (201, _) => started += 1,
            (409, Some("ORDER_ALREADY_PAID")) => paid += 1,
            _ => panic!("start of B answered {status}: {body}"),
        }
    }
    (started, paid)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn paying_attempt_a_while_attempt_b_starts_never_loses_or_doubles_money() {
    let dir = tempfile::tempdir().unwrap();
    let (server, config, proxy) = behind_proxy(dir.path(), Duration::ZERO, false).await;
    let mut rng = Rng::seeded();
    let mut answers = Vec::new();
    for _batch in 0..15 {
        let runs: Vec<_> = (0..20).map(|_| (rng.below(200), rng.below(2) == 0)).collect();
        let batch = join_all(runs.into_iter().map(|(delay, pay_b)| pay_a_while_b_starts(&server, delay, pay_b, false)));
        answers.extend(batch.await);
    }
    let (started, paid) = tally(&answers);
    eprintln!("300 orders: B started {started}, A already paid {paid}");
    // Both sides of the race happened, or the test did not test it.
    assert!(started > 0 && paid > 0, "started {started}, paid {paid}");
    let summary = settle_and_audit(&server, &config, Duration::from_secs(30)).await;
    assert_eq!(summary.orders, 300);
    eprintln!("{summary:?}; paid then reversed by a crossing cancel: {}", reversed(&config).await);
    assert!(proxy.overlaps().is_empty(), "AMS calls about one row at once: {:?}", proxy.overlaps());
    server.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_notification_an_inquiry_and_a_cancel_of_one_attempt_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let (server, config, proxy) = behind_proxy(dir.path(), Duration::ZERO, false).await;
    let mut rng = Rng::seeded();
    let mut answers = Vec::new();
    // Paying A makes the sandbox notify the merchant at once; the widget's poll inquires; B's
    // start cancels A: all three about A in every order.
    for _batch in 0..5 {
        let runs: Vec<_> = (0..20).map(|_| rng.below(250)).collect();
        answers.extend(join_all(runs.into_iter().map(|d| pay_a_while_b_starts(&server, d, false, true))).await);
    }
    let (started, paid) = tally(&answers);
    eprintln!("100 orders: B started {started}, A already paid {paid}");
    let summary = settle_and_audit(&server, &config, Duration::from_secs(30)).await;
    assert_eq!(summary.orders, 100);
    eprintln!("{summary:?}; paid then reversed by a crossing cancel: {}", reversed(&config).await);
    assert!(proxy.overlaps().is_empty(), "AMS calls about one row at once: {:?}", proxy.overlaps());
    // Every notification the sandbox sent was acknowledged and recorded once per send.
    let (merchant, _) = common::books(&config).await;
    let outcomes: Vec<(String,)> =
        sqlx::query_as("SELECT outcome FROM notifications").fetch_all(&merchant).await.unwrap();
    assert!(outcomes.iter().all(|(o,)| ["APPLIED", "UNCHANGED"].contains(&o.as_str())), "{outcomes:?}");
    server.stop().await;
}
