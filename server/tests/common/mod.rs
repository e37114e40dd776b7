//! Shared helpers: a server on loopback with a real database: SQLite files in a temp dir, or,
//! when `TEST_DATABASE_URL` names a PostgreSQL server (`postgres://postgres@127.0.0.1:PORT`),
//! fresh databases on it for each test dir (`scripts/test-postgres start` runs one).
#![allow(dead_code)]

pub mod ams_proxy;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use ams::signing::{self, PrivateKey};
use checkout_server::{Config, Running};
use serde_json::{json, Value};

pub const CLIENT_ID: &str = "SANDBOX_DEMO_MERCHANT";

pub struct TestServer {
    pub running: Option<Running>,
    pub base: String,
    pub http: reqwest::Client,
    pub dir: PathBuf,
}

pub fn config(dir: &Path) -> Config {
    let mut c = Config::for_data_dir(dir.join("data"));
    c.shop_dir = dir.join("shop");
    c.widget_dir = dir.join("widget");
    c.notify_time_scale = 0.001;
    if let Some((merchant, sandbox)) = postgres_urls(dir) {
        c.database_url = Some(merchant);
        c.sandbox_database_url = Some(sandbox);
    }
    c
}

/// The PostgreSQL server the tests run on, if any.
pub fn postgres_server() -> Option<String> {
    std::env::var("TEST_DATABASE_URL").ok().filter(|u| u.starts_with("postgres"))
}

/// The two database names of a test dir on PostgreSQL: the same for the same dir (a test that
/// restarts its server finds its data), fresh for every test dir and every test run.
fn postgres_names(dir: &Path) -> (String, String) {
    use std::hash::{Hash, Hasher};
    static RUN: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let run = RUN.get_or_init(|| uuid::Uuid::new_v4().simple().to_string()[..10].to_owned());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    dir.hash(&mut h);
    let base = format!("t_{run}_{:016x}", h.finish());
    (format!("{base}_m"), format!("{base}_s"))
}

fn postgres_urls(dir: &Path) -> Option<(String, String)> {
    let server = postgres_server()?;
    let (m, s) = postgres_names(dir);
    let with = |name: &str| format!("{}/{name}", server.trim_end_matches('/'));
    Some((with(&m), with(&s)))
}

/// Creates the test dir's PostgreSQL databases when missing (no-op on SQLite).
pub async fn ensure_databases(dir: &Path) {
    if let Some(server) = postgres_server() {
        let (m, s) = postgres_names(dir);
        for name in [m, s] {
            checkout_server::db::ensure_postgres_database(&server, &name).await.expect("test database");
        }
    }
}

/// The database flags for a server binary run over `dir` (the same databases as [`config`]).
pub fn database_args(dir: &Path) -> Vec<String> {
    let c = config(dir);
    vec!["--database-url".into(), c.merchant_database_url(), "--sandbox-database-url".into(), c.sandbox_database_url()]
}

/// A pool on the merchant database of the server in `dir`, for checks the API cannot make.
pub async fn merchant_db(dir: &Path) -> checkout_server::db::Pool {
    ensure_databases(dir).await;
    checkout_server::db::open(&config(dir).merchant_database_url()).await.expect("merchant database")
}

/// A pool on the sandbox database of the server in `dir`.
pub async fn sandbox_db(dir: &Path) -> checkout_server::db::Pool {
    ensure_databases(dir).await;
    checkout_server::db::open(&config(dir).sandbox_database_url()).await.expect("sandbox database")
}

/// An `ORDER BY` key that follows insertion order in an insert-only table.
pub fn insertion_order() -> &'static str {
    if postgres_server().is_some() {
        "ctid"
    } else {
        "rowid"
    }
}

/// Makes the shop dir with a result page, so following the redirect ends on a 200.
pub fn make_shop(dir: &Path) {
    std::fs::create_dir_all(dir.join("shop")).unwrap();
    std::fs::write(dir.join("shop/result.html"), "<!doctype html><title>Result</title>").unwrap();
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .user_agent("server-tests/1.0")
        .build()
        .unwrap()
}

impl TestServer {
    pub async fn start(dir: &Path) -> Self {
        Self::start_with(config(dir), dir).await
    }

    pub async fn start_with(config: Config, dir: &Path) -> Self {
        seed_keys(&config.data_dir);
        ensure_databases(dir).await;
        let running = checkout_server::start(config).await.expect("server starts");
        let base = format!("http://{}", running.addr);
        Self { running: Some(running), base, http: client(), dir: dir.to_owned() }
    }

    pub fn addr(&self) -> SocketAddr {
        self.running.as_ref().unwrap().addr
    }

    pub async fn stop(mut self) {
        if let Some(r) = self.running.take() {
            r.stop().await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        let resp = self.http.post(self.url(path)).json(body).send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn post_raw(&self, path: &str, body: &str) -> (u16, Value) {
        let resp = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_owned())
            .send()
            .await
            .unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let resp = self.http.get(self.url(path)).send().await.unwrap();
        let status = resp.status().as_u16();
        (status, resp.json().await.unwrap_or(Value::Null))
    }

    /// Calls a sandbox AMS API directly, as a merchant would: signed with the merchant's key.
    pub async fn ams(&self, path: &str, body: &Value) -> Value {
        let resp = self.ams_raw(path, body, Some(&self.merchant_key())).await;
        resp.json().await.unwrap()
    }

    /// Calls a sandbox AMS API, signed with `key` (or not at all).
    pub async fn ams_raw(&self, path: &str, body: &Value, key: Option<&PrivateKey>) -> reqwest::Response {
        let text = body.to_string();
        let time = "1700000000000";
        let mut req = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json; charset=UTF-8")
            .header("client-id", CLIENT_ID)
            .header("request-time", time);
        if let Some(key) = key {
            let sig = signing::sign(key, "POST", path, CLIENT_ID, time, &text);
            req = req.header("signature", signing::signature_header(&sig));
        }
        req.body(text).send().await.unwrap()
    }

    pub fn merchant_key(&self) -> PrivateKey {
        let pem = std::fs::read_to_string(self.dir.join("data/merchant/private_key.pem")).unwrap();
        PrivateKey::from_pem(&pem).unwrap()
    }

    pub fn sandbox_key(&self) -> PrivateKey {
        let pem = std::fs::read_to_string(self.dir.join("data/sandbox/private_key.pem")).unwrap();
        PrivateKey::from_pem(&pem).unwrap()
    }

    /// Posts a notification to the merchant, signed with `key` (or not at all).
    pub async fn notify(&self, body: &Value, key: Option<&PrivateKey>) -> (u16, String) {
        let text = body.to_string();
        let time = "2025-01-01T00:00:00+00:00";
        let mut req = self
            .http
            .post(self.url("/alipay/notify"))
            .header("content-type", "application/json")
            .header("client-id", CLIENT_ID)
            .header("request-time", time);
        if let Some(key) = key {
            let sig = signing::sign(key, "POST", "/alipay/notify", CLIENT_ID, time, &text);
            req = req.header("signature", signing::signature_header(&sig));
        }
        let resp = req.body(text).send().await.unwrap();
        (resp.status().as_u16(), resp.text().await.unwrap())
    }

    pub async fn create_order(&self, product: &str) -> String {
        let (status, order) = self.post("/api/v1/orders", &json!({"product": product, "userRegion": "PH"})).await;
        assert_eq!(status, 201, "{order}");
        order["orderRef"].as_str().unwrap().to_owned()
    }

    pub async fn start_payment(&self, order_ref: &str, method: &str) -> Value {
        let (status, payment) = self
            .post(
                &format!("/api/v1/orders/{order_ref}/payments"),
                &json!({"paymentMethodType": method, "terminalType": "WEB"}),
            )
            .await;
        assert_eq!(status, 201, "{payment}");
        payment
    }

    /// Presses a button on the sandbox's hosted page; returns the redirect target.
    pub async fn press(&self, normal_url: &str, button: &str) -> String {
        let page = self.http.get(normal_url).send().await.unwrap();
        assert_eq!(page.status(), 200);
        let html = page.text().await.unwrap();
        assert!(html.contains(&format!("id=\"sandbox-{button}\"")), "{html}");
        let resp = self.http.post(format!("{normal_url}/{button}")).send().await.unwrap();
        assert_eq!(resp.status(), 303);
        resp.headers()["location"].to_str().unwrap().to_owned()
    }
}

impl TestServer {
    /// For a payment that is already final: the page shows no buttons, and posting "pay"
    /// anyway changes nothing.
    pub async fn press_final(&self, normal_url: &str) {
        let html = self.http.get(normal_url).send().await.unwrap().text().await.unwrap();
        assert!(!html.contains("id=\"sandbox-pay\""), "{html}");
        let resp = self.http.post(format!("{normal_url}/pay")).send().await.unwrap();
        assert_eq!(resp.status(), 303);
    }
}

/// RSA key generation is slow in debug builds: every test server gets the same two keys,
/// generated once per test binary (only where no key exists yet).
pub fn seed_keys(data_dir: &Path) {
    static KEYS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (merchant, sandbox) =
        KEYS.get_or_init(|| (PrivateKey::generate_2048().to_pkcs8_pem(), PrivateKey::generate_2048().to_pkcs8_pem()));
    for (sub, pem) in [("merchant", merchant), ("sandbox", sandbox)] {
        let dir = data_dir.join(sub);
        let path = dir.join("private_key.pem");
        if !path.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, pem).unwrap();
        }
    }
}

pub fn pay_request(request_id: &str, value: &str) -> Value {
    json!({
        "productCode": "CASHIER_PAYMENT",
        "paymentRequestId": request_id,
        "order": {
            "referenceOrderId": "ord_direct",
            "orderDescription": "Direct sandbox test",
            "orderAmount": {"currency": "USD", "value": value}
        },
        "paymentAmount": {"currency": "USD", "value": value},
        "paymentMethod": {"paymentMethodType": "ALIPAY_CN"},
        "paymentRedirectUrl": "http://127.0.0.1:9/result",
        "paymentNotifyUrl": "http://127.0.0.1:9/notify",
        "env": {"terminalType": "WEB", "clientIp": "1.2.3.4"}
    })
}

/// Attempts of `order_ref` that AMS took money for before the merchant heard of any (as when
/// two tabs or an older release raced): paid at the sandbox directly, then stored by hand as
/// the merchant would have stored them (PROCESSING, created in the order of `ids`).
/// `notify`: AMS also notifies this server of each success.
pub async fn paid_behind_the_merchants_back(
    server: &TestServer,
    merchant: &checkout_server::db::Pool,
    order_ref: &str,
    ids: &[&str],
    notify: bool,
) {
    for (k, id) in ids.iter().enumerate() {
        let mut req = pay_request(id, "1250");
        req["order"]["referenceOrderId"] = json!(order_ref);
        if notify {
            req["paymentNotifyUrl"] = json!(server.url("/alipay/notify"));
        }
        let pay = server.ams("/ams/api/v1/payments/pay", &req).await;
        server.press(pay["normalUrl"].as_str().unwrap(), "pay").await;
        sqlx::query(
            "INSERT INTO payments (payment_ref, order_ref, payment_request_id, payment_method_type, currency, \
             amount_minor, status, continuation_json, created_at_ms, updated_at_ms) \
             VALUES ($1, $2, $1, 'ALIPAY_CN', 'USD', 1250, 'PROCESSING', '{}', $3, $3)",
        )
        .bind(id)
        .bind(order_ref)
        .bind(k as i64)
        .execute(merchant)
        .await
        .unwrap();
    }
}

/// Both databases of a configuration (merchant, sandbox), to read what each side recorded.
pub async fn books(config: &Config) -> (checkout_server::db::Pool, checkout_server::db::Pool) {
    let merchant = checkout_server::db::open(&config.merchant_database_url()).await.unwrap();
    let sandbox = checkout_server::db::open(&config.sandbox_database_url()).await.unwrap();
    (merchant, sandbox)
}

pub use checkout_server::merchant::audit::{audit, Summary};

/// Lets the merchant catch up with AMS (every attempt still open is fetched, which asks AMS;
/// refunds are sent by the background sender), then audits both databases against the
/// invariants of docs/state-machine.md. Panics with every violation if they do not hold
/// within `within`.
pub async fn settle_and_audit(server: &TestServer, config: &Config, within: std::time::Duration) -> Summary {
    let (merchant, sandbox) = books(config).await;
    let deadline = tokio::time::Instant::now() + within;
    let summary = loop {
        match audit(&merchant, &sandbox).await {
            Ok(summary) => break summary,
            Err(bad) if tokio::time::Instant::now() >= deadline => panic!("the books disagree:\n{}", bad.join("\n")),
            Err(_) => {}
        }
        let open: Vec<(String,)> =
            sqlx::query_as("SELECT payment_ref FROM payments WHERE status IN ('PROCESSING', 'PENDING')")
                .fetch_all(&merchant)
                .await
                .unwrap();
        futures::future::join_all(open.iter().map(|(r,)| server.get_payment_quietly(r))).await;
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    merchant.close().await;
    sandbox.close().await;
    summary
}

impl TestServer {
    /// GET /api/v1/payments/{ref}, for its side effect (an inquiry when open).
    pub async fn get_payment_quietly(&self, payment_ref: &str) {
        let _ = self.http.get(self.url(&format!("/api/v1/payments/{payment_ref}"))).send().await;
    }
}
