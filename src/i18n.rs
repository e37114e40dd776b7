//! The active message catalogue and language, shared through context.
//!
//! Three layers, best first: the shop's `translations` option, the catalogue file the loader
//! downloaded for the shopper's language (mount option `catalogue`), the built-in English.

use checkout_core::locale::text_direction;
use checkout_core::messages::{Catalog, CatalogError, Msg, ShopLanguage};
use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The texts and the language they are in.
struct Language {
    catalog: Catalog,
    /// For `Intl`, best first: the shopper's own tag when the catalogue serves it ("fr-CH"),
    /// then the catalogue's ("fr").
    locales: Vec<String>,
}

/// Copyable handle on the widget's language.
#[derive(Clone, Copy)]
pub struct I18n(StoredValue<Language>);

impl I18n {
    pub fn t(&self, msg: Msg) -> String {
        self.0.with_value(|l| l.catalog.text(msg).to_owned())
    }

    pub fn fill(&self, msg: Msg, values: &[(&str, &str)]) -> String {
        self.0.with_value(|l| l.catalog.fill(msg, values))
    }

    /// For `checkout-core` helpers that take the catalogue.
    pub fn with<R>(&self, f: impl FnOnce(&Catalog) -> R) -> R {
        self.0.with_value(|l| f(&l.catalog))
    }

    /// The `lang` of the widget's root: the language the texts are in.
    pub fn tag(&self) -> String {
        self.0.with_value(|l| l.catalog.tag().to_owned())
    }

    /// The `dir` of the widget's root: "rtl" for Arabic and Hebrew.
    pub fn dir(&self) -> &'static str {
        self.0.with_value(|l| text_direction(l.catalog.tag()).as_attr())
    }

    /// The locales `Intl` formats numbers for, best first.
    pub fn locales(&self) -> Array {
        self.0.with_value(|l| l.locales.iter().map(|t| JsValue::from_str(t)).collect())
    }
}

/// English with the shop's `translations` for `tag` (the `locale` option, else the browser's
/// language) over it: for a widget mounted without the loader's catalogue.
pub fn provide_i18n(tag: Option<&str>, translations: Option<&JsValue>) {
    provide_language(tag, None, translations);
}

/// The widget's language from its mount options: `option` is the `locale` option, `downloaded`
/// the loader's `catalogue` (`{ tag, locale, texts }`, `texts` null when the file could not be
/// had), `translations` the shop's. A malformed layer is reported and skipped, never fatal.
pub fn provide_language(option: Option<&str>, downloaded: Option<&JsValue>, translations: Option<&JsValue>) {
    let mut catalog = Catalog::english();
    let file_tag = downloaded.and_then(|d| string(d, "tag"));
    if let (Some(tag), Some(texts)) = (&file_tag, downloaded.and_then(|d| get(d, "texts"))) {
        let layered = plain_object(&texts)
            .ok_or_else(|| CatalogError::Shape("expected an object of texts".into()))
            .and_then(|o| catalog.layer(tag, &texts_of(o)));
        if let Err(e) = layered {
            crate::browser::warn(&format!("alipay-checkout: the {tag} catalogue is ignored, English is shown: {e}"));
        }
    }
    if let Some(js) = translations {
        // The shop's languages are matched against what the shop asked for, else what is shown.
        let wanted = option
            .map(str::to_owned)
            .or_else(|| file_tag.clone())
            .or_else(crate::browser::language)
            .unwrap_or_default();
        if let Err(e) = read_languages(js).and_then(|l| catalog.layer_shop(&l, &wanted)) {
            crate::browser::warn(&format!("alipay-checkout: translations ignored: {e}"));
        }
    }
    let mut locales = Vec::new();
    // The shopper's own tag only formats numbers when its catalogue is the one shown.
    if file_tag.as_deref() == Some(catalog.tag()) {
        locales.extend(downloaded.and_then(|d| string(d, "locale")));
    }
    locales.push(catalog.tag().to_owned());
    provide_context(I18n(StoredValue::new(Language { catalog, locales })));
}

/// `{ "fr": { "pay_button": "Payer" } }` as the catalogue's languages.
fn read_languages(js: &JsValue) -> Result<Vec<ShopLanguage>, CatalogError> {
    let object = plain_object(js).ok_or_else(|| CatalogError::Shape("expected an object of languages".into()))?;
    Ok(entries(object)
        .map(|(tag, texts)| ShopLanguage { tag, texts: plain_object(&texts).map(texts_of) })
        .collect())
}

/// `{ "pay_button": "Payer" }` as key -> text (`None` for a value that is not a string).
fn texts_of(object: &Object) -> Vec<(String, Option<String>)> {
    entries(object).map(|(key, text)| (key, text.as_string())).collect()
}

fn plain_object(js: &JsValue) -> Option<&Object> {
    (js.is_object() && !js.is_null() && !Array::is_array(js)).then(|| js.unchecked_ref())
}

fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    plain_object(object)?;
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key)?.as_string().filter(|s| !s.trim().is_empty())
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
