//! Formatting for people: amounts in major units with the currency's own decimals.
//!
//! The widget writes amounts with the browser's `Intl.NumberFormat` for the shopper's language
//! (`src/format.rs`); this plain form is for the host (server texts, tests) and the widget's
//! fallback when `Intl` refuses a currency.

use ams::Amount;

/// "12.34 USD", "500 JPY", "1.005 KWD"; the raw value when the amount is malformed.
pub fn format_amount(amount: &Amount) -> String {
    match amount.to_major_string() {
        Ok(major) => format!("{} {}", group_thousands(&major), amount.currency),
        Err(_) => format!("{} {}", amount.value, amount.currency),
    }
}

/// Inserts thin commas every three digits of the whole part: "1234567.89" -> "1,234,567.89".
fn group_thousands(major: &str) -> String {
    let (whole, frac) = major.split_once('.').map_or((major, None), |(w, f)| (w, Some(f)));
    let mut out = String::with_capacity(major.len() + whole.len() / 3);
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_use_the_currency_exponent() {
        assert_eq!(format_amount(&Amount::from_minor("USD", 1234)), "12.34 USD");
        assert_eq!(format_amount(&Amount::from_minor("JPY", 500)), "500 JPY");
        assert_eq!(format_amount(&Amount::from_minor("KWD", 1005)), "1.005 KWD");
        assert_eq!(format_amount(&Amount::from_minor("USD", 123456789)), "1,234,567.89 USD");
        assert_eq!(format_amount(&Amount::from_minor("KRW", 1000)), "1,000 KRW");
    }

    #[test]
    fn malformed_amounts_are_shown_raw() {
        let bad = Amount { currency: "USD".into(), value: "abc".into() };
        assert_eq!(format_amount(&bad), "abc USD");
    }
}
