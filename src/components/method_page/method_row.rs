//! One method: a radio with its logo, name, marks and, once chosen, its extra fields.

use checkout_core::messages::Msg;
use checkout_core::methods::MethodEntry;
use checkout_core::url_safety::check_web_url;
use wasm_bindgen::JsValue;

use super::extra_fields::extra_fields;
use super::state::MethodPageState;
use crate::dom::{el, switch, El};
use crate::i18n::use_i18n;

pub fn method_row(entry: &MethodEntry, state: MethodPageState) -> El {
    let i18n = use_i18n();
    let method = entry.method_type().to_owned();
    let id = state.dom_id("method", &method);
    let available = entry.is_available();
    let option = &entry.option;
    let logo = option.logo.as_ref().map(|l| l.logo_url.as_str()).filter(|url| check_web_url(url).is_ok()).map(|url| {
        el("img", "acw-method-logo")
            .attr("src", url)
            .attr("alt", "")
            .attr("width", "40")
            .attr("height", "28")
            .attr("loading", "lazy")
    });
    let alipay_plus = entry
        .alipay_plus
        .then(|| el("span", "acw-aplus").attr("title", &i18n.t(Msg::AlipayPlusPartner)).child("Alipay+"));
    let last_used = (entry.last_used && available).then(|| el("span", "acw-badge").child(i18n.t(Msg::LastUsed)));
    let reason = entry.unavailable.as_ref().map(|why| {
        let text = i18n.with(|c| why.describe(c, crate::format::format_amount));
        el("span", "acw-method-reason").child(text)
    });
    let banks = option.payment_option_detail.as_ref().map(|d| d.support_banks.clone()).unwrap_or_default();

    let is_selected = {
        let method = method.clone();
        move || state.selected.with(|s| s.as_deref() == Some(method.as_str()))
    };
    let name = el("span", "acw-method-name")
        .child(checkout_core::methods::display_name(option))
        .child(" ")
        .child(alipay_plus)
        .child(" ")
        .child(last_used);
    let radio = el("input", "")
        .attr("type", "radio")
        .attr("name", &state.group_name("method"))
        .attr("id", &id)
        .attr("value", &method)
        .attr_opt("disabled", (!available).then_some(""))
        .dyn_prop("checked", {
            let is_selected = is_selected.clone();
            move || JsValue::from_bool(is_selected())
        })
        .on("change", {
            let method = method.clone();
            move |_| state.select(method.clone())
        });
    let label = el("label", "").attr("for", &id).child(logo).child(
        el("span", "acw-method-text")
            .child(name)
            .children(option.promo_names.iter().map(|p| el("span", "acw-promo").child(p.as_str())))
            .child(reason),
    );
    let fields_method = method.clone();
    el("li", if available { "acw-method" } else { "acw-method acw-method-disabled" })
        .dyn_class("acw-method-selected", is_selected.clone())
        .attr("data-method", &method)
        .child(radio)
        .child(label)
        .child(switch(is_selected, move |selected| {
            selected.then(|| extra_fields(&fields_method, banks.clone(), state)).flatten().into()
        }))
}
