//! The `Signature` header: what we send and how tolerantly we read it.

use ams::signing::{parse_signature_header, signature_header, SignatureError, SignatureHeader};

fn header(signature: &str) -> SignatureHeader {
    SignatureHeader { algorithm: "RSA256".into(), key_version: "1".into(), signature: signature.into() }
}

#[test]
fn writes_the_sdk_format() {
    assert_eq!(signature_header("ab%2Bc%3D"), "algorithm=RSA256,keyVersion=1,signature=ab%2Bc%3D");
}

#[test]
fn reads_back_what_it_writes() {
    assert_eq!(parse_signature_header(&signature_header("ab%2Bc%3D")), Ok(header("ab%2Bc%3D")));
}

#[test]
fn tolerates_spaces_order_case_and_raw_base64() {
    for value in [
        "signature=ab+c=,keyVersion=1,algorithm=RSA256",
        " algorithm = RSA256 , keyVersion = 1 , signature = ab+c= ",
        "Algorithm=rsa256,KEYVERSION=1,Signature=ab+c=,",
        "signature=ab+c=",
        "algorithm=RSA256,keyVersion=1,extra=x,signature=ab+c=",
    ] {
        let parsed = parse_signature_header(value).unwrap_or_else(|e| panic!("{value}: {e}"));
        assert_eq!(parsed.signature, "ab+c=", "{value}");
        assert!(parsed.algorithm.eq_ignore_ascii_case("RSA256"));
        assert_eq!(parsed.key_version, "1");
    }
}

#[test]
fn keeps_another_key_version() {
    assert_eq!(parse_signature_header("keyVersion=2,signature=x").unwrap().key_version, "2");
}

#[test]
fn refuses_missing_empty_or_repeated_signature() {
    for value in [
        "",
        "algorithm=RSA256,keyVersion=1",
        "algorithm=RSA256,keyVersion=1,signature=",
        "signature=a,signature=b",
        "algorithm=RSA256,keyVersion=1,abc",
    ] {
        assert!(matches!(parse_signature_header(value), Err(SignatureError::BadHeader(_))), "{value:?}");
    }
}

#[test]
fn refuses_other_algorithms() {
    assert_eq!(
        parse_signature_header("algorithm=RSA512,signature=x"),
        Err(SignatureError::UnsupportedAlgorithm("RSA512".into()))
    );
}
