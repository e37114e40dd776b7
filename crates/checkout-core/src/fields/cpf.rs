//! CPF (Cadastro de Pessoas Físicas): the Brazilian individual taxpayer number, 11 digits of
//! which the last two are check digits, written 000.000.000-00.

use super::FieldError;

pub const DIGITS: usize = 11;
/// "000.000.000-00".
pub const MASKED_LEN: usize = 14;

/// The mask's punctuation, and spaces from copying; anything else is an error.
fn is_separator(c: char) -> bool {
    matches!(c, '.' | '-' | '/') || c.is_whitespace()
}

/// The check digit for `digits`: weights count down to 2 from `digits.len() + 1`; the sum's
/// remainder by 11 gives 0 when below 2, else 11 minus it.
pub fn check_digit(digits: &[u8]) -> u8 {
    let weights = (2..=digits.len() as u32 + 1).rev();
    let sum: u32 = digits.iter().zip(weights).map(|(&d, w)| u32::from(d) * w).sum();
    match sum % 11 {
        0 | 1 => 0,
        r => (11 - r) as u8,
    }
}

/// The 11 digits without the mask.
pub fn validate(raw: &str) -> Result<String, FieldError> {
    let mut digits = Vec::with_capacity(DIGITS);
    for c in raw.chars().filter(|c| !is_separator(*c)) {
        let d = c.to_digit(10).filter(|_| c.is_ascii_digit()).ok_or(FieldError::CpfFormat)?;
        digits.push(d as u8);
    }
    if digits.len() != DIGITS {
        return Err(FieldError::CpfFormat);
    }
    // 000.000.000-00, 111.111.111-11 ... pass the arithmetic but are not real numbers.
    if digits.iter().all(|&d| d == digits[0]) {
        return Err(FieldError::CpfCheckDigits);
    }
    let first = check_digit(&digits[..9]);
    let second = check_digit(&digits[..10]);
    if digits[9] != first || digits[10] != second {
        return Err(FieldError::CpfCheckDigits);
    }
    let mut text = String::with_capacity(11);
    for d in digits {
        text.push(char::from(b'0' + d));
    }
    Ok(text)
}

/// Digits only, at most 11, masked as they come: "123", "123.4", "123.456.789-0".
pub fn format_input(raw: &str) -> String {
    super::mask::digits_with_separators(raw, DIGITS, &[(3, '.'), (6, '.'), (9, '-')])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(validate("529.982.247-25"), Ok("52998224725".into()));
        assert_eq!(validate("52998224725"), Ok("52998224725".into()));
        assert_eq!(validate(" 529 982 247 25 "), Ok("52998224725".into()));
        assert_eq!(validate("111.444.777-35"), Ok("11144477735".into()));
        assert_eq!(validate("529.982.247-24"), Err(FieldError::CpfCheckDigits));
        assert_eq!(validate("529.982.247-35"), Err(FieldError::CpfCheckDigits));
        assert_eq!(validate("529.982.247-2"), Err(FieldError::CpfFormat));
        assert_eq!(validate("529.982.247-255"), Err(FieldError::CpfFormat));
        assert_eq!(validate("529.982.247-2x"), Err(FieldError::CpfFormat));
        assert_eq!(validate("５２９９８２２４７２５"), Err(FieldError::CpfFormat));
    }

    #[test]
    fn all_same_digits_are_rejected() {
        for d in 0..=9u8 {
            let same: String = std::iter::repeat_n(char::from(b'0' + d), 11).collect();
            assert_eq!(validate(&same), Err(FieldError::CpfCheckDigits), "{same}");
        }
    }

    #[test]
    fn typing_mask() {
        assert_eq!(format_input(""), "");
        assert_eq!(format_input("123"), "123");
        assert_eq!(format_input("1234"), "123.4");
        assert_eq!(format_input("1234567"), "123.456.7");
        assert_eq!(format_input("1234567890"), "123.456.789-0");
        assert_eq!(format_input("123.456.789-09"), "123.456.789-09");
        assert_eq!(format_input("123456789091234"), "123.456.789-09");
    }

    /// The check digit as the Receita Federal's "multiply by 10, remainder by 11, 10 counts as
    /// 0" rule, a formulation independent of `check_digit`.
    fn reference_check_digit(digits: &[u8]) -> u8 {
        let n = digits.len() as u32;
        let sum: u32 = digits.iter().enumerate().map(|(i, &d)| u32::from(d) * (n + 1 - i as u32)).sum();
        ((sum * 10) % 11 % 10) as u8
    }

    fn with_check_digits(body: &[u8]) -> Vec<u8> {
        let mut all = body.to_vec();
        all.push(reference_check_digit(&all));
        all.push(reference_check_digit(&all));
        all
    }

    fn text(digits: &[u8]) -> String {
        digits.iter().map(|&d| char::from(b'0' + d)).collect()
    }

    #[test]
    fn a_body_flip_can_keep_both_check_digits() {
        // The mod-11 scheme folds remainders 0 and 1 into the digit 0, so lowering the first
        // digit by one can leave both check digits unchanged. Both numbers are valid CPFs.
        let a = with_check_digits(&[1, 0, 0, 0, 0, 0, 0, 0, 6]);
        let mut b = a.clone();
        b[0] = 0;
        assert_eq!(&a[9..], &b[9..]);
        assert!(validate(&text(&a)).is_ok() && validate(&text(&b)).is_ok());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn computed_check_digits_are_valid(body in prop::collection::vec(0u8..10, 9)) {
            let cpf = with_check_digits(&body);
            let digits = text(&cpf);
            if cpf.iter().all(|&d| d == cpf[0]) {
                prop_assert_eq!(validate(&digits), Err(FieldError::CpfCheckDigits));
            } else {
                prop_assert_eq!(validate(&digits), Ok(digits.clone()));
                prop_assert_eq!(validate(&format_input(&digits)), Ok(digits));
            }
        }

        #[test]
        fn a_flipped_check_digit_is_invalid(body in prop::collection::vec(0u8..10, 9), at in 9usize..11, by in 1u8..10) {
            let mut cpf = with_check_digits(&body);
            cpf[at] = (cpf[at] + by) % 10;
            prop_assert_eq!(validate(&text(&cpf)), Err(FieldError::CpfCheckDigits));
        }

        #[test]
        fn a_flipped_body_digit_is_invalid_unless_the_checks_coincide(
            body in prop::collection::vec(0u8..10, 9), at in 0usize..9, by in 1u8..10,
        ) {
            let original = with_check_digits(&body);
            let mut flipped = original.clone();
            flipped[at] = (flipped[at] + by) % 10;
            let still_matches = with_check_digits(&flipped[..9])[9..] == original[9..];
            let same_digit = flipped.iter().all(|&d| d == flipped[0]);
            prop_assert_eq!(validate(&text(&flipped)).is_ok(), still_matches && !same_digit);
        }

        #[test]
        fn wrong_lengths_are_format_errors(digits in "[0-9]{1,10}|[0-9]{12,16}") {
            prop_assert_eq!(validate(&digits), Err(FieldError::CpfFormat));
        }
    }
}
