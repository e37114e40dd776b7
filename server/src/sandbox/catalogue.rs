//! The sandbox's payment methods, kept as data in `catalogue.json` so the list can grow
//! without code changes, plus the generated SVG logo badges served at `/sandbox/logos/`.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use ams::{
    Amount, AmountLimit, Logo, PaymentMethodCategory, PaymentOption, PaymentOptionDetail, SupportBank, TerminalType,
};
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MethodSpec {
    #[serde(rename = "type")]
    pub method_type: String,
    /// Display name, also the logo's `logoName`.
    pub name: String,
    pub category: String,
    pub regions: Vec<String>,
    pub currencies: Vec<String>,
    /// WEB, WAP, APP.
    pub terminals: Vec<String>,
    /// A short label for the logo badge (default: the name, cut to 7 characters).
    #[serde(default)]
    pub short: Option<String>,
    /// Badge colours.
    pub color: String,
    #[serde(default)]
    pub text_color: Option<String>,
    #[serde(default)]
    pub promo_names: Vec<String>,
    #[serde(default = "yes")]
    pub enabled: bool,
    #[serde(default)]
    pub disable_reason: Option<String>,
    /// Minimum and maximum in minor units, by currency.
    #[serde(default)]
    pub limits: BTreeMap<String, Limit>,
    /// Default time from pay until the payment closes.
    #[serde(default = "default_expiry")]
    pub expiry_minutes: u32,
    /// Extra `paymentMethodMetaData` fields the method needs, with their rule.
    #[serde(default)]
    pub required_meta_data: BTreeMap<String, String>,
    /// Longest custom `paymentExpiryTime` accepted, in minutes (10 for most methods).
    #[serde(default = "default_max_custom_expiry")]
    pub max_custom_expiry_minutes: u32,
    /// How the user continues: REDIRECT (a web page), APP (an app via scheme/app link on
    /// mobile, the page on the web) or CODE (a QR code or a reference code to show).
    #[serde(default = "default_interaction")]
    pub interaction: String,
    /// The app's URL scheme, for APP methods.
    #[serde(default)]
    pub scheme: Option<String>,
    /// The Android package name, for APP methods.
    #[serde(default)]
    pub app_identifier: Option<String>,
    /// For CODE methods: QRCODE (a QR to scan) or TEXT (a reference code to type).
    #[serde(default = "default_code_kind")]
    pub code_kind: String,
    /// After the user pays, the payment is PENDING until the provider confirms (e.g. Sofort).
    #[serde(default)]
    pub pending_first: bool,
    /// Banks to choose from, shown in `paymentOptionDetail.supportBanks`.
    #[serde(default)]
    pub support_banks: Vec<Bank>,
    /// `env.clientIp` must be the user's public address (loopback is let through: sandbox).
    #[serde(default)]
    pub needs_public_ip: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    pub bic: String,
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Limit {
    #[serde(default)]
    pub min: Option<String>,
    #[serde(default)]
    pub max: Option<String>,
}

fn yes() -> bool {
    true
}
fn default_expiry() -> u32 {
    14
}
fn default_max_custom_expiry() -> u32 {
    10
}
fn default_interaction() -> String {
    "REDIRECT".to_owned()
}
fn default_code_kind() -> String {
    "QRCODE".to_owned()
}

static CATALOGUE: LazyLock<Vec<MethodSpec>> =
    LazyLock::new(|| serde_json::from_str(include_str!("catalogue.json")).expect("sandbox/catalogue.json is valid"));

pub fn all() -> &'static [MethodSpec] {
    &CATALOGUE
}

pub fn find(method_type: &str) -> Option<&'static MethodSpec> {
    CATALOGUE.iter().find(|m| m.method_type == method_type)
}

/// A bank of some method's `supportBanks`, by BIC.
pub fn find_bank(bic: &str) -> Option<&'static Bank> {
    CATALOGUE.iter().flat_map(|m| m.support_banks.iter()).find(|b| b.bic == bic)
}

/// A badge for a bank of a method's bank list.
pub fn bank_logo_svg(bank: &Bank) -> String {
    badge(&bank.name, "#F0F2F5", "#1D2330")
}

/// A simple SVG badge, sized for a list icon: a short label on a colour.
fn badge(label: &str, bg: &str, fg: &str) -> String {
    let label: String = label.chars().take(8).collect();
    let font = match label.chars().count() {
        0..=3 => 20,
        4..=5 => 15,
        6 => 13,
        _ => 11,
    };
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="64" height="40" viewBox="0 0 64 40" role="img" aria-label="{aria}"><rect width="64" height="40" rx="8" fill="{bg}"/><text x="32" y="{y}" font-family="Helvetica, Arial, sans-serif" font-size="{font}" font-weight="bold" fill="{fg}" text-anchor="middle">{text}</text></svg>"##,
        aria = html_escape::encode_double_quoted_attribute(&label),
        bg = colour(bg),
        fg = colour(fg),
        y = 20 + font * 7 / 20,
        text = html_escape::encode_text(&label),
    )
}

impl MethodSpec {
    pub fn supports_terminal(&self, t: &TerminalType) -> bool {
        if matches!(t, TerminalType::Web) && self.category == "MOBILE_BANKING_APP" {
            return false;
        }
        self.terminals.iter().any(|x| x == t.as_str())
    }

    pub fn supports_currency(&self, currency: &str) -> bool {
        self.currencies.iter().any(|c| c == currency)
    }

    /// Whether `amount` is outside this method's limits for its currency.
    pub fn exceeds_limits(&self, amount: &Amount) -> bool {
        let Ok(v) = amount.minor_units() else { return true };
        let Some(limit) = self.limits.get(&amount.currency) else { return false };
        let parse = |s: &Option<String>| s.as_deref().and_then(|s| s.parse::<u64>().ok());
        parse(&limit.min).is_some_and(|min| v < min) || parse(&limit.max).is_some_and(|max| v > max)
    }

    pub fn logo_url(&self, public_url: &str) -> String {
        format!("{public_url}/sandbox/logos/{}.svg", self.method_type)
    }

    /// The consult answer's entry for this method.
    pub fn option(&self, public_url: &str, amount: &Amount) -> PaymentOption {
        let over_limit = self.exceeds_limits(amount);
        let (enabled, disable_reason) = if !self.enabled {
            (false, self.disable_reason.clone().or_else(|| Some("CHANNEL_DISABLED".to_owned())))
        } else if over_limit {
            (false, Some("EXCEEDS_CHANNEL_LIMIT".to_owned()))
        } else {
            (true, None)
        };
        let amount_limit_info_map = self
            .limits
            .iter()
            .map(|(currency, l)| {
                let to_amount = |v: &Option<String>| {
                    v.as_deref().and_then(|v| v.parse::<u64>().ok()).map(|m| Amount::from_minor(currency, m))
                };
                (currency.clone(), AmountLimit { min_amount: to_amount(&l.min), max_amount: to_amount(&l.max) })
            })
            .collect();
        PaymentOption {
            payment_method_type: self.method_type.clone(),
            payment_method_category: Some(PaymentMethodCategory::parse(&self.category)),
            enabled,
            disable_reason,
            logo: Some(Logo { logo_name: self.name.clone(), logo_url: self.logo_url(public_url) }),
            promo_names: self.promo_names.clone(),
            payment_method_region: self.regions.clone(),
            supported_currencies: self.currencies.clone(),
            payment_option_detail: (!self.support_banks.is_empty()).then(|| PaymentOptionDetail {
                support_banks: self
                    .support_banks
                    .iter()
                    .map(|b| SupportBank {
                        bank_identifier_code: b.bic.clone(),
                        bank_short_name: b.name.clone(),
                        bank_logo: Some(Logo {
                            logo_name: b.name.clone(),
                            logo_url: format!("{public_url}/sandbox/logos/bank-{}.svg", b.bic),
                        }),
                    })
                    .collect(),
            }),
            amount_limit_info_map,
            interaction_type: None,
        }
    }

    /// The method's logo: its name on its colour.
    pub fn logo_svg(&self) -> String {
        let label = self.short.clone().unwrap_or_else(|| self.name.chars().take(7).collect());
        badge(&label, &self.color, self.text_color.as_deref().unwrap_or("#FFFFFF"))
    }
}

/// Only `#RRGGBB` colours get into the SVG; anything else becomes grey.
fn colour(c: &str) -> &str {
    let ok = c.len() == 7 && c.starts_with('#') && c[1..].bytes().all(|b| b.is_ascii_hexdigit());
    if ok {
        c
    } else {
        "#888888"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_parses_and_is_consistent() {
        assert!(all().len() >= 30);
        for m in all() {
            assert!(["REDIRECT", "APP", "CODE"].contains(&m.interaction.as_str()), "{}", m.method_type);
            assert!(
                m.interaction != "APP" || m.scheme.is_some() || m.terminals.iter().all(|t| t == "WEB"),
                "{}",
                m.method_type
            );
            assert!(["QRCODE", "TEXT"].contains(&m.code_kind.as_str()), "{}", m.method_type);
            PaymentMethodCategory::parse(&m.category);
            assert!(
                !matches!(PaymentMethodCategory::parse(&m.category), PaymentMethodCategory::Unknown(_)),
                "{}",
                m.method_type
            );
            assert!(!m.currencies.is_empty() && !m.terminals.is_empty(), "{}", m.method_type);
            assert!(m.enabled || m.disable_reason.is_some(), "{}", m.method_type);
            assert_eq!(colour(&m.color), m.color, "{}", m.method_type);
            // A custom paymentExpiryTime: under 48 h for bank transfers, what the merchant
            // (`merchant::payments::custom_expiry_cap_ms`) assumes.
            if m.category == "BANK_TRANSFER" {
                assert_eq!(m.max_custom_expiry_minutes, 48 * 60, "{}", m.method_type);
                assert!(crate::merchant::payments::is_bank_transfer(&m.method_type), "{}", m.method_type);
            }
        }
        let mut types: Vec<_> = all().iter().map(|m| &m.method_type).collect();
        types.sort();
        types.dedup();
        assert_eq!(types.len(), all().len(), "method types are unique");
        assert!(all().iter().any(|m| !m.enabled));
        assert!(all().iter().filter(|m| !m.promo_names.is_empty()).count() >= 2);
    }

    #[test]
    fn sandbox_default_expiry_is_the_merchants() {
        // The merchant's countdown without a custom expiry assumes AMS's default; the sandbox
        // must close payments at that same moment.
        for m in all() {
            let merchant = crate::merchant::payments::default_expiry_ms(&m.method_type);
            assert_eq!(i64::from(m.expiry_minutes) * 60_000, merchant, "{}", m.method_type);
        }
        assert_eq!(find("PAYNOW").unwrap().expiry_minutes, 14, "PayNow: the 14 min default, not 48 h");
        assert_eq!(find("PROMPTPAY").unwrap().expiry_minutes, 48 * 60);
    }

    #[test]
    fn logos_are_escaped_svg() {
        let m = find("TNG").unwrap();
        let svg = m.logo_svg();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(">TNG<"), "{svg}");
        let bank = find_bank("ABNANL2A").map(bank_logo_svg).unwrap();
        assert!(bank.contains("ABN AMRO"));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn limits_disable_an_option() {
        let m = find("GCASH").unwrap();
        assert!(m.option("http://x", &Amount::from_minor("PHP", 50)).disable_reason.is_some());
        assert!(m.option("http://x", &Amount::from_minor("PHP", 35000)).enabled);
    }
}
