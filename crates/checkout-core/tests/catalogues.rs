//! Every catalogue in `www/i18n/` is complete and consistent with the built-in English:
//! same keys, same `{placeholders}`, no empty or untranslated text, one file per tag that
//! `locale::AVAILABLE` offers.

use checkout_core::locale::{text_direction, TextDirection, AVAILABLE};
use checkout_core::messages::{english, Msg};
use serde::de::{Deserializer, MapAccess, Visitor};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::PathBuf;

/// Texts that may equal the English one: brand names, and "Total", which is also the word in
/// French, Spanish and Portuguese. Every pair here must really be the same (no stale entries).
const SAME_AS_ENGLISH_ANYWHERE: &[&str] = &["group_alipay_plus", "field_cpf"];
const SAME_AS_ENGLISH: &[(&str, &str)] = &[
    ("fr", "order_total"),
    ("es", "order_total"),
    ("es-419", "order_total"),
    ("pt", "order_total"),
    ("pt-BR", "order_total"),
];

/// Catalogues in a non-Latin script, and the only Latin words they may contain (brands,
/// codes, the example address; Chinese writes "App" and Taiwan "QR Code" in Latin letters).
const NON_LATIN: &[&str] = &["ar", "he", "hi", "ja", "ko", "ru", "th", "zh-CN", "zh-TW"];
const LATIN_WORDS: &[&str] = &["Alipay+", "BLIK", "CPF", "QR", "App", "Code", "name@example.com"];

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../www/i18n")
}

/// A JSON object read as its entries in order, duplicates kept, so a repeated key is seen.
struct Entries(Vec<(String, String)>);

impl<'de> serde::Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object of key -> text")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, String>()? {
                    out.push(entry);
                }
                Ok(Entries(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Every catalogue file: tag -> entries. Panics with the file name on any unreadable file.
fn catalogues() -> BTreeMap<String, Vec<(String, String)>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir()).expect("www/i18n exists") {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let tag = name.strip_suffix(".json").unwrap_or_else(|| panic!("{name}: only .json files belong here"));
        let json = std::fs::read_to_string(&path).unwrap();
        let Entries(entries) =
            serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: not an object of strings: {e}"));
        out.insert(tag.to_owned(), entries);
    }
    out
}

/// The `{name}` placeholders of `text`, sorted; `None` if a brace is unmatched or malformed.
fn placeholders(text: &str) -> Option<Vec<&str>> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return None;
        }
        let after = &rest[open + 1..];
        let close = after.find('}')?;
        let name = &after[..close];
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
            return None;
        }
        names.push(name);
        rest = &after[close + 1..];
    }
    names.sort_unstable();
    Some(names)
}

#[test]
fn one_file_per_available_locale() {
    let files: BTreeSet<String> = catalogues().into_keys().collect();
    let offered: BTreeSet<String> = AVAILABLE.iter().map(|t| t.to_string()).collect();
    assert_eq!(files, offered, "files in www/i18n vs locale::AVAILABLE");
    assert_eq!(offered.len(), AVAILABLE.len(), "AVAILABLE lists a tag twice");
}

#[test]
fn every_catalogue_has_exactly_the_english_keys_once() {
    let english: BTreeSet<&str> = Msg::ALL.iter().map(|m| m.key()).collect();
    for (tag, entries) in catalogues() {
        let keys: BTreeSet<&str> = entries.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys.len(), entries.len(), "{tag}: a key is repeated");
        let missing: Vec<_> = english.difference(&keys).collect();
        let extra: Vec<_> = keys.difference(&english).collect();
        assert!(missing.is_empty() && extra.is_empty(), "{tag}: missing {missing:?}, extra {extra:?}");
    }
}

#[test]
fn every_text_keeps_the_english_placeholders_and_is_not_empty() {
    for (tag, entries) in catalogues() {
        for (key, value) in &entries {
            let Some(msg) = Msg::from_key(key) else {
                continue;
            };
            let english = english(msg);
            assert!(!value.trim().is_empty(), "{tag}.{key} is empty");
            assert_eq!(value.trim(), value, "{tag}.{key} has surrounding spaces");
            assert_eq!(
                placeholders(value),
                placeholders(english),
                "{tag}.{key}: placeholders differ from English {english:?}: {value:?}"
            );
        }
    }
}

#[test]
fn english_file_is_the_built_in_english() {
    let all = catalogues();
    let en: BTreeMap<&str, &str> = all["en"].iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    for &msg in Msg::ALL {
        assert_eq!(
            en.get(msg.key()).copied(),
            Some(english(msg)),
            "en.json is stale: run `cargo run -p checkout-core --example export_en_catalogue > www/i18n/en.json`"
        );
    }
}

#[test]
fn nothing_is_left_in_english() {
    let mut same = BTreeSet::new();
    for (tag, entries) in catalogues().into_iter().filter(|(tag, _)| tag != "en") {
        for (key, value) in &entries {
            let Some(msg) = Msg::from_key(key) else {
                continue;
            };
            if value != english(msg) {
                continue;
            }
            let allowed = SAME_AS_ENGLISH_ANYWHERE.contains(&key.as_str())
                || SAME_AS_ENGLISH.contains(&(tag.as_str(), key.as_str()));
            assert!(allowed, "{tag}.{key} is still English: {value:?}");
            same.insert((tag.clone(), key.clone()));
        }
    }
    for (tag, key) in SAME_AS_ENGLISH {
        assert!(same.contains(&(tag.to_string(), key.to_string())), "stale exception {tag}.{key}");
    }
}

#[test]
fn non_latin_catalogues_use_latin_letters_only_for_brands_and_codes() {
    let all = catalogues();
    for tag in NON_LATIN {
        for (key, value) in &all[*tag] {
            let mut rest = value.as_str();
            // Skip placeholders: their names are Latin by design.
            while let Some(open) = rest.find('{') {
                check_latin_words(tag, key, &rest[..open]);
                rest = rest[open..].split_once('}').map_or("", |(_, after)| after);
            }
            check_latin_words(tag, key, rest);
        }
    }
}

fn check_latin_words(tag: &str, key: &str, text: &str) {
    let latin = |c: char| c.is_ascii_alphabetic() || "@.+".contains(c);
    for word in text.split(|c: char| !latin(c)).map(|w| w.trim_matches('.')) {
        if word.chars().any(|c| c.is_ascii_alphabetic()) {
            assert!(LATIN_WORDS.contains(&word), "{tag}.{key}: untranslated {word:?}");
        }
    }
}

/// First-strong isolate and pop-directional isolate: the value inside keeps its own direction.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

#[test]
fn right_to_left_catalogues_isolate_values_and_brands() {
    for (tag, entries) in catalogues() {
        if text_direction(&tag) != TextDirection::Rtl {
            continue;
        }
        for (key, value) in &entries {
            // "PLN 10.00" or "Alipay+" dropped into Arabic or Hebrew must not be reordered
            // (a bare "Alipay+" shows as "+Alipay" in a right-to-left line).
            for needle in ["{", "Alipay+"] {
                let isolated = format!("{FSI}{needle}");
                assert_eq!(
                    value.matches(needle).count(),
                    value.matches(&isolated).count(),
                    "{tag}.{key}: {needle} not isolated"
                );
            }
            assert_eq!(
                value.matches('}').count(),
                value.matches(&format!("}}{PDI}")).count(),
                "{tag}.{key}: no PDI after a placeholder"
            );
            assert_eq!(value.matches(FSI).count(), value.matches(PDI).count(), "{tag}.{key}: unbalanced isolates");
        }
    }
}

#[test]
fn placeholder_reader_catches_broken_braces() {
    assert_eq!(placeholders("Minimum {amount}"), Some(vec!["amount"]));
    assert_eq!(placeholders("{time} / {count}"), Some(vec!["count", "time"]));
    assert_eq!(placeholders("no braces"), Some(vec![]));
    for broken in ["{amount", "amount}", "{}", "{Amount}", "{ amount }", "{{amount}}"] {
        assert_eq!(placeholders(broken), None, "{broken}");
    }
}
