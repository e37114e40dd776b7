//! The active message catalogue, shared through context.

use checkout_core::messages::{Catalog, CatalogError, Msg, ShopLanguage};
use js_sys::{Array, Object};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// Copyable handle on the widget's catalogue (built-in texts plus the shop's translations).
#[derive(Clone, Copy)]
pub struct I18n(StoredValue<Catalog>);

impl I18n {
    pub fn t(&self, msg: Msg) -> String {
        self.0.with_value(|c| c.text(msg).to_owned())
    }

    pub fn fill(&self, msg: Msg, values: &[(&str, &str)]) -> String {
        self.0.with_value(|c| c.fill(msg, values))
    }

    /// For `checkout-core` helpers that take the catalogue.
    pub fn with<R>(&self, f: impl FnOnce(&Catalog) -> R) -> R {
        self.0.with_value(f)
    }
}

/// Picks the language (`locale` option, else the browser's) and layers the shop's
/// `translations` (a plain JS object) over it. Bad translations are reported and ignored,
/// never fatal.
pub fn provide_i18n(tag: Option<&str>, translations: Option<&JsValue>) {
    let tag = tag.map(str::to_owned).or_else(crate::browser::language).unwrap_or_default();
    let catalog = match translations {
        None => Catalog::for_tag(&tag),
        Some(js) => read_languages(js).and_then(|l| Catalog::from_languages(&l, &tag)).unwrap_or_else(|e| {
            crate::browser::warn(&format!("alipay-checkout: translations ignored: {e}"));
            Catalog::for_tag(&tag)
        }),
    };
    provide_context(I18n(StoredValue::new(catalog)));
}

/// `{ "fr": { "pay_button": "Payer" } }` as the catalogue's languages.
fn read_languages(js: &JsValue) -> Result<Vec<ShopLanguage>, CatalogError> {
    let object = plain_object(js).ok_or_else(|| CatalogError::Shape("expected an object of languages".into()))?;
    Ok(entries(object)
        .map(|(tag, texts)| ShopLanguage {
            tag,
            texts: plain_object(&texts).map(|t| entries(t).map(|(key, text)| (key, text.as_string())).collect()),
        })
        .collect())
}

fn plain_object(js: &JsValue) -> Option<&Object> {
    (js.is_object() && !js.is_null() && !Array::is_array(js)).then(|| js.unchecked_ref())
}

fn entries(object: &Object) -> impl Iterator<Item = (String, JsValue)> {
    let pairs: Vec<JsValue> = Object::entries(object).to_vec();
    pairs.into_iter().map(|pair| {
        let pair: Array = pair.unchecked_into();
        (pair.get(0).as_string().unwrap_or_default(), pair.get(1))
    })
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("I18n is provided by CheckoutApp")
}
