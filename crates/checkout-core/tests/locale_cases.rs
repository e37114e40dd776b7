//! `locale_cases.json` is the contract for locale resolution: this test runs it against
//! `checkout_core::locale`, and a loader written in another language can run the same file.

use checkout_core::locale::{resolve, text_direction};
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Deserialize)]
struct Cases {
    resolve: Vec<ResolveCase>,
    direction: BTreeMap<String, String>,
}

#[derive(Deserialize)]
struct ResolveCase {
    option: Option<String>,
    browser: Vec<String>,
    expect: String,
}

fn cases() -> Cases {
    serde_json::from_str(include_str!("locale_cases.json")).expect("locale_cases.json is readable")
}

#[test]
fn every_resolution_case_holds() {
    let cases = cases().resolve;
    assert!(cases.len() >= 20);
    for case in cases {
        let got = resolve(case.option.as_deref(), &case.browser);
        assert_eq!(got, case.expect, "option {:?}, browser {:?}", case.option, case.browser);
    }
}

#[test]
fn every_direction_case_holds() {
    for (tag, dir) in cases().direction {
        assert_eq!(text_direction(&tag).as_attr(), dir, "{tag:?}");
    }
}
