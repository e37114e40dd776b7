//! `--payment-expiry-secs`: pay carries `paymentExpiryTime`, kept under AMS's caps; the widget
//! sees it as `expiresAtMs`; the sandbox closes the payment as FAIL at that time.

mod common;

use std::time::Duration;

use common::{make_shop, TestServer};
use serde_json::Value;

fn now_ms() -> i64 {
    (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

fn parse_ms(raw: &str) -> i64 {
    let t = time::OffsetDateTime::parse(raw, &time::format_description::well_known::Rfc3339).unwrap();
    (t.unix_timestamp_nanos() / 1_000_000) as i64
}

async fn server_with_expiry(dir: &std::path::Path, secs: Option<u64>) -> TestServer {
    make_shop(dir);
    let mut config = common::config(dir);
    config.payment_expiry_secs = secs;
    TestServer::start_with(config, dir).await
}

/// The pay request the sandbox received for an order.
async fn sent_pay(server: &TestServer, order_ref: &str) -> Value {
    let (status, list) = server.get(&format!("/sandbox/requests?referenceOrderId={order_ref}")).await;
    assert_eq!(status, 200);
    list["requests"].as_array().unwrap().last().unwrap()["request"].clone()
}

#[tokio::test]
async fn a_configured_expiry_is_sent_shown_and_closes_the_payment() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_expiry(dir.path(), Some(3)).await;
    let order_ref = server.create_order("adobo").await;
    let before = now_ms();
    let payment = server.start_payment(&order_ref, "GCASH").await;
    let expires = payment["expiresAtMs"].as_i64().unwrap();
    assert!(expires >= before + 3000 && expires <= now_ms() + 4000, "{expires} vs {before}");
    let sent = sent_pay(&server, &order_ref).await;
    assert_eq!(parse_ms(sent["paymentExpiryTime"].as_str().unwrap()), expires, "{sent}");
    assert!(sent["paymentExpiryTime"].as_str().unwrap().ends_with("+00:00"));

    // Still open just before; FAIL soon after, asked through the merchant API.
    let payment_ref = payment["paymentRef"].as_str().unwrap();
    let (_, view) = server.get(&format!("/api/v1/payments/{payment_ref}")).await;
    assert_eq!(view["status"], "PROCESSING");
    let wait = (expires - now_ms()).max(0) as u64;
    tokio::time::sleep(Duration::from_millis(wait + 50)).await;
    let mut view = Value::Null;
    while now_ms() < expires + 2000 {
        view = server.get(&format!("/api/v1/payments/{payment_ref}")).await.1;
        if view["status"] == "FAIL" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(view["status"], "FAIL", "{view}");
    assert_eq!(view["expiresAtMs"], expires);
    assert!(view["resultMessage"].as_str().unwrap().contains("expired"), "{view}");
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "OPEN", "the order takes another attempt");
    assert_eq!(order["latestPayment"]["status"], "FAIL");
    // The hosted page cannot take the money any more.
    server.press_final(payment["continuation"]["normalUrl"].as_str().unwrap()).await;

    // A code method: the code's expireTime is the same time.
    let order_ref = server.create_order("mango").await;
    let payment = server.start_payment(&order_ref, "PROMPTPAY").await;
    let expire_time = payment["continuation"]["orderCodeForm"]["expireTime"].as_str().unwrap();
    assert_eq!(parse_ms(expire_time), payment["expiresAtMs"].as_i64().unwrap());
    server.stop().await;
}

#[tokio::test]
async fn the_closing_is_notified_without_anyone_asking() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_expiry(dir.path(), Some(2)).await;
    let order_ref = server.create_order("tea").await;
    let payment = server.start_payment(&order_ref, "ALIPAY_CN").await;
    let expires = payment["expiresAtMs"].as_i64().unwrap();
    // Read the merchant's database (the API would inquire).
    let db = common::merchant_db(dir.path()).await;
    loop {
        let (status,): (String,) = sqlx::query_as("SELECT status FROM payments WHERE payment_ref = $1")
            .bind(payment["paymentRef"].as_str().unwrap())
            .fetch_one(&db)
            .await
            .unwrap();
        if status == "FAIL" {
            break;
        }
        assert!(now_ms() < expires + 3000, "not closed 3 s after its expiry");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(now_ms() >= expires);
    db.close().await;
    server.stop().await;
}

#[tokio::test]
async fn configured_expiries_are_kept_under_the_method_caps() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_expiry(dir.path(), Some(7 * 24 * 3600)).await;

    // A wallet: under 10 minutes (AMS refuses more), and the sandbox accepts it.
    let order_ref = server.create_order("adobo").await;
    let before = now_ms();
    let p = server.start_payment(&order_ref, "GCASH").await;
    let ms = p["expiresAtMs"].as_i64().unwrap() - before;
    assert!((9 * 60_000..10 * 60_000).contains(&ms), "{ms}");

    // A bank transfer: under 48 hours.
    let order_ref = server.create_order("coffee").await;
    let before = now_ms();
    let p = server.start_payment(&order_ref, "BANKTRANSFER_BCA").await;
    let ms = p["expiresAtMs"].as_i64().unwrap() - before;
    assert!((47 * 3_600_000..48 * 3_600_000).contains(&ms), "{ms}");
    let form = &p["continuation"]["orderCodeForm"];
    assert_eq!(parse_ms(form["expireTime"].as_str().unwrap()), p["expiresAtMs"].as_i64().unwrap());
    server.stop().await;
}

#[tokio::test]
async fn without_a_configured_expiry_the_method_default_applies() {
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_expiry(dir.path(), None).await;
    let order_ref = server.create_order("adobo").await;
    let before = now_ms();
    let p = server.start_payment(&order_ref, "GCASH").await;
    assert!(sent_pay(&server, &order_ref).await["paymentExpiryTime"].is_null());
    let ms = p["expiresAtMs"].as_i64().unwrap() - before;
    assert!((14 * 60_000 - 1000..14 * 60_000 + 5000).contains(&ms), "{ms}");

    // A bank transfer's code says when it expires (48 h); expiresAtMs follows it.
    let order_ref = server.create_order("coffee").await;
    let p = server.start_payment(&order_ref, "BANKTRANSFER_BCA").await;
    let expire_time = p["continuation"]["orderCodeForm"]["expireTime"].as_str().unwrap();
    assert_eq!(parse_ms(expire_time) / 1000, p["expiresAtMs"].as_i64().unwrap() / 1000);
    let ms = parse_ms(expire_time) - before;
    assert!((47 * 3_600_000..49 * 3_600_000).contains(&ms), "{ms}");
    server.stop().await;
}
