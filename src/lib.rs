//! The checkout widget: components over `checkout-core`, built by `dom` on Leptos's reactive graph, mounted from a script tag.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod config;
pub mod dom;
pub mod format;
pub mod i18n;
pub mod mount;
pub mod prefetch;
pub mod scope;
pub mod state;
pub mod task;
pub mod wire;

pub use mount::{mount, CheckoutHandle};
