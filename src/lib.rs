//! The checkout widget: components over `checkout-core`, built by `dom` on Leptos's reactive graph, mounted from a script tag.

pub mod api;
pub mod app;
pub mod browser;
pub mod components;
pub mod config;
pub mod dom;
pub mod format;
pub mod i18n;
pub mod local;
pub mod mount;
pub mod prefetch;
pub mod scope;
pub mod state;
pub mod task;
pub mod wire;

pub use mount::{mount, CheckoutHandle};

// talc instead of std's dlmalloc: binned, as fast or faster, and 2.2 KB gzip smaller in the
// bundle (README, "Size"). Single-threaded wasm only, as the widget is.
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();
