//! How the widget builds its DOM: plain, non-generic functions that create elements, and one
//! kind of reactive binding (a Leptos `RenderEffect<()>` over a boxed closure) for every part
//! that follows a signal: a text, an attribute, a class, a property, or a region of nodes.
//!
//! Why not Leptos's typed views: they compile one copy of the build and update code per distinct
//! view type, and those copies were about two thirds of the bundle (README, "Size"). Here every
//! element goes through the same few functions. The effects and owners are still Leptos's
//! (`reactive_graph`), as are the triggers under the state cells (`crate::state`), so components
//! keep their shape: a function that reads its props, creates its state and returns what it
//! shows.
//!
//! - `bind.rs`: the one effect type, and what follows a signal on an element;
//! - `region.rs`: nodes built again when a key changes (`switch`, `rebuilt`);
//! - `mount.rs`: a view put on the page under its own owner and scope.

mod bind;
mod mount;
mod region;

pub use bind::watch;
pub use mount::{mount, Mounted};
pub use region::{rebuilt, switch};

use crate::local::Local;
use wasm_bindgen::prelude::*;
use web_sys::{Element, Event, Node};

fn document() -> web_sys::Document {
    web_sys::window().and_then(|w| w.document()).expect("the widget runs in a page")
}

/// What a component shows: zero or more sibling nodes (regions bring their anchor along).
#[derive(Default)]
pub struct Nodes(Vec<Node>);

impl Nodes {
    pub fn none() -> Nodes {
        Nodes(Vec::new())
    }

    /// The elements `items` gives, in order (pushed one by one, see `El::children`).
    pub fn each(items: impl IntoIterator<Item = El>) -> Nodes {
        let mut nodes = Vec::new();
        for item in items {
            nodes.push(item.0.into());
        }
        Nodes(nodes)
    }

    /// Adds what `part` shows after what is already here.
    pub fn and(mut self, part: impl Into<Nodes>) -> Nodes {
        self.0.extend(part.into().0);
        self
    }

    fn text(text: &str) -> Nodes {
        Nodes(vec![document().create_text_node(text).into()])
    }
}

impl From<El> for Nodes {
    fn from(el: El) -> Nodes {
        Nodes(vec![el.0.into()])
    }
}

impl<T: Into<Nodes>> From<Option<T>> for Nodes {
    fn from(part: Option<T>) -> Nodes {
        part.map_or_else(Nodes::none, Into::into)
    }
}

impl From<&str> for Nodes {
    fn from(text: &str) -> Nodes {
        Nodes::text(text)
    }
}

impl From<String> for Nodes {
    fn from(text: String) -> Nodes {
        Nodes::text(&text)
    }
}

/// An element under construction; each method returns it for the next.
pub struct El(pub Element);

/// `<tag class="class">`: most of the widget's elements start like this.
pub fn el(tag: &str, class: &str) -> El {
    let element = document().create_element(tag).expect("valid tag");
    if !class.is_empty() {
        let _ = element.set_attribute("class", class);
    }
    El(element)
}

impl El {
    pub fn attr(self, name: &str, value: &str) -> El {
        let _ = self.0.set_attribute(name, value);
        self
    }

    /// The attribute when there is a value, none otherwise.
    pub fn attr_opt(self, name: &str, value: Option<&str>) -> El {
        match value {
            Some(v) => self.attr(name, v),
            None => self,
        }
    }

    /// Appends what `part` shows: elements, text, a region, or nothing.
    pub fn child(self, part: impl Into<Nodes>) -> El {
        append(&self.0, part.into());
        self
    }

    /// Appends each element `items` gives, one by one (no list collected first: a `collect`
    /// compiles its own copy of the collecting code for every kind of iterator).
    pub fn children(self, items: impl IntoIterator<Item = El>) -> El {
        for item in items {
            let _ = self.0.append_child(&item.0);
        }
        self
    }

    /// Our own markup (the QR code's SVG), never text from the backend.
    pub fn inner_html(self, markup: &str) -> El {
        self.0.set_inner_html(markup);
        self
    }

    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> El {
        listen(&self.0, event, Box::new(handler));
        self
    }
}

fn append(parent: &Element, part: Nodes) {
    for node in &part.0 {
        let _ = parent.append_child(node);
    }
}

/// Listens for `event` on `element` until the current owner goes.
fn listen(element: &Element, event: &str, handler: Box<dyn FnMut(Event)>) {
    let closure = Closure::wrap(handler);
    let _ = element.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let kept = Local::new(closure);
    on_cleanup(move || drop(kept));
}

/// Runs `f` when the current owner is cleaned up. Boxed here so that the owner's cleanup code
/// is compiled once, not once per closure.
pub fn on_cleanup(f: impl FnOnce() + Send + Sync + 'static) {
    cleanup_boxed(Box::new(f));
}

fn cleanup_boxed(f: Box<dyn FnOnce() + Send + Sync>) {
    leptos::prelude::on_cleanup(f);
}

/// The value of the input an event came from.
pub fn event_value(event: &Event) -> String {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}
