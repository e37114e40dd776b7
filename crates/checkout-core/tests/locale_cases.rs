//! `locale_cases.json`'s `direction` map against `checkout_core::locale::text_direction`.
//! Its `resolve` cases are the loader's (www/checkout.js, `resolveLocale`), run by
//! `tests/e2e/locale-resolve.test.mjs`; locale resolution has no Rust copy.

use checkout_core::locale::text_direction;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Cases {
    direction: BTreeMap<String, String>,
}

#[test]
fn every_direction_case_holds() {
    let cases: Cases = serde_json::from_str(include_str!("locale_cases.json")).expect("locale_cases.json is readable");
    assert!(!cases.direction.is_empty());
    for (tag, dir) in cases.direction {
        assert_eq!(text_direction(&tag).as_attr(), dir, "{tag:?}");
    }
}
