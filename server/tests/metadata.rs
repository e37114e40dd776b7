//! The server checks `paymentMethodMetaData` itself, with the widget's validators: a client that
//! skips the widget gets 400 `INVALID_REQUEST` naming the field, and AMS receives only the
//! method's own keys, normalised.

mod common;

use common::TestServer;
use serde_json::{json, Value};

async fn start(server: &TestServer, order_ref: &str, method: &str, meta: Value) -> (u16, Value) {
    server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": method, "terminalType": "WEB", "paymentMethodMetaData": meta}),
        )
        .await
}

fn refused(got: &(u16, Value), field: &str) {
    assert_eq!(got.0, 400, "{}", got.1);
    assert_eq!(got.1["error"]["code"], "INVALID_REQUEST");
    let message = got.1["error"]["message"].as_str().unwrap();
    assert!(message.contains(&format!("paymentMethodMetaData.{field}")), "{message}");
}

/// The metadata of the pay requests the sandbox received for an order.
async fn sent(server: &TestServer, order_ref: &str) -> Vec<Value> {
    let (status, list) = server.get(&format!("/sandbox/requests?referenceOrderId={order_ref}")).await;
    assert_eq!(status, 200);
    list["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["request"]["paymentMethod"]["paymentMethodMetaData"].clone())
        .collect()
}

#[tokio::test]
async fn each_field_is_checked_and_only_known_keys_reach_ams() {
    let dir = tempfile::tempdir().unwrap();
    common::make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;

    // BLIK: six digits.
    let order = server.create_order("pierogi").await;
    refused(&start(&server, &order, "BLIK", json!({"blikCode": "12345"})).await, "blikCode");
    refused(&start(&server, &order, "BLIK", json!({"blikCode": "12345a"})).await, "blikCode");
    refused(&start(&server, &order, "BLIK", json!({})).await, "blikCode");
    assert!(sent(&server, &order).await.is_empty(), "nothing reached AMS");
    let (status, p) = start(&server, &order, "BLIK", json!({"blikCode": "123 456", "extra": "<x>"})).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(sent(&server, &order).await, vec![json!({"blikCode": "123456"})]);

    // CPF with check digits (Mercado Pago Brazil).
    let order = server.create_order("acai").await;
    refused(&start(&server, &order, "MERCADOPAGO_BR", json!({"cpf": "529.982.247-26"})).await, "cpf");
    refused(&start(&server, &order, "MERCADOPAGO_BR", json!({"cpf": "111.111.111-11"})).await, "cpf");
    refused(&start(&server, &order, "MERCADOPAGO_BR", json!({"cpf": "1234"})).await, "cpf");
    let (status, p) = start(&server, &order, "MERCADOPAGO_BR", json!({"cpf": "529.982.247-25"})).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(sent(&server, &order).await, vec![json!({"cpf": "52998224725"})]);

    // The payer's email (P24).
    let order = server.create_order("pierogi").await;
    refused(&start(&server, &order, "P24", json!({"payerEmail": "not an email"})).await, "payerEmail");
    let (status, p) = start(&server, &order, "P24", json!({"payerEmail": " jan@example.pl "})).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(sent(&server, &order).await, vec![json!({"payerEmail": "jan@example.pl"})]);

    // iDEAL: a BIC from the method's own bank list, as consult gives it.
    let order = server.create_order("chocolate").await;
    refused(&start(&server, &order, "IDEAL", json!({"bankIdentifierCode": "NOTABANK"})).await, "bankIdentifierCode");
    let (status, p) = start(&server, &order, "IDEAL", json!({"bankIdentifierCode": "abnanl2a"})).await;
    assert_eq!(status, 201, "{p}");
    assert_eq!(sent(&server, &order).await, vec![json!({"bankIdentifierCode": "ABNANL2A"})]);

    // A method without fields sends none, whatever the client adds.
    let order = server.create_order("tea").await;
    let (status, p) = start(&server, &order, "GCASH", json!({"cpf": "52998224725", "blikCode": "123456"})).await;
    assert_eq!(status, 201, "{p}");
    let meta = sent(&server, &order).await;
    assert!(meta[0].is_null() || meta[0] == json!({}), "{meta:?}");
    server.stop().await;
}
