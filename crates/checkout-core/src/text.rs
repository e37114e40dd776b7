//! String helpers written for the size of the widget's bundle.

/// Whether `needle` occurs in `haystack`, like `str::contains`, by comparing each window of
/// bytes. `str::contains` brings the Two-Way searcher (about 1.3 KB of wasm) for texts that are
/// a bank name or a user agent long; this loop is a few dozen bytes.
pub fn contains(haystack: &str, needle: &str) -> bool {
    needle.is_empty() || haystack.as_bytes().windows(needle.len()).any(|window| window == needle.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::contains;
    use proptest::prelude::*;

    #[test]
    fn finds_what_str_contains_finds() {
        assert!(contains("abn amro", "amro"));
        assert!(contains("abc", ""));
        assert!(contains("", ""));
        assert!(!contains("", "a"));
        assert!(!contains("ab", "abc"));
        assert!(contains("café", "fé"));
    }

    proptest! {
        #[test]
        fn agrees_with_str_contains(haystack in "[a-c\u{e9}]{0,12}", needle in "[a-c\u{e9}]{0,4}") {
            prop_assert_eq!(contains(&haystack, &needle), haystack.contains(needle.as_str()));
        }
    }
}
