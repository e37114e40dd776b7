//! Three servers on one database (and one AMS): starts for one order spread over all three
//! are still serialized, and the three sandbox notifiers, sharing one outbox, send each
//! notification once. Both databases are audited afterwards.

mod common;

use std::collections::BTreeSet;
use std::time::Duration;

use common::ams_proxy::Proxy;
use common::{make_shop, settle_and_audit, TestServer};
use futures::future::join_all;
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn starts_spread_over_three_servers_give_one_attempt_and_each_notification_is_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    // AMS answers pay after 800 ms, so the starts overlap.
    let proxy = Proxy::start(Duration::from_millis(800), false).await;
    let mut config = common::config(dir.path());
    config.ams_url = Some(proxy.url.clone());
    let mut servers = Vec::new();
    for _ in 0..3 {
        servers.push(TestServer::start_with(config.clone(), dir.path()).await);
    }
    proxy.point_at(&servers[0].base);

    const ORDERS: usize = 6;
    let body = json!({"paymentMethodType": "GCASH", "terminalType": "WEB"});
    let mut payable = Vec::new();
    for n in 0..ORDERS {
        let order_ref = servers[n % 3].create_order("tea").await;
        let path = format!("/api/v1/orders/{order_ref}/payments");
        let answers = join_all((0..21).map(|k| servers[k % 3].post(&path, &body))).await;
        let mut refs = BTreeSet::new();
        for (status, answer) in &answers {
            match status {
                201 => {
                    refs.insert(answer["paymentRef"].as_str().unwrap().to_owned());
                }
                409 => assert_eq!(answer["error"]["code"], "PAYMENT_IN_PROGRESS", "{answer}"),
                other => panic!("start answered {other}: {answer}"),
            }
        }
        assert_eq!(refs.len(), 1, "one attempt for 21 starts on three servers: {refs:?}");
        payable.push(answers.into_iter().find(|(s, _)| *s == 201).unwrap().1);
    }
    assert_eq!(proxy.calls("pay"), ORDERS, "one pay call per order");
    for p in &payable {
        servers[0].press(p["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    }
    let summary = settle_and_audit(&servers[1], &config, Duration::from_secs(20)).await;
    assert_eq!((summary.paid_orders, summary.cancelled), (ORDERS, 0));
    assert!(proxy.overlaps().is_empty(), "AMS calls about one row at once: {:?}", proxy.overlaps());

    // Every notification delivered, each by one sender, once.
    let (merchant, sandbox) = common::books(&config).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let sent: Vec<(String, i64)> =
            sqlx::query_as("SELECT state, CAST(attempts AS BIGINT) FROM sandbox_notifications")
                .fetch_all(&sandbox)
                .await
                .unwrap();
        if sent.len() == ORDERS && sent.iter().all(|(s, _)| s == "DELIVERED") {
            assert!(sent.iter().all(|(_, a)| *a == 1), "{sent:?}");
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "{sent:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let received: Vec<(String,)> =
        sqlx::query_as("SELECT payment_request_id FROM notifications").fetch_all(&merchant).await.unwrap();
    assert_eq!(received.len(), ORDERS, "each notification arrived once: {received:?}");
    merchant.close().await;
    sandbox.close().await;
    for s in servers {
        s.stop().await;
    }
}
