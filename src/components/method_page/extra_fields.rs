//! The inputs a chosen method needs before pay (BLIK code, email, CPF, bank).

use checkout_core::ams::SupportBank;
use checkout_core::fields::{fields_for, is_collected, FieldKind};

use super::bank_picker::bank_picker;
use super::state::MethodPageState;
use super::text_field::text_field;
use crate::dom::{el, El};

/// The method's fields in a box, or nothing when it needs none.
pub fn extra_fields(method: &str, banks: Vec<SupportBank>, state: MethodPageState) -> Option<El> {
    let mut specs = fields_for(method).iter().filter(|s| is_collected(s, &banks)).peekable();
    specs.peek()?;
    Some(el("div", "acw-fields").children(specs.map(|spec| match spec.kind {
        FieldKind::Bank => bank_picker(spec, banks.clone(), state),
        _ => text_field(spec, state),
    })))
}
