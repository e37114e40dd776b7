//! The whole journey over real HTTP: order, methods, pay, hosted page, redirect, result.

mod common;

use common::{make_shop, TestServer};
use serde_json::json;

#[tokio::test]
async fn order_to_paid_through_the_sandbox() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;

    let order_ref = server.create_order("tea").await;
    let (status, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(status, 200);
    assert_eq!(order["status"], "OPEN");
    assert_eq!(order["amount"], json!({"currency": "USD", "value": "1250"}));
    assert!(order["expiresAtMs"].as_i64().unwrap() > 0);

    let (status, methods) =
        server.post(&format!("/api/v1/orders/{order_ref}/payment-methods"), &json!({"terminalType": "WEB"})).await;
    assert_eq!(status, 200, "{methods}");
    let options = methods["paymentOptions"].as_array().unwrap();
    assert!(options.len() >= 5, "{methods}");
    // The order's userRegion (PH) sorts GCash first.
    assert_eq!(options[0]["paymentMethodType"], "GCASH");
    assert!(options.iter().all(|o| o["supportedCurrencies"].as_array().unwrap().contains(&json!("USD"))));
    let logo = options[0]["logo"]["logoUrl"].as_str().unwrap();
    let svg = server.http.get(logo).send().await.unwrap();
    assert_eq!(svg.headers()["content-type"], "image/svg+xml");

    let payment = server.start_payment(&order_ref, "GCASH").await;
    assert_eq!(payment["status"], "PROCESSING");
    assert_eq!(payment["orderRef"], order_ref.as_str());
    assert_eq!(payment["amount"], json!({"currency": "USD", "value": "1250"}));
    let normal_url = payment["continuation"]["normalUrl"].as_str().unwrap().to_owned();
    assert!(normal_url.starts_with(&server.url("/sandbox/checkout/")));

    // While the user is away the order shows the payment in progress.
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["latestPayment"]["status"], "PROCESSING");

    let location = server.press(&normal_url, "pay").await;
    assert_eq!(location, server.url(&format!("/shop/result.html?order={order_ref}")));
    let result_page = server.http.get(&location).send().await.unwrap();
    assert_eq!(result_page.status(), 200);

    let (status, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(status, 200);
    assert_eq!(order["status"], "PAID", "{order}");
    assert_eq!(order["latestPayment"]["status"], "SUCCESS");
    assert_eq!(order["latestPayment"]["continuation"]["normalUrl"], json!(null));

    let payment_ref = payment["paymentRef"].as_str().unwrap();
    let (status, view) = server.get(&format!("/api/v1/payments/{payment_ref}")).await;
    assert_eq!(status, 200);
    assert_eq!(view["status"], "SUCCESS");

    // A paid order takes no more payments.
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "GCASH", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 409);
    assert_eq!(err["error"]["code"], "ORDER_ALREADY_PAID");
    assert_eq!(err["error"]["retryable"], false);

    // The hosted page of a settled payment offers no buttons any more.
    let html = server.http.get(&normal_url).send().await.unwrap().text().await.unwrap();
    assert!(!html.contains("id=\"sandbox-pay\"") && html.contains("SUCCESS"), "{html}");
    server.stop().await;
}

#[tokio::test]
async fn a_failed_attempt_leaves_the_order_open_for_another() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("kimono").await;

    let first = server.start_payment(&order_ref, "PAYPAY").await;
    server.press(first["continuation"]["normalUrl"].as_str().unwrap(), "fail").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "OPEN");
    assert_eq!(order["latestPayment"]["status"], "FAIL");
    assert!(order["latestPayment"]["resultMessage"].as_str().is_some());

    let second = server.start_payment(&order_ref, "PAYPAY").await;
    assert_ne!(first["paymentRef"], second["paymentRef"], "each attempt is a new payment request");
    server.press(second["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    assert_eq!(order["latestPayment"]["paymentRef"], second["paymentRef"]);

    // The first attempt stays failed: a final status never changes.
    let (_, first_now) = server.get(&format!("/api/v1/payments/{}", first["paymentRef"].as_str().unwrap())).await;
    assert_eq!(first_now["status"], "FAIL");
    server.stop().await;
}

#[tokio::test]
async fn sandbox_refusals_map_to_payment_errors() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("tea").await;

    // A method that does not take USD.
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "PAYPAY", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 422, "{err}");
    assert_eq!(err["error"]["code"], "METHOD_UNAVAILABLE");
    assert!(err["error"]["message"].as_str().unwrap().contains("CURRENCY_NOT_SUPPORT"));

    // A method the catalogue lists as disabled.
    let order_ref = server.create_order("songket").await;
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "BOOST", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 422, "{err}");

    // WAP without an OS is refused before AMS is called.
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "TNG", "terminalType": "WAP"}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
    assert_eq!(err["error"]["code"], "INVALID_REQUEST");
    server.stop().await;
}

#[tokio::test]
async fn expired_orders_refuse_payments() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    config.order_ttl_secs = 0;
    let server = TestServer::start_with(config, dir.path()).await;
    let order_ref = server.create_order("tea").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "EXPIRED");
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "GCASH", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 410);
    assert_eq!(err["error"]["code"], "ORDER_EXPIRED");
    server.stop().await;
}

#[tokio::test]
async fn a_new_attempt_cancels_the_older_open_one() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("tea").await;
    let first = server.start_payment(&order_ref, "GCASH").await;
    let second = server.start_payment(&order_ref, "ALIPAY_CN").await;
    let first_ref = first["paymentRef"].as_str().unwrap();

    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let (_, view) = server.get(&format!("/api/v1/payments/{first_ref}")).await;
        if view["status"] == "CANCELLED" {
            assert!(view["resultMessage"].as_str().is_some_and(|m| !m.is_empty()), "{view}");
            assert_eq!(view["continuation"]["normalUrl"], json!(null));
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "the older attempt was not cancelled: {view}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The old page can no longer take the money; the new one can.
    server.press_final(first["continuation"]["normalUrl"].as_str().unwrap()).await;
    server.press(second["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    assert_eq!(order["latestPayment"]["paymentRef"], second["paymentRef"]);
    server.stop().await;
}

#[tokio::test]
async fn an_attempt_paid_meanwhile_blocks_a_new_one() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("tea").await;
    let first = server.start_payment(&order_ref, "GCASH").await;
    // Paid at the wallet; the merchant asks AMS (or has the notification) before a new try.
    server.press(first["continuation"]["normalUrl"].as_str().unwrap(), "pay").await;
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "ALIPAY_CN", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 409, "{err}");
    server.stop().await;
}

#[tokio::test]
async fn continuations_follow_the_method_and_the_device() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;

    // An app wallet on an Android phone: scheme URL, app link and package name.
    let order_ref = server.create_order("adobo").await;
    let (status, p) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "GCASH", "terminalType": "WAP", "osType": "ANDROID"}),
        )
        .await;
    assert_eq!(status, 201, "{p}");
    let c = &p["continuation"];
    assert!(c["schemeUrl"].as_str().unwrap().starts_with("gcash://"));
    assert!(c["applinkUrl"].as_str().unwrap().starts_with(&server.url("/sandbox/checkout/")));
    assert_eq!(c["appIdentifier"], "com.globe.gcash.android");
    assert!(c["normalUrl"].is_string());

    // A bank transfer: a reference code to show as text, and a QR.
    let order_ref = server.create_order("coffee").await;
    let p = server.start_payment(&order_ref, "BANKTRANSFER_BCA").await;
    let form = &p["continuation"]["orderCodeForm"];
    assert!(form["expireTime"].is_string(), "{p}");
    let details = form["codeDetails"].as_array().unwrap();
    assert_eq!(details[0]["displayType"], "TEXT");
    assert_eq!(details[0]["codeValue"].as_str().unwrap().len(), 16);
    assert_eq!(details[1]["codeValueType"], "QRCODE");
    let html =
        server.http.get(p["continuation"]["normalUrl"].as_str().unwrap()).send().await.unwrap().text().await.unwrap();
    assert!(html.contains(details[0]["codeValue"].as_str().unwrap()));
    server.stop().await;
}

#[tokio::test]
async fn a_pending_payment_is_confirmed_later() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("chocolate").await;
    let p = server.start_payment(&order_ref, "SOFORT").await;
    let normal_url = p["continuation"]["normalUrl"].as_str().unwrap().to_owned();
    server.press(&normal_url, "pay").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "OPEN");
    assert_eq!(order["latestPayment"]["status"], "PENDING");
    server.press(&normal_url, "confirm").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    assert_eq!(order["latestPayment"]["status"], "SUCCESS");
    server.stop().await;
}

#[tokio::test]
async fn extra_fields_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("pierogi").await;
    let path = format!("/api/v1/orders/{order_ref}/payments");
    let (status, err) = server.post(&path, &json!({"paymentMethodType": "BLIK", "terminalType": "WEB"})).await;
    // Checked by the server itself before AMS is asked (tests/metadata.rs has the cases).
    assert_eq!(status, 400, "{err}");
    assert_eq!(err["error"]["code"], "INVALID_REQUEST");
    assert!(err["error"]["message"].as_str().unwrap().contains("blikCode"), "{err}");
    let (status, p) = server
        .post(&path, &json!({"paymentMethodType": "BLIK", "terminalType": "WEB", "paymentMethodMetaData": {"blikCode": "123456"}}))
        .await;
    assert_eq!(status, 201, "{p}");

    // iDEAL lists its banks, with logos.
    let order_ref = server.create_order("chocolate").await;
    let (_, methods) =
        server.post(&format!("/api/v1/orders/{order_ref}/payment-methods"), &json!({"terminalType": "WEB"})).await;
    let ideal =
        methods["paymentOptions"].as_array().unwrap().iter().find(|o| o["paymentMethodType"] == "IDEAL").unwrap();
    let banks = ideal["paymentOptionDetail"]["supportBanks"].as_array().unwrap();
    assert!(banks.iter().any(|b| b["bankIdentifierCode"] == "ABNANL2A"));
    let logo = banks[0]["bankLogo"]["logoUrl"].as_str().unwrap();
    assert_eq!(server.http.get(logo).send().await.unwrap().status(), 200);
    let (status, _) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "IDEAL", "terminalType": "WEB", "paymentMethodMetaData": {"bankIdentifierCode": "ABNANL2A"}}),
        )
        .await;
    assert_eq!(status, 201);
    server.stop().await;
}

#[tokio::test]
async fn an_order_paid_twice_refunds_the_second_payment() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("tea").await;

    // Two attempts that both got paid at AMS before the merchant heard of either (as when two
    // tabs race): made here directly, then recorded as the merchant would have.
    let db = common::merchant_db(dir.path()).await;
    common::paid_behind_the_merchants_back(&server, &db, &order_ref, &["pay_dup1", "pay_dup2"], false).await;
    for id in ["pay_dup1", "pay_dup2"] {
        let (_, view) = server.get(&format!("/api/v1/payments/{id}")).await;
        assert_eq!(view["status"], "SUCCESS", "{view}");
    }
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");

    // The second is refunded in full, once.
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT payment_ref, status FROM refunds").fetch_all(&db).await.unwrap();
        if rows.iter().any(|(_, s)| s == "SUCCESS") {
            assert_eq!(rows, vec![("pay_dup2".to_owned(), "SUCCESS".to_owned())]);
            break;
        }
        assert!(tokio::time::Instant::now() < deadline, "no refund: {rows:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    db.close().await;
    server.stop().await;
}
