//! Putting a view on the page, and taking it off again.

use leptos::prelude::*;
use web_sys::{Element, Node};

use super::Nodes;
use crate::scope;

/// What `mount` put on the page; dropping it removes the nodes and ends their effects.
pub struct Mounted {
    owner: Owner,
    /// The first and last node mounted: everything from one to the other is ours.
    span: Option<(Node, Node)>,
}

/// Builds `view` under a new root owner and appends it to `parent`.
pub fn mount(parent: &Element, view: impl FnOnce() -> Nodes) -> Mounted {
    let _ = any_spawner::Executor::init_wasm_bindgen();
    let owner = Owner::new();
    let nodes = scope::enter(scope::Scope::default(), || owner.with(|| untrack(view))).0;
    for node in &nodes {
        let _ = parent.append_child(node);
    }
    let span = nodes.first().cloned().zip(nodes.last().cloned());
    Mounted { owner, span }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.owner.cleanup();
        if let Some((first, last)) = self.span.take() {
            let mut next = Some(first);
            while let Some(node) = next {
                next = if node == last { None } else { node.next_sibling() };
                if let Some(parent) = node.parent_node() {
                    let _ = parent.remove_child(&node);
                }
            }
        }
    }
}
