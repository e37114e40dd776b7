//! iDEAL's bank choice: common banks one tap away, then a searchable list of all of them.

use crate::state::Shared;
use checkout_core::ams::SupportBank;
use checkout_core::fields::FieldSpec;
use checkout_core::messages::Msg;
use checkout_core::methods::{common_banks, search_banks};
use wasm_bindgen::JsValue;

use super::state::MethodPageState;
use crate::dom::{el, event_value, switch, El, Nodes};
use crate::i18n::use_i18n;

pub fn bank_picker(spec: &'static FieldSpec, banks: Vec<SupportBank>, state: MethodPageState) -> El {
    let i18n = use_i18n();
    let id = state.dom_id("field", spec.key);
    let (label_id, error_id) = (format!("{id}-label"), format!("{id}-error"));
    let banks = Shared::new(banks);
    let query = Shared::new(String::new());
    let chosen = move || state.value(spec.key);
    let choose = move |bic: String| banks.with_untracked(|b| state.set_value(spec, bic, b));
    let error = move || state.visible_error(spec.key);

    let chip_row = el("div", "acw-bank-chips").attr("role", "group").attr("aria-labelledby", &label_id);
    let chips = banks.with_untracked(|b| {
        chip_row.children(common_banks(b).into_iter().map(|bank| {
            let bic = bank.bank_identifier_code.clone();
            let pressed = bic.clone();
            el("button", "acw-bank-chip")
                .attr("type", "button")
                .dyn_flag("aria-pressed", move || chosen() == pressed)
                .on("click", move |_| choose(bic.clone()))
                .child(bank.bank_short_name.as_str())
        }))
    });
    // Rebuilt as a whole when the search changes (a short list, never reordered in place).
    let options = move |q: String| {
        banks.with_untracked(|b| {
            Nodes::each(search_banks(b, &q).into_iter().map(|bank| bank_option(bank, state, chosen, choose)))
        })
    };
    let no_match = move |q: String| {
        let none = banks.with_untracked(|b| search_banks(b, &q).is_empty());
        none.then(|| el("p", "acw-field-hint").child(i18n.t(Msg::BankNoMatch))).into()
    };
    let search = el("input", "acw-input acw-bank-search")
        .attr("id", &id)
        .attr("type", "search")
        .attr("placeholder", &i18n.t(Msg::BankSearch))
        .attr("aria-label", &i18n.t(Msg::BankSearch))
        .attr("aria-describedby", &error_id)
        .attr("autocomplete", "off")
        .dyn_prop("value", move || JsValue::from_str(&query.get()))
        .on("input", move |ev| query.set(event_value(&ev)));
    el("div", "acw-field acw-bank-picker")
        .dyn_class("acw-field-invalid", move || error().is_some())
        .child(el("span", "acw-field-label").attr("id", &label_id).child(i18n.t(spec.label)))
        .child(chips)
        .child(search)
        .child(
            el("ul", "acw-bank-list")
                .attr("role", "radiogroup")
                .attr("aria-label", &i18n.t(Msg::BanksAll))
                .child(switch(move || query.get(), options)),
        )
        .child(switch(move || query.get(), no_match))
        .child(
            el("p", "acw-field-error")
                .attr("id", &error_id)
                .attr("aria-live", "polite")
                .dyn_text(move || error().map(|e| i18n.t(e.msg())).unwrap_or_default()),
        )
}

/// One bank of the full list: a radio and its label.
fn bank_option(
    bank: &SupportBank,
    state: MethodPageState,
    chosen: impl Fn() -> String + Copy + 'static,
    choose: impl Fn(String) + Copy + 'static,
) -> El {
    let bic = bank.bank_identifier_code.clone();
    let bank_id = state.dom_id("bank", &bic);
    let checked = bic.clone();
    el("li", "")
        .attr("role", "none")
        .child(
            el("input", "")
                .attr("type", "radio")
                .attr("name", &state.group_name("bank"))
                .attr("id", &bank_id)
                .attr("value", &bic)
                .dyn_prop("checked", move || JsValue::from_bool(chosen() == checked))
                .on("change", move |_| choose(bic.clone())),
        )
        .child(
            el("label", "")
                .attr("for", &bank_id)
                .child(el("span", "").child(bank.bank_short_name.as_str()))
                .child(el("span", "acw-bic").child(bank.bank_identifier_code.as_str())),
        )
}
