//! AMS request/response/notification signing: SHA256withRSA (PKCS#1 v1.5) over
//! `"<METHOD> <path>\n<Client-Id>.<time>.<body>"`, Base64 then URL-encoded.
//! Native only (feature `signing`): the widget never signs.

mod error;
mod header;
mod keys;
mod pem;

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::RSA_PKCS1_SHA256;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::{alphabet, Engine as _};

pub use error::SignatureError;
pub use header::{parse_signature_header, signature_header, SignatureHeader, ALGORITHM, KEY_VERSION};
pub use keys::{PrivateKey, PublicKey};

/// Header names, lowercase as the SDKs send and read them (HTTP names are case-insensitive).
pub const CLIENT_ID: &str = "client-id";
pub const REQUEST_TIME: &str = "request-time";
pub const RESPONSE_TIME: &str = "response-time";
pub const SIGNATURE: &str = "signature";

/// The signed text. `time` is the exact `Request-Time`/`response-time` header string
/// (epoch milliseconds or ISO-8601) and `body` the exact bytes sent.
pub fn content_to_sign(method: &str, path: &str, client_id: &str, time: &str, body: &str) -> String {
    format!("{method} {path}\n{client_id}.{time}.{body}")
}

/// The signature value for the `Signature` header: Base64, then URL-encoded.
pub fn sign(key: &PrivateKey, method: &str, path: &str, client_id: &str, time: &str, body: &str) -> String {
    let content = content_to_sign(method, path, client_id, time, body);
    let mut raw = vec![0; key.pair.public_modulus_len()];
    // aws-lc ignores the rng for PKCS#1 v1.5 (deterministic) but the API wants one.
    key.pair
        .sign(&RSA_PKCS1_SHA256, &SystemRandom::new(), content.as_bytes(), &mut raw)
        .expect("PKCS#1 v1.5 signing with a loaded key and a modulus-sized buffer cannot fail");
    header::url_encode_base64(&STANDARD.encode(raw))
}

/// Checks a signature value in either form, URL-encoded (as sent in the header)
/// or raw Base64 (padding optional).
pub fn verify(
    key: &PublicKey,
    method: &str,
    path: &str,
    client_id: &str,
    time: &str,
    body: &str,
    signature_value: &str,
) -> Result<(), SignatureError> {
    let b64 = header::url_decode(signature_value)?;
    let raw = LENIENT_BASE64.decode(b64.as_bytes()).map_err(|_| SignatureError::BadBase64)?;
    let content = content_to_sign(method, path, client_id, time, body);
    key.parsed.verify_sig(content.as_bytes(), &raw).map_err(|_| SignatureError::Mismatch)
}

/// Standard alphabet; accepts values whose `=` padding was dropped along the way.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);
