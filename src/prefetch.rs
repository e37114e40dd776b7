//! Answers the loader asked for before the widget ran (mount option `prefetch`):
//! `{ requests: [{ method, url, body, response: Promise<{status, body}> }] }`. A request the
//! widget is about to send is matched by method, absolute URL and body (equal as JSON); the
//! first match is taken out of the list, so each prefetched answer is used once.

use std::cell::RefCell;
use std::rc::Rc;

use crate::local::Local;
use js_sys::{Array, Object, Promise, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};

struct Entry {
    method: String,
    url: String,
    /// The parsed body; `None` for a request without one.
    body: Option<JsValue>,
    response: Promise,
}

/// The shared list of prefetched requests of one mounted widget. Wrapped to live in Leptos
/// context, which wants `Send`; the browser runs it on one thread only.
#[derive(Clone)]
pub struct Prefetched(Local<Rc<RefCell<Vec<Entry>>>>);

impl Prefetched {
    /// Reads the `prefetch` mount option; entries of the wrong shape are ignored.
    pub fn from_options(options: &JsValue) -> Self {
        let requests = get(options, "prefetch").and_then(|p| get(&p, "requests"));
        let mut entries = Vec::new();
        if let Some(list) = requests.filter(Array::is_array) {
            for request in Array::from(&list).iter() {
                entries.extend(entry(&request));
            }
        }
        Self(Local::new(Rc::new(RefCell::new(entries))))
    }

    /// Takes the answer prefetched for this request, if there is one.
    pub fn take(&self, method: &str, url: &str, body: Option<&str>) -> Option<Promise> {
        let mut entries = self.0.borrow_mut();
        if entries.is_empty() {
            return None;
        }
        let url = absolute_url(url)?;
        let body = match body {
            Some(text) => Some(JSON::parse(text).ok()?),
            None => None,
        };
        let at = entries.iter().position(|e| {
            e.method.eq_ignore_ascii_case(method)
                && e.url == url
                && match (&e.body, &body) {
                    (None, None) => true,
                    (Some(a), Some(b)) => json_equal(a, b),
                    _ => false,
                }
        })?;
        Some(entries.remove(at).response)
    }
}

impl Default for Prefetched {
    fn default() -> Self {
        Self(Local::new(Rc::default()))
    }
}

fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

fn entry(request: &JsValue) -> Option<Entry> {
    let method = get(request, "method")?.as_string()?;
    let url = absolute_url(&get(request, "url")?.as_string()?)?;
    let body = match get(request, "body") {
        None => None,
        Some(text) => Some(JSON::parse(&text.as_string()?).ok()?),
    };
    let response = get(request, "response")?.dyn_into::<Promise>().ok()?;
    Some(Entry { method, url, body, response })
}

/// `url` resolved against the page's base URL, as `fetch` would resolve it.
pub fn absolute_url(url: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    web_sys::Url::new_with_base(url, &base).ok().map(|u| u.href())
}

/// Deep equality of two values produced by `JSON.parse`.
fn json_equal(a: &JsValue, b: &JsValue) -> bool {
    if Object::is(a, b) {
        return true;
    }
    if a.is_null() || b.is_null() || !a.is_object() || !b.is_object() {
        return false;
    }
    match (Array::is_array(a), Array::is_array(b)) {
        (true, true) => {
            let (a, b) = (Array::from(a), Array::from(b));
            a.length() == b.length() && a.iter().zip(b.iter()).all(|(x, y)| json_equal(&x, &y))
        }
        (false, false) => {
            let (ka, kb): (Array, Array) =
                (Object::keys(a.unchecked_ref::<Object>()), Object::keys(b.unchecked_ref::<Object>()));
            ka.length() == kb.length()
                && ka.iter().all(|k| {
                    Reflect::has(b, &k).unwrap_or(false)
                        && json_equal(
                            &Reflect::get(a, &k).unwrap_or_default(),
                            &Reflect::get(b, &k).unwrap_or_default(),
                        )
                })
        }
        _ => false,
    }
}
