//! The server's own check of `paymentMethodMetaData`, with the very validators the widget runs
//! (`checkout_core::fields`): a client that skips the widget meets the same rules. Values are
//! normalised as the widget would send them, keys the method does not take are dropped, and a
//! failure is a 400 `INVALID_REQUEST` naming each field.

use ams::{ConsultRequest, Env, ResultStatus, SupportBank, TerminalType, PRODUCT_CODE_CASHIER};
use checkout_core::fields::{self, FieldKind, FieldValues};
use checkout_core::messages;

use super::errors::ApiFailure;
use super::orders::OrderRow;
use super::MerchantState;
use crate::ams_client::deadlines;

/// Checks `values` for `method_type` against the given bank list (for methods with a bank
/// field; an empty list leaves the bank to the provider's page, as the widget does).
pub fn check(method_type: &str, values: &FieldValues, banks: &[SupportBank]) -> Result<FieldValues, ApiFailure> {
    fields::validate_all(method_type, values, banks).map_err(|errors| {
        let named: Vec<String> = errors
            .iter()
            .map(|(key, e)| format!("paymentMethodMetaData.{key}: {}", messages::english(e.msg())))
            .collect();
        ApiFailure::invalid(named.join("; "))
    })
}

/// Checks a start request's metadata. The bank list is asked of AMS (consult) only when the
/// method has a bank field and a bank was sent.
pub async fn checked(
    state: &MerchantState,
    order: &OrderRow,
    method_type: &str,
    values: &FieldValues,
) -> Result<FieldValues, ApiFailure> {
    let wants_bank = fields::fields_for(method_type)
        .iter()
        .any(|s| s.kind == FieldKind::Bank && values.get(s.key).is_some_and(|v| !v.trim().is_empty()));
    let banks = if wants_bank { support_banks(state, order, method_type).await } else { Vec::new() };
    check(method_type, values, &banks)
}

/// The banks AMS lists for the method on this order; none when AMS cannot say.
async fn support_banks(state: &MerchantState, order: &OrderRow, method_type: &str) -> Vec<SupportBank> {
    let req = ConsultRequest {
        product_code: PRODUCT_CODE_CASHIER.to_owned(),
        payment_amount: order.amount(),
        env: Env { terminal_type: Some(TerminalType::Web), ..Default::default() },
        allowed_psp_regions: None,
        allowed_payment_method_regions: None,
        user_region: order.user_region.clone(),
        merchant_region: None,
        settlement_strategy: None,
    };
    match state.ams.consult(&req, deadlines::CONSULT).await {
        Ok(resp) if resp.result.result_status == ResultStatus::Success => resp
            .payment_options
            .into_iter()
            .find(|o| o.payment_method_type.eq_ignore_ascii_case(method_type))
            .and_then(|o| o.payment_option_detail)
            .map(|d| d.support_banks)
            .unwrap_or_default(),
        Ok(resp) => {
            tracing::warn!(code = %resp.result.result_code, "consult for the bank list failed; the bank is left to the provider");
            Vec::new()
        }
        Err(e) => {
            tracing::warn!("consult for the bank list failed ({e}); the bank is left to the provider");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> FieldValues {
        pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect()
    }

    fn bank(bic: &str) -> SupportBank {
        SupportBank { bank_identifier_code: bic.into(), bank_short_name: String::new(), bank_logo: None }
    }

    fn message(r: Result<FieldValues, ApiFailure>) -> String {
        let e = r.unwrap_err();
        assert_eq!(e.code, "INVALID_REQUEST");
        assert_eq!(e.status.as_u16(), 400);
        e.message
    }

    #[test]
    fn valid_values_are_normalised_and_unknown_keys_dropped() {
        let ok = check("BLIK", &values(&[("blikCode", "123 456"), ("evil", "x")]), &[]).unwrap();
        assert_eq!(ok, values(&[("blikCode", "123456")]));
        let ok = check("MERCADOPAGO_BR", &values(&[("cpf", "529.982.247-25")]), &[]).unwrap();
        assert_eq!(ok, values(&[("cpf", "52998224725")]));
        let ok = check("IDEAL", &values(&[("bankIdentifierCode", "ingbnl2a")]), &[bank("INGBNL2A")]).unwrap();
        assert_eq!(ok, values(&[("bankIdentifierCode", "INGBNL2A")]));
        // A method without fields takes none.
        assert!(check("ALIPAY_CN", &values(&[("cpf", "52998224725")]), &[]).unwrap().is_empty());
        // Without a bank list the bank is left to the provider's page.
        assert!(check("IDEAL", &values(&[("bankIdentifierCode", "INGBNL2A")]), &[]).unwrap().is_empty());
    }

    #[test]
    fn failures_name_the_field() {
        assert!(message(check("BLIK", &values(&[("blikCode", "12345")]), &[]))
            .starts_with("paymentMethodMetaData.blikCode: "));
        assert!(message(check("BLIK", &values(&[]), &[])).contains("blikCode"));
        assert!(message(check("P24", &values(&[("payerEmail", "not-an-email")]), &[])).contains("payerEmail"));
        assert!(message(check("MERCADOPAGO_BR", &values(&[("cpf", "529.982.247-26")]), &[])).contains("cpf"));
        let m = message(check("IDEAL", &values(&[("bankIdentifierCode", "ASNBNL21")]), &[bank("INGBNL2A")]));
        assert!(m.contains("bankIdentifierCode"), "{m}");
    }
}
