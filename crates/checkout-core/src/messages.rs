//! Every user-facing text of the widget, by key.
//!
//! Only English is built in ([`english`]), the fallback for every text. Every other language is
//! data: a catalogue file `www/i18n/<tag>.json` (`{ "pay_button": "Zapłać", ... }`) that the
//! loader downloads for the shopper's language, and a shop's own wording
//! (`{ "fr": { "pay_button": "Payer" } }`). The loader puts the shop's texts over the file
//! (`www/checkout.js`, `catalogueFor`); [`Catalog::layer`] puts the result over English. Adding
//! a language therefore needs no code change, only the keys listed by [`Msg::ALL`] and
//! [`Msg::key`].
//!
//! Texts that carry a value use `{name}` placeholders, filled by [`fill`].

use std::fmt;

use crate::locale::FALLBACK;

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

/// The built-in (English) text of `msg`.
pub fn english(msg: Msg) -> &'static str {
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

/// Why a layer of texts was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogError {
    /// Not `{ "<key>": "<text>", ... }`.
    Shape(String),
}

impl fmt::Display for CatalogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Shape(e) => write!(f, "the message catalogue has the wrong shape: {e}"),
        }
    }
}

impl std::error::Error for CatalogError {}

/// One catalogue's texts by key; `None` where a value is not a string.
pub type Texts = [(String, Option<String>)];

/// The texts in one language: the shop's own over a catalogue file over the built-in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The language of the texts (for `lang`, the text direction and number formats).
    tag: Box<str>,
    /// Indexed by `Msg as usize`; `None` where no layer gave a text, so English shows.
    custom: Vec<Option<Box<str>>>,
}

impl Catalog {
    /// The built-in English texts only.
    pub fn english() -> Self {
        Self { tag: FALLBACK.into(), custom: Vec::new() }
    }

    /// The language the texts are in: "en" unless a layer said otherwise.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Puts `texts`, written in `tag`, over the current texts (a catalogue file): this is now a
    /// `tag` catalogue. Unknown keys are ignored, empty texts leave what is under them; a known
    /// key whose value is not a string refuses the whole layer and leaves the catalogue as it was.
    pub fn layer(&mut self, tag: &str, texts: &Texts) -> Result<(), CatalogError> {
        let mut custom = self.custom.clone();
        custom.resize(Msg::ALL.len(), None);
        for (key, value) in texts {
            let Some(msg) = Msg::from_key(key) else { continue };
            // Plain quotes, not `{key:?}`: the release wasm is built with `-Zfmt-debug=none`.
            let text =
                value.as_deref().ok_or_else(|| CatalogError::Shape(format!("text \"{key}\" is not a string")))?;
            // An empty text would leave a blank button or label: fall back instead.
            if !text.trim().is_empty() {
                custom[msg as usize] = Some(text.into());
            }
        }
        self.custom = custom;
        self.tag = normalise(tag).into();
        Ok(())
    }

    pub fn text(&self, msg: Msg) -> &str {
        match self.custom.get(msg as usize) {
            Some(Some(custom)) => custom,
            _ => english(msg),
        }
    }

    /// `text(msg)` with its placeholders filled.
    pub fn fill(&self, msg: Msg, values: &[(&str, &str)]) -> String {
        fill(self.text(msg), values)
    }
}

impl Default for Catalog {
    fn default() -> Self {
        Self::english()
    }
}

/// A tag as written in `lang` and handed to `Intl`: trimmed, `_` read as `-`.
fn normalise(tag: &str) -> String {
    tag.trim().replace('_', "-")
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// English with the catalogue file `json` (`{ "<key>": "<text>" }`, in `tag`) over it, as
    /// the widget builds it from the loader's texts (shared with the method tests).
    pub(crate) fn from_file(json: &str, tag: &str) -> Catalog {
        let texts: BTreeMap<String, String> = serde_json::from_str(json).expect("an object of texts");
        let texts: Vec<_> = texts.into_iter().map(|(k, v)| (k, Some(v))).collect();
        let mut catalog = Catalog::english();
        catalog.layer(tag, &texts).expect("a file of texts layers");
        catalog
    }

    fn texts(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.map(str::to_owned))).collect()
    }

    #[test]
    fn built_in_english_is_complete() {
        for &msg in Msg::ALL {
            assert!(!english(msg).trim().is_empty(), "English text missing for {}", msg.key());
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
    fn fill_replaces_known_placeholders_only() {
        assert_eq!(fill("Minimum {amount}", &[("amount", "1.00 EUR")]), "Minimum 1.00 EUR");
        assert_eq!(fill("{count} methods, {count}!", &[("count", "3")]), "3 methods, 3!");
        assert_eq!(fill("a {unknown} b {", &[("amount", "x")]), "a {unknown} b {");
        assert_eq!(fill("{{amount}}", &[("amount", "x")]), "{x}");
        assert_eq!(fill("", &[]), "");
    }

    #[test]
    fn a_layer_overrides_known_keys_and_falls_back_to_english() {
        let mut fr = Catalog::english();
        fr.layer("fr", &texts(&[("pay_button", Some("Payer")), ("unheard_of", Some("x")), ("retry", Some(" "))]))
            .unwrap();
        assert_eq!(fr.text(Msg::PayButton), "Payer");
        assert_eq!(fr.text(Msg::ChooseMethod), english(Msg::ChooseMethod), "a missing key is English");
        assert_eq!(fr.text(Msg::Retry), "Try again", "empty texts fall back");
        assert_eq!(fr.tag(), "fr");
    }

    #[test]
    fn a_second_layer_goes_over_the_first_over_english() {
        let mut pl = from_file(include_str!("../../../www/i18n/pl.json"), "pl");
        let file_retry = pl.text(Msg::Retry).to_owned();
        assert_ne!(file_retry, english(Msg::Retry));
        pl.layer("pl", &texts(&[("pay_button", Some("Płacę")), ("retry", Some(""))])).unwrap();
        assert_eq!(pl.text(Msg::PayButton), "Płacę", "the second layer wins");
        assert_eq!(pl.text(Msg::Retry), file_retry, "an empty text leaves the first layer's");
        let partial = from_file(r#"{"retry": "Ponów"}"#, "pl");
        assert_eq!(partial.text(Msg::PayButton), "Pay", "a key no layer has is English");
    }

    #[test]
    fn a_text_that_is_not_a_string_refuses_the_whole_layer() {
        let mut c = from_file(include_str!("../../../www/i18n/pl.json"), "pl");
        let before = c.clone();
        let bad = texts(&[("retry", Some("x")), ("pay_button", None)]);
        let err = c.layer("de", &bad).unwrap_err();
        assert_eq!(err, CatalogError::Shape("text \"pay_button\" is not a string".into()));
        assert_eq!(c, before, "neither the texts nor the tag changed");
        // An unknown key's value is not looked at.
        c.layer("pl", &texts(&[("unheard_of", None)])).unwrap();
        assert_eq!(c, before);
    }

    #[test]
    fn catalogue_fill_uses_the_translation() {
        let fr = from_file(r#"{"unavailable_minimum": "Au moins {amount}"}"#, "fr");
        assert_eq!(fr.fill(Msg::UnavailableMinimum, &[("amount", "5 EUR")]), "Au moins 5 EUR");
    }

    #[test]
    fn the_tag_is_trimmed_with_underscores_read_as_hyphens() {
        let mut c = Catalog::english();
        c.layer(" pt_BR ", &[]).unwrap();
        assert_eq!(c.tag(), "pt-BR");
    }

    #[test]
    fn default_catalogue_is_english() {
        assert_eq!(Catalog::default().text(Msg::OrderTotal), "Total");
        assert_eq!(Catalog::default().tag(), "en");
    }
}
