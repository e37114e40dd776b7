//! RSA keys in the forms merchants get them: PKCS#8 or PKCS#1 private keys,
//! X.509 SubjectPublicKeyInfo public keys, each as PEM or as a bare Base64 body.

use std::fmt;

use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rsa::{KeyPair, KeySize, RsaParameters};
use aws_lc_rs::signature::{KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256};

use super::pem;
use super::SignatureError;

/// A merchant's (or the sandbox's) RSA private key, 2048 to 8192 bits.
pub struct PrivateKey {
    pub(crate) pair: KeyPair,
}

impl PrivateKey {
    /// Reads a PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE KEY`) PEM.
    /// A bare Base64 body without markers is accepted too, as Alipay's SDKs do.
    pub fn from_pem(text: &str) -> Result<Self, SignatureError> {
        let der = pem::decode(text)?;
        let pair = match der.label.as_deref() {
            Some("PRIVATE KEY") => KeyPair::from_pkcs8(&der.bytes),
            Some("RSA PRIVATE KEY") => KeyPair::from_der(&der.bytes),
            Some("ENCRYPTED PRIVATE KEY") => return Err(bad("encrypted keys are not supported")),
            Some(other) => return Err(bad(&format!("expected a private key, found {other}"))),
            // No markers: the body alone does not say which form it is, so try both.
            None => KeyPair::from_pkcs8(&der.bytes).or_else(|_| KeyPair::from_der(&der.bytes)),
        }
        .map_err(|e| bad(&format!("not an RSA private key ({e})")))?;
        Ok(Self { pair })
    }

    /// Reads the Base64 body of a PKCS#8 or PKCS#1 key (line breaks allowed).
    /// Text with PEM markers is accepted as well: callers need not know which they hold.
    pub fn from_base64_der(text: &str) -> Result<Self, SignatureError> {
        Self::from_pem(text)
    }

    /// A fresh 2048-bit key (exponent 65537), for the sandbox and for tests.
    ///
    /// # Panics
    /// Only if the operating system's random source fails.
    pub fn generate_2048() -> Self {
        let pair = KeyPair::generate(KeySize::Rsa2048).expect("RSA-2048 key generation failed");
        Self { pair }
    }

    /// The key as PKCS#8 PEM (`BEGIN PRIVATE KEY`).
    pub fn to_pkcs8_pem(&self) -> String {
        let der = self.pair.as_der().expect("a loaded RSA key encodes as PKCS#8");
        pem::encode("PRIVATE KEY", der.as_ref())
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        let spki = self.pair.public_key().as_der().expect("an RSA public key encodes as SPKI");
        PublicKey::from_der(spki.as_ref()).expect("a key pair's own public key is valid")
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.pair.public_modulus_len() * 8
    }
}

impl fmt::Debug for PrivateKey {
    // Never print key material.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PrivateKey(RSA-{})", self.bits())
    }
}

/// Alipay's (or a merchant's) RSA public key, 2048 to 8192 bits.
#[derive(Clone)]
pub struct PublicKey {
    /// X.509 SubjectPublicKeyInfo DER, kept for export and comparison.
    spki: Vec<u8>,
    bits: u32,
    /// Parsed once: verifying then skips the DER parsing.
    pub(crate) parsed: ParsedPublicKey,
}

impl PublicKey {
    /// Reads an X.509 SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`), or a bare Base64
    /// body as Alipay's portal shows it. PKCS#1 (`BEGIN RSA PUBLIC KEY`) is accepted too.
    pub fn from_pem(text: &str) -> Result<Self, SignatureError> {
        let der = pem::decode(text)?;
        match der.label.as_deref() {
            None | Some("PUBLIC KEY") | Some("RSA PUBLIC KEY") => Self::from_der(&der.bytes),
            Some(other) => Err(bad(&format!("expected a public key, found {other}"))),
        }
    }

    /// Reads the Base64 body of a SubjectPublicKeyInfo (line breaks allowed);
    /// text with PEM markers is accepted as well.
    pub fn from_base64_der(text: &str) -> Result<Self, SignatureError> {
        Self::from_pem(text)
    }

    /// SPKI or PKCS#1 DER; normalised to SPKI.
    fn from_der(der: &[u8]) -> Result<Self, SignatureError> {
        let key = aws_lc_rs::rsa::PublicKey::from_der(der).map_err(|e| bad(&format!("not an RSA public key ({e})")))?;
        let bits = RsaParameters::public_modulus_len(key.as_ref()).map_err(|_| bad("unreadable modulus"))?;
        let range = RSA_PKCS1_2048_8192_SHA256.min_modulus_len()..=RSA_PKCS1_2048_8192_SHA256.max_modulus_len();
        if !range.contains(&bits) {
            return Err(bad(&format!("{bits}-bit key; 2048 to 8192 bits are accepted")));
        }
        let spki = key.as_der().map_err(|_| bad("cannot encode as SPKI"))?.as_ref().to_vec();
        let parsed = ParsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA256, &spki)
            .map_err(|e| bad(&format!("not usable for RSA256 ({e})")))?;
        Ok(Self { spki, bits, parsed })
    }

    /// SubjectPublicKeyInfo PEM (`BEGIN PUBLIC KEY`).
    pub fn to_pem(&self) -> String {
        pem::encode("PUBLIC KEY", &self.spki)
    }

    /// The bare Base64 SubjectPublicKeyInfo, one line, as Alipay's portal shows it.
    pub fn to_base64_der(&self) -> String {
        pem::base64(&self.spki)
    }

    /// Modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits as usize
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.spki == other.spki
    }
}

impl Eq for PublicKey {}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey(RSA-{})", self.bits)
    }
}

fn bad(why: &str) -> SignatureError {
    SignatureError::BadKey(why.to_owned())
}
