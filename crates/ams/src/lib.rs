//! Alipay AMS (Antom) wire types for the cashier payment APIs.
//!
//! Every struct tolerates unknown fields, every enum has an `Unknown` variant
//! that keeps the raw value, so a new value from Alipay never breaks parsing.

pub mod amount;
pub mod enums;
pub mod model;
pub mod pair_map;
pub mod paths;
#[cfg(feature = "signing")]
pub mod signing;

pub use amount::{currency_exponent, Amount, AmountError};
pub use enums::*;
pub use model::*;
#[cfg(feature = "signing")]
pub use signing::{PrivateKey, PublicKey, SignatureError, SignatureHeader};
