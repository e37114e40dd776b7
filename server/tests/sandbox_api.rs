//! The AMS sandbox called directly, as a merchant's AMS client would.

mod common;

use common::{pay_request, TestServer};
use serde_json::json;

#[tokio::test]
async fn pay_is_idempotent_on_the_payment_request_id() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;

    let first = server.ams("/ams/api/v1/payments/pay", &pay_request("req-1", "1000")).await;
    assert_eq!(first["result"]["resultStatus"], "U", "{first}");
    assert_eq!(first["result"]["resultCode"], "PAYMENT_IN_PROCESS");
    let payment_id = first["paymentId"].as_str().unwrap();
    assert!(first["paymentCreateTime"].is_string());
    assert_eq!(first["normalUrl"], json!(server.url(&format!("/sandbox/checkout/{payment_id}"))));

    // Same id, same body (also via the SANDBOX_ path form): the same answer.
    let again = server.ams("/ams/sandbox/api/v1/payments/pay", &pay_request("req-1", "1000")).await;
    assert_eq!(again, first);

    // Same id, different body: refused.
    let other = server.ams("/ams/api/v1/payments/pay", &pay_request("req-1", "2000")).await;
    assert_eq!(other["result"]["resultStatus"], "F");
    assert_eq!(other["result"]["resultCode"], "REPEAT_REQ_INCONSISTENT");

    // A new id is a new payment.
    let second = server.ams("/ams/api/v1/payments/pay", &pay_request("req-2", "1000")).await;
    assert_ne!(second["paymentId"], first["paymentId"]);

    // Concurrent repeats of one request all get the one payment.
    let req = pay_request("req-3", "1000");
    let path = "/ams/api/v1/payments/pay";
    let (a, b, c, d) =
        tokio::join!(server.ams(path, &req), server.ams(path, &req), server.ams(path, &req), server.ams(path, &req));
    assert!(a["paymentId"].is_string(), "{a}");
    assert!([&b, &c, &d].iter().all(|x| x["paymentId"] == a["paymentId"]), "{a} {b} {c} {d}");
    server.stop().await;
}

#[tokio::test]
async fn pay_validates_with_useful_messages() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;

    let mut missing = pay_request("req-bad-1", "1000");
    missing.as_object_mut().unwrap().remove("paymentAmount");
    let answer = server.ams("/ams/api/v1/payments/pay", &missing).await;
    assert_eq!(answer["result"]["resultCode"], "PARAM_ILLEGAL");
    assert!(answer["result"]["resultMessage"].as_str().unwrap().contains("paymentAmount"), "{answer}");

    let mut no_redirect = pay_request("req-bad-2", "1000");
    no_redirect.as_object_mut().unwrap().remove("paymentRedirectUrl");
    let answer = server.ams("/ams/api/v1/payments/pay", &no_redirect).await;
    assert_eq!(answer["result"]["resultCode"], "PARAM_ILLEGAL");
    assert!(answer["result"]["resultMessage"].as_str().unwrap().contains("paymentRedirectUrl"));

    let answer = server.ams("/ams/api/v1/payments/pay", &pay_request("req-bad-3", "12.5")).await;
    assert_eq!(answer["result"]["resultCode"], "PARAM_ILLEGAL");

    let mut wap = pay_request("req-bad-4", "1000");
    wap["env"] = json!({"terminalType": "WAP"});
    let answer = server.ams("/ams/api/v1/payments/pay", &wap).await;
    assert!(answer["result"]["resultMessage"].as_str().unwrap().contains("osType"), "{answer}");

    let mut unknown = pay_request("req-bad-5", "1000");
    unknown["paymentMethod"]["paymentMethodType"] = json!("NOT_A_METHOD");
    let answer = server.ams("/ams/api/v1/payments/pay", &unknown).await;
    assert_eq!(answer["result"]["resultCode"], "UNAVAILABLE_PAYMENT_METHOD");

    let garbage = "{not json";
    let sig = ams::signing::sign(
        &server.merchant_key(),
        "POST",
        "/ams/api/v1/payments/pay",
        "SANDBOX_DEMO_MERCHANT",
        "1",
        garbage,
    );
    let raw = server
        .http
        .post(server.url("/ams/api/v1/payments/pay"))
        .header("client-id", "SANDBOX_DEMO_MERCHANT")
        .header("request-time", "1")
        .header("signature", ams::signing::signature_header(&sig))
        .body(garbage)
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 200);
    let answer: serde_json::Value = raw.json().await.unwrap();
    assert_eq!(answer["result"]["resultCode"], "PARAM_ILLEGAL");

    let no_client =
        server.http.post(server.url("/ams/api/v1/payments/pay")).json(&pay_request("x", "1")).send().await.unwrap();
    assert!(no_client.headers().contains_key("signature"), "failures are signed too");
    let answer: serde_json::Value = no_client.json().await.unwrap();
    assert_eq!(answer["result"]["resultCode"], "INVALID_CLIENT");
    server.stop().await;
}

#[tokio::test]
async fn inquiry_reports_the_stored_status() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let pay = server.ams("/ams/api/v1/payments/pay", &pay_request("req-inq", "1000")).await;
    let payment_id = pay["paymentId"].as_str().unwrap();

    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({"paymentRequestId": "req-inq"})).await;
    assert_eq!(q["result"]["resultStatus"], "S");
    assert_eq!(q["paymentStatus"], "PROCESSING");
    assert_eq!(q["paymentId"], payment_id);

    let location = server.press(pay["normalUrl"].as_str().unwrap(), "pay").await;
    assert_eq!(location, "http://127.0.0.1:9/result");
    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({"paymentId": payment_id})).await;
    assert_eq!(q["paymentStatus"], "SUCCESS");
    assert!(q["paymentTime"].is_string());
    assert_eq!(q["paymentAmount"], json!({"currency": "USD", "value": "1000"}));

    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({"paymentRequestId": "nope"})).await;
    assert_eq!(q["result"]["resultCode"], "ORDER_NOT_EXIST");
    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({})).await;
    assert_eq!(q["result"]["resultCode"], "PARAM_ILLEGAL");
    server.stop().await;
}

#[tokio::test]
async fn consult_filters_and_sorts() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let answer = server
        .ams(
            "/ams/api/v1/payments/consult",
            &json!({"productCode": "CASHIER_PAYMENT", "paymentAmount": {"currency": "MYR", "value": "12900"},
                    "env": {"terminalType": "WEB"}, "userRegion": "MY"}),
        )
        .await;
    assert_eq!(answer["result"]["resultStatus"], "S", "{answer}");
    let options = answer["paymentOptions"].as_array().unwrap();
    assert_eq!(options[0]["paymentMethodRegion"][0], "MY");
    let boost = options.iter().find(|o| o["paymentMethodType"] == "BOOST").unwrap();
    assert_eq!(boost["enabled"], false);
    assert!(boost["disableReason"].is_string());
    server.stop().await;
}

#[tokio::test]
async fn hosted_page_escapes_what_merchants_send() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let mut req = pay_request("req-xss", "1000");
    req["order"]["orderDescription"] = json!("<script>alert(1)</script> & \"quotes\"");
    let pay = server.ams("/ams/api/v1/payments/pay", &req).await;
    let html = server.http.get(pay["normalUrl"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("<script>alert"), "{html}");
    assert!(html.contains("&lt;script&gt;"));
    assert!(html.contains("AMS sandbox"));
    server.stop().await;
}

#[tokio::test]
async fn cancel_and_refund() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let cancel = "/ams/api/v1/payments/cancel";
    let refund = "/ams/api/v1/payments/refund";

    // An open payment is cancelled, and asking again answers the same.
    let open = server.ams("/ams/api/v1/payments/pay", &pay_request("req-c1", "1000")).await;
    let c = server.ams(cancel, &json!({"paymentRequestId": "req-c1"})).await;
    assert_eq!(c["result"]["resultStatus"], "S", "{c}");
    assert_eq!(c["paymentId"], open["paymentId"]);
    let again = server.ams(cancel, &json!({"paymentId": open["paymentId"]})).await;
    assert_eq!(again["cancelTime"], c["cancelTime"]);
    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({"paymentRequestId": "req-c1"})).await;
    assert_eq!(q["paymentStatus"], "CANCELLED");
    // The hosted page of a cancelled payment cannot pay it any more.
    server.press_final(open["normalUrl"].as_str().unwrap()).await;
    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({"paymentRequestId": "req-c1"})).await;
    assert_eq!(q["paymentStatus"], "CANCELLED");

    assert_eq!(
        server.ams(cancel, &json!({"paymentRequestId": "nope"})).await["result"]["resultCode"],
        "ORDER_NOT_EXIST"
    );
    assert_eq!(server.ams(cancel, &json!({})).await["result"]["resultCode"], "PARAM_ILLEGAL");

    // Refunds: only of a paid payment, never more than paid, idempotent on the id.
    let paid = server.ams("/ams/api/v1/payments/pay", &pay_request("req-r1", "1000")).await;
    let pid = paid["paymentId"].as_str().unwrap();
    let early = server
        .ams(
            refund,
            &json!({"refundRequestId": "rf-0", "paymentId": pid, "refundAmount": {"currency": "USD", "value": "100"}}),
        )
        .await;
    assert_eq!(early["result"]["resultCode"], "ORDER_STATUS_INVALID");
    server.press(paid["normalUrl"].as_str().unwrap(), "pay").await;
    let r1 = json!({"refundRequestId": "rf-1", "paymentId": pid, "refundAmount": {"currency": "USD", "value": "600"}});
    let a1 = server.ams(refund, &r1).await;
    assert_eq!(a1["result"]["resultStatus"], "S", "{a1}");
    assert!(a1["refundId"].is_string());
    assert_eq!(server.ams(refund, &r1).await, a1);
    let changed =
        json!({"refundRequestId": "rf-1", "paymentId": pid, "refundAmount": {"currency": "USD", "value": "700"}});
    assert_eq!(server.ams(refund, &changed).await["result"]["resultCode"], "REPEAT_REQ_INCONSISTENT");
    let too_much =
        json!({"refundRequestId": "rf-2", "paymentId": pid, "refundAmount": {"currency": "USD", "value": "500"}});
    assert_eq!(server.ams(refund, &too_much).await["result"]["resultCode"], "REFUND_AMOUNT_EXCEED");
    let rest =
        json!({"refundRequestId": "rf-3", "paymentId": pid, "refundAmount": {"currency": "USD", "value": "400"}});
    assert_eq!(server.ams(refund, &rest).await["result"]["resultStatus"], "S");
    server.stop().await;
}

#[tokio::test]
async fn requests_must_be_signed_and_answers_are() {
    use ams::signing::{self, PrivateKey, PublicKey};
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let path = "/ams/api/v1/payments/pay";

    let unsigned: serde_json::Value =
        server.ams_raw(path, &pay_request("req-s1", "1000"), None).await.json().await.unwrap();
    assert_eq!(unsigned["result"]["resultCode"], "INVALID_SIGNATURE", "{unsigned}");
    let stranger = PrivateKey::generate_2048();
    let forged: serde_json::Value =
        server.ams_raw(path, &pay_request("req-s1", "1000"), Some(&stranger)).await.json().await.unwrap();
    assert_eq!(forged["result"]["resultCode"], "INVALID_SIGNATURE");

    // A signed answer, checked with the key the sandbox publishes.
    let pem = server.http.get(server.url("/sandbox/public-key.pem")).send().await.unwrap().text().await.unwrap();
    let sandbox_public = PublicKey::from_pem(&pem).unwrap();
    assert_eq!(sandbox_public, server.sandbox_key().public_key());
    let resp = server.ams_raw(path, &pay_request("req-s2", "1000"), Some(&server.merchant_key())).await;
    let header = |name: &str| resp.headers()[name].to_str().unwrap().to_owned();
    let (sig, time, client) = (header("signature"), header("response-time"), header("client-id"));
    let body = resp.text().await.unwrap();
    let parsed = signing::parse_signature_header(&sig).unwrap();
    signing::verify(&sandbox_public, "POST", path, &client, &time, &body, &parsed.signature).unwrap();
    assert!(body.contains("PAYMENT_IN_PROCESS"));

    // Another merchant registers its key, then is known; its key cannot be replaced.
    let other = PrivateKey::generate_2048();
    let register = |key: &PrivateKey| {
        let body = json!({"clientId": "SANDBOX_OTHER", "publicKey": key.public_key().to_pem()});
        server.http.post(server.url("/sandbox/merchants")).json(&body).send()
    };
    assert_eq!(register(&other).await.unwrap().status(), 201);
    assert_eq!(register(&other).await.unwrap().status(), 200);
    assert_eq!(register(&stranger).await.unwrap().status(), 409);
    let text = json!({"paymentRequestId": "nope"}).to_string();
    let sig = signing::sign(&other, "POST", "/ams/sandbox/api/v1/payments/inquiryPayment", "SANDBOX_OTHER", "1", &text);
    let answer: serde_json::Value = server
        .http
        .post(server.url("/ams/sandbox/api/v1/payments/inquiryPayment"))
        .header("client-id", "SANDBOX_OTHER")
        .header("request-time", "1")
        .header("signature", signing::signature_header(&sig))
        .body(text)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // Verified, and it cannot see the other merchant's payments.
    assert_eq!(answer["result"]["resultCode"], "ORDER_NOT_EXIST", "{answer}");
    let unknown = server
        .http
        .post(server.url(path))
        .header("client-id", "SANDBOX_NOBODY")
        .header("request-time", "1")
        .body("{}")
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(unknown["result"]["resultCode"], "KEY_NOT_FOUND");
    server.stop().await;
}

#[tokio::test]
async fn an_unpaid_payment_closes_at_its_expiry_and_is_notified() {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let hits = Arc::new(AtomicUsize::new(0));
    let counter = hits.clone();
    let app = axum::Router::new().route(
        "/notify",
        axum::routing::post(move |body: String| {
            let counter = counter.clone();
            async move {
                let v: serde_json::Value = serde_json::from_str(&body).unwrap();
                assert_eq!(v["result"]["resultCode"], "ORDER_IS_CLOSED");
                assert_eq!(v["result"]["resultStatus"], "F");
                counter.fetch_add(1, Ordering::SeqCst);
                ams::NOTIFY_ACK
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let merchant = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let mut req = pay_request("req-expiry", "1000");
    let expiry = time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
    req["paymentExpiryTime"] = json!(expiry.format(&time::format_description::well_known::Rfc3339).unwrap());
    req["paymentNotifyUrl"] = json!(format!("http://{merchant}/notify"));
    let pay = server.ams("/ams/api/v1/payments/pay", &req).await;
    assert_eq!(pay["result"]["resultStatus"], "U", "{pay}");

    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    while hits.load(Ordering::SeqCst) == 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    let q = server.ams("/ams/api/v1/payments/inquiryPayment", &json!({"paymentRequestId": "req-expiry"})).await;
    assert_eq!(q["paymentStatus"], "FAIL");
    assert_eq!(q["paymentResultCode"], "ORDER_IS_CLOSED");
    server.press_final(pay["normalUrl"].as_str().unwrap()).await;

    // Too far in the future for a wallet: refused.
    let mut far = pay_request("req-far", "1000");
    let later = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    far["paymentExpiryTime"] = json!(later.format(&time::format_description::well_known::Rfc3339).unwrap());
    let answer = server.ams("/ams/api/v1/payments/pay", &far).await;
    assert_eq!(answer["result"]["resultCode"], "PARAM_ILLEGAL");
    server.stop().await;
}
