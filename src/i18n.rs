//! The active message catalogue, shared through context.

use checkout_core::messages::{Catalog, Msg};
use leptos::prelude::*;

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
/// `translations` over it. Bad translations are reported and ignored, never fatal.
pub fn provide_i18n(tag: Option<&str>, translations: Option<&serde_json::Value>) {
    let tag = tag.map(str::to_owned).or_else(crate::browser::language).unwrap_or_default();
    let catalog = match translations {
        None => Catalog::for_tag(&tag),
        Some(json) => Catalog::from_json(&json.to_string(), &tag).unwrap_or_else(|e| {
            crate::browser::warn(&format!("alipay-checkout: translations ignored: {e}"));
            Catalog::for_tag(&tag)
        }),
    };
    provide_context(I18n(StoredValue::new(catalog)));
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().expect("I18n is provided by CheckoutApp")
}
