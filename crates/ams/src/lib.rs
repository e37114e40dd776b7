//! Alipay AMS (Antom) wire types for the cashier payment APIs.
//!
//! Every struct tolerates unknown fields, every enum has an `Unknown` variant
//! that keeps the raw value, so a new value from Alipay never breaks parsing.

pub mod amount;
pub mod enums;
pub mod model;
pub mod paths;

pub use amount::{Amount, AmountError, currency_exponent};
pub use enums::*;
pub use model::*;
