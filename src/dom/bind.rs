//! The one effect type behind every binding, and the bindings of an element.

use leptos::prelude::*;
use wasm_bindgen::JsValue;
use web_sys::Element;

use super::{document, El, Nodes};
use crate::scope;

/// What follows signals on an element; each goes through one non-generic binding below.
impl El {
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
}

/// Runs `update` now and again whenever a signal it read changes, for as long as the current
/// owner lives. Every binding of the widget is this one effect type.
pub(super) fn bind(mut update: Box<dyn FnMut()>) {
    let scope = scope::current();
    let effect = RenderEffect::new(move |_: Option<()>| scope::enter(scope.clone(), &mut update));
    super::on_cleanup(move || drop(effect));
}

/// Runs `run` now and again whenever a signal it reads changes, until the current owner goes:
/// for side effects that follow state (events to the shop page), with the bindings' effect type.
pub fn watch(run: impl FnMut() + 'static) {
    bind(Box::new(run));
}

pub(super) fn bind_attr(element: &Element, name: &'static str, value: Box<dyn Fn() -> Option<String>>) {
    let element = element.clone();
    bind(Box::new(move || {
        let _ = match value() {
            Some(v) => element.set_attribute(name, &v),
            None => element.remove_attribute(name),
        };
    }));
}

pub(super) fn bind_flag(element: &Element, name: &'static str, on: Box<dyn Fn() -> bool>) {
    let element = element.clone();
    bind(Box::new(move || {
        let _ = element.set_attribute(name, if on() { "true" } else { "false" });
    }));
}

pub(super) fn bind_class(element: &Element, class: &'static str, on: Box<dyn Fn() -> bool>) {
    let classes = element.class_list();
    bind(Box::new(move || {
        let _ = classes.toggle_with_force(class, on());
    }));
}

pub(super) fn bind_prop(element: &Element, name: &'static str, value: Box<dyn Fn() -> JsValue>) {
    let element = element.clone();
    bind(Box::new(move || {
        let _ = js_sys::Reflect::set(&element, &JsValue::from_str(name), &value());
    }));
}

/// A text node that follows signals, for places where text sits beside other nodes.
pub(super) fn dyn_text(text: impl Fn() -> String + 'static) -> Nodes {
    text_node(Box::new(text))
}

fn text_node(text: Box<dyn Fn() -> String>) -> Nodes {
    let node = document().create_text_node("");
    let bound = node.clone();
    bind(Box::new(move || bound.set_data(&text())));
    Nodes(vec![node.into()])
}
