//! Property tests: any body, client id and time round-trip, and any other body fails.

use super::fixtures::generated;
use ams::signing::{parse_signature_header, sign, signature_header, verify, SignatureError};
use proptest::prelude::*;

proptest! {
    // Each case signs once (~1 ms); the key itself is generated once per binary.
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_body_round_trips_through_the_header(
        body in any::<String>(),
        client_id in "[A-Za-z0-9_]{1,40}",
        time in prop_oneof!["[0-9]{13}", "20[0-9]{2}-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9][+-][01][0-9]:00"],
    ) {
        let key = generated();
        let sig = sign(key, "POST", "/ams/api/v1/payments/pay", &client_id, &time, &body);
        let parsed = parse_signature_header(&signature_header(&sig)).unwrap();
        prop_assert_eq!(&parsed.signature, &sig);
        let public = key.public_key();
        prop_assert_eq!(verify(&public, "POST", "/ams/api/v1/payments/pay", &client_id, &time, &body, &parsed.signature), Ok(()));
    }

    #[test]
    fn any_other_body_fails(body in any::<String>(), other in any::<String>()) {
        prop_assume!(body != other);
        let key = generated();
        let sig = sign(key, "POST", "/p", "C", "1", &body);
        prop_assert_eq!(verify(&key.public_key(), "POST", "/p", "C", "1", &other, &sig), Err(SignatureError::Mismatch));
    }
}
