//! The reference merchant backend: orders, payments and AMS notifications.

pub mod audit;
pub mod errors;
pub mod lease;
pub mod metadata;
pub mod notify;
pub mod orders;
pub mod payments;
pub mod reconciler;
pub mod refunds;
pub mod routes;
pub mod status;
pub mod tx;

use std::net::IpAddr;
use std::sync::Arc;

use crate::ams_client::AmsClient;
use crate::db::Pool;

/// Everything the merchant handlers share. Cheap to clone.
#[derive(Clone)]
pub struct MerchantState {
    pub inner: Arc<MerchantInner>,
}

pub struct MerchantInner {
    pub pool: Pool,
    pub ams: AmsClient,
    /// This server's public URL, no trailing slash.
    pub public_url: String,
    pub order_ttl_ms: i64,
    pub trusted_proxies: Vec<IpAddr>,
    /// `--payment-expiry-secs`: the merchant's own payment expiry, or `None` for the method's
    /// default at AMS.
    pub payment_expiry_secs: Option<u64>,
}

impl MerchantInner {
    /// The `paymentNotifyUrl` sent with every pay.
    pub fn notify_url(&self) -> String {
        format!("{}/alipay/notify", self.public_url)
    }
}

impl std::ops::Deref for MerchantState {
    type Target = MerchantInner;
    fn deref(&self) -> &MerchantInner {
        &self.inner
    }
}
