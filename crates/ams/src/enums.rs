//! String enums of the AMS API. Unknown values are kept, never rejected.

/// Declares a string enum with an `Unknown(String)` catch-all variant: serialized as its wire
/// string, parsed from any string (an unknown value is kept verbatim, never an error).
/// Exported so the server's typed columns share it; the caller needs `serde` as a dependency.
#[macro_export]
macro_rules! open_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident => $wire:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum $name {
            $($variant,)+
            /// A value this version does not know; kept verbatim.
            Unknown(String),
        }

        impl $name {
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)+
                    Self::Unknown(raw) => raw,
                }
            }

            pub fn parse(raw: &str) -> Self {
                match raw {
                    $($wire => Self::$variant,)+
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Read from a TEXT column (`#[sqlx(try_from = "String")]`); never fails.
        impl From<String> for $name {
            fn from(raw: String) -> Self {
                Self::parse(&raw)
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = <String as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::parse(&raw))
            }
        }
    };
}

open_enum!(
    /// `env.terminalType`.
    TerminalType { Web => "WEB", Wap => "WAP", App => "APP" }
);

open_enum!(
    /// `env.osType`, required for WAP and APP.
    OsType { Ios => "IOS", Android => "ANDROID" }
);

open_enum!(
    /// `result.resultStatus`: S success, F failed (final for the request), U unknown.
    ResultStatus { Success => "S", Failed => "F", InProcess => "U" }
);

open_enum!(
    /// `paymentOptions[].paymentMethodCategory`.
    PaymentMethodCategory {
        AlipayPlus => "ALIPAY_PLUS",
        Wallet => "WALLET",
        BankTransfer => "BANK_TRANSFER",
        OnlineBanking => "ONLINE_BANKING",
        MobileBankingApp => "MOBILE_BANKING_APP",
        Card => "CARD",
        Otc => "OTC",
        Va => "VA",
    }
);

open_enum!(
    /// `paymentStatus` of inquiryPayment.
    PaymentStatus {
        Success => "SUCCESS",
        Fail => "FAIL",
        Cancelled => "CANCELLED",
        Processing => "PROCESSING",
        Pending => "PENDING",
    }
);

impl PaymentStatus {
    /// SUCCESS, FAIL and CANCELLED never change once reached.
    pub fn is_final(&self) -> bool {
        matches!(self, Self::Success | Self::Fail | Self::Cancelled)
    }
}

open_enum!(
    /// `codeDetails[].codeValueType`.
    CodeValueType { QrCode => "QRCODE", BarCode => "BARCODE" }
);

open_enum!(
    /// `codeDetails[].displayType`: TEXT is a code to show as text, the rest a QR size.
    DisplayType {
        Text => "TEXT",
        SmallImage => "SMALLIMAGE",
        MiddleImage => "MIDDLEIMAGE",
        BigImage => "BIGIMAGE",
    }
);

open_enum!(
    /// `notifyType` of notifyPayment.
    NotifyType { PaymentResult => "PAYMENT_RESULT", PaymentPending => "PAYMENT_PENDING" }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_values_survive_a_round_trip() {
        let parsed: PaymentMethodCategory = serde_json::from_str("\"CRYPTO\"").unwrap();
        assert_eq!(parsed, PaymentMethodCategory::Unknown("CRYPTO".into()));
        assert_eq!(serde_json::to_string(&parsed).unwrap(), "\"CRYPTO\"");
    }

    #[test]
    fn known_values_parse() {
        let s: PaymentStatus = serde_json::from_str("\"PENDING\"").unwrap();
        assert_eq!(s, PaymentStatus::Pending);
        assert!(!s.is_final());
        assert!(PaymentStatus::Cancelled.is_final());
        assert_eq!(TerminalType::parse("WAP"), TerminalType::Wap);
    }
}
