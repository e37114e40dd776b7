//! The payment method page: which methods can pay this order, in what order, in which menu.
//!
//! Three steps, each public for tests: [`assess`] marks what cannot pay the order (disabled,
//! outside the amount limits, wrong currency), [`sort_entries`] orders the methods, [`group`]
//! folds them into one menu level per `paymentMethodCategory`. [`prepare`] runs all three;
//! [`crate::ranking::prepare_list`] also shows the first few ranked methods above the menu.

use ams::{Amount, PaymentMethodCategory, PaymentOption, SupportBank};

use crate::messages::{Catalog, Msg};

/// The shop's and the user's say in what is shown first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodPrefs {
    /// Method types the shop wants on top, best first (e.g. `["GCASH", "ALIPAY_CN"]`).
    pub preferred: Vec<String>,
    /// The method this browser used last time.
    pub last_used: Option<String>,
    /// Hide methods that cannot pay this order instead of greying them out.
    pub hide_unavailable: bool,
    /// The user's region (ISO 3166 alpha-2): methods of that region (`paymentMethodRegion`)
    /// rank before the others.
    pub user_region: Option<String>,
    /// How many of the best-ranked methods are shown open above the folded categories
    /// ([`crate::ranking::prepare_list`]); 0 folds everything.
    pub visible: usize,
}

/// Why a method cannot pay this order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unavailable {
    /// `enabled: false`, with AMS's `disableReason` when it gave one.
    Disabled(Option<String>),
    /// The order is below the method's minimum for this currency.
    BelowMinimum(Amount),
    /// The order is above the method's maximum for this currency.
    AboveMaximum(Amount),
    /// The method's `supportedCurrencies` lacks this order's currency (kept here).
    CurrencyNotSupported(String),
}

impl Unavailable {
    /// The line shown under a greyed-out method, amounts written by `amount` (the widget's
    /// `Intl` formatting; `format::format_amount` on the host).
    pub fn describe(&self, catalog: &Catalog, amount: fn(&Amount) -> String) -> String {
        match self {
            Self::Disabled(Some(reason)) => format!("{} · {reason}", catalog.text(Msg::Unavailable)),
            Self::Disabled(None) => catalog.text(Msg::Unavailable).to_owned(),
            Self::BelowMinimum(min) => catalog.fill(Msg::UnavailableMinimum, &[("amount", &amount(min))]),
            Self::AboveMaximum(max) => catalog.fill(Msg::UnavailableMaximum, &[("amount", &amount(max))]),
            Self::CurrencyNotSupported(currency) => catalog.fill(Msg::UnavailableCurrency, &[("currency", currency)]),
        }
    }
}

/// One method as the page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodEntry {
    pub option: PaymentOption,
    /// `Some` when the method cannot pay this order: greyed out with the reason.
    pub unavailable: Option<Unavailable>,
    /// An Alipay+ method, which must carry the Alipay+ partner mark.
    pub alipay_plus: bool,
    /// The method has promotions (`promoNames`).
    pub promo: bool,
    /// The method this browser used last time.
    pub last_used: bool,
    /// The method is paid for in the user's region.
    pub in_region: bool,
}

impl MethodEntry {
    pub fn is_available(&self) -> bool {
        self.unavailable.is_none()
    }

    pub fn method_type(&self) -> &str {
        &self.option.payment_method_type
    }
}

/// The name people know a method by: its logo name from the backend, else its AMS type.
pub fn display_name(option: &PaymentOption) -> String {
    option
        .logo
        .as_ref()
        .map(|l| l.logo_name.trim())
        .filter(|n| !n.is_empty())
        .map_or_else(|| option.payment_method_type.clone(), str::to_owned)
}

/// [`display_name`] of `method_type` among the options, or the type itself when it is not there
/// (e.g. a payment resumed after the method left the list).
pub fn display_name_of(options: &[PaymentOption], method_type: &str) -> String {
    options.iter().find(|o| o.payment_method_type == method_type).map_or_else(|| method_type.to_owned(), display_name)
}

/// A menu level: the five categories of the integration guide, everything else under Other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupKey {
    AlipayPlus,
    Wallet,
    BankTransfer,
    OnlineBanking,
    MobileBankingApp,
    Other,
}

impl GroupKey {
    pub fn of(category: Option<&PaymentMethodCategory>) -> Self {
        match category {
            Some(PaymentMethodCategory::AlipayPlus) => Self::AlipayPlus,
            Some(PaymentMethodCategory::Wallet) => Self::Wallet,
            Some(PaymentMethodCategory::BankTransfer) => Self::BankTransfer,
            Some(PaymentMethodCategory::OnlineBanking) => Self::OnlineBanking,
            Some(PaymentMethodCategory::MobileBankingApp) => Self::MobileBankingApp,
            _ => Self::Other,
        }
    }

    /// The group's title.
    pub fn msg(self) -> Msg {
        match self {
            Self::AlipayPlus => Msg::GroupAlipayPlus,
            Self::Wallet => Msg::GroupWallet,
            Self::BankTransfer => Msg::GroupBankTransfer,
            Self::OnlineBanking => Msg::GroupOnlineBanking,
            Self::MobileBankingApp => Msg::GroupMobileBankingApp,
            Self::Other => Msg::GroupOther,
        }
    }

    /// A stable identifier for element ids and CSS classes.
    pub fn id(self) -> &'static str {
        match self {
            Self::AlipayPlus => "alipay-plus",
            Self::Wallet => "wallet",
            Self::BankTransfer => "bank-transfer",
            Self::OnlineBanking => "online-banking",
            Self::MobileBankingApp => "mobile-banking-app",
            Self::Other => "other",
        }
    }
}

/// The methods of one category, in display order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodGroup {
    pub category: GroupKey,
    pub entries: Vec<MethodEntry>,
}

impl MethodGroup {
    /// How many methods the group holds, greyed-out ones included.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn available_count(&self) -> usize {
        self.entries.iter().filter(|e| e.is_available()).count()
    }

    /// A one-method group is shown as that method, not as a menu to open.
    pub fn shows_method_directly(&self) -> bool {
        self.entries.len() == 1
    }

    /// "3 methods" under the group's title.
    pub fn count_text(&self, catalog: &Catalog) -> String {
        match self.len() {
            1 => catalog.text(Msg::MethodCountOne).to_owned(),
            n => catalog.fill(Msg::MethodCount, &[("count", &n.to_string())]),
        }
    }
}

/// Filter, sort and group `options` for an order of `amount`.
pub fn prepare(options: Vec<PaymentOption>, amount: &Amount, prefs: &MethodPrefs) -> Vec<MethodGroup> {
    group(ranked(options, amount, prefs))
}

/// Filter and sort `options` for an order of `amount`, best first.
pub fn ranked(options: Vec<PaymentOption>, amount: &Amount, prefs: &MethodPrefs) -> Vec<MethodEntry> {
    // A plain loop: in the widget's bundle an adapter chain is compiled for each element type.
    let mut entries = Vec::with_capacity(options.len());
    for option in options {
        let entry = entry(option, amount, prefs);
        if entry.is_available() || !prefs.hide_unavailable {
            entries.push(entry);
        }
    }
    sort_entries(&mut entries, prefs);
    entries
}

fn entry(option: PaymentOption, amount: &Amount, prefs: &MethodPrefs) -> MethodEntry {
    let unavailable = assess(&option, amount);
    let alipay_plus = option.payment_method_category == Some(PaymentMethodCategory::AlipayPlus);
    let promo = option.promo_names.iter().any(|p| !p.trim().is_empty());
    let last_used = prefs.last_used.as_deref().is_some_and(|t| same_type(t, &option.payment_method_type));
    let in_region = prefs
        .user_region
        .as_deref()
        .is_some_and(|region| option.payment_method_region.iter().any(|r| same_type(r, region)));
    MethodEntry { option, unavailable, alipay_plus, promo, last_used, in_region }
}

/// Why `option` cannot pay an order of `amount`, or `None` when it can. Limits that cannot be
/// read (malformed, other currency) are ignored: the backend still refuses what AMS refuses.
pub fn assess(option: &PaymentOption, amount: &Amount) -> Option<Unavailable> {
    if !option.enabled {
        let reason = option.disable_reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
        return Some(Unavailable::Disabled(reason.map(str::to_owned)));
    }
    let currency = &amount.currency;
    let supported = &option.supported_currencies;
    if !supported.is_empty() && !supported.iter().any(|c| c.eq_ignore_ascii_case(currency)) {
        return Some(Unavailable::CurrencyNotSupported(currency.clone()));
    }
    let order = amount.minor_units().ok()?;
    let limit = option.amount_limit_info_map.iter().find(|(c, _)| c.eq_ignore_ascii_case(currency)).map(|(_, l)| l)?;
    if let Some(min) = limit.min_amount.as_ref().filter(|min| minor_in(min, currency).is_some_and(|m| order < m)) {
        return Some(Unavailable::BelowMinimum(min.clone()));
    }
    if let Some(max) = limit.max_amount.as_ref().filter(|max| minor_in(max, currency).is_some_and(|m| order > m)) {
        return Some(Unavailable::AboveMaximum(max.clone()));
    }
    None
}

/// A limit's minor units, when it is readable and in the order's currency.
fn minor_in(limit: &Amount, currency: &str) -> Option<u64> {
    limit.currency.eq_ignore_ascii_case(currency).then(|| limit.minor_units().ok()).flatten()
}

/// Orders methods: available before unavailable (a method nobody can pick never outranks one
/// that works), then the shop's preferred list in its order, then the last-used method, then
/// methods with promotions, then methods of the user's region, then the backend's order (the
/// sort is stable).
pub fn sort_entries(entries: &mut [MethodEntry], prefs: &MethodPrefs) {
    entries.sort_by_key(|e| {
        let preferred_rank = prefs.preferred.iter().position(|p| same_type(p, e.method_type())).unwrap_or(usize::MAX);
        (!e.is_available(), preferred_rank, !e.last_used, !e.promo, !e.in_region)
    });
}

/// Folds sorted entries into category groups. A group sits where its best entry sits, and
/// keeps its entries in the given order.
pub fn group(entries: Vec<MethodEntry>) -> Vec<MethodGroup> {
    let mut groups: Vec<MethodGroup> = Vec::new();
    for entry in entries {
        let key = GroupKey::of(entry.option.payment_method_category.as_ref());
        match groups.iter_mut().find(|g| g.category == key) {
            Some(group) => group.entries.push(entry),
            None => groups.push(MethodGroup { category: key, entries: vec![entry] }),
        }
    }
    groups
}

/// Shop configuration and stored preferences may differ in case from AMS's upper-case types.
fn same_type(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

/// The iDEAL banks most Dutch users have, by BIC, in the order they are offered one tap away.
const COMMON_BANK_BICS: &[&str] = &["ABNANL2A", "INGBNL2A", "RABONL2U"];

/// The common banks present in `banks`, in [`COMMON_BANK_BICS`] order.
pub fn common_banks(banks: &[SupportBank]) -> Vec<&SupportBank> {
    let mut common = Vec::new();
    for bic in COMMON_BANK_BICS {
        common.extend(banks.iter().find(|b| bic_matches(&b.bank_identifier_code, bic)));
    }
    common
}

/// An 11-character BIC with the "XXX" head-office branch is the same bank as its 8-character form.
fn bic_matches(code: &str, bic8: &str) -> bool {
    let code = code.trim();
    code.get(..8).is_some_and(|head| head.eq_ignore_ascii_case(bic8))
        && (code.len() == 8 || code[8..].eq_ignore_ascii_case("XXX"))
}

/// The banks whose short name or BIC contains `query`, ignoring case, accents, spaces and
/// punctuation ("abn amro", "ABNAMRO" and "abna" all find ABN AMRO). An empty query finds all.
pub fn search_banks<'a>(banks: &'a [SupportBank], query: &str) -> Vec<&'a SupportBank> {
    let needle = search_form(query);
    let mut found = Vec::new();
    for bank in banks {
        if needle.is_empty()
            || crate::text::contains(&search_form(&bank.bank_short_name), &needle)
            || crate::text::contains(&search_form(&bank.bank_identifier_code), &needle)
        {
            found.push(bank);
        }
    }
    found
}

/// Lower-case letters and digits without accents, everything else dropped. Case and letters
/// are decided for Latin-1 and Latin Extended-A (the bank names these methods serve) by hand:
/// the full Unicode case and alphabet tables would weigh 20 KB in the widget.
fn search_form(text: &str) -> String {
    let mut form = String::with_capacity(text.len());
    for c in text.chars() {
        let c = strip_accent(latin_lower(c));
        if is_letter_or_digit(c) {
            form.push(c);
        }
    }
    form
}

fn latin_lower(c: char) -> char {
    let u = c as u32;
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => u + 0x20,
        0x100..=0x137 | 0x14A..=0x177 if u.is_multiple_of(2) => u + 1,
        0x139..=0x148 | 0x179..=0x17E if !u.is_multiple_of(2) => u + 1,
        0x178 => 0xFF,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

/// ASCII letters and digits, and any letter past Latin-1's symbols, except the general
/// punctuation, symbol and CJK punctuation blocks.
fn is_letter_or_digit(c: char) -> bool {
    let u = c as u32;
    c.is_ascii_alphanumeric()
        || (u >= 0xC0 && c != '×' && c != '÷' && !(0x2000..=0x2BFF).contains(&u) && !(0x3000..=0x303F).contains(&u))
}

/// The base letter of an accented lower-case Latin letter (Latin-1 and Latin Extended-A cover
/// the bank names of the markets these methods serve); other characters are unchanged.
fn strip_accent(c: char) -> char {
    match c {
        'à'..='å' | 'ā' | 'ă' | 'ą' => 'a',
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => 'c',
        'ď' | 'đ' => 'd',
        'è'..='ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => 'e',
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => 'g',
        'ĥ' | 'ħ' => 'h',
        'ì'..='ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => 'i',
        'ĵ' => 'j',
        'ķ' => 'k',
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => 'l',
        'ñ' | 'ń' | 'ņ' | 'ň' => 'n',
        'ò'..='ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => 'o',
        'ŕ' | 'ŗ' | 'ř' => 'r',
        'ś' | 'ŝ' | 'ş' | 'š' | 'ß' => 's',
        'ţ' | 'ť' | 'ŧ' => 't',
        'ù'..='ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        'ź' | 'ż' | 'ž' => 'z',
        other => other,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn chinese() -> Catalog {
        crate::messages::tests::from_file(include_str!("../../../www/i18n/zh-CN.json"), "zh-CN")
    }
    use ams::{AmountLimit, PaymentOptionDetail};

    /// A test option of `method` in `category` (shared with the ranking tests).
    pub(crate) fn option(method: &str, category: &str) -> PaymentOption {
        PaymentOption {
            payment_method_type: method.into(),
            payment_method_category: Some(PaymentMethodCategory::parse(category)),
            enabled: true,
            disable_reason: None,
            logo: None,
            promo_names: vec![],
            payment_method_region: vec![],
            supported_currencies: vec![],
            payment_option_detail: None::<PaymentOptionDetail>,
            amount_limit_info_map: Default::default(),
            interaction_type: None,
        }
    }

    pub(crate) fn in_region(o: PaymentOption, region: &str) -> PaymentOption {
        PaymentOption { payment_method_region: vec![region.into()], ..o }
    }

    #[test]
    fn display_names_come_from_the_logo_else_the_type() {
        let mut paynow: PaymentOption = serde_json::from_str(
            r#"{"paymentMethodType":"PAYNOW","logo":{"logoName":" PayNow ","logoUrl":"https://x/p.svg"}}"#,
        )
        .unwrap();
        assert_eq!(display_name(&paynow), "PayNow");
        let options = vec![paynow.clone()];
        assert_eq!(display_name_of(&options, "PAYNOW"), "PayNow");
        assert_eq!(display_name_of(&options, "GCASH"), "GCASH", "not in the list: its type");
        paynow.logo.as_mut().unwrap().logo_name = "  ".into();
        assert_eq!(display_name(&paynow), "PAYNOW", "a blank logo name is no name");
    }

    fn disabled(method: &str, category: &str) -> PaymentOption {
        PaymentOption { enabled: false, ..option(method, category) }
    }

    fn with_promo(method: &str, category: &str) -> PaymentOption {
        PaymentOption { promo_names: vec!["10% off".into()], ..option(method, category) }
    }

    fn with_limits(mut o: PaymentOption, currency: &str, min: Option<u64>, max: Option<u64>) -> PaymentOption {
        let limit = AmountLimit {
            min_amount: min.map(|v| Amount::from_minor(currency, v)),
            max_amount: max.map(|v| Amount::from_minor(currency, v)),
        };
        o.amount_limit_info_map.insert(currency.into(), limit);
        o
    }

    fn usd(minor: u64) -> Amount {
        Amount::from_minor("USD", minor)
    }

    fn order_of(entries: &[MethodEntry]) -> Vec<&str> {
        entries.iter().map(MethodEntry::method_type).collect()
    }

    fn sorted(options: Vec<PaymentOption>, prefs: &MethodPrefs) -> Vec<String> {
        let mut entries: Vec<MethodEntry> = options.into_iter().map(|o| entry(o, &usd(1000), prefs)).collect();
        sort_entries(&mut entries, prefs);
        order_of(&entries).into_iter().map(str::to_owned).collect()
    }

    #[test]
    fn disabled_methods_keep_their_reason() {
        let mut o = disabled("BOOST", "WALLET");
        assert_eq!(assess(&o, &usd(1000)), Some(Unavailable::Disabled(None)));
        o.disable_reason = Some("CHANNEL_NOT_IN_SERVICE_TIME".into());
        assert_eq!(assess(&o, &usd(1000)), Some(Unavailable::Disabled(Some("CHANNEL_NOT_IN_SERVICE_TIME".into()))));
        o.disable_reason = Some("  ".into());
        assert_eq!(assess(&o, &usd(1000)), Some(Unavailable::Disabled(None)));
    }

    #[test]
    fn amount_limits_for_the_order_currency() {
        let o = with_limits(option("GCASH", "WALLET"), "USD", Some(100), Some(5000));
        assert_eq!(assess(&o, &usd(99)), Some(Unavailable::BelowMinimum(usd(100))));
        assert_eq!(assess(&o, &usd(100)), None, "the minimum itself is allowed");
        assert_eq!(assess(&o, &usd(5000)), None, "the maximum itself is allowed");
        assert_eq!(assess(&o, &usd(5001)), Some(Unavailable::AboveMaximum(usd(5000))));
        // Limits of another currency do not apply.
        assert_eq!(assess(&o, &Amount::from_minor("EUR", 1)), None);
        // Only one side given.
        let max_only = with_limits(option("KONBINI", "OTC"), "JPY", None, Some(300_000));
        assert_eq!(assess(&max_only, &Amount::from_minor("JPY", 1)), None);
        assert!(matches!(assess(&max_only, &Amount::from_minor("JPY", 300_001)), Some(Unavailable::AboveMaximum(_))));
    }

    #[test]
    fn unreadable_limits_are_ignored() {
        let mut o = option("GCASH", "WALLET");
        let bad = Amount { currency: "USD".into(), value: "ten".into() };
        o.amount_limit_info_map.insert("USD".into(), AmountLimit { min_amount: Some(bad), max_amount: None });
        assert_eq!(assess(&o, &usd(1)), None);
    }

    #[test]
    fn unsupported_currency() {
        let mut o = option("IDEAL", "ONLINE_BANKING");
        o.supported_currencies = vec!["EUR".into()];
        assert_eq!(assess(&o, &usd(1000)), Some(Unavailable::CurrencyNotSupported("USD".into())));
        assert_eq!(assess(&o, &Amount::from_minor("EUR", 1000)), None);
        o.supported_currencies.clear();
        assert_eq!(assess(&o, &usd(1000)), None, "an empty list means no restriction");
    }

    #[test]
    fn disabled_wins_over_other_reasons() {
        let mut o = with_limits(disabled("X", "WALLET"), "USD", Some(10_000), None);
        o.supported_currencies = vec!["EUR".into()];
        assert!(matches!(assess(&o, &usd(1)), Some(Unavailable::Disabled(_))));
    }

    #[test]
    fn reasons_are_described_for_people() {
        let en = Catalog::default();
        let describe = |why: Unavailable, c: &Catalog| why.describe(c, crate::format::format_amount);
        assert_eq!(describe(Unavailable::BelowMinimum(usd(100)), &en), "Minimum 1.00 USD");
        assert_eq!(describe(Unavailable::AboveMaximum(usd(500000)), &en), "Maximum 5,000.00 USD");
        assert_eq!(describe(Unavailable::CurrencyNotSupported("USD".into()), &en), "Not available for payments in USD");
        assert_eq!(describe(Unavailable::Disabled(None), &en), "Unavailable");
        assert_eq!(describe(Unavailable::Disabled(Some("BUSY".into())), &en), "Unavailable · BUSY");
        assert_eq!(describe(Unavailable::BelowMinimum(usd(100)), &chinese()), "最低 1.00 USD");
        let shown = Unavailable::BelowMinimum(usd(100)).describe(&en, |a| format!("<{}>", a.value));
        assert_eq!(shown, "Minimum <100>", "amounts are written by the formatter given");
    }

    #[test]
    fn backend_order_is_kept_without_preferences() {
        let options = vec![option("A", "WALLET"), option("B", "WALLET"), option("C", "WALLET")];
        assert_eq!(sorted(options, &MethodPrefs::default()), ["A", "B", "C"]);
    }

    #[test]
    fn each_sort_rule_alone() {
        let base = || vec![option("A", "WALLET"), option("B", "WALLET"), option("C", "WALLET")];
        let preferred = MethodPrefs { preferred: vec!["c".into(), "B".into()], ..Default::default() };
        assert_eq!(sorted(base(), &preferred), ["C", "B", "A"]);
        let promo = vec![option("A", "WALLET"), option("B", "WALLET"), with_promo("C", "WALLET")];
        assert_eq!(sorted(promo, &MethodPrefs::default()), ["C", "A", "B"]);
        let last = MethodPrefs { last_used: Some("B".into()), ..Default::default() };
        assert_eq!(sorted(base(), &last), ["B", "A", "C"]);
        let regional = vec![option("A", "WALLET"), in_region(option("B", "WALLET"), "PL"), option("C", "WALLET")];
        let pl = MethodPrefs { user_region: Some("PL".into()), ..Default::default() };
        assert_eq!(sorted(regional.clone(), &pl), ["B", "A", "C"]);
        let nl = MethodPrefs { user_region: Some("NL".into()), ..Default::default() };
        assert_eq!(sorted(regional, &nl), ["A", "B", "C"], "another region changes nothing");
    }

    #[test]
    fn sort_rules_take_precedence_in_order() {
        // E: preferred; B: last used; C: promo; D: the user's region; A: nothing.
        let options = vec![
            option("A", "WALLET"),
            in_region(option("D", "WALLET"), "PH"),
            with_promo("C", "WALLET"),
            option("B", "WALLET"),
            option("E", "WALLET"),
        ];
        let prefs = MethodPrefs {
            preferred: vec!["E".into()],
            last_used: Some("B".into()),
            user_region: Some("ph".into()),
            ..Default::default()
        };
        assert_eq!(sorted(options, &prefs), ["E", "B", "C", "D", "A"]);
        // A promo method that is also last used beats a promo method alone.
        let options = vec![with_promo("A", "WALLET"), with_promo("B", "WALLET")];
        let prefs = MethodPrefs { last_used: Some("B".into()), ..Default::default() };
        assert_eq!(sorted(options, &prefs), ["B", "A"]);
    }

    #[test]
    fn unavailable_methods_go_after_available_ones() {
        let options =
            vec![disabled("A", "WALLET"), option("B", "WALLET"), with_promo("C", "WALLET"), disabled("D", "WALLET")];
        let prefs = MethodPrefs { preferred: vec!["A".into()], ..Default::default() };
        // A is preferred but cannot pay: it leads the unavailable ones, not the list.
        assert_eq!(sorted(options, &prefs), ["C", "B", "A", "D"]);
    }

    #[test]
    fn groups_follow_their_best_entry_and_count_methods() {
        let options = vec![
            option("GCASH", "WALLET"),
            option("KBANK", "ONLINE_BANKING"),
            option("DANA", "WALLET"),
            disabled("BOOST", "WALLET"),
            with_promo("ALIPAY_HK", "ALIPAY_PLUS"),
        ];
        let groups = prepare(options, &usd(1000), &MethodPrefs::default());
        let keys: Vec<GroupKey> = groups.iter().map(|g| g.category).collect();
        assert_eq!(keys, [GroupKey::AlipayPlus, GroupKey::Wallet, GroupKey::OnlineBanking]);
        let wallet = &groups[1];
        assert_eq!(order_of(&wallet.entries), ["GCASH", "DANA", "BOOST"]);
        assert_eq!((wallet.len(), wallet.available_count()), (3, 2));
        assert!(!wallet.shows_method_directly());
        assert!(groups[2].shows_method_directly());
        assert!(groups[0].entries[0].alipay_plus && groups[0].entries[0].promo);
        assert!(!wallet.entries[0].alipay_plus);
        assert_eq!(wallet.count_text(&Catalog::default()), "3 methods");
        assert_eq!(groups[2].count_text(&Catalog::default()), "1 method");
        assert_eq!(wallet.count_text(&chinese()), "3 种支付方式");
    }

    #[test]
    fn unknown_and_unlisted_categories_go_to_other() {
        let mut no_category = option("MYSTERY", "WALLET");
        no_category.payment_method_category = None;
        let options = vec![option("CRYPTO_PAY", "CRYPTO"), option("KONBINI", "OTC"), no_category];
        let groups = prepare(options, &usd(1000), &MethodPrefs::default());
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].category, GroupKey::Other);
        assert_eq!(groups[0].len(), 3);
        assert_eq!(GroupKey::Other.msg(), Msg::GroupOther);
        assert_eq!(GroupKey::of(Some(&PaymentMethodCategory::MobileBankingApp)).msg(), Msg::GroupMobileBankingApp);
    }

    #[test]
    fn hiding_unavailable_methods_drops_empty_groups() {
        let options = vec![
            option("GCASH", "WALLET"),
            disabled("KBANK", "ONLINE_BANKING"),
            with_limits(option("BCA", "BANK_TRANSFER"), "USD", Some(5000), None),
        ];
        let shown = prepare(options.clone(), &usd(1000), &MethodPrefs::default());
        assert_eq!(shown.len(), 3);
        assert_eq!(shown[1].available_count(), 0);
        let hidden = prepare(options, &usd(1000), &MethodPrefs { hide_unavailable: true, ..Default::default() });
        assert_eq!(hidden.len(), 1);
        assert_eq!(order_of(&hidden[0].entries), ["GCASH"]);
    }

    #[test]
    fn last_used_is_marked() {
        let prefs = MethodPrefs { last_used: Some("dana".into()), ..Default::default() };
        let groups = prepare(vec![option("GCASH", "WALLET"), option("DANA", "WALLET")], &usd(1000), &prefs);
        assert_eq!(order_of(&groups[0].entries), ["DANA", "GCASH"]);
        assert!(groups[0].entries[0].last_used && !groups[0].entries[1].last_used);
    }

    #[test]
    fn no_options_no_groups() {
        assert!(prepare(vec![], &usd(1000), &MethodPrefs::default()).is_empty());
    }

    fn bank(bic: &str, name: &str) -> SupportBank {
        SupportBank { bank_identifier_code: bic.into(), bank_short_name: name.into(), bank_logo: None }
    }

    fn ideal_banks() -> Vec<SupportBank> {
        vec![
            bank("ASNBNL21", "ASN Bank"),
            bank("RABONL2U", "Rabobank"),
            bank("BUNQNL2A", "bunq"),
            bank("INGBNL2AXXX", "ING"),
            bank("ABNANL2A", "ABN AMRO"),
            bank("FRBKNL2L", "Friesland Bank"),
            bank("SNSBNL2A", "SNS Bänk"),
        ]
    }

    fn names<'a>(banks: &[&'a SupportBank]) -> Vec<&'a str> {
        banks.iter().map(|b| b.bank_short_name.as_str()).collect()
    }

    #[test]
    fn common_banks_come_in_a_fixed_order_when_present() {
        let banks = ideal_banks();
        assert_eq!(names(&common_banks(&banks)), ["ABN AMRO", "ING", "Rabobank"]);
        let few = vec![bank("RABONL2U", "Rabobank"), bank("ASNBNL21", "ASN Bank")];
        assert_eq!(names(&common_banks(&few)), ["Rabobank"]);
        assert!(common_banks(&[]).is_empty());
        // A branch BIC is not the bank's head office.
        assert!(common_banks(&[bank("ABNANL2A123", "ABN AMRO branch")]).is_empty());
    }

    #[test]
    fn bank_search_ignores_case_accents_and_spacing() {
        let banks = ideal_banks();
        assert_eq!(names(&search_banks(&banks, "abn amro")), ["ABN AMRO"]);
        assert_eq!(names(&search_banks(&banks, "ABNAMRO")), ["ABN AMRO"]);
        assert_eq!(names(&search_banks(&banks, "ingb")), ["ING"], "by BIC");
        assert_eq!(names(&search_banks(&banks, "bank")), ["ASN Bank", "Rabobank", "Friesland Bank", "SNS Bänk"]);
        assert_eq!(names(&search_banks(&banks, "BÂNK")).len(), 4);
        assert_eq!(names(&search_banks(&banks, "sns bank")), ["SNS Bänk"]);
        assert_eq!(search_banks(&banks, "").len(), banks.len());
        assert_eq!(search_banks(&banks, "  ").len(), banks.len());
        assert!(search_banks(&banks, "revolut").is_empty());
    }

    #[test]
    fn accents_of_polish_and_other_bank_names_fold() {
        assert_eq!(search_form("Łódź Spółdzielczy"), "lodzspoldzielczy");
        assert_eq!(search_form("ŁÓDŹ ŻÓŁW İSTANBUL ŸVES"), "lodzzolwistanbulyves", "upper case of Latin Extended-A");
        assert_eq!(search_form("Bank № 1 — “Ősz” €"), "bank1osz", "punctuation and symbols dropped");
        assert_eq!(search_form("Crédit Agricole"), "creditagricole");
    }
}
