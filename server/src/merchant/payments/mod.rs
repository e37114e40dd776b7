//! Payment attempts. Dependencies run one way: the HTTP handlers (`routes.rs`, `notify.rs`)
//! call the flows (`start`, `close`, `refresh`), which call the state machine's one writer
//! (`transition`) and the store; `row`, `observed`, `request` and `expiry` are plain data and
//! pure functions. The state machine is written down in docs/state-machine.md.

mod close;
mod expiry;
mod observed;
mod refresh;
mod request;
mod row;
mod start;
mod store;
mod transition;

#[cfg(test)]
mod interleavings;
#[cfg(test)]
mod properties;

pub use close::{cancel_attempt, PAYMENT_IN_PROGRESS};
pub use expiry::{custom_expiry_cap_ms, default_expiry_ms, is_bank_transfer, payment_expiry};
pub use observed::{observed_from_cancel, observed_from_inquiry, Observed};
pub use refresh::{apply, inquire, refresh, refresh_claimed, refresh_known};
pub use request::{check_payable, client_ip};
pub use row::PaymentRow;
pub use start::start;
pub use store::{abandoned_calls, latest_for_order, load, load_by_request_id, open_for_order, stale_open, touch};
pub use transition::{apply_status, Applied};
