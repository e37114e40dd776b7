//! Request and response bodies. Field names are Alipay's, in camelCase.
//! Optional fields are skipped when empty; unknown fields are ignored on input.

use serde::{Deserialize, Serialize};

use crate::amount::Amount;
use crate::enums::*;
use crate::pair_map::PairMap;

pub const PRODUCT_CODE_CASHIER: &str = "CASHIER_PAYMENT";

/// `result` on every response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AmsResult {
    pub result_code: String,
    pub result_status: ResultStatus,
    #[serde(default)]
    pub result_message: String,
}

impl AmsResult {
    pub fn new(code: &str, status: ResultStatus, message: impl Into<String>) -> Self {
        Self { result_code: code.to_owned(), result_status: status, result_message: message.into() }
    }
    pub fn success() -> Self {
        Self::new("SUCCESS", ResultStatus::Success, "success")
    }
    pub fn failed(code: &str, message: impl Into<String>) -> Self {
        Self::new(code, ResultStatus::Failed, message)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Env {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terminal_type: Option<TerminalType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub os_type: Option<OsType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentMethod {
    pub payment_method_type: String,
    #[serde(default, skip_serializing_if = "PairMap::is_empty")]
    pub payment_method_meta_data: PairMap<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Buyer {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_buyer_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Order {
    pub reference_order_id: String,
    pub order_description: String,
    pub order_amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub buyer: Option<Buyer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub env: Option<Env>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SettlementStrategy {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settlement_currency: Option<String>,
}

// ---------- consult ----------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultRequest {
    pub product_code: String,
    pub payment_amount: Amount,
    pub env: Env,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_psp_regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_payment_method_regions: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_strategy: Option<SettlementStrategy>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Logo {
    #[serde(default)]
    pub logo_name: String,
    #[serde(default)]
    pub logo_url: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SupportBank {
    #[serde(default)]
    pub bank_identifier_code: String,
    #[serde(default)]
    pub bank_short_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_logo: Option<Logo>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOptionDetail {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub support_banks: Vec<SupportBank>,
}

/// Minimum and maximum amount of a method for one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AmountLimit {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_amount: Option<Amount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PaymentOption {
    pub payment_method_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_category: Option<PaymentMethodCategory>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disable_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Logo>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub promo_names: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payment_method_region: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub supported_currencies: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_option_detail: Option<PaymentOptionDetail>,
    /// Limits keyed by currency.
    #[serde(default, skip_serializing_if = "PairMap::is_empty")]
    pub amount_limit_info_map: PairMap<AmountLimit>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_type: Option<String>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConsultResponse {
    pub result: AmsResult,
    #[serde(default)]
    pub payment_options: Vec<PaymentOption>,
}

// ---------- pay ----------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayRequest {
    pub product_code: String,
    pub payment_request_id: String,
    pub order: Order,
    pub payment_amount: Amount,
    pub payment_method: PaymentMethod,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_expiry_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_redirect_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_notify_url: Option<String>,
    pub env: Env,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settlement_strategy: Option<SettlementStrategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_region: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeDetail {
    pub code_value_type: CodeValueType,
    pub code_value: String,
    pub display_type: DisplayType,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderCodeForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expire_time: Option<String>,
    #[serde(default)]
    pub code_details: Vec<CodeDetail>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PayResponse {
    pub result: AmsResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_create_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub normal_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scheme_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applink_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub app_identifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_code_form: Option<OrderCodeForm>,
}

impl PayResponse {
    pub fn error(result: AmsResult) -> Self {
        Self {
            result,
            payment_request_id: None,
            payment_id: None,
            payment_amount: None,
            payment_create_time: None,
            normal_url: None,
            scheme_url: None,
            applink_url: None,
            app_identifier: None,
            order_code_form: None,
        }
    }
}

// ---------- inquiryPayment ----------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPaymentRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InquiryPaymentResponse {
    pub result: AmsResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_status: Option<PaymentStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_result_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_result_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_create_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_type: Option<String>,
}

// ---------- cancel ----------

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelResponse {
    pub result: AmsResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancel_time: Option<String>,
}

// ---------- refund ----------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundRequest {
    pub refund_request_id: String,
    pub payment_id: String,
    pub refund_amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_notify_url: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefundResponse {
    pub result: AmsResult,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_request_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_amount: Option<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund_time: Option<String>,
}

// ---------- notifyPayment ----------

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotifyPaymentRequest {
    pub notify_type: NotifyType,
    pub result: AmsResult,
    pub payment_request_id: String,
    pub payment_id: String,
    pub payment_amount: Amount,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_create_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_method_type: Option<String>,
}

/// The exact acknowledgement a merchant must answer to notifyPayment.
pub const NOTIFY_ACK: &str = r#"{"result":{"resultCode":"SUCCESS","resultStatus":"S","resultMessage":"success"}}"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pay_response_tolerates_unknown_fields_and_values() {
        let raw = r#"{"result":{"resultCode":"PAYMENT_IN_PROCESS","resultStatus":"U","resultMessage":"p"},
            "paymentId":"p1","normalUrl":"https://x","somethingNew":{"a":1},
            "orderCodeForm":{"expireTime":"2026-01-01T00:00:00+08:00","codeDetails":[
              {"codeValueType":"QRCODE","codeValue":"abc","displayType":"HOLOGRAM"}]}}"#;
        let r: PayResponse = serde_json::from_str(raw).unwrap();
        assert_eq!(r.result.result_status, ResultStatus::InProcess);
        let form = r.order_code_form.unwrap();
        assert_eq!(form.code_details[0].display_type, DisplayType::Unknown("HOLOGRAM".into()));
    }

    #[test]
    fn optional_fields_are_not_sent_empty() {
        let req = InquiryPaymentRequest { payment_id: Some("p".into()), ..Default::default() };
        assert_eq!(serde_json::to_string(&req).unwrap(), r#"{"paymentId":"p"}"#);
    }

    #[test]
    fn missing_required_fields_are_errors_not_panics() {
        assert!(serde_json::from_str::<PayResponse>(r#"{"paymentId":"x"}"#).is_err());
        assert!(serde_json::from_str::<ConsultResponse>("not json").is_err());
    }

    #[test]
    fn notify_ack_is_the_documented_body() {
        let v: serde_json::Value = serde_json::from_str(NOTIFY_ACK).unwrap();
        assert_eq!(v["result"]["resultStatus"], "S");
        let r: AmsResult = serde_json::from_value(v["result"].clone()).unwrap();
        assert_eq!(r, AmsResult::success());
    }
}
