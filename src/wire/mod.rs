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
        let (status, amount) = (required(v, "status", order_status)?, required(v, "amount", amount)?);
        let mut f = Fields::any(v);
        let view = OrderView {
            order_ref: f.string("orderRef"),
            status,
            amount,
            description: f.string_or_default("description"),
            expires_at_ms: f.opt_time_ms("expiresAtMs"),
            latest_payment: f.opt("latestPayment", PaymentView::from_js),
        };
        f.finish(view)
    }
}

impl FromJs for MethodsView {
    fn from_js(v: &JsValue) -> Read<Self> {
        object(v, "answer")?;
        let order = required(v, "order", OrderView::from_js)?;
        let mut f = Fields::any(v);
        let options = f.opt_list("paymentOptions", payment_option);
        if options.is_none() {
            f.fail("missing field paymentOptions");
        }
        let view = MethodsView {
            order,
            payment_options: options.unwrap_or_default(),
            user_region: f.opt_string("userRegion"),
        };
        f.finish(view)
    }
}

impl FromJs for PaymentView {
    fn from_js(v: &JsValue) -> Read<Self> {
        object(v, "payment")?;
        let amount = required(v, "amount", amount)?;
        let mut f = Fields::any(v);
        let view = PaymentView {
            payment_ref: f.string("paymentRef"),
            order_ref: f.string("orderRef"),
            payment_method_type: f.string("paymentMethodType"),
            status: PaymentStatus::parse(&f.string("status")),
            amount,
            continuation: f.opt("continuation", continuation).unwrap_or_default(),
            expires_at_ms: f.opt_time_ms("expiresAtMs"),
            result_message: f.opt_string("resultMessage"),
        };
        f.finish(view)
    }
}

/// `{"error": {code, message, retryable}}`.
pub fn api_error(v: &JsValue) -> Read<ApiError> {
    let e = field(v, "error").ok_or("missing field error")?;
    let mut f = Fields::of(&e, "error");
    let retryable = field(&e, "retryable").and_then(|r| r.as_bool());
    if retryable.is_none() {
        f.fail("retryable: expected true or false");
    }
    let error =
        ApiError { code: f.string("code"), message: f.string("message"), retryable: retryable.unwrap_or_default() };
    f.finish(error)
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
    let mut f = Fields::of(v, "amount");
    let amount = Amount { currency: f.string("currency"), value: f.string("value") };
    f.finish(amount)
}

fn logo(v: &JsValue) -> Read<Logo> {
    let mut f = Fields::any(v);
    let logo = Logo { logo_name: f.string_or_default("logoName"), logo_url: f.string_or_default("logoUrl") };
    f.finish(logo)
}

fn support_bank(v: &JsValue) -> Read<SupportBank> {
    let mut f = Fields::any(v);
    let bank = SupportBank {
        bank_identifier_code: f.string_or_default("bankIdentifierCode"),
        bank_short_name: f.string_or_default("bankShortName"),
        bank_logo: f.opt("bankLogo", logo),
    };
    f.finish(bank)
}

fn amount_limit(v: &JsValue) -> Read<AmountLimit> {
    let mut f = Fields::any(v);
    let limit = AmountLimit { min_amount: f.opt("minAmount", amount), max_amount: f.opt("maxAmount", amount) };
    f.finish(limit)
}

fn payment_option(v: &JsValue) -> Read<PaymentOption> {
    object(v, "paymentOptions")?;
    let mut limits = checkout_core::ams::pair_map::PairMap::new();
    for (currency, limit) in entries(v, "amountLimitInfoMap")? {
        limits.insert(currency, amount_limit(&limit)?);
    }
    let mut f = Fields::any(v);
    let option = PaymentOption {
        payment_method_type: f.string("paymentMethodType"),
        payment_method_category: f.opt_string("paymentMethodCategory").map(|c| PaymentMethodCategory::parse(&c)),
        enabled: f.bool_or("enabled", true),
        disable_reason: f.opt_string("disableReason"),
        logo: f.opt("logo", logo),
        promo_names: f.list("promoNames", a_string),
        payment_method_region: f.list("paymentMethodRegion", a_string),
        supported_currencies: f.list("supportedCurrencies", a_string),
        payment_option_detail: f.opt("paymentOptionDetail", |d| {
            Ok(PaymentOptionDetail { support_banks: list(d, "supportBanks", support_bank)? })
        }),
        amount_limit_info_map: limits,
        interaction_type: f.opt_string("interactionType"),
    };
    f.finish(option)
}

fn continuation(v: &JsValue) -> Read<Continuation> {
    let mut f = Fields::any(v);
    let continuation = Continuation {
        normal_url: f.opt_string("normalUrl"),
        scheme_url: f.opt_string("schemeUrl"),
        applink_url: f.opt_string("applinkUrl"),
        app_identifier: f.opt_string("appIdentifier"),
        order_code_form: f.opt("orderCodeForm", |v| {
            let mut f = Fields::any(v);
            let form = OrderCodeForm {
                expire_time: f.opt_string("expireTime"),
                code_details: f.list("codeDetails", code_detail),
            };
            f.finish(form)
        }),
    };
    f.finish(continuation)
}

fn code_detail(v: &JsValue) -> Read<CodeDetail> {
    let mut f = Fields::any(v);
    let detail = CodeDetail {
        code_value_type: CodeValueType::parse(&f.string("codeValueType")),
        code_value: f.string("codeValue"),
        display_type: DisplayType::parse(&f.string("displayType")),
    };
    f.finish(detail)
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
