//! The widget's components: pages built from small shared pieces.

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
pub use method_page::MethodPage;
pub use notice::{ErrorNotice, Notice};
pub use order_summary::OrderSummary;
pub use pay_button::PayButton;
pub use result_card::ResultCard;
pub use result_page::ResultPage;
pub use skeleton::Skeleton;
