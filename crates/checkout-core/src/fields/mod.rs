//! Extra fields some methods need before pay (`paymentMethodMetaData`): what to ask, how to
//! mask it while typing, and what to send. One validator per file.
//!
//! | method | key | file |
//! | --- | --- | --- |
//! | BLIK | `blikCode` | [`blik`] |
//! | P24, MERCADOPAGO_MX/CL/PE | `payerEmail` | [`email`] |
//! | MERCADOPAGO_BR | `cpf` | [`cpf`] |
//! | IDEAL | `bankIdentifierCode` | [`bank`] |

pub mod bank;
pub mod blik;
pub mod cpf;
pub mod email;
mod mask;

use ams::pair_map::PairMap;
use ams::SupportBank;

use crate::messages::Msg;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKind {
    BlikCode,
    Email,
    Cpf,
    /// Picked from the consult's `supportBanks`, not typed.
    Bank,
}

/// One input on the method page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldSpec {
    /// The `paymentMethodMetaData` key.
    pub key: &'static str,
    pub kind: FieldKind,
    pub label: Msg,
    pub hint: Option<Msg>,
    /// The `inputmode` attribute: which on-screen keyboard phones show.
    pub input_mode: &'static str,
    /// The `autocomplete` attribute.
    pub autocomplete: &'static str,
    /// The `maxlength` attribute, long enough for the mask and for pasting the shown format.
    pub max_len: Option<usize>,
}

pub const BLIK_CODE: FieldSpec = FieldSpec {
    key: "blikCode",
    kind: FieldKind::BlikCode,
    label: Msg::FieldBlikCode,
    hint: Some(Msg::FieldBlikCodeHint),
    input_mode: "numeric",
    autocomplete: "one-time-code",
    max_len: Some(blik::MASKED_LEN),
};

pub const PAYER_EMAIL: FieldSpec = FieldSpec {
    key: "payerEmail",
    kind: FieldKind::Email,
    label: Msg::FieldPayerEmail,
    hint: Some(Msg::FieldPayerEmailHint),
    input_mode: "email",
    autocomplete: "email",
    max_len: Some(email::MAX_LEN),
};

pub const CPF: FieldSpec = FieldSpec {
    key: "cpf",
    kind: FieldKind::Cpf,
    label: Msg::FieldCpf,
    hint: Some(Msg::FieldCpfHint),
    input_mode: "numeric",
    autocomplete: "off",
    max_len: Some(cpf::MASKED_LEN),
};

pub const BANK: FieldSpec = FieldSpec {
    key: "bankIdentifierCode",
    kind: FieldKind::Bank,
    label: Msg::FieldBank,
    hint: None,
    input_mode: "text",
    autocomplete: "off",
    max_len: Some(11),
};

/// The fields the page collects for `method_type` (an AMS `paymentMethodType`).
pub fn fields_for(method_type: &str) -> &'static [FieldSpec] {
    const BLIK: &[FieldSpec] = &[BLIK_CODE];
    const EMAIL: &[FieldSpec] = &[PAYER_EMAIL];
    const CPF_ONLY: &[FieldSpec] = &[CPF];
    const BANK_ONLY: &[FieldSpec] = &[BANK];
    match method_type.trim().to_ascii_uppercase().as_str() {
        "BLIK" => BLIK,
        "P24" | "MERCADOPAGO_MX" | "MERCADOPAGO_CL" | "MERCADOPAGO_PE" => EMAIL,
        "MERCADOPAGO_BR" => CPF_ONLY,
        "IDEAL" => BANK_ONLY,
        _ => &[],
    }
}

/// Whether the page asks for `spec` at all. Without a supported-bank list there is nothing to
/// pick from, so the bank is left to the provider's own page (AMS's default plan).
pub fn is_collected(spec: &FieldSpec, banks: &[SupportBank]) -> bool {
    spec.kind != FieldKind::Bank || !banks.is_empty()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldError {
    Required,
    BlikFormat,
    EmailFormat,
    /// Not 11 digits (or not digits).
    CpfFormat,
    /// 11 digits whose check digits are wrong, or all the same digit.
    CpfCheckDigits,
    BankNotListed,
}

impl FieldError {
    pub fn msg(self) -> Msg {
        match self {
            Self::Required => Msg::ErrorRequired,
            Self::BlikFormat => Msg::ErrorBlikFormat,
            Self::EmailFormat => Msg::ErrorEmailFormat,
            Self::CpfFormat => Msg::ErrorCpfFormat,
            Self::CpfCheckDigits => Msg::ErrorCpfCheckDigits,
            Self::BankNotListed => Msg::ErrorBankNotListed,
        }
    }
}

/// Checks what the user entered and returns the value to send: BLIK digits only, the email
/// trimmed, the CPF as 11 digits without the mask, the BIC in upper case.
pub fn validate(spec: &FieldSpec, raw: &str, banks: &[SupportBank]) -> Result<String, FieldError> {
    if raw.trim().is_empty() {
        return Err(FieldError::Required);
    }
    match spec.kind {
        FieldKind::BlikCode => blik::validate(raw),
        FieldKind::Email => email::validate(raw),
        FieldKind::Cpf => cpf::validate(raw),
        FieldKind::Bank => bank::validate(raw, banks),
    }
}

/// The input as it should read while typing (masks); never loses a digit the user typed
/// within the field's length.
pub fn format_input(kind: FieldKind, raw: &str) -> String {
    match kind {
        FieldKind::BlikCode => blik::format_input(raw),
        FieldKind::Email => {
            let mut text = String::with_capacity(raw.len());
            for c in raw.chars().filter(|c| !c.is_whitespace()) {
                text.push(c);
            }
            text
        }
        FieldKind::Cpf => cpf::format_input(raw),
        FieldKind::Bank => raw.trim().to_ascii_uppercase(),
    }
}

/// Field errors by metadata key, in the order the fields are shown (a method has at most a
/// few fields: a list costs the widget's bundle less than a map).
pub type FieldErrors = Vec<(&'static str, FieldError)>;

/// The values typed into a method's fields, by metadata key.
pub type FieldValues = PairMap<String>;

/// The error recorded for `key`, if any.
pub fn error_for(errors: &[(&'static str, FieldError)], key: &str) -> Option<FieldError> {
    errors.iter().find(|(k, _)| *k == key).map(|(_, e)| *e)
}

/// Validates every field `method_type` needs, by metadata key. Values for other keys are
/// dropped, so nothing unexpected reaches the backend. Errors are keyed like the fields, to be
/// shown beside each one, first field first.
pub fn validate_all(
    method_type: &str,
    values: &FieldValues,
    banks: &[SupportBank],
) -> Result<FieldValues, FieldErrors> {
    let mut valid = FieldValues::new();
    let mut errors = FieldErrors::new();
    for spec in fields_for(method_type).iter().filter(|s| is_collected(s, banks)) {
        let raw = values.get(spec.key).map_or("", String::as_str);
        match validate(spec, raw, banks) {
            Ok(value) => {
                valid.insert(spec.key.to_owned(), value);
            }
            Err(error) => {
                errors.push((spec.key, error));
            }
        }
    }
    if errors.is_empty() {
        Ok(valid)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> FieldValues {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn ideal_banks() -> Vec<SupportBank> {
        vec![SupportBank {
            bank_identifier_code: "ABNANL2A".into(),
            bank_short_name: "ABN AMRO".into(),
            bank_logo: None,
        }]
    }

    #[test]
    fn each_method_gets_its_fields() {
        let keys = |m: &str| fields_for(m).iter().map(|s| s.key).collect::<Vec<_>>();
        assert_eq!(keys("BLIK"), ["blikCode"]);
        assert_eq!(keys("P24"), ["payerEmail"]);
        assert_eq!(keys("IDEAL"), ["bankIdentifierCode"]);
        assert_eq!(keys("MERCADOPAGO_BR"), ["cpf"]);
        for m in ["MERCADOPAGO_MX", "MERCADOPAGO_CL", "mercadopago_pe"] {
            assert_eq!(keys(m), ["payerEmail"], "{m}");
        }
        assert!(fields_for("GCASH").is_empty());
        assert!(fields_for("").is_empty());
    }

    #[test]
    fn input_hints_suit_each_field() {
        assert_eq!((BLIK_CODE.input_mode, BLIK_CODE.autocomplete), ("numeric", "one-time-code"));
        assert_eq!(PAYER_EMAIL.input_mode, "email");
        assert_eq!(CPF.input_mode, "numeric");
        // The masked forms fit in the input.
        assert!(format_input(FieldKind::Cpf, "12345678909").len() <= CPF.max_len.unwrap());
        assert!(format_input(FieldKind::BlikCode, "123456").len() <= BLIK_CODE.max_len.unwrap());
    }

    #[test]
    fn empty_input_is_required_for_every_kind() {
        for spec in [&BLIK_CODE, &PAYER_EMAIL, &CPF, &BANK] {
            assert_eq!(validate(spec, "", &ideal_banks()), Err(FieldError::Required));
            assert_eq!(validate(spec, "   ", &ideal_banks()), Err(FieldError::Required));
        }
    }

    #[test]
    fn every_error_has_a_message() {
        use FieldError::*;
        let msgs: Vec<Msg> =
            [Required, BlikFormat, EmailFormat, CpfFormat, CpfCheckDigits, BankNotListed].map(FieldError::msg).to_vec();
        let mut unique = msgs.clone();
        unique.dedup();
        assert_eq!(unique.len(), msgs.len());
    }

    #[test]
    fn validate_all_normalizes_and_drops_unknown_keys() {
        let sent = validate_all("BLIK", &values(&[("blikCode", "123 456"), ("evil", "x")]), &[]).unwrap();
        assert_eq!(sent, values(&[("blikCode", "123456")]));
        let sent = validate_all("MERCADOPAGO_BR", &values(&[("cpf", "529.982.247-25")]), &[]).unwrap();
        assert_eq!(sent, values(&[("cpf", "52998224725")]));
        let sent = validate_all("IDEAL", &values(&[("bankIdentifierCode", "abnanl2a")]), &ideal_banks()).unwrap();
        assert_eq!(sent, values(&[("bankIdentifierCode", "ABNANL2A")]));
        assert!(validate_all("GCASH", &values(&[("blikCode", "1")]), &[]).unwrap().is_empty());
    }

    #[test]
    fn validate_all_reports_errors_by_key() {
        let errors = validate_all("BLIK", &values(&[]), &[]).unwrap_err();
        assert_eq!(errors, [("blikCode", FieldError::Required)]);
        let errors = validate_all("P24", &values(&[("payerEmail", "nobody")]), &[]).unwrap_err();
        assert_eq!(error_for(&errors, "payerEmail"), Some(FieldError::EmailFormat));
        assert_eq!(error_for(&errors, "blikCode"), None);
        let errors = validate_all("IDEAL", &values(&[("bankIdentifierCode", "INGBNL2A")]), &ideal_banks()).unwrap_err();
        assert_eq!(errors, [("bankIdentifierCode", FieldError::BankNotListed)]);
    }

    #[test]
    fn ideal_without_a_bank_list_leaves_the_choice_to_the_provider() {
        assert!(!is_collected(&BANK, &[]));
        assert!(is_collected(&BANK, &ideal_banks()));
        assert!(validate_all("IDEAL", &values(&[]), &[]).unwrap().is_empty());
    }

    #[test]
    fn email_input_drops_spaces_while_typing() {
        assert_eq!(format_input(FieldKind::Email, " ana @example.com "), "ana@example.com");
        assert_eq!(format_input(FieldKind::Bank, " abnanl2a "), "ABNANL2A");
    }
}
