//! BLIK: a six-digit one-time code from the user's banking app.

use super::FieldError;

pub const DIGITS: usize = 6;
/// "123 456": the digits split in two for reading.
pub const MASKED_LEN: usize = DIGITS + 1;

/// Spaces and hyphens are how people copy the code from their app; anything else is an error.
fn is_separator(c: char) -> bool {
    c.is_whitespace() || c == '-'
}

/// The six digits, without separators.
pub fn validate(raw: &str) -> Result<String, FieldError> {
    let mut digits = String::with_capacity(DIGITS);
    for c in raw.chars().filter(|c| !is_separator(*c)) {
        if !c.is_ascii_digit() {
            return Err(FieldError::BlikFormat);
        }
        digits.push(c);
    }
    if digits.len() == DIGITS {
        Ok(digits)
    } else {
        Err(FieldError::BlikFormat)
    }
}

/// Digits only, at most six, shown as "123 456".
pub fn format_input(raw: &str) -> String {
    super::mask::digits_with_separators(raw, DIGITS, &[(DIGITS / 2, ' ')])
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        assert_eq!(validate("123456"), Ok("123456".into()));
        assert_eq!(validate(" 123 456 "), Ok("123456".into()));
        assert_eq!(validate("123-456"), Ok("123456".into()));
        assert_eq!(validate("000000"), Ok("000000".into()));
        for bad in ["12345", "1234567", "12345a", "abcdef", "１２３４５６", "123.456", "+12345"] {
            assert_eq!(validate(bad), Err(FieldError::BlikFormat), "{bad}");
        }
    }

    #[test]
    fn typing_mask() {
        assert_eq!(format_input(""), "");
        assert_eq!(format_input("12"), "12");
        assert_eq!(format_input("123"), "123");
        assert_eq!(format_input("1234"), "123 4");
        assert_eq!(format_input("123 456"), "123 456");
        assert_eq!(format_input("12a3-45678"), "123 456");
    }

    /// What a BLIK code is, said differently from `validate`.
    fn reference_is_valid(raw: &str) -> bool {
        let kept: Vec<char> = raw.chars().filter(|c| !(c.is_whitespace() || *c == '-')).collect();
        kept.len() == 6 && kept.iter().all(|c| "0123456789".contains(*c))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_six_digits_are_valid(code in "[0-9]{6}") {
            prop_assert_eq!(validate(&code), Ok(code.clone()));
            prop_assert_eq!(validate(&format_input(&code)), Ok(code));
        }

        #[test]
        fn other_digit_counts_are_invalid(code in "[0-9]{0,5}|[0-9]{7,12}") {
            prop_assert_eq!(validate(&code), Err(FieldError::BlikFormat));
        }

        #[test]
        fn anything_else_is_invalid(raw in "\\PC{0,10}") {
            prop_assert_eq!(validate(&raw).is_ok(), reference_is_valid(&raw));
        }

        #[test]
        fn the_mask_keeps_at_most_six_digits(raw in "\\PC{0,20}") {
            let masked = format_input(&raw);
            prop_assert!(masked.len() <= MASKED_LEN);
            prop_assert!(masked.chars().filter(char::is_ascii_digit).count() <= DIGITS);
        }
    }
}
