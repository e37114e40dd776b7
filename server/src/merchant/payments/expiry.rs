//! When a payment closes if unpaid: AMS's caps and defaults per method.

const MINUTE_MS: i64 = 60_000;

/// Whether AMS treats the method as a bank transfer (a longer custom expiry is allowed).
pub fn is_bank_transfer(method_type: &str) -> bool {
    method_type.contains("BANKTRANSFER") || matches!(method_type, "PROMPTPAY" | "PAYNOW" | "PAYEASY")
}

/// The longest custom `paymentExpiryTime` to send: AMS wants it under 48 hours for bank
/// transfers and under 10 minutes otherwise (one second of margin).
pub fn custom_expiry_cap_ms(method_type: &str) -> i64 {
    if is_bank_transfer(method_type) {
        48 * 60 * MINUTE_MS - 1000
    } else {
        10 * MINUTE_MS - 1000
    }
}

/// AMS's documented default time from pay until an unpaid payment closes, by method.
pub fn default_expiry_ms(method_type: &str) -> i64 {
    let minutes = match method_type {
        "LINKAJA" => 5,
        // A bank transfer for the custom cap, but not one of the 48 h VA/ATM or Thai transfers.
        "PAYNOW" => 14,
        "VIETQR_BANKTRANSFER" => 15,
        "LINEPAY_JP" => 20,
        "BANCOMAT_PAY" => 60,
        "PAYEASY" | "KONBINI" => 7 * 24 * 60,
        m if m.starts_with("MERCADOPAGO_") => 7 * 24 * 60,
        m if is_bank_transfer(m) => 48 * 60,
        _ => 14,
    };
    minutes * MINUTE_MS
}

/// The payment's expiry: `(paymentExpiryTime to send, expiresAtMs)`. With a configured expiry,
/// now + that (at least 1 s, under the method's cap), on a whole second since the ISO time sent
/// has no milliseconds; without one, nothing is sent and AMS's default for the method applies.
pub fn payment_expiry(method_type: &str, now_ms: i64, configured_secs: Option<u64>) -> (Option<String>, i64) {
    match configured_secs {
        Some(secs) => {
            let wanted = i64::try_from(secs).unwrap_or(i64::MAX).saturating_mul(1000);
            let wanted = wanted.clamp(1000, custom_expiry_cap_ms(method_type));
            // Rounded up to the next whole second: still under the cap (it has 1 s of margin).
            let at = (now_ms + wanted + 999) / 1000 * 1000;
            (Some(crate::db::iso_time(at)), at)
        }
        None => (None, now_ms + default_expiry_ms(method_type)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_expiry_stays_under_the_caps() {
        let now = 1_700_000_000_123;
        let (sent, at) = payment_expiry("GCASH", now, Some(8));
        assert_eq!(at % 1000, 0);
        assert!(at >= now + 8000 && at < now + 9000, "{at}");
        assert_eq!(crate::db::parse_iso_ms(sent.as_deref().unwrap()), Some(at));
        let (_, at) = payment_expiry("GCASH", now, Some(3600));
        assert!(at - now < 10 * 60_000 && at - now >= 9 * 60_000);
        let (_, at) = payment_expiry("BANKTRANSFER_BCA", now, Some(7 * 24 * 3600));
        assert!(at - now < 48 * 3_600_000 && at - now > 47 * 3_600_000);
        let (_, at) = payment_expiry("PROMPTPAY", now, Some(3600));
        assert!(at - now >= 3_600_000 && at - now < 3_601_000);
        let (_, at) = payment_expiry("GCASH", now, Some(0));
        assert!(at > now);
        assert_eq!(payment_expiry("GCASH", now, None), (None, now + 14 * 60_000));
        assert_eq!(payment_expiry("PROMPTPAY", now, None).1, now + 48 * 3_600_000);
        assert_eq!(payment_expiry("MERCADOPAGO_BR", now, None).1, now + 7 * 24 * 3_600_000);
    }
}
