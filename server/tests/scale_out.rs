//! Scale-out: three merchant server processes on one database (PostgreSQL when
//! `TEST_DATABASE_URL` names one, else one SQLite file they share) in front of one sandbox
//! process, with clients spread over them, while one server after another is killed with
//! SIGKILL and restarted under load. Afterwards both databases are audited: no payment lost,
//! no order PAID without money, every duplicate refunded once, no attempt left open past its
//! expiry, and (seen by a proxy in front of the sandbox) no AMS call made twice at once for
//! one row.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::ams_proxy::Proxy;
use common::TestServer;
use serde_json::{json, Value};

const SERVERS: usize = 3;
const CLIENTS: usize = 8;
const LOAD: Duration = Duration::from_secs(14);
/// Kills, one server after another, during the load.
const KILLS: usize = 4;
const EXPIRY_SECS: u64 = 8;

fn free_addr() -> SocketAddr {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap()
}

fn spawn(dir: &Path, args: &[String], log: &str) -> Child {
    let log = std::fs::File::create(dir.join(log)).unwrap();
    Command::new(env!("CARGO_BIN_EXE_checkout-server"))
        .args(args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("the server binary starts")
}

/// Waits until `url` answers; on failure shows the process's log.
async fn wait_up(http: &reqwest::Client, url: &str, log: &Path) {
    for _ in 0..600 {
        if http.get(url).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("{url} did not come up:\n{}", std::fs::read_to_string(log).unwrap_or_default());
}

/// One merchant server process, restartable on the same address.
struct Merchant {
    addr: SocketAddr,
    args: Vec<String>,
    child: Option<Child>,
}

impl Merchant {
    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// What the clients saw, for the final sanity checks.
#[derive(Default)]
struct Seen {
    started: AtomicUsize,
    pressed_pay: AtomicUsize,
    refused: AtomicUsize,
    unreachable: AtomicUsize,
}

/// A JSON call on whichever server is up, starting at `first`: a client behind a load
/// balancer. `None` if no server answered.
async fn call(
    http: &reqwest::Client,
    urls: &[String],
    first: usize,
    path: &str,
    body: &Value,
    seen: &Seen,
) -> Option<(u16, Value)> {
    for k in 0..urls.len() * 3 {
        let url = format!("{}{path}", urls[(first + k) % urls.len()]);
        match http.post(url).json(body).timeout(Duration::from_secs(40)).send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                return Some((status, resp.json().await.unwrap_or(Value::Null)));
            }
            Err(_) => {
                seen.unreachable.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
    None
}

/// Presses "pay" on a hosted page if it still offers it.
async fn pay(http: &reqwest::Client, normal_url: &str, seen: &Seen) {
    let Ok(page) = http.get(normal_url).send().await else { return };
    let payable = page.text().await.is_ok_and(|html| html.contains("id=\"sandbox-pay\""));
    if payable && http.post(format!("{normal_url}/pay")).send().await.is_ok() {
        seen.pressed_pay.fetch_add(1, Ordering::Relaxed);
    }
}

/// One shopper: orders, starts attempts on random servers (sometimes two at once), and pays
/// some of them, some twice; leaves others to expire.
async fn shopper(urls: Arc<Vec<String>>, seen: Arc<Seen>, until: tokio::time::Instant) {
    let http = common::client();
    let mut rng = fastrand::Rng::new();
    while tokio::time::Instant::now() < until {
        let n = urls.len();
        let Some((201, order)) =
            call(&http, &urls, rng.usize(..n), "/api/v1/orders", &json!({"product": "tea", "userRegion": "PH"}), &seen)
                .await
        else {
            continue;
        };
        let path = format!("/api/v1/orders/{}/payments", order["orderRef"].as_str().unwrap());
        let start = json!({"paymentMethodType": "ALIPAY_CN", "terminalType": "WEB"});
        let twice = rng.u8(..10) < 3;
        let (first, second) = (rng.usize(..n), rng.usize(..n));
        let (a, b) = tokio::join!(call(&http, &urls, first, &path, &start, &seen), async {
            if twice {
                call(&http, &urls, second, &path, &start, &seen).await
            } else {
                None
            }
        });
        let pages: Vec<String> = [a, b]
            .into_iter()
            .flatten()
            .filter_map(|(status, p)| {
                if status == 201 {
                    seen.started.fetch_add(1, Ordering::Relaxed);
                } else {
                    seen.refused.fetch_add(1, Ordering::Relaxed);
                }
                p["continuation"]["normalUrl"].as_str().map(str::to_owned)
            })
            .collect();
        match rng.u8(..10) {
            // Pay every page shown, at once (a double payment when both were payable).
            0..=2 => {
                futures::future::join_all(pages.iter().map(|u| pay(&http, u, &seen))).await;
            }
            // Pay one page.
            3..=7 => {
                if let Some(u) = pages.last() {
                    pay(&http, u, &seen).await;
                }
            }
            // Walk away: the attempt expires.
            _ => {}
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_servers_one_database_one_sandbox_survive_sigkill_under_load() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    common::make_shop(dir.path());
    common::seed_keys(&data);
    common::ensure_databases(dir.path()).await;
    let config = common::config(dir.path());
    let http = common::client();
    let path = |p: &Path| p.display().to_string();

    // "Alipay": one sandbox process, behind a proxy that sees every AMS call.
    let sandbox_addr = free_addr();
    let sandbox_args: Vec<String> = vec![
        "--role".into(),
        "sandbox".into(),
        "--listen".into(),
        sandbox_addr.to_string(),
        "--data-dir".into(),
        path(&data),
        "--sandbox-database-url".into(),
        config.sandbox_database_url(),
        "--notify-time-scale".into(),
        "0.001".into(),
    ];
    let mut sandbox = spawn(dir.path(), &sandbox_args, "sandbox.log");
    let sandbox_url = format!("http://{sandbox_addr}");
    wait_up(&http, &format!("{sandbox_url}/sandbox/public-key.pem"), &dir.path().join("sandbox.log")).await;
    let proxy = Proxy::start(Duration::ZERO, false).await;
    proxy.point_at(&sandbox_url);

    // Three merchant servers sharing the merchant database and the merchant's key.
    let mut merchants: Vec<Merchant> = (0..SERVERS)
        .map(|i| {
            let addr = free_addr();
            let args: Vec<String> = vec![
                "--role".into(),
                "merchant".into(),
                "--listen".into(),
                addr.to_string(),
                "--data-dir".into(),
                path(&data),
                "--shop-dir".into(),
                path(&dir.path().join("shop")),
                "--database-url".into(),
                config.merchant_database_url(),
                "--ams-url".into(),
                proxy.url.clone(),
                "--enroll-with-sandbox".into(),
                "--merchant-private-key".into(),
                path(&data.join("merchant/private_key.pem")),
                "--payment-expiry-secs".into(),
                EXPIRY_SECS.to_string(),
            ];
            let child = Some(spawn(dir.path(), &args, &format!("merchant{i}.log")));
            Merchant { addr, args, child }
        })
        .collect();
    for (i, m) in merchants.iter().enumerate() {
        wait_up(&http, &format!("{}/api/v1/orders/ord_x", m.url()), &dir.path().join(format!("merchant{i}.log"))).await;
    }
    let urls = Arc::new(merchants.iter().map(Merchant::url).collect::<Vec<_>>());

    // The load, and the killer beside it.
    let seen = Arc::new(Seen::default());
    let until = tokio::time::Instant::now() + LOAD;
    let shoppers: Vec<_> = (0..CLIENTS).map(|_| tokio::spawn(shopper(urls.clone(), seen.clone(), until))).collect();
    let restarts = Arc::new(Mutex::new(0usize));
    for k in 0..KILLS {
        tokio::time::sleep(LOAD / (KILLS as u32 + 1)).await;
        let m = &mut merchants[k % SERVERS];
        let mut child = m.child.take().unwrap();
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let log = format!("merchant{}-{k}.log", k % SERVERS);
        m.child = Some(spawn(dir.path(), &m.args, &log));
        wait_up(&http, &format!("{}/api/v1/orders/ord_x", m.url()), &dir.path().join(log)).await;
        *restarts.lock().unwrap() += 1;
    }
    for s in shoppers {
        s.await.unwrap();
    }

    // Settle: the servers' own work (notifications, refunds, leases a dead server left running
    // out), with a client asking after open attempts as a waiting page would.
    let asker = TestServer { running: None, base: urls[0].clone(), http: common::client(), dir: dir.path().to_owned() };
    let summary = common::settle_and_audit(&asker, &config, Duration::from_secs(100)).await;

    // Nothing open past its expiry, on either side.
    let (merchant_db, sandbox_db) = common::books(&config).await;
    let now = checkout_server::db::now_ms();
    let stuck: Vec<(String, String)> = sqlx::query_as(
        "SELECT payment_ref, status FROM payments WHERE status IN ('PROCESSING', 'PENDING') AND expires_at_ms < $1",
    )
    .bind(now - 2_000)
    .fetch_all(&merchant_db)
    .await
    .unwrap();
    assert!(stuck.is_empty(), "attempts open past expiry: {stuck:?}");
    let stuck_at_ams: Vec<(String,)> = sqlx::query_as(
        "SELECT payment_request_id FROM sandbox_payments WHERE status IN ('PROCESSING', 'PENDING') AND expires_at_ms < $1",
    )
    .bind(now - 2_000)
    .fetch_all(&sandbox_db)
    .await
    .unwrap();
    assert!(stuck_at_ams.is_empty(), "AMS payments open past expiry: {stuck_at_ams:?}");
    assert_eq!(proxy.overlaps(), Vec::<String>::new(), "AMS calls made twice at once for one row");

    // The run did what it says: kills, payments, duplicates and abandoned attempts.
    let started = seen.started.load(Ordering::Relaxed);
    eprintln!(
        "scale-out: {summary:?}; {started} starts answered 201, {} refused, {} pay presses, {} unreachable tries, {} pay / {} cancel / {} inquiry / {} refund calls",
        seen.refused.load(Ordering::Relaxed),
        seen.pressed_pay.load(Ordering::Relaxed),
        seen.unreachable.load(Ordering::Relaxed),
        proxy.calls("pay"),
        proxy.calls("cancel"),
        proxy.calls("inquiryPayment"),
        proxy.calls("refund"),
    );
    assert_eq!(*restarts.lock().unwrap(), KILLS);
    assert!(started >= 20, "only {started} attempts started");
    assert!(summary.paid_orders >= 5, "{summary:?}");
    assert!(summary.orders > summary.paid_orders, "some orders were left unpaid: {summary:?}");

    for m in &mut merchants {
        let mut child = m.child.take().unwrap();
        child.kill().unwrap();
        child.wait().unwrap();
    }
    sandbox.kill().unwrap();
    sandbox.wait().unwrap();
    merchant_db.close().await;
    sandbox_db.close().await;
}
