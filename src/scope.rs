//! What every part of one mounted widget shares (its API client, its language), found by type:
//! Leptos's context, for the widget's own DOM layer. `dom::mount` starts an empty scope, the
//! app provides into it, and every binding and region keeps the scope it was created in, so a
//! part built or updated later still finds its widget's values (two widgets on one page each
//! find their own).
//!
//! Why not `provide_context`: its map (a `HashMap` keyed by type) brought a second copy of the
//! hash table code into the bundle for two values.

use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;

/// The values of one scope; a new value of a type replaces the old one.
pub type Scope = Rc<Vec<Rc<dyn Any>>>;

thread_local! {
    // `None` is the empty scope (a constant start: no lazy initialisation code).
    static CURRENT: RefCell<Option<Scope>> = const { RefCell::new(None) };
}

/// Puts `scope` in place and gives back the one before.
fn swap(scope: Option<Scope>) -> Option<Scope> {
    CURRENT.with(|current| current.replace(scope))
}

pub fn provide<T: 'static>(value: T) {
    provide_any(Rc::new(value));
}

// Not generic: one copy for every type provided.
fn provide_any(value: Rc<dyn Any>) {
    let kind = (*value).type_id();
    let mut values = Vec::new();
    for old in current().iter() {
        if (**old).type_id() != kind {
            values.push(old.clone());
        }
    }
    values.push(value);
    swap(Some(Rc::new(values)));
}

/// The value of type `T` in the current scope.
pub fn find<T: Clone + 'static>() -> Option<T> {
    current().iter().find_map(|v| v.downcast_ref::<T>().cloned())
}

pub fn current() -> Scope {
    let scope = swap(None).unwrap_or_default();
    swap(Some(scope.clone()));
    scope
}

/// Runs `f` in `scope`, then goes back to the scope before.
pub fn enter<R>(scope: Scope, f: impl FnOnce() -> R) -> R {
    let before = swap(Some(scope));
    let result = f();
    swap(before);
    result
}
