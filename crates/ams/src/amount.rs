//! `Amount {currency, value}`: value is an integer string in the currency's minor unit.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Amount {
    pub currency: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AmountError {
    /// The currency is not three ASCII capital letters.
    BadCurrency(String),
    /// The value is not a non-negative integer string.
    BadValue(String),
}

impl std::fmt::Display for AmountError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::BadCurrency(c) => write!(f, "invalid currency code {c:?}"),
            Self::BadValue(v) => write!(f, "invalid amount value {v:?}: expected minor units as digits"),
        }
    }
}

impl std::error::Error for AmountError {}

/// Decimal places of a currency's minor unit (ISO 4217).
pub fn currency_exponent(currency: &str) -> u32 {
    match currency {
        "BIF" | "CLP" | "DJF" | "GNF" | "ISK" | "JPY" | "KMF" | "KRW" | "PYG" | "RWF" | "UGX" | "UYI" | "VND"
        | "VUV" | "XAF" | "XOF" | "XPF" => 0,
        "BHD" | "IQD" | "JOD" | "KWD" | "LYD" | "OMR" | "TND" => 3,
        _ => 2,
    }
}

impl Amount {
    pub fn from_minor(currency: &str, minor: u64) -> Self {
        Self { currency: currency.to_owned(), value: minor.to_string() }
    }

    /// The value in minor units, checking both fields.
    pub fn minor_units(&self) -> Result<u64, AmountError> {
        let c = &self.currency;
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(AmountError::BadCurrency(c.clone()));
        }
        let v = &self.value;
        if v.is_empty() || v.len() > 19 || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(AmountError::BadValue(v.clone()));
        }
        v.parse().map_err(|_| AmountError::BadValue(v.clone()))
    }

    pub fn exponent(&self) -> u32 {
        currency_exponent(&self.currency)
    }

    /// The amount in major units as a plain decimal string, e.g. "12.34", "500", "1.005".
    pub fn to_major_string(&self) -> Result<String, AmountError> {
        let minor = self.minor_units()?;
        Ok(format_minor(minor, self.exponent()))
    }

    /// Parses a major-unit decimal ("12.34") into minor units for `currency`.
    pub fn from_major_str(currency: &str, major: &str) -> Result<Self, AmountError> {
        let exp = currency_exponent(currency) as usize;
        let (whole, frac) = major.split_once('.').unwrap_or((major, ""));
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(whole) || (!frac.is_empty() && !digits(frac)) || frac.len() > exp {
            return Err(AmountError::BadValue(major.to_owned()));
        }
        let mut raw = String::from(whole);
        raw.push_str(frac);
        raw.extend(std::iter::repeat_n('0', exp - frac.len()));
        let minor: u64 = raw.parse().map_err(|_| AmountError::BadValue(major.to_owned()))?;
        let amount = Self::from_minor(currency, minor);
        amount.minor_units()?;
        Ok(amount)
    }
}

/// Formats minor units with `exponent` decimal places.
pub fn format_minor(minor: u64, exponent: u32) -> String {
    if exponent == 0 {
        return minor.to_string();
    }
    let scale = 10u64.pow(exponent);
    format!("{}.{:0width$}", minor / scale, minor % scale, width = exponent as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exponents_follow_iso_4217() {
        assert_eq!(currency_exponent("USD"), 2);
        assert_eq!(currency_exponent("JPY"), 0);
        assert_eq!(currency_exponent("KRW"), 0);
        assert_eq!(currency_exponent("BHD"), 3);
        assert_eq!(currency_exponent("KWD"), 3);
        assert_eq!(currency_exponent("OMR"), 3);
    }

    #[test]
    fn major_strings() {
        assert_eq!(Amount::from_minor("USD", 1234).to_major_string().unwrap(), "12.34");
        assert_eq!(Amount::from_minor("JPY", 500).to_major_string().unwrap(), "500");
        assert_eq!(Amount::from_minor("BHD", 1005).to_major_string().unwrap(), "1.005");
        assert_eq!(Amount::from_minor("EUR", 5).to_major_string().unwrap(), "0.05");
        assert_eq!(Amount::from_major_str("USD", "12.3").unwrap().value, "1230");
        assert!(Amount::from_major_str("JPY", "1.5").is_err());
        assert!(Amount::from_major_str("USD", "1.234").is_err());
        assert!(Amount::from_major_str("USD", "-1").is_err());
    }

    #[test]
    fn bad_fields_are_errors() {
        let bad = Amount { currency: "usd".into(), value: "1".into() };
        assert!(matches!(bad.minor_units(), Err(AmountError::BadCurrency(_))));
        let bad = Amount { currency: "USD".into(), value: "1.00".into() };
        assert!(matches!(bad.minor_units(), Err(AmountError::BadValue(_))));
        let bad = Amount { currency: "USD".into(), value: "".into() };
        assert!(bad.minor_units().is_err());
        let bad = Amount { currency: "USD".into(), value: "99999999999999999999".into() };
        assert!(bad.minor_units().is_err());
    }

    proptest! {
        #[test]
        fn major_round_trips(minor in 0u64..10_000_000_000_000, cur in prop::sample::select(vec!["USD", "JPY", "KWD", "EUR", "KRW", "OMR"])) {
            let a = Amount::from_minor(cur, minor);
            let major = a.to_major_string().unwrap();
            prop_assert_eq!(Amount::from_major_str(cur, &major).unwrap(), a);
        }
    }
}
