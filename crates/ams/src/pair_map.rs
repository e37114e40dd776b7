//! A small map kept as a list of pairs, a JSON object on the wire.
//!
//! For the few-entry maps the widget carries (a method's amount limits by currency, the extra
//! fields of a payment): a B-tree's node code is several kilobytes of the wasm bundle for maps
//! of one to five entries, where a scan of a short list is as fast.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::marker::PhantomData;

/// Keys are unique; pairs keep the order they were first inserted in. Equality ignores order.
#[derive(Debug, Clone)]
pub struct PairMap<V>(Vec<(String, V)>);

impl<V> PairMap<V> {
    pub const fn new() -> Self {
        Self(Vec::new())
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` to `value`, in its place if it was there already.
    pub fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> Default for PairMap<V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<V: PartialEq> PartialEq for PairMap<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<V: Eq> Eq for PairMap<V> {}

/// A later pair with the same key replaces the earlier one, as in a JSON object.
impl<V> FromIterator<(String, V)> for PairMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> Self {
        let mut map = Self::new();
        for (k, v) in pairs {
            map.insert(k, v);
        }
        map
    }
}

impl<V, const N: usize> From<[(String, V); N]> for PairMap<V> {
    fn from(pairs: [(String, V); N]) -> Self {
        pairs.into_iter().collect()
    }
}

impl<'a, V> IntoIterator for &'a PairMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V: Serialize> Serialize for PairMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.len()))?;
        for (k, v) in self.iter() {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for PairMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = PairMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = PairMap::new();
                while let Some((k, v)) = access.next_entry::<String, V>()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, u32)]) -> PairMap<u32> {
        pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()
    }

    #[test]
    fn insert_replaces_in_place_and_appends_new_keys() {
        let mut m = map(&[("a", 1), ("b", 2)]);
        m.insert("a".into(), 3);
        m.insert("c".into(), 4);
        assert_eq!(m.iter().map(|(k, v)| (k.as_str(), *v)).collect::<Vec<_>>(), [("a", 3), ("b", 2), ("c", 4)]);
        assert_eq!((m.get("a"), m.get("d"), m.len()), (Some(&3), None, 3));
    }

    #[test]
    fn equality_ignores_order_but_not_values_or_keys() {
        assert_eq!(map(&[("a", 1), ("b", 2)]), map(&[("b", 2), ("a", 1)]));
        assert_ne!(map(&[("a", 1), ("b", 2)]), map(&[("a", 1), ("b", 3)]));
        assert_ne!(map(&[("a", 1)]), map(&[("a", 1), ("b", 2)]));
        assert_ne!(map(&[("a", 1), ("b", 2)]), map(&[("a", 1), ("c", 2)]));
    }

    #[test]
    fn a_json_object_both_ways_the_last_duplicate_winning() {
        let m: PairMap<u32> = serde_json::from_str(r#"{"USD": 1, "EUR": 2, "USD": 3}"#).unwrap();
        assert_eq!(m, map(&[("USD", 3), ("EUR", 2)]));
        assert_eq!(serde_json::to_string(&m).unwrap(), r#"{"USD":3,"EUR":2}"#);
        assert!(serde_json::from_str::<PairMap<u32>>("[1, 2]").is_err());
        assert!(serde_json::from_str::<PairMap<u32>>(r#"{"a": "x"}"#).is_err());
    }
}
