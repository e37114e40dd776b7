//! A pay whose outcome is unknown (U without a payment, or no answer) is resolved by asking
//! again with the same request and then by inquiryPayment; the merchant never guesses.

mod common;

use std::sync::{Arc, Mutex};

use axum::routing::post;
use common::TestServer;
use serde_json::{json, Value};

/// A stand-in AMS whose pay answers come from `script`, one per call (the last repeats).
async fn fake_ams(script: Vec<Value>, inquiry: Value) -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let script = Arc::new(script);
    let app = axum::Router::new()
        .route(
            "/ams/sandbox/api/v1/payments/pay",
            post(move |body: String| {
                let log = log.clone();
                let script = script.clone();
                async move {
                    let mut log = log.lock().unwrap();
                    log.push(serde_json::from_str::<Value>(&body).unwrap());
                    let answer = script.get(log.len() - 1).or(script.last()).unwrap().clone();
                    axum::Json(answer)
                }
            }),
        )
        .route("/ams/sandbox/api/v1/payments/inquiryPayment", post(move || async move { axum::Json(inquiry) }))
        .route(
            "/ams/sandbox/api/v1/payments/cancel",
            post(|| async { axum::Json(json!({"result": {"resultCode": "UNKNOWN_EXCEPTION", "resultStatus": "U"}})) }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (format!("http://{addr}"), seen)
}

async fn server_with_ams(dir: &std::path::Path, ams_url: String) -> TestServer {
    let mut config = common::config(dir);
    config.ams_url = Some(ams_url);
    TestServer::start_with(config, dir).await
}

#[tokio::test]
async fn an_unknown_pay_that_never_happened_is_a_retryable_error() {
    let unknown = json!({"result": {"resultCode": "UNKNOWN_EXCEPTION", "resultStatus": "U", "resultMessage": "busy"}});
    let not_exist = json!({"result": {"resultCode": "ORDER_NOT_EXIST", "resultStatus": "F", "resultMessage": "no"}});
    let (url, seen) = fake_ams(vec![unknown], not_exist).await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_ams(dir.path(), url).await;
    let order_ref = server.create_order("tea").await;
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "GCASH", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 503, "{err}");
    assert_eq!(err["error"]["code"], "PROVIDER_UNAVAILABLE");
    assert_eq!(err["error"]["retryable"], true);
    {
        let calls = seen.lock().unwrap();
        assert_eq!(calls.len(), 2, "asked once more with the same request");
        assert_eq!(calls[0], calls[1]);
    }
    // AMS said the payment does not exist: the attempt is over, and a new one may start.
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["latestPayment"]["status"], "FAIL");
    assert_eq!(order["status"], "OPEN");
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_pay_answered_on_the_second_ask_continues() {
    let unknown = json!({"result": {"resultCode": "UNKNOWN_EXCEPTION", "resultStatus": "U"}});
    let in_process = json!({
        "result": {"resultCode": "PAYMENT_IN_PROCESS", "resultStatus": "U", "resultMessage": "ok"},
        "paymentId": "fake_1", "paymentCreateTime": "2025-01-01T00:00:00+00:00",
        "normalUrl": "https://wallet.example/pay/fake_1"
    });
    let processing = json!({"result": {"resultCode": "SUCCESS", "resultStatus": "S"}, "paymentStatus": "PROCESSING"});
    let (url, seen) = fake_ams(vec![unknown, in_process], processing).await;
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_ams(dir.path(), url).await;
    let order_ref = server.create_order("tea").await;
    let payment = server.start_payment(&order_ref, "GCASH").await;
    assert_eq!(payment["status"], "PROCESSING");
    assert_eq!(payment["continuation"]["normalUrl"], "https://wallet.example/pay/fake_1");
    let calls = seen.lock().unwrap().clone();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0]["paymentRequestId"], calls[1]["paymentRequestId"]);
    // What the merchant sent: its own amount, the peer's IP, the browser's User-Agent, its URLs.
    let sent = &calls[0];
    assert_eq!(sent["paymentAmount"], json!({"currency": "USD", "value": "1250"}));
    assert_eq!(sent["env"]["clientIp"], "127.0.0.1");
    assert_eq!(sent["env"]["userAgent"], "server-tests/1.0");
    assert_eq!(sent["paymentRedirectUrl"], json!(server.url(&format!("/shop/result.html?order={order_ref}"))));
    assert_eq!(sent["paymentNotifyUrl"], json!(server.url("/alipay/notify")));
    // No --payment-expiry-secs: no paymentExpiryTime, AMS's default for the method applies.
    assert!(sent["paymentExpiryTime"].is_null(), "{sent}");

    // An unsigned S answer from "AMS" is not believed: the stored state stands.
    let (_, view) = server.get(&format!("/api/v1/payments/{}", payment["paymentRef"].as_str().unwrap())).await;
    assert_eq!(view["status"], "PROCESSING");
    server.stop().await;
}

#[tokio::test]
async fn an_unreachable_ams_is_a_retryable_error() {
    let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", probe.local_addr().unwrap());
    drop(probe);
    let dir = tempfile::tempdir().unwrap();
    let server = server_with_ams(dir.path(), dead).await;
    let order_ref = server.create_order("tea").await;
    let (status, err) =
        server.post(&format!("/api/v1/orders/{order_ref}/payment-methods"), &json!({"terminalType": "WEB"})).await;
    assert_eq!(status, 503, "{err}");
    assert_eq!(err["error"]["retryable"], true);
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "GCASH", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 503, "{err}");
    // Unknown, not failed: the attempt stays open until AMS can be asked.
    let (status, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(status, 200);
    assert_eq!(order["latestPayment"]["status"], "PROCESSING");
    server.stop().await;
}
