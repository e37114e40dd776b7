//! A start request: its checks, the client's address, the AMS pay request built from the
//! order (never from the browser's amounts), and what a pay answer means.

use std::net::IpAddr;

use ams::{
    Buyer, Env, Order, PayRequest, PayResponse, PaymentMethod, ResultStatus, TerminalType, PRODUCT_CODE_CASHIER,
};
use checkout_core::merchant_api::StartPayment;

use super::row::PaymentRow;
use crate::ams_client::AmsError;
use crate::db::now_ms;
use crate::merchant::errors::ApiFailure;
use crate::merchant::orders::OrderRow;
use crate::merchant::status::OrderState;
use crate::merchant::MerchantState;

/// The client's IP: the TCP peer, or the X-Forwarded-For entry a trusted proxy added.
pub fn client_ip(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    // Walk from the right: the first address not itself a trusted proxy is the client.
    let mut ip = peer;
    if let Some(list) = forwarded_for {
        for part in list.rsplit(',') {
            match part.trim().parse::<IpAddr>() {
                Ok(hop) => {
                    ip = hop;
                    if !trusted.contains(&hop) {
                        break;
                    }
                }
                Err(_) => break,
            }
        }
    }
    ip
}

pub fn validate(body: &StartPayment) -> Result<(), ApiFailure> {
    let t = &body.payment_method_type;
    if t.is_empty() || t.len() > 64 || !t.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_') {
        return Err(ApiFailure::invalid("paymentMethodType must be an AMS method type such as ALIPAY_CN"));
    }
    if let TerminalType::Unknown(raw) = &body.terminal_type {
        return Err(ApiFailure::invalid(format!("terminalType {raw:?} is not WEB, WAP or APP")));
    }
    if matches!(body.terminal_type, TerminalType::Wap | TerminalType::App) && body.os_type.is_none() {
        return Err(ApiFailure::invalid("osType (IOS or ANDROID) is required when terminalType is WAP or APP"));
    }
    if body.payment_method_meta_data.len() > 20
        || body.payment_method_meta_data.iter().any(|(k, v)| k.len() > 64 || v.len() > 256)
    {
        return Err(ApiFailure::invalid("paymentMethodMetaData is too large"));
    }
    Ok(())
}

/// Checks that the order can take a new payment.
pub fn check_payable(order: &OrderRow) -> Result<(), ApiFailure> {
    if order.is_paid() {
        return Err(ApiFailure::already_paid());
    }
    if order.status == OrderState::Closed {
        return Err(ApiFailure::closed());
    }
    if now_ms() >= order.expires_at_ms {
        return Err(ApiFailure::expired());
    }
    Ok(())
}

/// The pay request for a new attempt.
pub fn pay_request(
    state: &MerchantState,
    order: &OrderRow,
    row: &PaymentRow,
    body: &StartPayment,
    ip: IpAddr,
    user_agent: Option<String>,
    payment_expiry_time: Option<String>,
) -> PayRequest {
    let env = Env {
        terminal_type: Some(body.terminal_type.clone()),
        os_type: body.os_type.clone(),
        user_agent: user_agent.map(|ua| ua.chars().take(512).collect()),
        client_ip: Some(ip.to_string()),
    };
    let amount = order.amount();
    PayRequest {
        product_code: PRODUCT_CODE_CASHIER.to_owned(),
        payment_request_id: row.payment_request_id.clone(),
        order: Order {
            reference_order_id: order.order_ref.clone(),
            order_description: order.description.clone(),
            order_amount: amount.clone(),
            buyer: Some(Buyer { reference_buyer_id: None }),
            env: Some(env.clone()),
        },
        payment_amount: amount,
        payment_method: PaymentMethod {
            payment_method_type: body.payment_method_type.clone(),
            payment_method_meta_data: body.payment_method_meta_data.clone(),
        },
        payment_expiry_time,
        payment_redirect_url: Some(format!("{}/shop/result.html?order={}", state.public_url, order.order_ref)),
        payment_notify_url: Some(state.notify_url()),
        env,
        settlement_strategy: None,
        user_region: order.user_region.clone(),
    }
}

/// Whether a pay answer settles the request: F, S, or U with a payment id (in process).
pub fn has_outcome(resp: &PayResponse) -> bool {
    match resp.result.result_status {
        ResultStatus::Failed | ResultStatus::Success => true,
        ResultStatus::InProcess => resp.payment_id.is_some() && resp.result.result_code == "PAYMENT_IN_PROCESS",
        ResultStatus::Unknown(_) => false,
    }
}

pub fn refusal(resp: &PayResponse) -> ApiFailure {
    let code = resp.result.result_code.as_str();
    let message = if resp.result.result_message.is_empty() {
        format!("the payment was refused ({code})")
    } else {
        format!("{} ({code})", resp.result.result_message)
    };
    match code {
        "UNAVAILABLE_PAYMENT_METHOD" | "CURRENCY_NOT_SUPPORT" => ApiFailure::method_unavailable(message),
        _ => ApiFailure::refused(message),
    }
}

impl From<AmsError> for ApiFailure {
    fn from(e: AmsError) -> Self {
        ApiFailure::provider_unavailable(e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_ip_only_trusts_configured_proxies() {
        let peer: IpAddr = "10.0.0.5".parse().unwrap();
        let trusted = vec![peer];
        assert_eq!(client_ip(peer, Some("1.2.3.4"), &[]), peer);
        assert_eq!(client_ip(peer, Some("9.9.9.9, 1.2.3.4"), &trusted).to_string(), "1.2.3.4");
        assert_eq!(client_ip(peer, None, &trusted), peer);
        assert_eq!(client_ip(peer, Some("junk"), &trusted), peer);
    }
}
