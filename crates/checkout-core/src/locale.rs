//! The catalogues there are, and which way a language's text runs.
//!
//! Which catalogue a shopper gets is decided by the loader (`www/checkout.js`, `resolveLocale`,
//! tested by `tests/e2e/locale-resolve.test.mjs`); the widget only receives the result.

/// Tags that have a catalogue file, spelled as the file is named (`<tag>.json`).
pub const AVAILABLE: &[&str] = &[
    "en", "zh-CN", "zh-TW", "ja", "ko", "th", "id", "vi", "ms", "fil", "hi", "ar", "he", "pl", "nl", "de", "fr", "es",
    "es-419", "pt-BR", "pt", "it", "tr", "ru",
];

/// The catalogue used when nothing else matches (also built into the widget).
pub const FALLBACK: &str = "en";

/// Languages written right to left (by primary language subtag; `iw` is Hebrew's old code).
const RTL_LANGUAGES: &[&str] = &["ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];

/// Scripts written right to left; an explicit script subtag decides over the language.
const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextDirection {
    Ltr,
    Rtl,
}

impl TextDirection {
    /// The value of the HTML `dir` attribute.
    pub fn as_attr(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// The language and script subtags of `tag`, lower-cased, accepting `_` for `-` ("ku_Arab").
/// `None` for an empty or non-alphabetic language ("", "*", "123").
fn parse(tag: &str) -> Option<(String, Option<String>)> {
    let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-').filter(|p| !p.is_empty());
    let language = parts.next()?;
    if !(2..=8).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut script = None;
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_lowercase());
        if part.len() == 4 && alpha {
            script = Some(part.to_owned());
            break;
        }
        // A script comes before the region: four letters after "-IQ" are no script.
        if (part.len() == 2 && alpha) || (part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit())) {
            break;
        }
    }
    Some((language.to_owned(), script))
}

/// Whether text in `tag` runs right to left (Arabic, Hebrew, Persian, Urdu, ...).
pub fn text_direction(tag: &str) -> TextDirection {
    let Some((language, script)) = parse(tag) else {
        return TextDirection::Ltr;
    };
    let rtl = match script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL_LANGUAGES.contains(&language.as_str()),
    };
    if rtl {
        TextDirection::Rtl
    } else {
        TextDirection::Ltr
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn right_to_left_languages() {
        for tag in ["ar", "ar-SA", "he", "he-IL", "iw", "fa-IR", "ur-PK", "AR", "ku-Arab", "ku_Arab_IQ", "az-Arab"] {
            assert_eq!(text_direction(tag), TextDirection::Rtl, "{tag}");
        }
        for tag in ["en", "zh-TW", "ja", "pl", "fil", "", "*", "az-Latn", "uz-Latn-UZ", "ku-IQ-Arab", "ar-Latn"] {
            assert_eq!(text_direction(tag), TextDirection::Ltr, "{tag}");
        }
        assert_eq!(text_direction("ar").as_attr(), "rtl");
        assert_eq!(text_direction("pl").as_attr(), "ltr");
    }

    proptest! {
        #[test]
        fn any_input_has_a_direction_and_rtl_needs_an_rtl_subtag(
            tag in "(ar|he|iw|fa|ur|[a-zA-Z]{1,4})([-_](Arab|Hebr|Latn|[a-zA-Z0-9]{1,8})){0,3}|.{0,16}",
        ) {
            if text_direction(&tag) == TextDirection::Rtl {
                let lower = tag.trim().replace('_', "-").to_ascii_lowercase();
                prop_assert!(
                    lower.split('-').any(|s| RTL_LANGUAGES.contains(&s) || RTL_SCRIPTS.contains(&s)),
                    "{tag:?} is right to left with no right-to-left subtag"
                );
            }
        }
    }
}
