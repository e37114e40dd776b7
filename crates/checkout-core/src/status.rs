//! What the widget tells the user for each payment status.

use ams::PaymentStatus;

use crate::messages::Msg;

/// How a status is shown: its message and whether it is the end of the journey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusDisplay {
    pub msg: Msg,
    /// SUCCESS, FAIL, CANCELLED: stop asking.
    pub is_final: bool,
    pub tone: Tone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Bad,
    Waiting,
}

pub fn status_display(status: &PaymentStatus) -> StatusDisplay {
    let (msg, tone) = match status {
        PaymentStatus::Success => (Msg::StatusSuccess, Tone::Good),
        PaymentStatus::Fail => (Msg::StatusFail, Tone::Bad),
        PaymentStatus::Cancelled => (Msg::StatusCancelled, Tone::Bad),
        PaymentStatus::Processing => (Msg::StatusProcessing, Tone::Waiting),
        PaymentStatus::Pending => (Msg::StatusPending, Tone::Waiting),
        PaymentStatus::Unknown(_) => (Msg::StatusUnknown, Tone::Waiting),
    };
    StatusDisplay { msg, is_final: status.is_final(), tone }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_statuses_stop_and_others_wait() {
        assert!(status_display(&PaymentStatus::Success).is_final);
        assert_eq!(status_display(&PaymentStatus::Success).tone, Tone::Good);
        assert!(status_display(&PaymentStatus::Fail).is_final);
        assert!(!status_display(&PaymentStatus::Pending).is_final);
        let odd = status_display(&PaymentStatus::Unknown("REVERSED".into()));
        assert_eq!((odd.msg, odd.is_final), (Msg::StatusUnknown, false));
    }
}
