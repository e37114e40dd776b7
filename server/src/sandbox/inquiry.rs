//! inquiryPayment: the stored status of a payment (an overdue one is closed first).

use ams::{AmsResult, InquiryPaymentRequest, InquiryPaymentResponse};

use super::store::{self, Settlement};
use super::{failure, AmsAnswer, SandboxState};
use crate::db::now_ms;

pub async fn handle(state: &SandboxState, client_id: &str, body: &[u8]) -> AmsAnswer {
    let req: InquiryPaymentRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return failure("PARAM_ILLEGAL", format!("invalid inquiryPayment request: {e}")),
    };
    match answer(state, client_id, &req).await {
        Ok(a) => a,
        Err(e) => {
            tracing::error!("sandbox inquiry: {e}");
            failure("UNKNOWN_EXCEPTION", "the sandbox had an internal error; try again")
        }
    }
}

async fn answer(state: &SandboxState, client_id: &str, req: &InquiryPaymentRequest) -> Result<AmsAnswer, sqlx::Error> {
    let found = match (&req.payment_id, &req.payment_request_id) {
        (Some(id), _) => store::by_payment_id(&state.pool, id).await?.filter(|p| p.client_id == client_id),
        (None, Some(rid)) => store::by_request_id(&state.pool, client_id, rid).await?,
        (None, None) => return Ok(failure("PARAM_ILLEGAL", "paymentId or paymentRequestId is required")),
    };
    let Some(mut p) = found else {
        return Ok(failure("ORDER_NOT_EXIST", "no payment with this id"));
    };
    if p.is_overdue(now_ms()) {
        store::settle(&state.pool, &p, &Settlement::closed()).await?;
        state.wake.notify_one();
        p = store::by_payment_id(&state.pool, &p.payment_id).await?.unwrap_or(p);
    }
    let resp = InquiryPaymentResponse {
        result: AmsResult::success(),
        payment_status: Some(p.status()),
        payment_result_code: p.result_code.clone(),
        payment_result_message: p.result_message.clone(),
        payment_request_id: Some(p.payment_request_id.clone()),
        payment_id: Some(p.payment_id.clone()),
        payment_amount: Some(p.amount()),
        payment_create_time: Some(p.create_time.clone()),
        payment_time: p.payment_time.clone(),
        payment_method_type: Some(p.payment_method_type.clone()),
    };
    Ok(serde_json::to_value(resp).unwrap_or_default())
}
