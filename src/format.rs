//! Amounts for people, in the widget's language, written by the browser's `Intl.NumberFormat`
//! (no formatting tables in the wasm). The one function components call.

use checkout_core::ams::Amount;
use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::i18n::I18n;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = Intl, js_name = NumberFormat)]
    type NumberFormat;

    /// Throws a RangeError for a malformed locale or currency: caught, never a panic.
    #[wasm_bindgen(constructor, catch, js_namespace = Intl, js_class = NumberFormat)]
    fn new(locales: &Array, options: &Object) -> Result<NumberFormat, JsValue>;

    /// A decimal string is formatted exactly (no float rounding on the way).
    #[wasm_bindgen(method)]
    fn format(this: &NumberFormat, value: &str) -> String;
}

/// "39,00 zł" in Polish, "￥3,200" in Japanese, "$12.50" in English: the amount in the widget's
/// language with the currency's own decimals (ISO 4217, as AMS counts minor units). In a
/// right-to-left language the amount is a bidi isolate, so the text around it keeps its order.
/// The plain "12.50 USD" when `Intl` refuses the currency or the amount is malformed.
pub fn format_amount(amount: &Amount) -> String {
    let i18n = crate::scope::find::<I18n>();
    let locales = i18n.map_or_else(Array::new, |i| i.locales());
    let text = intl(amount, &locales).unwrap_or_else(|| checkout_core::format::format_amount(amount));
    if i18n.is_some_and(|i| i.rtl()) {
        // First strong isolate ... pop directional isolate.
        format!("\u{2068}{text}\u{2069}")
    } else {
        text
    }
}

fn intl(amount: &Amount, locales: &Array) -> Option<String> {
    let major = amount.to_major_string().ok()?;
    let digits = JsValue::from(amount.exponent());
    let options = Object::new();
    for (key, value) in [
        ("style", JsValue::from_str("currency")),
        ("currency", JsValue::from_str(&amount.currency)),
        ("minimumFractionDigits", digits.clone()),
        ("maximumFractionDigits", digits),
    ] {
        Reflect::set(&options, &JsValue::from_str(key), &value).ok()?;
    }
    Some(NumberFormat::new(locales, &options).ok()?.format(&major))
}
