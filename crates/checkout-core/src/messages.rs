//! Every user-facing text of the widget, by key, in each supported language.

/// Supported languages; anything else falls back to English.
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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    LoadingMethods,
    ChooseMethod,
    Unavailable,
    PayButton,
    Paying,
    Redirecting,
    Retry,
    ErrorNetwork,
    ErrorTimeout,
    ErrorServer,
    ErrorBadResponse,
    ErrorOrderNotFound,
    ErrorAlreadyPaid,
    ErrorExpired,
    ErrorRefused,
    ErrorUnsafeUrl,
    ErrorNoMethods,
    ErrorConfig,
    StatusSuccess,
    StatusFail,
    StatusCancelled,
    StatusProcessing,
    StatusPending,
    StatusUnknown,
    CheckingStatus,
    OrderTotal,
}

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
    }
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
    fn chinese_differs_from_english() {
        assert_ne!(text(Locale::ZhCn, Msg::PayButton), text(Locale::En, Msg::PayButton));
    }
}
