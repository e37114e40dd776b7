//! The checkout's logic, free of any browser API so it is tested on the host.

pub mod format;
pub mod merchant_api;
pub mod next_step;
pub mod url_safety;

pub use ams;
