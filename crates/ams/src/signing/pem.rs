//! PEM armour and bare Base64 key bodies, as Alipay's portal and SDKs hand them out.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;

use super::SignatureError;

/// A key's DER bytes and, when the text had PEM markers, its label
/// (`PRIVATE KEY`, `RSA PRIVATE KEY`, `PUBLIC KEY`, ...).
pub(crate) struct Der {
    pub label: Option<String>,
    pub bytes: Vec<u8>,
}

/// Reads PEM with markers, or a bare Base64 body (whitespace and line breaks ignored).
pub(crate) fn decode(text: &str) -> Result<Der, SignatureError> {
    let (label, body) = match text.find("-----BEGIN ") {
        Some(start) => {
            let rest = &text[start + "-----BEGIN ".len()..];
            let (label, rest) = rest.split_once("-----").ok_or_else(|| bad("unterminated BEGIN marker"))?;
            let end = format!("-----END {label}-----");
            let body_end = rest.find(end.as_str()).ok_or_else(|| bad(&format!("missing END marker for {label}")))?;
            (Some(label.trim().to_owned()), &rest[..body_end])
        }
        None => (None, text),
    };
    // PEM headers such as `Proc-Type:` mean an encrypted legacy key: not supported.
    if body.contains(':') {
        return Err(bad("encrypted or annotated PEM is not supported"));
    }
    let compact: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(bad("empty key"));
    }
    let bytes = STANDARD.decode(compact.as_bytes()).map_err(|e| bad(&format!("key body is not Base64 ({e})")))?;
    Ok(Der { label, bytes })
}

/// PEM with 64-character lines and a final newline, as OpenSSL writes it.
pub(crate) fn encode(label: &str, der: &[u8]) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        // Base64 output is ASCII, so any chunk boundary is a char boundary.
        out.push_str(std::str::from_utf8(line).expect("Base64 is ASCII"));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

pub(crate) fn base64(der: &[u8]) -> String {
    STANDARD.encode(der)
}

fn bad(why: &str) -> SignatureError {
    SignatureError::BadKey(why.to_owned())
}
