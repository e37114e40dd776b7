//! notifyPayment: the sandbox sends (and resends on failure), the merchant verifies, applies
//! once, keeps final statuses final, and answers exactly the documented acknowledgement.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::routing::post;
use common::{make_shop, pay_request, TestServer};
use serde_json::{json, Value};

fn notify_body(payment: &Value, notify_type: &str, status: &str, code: &str) -> Value {
    json!({
        "notifyType": notify_type,
        "result": {"resultCode": code, "resultStatus": status, "resultMessage": "test"},
        "paymentRequestId": payment["paymentRef"],
        "paymentId": "sbx_test",
        "paymentAmount": payment["amount"],
        "paymentCreateTime": "2025-01-01T00:00:00+00:00",
        "paymentTime": "2025-01-01T00:01:00+00:00",
        "paymentMethodType": payment["paymentMethodType"],
        "someFutureField": {"x": 1}
    })
}

/// A notification signed as the sandbox (AMS) signs them.
async fn notify(server: &TestServer, body: &Value) -> (u16, String) {
    server.notify(body, Some(&server.sandbox_key())).await
}

#[tokio::test]
async fn notifications_are_verified_acknowledged_and_final_stays_final() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("tea").await;
    let payment = server.start_payment(&order_ref, "ALIPAY_CN").await;
    let payment_ref = payment["paymentRef"].as_str().unwrap();

    // Unsigned, or signed with another key, a notification is refused and changes nothing.
    let forged = notify_body(&payment, "PAYMENT_RESULT", "S", "SUCCESS");
    let (status, body) = server.notify(&forged, None).await;
    assert_eq!(status, 401, "{body}");
    assert_ne!(body, ams::NOTIFY_ACK);
    let (status, _) = server.notify(&forged, Some(&server.merchant_key())).await;
    assert_eq!(status, 401);
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "OPEN");

    // The real payment, then repeated and late notifications: final stays final.
    server.press(payment["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    for late in [
        notify_body(&payment, "PAYMENT_RESULT", "F", "PROCESS_FAIL"),
        notify_body(&payment, "PAYMENT_PENDING", "S", "SUCCESS"),
        notify_body(&payment, "PAYMENT_RESULT", "S", "SUCCESS"),
    ] {
        let (status, body) = notify(&server, &late).await;
        assert_eq!((status, body.as_str()), (200, ams::NOTIFY_ACK));
    }
    let (_, view) = server.get(&format!("/api/v1/payments/{payment_ref}")).await;
    assert_eq!(view["status"], "SUCCESS");
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");

    // A wrong amount or an unknown payment is acknowledged and not applied.
    let order2 = server.create_order("tea").await;
    let p2 = server.start_payment(&order2, "ALIPAY_CN").await;
    let mut wrong = notify_body(&p2, "PAYMENT_RESULT", "S", "SUCCESS");
    wrong["paymentAmount"]["value"] = json!("1");
    assert_eq!(notify(&server, &wrong).await.0, 200);
    let mut unknown = notify_body(&p2, "PAYMENT_RESULT", "S", "SUCCESS");
    unknown["paymentRequestId"] = json!("pay_unknown");
    assert_eq!(notify(&server, &unknown).await.0, 200);
    let (_, order) = server.get(&format!("/api/v1/orders/{order2}")).await;
    assert_eq!(order["status"], "OPEN");

    // Signed garbage is refused (so AMS would resend), never a panic.
    let (status, _) = notify(&server, &json!({"notifyType": 5})).await;
    assert_eq!(status, 400);
    let (_, order) = server.get(&format!("/api/v1/orders/{order2}")).await;
    assert_eq!(order["status"], "OPEN");

    // A signed PENDING then SUCCESS for the second payment are applied in order.
    let (status, body) = notify(&server, &notify_body(&p2, "PAYMENT_PENDING", "S", "SUCCESS")).await;
    assert_eq!((status, body.as_str()), (200, ams::NOTIFY_ACK));
    let (status, _) = notify(&server, &notify_body(&p2, "PAYMENT_RESULT", "S", "SUCCESS")).await;
    assert_eq!(status, 200);
    let (_, order) = server.get(&format!("/api/v1/orders/{order2}")).await;
    assert_eq!(order["status"], "PAID");
    server.stop().await;
}

#[tokio::test]
async fn the_sandbox_notifies_the_merchant() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("kimchi").await;
    let payment = server.start_payment(&order_ref, "KAKAOPAY").await;
    server.press(payment["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    // Wait for the notification to land, reading the database (not the API, which would
    // inquire).
    let db = dir.path().join("data/merchant.db");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display())).await.unwrap();
        let row: (String,) = sqlx::query_as("SELECT status FROM payments WHERE payment_ref = $1")
            .bind(payment["paymentRef"].as_str().unwrap())
            .fetch_one(&pool)
            .await
            .unwrap();
        pool.close().await;
        if row.0 == "SUCCESS" {
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the notification never arrived");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    server.stop().await;
}

#[tokio::test]
async fn sandbox_resends_until_acknowledged() {
    // A merchant endpoint that fails twice, then acknowledges.
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().route(
        "/notify",
        post(move |body: String| {
            let counter = counter.clone();
            async move {
                let n = counter.fetch_add(1, Ordering::SeqCst);
                let v: Value = serde_json::from_str(&body).unwrap();
                assert_eq!(v["notifyType"], "PAYMENT_RESULT");
                if n < 2 { (axum::http::StatusCode::INTERNAL_SERVER_ERROR, String::new()) } else { (axum::http::StatusCode::OK, ams::NOTIFY_ACK.to_owned()) }
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let merchant = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let mut req = pay_request("req-notify", "1000");
    req["paymentNotifyUrl"] = json!(format!("http://{merchant}/notify"));
    let pay = server.ams("/ams/api/v1/payments/pay", &req).await;
    server.press(pay["normalUrl"].as_str().unwrap(), "pay").await;

    // Scaled schedule (x0.001): sends at 0 ms, +120 ms, +600 ms.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while hits.load(Ordering::SeqCst) < 3 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    // Acknowledged: no more sends.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(hits.load(Ordering::SeqCst), 3);
    server.stop().await;
}

#[tokio::test]
async fn unsent_notifications_survive_a_restart() {
    // The merchant is down at first: a port with nothing listening.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let merchant = probe.local_addr().unwrap();
    drop(probe);

    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    // The first retry comes 1.2 s after the failed send.
    config.notify_time_scale = 0.01;
    let server = TestServer::start_with(config, dir.path()).await;
    let mut req = pay_request("req-restart", "1000");
    req["paymentNotifyUrl"] = json!(format!("http://{merchant}/notify"));
    let pay = server.ams("/ams/api/v1/payments/pay", &req).await;
    server.press(pay["normalUrl"].as_str().unwrap(), "pay").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    server.stop().await;

    // The merchant comes up, and so does the server: the stored retry is sent.
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().route(
        "/notify",
        post(move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                ams::NOTIFY_ACK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(merchant).await.unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let server = TestServer::start(dir.path()).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while hits.load(Ordering::SeqCst) < 1 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    server.stop().await;
}
