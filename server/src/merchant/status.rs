//! Typed statuses of the merchant tables, in the `open_enum` style of `crates/ams`: a value
//! this version does not know is kept verbatim (`Unknown`), never an error, so a newer
//! server's rows do not break an older one.

use ams::open_enum;

open_enum!(
    /// `payments.status`: what AMS says of the attempt, as last learnt.
    AttemptStatus {
        Processing => "PROCESSING",
        Pending => "PENDING",
        Success => "SUCCESS",
        Fail => "FAIL",
        Cancelled => "CANCELLED",
    }
);

open_enum!(
    /// `orders.status`; EXPIRED is derived from the expiry time, not stored.
    OrderState { Open => "OPEN", Paid => "PAID", Closed => "CLOSED" }
);

open_enum!(
    /// `refunds.status`: REQUESTED until AMS gives a definite answer, then final.
    RefundStatus { Requested => "REQUESTED", Success => "SUCCESS", Failed => "FAILED" }
);

impl AttemptStatus {
    /// FAIL and CANCELLED never change. SUCCESS is final for the widget but may still become
    /// CANCELLED: AMS reverses a paid payment that is cancelled (see docs/state-machine.md).
    pub fn is_terminal(&self) -> bool {
        matches!(self, Self::Fail | Self::Cancelled)
    }

    /// Whether the user may still pay it at AMS.
    pub fn is_open(&self) -> bool {
        matches!(self, Self::Processing | Self::Pending)
    }

    /// The statuses an attempt may move to this one from. The only move out of SUCCESS is to
    /// CANCELLED, on AMS's word that it cancelled (and reversed) the payment.
    pub fn allowed_from(&self) -> &'static [&'static str] {
        match self {
            Self::Pending => &["PROCESSING"],
            Self::Success | Self::Fail => &["PROCESSING", "PENDING"],
            Self::Cancelled => &["PROCESSING", "PENDING", "SUCCESS"],
            Self::Processing | Self::Unknown(_) => &[],
        }
    }

    pub fn to_ams(&self) -> ams::PaymentStatus {
        ams::PaymentStatus::parse(self.as_str())
    }

    pub fn from_ams(s: &ams::PaymentStatus) -> Self {
        Self::parse(s.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip_and_keep_unknown_values() {
        for s in ["PROCESSING", "PENDING", "SUCCESS", "FAIL", "CANCELLED"] {
            assert_eq!(AttemptStatus::parse(s).as_str(), s);
            assert_eq!(AttemptStatus::from_ams(&ams::PaymentStatus::parse(s)).as_str(), s);
        }
        assert_eq!(AttemptStatus::from("REFUNDED".to_owned()), AttemptStatus::Unknown("REFUNDED".into()));
        assert_eq!(OrderState::parse("PAID"), OrderState::Paid);
        assert_eq!(RefundStatus::parse("REQUESTED"), RefundStatus::Requested);
    }

    #[test]
    fn only_cancelled_leaves_success_and_terminal_statuses_stay() {
        assert!(AttemptStatus::Cancelled.allowed_from().contains(&"SUCCESS"));
        assert!(!AttemptStatus::Fail.allowed_from().contains(&"SUCCESS"));
        for to in ["PROCESSING", "PENDING", "SUCCESS", "FAIL", "CANCELLED"] {
            let from = AttemptStatus::parse(to).allowed_from();
            assert!(!from.contains(&"FAIL") && !from.contains(&"CANCELLED"), "{to}");
        }
    }
}
