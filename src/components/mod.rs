//! The widget's components: pages built from small shared pieces, as plain functions that
//! return DOM built through `crate::dom`.

mod button;
pub mod method_page;
mod notice;
mod order_summary;
mod pay_button;
pub mod payment;
mod result_card;
mod result_page;
mod skeleton;

pub use button::button;
pub use method_page::method_page;
pub use notice::{error_notice, notice};
pub use order_summary::order_summary;
pub use pay_button::pay_button;
pub use result_card::result_card;
pub use result_page::result_page;
pub use skeleton::skeleton;
