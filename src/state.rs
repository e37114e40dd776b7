//! The widget's state cells: a value kept in a slot of one table, and one Leptos `Trigger` that
//! the DOM bindings (`crate::dom`) and effects follow.
//!
//! Why not `RwSignal<T>` and `StoredValue<T>`: each distinct `T` compiles its own copy of the
//! signal's storage, locking and subscriber code (about 2 KB of wasm per type, for some twenty
//! types). Here that code is one `Trigger` and one table of cells holding a `Box<dyn Any>`:
//! looking up, replacing and dropping a value are the same code for every type, and what is
//! left per type is a cast and a `RefCell` borrow.

use std::any::Any;
use std::cell::RefCell;
use std::marker::PhantomData;
use std::rc::Rc;

use leptos::prelude::{Notify, Track, Trigger};

use crate::dom::on_cleanup;

/// A copyable handle on a value: read it (followed or not), replace or change it. The value
/// goes when the owner that created it is cleaned up; later reads find nothing and panic, as a
/// disposed Leptos signal's would, while later writes are ignored (a late answer to a request).
pub struct Shared<T> {
    trigger: Trigger,
    slot: u32,
    generation: u32,
    _value: PhantomData<fn() -> T>,
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Shared<T> {}

/// A slot's value, boxed so that the cell itself has one type for all values: looking it up,
/// replacing and dropping a value are the same code whatever the value's type.
type Cell = Rc<RefCell<Box<dyn Any>>>;

struct Table {
    slots: Vec<(u32, Option<Cell>)>,
    free: Vec<u32>,
}

thread_local! {
    static TABLE: RefCell<Table> = const { RefCell::new(Table { slots: Vec::new(), free: Vec::new() }) };
}

/// Puts `value` in a free slot, taken back when the current owner is cleaned up.
fn insert(value: Box<dyn Any>) -> (u32, u32) {
    let value = Rc::new(RefCell::new(value));
    let (slot, generation) = TABLE.with(|t| {
        let mut t = t.borrow_mut();
        match t.free.pop() {
            Some(slot) => {
                let entry = &mut t.slots[slot as usize];
                entry.0 += 1;
                entry.1 = Some(value);
                (slot, entry.0)
            }
            None => {
                t.slots.push((0, Some(value)));
                (t.slots.len() as u32 - 1, 0)
            }
        }
    });
    on_cleanup(move || remove(slot, generation));
    (slot, generation)
}

fn lookup(slot: u32, generation: u32) -> Option<Cell> {
    TABLE.with(|t| match t.borrow().slots.get(slot as usize) {
        Some((g, value)) if *g == generation => value.clone(),
        _ => None,
    })
}

fn remove(slot: u32, generation: u32) {
    TABLE.with(|t| {
        let mut t = t.borrow_mut();
        if let Some(entry) = t.slots.get_mut(slot as usize).filter(|e| e.0 == generation) {
            entry.1 = None;
            t.free.push(slot);
        }
    });
}

/// Replaces a live slot's value and tells whoever follows it; the old value is dropped after
/// the cell is let go (its drop may read other state).
fn replace(cell: Option<Cell>, trigger: &Trigger, value: Box<dyn Any>) {
    if let Some(cell) = cell {
        let old = std::mem::replace(&mut *cell.borrow_mut(), value);
        trigger.notify();
        drop(old);
    }
}

// SAFETY (both casts): a slot is filled once per generation, by `Shared::<T>::new`, and only
// ever replaced by `Shared::<T>::set`, each with a boxed `T`; a `Shared<T>` only looks up its
// own slot and generation. So the box holds a `T`.
fn typed<T: 'static>(value: &dyn Any) -> &T {
    debug_assert!(value.is::<T>());
    unsafe { &*(value as *const dyn Any as *const T) }
}

fn typed_mut<T: 'static>(value: &mut dyn Any) -> &mut T {
    debug_assert!(value.is::<T>());
    unsafe { &mut *(value as *mut dyn Any as *mut T) }
}

impl<T: 'static> Shared<T> {
    pub fn new(value: T) -> Self {
        let (slot, generation) = insert(Box::new(value));
        Shared { trigger: Trigger::new(), slot, generation, _value: PhantomData }
    }

    fn cell(&self) -> Option<Cell> {
        lookup(self.slot, self.generation)
    }

    /// Whether the value is still there (its owner not cleaned up): work that outlives the
    /// widget (a timer, a task) asks before it touches the page.
    pub fn is_alive(&self) -> bool {
        self.cell().is_some()
    }

    /// Reads without being followed.
    pub fn with_untracked<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        let cell = self.cell().expect("state read after its owner was cleaned up");
        let value = cell.borrow();
        read(typed::<T>(&**value))
    }

    /// Reads, and the running effect or binding runs again when the value changes.
    pub fn with<R>(&self, read: impl FnOnce(&T) -> R) -> R {
        self.trigger.track();
        self.with_untracked(read)
    }

    /// Changes the value in place and tells whoever follows it.
    pub fn update(&self, change: impl FnOnce(&mut T)) {
        if let Some(cell) = self.cell() {
            change(typed_mut::<T>(&mut **cell.borrow_mut()));
            self.trigger.notify();
        }
    }

    /// Replaces the value and tells whoever follows it.
    pub fn set(&self, value: T) {
        replace(self.cell(), &self.trigger, Box::new(value));
    }
}

impl<T: Clone + 'static> Shared<T> {
    pub fn get(&self) -> T {
        self.with(T::clone)
    }

    pub fn get_untracked(&self) -> T {
        self.with_untracked(T::clone)
    }
}

/// A copyable action (what Leptos's `Callback` is, without its own arena storage type): a
/// function in a state cell, gone with its owner like the rest.
pub type Action<A> = Shared<Rc<dyn Fn(A)>>;

/// Makes an [`Action`].
pub fn action<A: 'static>(run: impl Fn(A) + 'static) -> Action<A> {
    Shared::new(Rc::new(run) as Rc<dyn Fn(A)>)
}

impl<A: 'static> Shared<Rc<dyn Fn(A)>> {
    /// Runs the action; its function is taken out first, so it may use the action itself.
    pub fn run(&self, arg: A) {
        let run = self.with_untracked(Rc::clone);
        run(arg)
    }
}
