//! The active locale, shared through context, and a shortcut to message texts.

use checkout_core::messages::{text, Locale, Msg};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct I18n(pub Locale);

impl I18n {
    pub fn t(&self, msg: Msg) -> &'static str {
        text(self.0, msg)
    }
}

pub fn provide_i18n(tag: Option<&str>) {
    let tag = tag.map(str::to_owned).or_else(crate::browser::language).unwrap_or_default();
    provide_context(I18n(Locale::from_tag(&tag)));
}

pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or(I18n(Locale::En))
}
