//! A typed extra field: label, masked input, hint, and an error announced to screen readers.

use checkout_core::fields::{format_input, FieldKind, FieldSpec};
use leptos::prelude::*;

use super::state::MethodPageState;
use crate::i18n::use_i18n;

#[component]
pub fn TextField(spec: &'static FieldSpec, state: MethodPageState) -> impl IntoView {
    let i18n = use_i18n();
    let id = state.dom_id("field", spec.key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = if spec.hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
    let error = move || state.visible_error(spec.key);
    let input_type = if spec.kind == FieldKind::Email { "email" } else { "text" };
    view! {
        <div class="acw-field" class:acw-field-invalid=move || error().is_some()>
            <label class="acw-field-label" for=id.clone()>{i18n.t(spec.label)}</label>
            <input
                class="acw-input"
                id=id
                type=input_type
                inputmode=spec.input_mode
                autocomplete=spec.autocomplete
                maxlength=spec.max_len.map(|n| n.to_string())
                spellcheck="false"
                autocapitalize="off"
                prop:value=move || state.value(spec.key)
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=described_by
                on:input=move |ev| state.set_value(spec, format_input(spec.kind, &event_target_value(&ev)), &[])
                on:blur=move |_| state.check(spec, &[])
            />
            {spec.hint.map(|hint| view! { <p class="acw-field-hint" id=hint_id>{i18n.t(hint)}</p> })}
            <p class="acw-field-error" id=error_id aria-live="polite">{move || error().map(|e| i18n.t(e.msg()))}</p>
        </div>
    }
}
