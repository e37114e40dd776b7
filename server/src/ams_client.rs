//! The merchant's client for AMS: the embedded sandbox or Alipay's real host.
//!
//! Signing slots in through [`ClientCrypto`]: requests are signed by `sign_request`, and
//! responses (and notifications, which are signed the same way) are checked by `verify`.

use std::sync::Arc;
use std::time::Duration;

use ams::{
    CancelRequest, CancelResponse, ConsultRequest, ConsultResponse, InquiryPaymentRequest,
    InquiryPaymentResponse, PayRequest, PayResponse, RefundRequest, RefundResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Signature glue for the merchant side. One implementation without keys ([`Unsigned`]) and,
/// when the `ams` crate has signing, one with RSA keys.
pub trait ClientCrypto: Send + Sync {
    /// The `Signature` header value for a request, or `None` to send it unsigned.
    fn sign_request(
        &self,
        method: &str,
        path: &str,
        client_id: &str,
        request_time: &str,
        body: &[u8],
    ) -> anyhow::Result<Option<String>>;

    /// Checks a message signed by AMS: a response to `path` or a notification sent to `path`.
    /// `signature` is the raw `Signature` header, if any.
    fn verify(
        &self,
        method: &str,
        path: &str,
        client_id: &str,
        time: &str,
        body: &[u8],
        signature: Option<&str>,
    ) -> Result<(), String>;

    /// Whether this implementation actually checks signatures (for logs and notes).
    fn checks_signatures(&self) -> bool;
}

/// No keys: requests go unsigned and signatures are not checked. Only for the sandbox before
/// keys exist.
pub struct Unsigned;

impl ClientCrypto for Unsigned {
    fn sign_request(&self, _: &str, _: &str, _: &str, _: &str, _: &[u8]) -> anyhow::Result<Option<String>> {
        Ok(None)
    }
    fn verify(&self, _: &str, _: &str, _: &str, _: &str, _: &[u8], _: Option<&str>) -> Result<(), String> {
        Ok(())
    }
    fn checks_signatures(&self) -> bool {
        false
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
    crypto: Arc<dyn ClientCrypto>,
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
    pub fn new(base_url: &str, client_id: &str, crypto: Arc<dyn ClientCrypto>) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(15))
            .user_agent(concat!("checkout-server/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Self {
            http,
            base_url: base_url.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            crypto,
        })
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn crypto(&self) -> &Arc<dyn ClientCrypto> {
        &self.crypto
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
        let mut builder = self
            .http
            .post(format!("{}{}", self.base_url, path))
            .timeout(deadline)
            .header("Content-Type", "application/json; charset=UTF-8")
            .header("Client-Id", &self.client_id)
            .header("Request-Time", &request_time);
        let signature = self
            .crypto
            .sign_request("POST", &path, &self.client_id, &request_time, &body)
            .map_err(|e| AmsError::Transport(format!("signing failed: {e}")))?;
        if let Some(sig) = signature {
            builder = builder.header("Signature", sig);
        }
        let response = builder.body(body).send().await.map_err(classify)?;
        let status = response.status();
        let header = |name: &str| {
            response.headers().get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
        };
        let response_time = header("response-time");
        let signature = header("signature");
        let raw = response.bytes().await.map_err(classify)?;
        let value: serde_json::Value = serde_json::from_slice(&raw).map_err(|e| {
            AmsError::BadResponse(format!("HTTP {status}, body is not JSON ({e})"))
        })?;
        // Like the official SDK: F and U answers may come unsigned; anything else must verify.
        let result_status = value["result"]["resultStatus"].as_str().unwrap_or("");
        if result_status == "S" || signature.is_some() {
            self.crypto
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
        serde_json::from_value(value)
            .map_err(|e| AmsError::BadResponse(format!("HTTP {status}: {e}")))
    }
}

fn classify(e: reqwest::Error) -> AmsError {
    if e.is_timeout() { AmsError::Timeout } else { AmsError::Transport(e.to_string()) }
}
