//! The embed's configuration, as the loader passes it (from `data-*` attributes or JS).

use wasm_bindgen::JsValue;

use crate::wire::read::{self, Read};

/// What the widget shows in its element.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The payment method page.
    #[default]
    Checkout,
    /// The shop's result page after `paymentRedirectUrl`.
    Result,
}

/// Read from the options object by [`WidgetConfig::from_js`] (camelCase keys).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WidgetConfig {
    /// Base URL of the merchant API, e.g. "/api/v1" or "https://shop.example/api/v1".
    pub api: String,
    /// The shop's order reference.
    pub order: String,
    pub mode: Mode,
    /// The `locale` option as the shop gave it (BCP 47). The loader resolves it (else the
    /// browser's languages) to a catalogue and hands the texts over as `catalogue` (`i18n.rs`).
    pub locale: Option<String>,
    /// Per-request deadline in milliseconds.
    pub timeout_ms: u32,
    /// The user's region (ISO 3166 alpha-2), used by the backend to sort methods.
    pub user_region: Option<String>,
    /// Regions whose payment providers the shop accepts (`allowedPspRegions`).
    pub allowed_psp_regions: Option<Vec<String>>,
    /// Method types the shop wants first, in this order.
    pub preferred_methods: Vec<String>,
    /// Hide unavailable methods instead of greying them out.
    pub hide_unavailable: bool,
    /// Open the payment page in a new tab and watch the status here (web only).
    pub new_tab: bool,
    /// How many of the best-ranked methods are shown open above the folded categories (0: none).
    pub visible_methods: u32,
    // `translations` and `prefetch` are JS objects, read by `mount` without serde.
}

impl WidgetConfig {
    /// The mount options; a wrong type is an error naming the option. Unknown keys are ignored.
    pub fn from_js(options: &JsValue) -> Read<Self> {
        let mut f = read::Fields::of(options, "options");
        let mode = match f.opt_string("mode").as_deref() {
            None | Some("checkout") => Ok(Mode::Checkout),
            Some("result") => Ok(Mode::Result),
            Some(_) => Err("mode: expected \"checkout\" or \"result\""),
        };
        let o = options;
        let timeout_ms = match read::opt_int(o, "timeoutMs")? {
            None => 15_000,
            Some(ms) => u32::try_from(ms).map_err(|_| "timeoutMs: expected a positive number of milliseconds")?,
        };
        let visible_methods = match read::opt_int(o, "visibleMethods")? {
            None => 3,
            Some(n) => u32::try_from(n).map_err(|_| "visibleMethods: expected 0 or a positive number")?,
        };
        let config = Self {
            api: f.opt_string("api").unwrap_or_else(|| "/api/v1".to_owned()),
            order: f.string("order"),
            mode: mode?,
            locale: f.opt_string("locale"),
            timeout_ms,
            user_region: f.opt_string("userRegion"),
            allowed_psp_regions: f.opt_list("allowedPspRegions", read::a_string),
            preferred_methods: f.list("preferredMethods", read::a_string),
            hide_unavailable: f.bool_or("hideUnavailable", false),
            new_tab: f.bool_or("newTab", false),
            visible_methods,
        };
        f.finish(config)
    }

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
