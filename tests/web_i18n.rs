//! The widget's language in the browser (wasm-bindgen-test): the loader's `catalogue` option over
//! the built-in English, and amounts written by the browser's `Intl` for it.

use checkout_core::ams::Amount;
use checkout_core::messages::{english, Msg};
use checkout_widget::format::format_amount;
use checkout_widget::i18n::{provide_i18n, use_i18n};
use js_sys::{Function, JSON};
use leptos::prelude::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Runs `f` with the language from the mount option `catalogue` (JSON; `None`: no option).
fn with_catalogue<R>(catalogue: Option<&str>, f: impl FnOnce() -> R) -> R {
    let owner = Owner::new();
    owner.with(|| {
        let value = catalogue.map(|json| JSON::parse(json).unwrap());
        provide_i18n(value.as_ref());
        f()
    })
}

/// What this browser's Intl writes, for comparison.
fn intl(locales: &str, value: &str, currency: &str, digits: u32) -> String {
    let f = Function::new_with_args(
        "l, v, c, d",
        "return new Intl.NumberFormat(JSON.parse(l), { style: 'currency', currency: c, \
         minimumFractionDigits: d, maximumFractionDigits: d }).format(v)",
    );
    let args = js_sys::Array::of4(&locales.into(), &value.into(), &currency.into(), &JsValue::from(digits));
    f.apply(&JsValue::NULL, &args).unwrap().as_string().unwrap()
}

#[wasm_bindgen_test]
fn without_a_catalogue_the_widget_is_english_left_to_right() {
    with_catalogue(None, || {
        let i18n = use_i18n();
        assert_eq!((i18n.tag(), i18n.rtl()), ("en".to_owned(), false));
        assert_eq!(i18n.t(Msg::PayButton), english(Msg::PayButton));
        assert_eq!(format_amount(&Amount::from_minor("USD", 1250)), intl("[\"en\"]", "12.50", "USD", 2));
    });
}

#[wasm_bindgen_test]
fn a_catalogue_gives_its_texts_its_language_and_its_number_formats() {
    let json = r#"{"tag": "pl", "locale": "pl-PL", "texts": {"pay_button": "Zapłać", "retry": 7, "nonsense": "x"}}"#;
    with_catalogue(Some(json), || {
        let i18n = use_i18n();
        assert_eq!(i18n.tag(), "pl");
        assert_eq!(i18n.t(Msg::PayButton), "Zapłać");
        assert_eq!(i18n.t(Msg::Retry), english(Msg::Retry), "a text that is not a string stays English");
        let shown = format_amount(&Amount::from_minor("PLN", 3900));
        assert_eq!(shown, intl("[\"pl-PL\", \"pl\"]", "39.00", "PLN", 2));
        assert!(shown.contains("39,00"), "Polish decimals: {shown}");
        // Minor units by the currency's ISO 4217 exponent, not Intl's guess.
        assert_eq!(format_amount(&Amount::from_minor("JPY", 3200)), intl("[\"pl-PL\"]", "3200", "JPY", 0));
        assert_eq!(format_amount(&Amount::from_minor("KWD", 1005)), intl("[\"pl-PL\"]", "1.005", "KWD", 3));
    });
}

#[wasm_bindgen_test]
fn arabic_runs_right_to_left_with_isolated_amounts() {
    with_catalogue(Some(r#"{"tag": "ar", "locale": "ar", "texts": {"pay_button": "ادفع"}}"#), || {
        let i18n = use_i18n();
        assert!(i18n.rtl());
        let shown = format_amount(&Amount::from_minor("SGD", 850));
        assert_eq!(shown, format!("\u{2068}{}\u{2069}", intl("[\"ar\"]", "8.50", "SGD", 2)));
    });
}

#[wasm_bindgen_test]
fn what_intl_refuses_is_written_plainly_never_a_panic() {
    with_catalogue(Some(r#"{"tag": "de", "locale": "not a tag!", "texts": {}}"#), || {
        assert_eq!(format_amount(&Amount::from_minor("EUR", 990)), "9.90 EUR", "a locale Intl refuses");
    });
    with_catalogue(None, || {
        let odd = Amount { currency: "EURO".into(), value: "990".into() };
        assert_eq!(format_amount(&odd), "990 EURO", "a malformed currency");
    });
}
