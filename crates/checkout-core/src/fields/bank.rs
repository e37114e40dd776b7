//! iDEAL's bank: a BIC from the consult's `supportBanks`, picked rather than typed.

use ams::SupportBank;

use super::FieldError;

/// The listed bank's BIC in upper case. A BIC outside the list is refused: AMS would refuse it.
pub fn validate(raw: &str, banks: &[SupportBank]) -> Result<String, FieldError> {
    let wanted = raw.trim();
    banks
        .iter()
        .map(|b| b.bank_identifier_code.trim())
        .find(|code| !code.is_empty() && code.eq_ignore_ascii_case(wanted))
        .map(str::to_ascii_uppercase)
        .ok_or(FieldError::BankNotListed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn banks() -> Vec<SupportBank> {
        ["ABNANL2A", "INGBNL2A", "RABONL2U", " bunqnl2a "]
            .map(|bic| SupportBank {
                bank_identifier_code: bic.into(),
                bank_short_name: String::new(),
                bank_logo: None,
            })
            .to_vec()
    }

    #[test]
    fn examples() {
        assert_eq!(validate("ABNANL2A", &banks()), Ok("ABNANL2A".into()));
        assert_eq!(validate(" rabonl2u ", &banks()), Ok("RABONL2U".into()));
        assert_eq!(validate("BUNQNL2A", &banks()), Ok("BUNQNL2A".into()));
        assert_eq!(validate("ASNBNL21", &banks()), Err(FieldError::BankNotListed));
        assert_eq!(validate("ABNANL2", &banks()), Err(FieldError::BankNotListed));
        assert_eq!(validate("ABNANL2A", &[]), Err(FieldError::BankNotListed));
    }
}
