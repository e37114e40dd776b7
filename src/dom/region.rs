//! Regions: sibling nodes built again when what decides them changes.

use leptos::prelude::*;
use web_sys::Node;

use super::bind::bind;
use super::{document, Nodes};

/// `build(key())`, built again when `key` gives a different value; signals read while building
/// are not followed, so `key` must hold everything the nodes depend on.
pub fn switch<K: PartialEq + Clone + 'static>(
    key: impl Fn() -> K + 'static,
    build: impl Fn(K) -> Nodes + 'static,
) -> Nodes {
    let mut last = None::<K>;
    region_of(Box::new(move || {
        let k = key();
        if last.as_ref() == Some(&k) {
            return None;
        }
        last = Some(k.clone());
        Some(untrack(|| build(k)))
    }))
}

/// `build(key())`, built again whenever a signal `key` reads changes (no comparison of values);
/// signals read while building are not followed.
pub fn rebuilt<K: 'static>(key: impl Fn() -> K + 'static, build: impl Fn(K) -> Nodes + 'static) -> Nodes {
    region_of(Box::new(move || {
        let k = key();
        Some(untrack(|| build(k)))
    }))
}

/// `render` gives the nodes to show, or `None` to keep those shown.
fn region_of(mut render: Box<dyn FnMut() -> Option<Nodes>>) -> Nodes {
    let doc = document();
    let (start, end): (Node, Node) = (doc.create_comment("").into(), doc.create_comment("").into());
    let first = std::rc::Rc::new(std::cell::RefCell::new(None::<Vec<Node>>));
    let initial = first.clone();
    let (from, to) = (start.clone(), end.clone());
    // What the region builds is owned by a child of the region's own owner, replaced (and its
    // effects ended) only when new nodes come: the effect's owner would end them at every run.
    let parent = Owner::current().unwrap_or_default();
    let mut current = None::<Owner>;
    let mut built = false;
    bind(Box::new(move || {
        let owner = parent.child();
        let Some(Nodes(fresh)) = owner.with(&mut render) else {
            owner.cleanup();
            return;
        };
        if let Some(old) = current.replace(owner) {
            old.cleanup();
        }
        if !std::mem::replace(&mut built, true) {
            *initial.borrow_mut() = Some(fresh);
            return;
        }
        let Some(parent) = to.parent_node() else { return };
        while let Some(old) = from.next_sibling().filter(|n| *n != to) {
            let _ = parent.remove_child(&old);
        }
        for node in &fresh {
            let _ = parent.insert_before(node, Some(&to));
        }
    }));
    let mut nodes = vec![start];
    nodes.extend(first.borrow_mut().take().unwrap_or_default());
    nodes.push(end);
    Nodes(nodes)
}
