//! A transparent proxy between the merchant and "AMS" (the sandbox) that sees every AMS call:
//! it records when two calls about one row (the same paymentRequestId or refundRequestId)
//! are in flight at once, can delay pay answers, and can answer a refund's first call with
//! `F UNKNOWN_EXCEPTION` (half of them after forwarding it, so AMS did refund).

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

#[derive(Default)]
pub struct Log {
    in_flight: BTreeMap<String, usize>,
    /// Calls made while another about the same row was in flight.
    pub overlaps: Vec<String>,
    /// Calls by kind (`pay`, `cancel`, `refund`, ...).
    pub calls: BTreeMap<String, usize>,
    refunds_seen: BTreeSet<String>,
}

#[derive(Clone)]
pub struct Proxy {
    pub url: String,
    pub log: Arc<Mutex<Log>>,
    target: Arc<Mutex<String>>,
    pay_delay: Duration,
    unknown_first_refund: bool,
}

impl Proxy {
    pub async fn start(pay_delay: Duration, unknown_first_refund: bool) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = Proxy {
            url: format!("http://{}", listener.local_addr().unwrap()),
            log: Arc::default(),
            target: Arc::default(),
            pay_delay,
            unknown_first_refund,
        };
        let app = axum::Router::new().fallback(forward).with_state(proxy.clone());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        proxy
    }

    /// Where calls go (the sandbox's base URL), once it is known.
    pub fn point_at(&self, target: &str) {
        *self.target.lock().unwrap() = target.to_owned();
    }

    pub fn overlaps(&self) -> Vec<String> {
        self.log.lock().unwrap().overlaps.clone()
    }

    pub fn calls(&self, kind: &str) -> usize {
        self.log.lock().unwrap().calls.get(kind).copied().unwrap_or(0)
    }
}

async fn forward(State(p): State<Proxy>, method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    let op = uri.path().rsplit('/').next().unwrap_or("").to_owned();
    let parsed: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let id = ["refundRequestId", "paymentRequestId", "paymentId"]
        .iter()
        .find_map(|k| parsed[*k].as_str())
        .unwrap_or("")
        .to_owned();
    let key = format!("{op}:{id}");
    let first_refund = {
        let mut log = p.log.lock().unwrap();
        *log.calls.entry(op.clone()).or_default() += 1;
        let n = log.in_flight.entry(key.clone()).or_default();
        *n += 1;
        if *n > 1 && !id.is_empty() {
            log.overlaps.push(key.clone());
        }
        op == "refund" && log.refunds_seen.insert(id.clone())
    };
    let answer = async {
        if op == "pay" {
            tokio::time::sleep(p.pay_delay).await;
        }
        let swallow = p.unknown_first_refund && first_refund;
        // Even-numbered refunds never reach AMS the first time; odd ones do, but their answer
        // is lost. Either way the merchant sees "ask again".
        let forward_it = !swallow || id.bytes().last().is_some_and(|b| b % 2 == 1);
        let real = if forward_it { Some(send(&p, &method, &uri, &headers, body.clone()).await) } else { None };
        if swallow {
            let unknown = json!({"result": {"resultCode": "UNKNOWN_EXCEPTION", "resultStatus": "F", "resultMessage": "ask again"}});
            return (StatusCode::OK, axum::Json(unknown)).into_response();
        }
        real.unwrap()
    }
    .await;
    *p.log.lock().unwrap().in_flight.get_mut(&key).unwrap() -= 1;
    answer
}

async fn send(p: &Proxy, method: &Method, uri: &Uri, headers: &HeaderMap, body: Bytes) -> Response {
    let target = p.target.lock().unwrap().clone();
    let url = format!("{target}{}", uri.path_and_query().map(|x| x.as_str()).unwrap_or("/"));
    let mut req = reqwest::Client::new().request(method.clone(), url).body(body);
    for (name, value) in headers {
        if name != "host" && name != "content-length" {
            req = req.header(name, value);
        }
    }
    match req.send().await {
        Ok(resp) => {
            let status = resp.status();
            let mut out = axum::http::Response::builder().status(status.as_u16());
            for (name, value) in resp.headers() {
                if name != "content-length" && name != "transfer-encoding" {
                    out = out.header(name, value);
                }
            }
            out.body(axum::body::Body::from(resp.bytes().await.unwrap_or_default())).unwrap()
        }
        Err(e) => (StatusCode::BAD_GATEWAY, e.to_string()).into_response(),
    }
}
