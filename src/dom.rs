//! How the widget builds its DOM: plain, non-generic functions that create elements, and one
//! kind of reactive binding (a Leptos `RenderEffect<()>` over a boxed closure) for every part
//! that follows a signal: a text, an attribute, a class, a property, or a region of nodes.
//!
//! Why not Leptos's typed views: they compile one copy of the build and update code per distinct
//! view type, and those copies were about two thirds of the bundle (README, "Size"). Here every
//! element goes through the same few functions; the signals, memos, effects, owners and context
//! are still Leptos's (`reactive_graph`), so components keep their shape: a function that reads
//! its props, creates its state and returns what it shows.

use leptos::prelude::*;

use crate::scope;
use send_wrapper::SendWrapper;
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

impl From<Vec<El>> for Nodes {
    fn from(els: Vec<El>) -> Nodes {
        Nodes(els.into_iter().map(|el| el.0.into()).collect())
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

    /// Our own markup (the QR code's SVG), never text from the backend.
    pub fn inner_html(self, markup: &str) -> El {
        self.0.set_inner_html(markup);
        self
    }

    pub fn on(self, event: &str, handler: impl FnMut(Event) + 'static) -> El {
        listen(&self.0, event, Box::new(handler));
        self
    }

    /// An attribute that follows signals; `None` removes it.
    pub fn dyn_attr(self, name: &'static str, value: impl Fn() -> Option<String> + 'static) -> El {
        bind_attr(&self.0, name, Box::new(value));
        self
    }

    /// An attribute that reads "true" or "false" (`aria-expanded`, `aria-busy`…) as `on` says.
    pub fn dyn_flag(self, name: &'static str, on: impl Fn() -> bool + 'static) -> El {
        bind_flag(&self.0, name, Box::new(on));
        self
    }

    /// A class that is on while `on` says so.
    pub fn dyn_class(self, class: &'static str, on: impl Fn() -> bool + 'static) -> El {
        bind_class(&self.0, class, Box::new(on));
        self
    }

    /// A DOM property (`checked`, `value`) that follows signals.
    pub fn dyn_prop(self, name: &'static str, value: impl Fn() -> JsValue + 'static) -> El {
        bind_prop(&self.0, name, Box::new(value));
        self
    }

    /// A text node that follows signals.
    pub fn dyn_text(self, text: impl Fn() -> String + 'static) -> El {
        self.child(dyn_text(text))
    }

    /// Nodes rebuilt whenever a signal `render` reads changes (see `region`).
    pub fn dyn_child(self, render: impl Fn() -> Nodes + 'static) -> El {
        self.child(region(render))
    }
}

fn append(parent: &Element, part: Nodes) {
    for node in &part.0 {
        let _ = parent.append_child(node);
    }
}

/// Runs `update` now and again whenever a signal it read changes, for as long as the current
/// owner lives. Every binding of the widget is this one effect type.
fn bind(mut update: Box<dyn FnMut()>) {
    let scope = scope::current();
    let effect = RenderEffect::new(move |_: Option<()>| scope::enter(scope.clone(), &mut update));
    on_cleanup(move || drop(effect));
}

fn bind_attr(element: &Element, name: &'static str, value: Box<dyn Fn() -> Option<String>>) {
    let element = element.clone();
    bind(Box::new(move || {
        let _ = match value() {
            Some(v) => element.set_attribute(name, &v),
            None => element.remove_attribute(name),
        };
    }));
}

fn bind_flag(element: &Element, name: &'static str, on: Box<dyn Fn() -> bool>) {
    let element = element.clone();
    bind(Box::new(move || {
        let _ = element.set_attribute(name, if on() { "true" } else { "false" });
    }));
}

fn bind_class(element: &Element, class: &'static str, on: Box<dyn Fn() -> bool>) {
    let classes = element.class_list();
    bind(Box::new(move || {
        let _ = classes.toggle_with_force(class, on());
    }));
}

fn bind_prop(element: &Element, name: &'static str, value: Box<dyn Fn() -> JsValue>) {
    let element = element.clone();
    bind(Box::new(move || {
        let _ = js_sys::Reflect::set(&element, &JsValue::from_str(name), &value());
    }));
}

/// A text node that follows signals, for places where text sits beside other nodes.
pub fn dyn_text(text: impl Fn() -> String + 'static) -> Nodes {
    text_node(Box::new(text))
}

fn text_node(text: Box<dyn Fn() -> String>) -> Nodes {
    let node = document().create_text_node("");
    let bound = node.clone();
    bind(Box::new(move || bound.set_data(&text())));
    Nodes(vec![node.into()])
}

/// Nodes that are built again whenever a signal `render` reads changes. They sit between two
/// empty comments that mark the region (so a region inside a region stays whole). What
/// `render` builds belongs to this region: its effects and listeners end when it is built again
/// or its owner goes.
///
/// `render` should read only what decides the nodes, then build them `untrack`ed (see `switch`).
pub fn region(render: impl Fn() -> Nodes + 'static) -> Nodes {
    region_of(Box::new(move || Some(render())))
}

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

/// Listens for `event` on `element` until the current owner goes.
fn listen(element: &Element, event: &str, handler: Box<dyn FnMut(Event)>) {
    let closure = Closure::wrap(handler);
    let _ = element.add_event_listener_with_callback(event, closure.as_ref().unchecked_ref());
    let kept = SendWrapper::new(closure);
    on_cleanup(move || drop(kept));
}

/// The value of the input an event came from.
pub fn event_value(event: &Event) -> String {
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|input| input.value())
        .unwrap_or_default()
}

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
