//! The merchant's client for AMS: the embedded sandbox or Alipay's real host.
//!
//! Signing sits in one place, [`AmsKeys`]: every request is signed with the merchant's key,
//! and AMS's signed messages (responses, and notifications, which are signed the same way)
//! are checked with AMS's public key.

use std::sync::Arc;
use std::time::Duration;

use ams::signing::{self, PrivateKey, PublicKey};
use ams::{
    CancelRequest, CancelResponse, ConsultRequest, ConsultResponse, InquiryPaymentRequest, InquiryPaymentResponse,
    PayRequest, PayResponse, RefundRequest, RefundResponse,
};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The merchant's private key and AMS's public key.
pub struct AmsKeys {
    merchant: PrivateKey,
    ams_public: PublicKey,
}

impl AmsKeys {
    pub fn new(merchant: PrivateKey, ams_public: PublicKey) -> Self {
        Self { merchant, ams_public }
    }

    pub fn merchant_public(&self) -> PublicKey {
        self.merchant.public_key()
    }

    /// The `Signature` header value for a request.
    pub fn sign_request(&self, method: &str, path: &str, client_id: &str, request_time: &str, body: &[u8]) -> String {
        let body = String::from_utf8_lossy(body);
        signing::signature_header(&signing::sign(&self.merchant, method, path, client_id, request_time, &body))
    }

    /// Checks a message signed by AMS: a response to `path`, or a notification sent to
    /// `path`. `signature` is the raw `Signature` header.
    pub fn verify(
        &self,
        method: &str,
        path: &str,
        client_id: &str,
        time: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<(), String> {
        let header = signature.ok_or("the message is not signed")?;
        let parsed = signing::parse_signature_header(header).map_err(|e| e.to_string())?;
        let body = std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_owned())?;
        signing::verify(&self.ams_public, method, path, client_id, time, body, &parsed.signature)
            .map_err(|e| e.to_string())
    }
}

#[derive(Debug)]
pub enum AmsError {
    /// No answer within the deadline: the outcome is unknown.
    Timeout,
    /// The request may or may not have arrived (connection reset, refused, ...).
    Transport(String),
    /// An answer that is not a valid AMS response.
    BadResponse(String),
    /// An answer whose signature does not check out.
    BadSignature(String),
}

impl std::error::Error for AmsError {}

impl std::fmt::Display for AmsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Timeout => f.write_str("AMS did not answer in time"),
            Self::Transport(e) => write!(f, "could not reach AMS: {e}"),
            Self::BadResponse(e) => write!(f, "unexpected answer from AMS: {e}"),
            Self::BadSignature(e) => write!(f, "AMS answer failed signature check: {e}"),
        }
    }
}

#[derive(Clone)]
pub struct AmsClient {
    http: reqwest::Client,
    base_url: String,
    client_id: String,
    keys: Arc<AmsKeys>,
}

/// Deadlines for the calls the merchant makes.
pub mod deadlines {
    use std::time::Duration;
    pub const CONSULT: Duration = Duration::from_secs(10);
    pub const PAY: Duration = Duration::from_secs(15);
    /// Inquiry while a page waits for an answer: short, the stored state is the fallback.
    pub const INQUIRY_INTERACTIVE: Duration = Duration::from_secs(4);
    pub const INQUIRY: Duration = Duration::from_secs(10);
    pub const CANCEL: Duration = Duration::from_secs(10);
}

impl AmsClient {
    pub fn new(base_url: &str, client_id: &str, keys: Arc<AmsKeys>) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(15))
            .user_agent(concat!("checkout-server/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self { http, base_url: base_url.trim_end_matches('/').to_owned(), client_id: client_id.to_owned(), keys })
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn keys(&self) -> &AmsKeys {
        &self.keys
    }

    pub async fn consult(&self, req: &ConsultRequest, deadline: Duration) -> Result<ConsultResponse, AmsError> {
        self.call(ams::paths::CONSULT, req, deadline).await
    }

    pub async fn pay(&self, req: &PayRequest, deadline: Duration) -> Result<PayResponse, AmsError> {
        self.call(ams::paths::PAY, req, deadline).await
    }

    pub async fn inquiry(
        &self,
        req: &InquiryPaymentRequest,
        deadline: Duration,
    ) -> Result<InquiryPaymentResponse, AmsError> {
        self.call(ams::paths::INQUIRY_PAYMENT, req, deadline).await
    }

    pub async fn cancel(&self, req: &CancelRequest, deadline: Duration) -> Result<CancelResponse, AmsError> {
        self.call(ams::paths::CANCEL, req, deadline).await
    }

    pub async fn refund(&self, req: &RefundRequest, deadline: Duration) -> Result<RefundResponse, AmsError> {
        self.call(ams::paths::REFUND, req, deadline).await
    }

    async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        canonical_path: &str,
        req: &Req,
        deadline: Duration,
    ) -> Result<Resp, AmsError> {
        let path = ams::paths::for_client(&self.client_id, canonical_path);
        let body = serde_json::to_vec(req).map_err(|e| AmsError::BadResponse(e.to_string()))?;
        let request_time = crate::db::now_ms().to_string();
        let builder = self
            .http
            .post(format!("{}{}", self.base_url, path))
            .timeout(deadline)
            .header("Content-Type", "application/json; charset=UTF-8")
            .header("Client-Id", &self.client_id)
            .header("Request-Time", &request_time);
        let builder =
            builder.header("Signature", self.keys.sign_request("POST", &path, &self.client_id, &request_time, &body));
        let response = builder.body(body).send().await.map_err(classify)?;
        let status = response.status();
        let header = |name: &str| response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let response_time = header("response-time");
        let signature = header("signature");
        let raw = response.bytes().await.map_err(classify)?;
        let value: serde_json::Value = serde_json::from_slice(&raw)
            .map_err(|e| AmsError::BadResponse(format!("HTTP {status}, body is not JSON ({e})")))?;
        // Like the official SDK: F and U answers may come unsigned; anything else must verify.
        let result_status = value["result"]["resultStatus"].as_str().unwrap_or("");
        if result_status == "S" || signature.is_some() {
            self.keys
                .verify(
                    "POST",
                    &path,
                    &self.client_id,
                    response_time.as_deref().unwrap_or(""),
                    &raw,
                    signature.as_deref(),
                )
                .map_err(AmsError::BadSignature)?;
        }
        serde_json::from_value(value).map_err(|e| AmsError::BadResponse(format!("HTTP {status}: {e}")))
    }
}

fn classify(e: reqwest::Error) -> AmsError {
    if e.is_timeout() {
        AmsError::Timeout
    } else {
        AmsError::Transport(e.to_string())
    }
}

/// A sandbox convenience for merchant servers run apart from the sandbox: fetches the
/// sandbox's public key and registers the merchant's (Alipay's portal does both by hand).
pub async fn enroll_with_sandbox(ams_url: &str, client_id: &str, merchant: &PublicKey) -> anyhow::Result<PublicKey> {
    use anyhow::Context;
    let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build()?;
    let pem = http
        .get(format!("{ams_url}/sandbox/public-key.pem"))
        .send()
        .await
        .and_then(reqwest::Response::error_for_status)
        .with_context(|| format!("fetching the sandbox's public key from {ams_url}"))?
        .text()
        .await?;
    let sandbox_key = PublicKey::from_pem(&pem).context("reading the sandbox's public key")?;
    let resp = http
        .post(format!("{ams_url}/sandbox/merchants"))
        .json(&serde_json::json!({ "clientId": client_id, "publicKey": merchant.to_pem() }))
        .send()
        .await
        .with_context(|| format!("registering with the sandbox at {ams_url}"))?;
    if !resp.status().is_success() {
        let status = resp.status();
        anyhow::bail!("the sandbox refused this merchant's key ({status}): {}", resp.text().await.unwrap_or_default());
    }
    Ok(sandbox_key)
}
