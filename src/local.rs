//! A value of the page's one thread, held where Leptos asks for `Send + Sync` (cleanups,
//! callbacks, context-like values).
//!
//! Why not `send_wrapper::SendWrapper` in the bundle: it checks the thread on every access with
//! `std::thread::current()`, whose first call allocates the thread's handle through std's own
//! allocator. That alone linked dlmalloc and std's thread code into the wasm (about 6 KB). In
//! `wasm32-unknown-unknown` without the atomics feature there is only one thread, so there is
//! nothing to check. Other targets (the host, where the widget is only type-checked) keep
//! `SendWrapper` and its check.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
pub use single_thread::Local;

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
pub type Local<T> = send_wrapper::SendWrapper<T>;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod single_thread {
    use std::ops::{Deref, DerefMut};

    pub struct Local<T>(T);

    // SAFETY: this module is only built for wasm32 without atomics, where no second thread
    // exists that could reach the value.
    unsafe impl<T> Send for Local<T> {}
    unsafe impl<T> Sync for Local<T> {}

    impl<T> Local<T> {
        pub fn new(value: T) -> Self {
            Self(value)
        }

        pub fn take(self) -> T {
            self.0
        }
    }

    impl<T> Deref for Local<T> {
        type Target = T;

        fn deref(&self) -> &T {
            &self.0
        }
    }

    impl<T> DerefMut for Local<T> {
        fn deref_mut(&mut self) -> &mut T {
            &mut self.0
        }
    }

    impl<T: Clone> Clone for Local<T> {
        fn clone(&self) -> Self {
            Self(self.0.clone())
        }
    }
}
