//! What the page offers for each payment status (integration guide, Step 3, table 9), as data
//! the widget renders. Texts live in messages; here only which headline and which buttons.
//!
//! "Pay again" always means a new attempt (a new payment with a new `paymentRequestId`): some
//! continuation URLs open only once, and the server cancels the older open attempt.

use ams::PaymentStatus;

use crate::polling::PollPace;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusHeadline {
    /// SUCCESS: the success page.
    Paid,
    /// PROCESSING: not paid yet; the user may still complete it.
    ContinuePaying,
    /// PENDING: paid, the provider is confirming (can take days for some methods).
    WaitingForProvider,
    /// FAIL: not paid, or the payment failed.
    Failed,
    /// CANCELLED: the merchant cancelled the payment.
    CancelledByMerchant,
    /// A status this version does not know: keep checking.
    Checking,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatusActions {
    pub headline: StatusHeadline,
    /// Keep asking the backend on the poll schedule.
    pub keep_polling: bool,
    /// The pace of that asking.
    pub poll_pace: PollPace,
    /// Show the codes / reopen the app or page of this same attempt.
    pub can_continue_paying: bool,
    /// Offer a new attempt (back to the methods).
    pub can_pay_again: bool,
    /// Offer to close the checkout and go back to the shop.
    pub can_close: bool,
    /// SUCCESS, FAIL, CANCELLED: this attempt will not change any more.
    pub is_final: bool,
}

pub fn actions_for(status: &PaymentStatus) -> StatusActions {
    let base = StatusActions {
        headline: StatusHeadline::Checking,
        keep_polling: false,
        poll_pace: PollPace::Normal,
        can_continue_paying: false,
        can_pay_again: false,
        can_close: false,
        is_final: status.is_final(),
    };
    match status {
        PaymentStatus::Success => StatusActions { headline: StatusHeadline::Paid, ..base },
        PaymentStatus::Processing => StatusActions {
            headline: StatusHeadline::ContinuePaying,
            keep_polling: true,
            can_continue_paying: true,
            // A once-only URL may already be spent or the user may want another method; the
            // server cancels this attempt when a new one starts.
            can_pay_again: true,
            ..base
        },
        // The user has paid: offering to pay again would invite a double payment.
        PaymentStatus::Pending => StatusActions {
            headline: StatusHeadline::WaitingForProvider,
            keep_polling: true,
            poll_pace: PollPace::Slow,
            can_close: true,
            ..base
        },
        PaymentStatus::Fail => {
            StatusActions { headline: StatusHeadline::Failed, can_pay_again: true, can_close: true, ..base }
        }
        PaymentStatus::Cancelled => StatusActions {
            headline: StatusHeadline::CancelledByMerchant,
            can_pay_again: true,
            can_close: true,
            ..base
        },
        PaymentStatus::Unknown(_) => StatusActions { keep_polling: true, ..base },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The guide's table, row by row: (status, headline, polling, continue, again, close, final).
    #[test]
    fn the_status_table() {
        use StatusHeadline::*;
        let rows = [
            (PaymentStatus::Success, Paid, false, false, false, false, true),
            (PaymentStatus::Processing, ContinuePaying, true, true, true, false, false),
            (PaymentStatus::Pending, WaitingForProvider, true, false, false, true, false),
            (PaymentStatus::Fail, Failed, false, false, true, true, true),
            (PaymentStatus::Cancelled, CancelledByMerchant, false, false, true, true, true),
            (PaymentStatus::Unknown("REVERSED".into()), Checking, true, false, false, false, false),
        ];
        for (status, headline, polling, cont, again, close, fin) in rows {
            let a = actions_for(&status);
            assert_eq!(
                (a.headline, a.keep_polling, a.can_continue_paying, a.can_pay_again, a.can_close, a.is_final),
                (headline, polling, cont, again, close, fin),
                "{status}"
            );
        }
    }

    #[test]
    fn pending_polls_slower_and_final_statuses_stop() {
        assert_eq!(actions_for(&PaymentStatus::Pending).poll_pace, PollPace::Slow);
        assert_eq!(actions_for(&PaymentStatus::Processing).poll_pace, PollPace::Normal);
        for s in [PaymentStatus::Success, PaymentStatus::Fail, PaymentStatus::Cancelled] {
            let a = actions_for(&s);
            assert!(a.is_final && !a.keep_polling && !a.can_continue_paying, "{s}");
        }
    }
}
