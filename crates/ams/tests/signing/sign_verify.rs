//! Signing and verification: known answers, round trips, and every changed input failing.

use super::fixtures::*;
use ams::signing::{content_to_sign, sign, verify, PrivateKey, PublicKey, SignatureError};

#[test]
fn content_to_sign_matches_the_facts_example() {
    let content = content_to_sign(
        "POST",
        "/ams/api/v1/payments/pay",
        "SANDBOX_5Y...2022",
        "1685599933871",
        r#"{"productCode":...}"#,
    );
    assert_eq!(content, "POST /ams/api/v1/payments/pay\nSANDBOX_5Y...2022.1685599933871.{\"productCode\":...}");
}

#[test]
fn content_keeps_an_iso_time_as_sent() {
    let content = content_to_sign("POST", "/p", "C", "2023-06-01T12:00:00+08:00", "{}");
    assert_eq!(content, "POST /p\nC.2023-06-01T12:00:00+08:00.{}");
}

#[test]
fn signature_equals_openssl_for_pkcs8_and_pkcs1_forms() {
    let expected = OPENSSL_SIGNATURE.trim().replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
    for pem in [PKCS8_PEM, PKCS1_PEM] {
        let key = PrivateKey::from_pem(pem).unwrap();
        assert_eq!(sign(&key, KAT_METHOD, KAT_PATH, KAT_CLIENT_ID, KAT_TIME, KAT_BODY), expected);
    }
}

#[test]
fn openssl_signature_verifies_raw_and_url_encoded() {
    let public = PublicKey::from_pem(SPKI_PEM).unwrap();
    let raw = OPENSSL_SIGNATURE.trim();
    let encoded = raw.replace('+', "%2B").replace('/', "%2F").replace('=', "%3D");
    let lower = encoded.replace("%2B", "%2b").replace("%2F", "%2f").replace("%3D", "%3d");
    for value in [raw.to_owned(), encoded, lower, raw.trim_end_matches('=').to_owned()] {
        assert_eq!(verify(&public, KAT_METHOD, KAT_PATH, KAT_CLIENT_ID, KAT_TIME, KAT_BODY, &value), Ok(()), "{value}");
    }
}

#[test]
fn a_plus_turned_into_a_space_still_verifies() {
    let public = PublicKey::from_pem(SPKI_PEM).unwrap();
    let raw = OPENSSL_SIGNATURE.trim();
    assert!(raw.contains('+'), "fixture should exercise '+'");
    let spaced = raw.replace('+', " ");
    assert_eq!(verify(&public, KAT_METHOD, KAT_PATH, KAT_CLIENT_ID, KAT_TIME, KAT_BODY, &spaced), Ok(()));
}

#[test]
fn round_trip_with_a_generated_key() {
    let key = generated();
    let sig =
        sign(key, "POST", "/ams/api/v1/payments/inquiryPayment", "CLIENT", "1700000000000", "{\"paymentId\":\"1\"}");
    assert!(!sig.contains(['+', '/', '=']), "header value must be URL-encoded: {sig}");
    let public = key.public_key();
    assert_eq!(
        verify(
            &public,
            "POST",
            "/ams/api/v1/payments/inquiryPayment",
            "CLIENT",
            "1700000000000",
            "{\"paymentId\":\"1\"}",
            &sig
        ),
        Ok(())
    );
}

#[test]
fn any_changed_input_fails_with_mismatch() {
    let key = generated();
    let public = key.public_key();
    let args = ["POST", "/ams/api/v1/payments/pay", "CLIENT", "1700000000000", "{\"a\":1}"];
    let sig = sign(key, args[0], args[1], args[2], args[3], args[4]);
    let changes: [(usize, &str); 6] = [
        (0, "GET"),
        (1, "/ams/sandbox/api/v1/payments/pay"),
        (2, "CLIENT2"),
        (3, "1700000000001"),
        (4, "{\"a\":2}"),
        (4, "{\"a\":1} "),
    ];
    for (i, changed) in changes {
        let mut a = args;
        a[i] = changed;
        assert_eq!(
            verify(&public, a[0], a[1], a[2], a[3], a[4], &sig),
            Err(SignatureError::Mismatch),
            "changed #{i} to {changed}"
        );
    }
}

#[test]
fn another_key_fails_with_mismatch() {
    let sig = sign(generated(), "POST", "/p", "C", "1", "{}");
    assert_eq!(verify(&other().public_key(), "POST", "/p", "C", "1", "{}", &sig), Err(SignatureError::Mismatch));
}

#[test]
fn malformed_signature_values() {
    let public = generated().public_key();
    let check = |value: &str| verify(&public, "POST", "/p", "C", "1", "{}", value);
    assert_eq!(check("not base64!"), Err(SignatureError::BadBase64));
    assert_eq!(check("abc%2"), Err(SignatureError::BadBase64));
    assert_eq!(check("abc%+1"), Err(SignatureError::BadBase64));
    assert_eq!(check("%ZZabc"), Err(SignatureError::BadBase64));
    // Valid Base64 of the wrong length is simply not the signature.
    assert_eq!(check("AAAA"), Err(SignatureError::Mismatch));
    assert_eq!(check(""), Err(SignatureError::Mismatch));
}

#[test]
fn errors_explain_themselves() {
    assert_eq!(SignatureError::Mismatch.to_string(), "signature does not match the content and key");
    assert!(SignatureError::BadHeader("no signature".into()).to_string().contains("no signature"));
    assert!(SignatureError::BadKey("x".into()).to_string().contains("RSA key"));
}

#[test]
fn header_name_constants_are_the_sdk_spellings() {
    use ams::signing::{CLIENT_ID, REQUEST_TIME, RESPONSE_TIME, SIGNATURE};
    assert_eq!(
        [CLIENT_ID, REQUEST_TIME, RESPONSE_TIME, SIGNATURE],
        ["client-id", "request-time", "response-time", "signature"]
    );
}
