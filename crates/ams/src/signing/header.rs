//! The `Signature` header value and the URL-encoding of the Base64 signature inside it.

use super::SignatureError;

/// The only algorithm AMS uses: SHA256withRSA, PKCS#1 v1.5.
pub const ALGORITHM: &str = "RSA256";
/// The key version every SDK sends.
pub const KEY_VERSION: &str = "1";

/// A parsed `Signature` header. Absent `algorithm`/`keyVersion` take the values
/// every SDK sends (`RSA256`, `1`); `signature` is kept as sent (URL-encoded or not).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureHeader {
    pub algorithm: String,
    pub key_version: String,
    pub signature: String,
}

/// `algorithm=RSA256,keyVersion=1,signature=<value>`; `signature` is used as given,
/// so pass what [`super::sign`] returns (already URL-encoded).
pub fn signature_header(signature: &str) -> String {
    format!("algorithm={ALGORITHM},keyVersion={KEY_VERSION},signature={signature}")
}

/// Reads `key=value` pairs separated by commas, in any order, with spaces around
/// them and names in any case. Unknown names are ignored; a missing or empty
/// signature, a repeated name, or an algorithm other than RSA256 is refused.
pub fn parse_signature_header(value: &str) -> Result<SignatureHeader, SignatureError> {
    let (mut algorithm, mut key_version, mut signature) = (None, None, None);
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, val) = part.split_once('=').ok_or_else(|| bad(format!("{part:?} is not name=value")))?;
        let (name, val) = (name.trim(), val.trim());
        let slot = match name.to_ascii_lowercase().as_str() {
            "algorithm" => &mut algorithm,
            "keyversion" => &mut key_version,
            "signature" => &mut signature,
            _ => continue,
        };
        if slot.replace(val.to_owned()).is_some() {
            return Err(bad(format!("{name} given twice")));
        }
    }
    let signature = signature.filter(|s| !s.is_empty()).ok_or_else(|| bad("no signature".to_owned()))?;
    let algorithm = algorithm.unwrap_or_else(|| ALGORITHM.to_owned());
    if !algorithm.eq_ignore_ascii_case(ALGORITHM) {
        return Err(SignatureError::UnsupportedAlgorithm(algorithm));
    }
    let key_version = key_version.unwrap_or_else(|| KEY_VERSION.to_owned());
    Ok(SignatureHeader { algorithm, key_version, signature })
}

/// Escapes the three Base64 characters that are not URL-safe, as Java's
/// `URLEncoder` and Go's `url.QueryEscape` do for a Base64 string.
pub(crate) fn url_encode_base64(b64: &str) -> String {
    let mut out = String::with_capacity(b64.len() + 16);
    for c in b64.chars() {
        match c {
            '+' => out.push_str("%2B"),
            '/' => out.push_str("%2F"),
            '=' => out.push_str("%3D"),
            c => out.push(c),
        }
    }
    out
}

/// Undoes any `%XX` escapes. A space becomes `+`: Base64 has no spaces, so one
/// can only be a `+` that some form decoder turned into a space.
pub(crate) fn url_decode(value: &str) -> Result<String, SignatureError> {
    let bytes = value.trim().as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes.get(i + 1..i + 3).ok_or(SignatureError::BadBase64)?;
                // Checked first: from_str_radix would also take a sign such as "+1".
                if !hex.iter().all(u8::is_ascii_hexdigit) {
                    return Err(SignatureError::BadBase64);
                }
                let hex = std::str::from_utf8(hex).expect("hex digits are ASCII");
                out.push(u8::from_str_radix(hex, 16).expect("two hex digits fit a byte"));
                i += 3;
            }
            b' ' => {
                out.push(b'+');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| SignatureError::BadBase64)
}

fn bad(why: String) -> SignatureError {
    SignatureError::BadHeader(why)
}
