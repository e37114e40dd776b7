//! Bad input gives JSON errors with stable codes and the right status, never a panic.

mod common;

use common::TestServer;
use serde_json::json;

#[tokio::test]
async fn malformed_and_invalid_requests_are_400_json() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;

    for body in ["{bad", "", "[]", "{\"product\": 5}", "{}", "null"] {
        let (status, err) = server.post_raw("/api/v1/orders", body).await;
        assert_eq!(status, 400, "body {body:?}: {err}");
        assert_eq!(err["error"]["code"], "INVALID_REQUEST", "body {body:?}");
        assert_eq!(err["error"]["retryable"], false);
        assert!(!err["error"]["message"].as_str().unwrap().is_empty());
    }
    let (status, err) = server.post_raw("/api/v1/orders", "{bad").await;
    assert_eq!(status, 400);
    assert!(err["error"]["message"].as_str().unwrap().contains("malformed JSON"), "{err}");

    let (status, err) = server.post("/api/v1/orders", &json!({"product": "unicorn"})).await;
    assert_eq!(status, 400);
    assert!(err["error"]["message"].as_str().unwrap().contains("tea"));

    let (status, err) = server.post("/api/v1/orders", &json!({"product": "tea", "userRegion": "<script>"})).await;
    assert_eq!(status, 400, "{err}");

    let order_ref = server.create_order("tea").await;
    let (status, err) =
        server.post_raw(&format!("/api/v1/orders/{order_ref}/payments"), r#"{"paymentMethodType": "GCASH"}"#).await;
    assert_eq!(status, 400);
    assert!(err["error"]["message"].as_str().unwrap().contains("terminalType"), "{err}");
    let (status, _) =
        server.post_raw(&format!("/api/v1/orders/{order_ref}/payment-methods"), r#"{"terminalType": 7}"#).await;
    assert_eq!(status, 400);
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": "x\"<", "terminalType": "WEB"}),
        )
        .await;
    assert_eq!(status, 400, "{err}");
    server.stop().await;
}

#[tokio::test]
async fn unknown_things_are_404_json() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let (status, err) = server.get("/api/v1/orders/ord_nope").await;
    assert_eq!(status, 404);
    assert_eq!(err["error"]["code"], "ORDER_NOT_FOUND");
    let (status, err) = server.get("/api/v1/payments/pay_nope").await;
    assert_eq!(status, 404);
    assert_eq!(err["error"]["code"], "PAYMENT_NOT_FOUND");
    let (status, err) = server
        .post("/api/v1/orders/ord_nope/payments", &json!({"paymentMethodType": "GCASH", "terminalType": "WEB"}))
        .await;
    assert_eq!(status, 404);
    assert_eq!(err["error"]["code"], "ORDER_NOT_FOUND");
    let (status, err) = server.get("/api/v1/nothing/here").await;
    assert_eq!(status, 404);
    assert!(err["error"]["code"].is_string());
    // Static dirs that do not exist just give 404.
    let resp = server.http.get(server.url("/widget/checkout.js")).send().await.unwrap();
    assert_eq!(resp.status(), 404);
    server.stop().await;
}

#[tokio::test]
async fn cors_allows_loopback_and_configured_origins_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = common::config(dir.path());
    config.allowed_origins = vec!["https://shop.example".into()];
    let server = TestServer::start_with(config, dir.path()).await;
    for (origin, allowed) in
        [("http://localhost:3000", true), ("https://shop.example", true), ("https://evil.example", false)]
    {
        let resp = server
            .http
            .request(reqwest::Method::OPTIONS, server.url("/api/v1/orders"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .send()
            .await
            .unwrap();
        let got = resp.headers().get("access-control-allow-origin").map(|v| v.to_str().unwrap().to_owned());
        assert_eq!(got.as_deref() == Some(origin), allowed, "{origin}: {got:?}");
    }
    server.stop().await;
}

#[tokio::test]
async fn widget_files_have_the_right_content_types() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("widget")).unwrap();
    std::fs::write(dir.path().join("widget/checkout_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.path().join("widget/checkout.js"), "export {}").unwrap();
    common::make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let wasm = server.http.get(server.url("/widget/checkout_bg.wasm")).send().await.unwrap();
    assert_eq!(wasm.status(), 200);
    assert_eq!(wasm.headers()["content-type"], "application/wasm");
    let js = server
        .http
        .get(server.url("/widget/checkout.js"))
        .header("origin", "https://any.example")
        .send()
        .await
        .unwrap();
    assert!(js.headers()["content-type"].to_str().unwrap().contains("javascript"));
    assert_eq!(js.headers()["access-control-allow-origin"], "*");
    let root = server.http.get(server.url("/")).send().await.unwrap();
    assert_eq!(root.status(), 303);
    assert_eq!(root.headers()["location"], "/shop/");
    let page = server.http.get(server.url("/shop/result.html")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let bare = server.http.get(server.url("/shop")).send().await.unwrap();
    assert_eq!(bare.status(), 308);
    assert_eq!(bare.headers()["location"], "/shop/");
    server.stop().await;
}
