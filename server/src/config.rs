//! Command-line flags, each with an environment-variable fallback.

use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;

use clap::{ArgAction, Parser, ValueEnum};

use crate::db;

/// Reference merchant backend for the checkout widget, with an embedded Alipay AMS sandbox.
#[derive(Debug, Clone, Parser)]
#[command(name = "checkout-server", version, about)]
pub struct Config {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, env = "CHECKOUT_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Where the databases and keys live; created if missing.
    #[arg(long, env = "CHECKOUT_DATA_DIR", default_value = "data")]
    pub data_dir: PathBuf,

    /// The merchant database: `sqlite://PATH` or `postgres://USER@HOST:PORT/NAME` (several
    /// servers may share one PostgreSQL database). Default: `<data-dir>/merchant.db`.
    #[arg(long, env = "CHECKOUT_DATABASE_URL")]
    pub database_url: Option<String>,

    /// The sandbox's database, same forms. Default: `<data-dir>/sandbox.db`.
    #[arg(long, env = "CHECKOUT_SANDBOX_DATABASE_URL")]
    pub sandbox_database_url: Option<String>,

    /// What this process runs: `all` (the merchant with its embedded sandbox unless
    /// --no-sandbox), `merchant` (only the merchant, talking to --ams-url), or `sandbox` (only
    /// the AMS sandbox, for several merchant servers in front of one "Alipay").
    #[arg(long, env = "CHECKOUT_ROLE", value_enum, default_value_t = Role::All)]
    pub role: Role,

    /// With `--role merchant` against a sandbox: fetch the sandbox's public key from --ams-url
    /// and register this merchant's key there on start (what Alipay's portal does by hand).
    #[arg(long, env = "CHECKOUT_ENROLL_WITH_SANDBOX", action = ArgAction::SetTrue)]
    pub enroll_with_sandbox: bool,

    /// The URL browsers and AMS reach this server at (default: http://<bound address>).
    #[arg(long, env = "CHECKOUT_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// The built widget bundle, served at /widget/.
    #[arg(long, env = "CHECKOUT_WIDGET_DIR", default_value = "dist")]
    pub widget_dir: PathBuf,

    /// The demo shop pages, served at /shop/.
    #[arg(long, env = "CHECKOUT_SHOP_DIR", default_value = "www/shop")]
    pub shop_dir: PathBuf,

    /// Base URL of AMS (default: the embedded sandbox at this server's own address when the
    /// sandbox is on, Alipay's Singapore host otherwise).
    #[arg(long, env = "CHECKOUT_AMS_URL")]
    pub ams_url: Option<String>,

    /// The merchant's AMS Client-Id.
    #[arg(long, env = "CHECKOUT_CLIENT_ID", default_value = "SANDBOX_DEMO_MERCHANT")]
    pub client_id: String,

    /// The merchant's RSA private key (PEM, PKCS#8 or PKCS#1). Default:
    /// <data-dir>/merchant/private_key.pem, created on first run.
    #[arg(long, env = "CHECKOUT_MERCHANT_PRIVATE_KEY")]
    pub merchant_private_key: Option<PathBuf>,

    /// AMS's public key (PEM or bare Base64). Default: the embedded sandbox's when it is on,
    /// else <data-dir>/merchant/alipay_public_key.pem.
    #[arg(long, env = "CHECKOUT_ALIPAY_PUBLIC_KEY")]
    pub alipay_public_key: Option<PathBuf>,

    /// Run the embedded AMS sandbox (on by default).
    #[arg(long, env = "CHECKOUT_SANDBOX", action = ArgAction::Set, num_args = 0..=1,
          default_value_t = true, default_missing_value = "true")]
    pub sandbox: bool,

    /// Turn the embedded sandbox off (talk to the real AMS host).
    #[arg(long = "no-sandbox", action = ArgAction::SetTrue)]
    pub no_sandbox: bool,

    /// Reverse proxies whose X-Forwarded-For is believed (repeat or comma-separate).
    #[arg(long = "trusted-proxy", env = "CHECKOUT_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxies: Vec<IpAddr>,

    /// Origins allowed to call the merchant API from a browser (repeat or comma-separate);
    /// `*` allows any. Loopback origins are always allowed.
    #[arg(long = "allowed-origin", env = "CHECKOUT_ALLOWED_ORIGINS", value_delimiter = ',')]
    pub allowed_origins: Vec<String>,

    /// How long a new order accepts payments, in seconds.
    #[arg(long, env = "CHECKOUT_ORDER_TTL_SECS", default_value_t = 30 * 60)]
    pub order_ttl_secs: u64,

    /// Payment expiry in seconds: pay sends `paymentExpiryTime` = now + this, kept under AMS's
    /// caps (under 10 minutes; under 48 hours for bank transfers). Unset: the method's default
    /// at AMS (14 minutes for most methods).
    #[arg(long, env = "CHECKOUT_PAYMENT_EXPIRY_SECS")]
    pub payment_expiry_secs: Option<u64>,

    /// Multiplies the sandbox's notification retry delays, e.g. 0.001 in tests; 1 is
    /// Alipay's real schedule (0 s, 2 min, 10 min, 10 min, 1 h, 2 h, 6 h, 15 h).
    #[arg(long, env = "CHECKOUT_NOTIFY_TIME_SCALE", default_value_t = 1.0)]
    pub notify_time_scale: f64,
}

/// Which parts of the server a process runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    All,
    Merchant,
    Sandbox,
}

impl Config {
    /// A configuration for tests and embedding: loopback, port 0, everything under `data_dir`.
    pub fn for_data_dir(data_dir: impl Into<PathBuf>) -> Self {
        let data_dir = data_dir.into();
        Self::parse_from([
            std::ffi::OsString::from("checkout-server"),
            "--listen".into(),
            "127.0.0.1:0".into(),
            "--data-dir".into(),
            data_dir.into_os_string(),
        ])
    }

    /// Whether this process runs the AMS sandbox (embedded or alone).
    pub fn sandbox_enabled(&self) -> bool {
        match self.role {
            Role::All => self.sandbox && !self.no_sandbox,
            Role::Merchant => false,
            Role::Sandbox => true,
        }
    }

    /// Whether this process runs the merchant API.
    pub fn merchant_enabled(&self) -> bool {
        self.role != Role::Sandbox
    }

    pub fn merchant_database_url(&self) -> String {
        self.database_url.clone().unwrap_or_else(|| db::sqlite_url(&self.data_dir.join("merchant.db")))
    }

    pub fn sandbox_database_url(&self) -> String {
        self.sandbox_database_url.clone().unwrap_or_else(|| db::sqlite_url(&self.data_dir.join("sandbox.db")))
    }

    /// The public URL once the listening address is known, without a trailing slash.
    pub fn public_url_for(&self, bound: SocketAddr) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => format!("http://{bound}"),
        }
    }

    /// The AMS base URL once the public URL is known, without a trailing slash.
    pub fn ams_url_for(&self, public_url: &str) -> String {
        match &self.ams_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None if self.sandbox_enabled() => public_url.to_owned(),
            None => "https://open-sea-global.alipay.com".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let c = Config::parse_from(["checkout-server"]);
        assert_eq!(c.listen.to_string(), "127.0.0.1:8080");
        assert!(c.sandbox_enabled());
        assert_eq!(c.client_id, "SANDBOX_DEMO_MERCHANT");
        assert_eq!(c.payment_expiry_secs, None);
        let c8 = Config::parse_from(["checkout-server", "--payment-expiry-secs", "8"]);
        assert_eq!(c8.payment_expiry_secs, Some(8));
        let bound: SocketAddr = "127.0.0.1:9000".parse().unwrap();
        assert_eq!(c.public_url_for(bound), "http://127.0.0.1:9000");
        assert_eq!(c.ams_url_for("http://127.0.0.1:9000"), "http://127.0.0.1:9000");
    }

    #[test]
    fn no_sandbox_switches_to_the_real_host() {
        let c = Config::parse_from(["checkout-server", "--no-sandbox", "--trusted-proxy", "10.0.0.1,10.0.0.2"]);
        assert!(!c.sandbox_enabled());
        assert_eq!(c.ams_url_for("http://x"), "https://open-sea-global.alipay.com");
        assert_eq!(c.trusted_proxies.len(), 2);
        let c = Config::parse_from(["checkout-server", "--sandbox", "false"]);
        assert!(!c.sandbox_enabled());
    }

    #[test]
    fn databases_default_to_sqlite_files_in_the_data_dir() {
        let c = Config::parse_from(["checkout-server", "--data-dir", "/d"]);
        assert_eq!(c.merchant_database_url(), "sqlite:///d/merchant.db?mode=rwc");
        assert_eq!(c.sandbox_database_url(), "sqlite:///d/sandbox.db?mode=rwc");
        let c = Config::parse_from(["checkout-server", "--database-url", "postgres://p@127.0.0.1:1/m"]);
        assert_eq!(c.merchant_database_url(), "postgres://p@127.0.0.1:1/m");
    }

    #[test]
    fn roles_split_the_merchant_from_the_sandbox() {
        let c = Config::parse_from(["checkout-server", "--role", "sandbox"]);
        assert!(c.sandbox_enabled() && !c.merchant_enabled());
        let c = Config::parse_from(["checkout-server", "--role", "merchant", "--ams-url", "http://127.0.0.1:9/"]);
        assert!(!c.sandbox_enabled() && c.merchant_enabled());
        assert_eq!(c.ams_url_for("http://x"), "http://127.0.0.1:9");
        assert!(Config::try_parse_from(["checkout-server", "--role", "other"]).is_err());
    }
}
