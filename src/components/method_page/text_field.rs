//! A typed extra field: label, masked input, hint, and an error announced to screen readers.

use checkout_core::fields::{format_input, FieldKind, FieldSpec};
use wasm_bindgen::JsValue;

use super::state::MethodPageState;
use crate::dom::{el, event_value, El};
use crate::i18n::use_i18n;

pub fn text_field(spec: &'static FieldSpec, state: MethodPageState) -> El {
    let i18n = use_i18n();
    let id = state.dom_id("field", spec.key);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = if spec.hint.is_some() { format!("{hint_id} {error_id}") } else { error_id.clone() };
    let error = move || state.visible_error(spec.key);
    let input_type = if spec.kind == FieldKind::Email { "email" } else { "text" };
    let max_len = spec.max_len.map(|n| n.to_string());
    let input = el("input", "acw-input")
        .attr("id", &id)
        .attr("type", input_type)
        .attr("inputmode", spec.input_mode)
        .attr("autocomplete", spec.autocomplete)
        .attr_opt("maxlength", max_len.as_deref())
        .attr("spellcheck", "false")
        .attr("autocapitalize", "off")
        .dyn_prop("value", move || JsValue::from_str(&state.value(spec.key)))
        .dyn_flag("aria-invalid", move || error().is_some())
        .attr("aria-describedby", &described_by)
        .on("input", move |ev| state.set_value(spec, format_input(spec.kind, &event_value(&ev)), &[]))
        .on("blur", move |_| state.check(spec, &[]));
    el("div", "acw-field")
        .dyn_class("acw-field-invalid", move || error().is_some())
        .child(el("label", "acw-field-label").attr("for", &id).child(i18n.t(spec.label)))
        .child(input)
        .child(spec.hint.map(|hint| el("p", "acw-field-hint").attr("id", &hint_id).child(i18n.t(hint))))
        .child(
            el("p", "acw-field-error")
                .attr("id", &error_id)
                .attr("aria-live", "polite")
                .dyn_text(move || error().map(|e| i18n.t(e.msg())).unwrap_or_default()),
        )
}
