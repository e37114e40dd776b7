//! What a pay answer gives the widget to go on with, by method and terminal: a page
//! (`normalUrl`, always), an app (`schemeUrl`, `applinkUrl`, `appIdentifier` on Android) on
//! mobile, or codes to show (`orderCodeForm`: a QR, and a text code for bank transfers).

mod common;

use common::{make_shop, TestServer};
use serde_json::{json, Value};

#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    /// Only the page.
    Page,
    /// App on mobile: scheme + app link + page (+ package name on Android).
    App,
    /// A QR code (one image) and its expiry.
    Qr,
    /// A text reference code and a QR, and their expiry.
    TextAndQr,
}

async fn pay(server: &TestServer, product: &str, method: &str, terminal: &str, os: Option<&str>) -> Value {
    let order_ref = server.create_order(product).await;
    let (status, p) = server
        .post(
            &format!("/api/v1/orders/{order_ref}/payments"),
            &json!({"paymentMethodType": method, "terminalType": terminal, "osType": os}),
        )
        .await;
    assert_eq!(status, 201, "{method} {terminal} {os:?}: {p}");
    p
}

fn check(server: &TestServer, p: &Value, want: Want, os: Option<&str>, label: &str) {
    let c = &p["continuation"];
    assert!(c["normalUrl"].as_str().unwrap().starts_with(&server.url("/sandbox/checkout/")), "{label}: {c}");
    let app = want == Want::App;
    assert_eq!(c["schemeUrl"].is_string(), app, "{label}: {c}");
    assert_eq!(c["applinkUrl"].is_string(), app, "{label}: {c}");
    assert_eq!(c["appIdentifier"].is_string(), app && os == Some("ANDROID"), "{label}: {c}");
    if app {
        let scheme = c["schemeUrl"].as_str().unwrap();
        assert!(!scheme.starts_with("http") && scheme.contains("://"), "{label}: {scheme}");
        assert!(c["applinkUrl"].as_str().unwrap().starts_with("http"), "{label}");
    }
    let form = &c["orderCodeForm"];
    match want {
        Want::Qr | Want::TextAndQr => {
            let expire = form["expireTime"].as_str().unwrap_or_else(|| panic!("{label}: {c}"));
            let t = time::OffsetDateTime::parse(expire, &time::format_description::well_known::Rfc3339).unwrap();
            assert_eq!((t.unix_timestamp_nanos() / 1_000_000) as i64, p["expiresAtMs"].as_i64().unwrap(), "{label}");
            let details = form["codeDetails"].as_array().unwrap();
            assert!(details.len() <= 4);
            let qrs: Vec<_> = details.iter().filter(|d| d["codeValueType"] == "QRCODE").collect();
            assert_eq!(qrs.len(), 1, "{label}: {form}");
            assert!(
                ["SMALLIMAGE", "MIDDLEIMAGE", "BIGIMAGE"].contains(&qrs[0]["displayType"].as_str().unwrap()),
                "{label}"
            );
            let texts: Vec<_> = details.iter().filter(|d| d["displayType"] == "TEXT").collect();
            assert_eq!(texts.len(), usize::from(want == Want::TextAndQr), "{label}: {form}");
            if let Some(t) = texts.first() {
                let code = t["codeValue"].as_str().unwrap();
                assert!(code.len() == 16 && code.bytes().all(|b| b.is_ascii_digit()), "{label}: {code}");
            }
        }
        _ => assert!(form.is_null(), "{label}: {c}"),
    }
}

#[tokio::test]
async fn each_method_continues_as_its_kind_says_on_each_terminal() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    // (product, method, on WEB, on WAP/APP)
    let table = [
        ("adobo", "GCASH", Want::Page, Want::App),
        ("dumplings", "ALIPAY_CN", Want::Page, Want::App),
        ("mango", "TRUEMONEY", Want::Page, Want::App),
        ("kimchi", "KAKAOPAY", Want::Page, Want::App),
        ("matcha", "PAYPAY", Want::Page, Want::App),
        ("adobo", "MAYA", Want::Page, Want::Page),
        ("chocolate", "SOFORT", Want::Page, Want::Page),
        ("dumplings", "WECHATPAY", Want::Qr, Want::Qr),
        ("mango", "PROMPTPAY", Want::Qr, Want::Qr),
        ("kaya", "PAYNOW", Want::Qr, Want::Qr),
        ("cafe", "VIETQR_BANKTRANSFER", Want::Qr, Want::Qr),
        ("coffee", "BANKTRANSFER_BCA", Want::TextAndQr, Want::TextAndQr),
        ("songket", "BANKTRANSFER_MAYBANK", Want::TextAndQr, Want::TextAndQr),
        ("matcha", "KONBINI", Want::TextAndQr, Want::TextAndQr),
    ];
    for (product, method, web, mobile) in table {
        let p = pay(&server, product, method, "WEB", None).await;
        check(&server, &p, web, None, &format!("{method} WEB"));
        for (terminal, os) in [("WAP", "ANDROID"), ("WAP", "IOS"), ("APP", "ANDROID")] {
            let p = pay(&server, product, method, terminal, Some(os)).await;
            check(&server, &p, mobile, Some(os), &format!("{method} {terminal} {os}"));
        }
    }
    // Mobile-only apps (Rabbit LINE Pay, K PLUS) on a phone.
    for (product, method) in [("mango", "RABBIT_LINE_PAY"), ("mango", "KPLUS")] {
        let p = pay(&server, product, method, "WAP", Some("ANDROID")).await;
        check(&server, &p, Want::App, Some("ANDROID"), method);
    }
    server.stop().await;
}

#[tokio::test]
async fn a_qr_opens_the_hosted_page_and_paying_there_settles_the_payment() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    let server = TestServer::start(dir.path()).await;
    let order_ref = server.create_order("mango").await;
    let p = server.start_payment(&order_ref, "PROMPTPAY").await;
    let qr = p["continuation"]["orderCodeForm"]["codeDetails"][0]["codeValue"].as_str().unwrap().to_owned();
    // Scanning the QR on a phone opens the sandbox's page for this payment.
    server.press(&qr, "pay").await;
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    assert!(order["latestPayment"]["continuation"]["orderCodeForm"].is_null(), "emptied once final");
    server.stop().await;
}
