//! consult: the payment options for an amount and a client environment.

use ams::{AmsResult, ConsultRequest, ConsultResponse, OsType, TerminalType, PRODUCT_CODE_CASHIER};

use super::{catalogue, failure, AmsAnswer, SandboxState};

pub fn handle(state: &SandboxState, body: &[u8]) -> AmsAnswer {
    let req: ConsultRequest = match serde_json::from_slice(body) {
        Ok(r) => r,
        Err(e) => return failure("PARAM_ILLEGAL", format!("invalid consult request: {e}")),
    };
    match answer(&state.public_url, &req) {
        Ok(resp) => serde_json::to_value(resp).unwrap_or_else(|e| failure("UNKNOWN_EXCEPTION", e.to_string())),
        Err(message) => failure("PARAM_ILLEGAL", message),
    }
}

/// Validates the request and lists the matching methods, the user's region first.
pub fn answer(public_url: &str, req: &ConsultRequest) -> Result<ConsultResponse, String> {
    if req.product_code != PRODUCT_CODE_CASHIER {
        return Err(format!("productCode must be {PRODUCT_CODE_CASHIER}"));
    }
    let amount = &req.payment_amount;
    amount.minor_units().map_err(|e| format!("paymentAmount: {e}"))?;
    let terminal = validate_env(&req.env)?;
    let allowed = req.allowed_psp_regions.as_deref().filter(|r| !r.is_empty());
    let mut options: Vec<_> = catalogue::all()
        .iter()
        .filter(|m| m.supports_currency(&amount.currency) && m.supports_terminal(terminal))
        .filter(|m| allowed.is_none_or(|allowed| m.regions.iter().any(|r| allowed.contains(r))))
        .map(|m| m.option(public_url, amount))
        .collect();
    if let Some(region) = &req.user_region {
        // Stable: the catalogue order is kept within each group.
        options.sort_by_key(|o| !o.payment_method_region.contains(region));
    }
    Ok(ConsultResponse { result: AmsResult::success(), payment_options: options })
}

/// `env.terminalType` is required; WAP and APP also need `env.osType`.
pub fn validate_env(env: &ams::Env) -> Result<&TerminalType, String> {
    let terminal = env.terminal_type.as_ref().ok_or("env.terminalType is required")?;
    match terminal {
        TerminalType::Web => {}
        TerminalType::Wap | TerminalType::App => match &env.os_type {
            Some(OsType::Ios | OsType::Android) => {}
            Some(OsType::Unknown(raw)) => return Err(format!("env.osType {raw:?} is not IOS or ANDROID")),
            None => return Err(format!("env.osType is required when env.terminalType is {terminal}")),
        },
        TerminalType::Unknown(raw) => return Err(format!("env.terminalType {raw:?} is not WEB, WAP or APP")),
    }
    Ok(terminal)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ams::{Amount, Env};

    fn req(currency: &str, minor: u64, terminal: TerminalType) -> ConsultRequest {
        ConsultRequest {
            product_code: PRODUCT_CODE_CASHIER.into(),
            payment_amount: Amount::from_minor(currency, minor),
            env: Env { terminal_type: Some(terminal), os_type: Some(OsType::Android), ..Default::default() },
            allowed_psp_regions: None,
            allowed_payment_method_regions: None,
            user_region: None,
            merchant_region: None,
            settlement_strategy: None,
        }
    }

    #[test]
    fn filters_by_currency_terminal_and_region_and_sorts_user_region_first() {
        let mut r = req("USD", 1250, TerminalType::Web);
        let all = answer("http://x", &r).unwrap().payment_options;
        assert!(all.len() >= 5);
        assert!(all.iter().all(|o| o.supported_currencies.contains(&"USD".to_owned())));
        r.user_region = Some("PH".into());
        let sorted = answer("http://x", &r).unwrap().payment_options;
        assert_eq!(sorted[0].payment_method_type, "GCASH");
        r.allowed_psp_regions = Some(vec!["KR".into()]);
        let kr = answer("http://x", &r).unwrap().payment_options;
        assert!(kr.iter().all(|o| o.payment_method_region.contains(&"KR".to_owned())));
        // WAP-only methods are not offered on the web.
        let thb = answer("http://x", &req("THB", 25000, TerminalType::Web)).unwrap().payment_options;
        assert!(!thb.iter().any(|o| o.payment_method_type == "RABBIT_LINE_PAY"));
        let thb = answer("http://x", &req("THB", 25000, TerminalType::Wap)).unwrap().payment_options;
        assert!(thb.iter().any(|o| o.payment_method_type == "RABBIT_LINE_PAY"));
    }

    #[test]
    fn wap_needs_an_os() {
        let mut r = req("USD", 100, TerminalType::Wap);
        r.env.os_type = None;
        assert!(answer("http://x", &r).unwrap_err().contains("osType"));
    }
}
