//! pay (CASHIER_PAYMENT): validation, idempotency on paymentRequestId, and the in-process
//! answer with a link to the sandbox's hosted checkout page.

use ams::{
    AmsResult, CodeDetail, CodeValueType, DisplayType, OrderCodeForm, OsType, PayRequest, PayResponse, ResultStatus,
    TerminalType, PRODUCT_CODE_CASHIER,
};
use serde_json::Value;

use super::catalogue::MethodSpec;
use super::store::{self, SandboxPayment};
use super::{catalogue, consult, failure, AmsAnswer, SandboxState};
use crate::db::{iso_time, now_ms, parse_iso_ms};

pub async fn handle(state: &SandboxState, client_id: &str, body: &[u8]) -> AmsAnswer {
    match handle_inner(state, client_id, body).await {
        Ok(answer) => answer,
        Err(e) => {
            tracing::error!("sandbox pay: {e}");
            failure("UNKNOWN_EXCEPTION", "the sandbox had an internal error; try again")
        }
    }
}

async fn handle_inner(state: &SandboxState, client_id: &str, body: &[u8]) -> Result<AmsAnswer, sqlx::Error> {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v @ Value::Object(_)) => v,
        Ok(_) => return Ok(failure("PARAM_ILLEGAL", "the request body must be a JSON object")),
        Err(e) => return Ok(failure("PARAM_ILLEGAL", format!("the request body is not valid JSON: {e}"))),
    };
    // Idempotency first: an id seen before answers the same, or REPEAT_REQ_INCONSISTENT.
    if let Some(request_id) = value.get("paymentRequestId").and_then(Value::as_str) {
        if let Some(existing) = store::by_request_id(&state.pool, client_id, request_id).await? {
            return Ok(replay(&existing, &value));
        }
    }
    let req: PayRequest = match serde_json::from_value(value.clone()) {
        Ok(r) => r,
        Err(e) => return Ok(failure("PARAM_ILLEGAL", format!("invalid pay request: {e}"))),
    };
    let method = match validate(&req) {
        Ok(m) => m,
        Err((code, message)) => return Ok(failure(code, message)),
    };

    let now = now_ms();
    let payment_id = format!("sbx_{}", uuid::Uuid::new_v4().simple());
    let expires_at_ms = match req.payment_expiry_time.as_deref().and_then(parse_iso_ms) {
        Some(t) => t,
        None => now + i64::from(method.expiry_minutes) * 60_000,
    };
    let create_time = iso_time(now);
    let normal_url = format!("{}/sandbox/checkout/{payment_id}", state.public_url);
    let next = continuation(method, &req.env, &payment_id, &normal_url, expires_at_ms);
    let response = PayResponse {
        payment_request_id: Some(req.payment_request_id.clone()),
        payment_id: Some(payment_id.clone()),
        payment_amount: Some(req.payment_amount.clone()),
        payment_create_time: Some(create_time.clone()),
        normal_url: Some(normal_url),
        scheme_url: next.scheme_url,
        applink_url: next.applink_url,
        app_identifier: next.app_identifier,
        order_code_form: next.order_code_form,
        ..PayResponse::error(AmsResult::new("PAYMENT_IN_PROCESS", ResultStatus::InProcess, "payment in process"))
    };
    let response_json = serde_json::to_string(&response).unwrap_or_default();
    let row = SandboxPayment {
        payment_id,
        client_id: client_id.to_owned(),
        payment_request_id: req.payment_request_id.clone(),
        request_json: value.to_string(),
        response_json,
        payment_method_type: method.method_type.clone(),
        currency: req.payment_amount.currency.clone(),
        amount_minor: req.payment_amount.minor_units().unwrap_or(0) as i64,
        reference_order_id: req.order.reference_order_id.clone(),
        order_description: req.order.order_description.clone(),
        status: "PROCESSING".to_owned(),
        result_code: None,
        result_message: None,
        redirect_url: req.payment_redirect_url.clone(),
        notify_url: req.payment_notify_url.clone(),
        create_time,
        payment_time: None,
        created_at_ms: now,
        expires_at_ms,
    };
    if store::insert_payment(&state.pool, &row).await? {
        tracing::info!(payment_id = %row.payment_id, method = %row.payment_method_type, "sandbox payment created");
        return Ok(serde_json::to_value(&response).unwrap_or_default());
    }
    // A concurrent request with the same id got in first.
    match store::by_request_id(&state.pool, client_id, &req.payment_request_id).await? {
        Some(existing) => Ok(replay(&existing, &value)),
        None => Ok(failure("UNKNOWN_EXCEPTION", "try again")),
    }
}

#[derive(Default)]
struct Next {
    scheme_url: Option<String>,
    applink_url: Option<String>,
    app_identifier: Option<String>,
    order_code_form: Option<OrderCodeForm>,
}

/// How the user goes on, by the method's interaction and the client: an app on mobile, a
/// code to show, or only the page (`normalUrl`, always present).
fn continuation(method: &MethodSpec, env: &ams::Env, payment_id: &str, normal_url: &str, expires_at_ms: i64) -> Next {
    let mobile = matches!(env.terminal_type, Some(TerminalType::Wap | TerminalType::App));
    match method.interaction.as_str() {
        "APP" if mobile => Next {
            scheme_url: method.scheme.as_ref().map(|s| format!("{s}://sandbox/pay?paymentId={payment_id}")),
            // An app link is a web URL too: without the app it opens the page.
            applink_url: Some(format!("{normal_url}?via=applink")),
            app_identifier: match env.os_type {
                Some(OsType::Android) => method.app_identifier.clone(),
                _ => None,
            },
            order_code_form: None,
        },
        "CODE" => {
            let mut code_details = Vec::new();
            if method.code_kind == "TEXT" {
                code_details.push(CodeDetail {
                    code_value_type: CodeValueType::BarCode,
                    code_value: reference_code(payment_id),
                    display_type: DisplayType::Text,
                });
            }
            // Scanning the QR opens the sandbox's page on the phone.
            let size = if method.code_kind == "TEXT" { DisplayType::SmallImage } else { DisplayType::BigImage };
            code_details.push(CodeDetail {
                code_value_type: CodeValueType::QrCode,
                code_value: normal_url.to_owned(),
                display_type: size,
            });
            Next {
                order_code_form: Some(OrderCodeForm { expire_time: Some(iso_time(expires_at_ms)), code_details }),
                ..Next::default()
            }
        }
        _ => Next::default(),
    }
}

/// A 16-digit payment reference (like a virtual account number), stable for the payment.
pub fn reference_code(payment_id: &str) -> String {
    let hex = payment_id.trim_start_matches("sbx_");
    let n = u128::from_str_radix(hex, 16).unwrap_or(0) % 10u128.pow(16);
    format!("{n:016}")
}

/// The answer to a repeated paymentRequestId: the same answer for the same body.
fn replay(existing: &SandboxPayment, value: &Value) -> AmsAnswer {
    let same = serde_json::from_str::<Value>(&existing.request_json).is_ok_and(|stored| &stored == value);
    if same {
        serde_json::from_str(&existing.response_json).unwrap_or_else(|_| failure("UNKNOWN_EXCEPTION", "try again"))
    } else {
        failure(
            "REPEAT_REQ_INCONSISTENT",
            "a request with this paymentRequestId was already made with different content",
        )
    }
}

fn is_web_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/'))
        && url.len() <= 2048
        && !url.contains(char::is_whitespace)
}

/// The checks AMS makes before accepting a payment, with AMS's result codes.
fn validate(req: &PayRequest) -> Result<&'static catalogue::MethodSpec, (&'static str, String)> {
    let illegal = |m: String| ("PARAM_ILLEGAL", m);
    if req.product_code != PRODUCT_CODE_CASHIER {
        return Err(illegal(format!("productCode must be {PRODUCT_CODE_CASHIER}")));
    }
    let id = &req.payment_request_id;
    if id.is_empty() || id.len() > 64 {
        return Err(illegal("paymentRequestId must be 1 to 64 characters".into()));
    }
    let amount = &req.payment_amount;
    let minor = amount.minor_units().map_err(|e| illegal(format!("paymentAmount: {e}")))?;
    if minor == 0 {
        return Err(illegal("paymentAmount.value must be greater than 0".into()));
    }
    req.order.order_amount.minor_units().map_err(|e| illegal(format!("order.orderAmount: {e}")))?;
    if req.order.reference_order_id.is_empty() || req.order.reference_order_id.len() > 64 {
        return Err(illegal("order.referenceOrderId must be 1 to 64 characters".into()));
    }
    if req.order.order_description.is_empty() || req.order.order_description.len() > 256 {
        return Err(illegal("order.orderDescription must be 1 to 256 characters".into()));
    }
    let terminal = consult::validate_env(&req.env).map_err(illegal)?;
    match req.payment_redirect_url.as_deref() {
        Some(url) if is_web_url(url) => {}
        Some(_) => return Err(illegal("paymentRedirectUrl must be an http(s) URL".into())),
        None => return Err(illegal("paymentRedirectUrl is required".into())),
    }
    if let Some(url) = req.payment_notify_url.as_deref() {
        if !is_web_url(url) {
            return Err(illegal("paymentNotifyUrl must be an http(s) URL".into()));
        }
    }
    let method_type = &req.payment_method.payment_method_type;
    if method_type.is_empty() {
        return Err(illegal("paymentMethod.paymentMethodType is required".into()));
    }
    let method = catalogue::find(method_type)
        .ok_or_else(|| ("UNAVAILABLE_PAYMENT_METHOD", format!("{method_type} is not available to this merchant")))?;
    if !method.enabled {
        let why = method.disable_reason.as_deref().unwrap_or("disabled");
        return Err(("UNAVAILABLE_PAYMENT_METHOD", format!("{method_type} is not available now ({why})")));
    }
    if !method.supports_terminal(terminal) {
        return Err(("UNAVAILABLE_PAYMENT_METHOD", format!("{method_type} does not support terminalType {terminal}")));
    }
    if !method.supports_currency(&amount.currency) {
        return Err(("CURRENCY_NOT_SUPPORT", format!("{method_type} does not support {}", amount.currency)));
    }
    if method.exceeds_limits(amount) {
        return Err(("PAYMENT_AMOUNT_EXCEED_LIMIT", format!("the amount is outside {method_type}'s limits")));
    }
    if method.needs_public_ip {
        let ip = req.env.client_ip.as_deref().and_then(|ip| ip.parse::<std::net::IpAddr>().ok());
        let public = match ip {
            // Loopback passes: the sandbox runs on developers' machines.
            Some(ip) => ip.is_loopback() || !is_private(ip),
            None => false,
        };
        if !public {
            return Err(illegal(format!("{method_type} needs env.clientIp, the user's public IP address")));
        }
    }
    for (field, rule) in &method.required_meta_data {
        let value = req.payment_method.payment_method_meta_data.get(field).map(String::as_str).unwrap_or("");
        if !meta_data_ok(rule, value) {
            return Err(illegal(format!("paymentMethod.paymentMethodMetaData.{field} is missing or invalid ({rule})")));
        }
    }
    if let Some(raw) = req.payment_expiry_time.as_deref() {
        let t =
            parse_iso_ms(raw).ok_or_else(|| illegal(format!("paymentExpiryTime {raw:?} is not an ISO-8601 time")))?;
        let now = now_ms();
        let max = i64::from(method.max_custom_expiry_minutes) * 60_000;
        // AMS wants a custom expiry strictly under the cap (10 minutes, 48 hours, ...).
        if t <= now || t >= now + max {
            return Err(illegal(format!(
                "paymentExpiryTime must be in the future and under {} minutes away",
                method.max_custom_expiry_minutes
            )));
        }
    }
    Ok(method)
}

fn is_private(ip: std::net::IpAddr) -> bool {
    match ip {
        std::net::IpAddr::V4(v4) => v4.is_private() || v4.is_link_local() || v4.is_unspecified(),
        std::net::IpAddr::V6(v6) => (v6.segments()[0] & 0xfe00) == 0xfc00 || (v6.segments()[0] & 0xffc0) == 0xfe80,
    }
}

/// Rules named in the catalogue's `requiredMetaData`.
fn meta_data_ok(rule: &str, value: &str) -> bool {
    match rule {
        "digits6" => value.len() == 6 && value.bytes().all(|b| b.is_ascii_digit()),
        "email" => value.split_once('@').is_some_and(|(a, d)| !a.is_empty() && d.contains('.')),
        "cpf" => value.len() == 11 && value.bytes().all(|b| b.is_ascii_digit()),
        "bic" => (8..=11).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric()),
        _ => !value.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_urls() {
        assert!(is_web_url("https://shop.example/r?x=1"));
        assert!(is_web_url("http://127.0.0.1:8080/shop/result.html"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("https:///nohost"));
        assert!(!is_web_url("https://a b"));
    }

    #[test]
    fn reference_codes_are_16_digits_and_stable() {
        let id = "sbx_0123456789abcdef0123456789abcdef";
        assert_eq!(reference_code(id).len(), 16);
        assert_eq!(reference_code(id), reference_code(id));
        assert!(reference_code(id).bytes().all(|b| b.is_ascii_digit()));
    }

    #[test]
    fn private_addresses() {
        assert!(is_private("10.1.2.3".parse().unwrap()));
        assert!(is_private("192.168.0.1".parse().unwrap()));
        assert!(!is_private("1.178.216.0".parse().unwrap()));
        assert!(is_private("fd00::1".parse().unwrap()));
    }

    #[test]
    fn meta_data_rules() {
        assert!(meta_data_ok("digits6", "123456"));
        assert!(!meta_data_ok("digits6", "12345a"));
        assert!(meta_data_ok("email", "a@b.pl"));
        assert!(!meta_data_ok("email", "ab.pl"));
    }
}
