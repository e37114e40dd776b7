//! Work a part of the widget starts (a request, a wait between app attempts) that must end with
//! that part. Event handlers run with no owner, so the lifetime is taken where the part is
//! built (`Tasks::here`) and carried into the handlers; a task spawned from it is never polled
//! again once its owner is cleaned up: it stops at the await it is in, and what it holds is
//! dropped (a request's deadline aborts its fetch). An unmounted widget starts no payment and
//! sends the browser nowhere, whatever answer arrives later.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use crate::state::Shared;

/// The lifetime of the part that was being built when it was taken: a state cell with nothing
/// in it, which goes with its owner like every other.
#[derive(Clone, Copy)]
pub struct Tasks {
    life: Shared<()>,
}

impl Tasks {
    /// Ends when the running owner is cleaned up (its region rebuilt, the widget unmounted).
    pub fn here() -> Self {
        Self { life: Shared::new(()) }
    }

    pub fn alive(&self) -> bool {
        self.life.is_alive()
    }

    /// Runs `work` on the page's task queue for as long as this lifetime lasts.
    pub fn spawn(&self, work: impl Future<Output = ()> + 'static) {
        spawn_boxed(self.life, Box::pin(work));
    }
}

// Not generic: one copy of the guard's poll, whatever the task.
fn spawn_boxed(life: Shared<()>, work: Pin<Box<dyn Future<Output = ()>>>) {
    leptos::task::spawn_local(Guarded { life, work });
}

struct Guarded {
    life: Shared<()>,
    work: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for Guarded {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if !self.life.is_alive() {
            return Poll::Ready(()); // the executor drops the work, and with it what it awaits
        }
        self.work.as_mut().poll(cx)
    }
}
