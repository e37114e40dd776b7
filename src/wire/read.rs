//! Reading values produced by the browser's `JSON.parse`, field by field. Hand-mapped instead
//! of serde: serde's generic visitors (and its float formatting in error messages) were a
//! fifth of the bundle. The rules follow the serde derives of the same types: a missing or
//! `null` optional field is `None`, a missing defaulted field its default, a wrong type an error.

use js_sys::{Array, Reflect};
use wasm_bindgen::JsValue;

pub type Read<T> = Result<T, String>;

/// The value at `key`, `None` when absent or `null`.
pub fn field(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// The value must be a plain object (not null, not an array).
pub fn object(value: &JsValue, what: &str) -> Read<()> {
    if value.is_object() && !value.is_null() && !Array::is_array(value) {
        Ok(())
    } else {
        Err(format!("{what}: expected an object"))
    }
}

fn wrong(key: &str, kind: &str) -> String {
    format!("{key}: expected {kind}")
}

fn opt_string(object: &JsValue, key: &str) -> Read<Option<String>> {
    field(object, key).map(|v| v.as_string().ok_or_else(|| wrong(key, "a string"))).transpose()
}

fn string(object: &JsValue, key: &str) -> Read<String> {
    opt_string(object, key)?.ok_or_else(|| format!("missing field {key}"))
}

fn string_or_default(object: &JsValue, key: &str) -> Read<String> {
    Ok(opt_string(object, key)?.unwrap_or_default())
}

fn bool_or(object: &JsValue, key: &str, default: bool) -> Read<bool> {
    match field(object, key) {
        None => Ok(default),
        Some(v) => v.as_bool().ok_or_else(|| wrong(key, "true or false")),
    }
}

/// A whole number (JSON has only doubles; fractions and huge values are refused).
pub fn opt_int(object: &JsValue, key: &str) -> Read<Option<i64>> {
    match field(object, key) {
        None => Ok(None),
        Some(v) => match v.as_f64() {
            Some(n) if n.fract() == 0.0 && n.abs() < 9.0e15 => Ok(Some(n as i64)),
            _ => Err(wrong(key, "an integer")),
        },
    }
}

/// A time in milliseconds since 1970 that the widget only counts down to, so need not be exact:
/// a fraction is dropped, and a value outside [0, 2^53) or of another type is an unknown time
/// (no countdown) instead of an unreadable answer.
fn opt_time_ms(object: &JsValue, key: &str) -> Option<i64> {
    let ms = field(object, key)?.as_f64()?;
    (0.0..9_007_199_254_740_992.0).contains(&ms).then_some(ms as i64)
}

/// A nested object read by `read`, `None` when absent.
fn opt<T>(object: &JsValue, key: &str, read: fn(&JsValue) -> Read<T>) -> Read<Option<T>> {
    field(object, key).map(|v| read(&v)).transpose()
}

pub fn required<T>(object: &JsValue, key: &str, read: fn(&JsValue) -> Read<T>) -> Read<T> {
    opt(object, key, read)?.ok_or_else(|| format!("missing field {key}"))
}

/// An array of `read` items; absent is empty.
pub fn list<T>(object: &JsValue, key: &str, read: fn(&JsValue) -> Read<T>) -> Read<Vec<T>> {
    Ok(opt_list(object, key, read)?.unwrap_or_default())
}

fn opt_list<T>(object: &JsValue, key: &str, read: fn(&JsValue) -> Read<T>) -> Read<Option<Vec<T>>> {
    let Some(value) = field(object, key) else {
        return Ok(None);
    };
    let items = array(value, key)?;
    // A plain loop: an iterator chain compiles its own adapter and collect code for every `T`.
    let mut out = Vec::with_capacity(items.length() as usize);
    for i in 0..items.length() {
        out.push(read(&items.get(i))?);
    }
    Ok(Some(out))
}

fn array(value: JsValue, key: &str) -> Read<Array> {
    if Array::is_array(&value) {
        Ok(value.into())
    } else {
        Err(wrong(key, "an array"))
    }
}

pub fn a_string(value: &JsValue) -> Read<String> {
    value.as_string().ok_or_else(|| "expected a string".to_owned())
}

/// An object's own entries as (key, value) pairs; absent is empty.
pub fn entries(object: &JsValue, key: &str) -> Read<Vec<(String, JsValue)>> {
    let Some(value) = field(object, key) else {
        return Ok(Vec::new());
    };
    self::object(&value, key)?;
    let pairs = js_sys::Object::entries(&value.into());
    let mut out = Vec::with_capacity(pairs.length() as usize);
    for pair in pairs.iter() {
        let key = Reflect::get_u32(&pair, 0).ok().and_then(|k| k.as_string()).unwrap_or_default();
        out.push((key, Reflect::get_u32(&pair, 1).unwrap_or_default()));
    }
    Ok(out)
}

/// The fields of one object, read in order with the first error kept: a struct is built from
/// plain values and `finish` gives it or the error. With `?` after every field, each field
/// read carried its own exit that dropped the fields before it.
pub struct Fields<'a> {
    object: &'a JsValue,
    error: Option<String>,
}

impl<'a> Fields<'a> {
    /// The fields of `object`, which must be an object (`what` names it in the error).
    pub fn of(object: &'a JsValue, what: &str) -> Self {
        Fields { object, error: self::object(object, what).err() }
    }

    /// The fields of a value not checked to be an object (an absent key reads as absent).
    pub fn any(object: &'a JsValue) -> Self {
        Fields { object, error: None }
    }

    /// Records `error` unless one came first.
    pub fn fail(&mut self, error: &str) {
        self.error.get_or_insert_with(|| error.to_owned());
    }

    fn keep<T: Default>(&mut self, read: Read<T>) -> T {
        read.unwrap_or_else(|e| {
            self.error.get_or_insert(e);
            T::default()
        })
    }

    pub fn string(&mut self, key: &str) -> String {
        self.keep(string(self.object, key))
    }

    pub fn opt_string(&mut self, key: &str) -> Option<String> {
        self.keep(opt_string(self.object, key))
    }

    pub fn string_or_default(&mut self, key: &str) -> String {
        self.keep(string_or_default(self.object, key))
    }

    pub fn bool_or(&mut self, key: &str, default: bool) -> bool {
        self.keep(bool_or(self.object, key, default))
    }

    pub fn opt_time_ms(&mut self, key: &str) -> Option<i64> {
        opt_time_ms(self.object, key)
    }

    pub fn opt<T>(&mut self, key: &str, read: fn(&JsValue) -> Read<T>) -> Option<T> {
        self.keep(opt(self.object, key, read))
    }

    pub fn opt_list<T>(&mut self, key: &str, read: fn(&JsValue) -> Read<T>) -> Option<Vec<T>> {
        self.keep(opt_list(self.object, key, read))
    }

    pub fn list<T>(&mut self, key: &str, read: fn(&JsValue) -> Read<T>) -> Vec<T> {
        self.keep(list(self.object, key, read))
    }

    /// The value built, unless a field could not be read.
    pub fn finish<T>(self, value: T) -> Read<T> {
        match self.error {
            None => Ok(value),
            Some(e) => Err(e),
        }
    }
}
