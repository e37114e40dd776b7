//! Fixtures shared by the signing tests.

use std::sync::OnceLock;

use ams::signing::PrivateKey;

pub const PKCS8_PEM: &str = include_str!("../data/test_private_pkcs8.pem");
pub const PKCS1_PEM: &str = include_str!("../data/test_private_pkcs1.pem");
pub const SPKI_PEM: &str = include_str!("../data/test_public_spki.pem");
pub const PKCS1_PUBLIC_PEM: &str = include_str!("../data/test_public_pkcs1.pem");
pub const SPKI_1024_PEM: &str = include_str!("../data/test_public_1024.pem");
pub const OPENSSL_SIGNATURE: &str = include_str!("../data/openssl_signature.b64");

/// The content OpenSSL signed for `OPENSSL_SIGNATURE`.
pub const KAT_METHOD: &str = "POST";
pub const KAT_PATH: &str = "/ams/api/v1/payments/pay";
pub const KAT_CLIENT_ID: &str = "SANDBOX_5YTEST2022";
pub const KAT_TIME: &str = "1685599933871";
pub const KAT_BODY: &str = r#"{"productCode":"CASHIER_PAYMENT","order":{"orderDescription":"Café ☕"}}"#;

/// The PEM body alone, as Alipay's portal shows keys.
pub fn bare(pem: &str) -> String {
    pem.lines().filter(|l| !l.starts_with("-----")).collect()
}

/// One generated key per test binary: RSA key generation is slow.
pub fn generated() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(PrivateKey::generate_2048)
}

/// A second, different key.
pub fn other() -> &'static PrivateKey {
    static KEY: OnceLock<PrivateKey> = OnceLock::new();
    KEY.get_or_init(PrivateKey::generate_2048)
}
