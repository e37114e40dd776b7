//! iDEAL's bank choice: common banks one tap away, then a searchable list of all of them.

use checkout_core::ams::SupportBank;
use checkout_core::fields::FieldSpec;
use checkout_core::messages::Msg;
use checkout_core::methods::{common_banks, search_banks};
use leptos::prelude::*;

use super::state::MethodPageState;
use crate::i18n::use_i18n;

#[component]
pub fn BankPicker(spec: &'static FieldSpec, banks: Vec<SupportBank>, state: MethodPageState) -> impl IntoView {
    let i18n = use_i18n();
    let id = state.dom_id("field", spec.key);
    let error_id = format!("{id}-error");
    let banks = StoredValue::new(banks);
    let query = RwSignal::new(String::new());
    let chosen = move || state.value(spec.key);
    let choose = move |bic: String| banks.with_value(|b| state.set_value(spec, bic, b));
    let error = move || state.visible_error(spec.key);

    let common = banks.with_value(|b| common_banks(b).into_iter().cloned().collect::<Vec<_>>());
    let chips = common
        .into_iter()
        .map(|bank| {
            let bic = bank.bank_identifier_code.clone();
            let pressed = {
                let bic = bic.clone();
                move || (chosen() == bic).to_string()
            };
            view! {
                <button type="button" class="acw-bank-chip" aria-pressed=pressed on:click=move |_| choose(bic.clone())>
                    {bank.bank_short_name.clone()}
                </button>
            }
        })
        .collect_view();

    let matches = move || {
        let q = query.get();
        banks.with_value(|b| search_banks(b, &q).into_iter().cloned().collect::<Vec<_>>())
    };
    view! {
        <div class="acw-field acw-bank-picker" class:acw-field-invalid=move || error().is_some()>
            <span class="acw-field-label" id=format!("{id}-label")>{i18n.t(spec.label)}</span>
            <div class="acw-bank-chips" role="group" aria-labelledby=format!("{id}-label")>{chips}</div>
            <input
                class="acw-input acw-bank-search"
                id=id.clone()
                type="search"
                placeholder=i18n.t(Msg::BankSearch)
                aria-label=i18n.t(Msg::BankSearch)
                aria-describedby=error_id.clone()
                autocomplete="off"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul class="acw-bank-list" role="radiogroup" aria-label=i18n.t(Msg::BanksAll)>
                // Rebuilt as a whole when the search changes (a short list, never reordered in
                // place): no keyed diffing code in the bundle for it.
                {move || matches().into_iter().map(|bank| {
                    let bic = bank.bank_identifier_code.clone();
                    let bank_id = state.dom_id("bank", &bic);
                    let checked = {
                        let bic = bic.clone();
                        move || chosen() == bic
                    };
                    view! {
                        <li role="none">
                            <input type="radio" name=state.group_name("bank") id=bank_id.clone() value=bic.clone() prop:checked=checked on:change=move |_| choose(bic.clone())/>
                            <label for=bank_id>
                                <span>{bank.bank_short_name.clone()}</span>
                                <span class="acw-bic">{bank.bank_identifier_code.clone()}</span>
                            </label>
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || matches().is_empty().then(|| view! { <p class="acw-field-hint">{i18n.t(Msg::BankNoMatch)}</p> })}
            <p class="acw-field-error" id=error_id aria-live="polite">{move || error().map(|e| i18n.t(e.msg()))}</p>
        </div>
    }
}
