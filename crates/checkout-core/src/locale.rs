//! Which message catalogue to show, and which way its text runs.
//!
//! The catalogues are files `www/i18n/<tag>.json`, one per tag in [`AVAILABLE`]. [`resolve`]
//! walks the shop's `locale` option, then the browser's languages in order, each through its
//! fallback chain ([`candidates`]), and ends at English, which is always available.

/// Tags that have a catalogue file, spelled as the file is named (`<tag>.json`).
pub const AVAILABLE: &[&str] = &[
    "en", "zh-CN", "zh-TW", "ja", "ko", "th", "id", "vi", "ms", "fil", "hi", "ar", "he", "pl", "nl", "de", "fr", "es",
    "es-419", "pt-BR", "pt", "it", "tr", "ru",
];

/// The catalogue used when nothing else matches (also built into the widget).
pub const FALLBACK: &str = "en";

/// Regions whose Spanish is Latin American (CLDR gives them `es-419` as parent).
const LATIN_AMERICA: &[&str] = &[
    "419", "ar", "bo", "br", "bz", "cl", "co", "cr", "cu", "do", "ec", "gt", "hn", "mx", "ni", "pa", "pe", "pr", "py",
    "sv", "us", "uy", "ve",
];

/// Chinese regions written in Traditional characters.
const TRADITIONAL_CHINESE: &[&str] = &["tw", "hk", "mo"];

/// Languages written right to left (by primary language subtag).
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

/// The parts of a BCP 47 tag that choose a catalogue, lower-cased.
struct Subtags {
    language: String,
    script: Option<String>,
    region: Option<String>,
}

/// Splits `tag` case-insensitively, accepting `_` for `-` ("pt_BR"). `None` for an empty or
/// non-alphabetic language ("", "*", "123").
fn parse(tag: &str) -> Option<Subtags> {
    let tag = tag.trim().replace('_', "-").to_ascii_lowercase();
    let mut parts = tag.split('-').filter(|p| !p.is_empty());
    let language = parts.next()?;
    if !(2..=8).contains(&language.len()) || !language.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let mut script = None;
    let mut region = None;
    for part in parts {
        let alpha = part.bytes().all(|b| b.is_ascii_lowercase());
        let digits = part.bytes().all(|b| b.is_ascii_digit());
        if script.is_none() && region.is_none() && part.len() == 4 && alpha {
            script = Some(part.to_owned());
        } else if region.is_none() && ((part.len() == 2 && alpha) || (part.len() == 3 && digits)) {
            region = Some(part.to_owned());
        }
    }
    // Deprecated codes that browsers and old systems still send.
    let language = match language {
        "iw" => "he",
        "in" => "id",
        "tl" => "fil",
        other => other,
    };
    Some(Subtags { language: language.to_owned(), script, region })
}

/// The catalogues that would serve `tag`, best first, whether or not they exist yet
/// ("es-AR" gives `["es-419", "es"]`, "fr-CH" gives `["fr"]`, "*" gives nothing).
pub fn fallback_chain(tag: &str) -> Vec<String> {
    let Some(Subtags { language, script, region }) = parse(tag) else {
        return Vec::new();
    };
    let region = region.as_deref();
    let chain: &[&str] = match language.as_str() {
        "zh" => match (script.as_deref(), region) {
            (Some("hant"), _) => &["zh-TW"],
            (Some("hans"), _) => &["zh-CN"],
            (_, Some(r)) if TRADITIONAL_CHINESE.contains(&r) => &["zh-TW"],
            _ => &["zh-CN"],
        },
        // Cantonese is written in Traditional characters in Hong Kong and Macau.
        "yue" => &["zh-TW"],
        "es" => match region {
            Some(r) if LATIN_AMERICA.contains(&r) => &["es-419", "es"],
            _ => &["es"],
        },
        "pt" => match region {
            Some("br") => &["pt-BR"],
            _ => &["pt"],
        },
        other => return vec![other.to_owned()],
    };
    chain.iter().map(|t| t.to_string()).collect()
}

/// The available catalogues along `tag`'s [`fallback_chain`] (English is not appended here;
/// [`resolve`] ends with it).
pub fn candidates(tag: &str) -> Vec<&'static str> {
    fallback_chain(tag)
        .iter()
        .filter_map(|want| AVAILABLE.iter().copied().find(|t| t.eq_ignore_ascii_case(want)))
        .collect()
}

/// The catalogue to show: the first available one along the `option` tag's chain, then each
/// browser language's chain in order, else [`FALLBACK`]. Always an entry of [`AVAILABLE`].
pub fn resolve<S: AsRef<str>>(option: Option<&str>, browser_languages: &[S]) -> &'static str {
    option
        .into_iter()
        .chain(browser_languages.iter().map(AsRef::as_ref))
        .find_map(|tag| candidates(tag).first().copied())
        .unwrap_or(FALLBACK)
}

/// Whether text in `tag` runs right to left (Arabic, Hebrew, Persian, Urdu, ...).
pub fn text_direction(tag: &str) -> TextDirection {
    let Some(Subtags { language, script, .. }) = parse(tag) else {
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

    fn pick(tag: &str) -> &'static str {
        resolve::<&str>(Some(tag), &[])
    }

    fn chain(tag: &str) -> Vec<String> {
        fallback_chain(tag)
    }

    #[test]
    fn exact_tags_pick_their_own_catalogue_in_any_case_and_separator() {
        for &tag in AVAILABLE {
            assert_eq!(pick(tag), tag);
            assert_eq!(pick(&tag.to_ascii_uppercase()), tag);
            assert_eq!(pick(&tag.to_ascii_lowercase().replace('-', "_")), tag);
        }
    }

    #[test]
    fn regional_variants_fall_back_to_the_language() {
        assert_eq!(chain("fr-CH"), ["fr"]);
        assert_eq!(chain("de-AT"), ["de"]);
        assert_eq!(chain("nl-BE"), ["nl"]);
        assert_eq!(chain("ms-MY"), ["ms"]);
        assert_eq!(chain("ar-EG"), ["ar"]);
        assert_eq!(chain("sr-Latn-RS"), ["sr"]);
        assert_eq!(pick("fr-CH"), "fr");
        assert_eq!(pick("fr-CA"), "fr");
        assert_eq!(pick("de-AT"), "de");
        assert_eq!(pick("en-GB"), "en");
        assert_eq!(pick("nl-BE"), "nl");
        assert_eq!(pick("ms-MY"), "ms");
        assert_eq!(pick("ar-EG"), "ar");
        assert_eq!(pick("sr-Latn-RS"), "en");
    }

    #[test]
    fn spanish_of_latin_america_uses_es_419_then_es() {
        for tag in ["es-MX", "es-AR", "es-CL", "es-PE", "es-CO", "es-US", "es-419", "es_mx"] {
            assert_eq!(chain(tag), ["es-419", "es"], "{tag}");
            assert_eq!(pick(tag), "es-419", "{tag}");
        }
        assert_eq!(chain("es-ES"), ["es"]);
        assert_eq!(pick("es"), "es");
    }

    #[test]
    fn chinese_by_script_then_region() {
        for tag in ["zh-HK", "zh-MO", "zh-TW", "zh-Hant", "zh-Hant-HK", "zh-Hant-CN", "yue-HK"] {
            assert_eq!(chain(tag), ["zh-TW"], "{tag}");
            assert_eq!(pick(tag), "zh-TW", "{tag}");
        }
        for tag in ["zh", "zh-CN", "zh-SG", "zh-Hans", "zh-Hans-HK", "zh-hans-sg", "ZH_cn"] {
            assert_eq!(chain(tag), ["zh-CN"], "{tag}");
            assert_eq!(pick(tag), "zh-CN", "{tag}");
        }
    }

    #[test]
    fn portuguese_of_brazil_and_of_portugal() {
        assert_eq!(pick("pt-BR"), "pt-BR");
        assert_eq!(pick("pt_br"), "pt-BR");
        assert_eq!(pick("pt-PT"), "pt");
        assert_eq!(pick("pt-AO"), "pt");
        assert_eq!(pick("pt"), "pt");
    }

    #[test]
    fn deprecated_codes_are_understood() {
        assert_eq!(chain("tl"), ["fil"]);
        assert_eq!(chain("tl-PH"), ["fil"]);
        assert_eq!(chain("fil-PH"), ["fil"]);
        assert_eq!(chain("iw"), ["he"]);
        assert_eq!(chain("iw-IL"), ["he"]);
        assert_eq!(chain("in"), ["id"]);
        assert_eq!(chain("in-ID"), ["id"]);
        assert_eq!(pick("tl-PH"), "fil");
        assert_eq!(pick("iw-IL"), "he");
        assert_eq!(pick("in"), "id");
    }

    #[test]
    fn the_option_comes_first_then_browser_languages_in_order_then_english() {
        assert_eq!(resolve(Some("ja"), &["de-DE", "en"]), "ja");
        assert_eq!(resolve(Some("xx"), &["nb-NO", "de-DE", "fr"]), "de");
        assert_eq!(resolve(None, &["nb-NO", "es-AR", "de"]), "es-419");
        assert_eq!(resolve(None, &["en-US", "pl"]), "en");
        assert_eq!(resolve::<&str>(None, &[]), "en");
        assert_eq!(resolve(Some(""), &["", "*", "sv"]), "en");
        assert_eq!(resolve(None, &[String::from("ko-KR")]), "ko");
    }

    #[test]
    fn unknown_or_malformed_tags_have_no_candidates() {
        for tag in ["", " ", "*", "-", "x", "123", "français", "en US!"] {
            assert!(chain(tag).is_empty(), "{tag:?} gave {:?}", chain(tag));
        }
        for tag in ["sv-SE", "zz", "nb"] {
            assert!(candidates(tag).is_empty(), "{tag:?} gave {:?}", candidates(tag));
        }
    }

    #[test]
    fn right_to_left_languages() {
        for tag in ["ar", "ar-SA", "he", "he-IL", "iw", "fa-IR", "ur-PK", "AR", "ku-Arab"] {
            assert_eq!(text_direction(tag), TextDirection::Rtl, "{tag}");
        }
        for tag in ["en", "zh-TW", "ja", "pl", "fil", "", "*", "az-Latn", "uz-Latn-UZ"] {
            assert_eq!(text_direction(tag), TextDirection::Ltr, "{tag}");
        }
        assert_eq!(text_direction("ar").as_attr(), "rtl");
        assert_eq!(text_direction("pl").as_attr(), "ltr");
    }

    proptest! {
        #[test]
        fn any_input_yields_an_available_tag(
            option in proptest::option::of(".{0,24}"),
            browser in proptest::collection::vec("([a-zA-Z]{1,4}([-_][a-zA-Z0-9]{1,8}){0,3})|.{0,12}", 0..5),
        ) {
            let tag = resolve(option.as_deref(), &browser);
            prop_assert!(AVAILABLE.contains(&tag));
            for t in option.iter().chain(&browser) {
                for c in candidates(t) {
                    prop_assert!(AVAILABLE.contains(&c));
                }
                let _ = text_direction(t);
            }
        }
    }
}
