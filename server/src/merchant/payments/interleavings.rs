//! Property test: random interleavings of start, pay/fail at AMS, notifications (sent by the
//! real sandbox, and sent again), inquiry, cancel at AMS and reconciler passes, some of them
//! concurrent, on the real SQL with the real sandbox, keep the invariants of
//! docs/state-machine.md, checked by reading both databases (`merchant::audit`).

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use checkout_core::merchant_api::StartPayment;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunConfig, TestCaseError, TestRunner};

use super::{cancel_attempt, load, refresh, start};
use crate::ams_client::{deadlines, AmsClient, AmsKeys};
use crate::db::{self, Pool};
use crate::merchant::{audit, orders, reconciler, MerchantInner, MerchantState};

#[derive(Debug, Clone, Copy)]
enum Op {
    /// Starts an attempt with the order's first or second method.
    Start(usize),
    /// The user presses a button on the hosted page of an attempt (`latest`, or the oldest).
    Page {
        button: &'static str,
        latest: bool,
    },
    Inquiry,
    /// The merchant cancels the latest attempt at AMS (an operator closing it).
    Cancel,
    /// The sandbox sends every notification it ever sent again (repeats, out of order).
    Resend,
    Reconcile,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => prop_oneof![Just(Op::Start(0)), Just(Op::Start(1))],
        4 => prop_oneof![
            Just(Op::Page { button: "pay", latest: true }),
            Just(Op::Page { button: "pay", latest: false }),
            Just(Op::Page { button: "fail", latest: true }),
            // A PENDING payment (Sofort) is settled by the provider later.
            Just(Op::Page { button: "confirm", latest: true }),
            Just(Op::Page { button: "reject", latest: true }),
        ],
        2 => Just(Op::Inquiry),
        1 => Just(Op::Cancel),
        1 => Just(Op::Resend),
        1 => Just(Op::Reconcile),
    ]
}

struct World {
    state: MerchantState,
    sandbox: Pool,
    http: reqwest::Client,
    _running: crate::Running,
    _dir: tempfile::TempDir,
}

/// A whole server (merchant and sandbox) and a second merchant handle on its database, whose
/// flows the test calls directly.
async fn world() -> World {
    let dir = tempfile::tempdir().unwrap();
    let mut config = crate::Config::for_data_dir(dir.path().join("data"));
    config.notify_time_scale = 0.001;
    if let Ok(server) = std::env::var("TEST_DATABASE_URL") {
        if db::Backend::of(&server).ok() == Some(db::Backend::Postgres) {
            let id = uuid::Uuid::new_v4().simple().to_string();
            config.database_url = Some(db::ensure_postgres_database(&server, &format!("m_{id}")).await.unwrap());
            config.sandbox_database_url =
                Some(db::ensure_postgres_database(&server, &format!("s_{id}")).await.unwrap());
        }
    }
    let running = crate::start(config.clone()).await.unwrap();
    let merchant_key = crate::keys::merchant_private(&config.data_dir, None).unwrap();
    let ams_public =
        crate::sandbox::security::SandboxSecurity::load_or_create(&config.data_dir).unwrap().public_key().clone();
    let keys = Arc::new(AmsKeys::new(merchant_key, ams_public));
    let state = MerchantState {
        inner: Arc::new(MerchantInner {
            pool: db::open_merchant(&config.merchant_database_url()).await.unwrap(),
            ams: AmsClient::new(&running.public_url, &config.client_id, keys).unwrap(),
            public_url: running.public_url.clone(),
            order_ttl_ms: 30 * 60_000,
            trusted_proxies: Vec::new(),
            payment_expiry_secs: None,
        }),
    };
    let sandbox = db::open(&config.sandbox_database_url()).await.unwrap();
    World { state, sandbox, http: reqwest::Client::new(), _running: running, _dir: dir }
}

impl World {
    async fn attempts(&self, order_ref: &str) -> Vec<(String, String)> {
        sqlx::query_as(
            "SELECT payment_ref, continuation_json FROM payments WHERE order_ref = $1 ORDER BY created_at_ms",
        )
        .bind(order_ref)
        .fetch_all(&self.state.pool)
        .await
        .unwrap()
    }

    async fn run(&self, order_ref: &str, methods: [&str; 2], op: Op) {
        let attempts = self.attempts(order_ref).await;
        let latest = attempts.last().cloned();
        match op {
            Op::Start(which) => {
                let method = methods[which];
                let order = orders::load(&self.state.pool, order_ref).await.unwrap().unwrap();
                let body = StartPayment {
                    payment_method_type: method.to_owned(),
                    payment_method_meta_data: Default::default(),
                    terminal_type: ams::TerminalType::Web,
                    os_type: None,
                };
                // Refusals (paid, in progress, unknown) are answers, not failures.
                let _ = start(&self.state, &order, body, IpAddr::V4(Ipv4Addr::LOCALHOST), None).await;
            }
            Op::Page { button, latest: use_latest } => {
                let pick = if use_latest { latest } else { attempts.first().cloned() };
                let url = pick.and_then(|(_, c)| {
                    serde_json::from_str::<serde_json::Value>(&c).ok()?["normalUrl"].as_str().map(str::to_owned)
                });
                if let Some(url) = url {
                    let _ = self.http.post(format!("{url}/{button}")).send().await;
                }
            }
            Op::Inquiry => {
                if let Some((r, _)) = latest {
                    let p = load(&self.state.pool, &r).await.unwrap().unwrap();
                    refresh(&self.state, p, deadlines::INQUIRY).await.unwrap();
                }
            }
            Op::Cancel => {
                if let Some((r, _)) = latest {
                    let p = load(&self.state.pool, &r).await.unwrap().unwrap();
                    cancel_attempt(&self.state, p).await.unwrap();
                }
            }
            Op::Resend => {
                sqlx::query("UPDATE sandbox_notifications SET state = 'PENDING', next_attempt_at_ms = 0, attempts = 0")
                    .execute(&self.sandbox)
                    .await
                    .unwrap();
            }
            Op::Reconcile => reconciler::once_with(&self.state, 0).await,
        }
    }

    /// Lets every side catch up (the reconciler asks AMS about every open attempt, refunds
    /// are sent), then audits both databases.
    async fn settle(&self, order_ref: &str) -> Result<(), Vec<String>> {
        let mut last = Err(Vec::new());
        for _ in 0..60 {
            reconciler::once_with(&self.state, 0).await;
            last = audit::audit_order(&self.state.pool, &self.sandbox, order_ref).await.map(|_| ());
            if last.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
        last
    }
}

#[test]
fn random_interleavings_keep_the_invariants() {
    let rt = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
    let w = rt.block_on(world());
    // Steps run in turn; the ops of one step run at the same time.
    let steps = proptest::collection::vec(proptest::collection::vec(op(), 1..4), 2..8);
    // A USD order (wallets that succeed at once) or a EUR one (Sofort is PENDING first).
    let products =
        proptest::sample::select(vec![("tea", ["GCASH", "ALIPAY_CN"]), ("chocolate", ["SOFORT", "BANCONTACT"])]);
    let config = RunConfig { cases: 48, failure_persistence: None, ..RunConfig::default() };
    TestRunner::new(config)
        .run(&(products, steps), |((product, methods), steps)| {
            rt.block_on(async {
                let product = orders::product(product).unwrap();
                let order = orders::create(&w.state.pool, product, None, 30 * 60_000).await.unwrap();
                for step in &steps {
                    futures::future::join_all(step.iter().map(|op| w.run(&order.order_ref, methods, *op))).await;
                }
                let settled = w.settle(&order.order_ref).await;
                prop_assert!(settled.is_ok(), "{:?} after {:?} with {:?}", settled, steps, methods);
                Ok::<(), TestCaseError>(())
            })
        })
        .unwrap();
}
