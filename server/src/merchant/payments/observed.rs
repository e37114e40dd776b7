//! What AMS reports about an attempt (pay answer, inquiry, cancel or notification), mapped to
//! the status it proves. Pure functions: no storage, no calls.

use ams::{CancelResponse, InquiryPaymentResponse, PaymentStatus, ResultStatus};

use crate::merchant::status::AttemptStatus;

/// A status reported by AMS.
#[derive(Debug, Clone)]
pub struct Observed {
    pub status: AttemptStatus,
    pub ams_payment_id: Option<String>,
    pub result_code: Option<String>,
    pub result_message: Option<String>,
    pub payment_time: Option<String>,
}

impl Observed {
    pub fn new(status: PaymentStatus, code: Option<String>, message: Option<String>) -> Self {
        Self {
            status: AttemptStatus::from_ams(&status),
            ams_payment_id: None,
            result_code: code,
            result_message: message,
            payment_time: None,
        }
    }
}

/// The status an inquiryPayment answer reports, if it reports one. `ORDER_NOT_EXIST` is FAIL:
/// inquiries are only made while no pay call for the attempt can be in flight (the pay call
/// holds the attempt's lease; see docs/state-machine.md), so AMS will never create it.
pub fn observed_from_inquiry(resp: InquiryPaymentResponse) -> Option<Observed> {
    match resp.result.result_status {
        ResultStatus::Success => Some(Observed {
            status: AttemptStatus::from_ams(&resp.payment_status?),
            ams_payment_id: resp.payment_id,
            result_code: resp.payment_result_code,
            result_message: resp.payment_result_message,
            payment_time: resp.payment_time,
        }),
        ResultStatus::Failed if resp.result.result_code == "ORDER_NOT_EXIST" => Some(Observed::new(
            PaymentStatus::Fail,
            Some(resp.result.result_code),
            Some("the payment was not created at AMS".to_owned()),
        )),
        _ => None,
    }
}

/// What a cancel answer proves: S means AMS closed the payment and keeps no money for it,
/// whatever was seen before; `ORDER_NOT_EXIST` means it was never created. Anything else
/// proves nothing (maybe paid, maybe busy): ask inquiryPayment.
pub fn observed_from_cancel(resp: &CancelResponse) -> Option<Observed> {
    match resp.result.result_status {
        ResultStatus::Success => Some(Observed {
            ams_payment_id: resp.payment_id.clone(),
            ..Observed::new(
                PaymentStatus::Cancelled,
                Some("ORDER_IS_CANCELLED".into()),
                Some("replaced by a newer payment attempt".into()),
            )
        }),
        ResultStatus::Failed if resp.result.result_code == "ORDER_NOT_EXIST" => Some(Observed::new(
            PaymentStatus::Fail,
            Some("ORDER_NOT_EXIST".into()),
            Some("the payment was not created at AMS".into()),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn cancel(status: &str, code: &str) -> CancelResponse {
        serde_json::from_value(json!({"result": {"resultCode": code, "resultStatus": status, "resultMessage": "m"}}))
            .unwrap()
    }

    #[test]
    fn cancel_answers_prove_only_what_they_say() {
        assert_eq!(observed_from_cancel(&cancel("S", "SUCCESS")).unwrap().status, AttemptStatus::Cancelled);
        assert_eq!(observed_from_cancel(&cancel("F", "ORDER_NOT_EXIST")).unwrap().status, AttemptStatus::Fail);
        for (s, c) in [("F", "ORDER_STATUS_INVALID"), ("F", "CANCEL_WINDOW_EXCEED"), ("U", "UNKNOWN_EXCEPTION")] {
            assert!(observed_from_cancel(&cancel(s, c)).is_none(), "{c}");
        }
    }

    #[test]
    fn an_inquiry_that_failed_proves_nothing() {
        let r: InquiryPaymentResponse =
            serde_json::from_value(json!({"result": {"resultCode": "UNKNOWN_EXCEPTION", "resultStatus": "U"}}))
                .unwrap();
        assert!(observed_from_inquiry(r).is_none());
        let r: InquiryPaymentResponse =
            serde_json::from_value(json!({"result": {"resultCode": "ORDER_NOT_EXIST", "resultStatus": "F"}})).unwrap();
        assert_eq!(observed_from_inquiry(r).unwrap().status, AttemptStatus::Fail);
    }
}
