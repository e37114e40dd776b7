//! The one error type of signing and verification.

use std::fmt;

/// Why a key, a `Signature` header or a signature was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureError {
    /// The `Signature` header is malformed (the text says how).
    BadHeader(String),
    /// The header names an algorithm other than RSA256.
    UnsupportedAlgorithm(String),
    /// The signature value is neither Base64 nor URL-encoded Base64.
    BadBase64,
    /// The signature is well formed but does not match the content and key.
    Mismatch,
    /// A key could not be read (the text says why).
    BadKey(String),
}

impl fmt::Display for SignatureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadHeader(why) => write!(f, "malformed Signature header: {why}"),
            Self::UnsupportedAlgorithm(alg) => {
                write!(f, "unsupported signature algorithm {alg:?} (only RSA256)")
            }
            Self::BadBase64 => f.write_str("signature is not Base64 or URL-encoded Base64"),
            Self::Mismatch => f.write_str("signature does not match the content and key"),
            Self::BadKey(why) => write!(f, "unusable RSA key: {why}"),
        }
    }
}

impl std::error::Error for SignatureError {}
