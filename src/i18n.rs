//! The active message catalogue and language, shared through context.
//!
//! Three layers, best first: the shop's `translations` option, the catalogue file the loader
//! downloaded for the shopper's language, the built-in English. The loader puts the first two
//! together (www/checkout.js, `catalogueFor`) and hands them over as the mount option `catalogue`.

use checkout_core::locale::{text_direction, TextDirection};
use checkout_core::messages::{Catalog, Msg};
use js_sys::{Array, Object, Reflect};

use crate::state::Shared;
use wasm_bindgen::{JsCast, JsValue};

/// The texts and the language they are in.
struct Language {
    catalog: Catalog,
    /// For `Intl`, best first: the shopper's own tag when the catalogue serves it ("fr-CH"),
    /// then the catalogue's ("fr").
    locales: Array,
    rtl: bool,
}

/// Copyable handle on the widget's language.
#[derive(Clone, Copy)]
pub struct I18n(Shared<Language>);

impl I18n {
    pub fn t(&self, msg: Msg) -> String {
        self.0.with_untracked(|l| l.catalog.text(msg).to_owned())
    }

    pub fn fill(&self, msg: Msg, values: &[(&str, &str)]) -> String {
        self.0.with_untracked(|l| l.catalog.fill(msg, values))
    }

    /// For `checkout-core` helpers that take the catalogue.
    pub fn with<R>(&self, f: impl FnOnce(&Catalog) -> R) -> R {
        self.0.with_untracked(|l| f(&l.catalog))
    }

    /// The `lang` of the widget's root: the language the texts are in.
    pub fn tag(&self) -> String {
        self.0.with_untracked(|l| l.catalog.tag().to_owned())
    }

    /// Whether the texts run right to left (Arabic, Hebrew): `dir="rtl"` on the root.
    pub fn rtl(&self) -> bool {
        self.0.with_untracked(|l| l.rtl)
    }

    /// The locales `Intl` formats numbers for, best first.
    pub fn locales(&self) -> Array {
        self.0.with_untracked(|l| l.locales.clone())
    }
}

/// The widget's language from the loader's mount option `catalogue`: `{ tag, locale, texts }`,
/// the texts already layered by the loader (the shop's `translations` over the downloaded file
/// for `tag`); `None` (mounted without the loader, or nothing but English) is English.
/// A value that is not a string leaves that text in English.
pub fn provide_i18n(catalogue: Option<&JsValue>) {
    let mut catalog = Catalog::english();
    let locales = Array::new();
    if let (Some(tag), Some(texts)) =
        (catalogue.and_then(|c| string(c, "tag")), catalogue.and_then(|c| get(c, "texts")).filter(JsValue::is_object))
    {
        let pairs = Object::entries(texts.unchecked_ref());
        let mut texts = Vec::new();
        for pair in pairs.iter() {
            let pair: Array = pair.unchecked_into();
            if let Some(text) = pair.get(1).as_string() {
                texts.push((pair.get(0).as_string().unwrap_or_default(), Some(text)));
            }
        }
        let _ = catalog.layer(&tag, &texts);
        if let Some(locale) = catalogue.and_then(|c| string(c, "locale")) {
            locales.push(&JsValue::from_str(&locale));
        }
    }
    locales.push(&JsValue::from_str(catalog.tag()));
    let rtl = text_direction(catalog.tag()) == TextDirection::Rtl;
    crate::scope::provide(I18n(Shared::new(Language { catalog, locales, rtl })));
}

fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn string(object: &JsValue, key: &str) -> Option<String> {
    get(object, key)?.as_string().filter(|s| !s.trim().is_empty())
}

pub fn use_i18n() -> I18n {
    crate::scope::find::<I18n>().expect("the app provides I18n")
}
