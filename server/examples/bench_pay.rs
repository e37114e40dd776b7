//! Pay throughput against a running checkout-server: figures, not a pass/fail test.
//! `scripts/bench-pay` builds the server in release, starts it and runs this.
//!
//!   bench_pay --url http://127.0.0.1:PORT [--merchant-url URL,...] [--clients 32]
//!             [--requests 3000] [--seconds 20] [--only sandbox|merchant]
//!
//! `--url` is the sandbox (and, unless `--merchant-url` is given, the merchant API too); with
//! several `--merchant-url`s (servers on one database) the clients are spread over them.
//!
//! Two phases, each with `--clients` concurrent clients, stopping after `--requests` requests
//! or `--seconds` seconds, whichever comes first:
//! 1. sandbox: `POST /ams/sandbox/api/v1/payments/pay` exactly as a merchant calls AMS: a
//!    fresh paymentRequestId each, the body signed with a merchant key registered with the
//!    sandbox (SHA256withRSA), the signed answer verified with the sandbox's public key.
//!    Latency is the merchant's whole call: signing, the round trip, and verifying.
//! 2. merchant: `POST /api/v1/orders/{ref}/payments` on the merchant API (the server signs
//!    its pay request and the sandbox signs its answer: two RSA signatures each), each on its
//!    own order created beforehand (not timed).
//!
//! Loopback only: the URL must be a 127.0.0.1/localhost/[::1] address.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use ams::signing::{self, PrivateKey, PublicKey};
use ams::{Amount, Buyer, Env, Order, PayRequest, PaymentMethod, TerminalType, PRODUCT_CODE_CASHIER};
use anyhow::{bail, Context};
use clap::Parser;

#[derive(Parser, Debug, Clone)]
#[command(about = "Pay throughput of the sandbox and the merchant API (loopback only)")]
struct Args {
    /// The running checkout-server (or sandbox), e.g. http://127.0.0.1:8080.
    #[arg(long)]
    url: String,
    /// Merchant servers to spread the merchant phase over (default: --url).
    #[arg(long = "merchant-url", value_delimiter = ',')]
    merchant_urls: Vec<String>,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    clients: usize,
    /// Requests per phase, at most.
    #[arg(long, default_value_t = 3000)]
    requests: usize,
    /// Seconds per phase, at most.
    #[arg(long, default_value_t = 20.0)]
    seconds: f64,
    /// Run one phase only: `sandbox` or `merchant`.
    #[arg(long)]
    only: Option<String>,
}

const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

/// What one phase measured.
#[derive(Default)]
struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
    first_errors: Vec<String>,
}

impl Tally {
    fn error(&mut self, e: String) {
        self.errors += 1;
        if self.first_errors.len() < 5 {
            self.first_errors.push(e);
        }
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(title: &str, tally: Tally, elapsed: Duration, clients: usize) {
    let mut lat = tally.latencies;
    lat.sort_unstable();
    let ok = lat.len();
    let total = ok + tally.errors;
    println!("{title}");
    println!(
        "  {total} requests ({ok} ok, {} errors) from {clients} clients in {:.2} s: {:.1} requests/s ({:.1} ok/s)",
        tally.errors,
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        ok as f64 / elapsed.as_secs_f64(),
    );
    println!(
        "  latency of ok requests: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&lat, 50.0)),
        ms(percentile(&lat, 90.0)),
        ms(percentile(&lat, 99.0)),
        ms(lat.last().copied().unwrap_or_default()),
    );
    println!("  errors: {}", tally.errors);
    for e in tally.first_errors {
        println!("    e.g. {e}");
    }
}

/// Runs `one(i)` from `clients` workers until `max` calls were started or `window` passed.
async fn drive<F, Fut>(clients: usize, max: usize, window: Duration, one: F) -> (Tally, Duration)
where
    F: Fn(usize) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    let one = Arc::new(one);
    let next = Arc::new(AtomicUsize::new(0));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let start = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..clients {
        let (one, next, tally) = (one.clone(), next.clone(), tally.clone());
        workers.spawn(async move {
            loop {
                if start.elapsed() >= window {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= max {
                    break;
                }
                let t = Instant::now();
                let outcome = one(i).await;
                let took = t.elapsed();
                let mut tally = tally.lock().unwrap();
                match outcome {
                    Ok(()) => tally.latencies.push(took),
                    Err(e) => tally.error(e),
                }
            }
        });
    }
    while workers.join_next().await.is_some() {}
    let elapsed = start.elapsed();
    let tally = std::mem::take(&mut *tally.lock().unwrap());
    (tally, elapsed)
}

/// A merchant of the sandbox: its own key, registered under a fresh SANDBOX_ client id.
struct Merchant {
    http: reqwest::Client,
    base: String,
    client_id: String,
    key: PrivateKey,
    sandbox_public: PublicKey,
}

impl Merchant {
    async fn register(http: reqwest::Client, base: &str) -> anyhow::Result<Self> {
        let key = PrivateKey::generate_2048();
        let client_id = format!("SANDBOX_BENCH_{}", uuid::Uuid::new_v4().simple()).to_uppercase();
        let resp = http
            .post(format!("{base}/sandbox/merchants"))
            .json(&serde_json::json!({"clientId": client_id, "publicKey": key.public_key().to_pem()}))
            .send()
            .await?;
        if !resp.status().is_success() {
            bail!("registering {client_id} with the sandbox: HTTP {}: {}", resp.status(), resp.text().await?);
        }
        let pem = http.get(format!("{base}/sandbox/public-key.pem")).send().await?.error_for_status()?.text().await?;
        let sandbox_public = PublicKey::from_pem(&pem).context("the sandbox's public key")?;
        Ok(Self { http, base: base.to_owned(), client_id, key, sandbox_public })
    }

    fn pay_request(&self, i: usize) -> PayRequest {
        let amount = Amount::from_minor("USD", 1250);
        let env =
            Env { terminal_type: Some(TerminalType::Web), client_ip: Some("127.0.0.1".into()), ..Default::default() };
        let id = uuid::Uuid::new_v4().simple();
        PayRequest {
            product_code: PRODUCT_CODE_CASHIER.to_owned(),
            payment_request_id: format!("bench_{id}"),
            order: Order {
                reference_order_id: format!("bench_order_{i}_{id}"),
                order_description: "Oolong tea, 100 g".into(),
                order_amount: amount.clone(),
                buyer: Some(Buyer { reference_buyer_id: None }),
                env: Some(env.clone()),
            },
            payment_amount: amount,
            payment_method: PaymentMethod { payment_method_type: "ALIPAY_CN".into(), ..Default::default() },
            payment_expiry_time: None,
            payment_redirect_url: Some(format!("{}/shop/result.html", self.base)),
            payment_notify_url: None,
            env,
            settlement_strategy: None,
            user_region: None,
        }
    }

    /// One pay call as a merchant makes it: sign, send, verify the signed answer.
    async fn pay(&self, i: usize) -> Result<(), String> {
        let path = ams::paths::for_client(&self.client_id, ams::paths::PAY);
        let body = serde_json::to_string(&self.pay_request(i)).map_err(|e| e.to_string())?;
        let time = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default()
            .as_millis()
            .to_string();
        let sig = signing::sign(&self.key, "POST", &path, &self.client_id, &time, &body);
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .header("Content-Type", "application/json; charset=UTF-8")
            .header("Client-Id", &self.client_id)
            .header("Request-Time", &time)
            .header("Signature", signing::signature_header(&sig))
            .body(body)
            .send()
            .await
            .map_err(|e| format!("transport: {e}"))?;
        let status = resp.status();
        let header = |n: &str| resp.headers().get(n).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let (rtime, rsig, rclient) = (header("response-time"), header("signature"), header("client-id"));
        let raw = resp.bytes().await.map_err(|e| format!("reading the answer: {e}"))?;
        let text = std::str::from_utf8(&raw).map_err(|_| "the answer is not UTF-8".to_owned())?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {}", text.chars().take(200).collect::<String>()));
        }
        let parsed = signing::parse_signature_header(rsig.as_deref().unwrap_or(""))
            .map_err(|e| format!("signature header: {e}"))?;
        signing::verify(
            &self.sandbox_public,
            "POST",
            &path,
            rclient.as_deref().unwrap_or(""),
            rtime.as_deref().unwrap_or(""),
            text,
            &parsed.signature,
        )
        .map_err(|e| format!("the answer's signature: {e}"))?;
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("answer not JSON: {e}"))?;
        match value["result"]["resultCode"].as_str() {
            Some("PAYMENT_IN_PROCESS") if value["paymentId"].is_string() => Ok(()),
            _ => Err(format!("unexpected answer: {}", text.chars().take(200).collect::<String>())),
        }
    }
}

async fn sandbox_phase(args: &Args, http: reqwest::Client) -> anyhow::Result<()> {
    let merchant = Arc::new(Merchant::register(http, &args.url).await?);
    // Warm-up: open the connections, not counted.
    let m = merchant.clone();
    drive(args.clients, args.clients, Duration::from_secs(30), move |i| {
        let m = m.clone();
        async move { m.pay(i).await }
    })
    .await;
    let m = merchant.clone();
    let (tally, elapsed) = drive(args.clients, args.requests, Duration::from_secs_f64(args.seconds), move |i| {
        let m = m.clone();
        async move { m.pay(i).await }
    })
    .await;
    report(
        &format!("sandbox pay: POST /ams/sandbox/api/v1/payments/pay, signed by the client ({})", merchant.client_id),
        tally,
        elapsed,
        args.clients,
    );
    Ok(())
}

async fn create_order(http: &reqwest::Client, base: &str) -> Result<String, String> {
    let resp = http
        .post(format!("{base}/api/v1/orders"))
        .json(&serde_json::json!({"product": "tea"}))
        .send()
        .await
        .map_err(|e| format!("transport: {e}"))?;
    let status = resp.status();
    let value: serde_json::Value = resp.json().await.map_err(|e| format!("answer not JSON: {e}"))?;
    match value["orderRef"].as_str() {
        Some(r) if status.as_u16() == 201 => Ok(r.to_owned()),
        _ => Err(format!("HTTP {status}: {value}")),
    }
}

async fn start_payment(http: &reqwest::Client, base: &str, order_ref: &str) -> Result<(), String> {
    let resp = http
        .post(format!("{base}/api/v1/orders/{order_ref}/payments"))
        .json(&serde_json::json!({"paymentMethodType": "ALIPAY_CN", "terminalType": "WEB"}))
        .send()
        .await
        .map_err(|e| format!("transport: {e}"))?;
    let status = resp.status();
    let text = resp.text().await.map_err(|e| format!("reading the answer: {e}"))?;
    if status.as_u16() != 201 {
        return Err(format!("HTTP {status}: {}", text.chars().take(200).collect::<String>()));
    }
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("answer not JSON: {e}"))?;
    if value["status"] != "PROCESSING" || value["continuation"]["normalUrl"].as_str().is_none() {
        return Err(format!("unexpected answer: {}", text.chars().take(200).collect::<String>()));
    }
    Ok(())
}

async fn merchant_phase(args: &Args, http: reqwest::Client) -> anyhow::Result<()> {
    let warmup = args.clients;
    let wanted = args.requests + warmup;
    let orders = Arc::new(Mutex::new(Vec::with_capacity(wanted)));
    let started = Instant::now();
    let bases = Arc::new(args.merchant_urls.clone());
    let (h, b, o) = (http.clone(), bases.clone(), orders.clone());
    let (made, _) = drive(args.clients, wanted, Duration::from_secs(120), move |i| {
        let (h, base, o) = (h.clone(), b[i % b.len()].clone(), o.clone());
        async move {
            let r = create_order(&h, &base).await?;
            o.lock().unwrap().push(r);
            Ok(())
        }
    })
    .await;
    if made.errors > 0 {
        bail!("creating orders failed: {:?}", made.first_errors);
    }
    let orders: Arc<Vec<String>> = Arc::new(std::mem::take(&mut *orders.lock().unwrap()));
    println!("(created {} orders in {:.2} s beforehand, not timed)", orders.len(), started.elapsed().as_secs_f64());

    // Any server can start any order: they share one database.
    let (h, b, o) = (http.clone(), bases.clone(), orders.clone());
    drive(args.clients, warmup, Duration::from_secs(30), move |i| {
        let (h, base, o) = (h.clone(), b[i % b.len()].clone(), o.clone());
        async move { start_payment(&h, &base, &o[i]).await }
    })
    .await;
    let (h, b, o) = (http.clone(), bases.clone(), orders.clone());
    let timed = orders.len() - warmup;
    let (tally, elapsed) = drive(args.clients, timed, Duration::from_secs_f64(args.seconds), move |i| {
        let (h, base, o) = (h.clone(), b[(i + 1) % b.len()].clone(), o.clone());
        async move { start_payment(&h, &base, &o[warmup + i]).await }
    })
    .await;
    report(
        &format!(
            "merchant API: POST /api/v1/orders/{{ref}}/payments on {} server(s) (server signs the pay request, sandbox signs the answer)",
            bases.len()
        ),
        tally,
        elapsed,
        args.clients,
    );
    Ok(())
}

fn is_loopback_url(url: &str) -> bool {
    let Ok(u) = reqwest::Url::parse(url) else { return false };
    let host = u.host_str().unwrap_or("").trim_start_matches('[').trim_end_matches(']');
    host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = Args::parse();
    args.url = args.url.trim_end_matches('/').to_owned();
    if args.merchant_urls.is_empty() {
        args.merchant_urls.push(args.url.clone());
    }
    args.merchant_urls = args.merchant_urls.iter().map(|u| u.trim_end_matches('/').to_owned()).collect();
    if let Some(u) = std::iter::once(&args.url).chain(&args.merchant_urls).find(|u| !is_loopback_url(u)) {
        bail!("bench_pay only targets loopback addresses, not {u}");
    }
    if args.clients == 0 || args.requests == 0 || !(args.seconds > 0.0 && args.seconds <= 600.0) {
        bail!("--clients and --requests must be positive, --seconds in (0, 600]");
    }
    let http = reqwest::Client::builder().timeout(REQUEST_TIMEOUT).pool_max_idle_per_host(args.clients).build()?;
    let only = args.only.as_deref();
    if !matches!(only, None | Some("sandbox") | Some("merchant")) {
        bail!("--only takes sandbox or merchant");
    }
    println!(
        "bench_pay: {} clients, at most {} requests or {} s per phase, against {} (merchant API: {})",
        args.clients,
        args.requests,
        args.seconds,
        args.url,
        args.merchant_urls.join(", ")
    );
    if only != Some("merchant") {
        sandbox_phase(&args, http.clone()).await?;
    }
    if only != Some("sandbox") {
        merchant_phase(&args, http.clone()).await?;
    }
    Ok(())
}
