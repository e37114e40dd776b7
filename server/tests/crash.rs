//! Crash test: the real server binary is killed with SIGKILL after it recorded a duplicate
//! payment (and claimed its refund) but before the refund was sent; after a restart the
//! refund still reaches AMS, exactly once.

mod common;

use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::{make_shop, TestServer};

/// The server binary on `addr`, over `dir`'s data; `hold_refunds` turns the test hook on.
fn spawn(dir: &Path, addr: SocketAddr, hold_refunds: bool) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_checkout-server"));
    cmd.args(["--listen", &addr.to_string(), "--notify-time-scale", "0.001"])
        .arg("--data-dir")
        .arg(dir.join("data"))
        .arg("--shop-dir")
        .arg(dir.join("shop"))
        .args(common::database_args(dir))
        .env_remove("CHECKOUT_TEST_HOLD_REFUNDS")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    if hold_refunds {
        cmd.env("CHECKOUT_TEST_HOLD_REFUNDS", "1");
    }
    cmd.spawn().expect("the server binary starts")
}

/// A client for a server this test did not start in-process.
fn client_for(dir: &Path, addr: SocketAddr) -> TestServer {
    TestServer { running: None, base: format!("http://{addr}"), http: common::client(), dir: dir.to_owned() }
}

async fn wait_until_up(server: &TestServer) {
    for _ in 0..200 {
        if server.http.get(server.url("/sandbox/public-key.pem")).send().await.is_ok() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not come up");
}

async fn one(pool: &checkout_server::db::Pool, sql: &str, id: &str) -> Vec<(String,)> {
    sqlx::query_as(sql).bind(id).fetch_all(pool).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refund_recorded_before_a_crash_is_sent_after_the_restart() {
    let dir = tempfile::tempdir().unwrap();
    make_shop(dir.path());
    common::seed_keys(&dir.path().join("data"));
    common::ensure_databases(dir.path()).await;
    let addr: SocketAddr = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap()
    };
    let mut child = spawn(dir.path(), addr, true);
    let server = client_for(dir.path(), addr);
    wait_until_up(&server).await;
    let config = common::config(dir.path());
    let (merchant, sandbox) = common::books(&config).await;

    // An order AMS took money for twice (see refund_races.rs for why it is made by hand).
    let order_ref = server.create_order("tea").await;
    common::paid_behind_the_merchants_back(&server, &merchant, &order_ref, &["pay_crash1", "pay_crash2"], false).await;
    for id in ["pay_crash1", "pay_crash2"] {
        let (_, view) = server.get(&format!("/api/v1/payments/{id}")).await;
        assert_eq!(view["status"], "SUCCESS", "{view}");
    }
    // The duplicate is recorded with its refund, and the sender has claimed it.
    let claimed = "SELECT status FROM refunds WHERE payment_ref = $1 AND claimed_by IS NOT NULL";
    for _ in 0..100 {
        if !one(&merchant, claimed, "pay_crash2").await.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(one(&merchant, claimed, "pay_crash2").await, vec![("REQUESTED".to_owned(),)]);
    let sent = "SELECT refund_id FROM sandbox_refunds WHERE refund_request_id = $1";
    assert!(one(&sandbox, sent, "rfd_crash2").await.is_empty(), "not sent before the crash");

    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // Restarted without the hook: the dead server's claim runs out and the refund is sent.
    let mut child = spawn(dir.path(), addr, false);
    wait_until_up(&server).await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(40);
    while one(&merchant, "SELECT status FROM refunds WHERE payment_ref = $1 AND status = 'SUCCESS'", "pay_crash2")
        .await
        .is_empty()
    {
        assert!(tokio::time::Instant::now() < deadline, "the refund was not sent after the restart");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(one(&sandbox, sent, "rfd_crash2").await.len(), 1, "sent exactly once");
    let (_, order) = server.get(&format!("/api/v1/orders/{order_ref}")).await;
    assert_eq!(order["status"], "PAID");
    let audited = common::audit(&merchant, &sandbox).await;
    assert!(audited.is_ok(), "{audited:?}");
    child.kill().unwrap();
    child.wait().unwrap();
    merchant.close().await;
    sandbox.close().await;
}
