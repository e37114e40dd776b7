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
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let pool = common::merchant_db(dir.path()).await;
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
                if n < 2 {
                    (axum::http::StatusCode::INTERNAL_SERVER_ERROR, String::new())
                } else {
                    (axum::http::StatusCode::OK, ams::NOTIFY_ACK.to_owned())
                }
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

/// Statuses and outcomes of the notifications the merchant received for a payment, in order.
async fn received(dir: &std::path::Path, payment_ref: &str) -> Vec<(String, String)> {
    let pool = common::merchant_db(dir).await;
    let rows: Vec<(Option<String>, String)> = sqlx::query_as(&format!(
        "SELECT notify_type, outcome FROM notifications WHERE payment_request_id = $1 ORDER BY received_at_ms, {}",
        common::insertion_order()
    ))
    .bind(payment_ref)
    .fetch_all(&pool)
    .await
    .unwrap();
    pool.close().await;
    rows.into_iter().map(|(t, o)| (t.unwrap_or_default(), o)).collect()
}

async fn wait_for(dir: &std::path::Path, payment_ref: &str, count: usize) -> Vec<(String, String)> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let rows = received(dir, payment_ref).await;
        if rows.len() >= count || tokio::time::Instant::now() > deadline {
            return rows;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_notification_for_another_client_id_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("tea").await;
    let payment = server.start_payment(&order_ref, "ALIPAY_CN").await;
    // Validly signed by AMS, but for another merchant (the signed content names its Client-Id).
    let body = notify_body(&payment, "PAYMENT_RESULT", "S", "SUCCESS").to_string();
    let time = "2025-01-01T00:00:00+00:00";
    let other = "SANDBOX_OTHER_MERCHANT";
    let sig = ams::signing::sign(&server.sandbox_key(), "POST", "/alipay/notify", other, time, &body);
    let resp = server
        .http
        .post(server.url("/alipay/notify"))
        .header("content-type", "application/json")
        .header("client-id", other)
        .header("request-time", time)
        .header("signature", ams::signing::signature_header(&sig))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 401);
    assert_ne!(resp.text().await.unwrap(), ams::NOTIFY_ACK);
    let payment_ref = payment["paymentRef"].as_str().unwrap();
    let pool = common::merchant_db(dir.path()).await;
    let (status,): (String,) = sqlx::query_as("SELECT status FROM payments WHERE payment_ref = $1")
        .bind(payment_ref)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(status, "PROCESSING");
    let (outcome,): (String,) =
        sqlx::query_as("SELECT outcome FROM notifications ORDER BY received_at_ms DESC LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(outcome, "WRONG_CLIENT_ID");
    pool.close().await;
    server.stop().await;
}

#[tokio::test]
async fn notifications_are_verified_over_the_configured_notify_path() {
    // The public URL has a path prefix that a proxy in front strips: AMS signs over the
    // notify URL's path, the request arrives at /alipay/notify.
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = probe.local_addr().unwrap();
    drop(probe);
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let mut config = common::config(dir.path());
    config.listen = addr;
    config.public_url = Some(format!("http://{addr}/checkout"));
    config.ams_url = Some(format!("http://{addr}"));
    let server = TestServer::start_with(config, dir.path()).await;
    let order_ref = server.create_order("tea").await;
    let payment = server.start_payment(&order_ref, "ALIPAY_CN").await;
    let body = notify_body(&payment, "PAYMENT_RESULT", "S", "SUCCESS").to_string();
    let time = "2025-01-01T00:00:00+00:00";
    let send = |signed_path: &'static str| {
        let sig = ams::signing::sign(&server.sandbox_key(), "POST", signed_path, common::CLIENT_ID, time, &body);
        server
            .http
            .post(server.url("/alipay/notify"))
            .header("content-type", "application/json")
            .header("client-id", common::CLIENT_ID)
            .header("request-time", time)
            .header("signature", ams::signing::signature_header(&sig))
            .body(body.clone())
            .send()
    };
    // Signed over the path it arrived at: not what AMS signs, refused.
    assert_eq!(send("/alipay/notify").await.unwrap().status().as_u16(), 401);
    let resp = send("/checkout/alipay/notify").await.unwrap();
    assert_eq!(resp.status().as_u16(), 200);
    assert_eq!(resp.text().await.unwrap(), ams::NOTIFY_ACK);
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    server.stop().await;
}

#[tokio::test]
async fn a_pending_method_notifies_pending_then_success_and_a_late_pending_is_harmless() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("chocolate").await;
    let payment = server.start_payment(&order_ref, "SOFORT").await;
    let payment_ref = payment["paymentRef"].as_str().unwrap();
    let normal_url = payment["continuation"]["normalUrl"].as_str().unwrap().to_owned();

    server.press(&normal_url, "pay").await;
    let rows = wait_for(dir.path(), payment_ref, 1).await;
    assert_eq!(rows, vec![("PAYMENT_PENDING".to_owned(), "APPLIED".to_owned())]);
    server.press(&normal_url, "confirm").await;
    let rows = wait_for(dir.path(), payment_ref, 2).await;
    assert_eq!(rows[1], ("PAYMENT_RESULT".to_owned(), "APPLIED".to_owned()), "{rows:?}");

    // The PENDING notification again, after SUCCESS (a resend arriving late): acknowledged,
    // nothing moves.
    let pool = common::merchant_db(dir.path()).await;
    let (pending_body,): (String,) = sqlx::query_as(
        "SELECT body FROM notifications WHERE payment_request_id = $1 AND notify_type = 'PAYMENT_PENDING'",
    )
    .bind(payment_ref)
    .fetch_one(&pool)
    .await
    .unwrap();
    pool.close().await;
    let replay: Value = serde_json::from_str(&pending_body).unwrap();
    let (status, ack) = notify(&server, &replay).await;
    assert_eq!((status, ack.as_str()), (200, ams::NOTIFY_ACK));
    let rows = received(dir.path(), payment_ref).await;
    assert_eq!(rows.last().unwrap(), &("PAYMENT_PENDING".to_owned(), "UNCHANGED".to_owned()));
    let (_, view) = server.get(&format!("/api/v1/payments/{payment_ref}")).await;
    assert_eq!(view["status"], "SUCCESS");
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    server.stop().await;
}
