//! Which region the methods are chosen for: the order's (the shop's backend set it) beats the
//! request's (the page's, perhaps the loader's guess from the browser languages), which fills
//! in for an order without one. The answer names the region, so the widget ranks by it too.

mod common;

use common::{make_shop, TestServer};
use serde_json::{json, Value};

async fn order(server: &TestServer, region: Option<&str>) -> String {
    let (status, order) = server.post("/api/v1/orders", &json!({"product": "chocolate", "userRegion": region})).await;
    assert_eq!(status, 201, "{order}");
    order["orderRef"].as_str().unwrap().to_owned()
}

async fn methods(server: &TestServer, order_ref: &str, region: Option<&str>) -> Value {
    let body = json!({"terminalType": "WEB", "userRegion": region});
    let (status, methods) = server.post(&format!("/api/v1/orders/{order_ref}/payment-methods"), &body).await;
    assert_eq!(status, 200, "{methods}");
    methods
}

fn rank(methods: &Value, method: &str) -> usize {
    let options = methods["paymentOptions"].as_array().unwrap();
    options.iter().position(|o| o["paymentMethodType"] == method).unwrap_or_else(|| panic!("no {method} in {methods}"))
}

#[tokio::test]
async fn the_orders_region_beats_the_requests_which_fills_in_for_an_order_without_one() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;

    // Belgian order, Dutch browser: chosen for Belgium.
    let belgian = order(&server, Some("BE")).await;
    let answer = methods(&server, &belgian, Some("NL")).await;
    assert_eq!(answer["userRegion"], "BE");
    assert!(rank(&answer, "BANCONTACT") < rank(&answer, "IDEAL"), "{answer}");

    // No region on the order: the request's.
    let unplaced = order(&server, None).await;
    let answer = methods(&server, &unplaced, Some("NL")).await;
    assert_eq!(answer["userRegion"], "NL");
    assert!(rank(&answer, "IDEAL") < rank(&answer, "BANCONTACT"), "{answer}");

    // Neither: no region in the answer at all.
    let answer = methods(&server, &unplaced, None).await;
    assert!(answer.get("userRegion").is_none(), "{answer}");

    // A bad region from the page is refused even when the order has none.
    let (status, err) = server
        .post(
            &format!("/api/v1/orders/{unplaced}/payment-methods"),
            &json!({"terminalType": "WEB", "userRegion": "<b>"}),
        )
        .await;
    assert_eq!((status, err["error"]["code"].as_str()), (400, Some("INVALID_REQUEST")));
    server.stop().await;
}
