//! Key loading in every form merchants get keys, and refusal of the wrong ones.

use super::fixtures::*;
use ams::signing::{PrivateKey, PublicKey, SignatureError};

fn is_bad_key<T: std::fmt::Debug>(r: Result<T, SignatureError>) -> bool {
    matches!(r, Err(SignatureError::BadKey(_)))
}

#[test]
fn private_keys_load_from_pkcs8_pkcs1_and_bare_base64() {
    let expected = PublicKey::from_pem(SPKI_PEM).unwrap();
    let crlf = PKCS1_PEM.replace('\n', "\r\n");
    let forms = [
        PrivateKey::from_pem(PKCS8_PEM),
        PrivateKey::from_pem(PKCS1_PEM),
        PrivateKey::from_pem(&crlf),
        PrivateKey::from_base64_der(&bare(PKCS8_PEM)),
        PrivateKey::from_base64_der(&bare(PKCS1_PEM)),
        PrivateKey::from_pem(&bare(PKCS1_PEM)),
        PrivateKey::from_base64_der(PKCS8_PEM),
        PrivateKey::from_pem(&format!("  {}  ", bare(PKCS8_PEM))),
    ];
    for (i, key) in forms.into_iter().enumerate() {
        let key = key.unwrap_or_else(|e| panic!("form #{i}: {e}"));
        assert_eq!(key.public_key(), expected, "form #{i}");
        assert_eq!(key.bits(), 2048);
    }
}

#[test]
fn public_keys_load_from_spki_pkcs1_and_bare_base64() {
    let expected = PublicKey::from_pem(SPKI_PEM).unwrap();
    for key in [
        PublicKey::from_base64_der(&bare(SPKI_PEM)),
        PublicKey::from_pem(&bare(SPKI_PEM)),
        PublicKey::from_base64_der(SPKI_PEM),
        PublicKey::from_pem(PKCS1_PUBLIC_PEM),
    ] {
        assert_eq!(key.unwrap(), expected);
    }
    assert_eq!(expected.bits(), 2048);
}

#[test]
fn public_key_exports_match_openssl() {
    let key = PublicKey::from_pem(PKCS1_PUBLIC_PEM).unwrap();
    assert_eq!(key.to_pem(), SPKI_PEM);
    assert_eq!(key.to_base64_der(), bare(SPKI_PEM));
}

#[test]
fn pkcs8_export_round_trips_and_matches_openssl() {
    let from_pkcs1 = PrivateKey::from_pem(PKCS1_PEM).unwrap();
    assert_eq!(from_pkcs1.to_pkcs8_pem(), PKCS8_PEM);
    let generated = generated();
    let again = PrivateKey::from_pem(&generated.to_pkcs8_pem()).unwrap();
    assert_eq!(again.public_key(), generated.public_key());
    let public = PublicKey::from_pem(&generated.public_key().to_pem()).unwrap();
    assert_eq!(public, generated.public_key());
}

#[test]
fn wrong_or_broken_keys_are_refused() {
    assert!(is_bad_key(PrivateKey::from_pem(SPKI_PEM)));
    assert!(is_bad_key(PrivateKey::from_base64_der(&bare(SPKI_PEM))));
    assert!(is_bad_key(PublicKey::from_pem(PKCS8_PEM)));
    assert!(is_bad_key(PrivateKey::from_pem("")));
    assert!(is_bad_key(PrivateKey::from_pem("not a key")));
    assert!(is_bad_key(PublicKey::from_base64_der("AAAA")));
    assert!(is_bad_key(PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n")));
    assert!(is_bad_key(PrivateKey::from_pem(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n"
    )));
    let truncated = &PKCS8_PEM[..PKCS8_PEM.len() / 2];
    assert!(is_bad_key(PrivateKey::from_base64_der(&bare(truncated))));
}

#[test]
fn keys_shorter_than_2048_bits_are_refused() {
    let err = PublicKey::from_pem(SPKI_1024_PEM).unwrap_err();
    assert!(err.to_string().contains("1024"), "{err}");
}

#[test]
fn debug_never_shows_key_material() {
    let key = PrivateKey::from_pem(PKCS8_PEM).unwrap();
    assert_eq!(format!("{key:?}"), "PrivateKey(RSA-2048)");
    assert_eq!(format!("{:?}", key.public_key()), "PublicKey(RSA-2048)");
}

#[test]
fn keys_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<PrivateKey>();
    shareable::<PublicKey>();
}
