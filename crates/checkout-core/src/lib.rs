//! The checkout's logic, free of any browser API so it is tested on the host.

pub mod api_failure;
pub mod code_display;
pub mod countdown;
pub mod fields;
pub mod format;
pub mod iso_time;
pub mod locale;
pub mod merchant_api;
pub mod messages;
pub mod methods;
pub mod next_step;
pub mod polling;
pub mod ranking;
pub mod status;
pub mod status_actions;
pub mod terminal;
pub mod text;
pub mod url_safety;

pub use ams;
