//! The embed's configuration, as the loader passes it (from `data-*` attributes or JS).

use serde::Deserialize;

/// What the widget shows in its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The payment method page.
    #[default]
    Checkout,
    /// The shop's result page after `paymentRedirectUrl`.
    Result,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WidgetConfig {
    /// Base URL of the merchant API, e.g. "/api/v1" or "https://shop.example/api/v1".
    #[serde(default = "default_api")]
    pub api: String,
    /// The shop's order reference.
    pub order: String,
    #[serde(default)]
    pub mode: Mode,
    /// BCP 47 tag; defaults to the browser's language.
    #[serde(default)]
    pub locale: Option<String>,
    /// Per-request deadline in milliseconds.
    #[serde(default = "default_timeout")]
    pub timeout_ms: u32,
    /// The user's region (ISO 3166 alpha-2), used by the backend to sort methods.
    #[serde(default)]
    pub user_region: Option<String>,
    /// Regions whose payment providers the shop accepts (`allowedPspRegions`).
    #[serde(default)]
    pub allowed_psp_regions: Option<Vec<String>>,
    /// Method types the shop wants first, in this order.
    #[serde(default)]
    pub preferred_methods: Vec<String>,
    /// Hide unavailable methods instead of greying them out.
    #[serde(default)]
    pub hide_unavailable: bool,
    /// Open the payment page in a new tab and watch the status here (web only).
    #[serde(default)]
    pub new_tab: bool,
    // `translations` and `prefetch` are JS objects, read by `mount` without serde.
}

fn default_api() -> String {
    "/api/v1".to_owned()
}

fn default_timeout() -> u32 {
    15_000
}

impl WidgetConfig {
    /// Checks what serde cannot: a usable order reference and API base.
    pub fn validate(&self) -> Result<(), String> {
        if self.order.trim().is_empty() {
            return Err("`order` (data-order) is required".into());
        }
        if self.api.trim().is_empty() {
            return Err("`api` (data-api) must not be empty".into());
        }
        Ok(())
    }
}
