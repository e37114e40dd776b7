//! The method page's state: which method is chosen and what was typed into its fields.

use crate::state::Shared;
use checkout_core::ams::SupportBank;
use checkout_core::fields::{error_for, validate, FieldError, FieldErrors, FieldSpec, FieldValues};

/// Numbers widget instances, so two widgets on one page never share element ids or radio names.
static INSTANCES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

#[derive(Clone, Copy)]
pub struct MethodPageState {
    /// This page's own id prefix, e.g. "acw3".
    uid: usize,
    pub selected: Shared<Option<String>>,
    /// What the user typed, by `paymentMethodMetaData` key (masked as shown).
    pub values: Shared<FieldValues>,
    pub errors: Shared<FieldErrors>,
    /// Fields whose error may be shown: left once, or submitted. No errors while typing the first time.
    /// A short list (a method has at most a few fields): a Vec costs the bundle less than a set.
    pub shown: Shared<Vec<&'static str>>,
}

impl MethodPageState {
    pub fn new(initial: Option<String>) -> Self {
        Self {
            uid: INSTANCES.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            selected: Shared::new(initial),
            values: Shared::new(FieldValues::new()),
            errors: Shared::new(Vec::new()),
            shown: Shared::new(Vec::new()),
        }
    }

    /// Choosing another method starts its fields afresh.
    pub fn select(&self, method: String) {
        if self.selected.get_untracked().as_deref() != Some(method.as_str()) {
            self.selected.set(Some(method));
            self.values.set(FieldValues::new());
            self.errors.set(Vec::new());
            self.shown.set(Vec::new());
        }
    }

    pub fn value(&self, key: &str) -> String {
        self.values.with(|v| v.get(key).cloned().unwrap_or_default())
    }

    /// Stores a new value; an error already on screen is re-checked at once so it clears as
    /// soon as the input is right.
    pub fn set_value(&self, spec: &FieldSpec, value: String, banks: &[SupportBank]) {
        self.values.update(|v| {
            v.insert(spec.key.to_owned(), value);
        });
        if self.shown.with_untracked(|s| s.contains(&spec.key)) {
            self.check(spec, banks);
        }
    }

    /// Validates one field and shows its error.
    pub fn check(&self, spec: &FieldSpec, banks: &[SupportBank]) {
        let result = validate(spec, &self.value(spec.key), banks);
        self.errors.update(|e| {
            e.retain(|(k, _)| *k != spec.key);
            if let Err(error) = result {
                e.push((spec.key, error));
            }
        });
        self.shown.update(|s| {
            if !s.contains(&spec.key) {
                s.push(spec.key);
            }
        });
    }

    /// After a submit: every error is shown.
    pub fn show_all(&self, errors: FieldErrors) {
        self.shown.update(|s| {
            for (key, _) in &errors {
                if !s.contains(key) {
                    s.push(key);
                }
            }
        });
        self.errors.set(errors);
    }

    /// An element id unique to this widget, from a backend string made safe for ids and selectors.
    pub fn dom_id(&self, kind: &str, raw: &str) -> String {
        let mut clean = String::with_capacity(raw.len());
        for c in raw.chars() {
            clean.push(if c.is_ascii_alphanumeric() || c == '_' || c == '-' { c } else { '_' });
        }
        format!("acw{}-{kind}-{clean}", self.uid)
    }

    /// The `name` of one of this widget's radio groups.
    pub fn group_name(&self, kind: &str) -> String {
        format!("acw{}-{kind}", self.uid)
    }

    pub fn visible_error(&self, key: &'static str) -> Option<FieldError> {
        if self.shown.with(|s| s.contains(&key)) {
            self.errors.with(|e| error_for(e, key))
        } else {
            None
        }
    }
}
