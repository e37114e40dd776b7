//! The checkout's logic, free of any browser API so it is tested on the host.

pub mod api_failure;
pub mod fields;
pub mod format;
pub mod merchant_api;
pub mod messages;
pub mod methods;
pub mod next_step;
pub mod status;
pub mod terminal;
pub mod url_safety;

pub use ams;
