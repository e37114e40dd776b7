//! State lives in the databases: a restart in the middle of a payment loses nothing.

mod common;

use common::{make_shop, TestServer};

#[tokio::test]
async fn a_restart_mid_payment_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let addr = server.addr();
    let order_ref = server.create_order("mooncakes").await;
    let payment = server.start_payment(&order_ref, "ALIPAY_HK").await;
    let normal_url = payment["continuation"]["normalUrl"].as_str().unwrap().to_owned();
    server.stop().await;

    // Same data dir, same address (the URLs handed out point at it).
    let mut config = common::config(dir.path());
    config.listen = addr;
    let server = TestServer::start_with(config, dir.path()).await;
    let (status, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(status, 200);
    assert_eq!(order["status"], "OPEN");
    assert_eq!(order["latestPayment"]["status"], "PROCESSING");
    assert_eq!(order["latestPayment"]["continuation"]["normalUrl"], normal_url.as_str());

    let location = server.press(&normal_url, "pay").await;
    assert!(location.ends_with(&format!("/shop/result.html?order={order_ref}")));
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    assert_eq!(order["latestPayment"]["status"], "SUCCESS");
    server.stop().await;

    // And the paid state survives another restart.
    let mut config = common::config(dir.path());
    config.listen = addr;
    let server = TestServer::start_with(config, dir.path()).await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    server.stop().await;
}
