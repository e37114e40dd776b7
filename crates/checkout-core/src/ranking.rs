//! The best few methods open above the folded categories, as the best drop-in checkouts show
//! them: ranked by [`crate::methods::sort_entries`] (shop preference, last used, promotion, the
//! user's region, the backend's order), the first [`MethodPrefs::visible`] available ones shown
//! as methods, the rest folded by category. No method is shown twice.

use ams::{Amount, PaymentOption};

use crate::methods::{group, ranked, MethodEntry, MethodGroup, MethodPrefs};

/// The method page's list: the open top methods, then the folded categories of the rest.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MethodList {
    pub top: Vec<MethodEntry>,
    pub groups: Vec<MethodGroup>,
}

impl MethodList {
    /// Every method, the top ones first.
    pub fn entries(&self) -> impl Iterator<Item = &MethodEntry> {
        self.top.iter().chain(self.groups.iter().flat_map(|g| &g.entries))
    }

    pub fn available_count(&self) -> usize {
        self.entries().filter(|e| e.is_available()).count()
    }

    /// The entry of `method_type`, wherever it is shown.
    pub fn find(&self, method_type: &str) -> Option<&MethodEntry> {
        self.entries().find(|e| e.method_type() == method_type)
    }
}

/// Filter and rank `options` for an order of `amount`, then split off the top ones.
pub fn prepare_list(options: Vec<PaymentOption>, amount: &Amount, prefs: &MethodPrefs) -> MethodList {
    let (top, rest) = split_top(ranked(options, amount, prefs), prefs.visible);
    MethodList { top, groups: group(rest) }
}

/// The first `visible` available entries of a list ranked by [`crate::methods::sort_entries`]
/// (available first), and the others in their order. A method that cannot pay is never on top.
pub fn split_top(mut entries: Vec<MethodEntry>, visible: usize) -> (Vec<MethodEntry>, Vec<MethodEntry>) {
    // Ranked entries hold the available ones first.
    let open = entries.iter().take(visible).take_while(|e| e.is_available()).count();
    let rest = entries.split_off(open);
    (entries, rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn option(method: &str, category: &str, regions: &[&str]) -> PaymentOption {
        let o = crate::methods::tests::option(method, category);
        PaymentOption { payment_method_region: regions.iter().map(|r| (*r).to_owned()).collect(), ..o }
    }

    fn php(minor: u64) -> Amount {
        Amount::from_minor("PHP", minor)
    }

    /// What the sandbox offers for a PHP order, in its order.
    fn philippines() -> Vec<PaymentOption> {
        vec![
            option("MAYA", "WALLET", &["PH"]),
            option("BPI", "ONLINE_BANKING", &["PH"]),
            option("ALIPAY_HK", "ALIPAY_PLUS", &["HK"]),
            option("GCASH", "ALIPAY_PLUS", &["PH"]),
            option("TNG", "ALIPAY_PLUS", &["MY"]),
            option("KAKAOPAY", "ALIPAY_PLUS", &["KR"]),
        ]
    }

    fn types(entries: &[MethodEntry]) -> Vec<&str> {
        entries.iter().map(MethodEntry::method_type).collect()
    }

    #[test]
    fn the_shop_s_preference_leads_the_open_methods() {
        let prefs = MethodPrefs { preferred: vec!["GCASH".into()], visible: 3, ..Default::default() };
        let list = prepare_list(philippines(), &php(35_000), &prefs);
        assert_eq!(types(&list.top), ["GCASH", "MAYA", "BPI"]);
        // The rest, folded: only Alipay+ is left.
        assert_eq!(list.groups.len(), 1);
        assert_eq!(types(&list.groups[0].entries), ["ALIPAY_HK", "TNG", "KAKAOPAY"]);
    }

    #[test]
    fn the_user_s_region_comes_after_preference_last_use_and_promotion() {
        let mut options = philippines();
        options[5].promo_names = vec!["10% off".into()];
        let prefs = MethodPrefs {
            user_region: Some("PH".into()),
            last_used: Some("tng".into()),
            visible: 4,
            ..Default::default()
        };
        let list = prepare_list(options, &php(35_000), &prefs);
        assert_eq!(types(&list.top), ["TNG", "KAKAOPAY", "MAYA", "BPI"]);
        assert_eq!(types(&list.groups[0].entries), ["GCASH", "ALIPAY_HK"]);
    }

    #[test]
    fn with_the_region_alone_its_methods_open_in_the_backend_s_order() {
        let prefs = MethodPrefs { user_region: Some("ph".into()), visible: 1, ..Default::default() };
        let mut options = philippines();
        options.rotate_left(3); // the backend lists GCash first
        let list = prepare_list(options, &php(35_000), &prefs);
        assert_eq!(types(&list.top), ["GCASH"]);
        assert!(list.top[0].in_region);
        let folded: Vec<&str> = list.groups.iter().flat_map(|g| types(&g.entries)).collect();
        assert_eq!(folded, ["MAYA", "BPI", "TNG", "KAKAOPAY", "ALIPAY_HK"]);
    }

    #[test]
    fn zero_visible_folds_everything_as_before() {
        let prefs = MethodPrefs { user_region: Some("PH".into()), ..Default::default() };
        let list = prepare_list(philippines(), &php(35_000), &prefs);
        assert!(list.top.is_empty());
        assert_eq!(list.groups, crate::methods::prepare(philippines(), &php(35_000), &prefs));
    }

    #[test]
    fn unavailable_methods_are_never_on_top_and_a_short_list_opens_whole() {
        let mut options = philippines();
        options[0].enabled = false;
        let prefs = MethodPrefs { preferred: vec!["MAYA".into()], visible: 2, ..Default::default() };
        let list = prepare_list(options.clone(), &php(35_000), &prefs);
        assert_eq!(types(&list.top), ["BPI", "ALIPAY_HK"]);
        assert_eq!(list.find("MAYA").map(MethodEntry::is_available), Some(false));
        assert_eq!(list.available_count(), 5);
        let all = prepare_list(options, &php(35_000), &MethodPrefs { visible: 10, ..Default::default() });
        assert_eq!(all.top.len(), 5);
        assert_eq!(types(&all.groups[0].entries), ["MAYA"], "the method that cannot pay stays folded");
        assert!(prepare_list(vec![], &php(1), &prefs).entries().next().is_none());
    }

    const TYPES: [&str; 6] = ["A", "B", "C", "D", "E", "F"];
    const CATEGORIES: [&str; 4] = ["WALLET", "ALIPAY_PLUS", "ONLINE_BANKING", "OTC"];

    fn arb_option() -> impl Strategy<Value = PaymentOption> {
        (0..TYPES.len(), 0..CATEGORIES.len(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(t, c, enabled, promo, ph)| {
                let mut o = option(TYPES[t], CATEGORIES[c], if ph { &["PH"] } else { &["SG"] });
                o.enabled = enabled;
                if promo {
                    o.promo_names = vec!["promo".into()];
                }
                o
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        /// The top methods and the folded rest together are the input, each method once.
        #[test]
        fn top_and_folded_rest_are_a_permutation_of_the_input(
            options in proptest::collection::vec(arb_option(), 0..12),
            visible in 0usize..8,
            preferred in proptest::collection::vec(0..TYPES.len(), 0..3),
            last in proptest::option::of(0..TYPES.len()),
            region in any::<bool>(),
        ) {
            let prefs = MethodPrefs {
                preferred: preferred.iter().map(|&i| TYPES[i].to_owned()).collect(),
                last_used: last.map(|i| TYPES[i].to_owned()),
                user_region: region.then(|| "PH".to_owned()),
                visible,
                hide_unavailable: false,
            };
            let list = prepare_list(options.clone(), &php(100), &prefs);
            let mut shown: Vec<PaymentOption> = list.entries().map(|e| e.option.clone()).collect();
            let mut input = options.clone();
            let key = |o: &PaymentOption| format!("{o:?}");
            shown.sort_by_key(key);
            input.sort_by_key(key);
            prop_assert_eq!(shown, input);
            let available = options.iter().filter(|o| o.enabled).count();
            prop_assert_eq!(list.top.len(), visible.min(available));
            prop_assert!(list.top.iter().all(MethodEntry::is_available));
            // Each category appears once among the folded groups.
            let mut keys: Vec<_> = list.groups.iter().map(|g| g.category).collect();
            let n = keys.len();
            keys.dedup();
            prop_assert_eq!(keys.len(), n);
        }
    }
}
