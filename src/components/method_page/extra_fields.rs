//! The inputs a chosen method needs before pay (BLIK code, email, CPF, bank).

use checkout_core::ams::SupportBank;
use checkout_core::fields::{fields_for, is_collected, FieldKind};
use leptos::prelude::*;

use super::bank_picker::BankPicker;
use super::state::MethodPageState;
use super::text_field::TextField;

#[component]
pub fn ExtraFields(method: String, banks: Vec<SupportBank>, state: MethodPageState) -> impl IntoView {
    let specs: Vec<_> = fields_for(&method).iter().filter(|s| is_collected(s, &banks)).collect();
    if specs.is_empty() {
        return ().into_any();
    }
    let inputs = specs
        .into_iter()
        .map(|spec| match spec.kind {
            FieldKind::Bank => view! { <BankPicker spec=spec banks=banks.clone() state=state/> }.into_any(),
            _ => view! { <TextField spec=spec state=state/> }.into_any(),
        })
        .collect_view();
    view! { <div class="acw-fields">{inputs}</div> }.into_any()
}
