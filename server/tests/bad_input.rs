//! Every answer of the merchant API and of `/alipay/notify` is JSON with a stable code, whatever
//! the request: a wrong route or method, a path that is not UTF-8 or too long, an oversized
//! body, a wrong Content-Type, an unknown product; and unsigned notifications are bounded.

mod common;

use common::TestServer;
use serde_json::{json, Value};

/// Sends a request and returns its status, Content-Type and JSON body (Null if not JSON).
async fn send(req: reqwest::RequestBuilder) -> (u16, String, Value) {
    let resp = req.send().await.unwrap();
    let status = resp.status().as_u16();
    let ct = resp.headers().get("content-type").map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default();
    let text = resp.text().await.unwrap();
    (status, ct, serde_json::from_str(&text).unwrap_or(Value::Null))
}

fn api_error(got: &(u16, String, Value), status: u16, code: &str) {
    let (s, ct, body) = got;
    assert_eq!(*s, status, "{body}");
    assert!(ct.starts_with("application/json"), "content-type {ct:?} for {body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{body}");
    assert!(body["error"]["retryable"].is_boolean(), "{body}");
}

fn ams_error(got: &(u16, String, Value), status: u16) {
    let (s, ct, body) = got;
    assert_eq!(*s, status, "{body}");
    assert!(ct.starts_with("application/json"), "content-type {ct:?}");
    assert_eq!(body["result"]["resultStatus"], "F", "{body}");
    assert!(body["result"]["resultCode"].as_str().is_some_and(|c| !c.is_empty()), "{body}");
}

#[tokio::test]
async fn wrong_routes_and_methods_are_json_404_and_405() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let http = &server.http;
    api_error(&send(http.get(server.url("/api/v1/no/such/thing"))).await, 404, "NOT_FOUND");
    api_error(&send(http.get(server.url("/api/v1/orders"))).await, 405, "METHOD_NOT_ALLOWED");
    api_error(&send(http.delete(server.url("/api/v1/orders/ord_x"))).await, 405, "METHOD_NOT_ALLOWED");
    api_error(&send(http.put(server.url("/api/v1/payments/pay_x"))).await, 405, "METHOD_NOT_ALLOWED");
    ams_error(&send(http.get(server.url("/alipay/notify"))).await, 405);
    server.stop().await;
}

#[tokio::test]
async fn paths_that_are_not_utf8_or_too_long_are_json() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let http = &server.http;
    for path in ["/api/v1/orders/%FF%FE", "/api/v1/payments/%C3%28", "/api/v1/orders/%80/payments"] {
        let got = if path.ends_with("payments") {
            send(http.post(server.url(path)).json(&json!({"paymentMethodType": "GCASH", "terminalType": "WEB"}))).await
        } else {
            send(http.get(server.url(path))).await
        };
        api_error(&got, 400, "INVALID_REQUEST");
    }
    // Long but under the limit: not looked up, and not echoed.
    let long_ref = "x".repeat(500);
    let got = send(http.get(server.url(&format!("/api/v1/orders/{long_ref}")))).await;
    api_error(&got, 404, "ORDER_NOT_FOUND");
    assert!(!got.2.to_string().contains(&long_ref));
    let got = send(http.get(server.url(&format!("/api/v1/payments/{long_ref}")))).await;
    api_error(&got, 404, "PAYMENT_NOT_FOUND");
    // Over the limit.
    let huge = "y".repeat(5000);
    api_error(&send(http.get(server.url(&format!("/api/v1/orders/{huge}")))).await, 414, "URI_TOO_LONG");
    api_error(&send(http.get(server.url(&format!("/api/v1/orders?q={huge}")))).await, 414, "URI_TOO_LONG");
    ams_error(&send(http.post(server.url(&format!("/alipay/notify?q={huge}"))).body("{}")).await, 414);
    server.stop().await;
}

#[tokio::test]
async fn oversized_bodies_are_413_json() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let http = &server.http;
    let big = json!({"product": "tea", "pad": "z".repeat(100 * 1024)}).to_string();
    let post = |path: &str| http.post(server.url(path)).header("content-type", "application/json");
    api_error(&send(post("/api/v1/orders").body(big.clone())).await, 413, "PAYLOAD_TOO_LARGE");
    // Without a Content-Length (chunked), the limit holds while reading.
    let chunks: Vec<Result<String, std::io::Error>> = (0..100).map(|_| Ok("a".repeat(1024))).collect();
    let stream = reqwest::Body::wrap_stream(futures::stream::iter(chunks));
    api_error(&send(post("/api/v1/orders").body(stream)).await, 413, "PAYLOAD_TOO_LARGE");
    ams_error(&send(post("/alipay/notify").body(big)).await, 413);
    // Just under the limit is read (and refused for what it says, not for its size).
    let fits = json!({"product": "tea", "pad": "z".repeat(60 * 1024)}).to_string();
    let (status, _, body) = send(post("/api/v1/orders").body(fits)).await;
    assert_eq!(status, 201, "{body}");
    server.stop().await;
}

#[tokio::test]
async fn posts_without_a_json_content_type_are_415() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let http = &server.http;
    let body = r#"{"product": "tea"}"#;
    for ct in [Some("text/plain"), Some("application/x-www-form-urlencoded"), Some("multipart/form-data"), None] {
        let mut req = http.post(server.url("/api/v1/orders")).body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        api_error(&send(req).await, 415, "UNSUPPORTED_MEDIA_TYPE");
    }
    let order_ref = server.create_order("tea").await;
    let req = http
        .post(server.url(&format!("/api/v1/orders/{order_ref}/payments")))
        .header("content-type", "text/plain")
        .body(r#"{"paymentMethodType": "GCASH", "terminalType": "WEB"}"#);
    api_error(&send(req).await, 415, "UNSUPPORTED_MEDIA_TYPE");
    // A parameter on the JSON type is fine.
    let req =
        http.post(server.url("/api/v1/orders")).header("content-type", "application/json; charset=utf-8").body(body);
    assert_eq!(send(req).await.0, 201);
    // The browser must preflight a JSON POST; the preflight from a loopback page passes.
    let resp = http
        .request(reqwest::Method::OPTIONS, server.url("/api/v1/orders"))
        .header("origin", "http://localhost:3000")
        .header("access-control-request-method", "POST")
        .header("access-control-request-headers", "content-type")
        .send()
        .await
        .unwrap();
    assert!(resp.status().is_success());
    assert!(resp.headers().contains_key("access-control-allow-origin"));
    server.stop().await;
}

#[tokio::test]
async fn an_unknown_product_is_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let product = "<script>".repeat(2000);
    let (status, err) = server.post("/api/v1/orders", &json!({"product": product})).await;
    assert_eq!(status, 400);
    assert_eq!(err["error"]["code"], "INVALID_REQUEST");
    let message = err["error"]["message"].as_str().unwrap();
    assert!(!message.contains("<script>") && message.len() < 300, "{message}");
    assert!(message.contains("tea"), "{message}");
    server.stop().await;
}

#[tokio::test]
async fn unsigned_notifications_are_bounded_in_size_and_number() {
    let dir = tempfile::tempdir().unwrap();
    let server = TestServer::start(dir.path()).await;
    let body = json!({"notifyType": "PAYMENT_RESULT", "pad": "n".repeat(60 * 1024)});
    let (status, text) = server.notify(&body, None).await;
    assert_eq!(status, 401, "{text}");
    let ams: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(ams["result"]["resultStatus"], "F");
    let db = common::merchant_db(dir.path()).await;
    let longest: i64 = sqlx::query_scalar("SELECT MAX(LENGTH(body)) FROM notifications").fetch_one(&db).await.unwrap();
    assert!(longest <= 1024, "an unsigned body of {longest} chars was kept");

    // Many more than are kept: the table holds only the newest (ties in one millisecond may
    // keep a few more).
    let small = json!({"notifyType": "PAYMENT_RESULT"});
    for _ in 0..1100 {
        assert_eq!(server.notify(&small, None).await.0, 401);
    }
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM notifications").fetch_one(&db).await.unwrap();
    assert!((1000..=1050).contains(&kept), "{kept} unsigned notifications kept");
    server.stop().await;
}
