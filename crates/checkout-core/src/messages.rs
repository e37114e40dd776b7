//! Every user-facing text of the widget, by key.
//!
//! English and Simplified Chinese are built in. Any other language (or a shop's own wording)
//! is data: a JSON catalogue `{ "fr": { "pay_button": "Payer", ... } }` read by [`Catalog`],
//! layered over the built-ins, with English for whatever it leaves out. Adding a language
//! therefore needs no code change, only the keys listed by [`Msg::ALL`] and [`Msg::key`].
//!
//! Texts that carry a value use `{name}` placeholders, filled by [`fill`].

use std::fmt;

/// Built-in languages; anything else falls back to English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Locale {
    En,
    ZhCn,
}

impl Locale {
    /// From a BCP 47 tag such as "zh-CN", "zh-Hans", "en-US".
    pub fn from_tag(tag: &str) -> Self {
        let tag = tag.to_ascii_lowercase();
        if tag == "zh" || tag.starts_with("zh-cn") || tag.starts_with("zh-hans") || tag.starts_with("zh-sg") {
            Self::ZhCn
        } else {
            Self::En
        }
    }
}

/// Declares `Msg` with one stable snake_case key per variant, the key being the contract with
/// shop catalogues: renaming a variant is fine, changing its key is not.
macro_rules! messages {
    ($($variant:ident => $key:literal,)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Msg {
            $($variant,)+
        }

        impl Msg {
            /// Every message, in declaration order (`Msg::ALL[m as usize] == m`).
            pub const ALL: &'static [Msg] = &[$(Msg::$variant,)+];

            /// The key used in JSON catalogues.
            pub fn key(self) -> &'static str {
                match self {
                    $(Msg::$variant => $key,)+
                }
            }
        }
    };
}

messages! {
    LoadingMethods => "loading_methods",
    ChooseMethod => "choose_method",
    Unavailable => "unavailable",
    PayButton => "pay_button",
    Paying => "paying",
    Redirecting => "redirecting",
    Retry => "retry",
    ErrorNetwork => "error_network",
    ErrorTimeout => "error_timeout",
    ErrorServer => "error_server",
    ErrorBadResponse => "error_bad_response",
    ErrorOrderNotFound => "error_order_not_found",
    ErrorAlreadyPaid => "error_already_paid",
    ErrorExpired => "error_expired",
    ErrorRefused => "error_refused",
    ErrorUnsafeUrl => "error_unsafe_url",
    ErrorNoMethods => "error_no_methods",
    ErrorConfig => "error_config",
    StatusSuccess => "status_success",
    StatusFail => "status_fail",
    StatusCancelled => "status_cancelled",
    StatusProcessing => "status_processing",
    StatusPending => "status_pending",
    StatusUnknown => "status_unknown",
    CheckingStatus => "checking_status",
    OrderTotal => "order_total",
    // The method menu.
    GroupAlipayPlus => "group_alipay_plus",
    GroupWallet => "group_wallet",
    GroupBankTransfer => "group_bank_transfer",
    GroupOnlineBanking => "group_online_banking",
    GroupMobileBankingApp => "group_mobile_banking_app",
    GroupOther => "group_other",
    MethodCount => "method_count",
    MethodCountOne => "method_count_one",
    Back => "back",
    AlipayPlusPartner => "alipay_plus_partner",
    LastUsed => "last_used",
    UnavailableMinimum => "unavailable_minimum",
    UnavailableMaximum => "unavailable_maximum",
    UnavailableCurrency => "unavailable_currency",
    // Extra fields.
    FieldBlikCode => "field_blik_code",
    FieldBlikCodeHint => "field_blik_code_hint",
    FieldPayerEmail => "field_payer_email",
    FieldPayerEmailHint => "field_payer_email_hint",
    FieldCpf => "field_cpf",
    FieldCpfHint => "field_cpf_hint",
    FieldBank => "field_bank",
    BankSearch => "bank_search",
    BankNoMatch => "bank_no_match",
    BanksCommon => "banks_common",
    BanksAll => "banks_all",
    ErrorRequired => "error_required",
    ErrorBlikFormat => "error_blik_format",
    ErrorEmailFormat => "error_email_format",
    ErrorCpfFormat => "error_cpf_format",
    ErrorCpfCheckDigits => "error_cpf_check_digits",
    ErrorBankNotListed => "error_bank_not_listed",
    FixFields => "fix_fields",
    // After confirm.
    IHavePaid => "i_have_paid",
    PayAgain => "pay_again",
    ChangeMethod => "change_method",
    OpenPaymentPage => "open_payment_page",
    ScanQr => "scan_qr",
    EnterCode => "enter_code",
    ScanQrOrEnterCode => "scan_qr_or_enter_code",
    CopyCode => "copy_code",
    Copied => "copied",
    CopyFailed => "copy_failed",
    PaymentCode => "payment_code",
    ExpiresIn => "expires_in",
    PaymentExpired => "payment_expired",
    OpeningApp => "opening_app",
    AppDidNotOpen => "app_did_not_open",
    OpenApp => "open_app",
    CompleteInNewTab => "complete_in_new_tab",
    StatusCheckFailed => "status_check_failed",
    QrLabel => "qr_label",
    ErrorNavigation => "error_navigation",
}

impl Msg {
    /// The message with this catalogue key, if any.
    pub fn from_key(key: &str) -> Option<Msg> {
        Msg::ALL.iter().copied().find(|m| m.key() == key)
    }
}

/// The built-in text of `msg` in `locale`.
pub fn text(locale: Locale, msg: Msg) -> &'static str {
    match locale {
        Locale::En => en(msg),
        Locale::ZhCn => zh_cn(msg),
    }
}

fn en(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        LoadingMethods => "Loading payment methods…",
        ChooseMethod => "Choose a payment method",
        Unavailable => "Unavailable",
        PayButton => "Pay",
        Paying => "Processing…",
        Redirecting => "Taking you to the payment page…",
        Retry => "Try again",
        ErrorNetwork => "We could not reach the shop. Check your connection and try again.",
        ErrorTimeout => "The shop took too long to answer. Please try again.",
        ErrorServer => "Something went wrong on the shop's side. Please try again.",
        ErrorBadResponse => "The shop sent an answer we could not read. Please try again later.",
        ErrorOrderNotFound => "We could not find this order.",
        ErrorAlreadyPaid => "This order has already been paid.",
        ErrorExpired => "This order has expired. Please place a new order.",
        ErrorRefused => "The payment could not be started.",
        ErrorUnsafeUrl => "The payment page address looked unsafe, so we did not open it.",
        ErrorNoMethods => "No payment method is available for this order.",
        ErrorConfig => "The checkout is not set up correctly on this page.",
        StatusSuccess => "Payment successful",
        StatusFail => "Payment failed",
        StatusCancelled => "Payment cancelled",
        StatusProcessing => "Waiting for your payment",
        StatusPending => "Payment received, waiting for the provider to confirm",
        StatusUnknown => "Payment status unknown",
        CheckingStatus => "Checking your payment…",
        OrderTotal => "Total",
        GroupAlipayPlus => "Alipay+",
        GroupWallet => "E-wallets",
        GroupBankTransfer => "Bank transfer",
        GroupOnlineBanking => "Online banking",
        GroupMobileBankingApp => "Mobile banking app",
        GroupOther => "Other methods",
        MethodCount => "{count} methods",
        MethodCountOne => "1 method",
        Back => "Back",
        AlipayPlusPartner => "Alipay+ Partner",
        LastUsed => "Last used",
        UnavailableMinimum => "Minimum {amount}",
        UnavailableMaximum => "Maximum {amount}",
        UnavailableCurrency => "Not available for payments in {currency}",
        FieldBlikCode => "BLIK code",
        FieldBlikCodeHint => "The 6-digit code from your banking app",
        FieldPayerEmail => "Email",
        FieldPayerEmailHint => "The payment provider uses it to identify you",
        FieldCpf => "CPF",
        FieldCpfHint => "Your 11-digit Brazilian taxpayer number",
        FieldBank => "Your bank",
        BankSearch => "Search for your bank",
        BankNoMatch => "No bank matches your search",
        BanksCommon => "Popular banks",
        BanksAll => "All banks",
        ErrorRequired => "This field is required",
        ErrorBlikFormat => "Enter the 6 digits of your BLIK code",
        ErrorEmailFormat => "Enter a valid email address, like name@example.com",
        ErrorCpfFormat => "A CPF has 11 digits, like 000.000.000-00",
        ErrorCpfCheckDigits => "This CPF is not valid. Please check the numbers.",
        ErrorBankNotListed => "Choose your bank from the list",
        FixFields => "Please correct the highlighted fields",
        IHavePaid => "I have paid",
        PayAgain => "Pay again",
        ChangeMethod => "Choose another method",
        OpenPaymentPage => "Open the payment page",
        ScanQr => "Scan the QR code with your payment app",
        EnterCode => "Pay with this code in your banking app or at the counter",
        ScanQrOrEnterCode => "Scan the QR code, or pay with the code below",
        CopyCode => "Copy",
        Copied => "Copied",
        CopyFailed => "Could not copy: select the code and copy it",
        PaymentCode => "Payment code",
        ExpiresIn => "Time left to pay: {time}",
        PaymentExpired => "The time to pay has run out",
        OpeningApp => "Opening {method}…",
        AppDidNotOpen => "The app did not open.",
        OpenApp => "Open the app",
        CompleteInNewTab => "Complete the payment in the new tab. This page updates by itself.",
        StatusCheckFailed => "We could not check the payment just now; we will try again.",
        QrLabel => "QR code for {method}",
        ErrorNavigation => "The browser could not open the payment page. Please try again.",
    }
}

fn zh_cn(msg: Msg) -> &'static str {
    use Msg::*;
    match msg {
        LoadingMethods => "正在加载支付方式…",
        ChooseMethod => "请选择支付方式",
        Unavailable => "不可用",
        PayButton => "支付",
        Paying => "处理中…",
        Redirecting => "正在前往支付页面…",
        Retry => "重试",
        ErrorNetwork => "无法连接商户，请检查网络后重试。",
        ErrorTimeout => "商户响应超时，请重试。",
        ErrorServer => "商户服务出错，请重试。",
        ErrorBadResponse => "无法读取商户的响应，请稍后再试。",
        ErrorOrderNotFound => "找不到该订单。",
        ErrorAlreadyPaid => "该订单已支付。",
        ErrorExpired => "该订单已过期，请重新下单。",
        ErrorRefused => "无法发起支付。",
        ErrorUnsafeUrl => "支付页面地址不安全，已阻止打开。",
        ErrorNoMethods => "该订单暂无可用的支付方式。",
        ErrorConfig => "本页面的收银台配置有误。",
        StatusSuccess => "支付成功",
        StatusFail => "支付失败",
        StatusCancelled => "支付已取消",
        StatusProcessing => "等待支付",
        StatusPending => "已付款，等待支付机构确认",
        StatusUnknown => "支付状态未知",
        CheckingStatus => "正在查询支付结果…",
        OrderTotal => "合计",
        GroupAlipayPlus => "Alipay+",
        GroupWallet => "电子钱包",
        GroupBankTransfer => "银行转账",
        GroupOnlineBanking => "网上银行",
        GroupMobileBankingApp => "手机银行",
        GroupOther => "其他支付方式",
        MethodCount => "{count} 种支付方式",
        MethodCountOne => "1 种支付方式",
        Back => "返回",
        AlipayPlusPartner => "Alipay+ 合作伙伴",
        LastUsed => "上次使用",
        UnavailableMinimum => "最低 {amount}",
        UnavailableMaximum => "最高 {amount}",
        UnavailableCurrency => "不支持 {currency} 付款",
        FieldBlikCode => "BLIK 码",
        FieldBlikCodeHint => "银行 App 中显示的 6 位数字码",
        FieldPayerEmail => "电子邮箱",
        FieldPayerEmailHint => "支付机构用它来识别您的身份",
        FieldCpf => "CPF 税号",
        FieldCpfHint => "您的 11 位巴西个人税号",
        FieldBank => "您的银行",
        BankSearch => "搜索银行",
        BankNoMatch => "没有匹配的银行",
        BanksCommon => "常用银行",
        BanksAll => "全部银行",
        ErrorRequired => "此项为必填项",
        ErrorBlikFormat => "请输入 6 位数字的 BLIK 码",
        ErrorEmailFormat => "请输入有效的电子邮箱，例如 name@example.com",
        ErrorCpfFormat => "CPF 为 11 位数字，格式如 000.000.000-00",
        ErrorCpfCheckDigits => "该 CPF 无效，请检查号码。",
        ErrorBankNotListed => "请从列表中选择您的银行",
        FixFields => "请修正标出的内容",
        IHavePaid => "我已支付",
        PayAgain => "重新支付",
        ChangeMethod => "更换支付方式",
        OpenPaymentPage => "打开支付页面",
        ScanQr => "请使用支付应用扫描二维码",
        EnterCode => "请在银行应用或柜台使用此代码付款",
        ScanQrOrEnterCode => "扫描二维码，或使用下方代码付款",
        CopyCode => "复制",
        Copied => "已复制",
        CopyFailed => "复制失败，请手动选择并复制",
        PaymentCode => "付款码",
        ExpiresIn => "剩余支付时间：{time}",
        PaymentExpired => "支付时间已过",
        OpeningApp => "正在打开 {method}…",
        AppDidNotOpen => "未能打开应用。",
        OpenApp => "打开应用",
        CompleteInNewTab => "请在新标签页中完成支付，本页面会自动更新。",
        StatusCheckFailed => "暂时无法查询支付状态，稍后将重试。",
        QrLabel => "{method} 付款二维码",
        ErrorNavigation => "浏览器无法打开支付页面，请重试。",
    }
}

/// Replaces each `{name}` in `template` with its value; unknown placeholders stay as they are,
/// so a translation that drops or misspells one still shows something readable.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after
            .find('}')
            .and_then(|close| values.iter().find(|(name, _)| *name == &after[..close]).map(|(_, v)| (close, *v)));
        match value {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Why a shop catalogue was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// Not JSON at all.
    Json(String),
    /// JSON, but not `{ "<language tag>": { "<key>": "<text>", ... }, ... }`.
    Shape(String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Json(e) => write!(f, "the message catalogue is not valid JSON: {e}"),
            Self::Shape(e) => write!(f, "the message catalogue has the wrong shape: {e}"),
        }
    }
}

impl std::error::Error for CatalogError {}

/// The texts for one language: a shop's own texts over a built-in locale over English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    base: Locale,
    /// Indexed by `Msg as usize`; `None` where the shop gave nothing.
    custom: Vec<Option<Box<str>>>,
}

impl Catalog {
    /// Only the built-in texts of the language `tag` names (English for unknown languages).
    pub fn for_tag(tag: &str) -> Self {
        Self { base: Locale::from_tag(tag), custom: Vec::new() }
    }

    /// The shop's catalogue `json` for the user's language `tag`. The best entry is the whole
    /// tag, then shorter prefixes ("fr-CA" uses "fr"), matched case-insensitively. Unknown keys
    /// are ignored; a known key with a non-text value, or JSON of the wrong shape, is an error.
    pub fn from_json(json: &str, tag: &str) -> Result<Self, CatalogError> {
        let value: serde_json::Value = serde_json::from_str(json).map_err(|e| CatalogError::Json(e.to_string()))?;
        let languages =
            value.as_object().ok_or_else(|| CatalogError::Shape("expected an object of languages".into()))?;
        let languages: Vec<ShopLanguage> = languages
            .iter()
            .map(|(lang, texts)| ShopLanguage {
                tag: lang.clone(),
                texts: texts
                    .as_object()
                    .map(|t| t.iter().map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned))).collect()),
            })
            .collect();
        Self::from_languages(&languages, tag)
    }

    /// [`Catalog::from_json`] over a catalogue already read by someone else (the browser's
    /// `JSON.parse`, so the widget carries no JSON parser): the same matching and the same errors.
    pub fn from_languages(languages: &[ShopLanguage], tag: &str) -> Result<Self, CatalogError> {
        if let Some(lang) = languages.iter().find(|l| l.texts.is_none()) {
            return Err(CatalogError::Shape(format!("language {:?} is not an object of texts", lang.tag)));
        }
        let mut catalog = Self::for_tag(tag);
        let Some(texts) = best_language(languages, tag) else {
            return Ok(catalog);
        };
        catalog.custom = vec![None; Msg::ALL.len()];
        for (key, value) in texts {
            let Some(msg) = Msg::from_key(key) else { continue };
            let text = value.as_deref().ok_or_else(|| CatalogError::Shape(format!("text {key:?} is not a string")))?;
            // An empty text would leave a blank button or label: fall back instead.
            if !text.trim().is_empty() {
                catalog.custom[msg as usize] = Some(text.into());
            }
        }
        Ok(catalog)
    }

    /// The built-in locale under the shop's texts.
    pub fn locale(&self) -> Locale {
        self.base
    }

    pub fn text(&self, msg: Msg) -> &str {
        match self.custom.get(msg as usize) {
            Some(Some(custom)) => custom,
            _ => text(self.base, msg),
        }
    }

    /// `text(msg)` with its placeholders filled.
    pub fn fill(&self, msg: Msg, values: &[(&str, &str)]) -> String {
        fill(self.text(msg), values)
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self { base: Locale::En, custom: Vec::new() }
    }
}

/// One language of a shop catalogue: its tag and its texts by key (`None` where a value is
/// not a string); `texts` is `None` when the language's value is not an object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShopLanguage {
    pub tag: String,
    pub texts: Option<Vec<(String, Option<String>)>>,
}

/// The texts for the longest prefix of `tag` the shop provides.
fn best_language<'a>(languages: &'a [ShopLanguage], tag: &str) -> Option<&'a [(String, Option<String>)]> {
    let mut wanted = tag.trim().replace('_', "-");
    while !wanted.is_empty() {
        let found = languages.iter().find(|l| l.tag.replace('_', "-").eq_ignore_ascii_case(&wanted));
        if let Some(lang) = found {
            return lang.texts.as_deref();
        }
        match wanted.rfind('-') {
            Some(cut) => wanted.truncate(cut),
            None => break,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locale_tags() {
        assert_eq!(Locale::from_tag("zh-CN"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("zh-Hans-CN"), Locale::ZhCn);
        assert_eq!(Locale::from_tag("en-GB"), Locale::En);
        assert_eq!(Locale::from_tag("fr"), Locale::En);
    }

    #[test]
    fn built_in_catalogues_are_complete() {
        for &msg in Msg::ALL {
            assert!(!text(Locale::En, msg).trim().is_empty(), "English text missing for {}", msg.key());
            assert!(!text(Locale::ZhCn, msg).trim().is_empty(), "Chinese text missing for {}", msg.key());
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        for &msg in Msg::ALL {
            for name in ["{amount}", "{count}", "{currency}"] {
                assert_eq!(
                    text(Locale::En, msg).contains(name),
                    text(Locale::ZhCn, msg).contains(name),
                    "{}",
                    msg.key()
                );
            }
        }
    }

    #[test]
    fn keys_are_unique_snake_case_and_round_trip() {
        for (i, &msg) in Msg::ALL.iter().enumerate() {
            assert_eq!(msg as usize, i);
            let key = msg.key();
            assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'), "{key}");
            assert_eq!(Msg::from_key(key), Some(msg));
        }
        assert_eq!(Msg::from_key("no_such_key"), None);
    }

    #[test]
    fn chinese_differs_from_english() {
        assert_ne!(text(Locale::ZhCn, Msg::PayButton), text(Locale::En, Msg::PayButton));
    }

    #[test]
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(fill("Minimum {amount}", &[("amount", "1.00 EUR")]), "Minimum 1.00 EUR");
        assert_eq!(fill("{count} methods, {count}!", &[("count", "3")]), "3 methods, 3!");
        assert_eq!(fill("a {unknown} b {", &[("amount", "x")]), "a {unknown} b {");
        assert_eq!(fill("{{amount}}", &[("amount", "x")]), "{x}");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn shop_catalogue_overrides_and_falls_back_to_english() {
        let json = r#"{"fr": {"pay_button": "Payer", "min": 1, "unheard_of": "x", "retry": ""},
                       "de": {"pay_button": "Bezahlen"}}"#;
        let fr = Catalog::from_json(json, "fr-CA").unwrap();
        assert_eq!(fr.text(Msg::PayButton), "Payer");
        assert_eq!(fr.text(Msg::ChooseMethod), text(Locale::En, Msg::ChooseMethod));
        assert_eq!(fr.text(Msg::Retry), "Try again", "empty texts fall back");
        assert_eq!(Catalog::from_json(json, "DE").unwrap().text(Msg::PayButton), "Bezahlen");
        // A language the shop does not provide: the built-ins.
        assert_eq!(Catalog::from_json(json, "it").unwrap().text(Msg::PayButton), "Pay");
    }

    #[test]
    fn shop_catalogue_layers_over_built_in_chinese() {
        let json = r#"{"zh-CN": {"pay_button": "立即付款"}}"#;
        let zh = Catalog::from_json(json, "zh-cn").unwrap();
        assert_eq!(zh.text(Msg::PayButton), "立即付款");
        assert_eq!(zh.text(Msg::Retry), "重试");
        assert_eq!(zh.locale(), Locale::ZhCn);
    }

    #[test]
    fn catalogue_fill_uses_the_translation() {
        let fr = Catalog::from_json(r#"{"fr": {"unavailable_minimum": "Au moins {amount}"}}"#, "fr").unwrap();
        assert_eq!(fr.fill(Msg::UnavailableMinimum, &[("amount", "5 EUR")]), "Au moins 5 EUR");
    }

    #[test]
    fn malformed_catalogues_are_errors_not_panics() {
        assert!(matches!(Catalog::from_json("{not json", "fr"), Err(CatalogError::Json(_))));
        assert!(matches!(Catalog::from_json("[]", "fr"), Err(CatalogError::Shape(_))));
        assert!(matches!(Catalog::from_json(r#"{"fr": "Payer"}"#, "fr"), Err(CatalogError::Shape(_))));
        assert!(matches!(Catalog::from_json(r#"{"fr": {"pay_button": 3}}"#, "fr"), Err(CatalogError::Shape(_))));
        assert_eq!(Catalog::from_json("{}", "fr").unwrap(), Catalog::for_tag("fr"));
    }

    #[test]
    fn default_catalogue_is_english() {
        assert_eq!(Catalog::default().text(Msg::OrderTotal), "Total");
        assert_eq!(Catalog::for_tag("zh-Hans").text(Msg::OrderTotal), "合计");
    }
}
