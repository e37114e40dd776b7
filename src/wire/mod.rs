//! The merchant API's JSON in the browser: answers read from `JSON.parse` values and request
//! bodies written as JS objects for `JSON.stringify`, for the types of `checkout-core`.
//! `tests/web_wire.rs` checks every reader against serde's reading of the same text.

pub mod read;

use checkout_core::ams::{
    Amount, AmountLimit, CodeDetail, CodeValueType, DisplayType, Logo, OrderCodeForm, OsType, PaymentMethodCategory,
    PaymentOption, PaymentOptionDetail, PaymentStatus, SupportBank, TerminalType,
};
use checkout_core::merchant_api::{
    ApiError, Continuation, MethodsQuery, MethodsView, OrderStatus, OrderView, PaymentView, StartPayment,
};
use js_sys::{Array, Object, Reflect};
use read::*;
use wasm_bindgen::JsValue;

/// A type the widget reads from the merchant API.
pub trait FromJs: Sized {
    fn from_js(value: &JsValue) -> Read<Self>;
}

impl FromJs for OrderView {
    fn from_js(v: &JsValue) -> Read<Self> {
        object(v, "order")?;
        Ok(OrderView {
            order_ref: string(v, "orderRef")?,
            status: required(v, "status", order_status)?,
            amount: required(v, "amount", amount)?,
            description: string_or_default(v, "description")?,
            expires_at_ms: opt_time_ms(v, "expiresAtMs"),
            latest_payment: opt(v, "latestPayment", PaymentView::from_js)?,
        })
    }
}

impl FromJs for MethodsView {
    fn from_js(v: &JsValue) -> Read<Self> {
        object(v, "answer")?;
        Ok(MethodsView {
            order: required(v, "order", OrderView::from_js)?,
            payment_options: opt_list(v, "paymentOptions", payment_option)?.ok_or("missing field paymentOptions")?,
            user_region: opt_string(v, "userRegion")?,
        })
    }
}

impl FromJs for PaymentView {
    fn from_js(v: &JsValue) -> Read<Self> {
        object(v, "payment")?;
        Ok(PaymentView {
            payment_ref: string(v, "paymentRef")?,
            order_ref: string(v, "orderRef")?,
            payment_method_type: string(v, "paymentMethodType")?,
            status: PaymentStatus::parse(&string(v, "status")?),
            amount: required(v, "amount", amount)?,
            continuation: opt(v, "continuation", continuation)?.unwrap_or_default(),
            expires_at_ms: opt_time_ms(v, "expiresAtMs"),
            result_message: opt_string(v, "resultMessage")?,
        })
    }
}

/// `{"error": {code, message, retryable}}`.
pub fn api_error(v: &JsValue) -> Read<ApiError> {
    let e = field(v, "error").ok_or("missing field error")?;
    object(&e, "error")?;
    let retryable = field(&e, "retryable").and_then(|r| r.as_bool()).ok_or("retryable: expected true or false")?;
    Ok(ApiError { code: string(&e, "code")?, message: string(&e, "message")?, retryable })
}

fn order_status(v: &JsValue) -> Read<OrderStatus> {
    Ok(match a_string(v)?.as_str() {
        "OPEN" => OrderStatus::Open,
        "PAID" => OrderStatus::Paid,
        "EXPIRED" => OrderStatus::Expired,
        "CLOSED" => OrderStatus::Closed,
        _ => OrderStatus::Unknown,
    })
}

fn amount(v: &JsValue) -> Read<Amount> {
    object(v, "amount")?;
    Ok(Amount { currency: string(v, "currency")?, value: string(v, "value")? })
}

fn logo(v: &JsValue) -> Read<Logo> {
    Ok(Logo { logo_name: string_or_default(v, "logoName")?, logo_url: string_or_default(v, "logoUrl")? })
}

fn support_bank(v: &JsValue) -> Read<SupportBank> {
    Ok(SupportBank {
        bank_identifier_code: string_or_default(v, "bankIdentifierCode")?,
        bank_short_name: string_or_default(v, "bankShortName")?,
        bank_logo: opt(v, "bankLogo", logo)?,
    })
}

fn amount_limit(v: &JsValue) -> Read<AmountLimit> {
    Ok(AmountLimit { min_amount: opt(v, "minAmount", amount)?, max_amount: opt(v, "maxAmount", amount)? })
}

fn payment_option(v: &JsValue) -> Read<PaymentOption> {
    object(v, "paymentOptions")?;
    let mut limits = checkout_core::ams::pair_map::PairMap::new();
    for (currency, limit) in entries(v, "amountLimitInfoMap")? {
        limits.insert(currency, amount_limit(&limit)?);
    }
    Ok(PaymentOption {
        payment_method_type: string(v, "paymentMethodType")?,
        payment_method_category: opt_string(v, "paymentMethodCategory")?.map(|c| PaymentMethodCategory::parse(&c)),
        enabled: bool_or(v, "enabled", true)?,
        disable_reason: opt_string(v, "disableReason")?,
        logo: opt(v, "logo", logo)?,
        promo_names: list(v, "promoNames", a_string)?,
        payment_method_region: list(v, "paymentMethodRegion", a_string)?,
        supported_currencies: list(v, "supportedCurrencies", a_string)?,
        payment_option_detail: opt(v, "paymentOptionDetail", |d| {
            Ok(PaymentOptionDetail { support_banks: list(d, "supportBanks", support_bank)? })
        })?,
        amount_limit_info_map: limits,
        interaction_type: opt_string(v, "interactionType")?,
    })
}

fn continuation(v: &JsValue) -> Read<Continuation> {
    Ok(Continuation {
        normal_url: opt_string(v, "normalUrl")?,
        scheme_url: opt_string(v, "schemeUrl")?,
        applink_url: opt_string(v, "applinkUrl")?,
        app_identifier: opt_string(v, "appIdentifier")?,
        order_code_form: opt(v, "orderCodeForm", |f| {
            Ok(OrderCodeForm {
                expire_time: opt_string(f, "expireTime")?,
                code_details: list(f, "codeDetails", code_detail)?,
            })
        })?,
    })
}

fn code_detail(v: &JsValue) -> Read<CodeDetail> {
    Ok(CodeDetail {
        code_value_type: CodeValueType::parse(&string(v, "codeValueType")?),
        code_value: string(v, "codeValue")?,
        display_type: DisplayType::parse(&string(v, "displayType")?),
    })
}

// ---------- request bodies ----------

fn set(object: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(object, &JsValue::from_str(key), value);
}

fn opt_str(value: Option<&str>) -> JsValue {
    value.map_or(JsValue::NULL, JsValue::from_str)
}

fn terminal(object: &Object, terminal: &TerminalType, os: Option<&OsType>) {
    set(object, "terminalType", &JsValue::from_str(terminal.as_str()));
    set(object, "osType", &opt_str(os.map(OsType::as_str)));
}

/// `POST /orders/{ref}/payment-methods`; absent options are `null`, as serde writes them.
pub fn methods_query(q: &MethodsQuery) -> JsValue {
    let body = Object::new();
    terminal(&body, &q.terminal_type, q.os_type.as_ref());
    set(&body, "userRegion", &opt_str(q.user_region.as_deref()));
    let regions = q.allowed_psp_regions.as_ref().map(|r| r.iter().map(|s| JsValue::from_str(s)).collect::<Array>());
    set(&body, "allowedPspRegions", &regions.map_or(JsValue::NULL, JsValue::from));
    body.into()
}

/// `POST /orders/{ref}/payments`.
pub fn start_payment(p: &StartPayment) -> JsValue {
    let body = Object::new();
    set(&body, "paymentMethodType", &JsValue::from_str(&p.payment_method_type));
    let meta = Object::new();
    for (k, v) in &p.payment_method_meta_data {
        set(&meta, k, &JsValue::from_str(v));
    }
    set(&body, "paymentMethodMetaData", &meta);
    terminal(&body, &p.terminal_type, p.os_type.as_ref());
    body.into()
}
