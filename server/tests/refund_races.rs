//! Duplicate payments refunded exactly once while three servers' refund senders run at once
//! on one database and AMS answers every refund's first call with `UNKNOWN_EXCEPTION`
//! (half of them after actually refunding). Both databases are audited afterwards.

mod common;

use std::time::Duration;

use checkout_server::Config;
use common::ams_proxy::Proxy;
use common::{make_shop, settle_and_audit, TestServer};
use futures::future::join_all;

/// Two attempts of `order_ref` that AMS both took money for, and notifies this server of.
async fn paid_twice(
    server: &TestServer,
    merchant: &checkout_server::db::Pool,
    order_ref: &str,
    n: usize,
) -> [String; 2] {
    let ids = [format!("pay_dup{n}a"), format!("pay_dup{n}b")];
    common::paid_behind_the_merchants_back(server, merchant, order_ref, &[&ids[0], &ids[1]], true).await;
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn duplicates_are_refunded_once_with_concurrent_senders_and_unknown_answers_first() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let proxy = Proxy::start(Duration::ZERO, true).await;
    let mut config: Config = common::config(dir.path());
    config.ams_url = Some(proxy.url.clone());
    // Three servers on one database, like three shop instances in front of one Alipay.
    let mut servers = Vec::new();
    for _ in 0..3 {
        servers.push(TestServer::start_with(config.clone(), dir.path()).await);
    }
    proxy.point_at(&servers[0].base);
    let (merchant, _) = common::books(&config).await;

    const ORDERS: usize = 24;
    let mut attempts = Vec::new();
    for n in 0..ORDERS {
        let order_ref = servers[n % 3].create_order("tea").await;
        attempts.push(paid_twice(&servers[0], &merchant, &order_ref, n).await);
    }
    // Each server learns of some successes at once (inquiries through the widget's GET):
    // the second success of each order is recorded as a duplicate, with its refund row.
    let gets =
        attempts.iter().enumerate().flat_map(|(n, ids)| ids.iter().enumerate().map(move |(k, id)| (n + k, id.clone())));
    join_all(gets.map(|(n, id)| {
        let server = &servers[n % 3];
        async move { server.get_payment_quietly(&id).await }
    }))
    .await;

    let summary = settle_and_audit(&servers[1], &config, Duration::from_secs(40)).await;
    assert_eq!(summary.paid_orders, ORDERS);
    assert_eq!(summary.refunded, ORDERS, "one refund per duplicate");
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT status, CAST(attempts AS BIGINT) FROM refunds").fetch_all(&merchant).await.unwrap();
    assert_eq!(rows.len(), ORDERS);
    for (status, attempts) in &rows {
        assert_eq!(status, "SUCCESS");
        // UNKNOWN_EXCEPTION was not taken as final: it was sent again.
        assert!(*attempts >= 2, "{rows:?}");
    }
    assert!(proxy.calls("refund") >= 2 * ORDERS);
    assert!(proxy.overlaps().is_empty(), "AMS calls about one row at once: {:?}", proxy.overlaps());
    merchant.close().await;
    for s in servers {
        s.stop().await;
    }
}
