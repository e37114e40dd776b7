//! A payer's email address, checked pragmatically: enough to catch typos, never so strict
//! that a real address is refused (the provider does the real check).

use super::FieldError;

/// The longest address SMTP can carry.
pub const MAX_LEN: usize = 254;
/// The longest local part (before the @).
const MAX_LOCAL_LEN: usize = 64;

/// The address, trimmed. Rules: at most 254 characters, no spaces or control characters,
/// exactly one @, a non-empty local part of at most 64 characters, and a domain of at least
/// two non-empty dot-separated labels made of letters, digits and inner hyphens.
pub fn validate(raw: &str) -> Result<String, FieldError> {
    let address = raw.trim();
    let ok = address.chars().count() <= MAX_LEN
        && !address.chars().any(|c| c.is_whitespace() || c.is_control())
        && match address.split_once('@') {
            Some((local, domain)) => valid_local(local) && valid_domain(domain),
            None => false,
        };
    if ok {
        Ok(address.to_owned())
    } else {
        Err(FieldError::EmailFormat)
    }
}

fn valid_local(local: &str) -> bool {
    !local.is_empty() && local.chars().count() <= MAX_LOCAL_LEN
}

fn valid_domain(domain: &str) -> bool {
    // A second @ ends up here and fails the label rule.
    domain.contains('.') && domain.split('.').all(valid_label)
}

fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && !label.starts_with('-')
        && !label.ends_with('-')
        // Internationalised labels: any non-ASCII character but spaces and controls (the
        // Unicode alphabet tables cost the widget several KB for no real check).
        && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || (!c.is_ascii() && !c.is_whitespace() && !c.is_control()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn examples() {
        for good in [
            "123456@alipay.com",
            "email@example.com",
            "first.last+tag@mail.example.co.uk",
            "  ana@example.pl ",
            "joão@exemplo.com.br",
            "ana@münchen.example",
            "user@xn--bcher-kva.example",
            "o'brien@example.ie",
        ] {
            assert_eq!(validate(good), Ok(good.trim().to_owned()), "{good}");
        }
        for bad in [
            "plainaddress",
            "@example.com",
            "ana@",
            "ana@example",
            "ana@@example.com",
            "ana@b@example.com",
            "ana @example.com",
            "ana@exa mple.com",
            "ana@.example.com",
            "ana@example.com.",
            "ana@example..com",
            "ana@-example.com",
            "ana@example-.com",
            "ana@exa_mple.com",
            "ana\u{0}@example.com",
        ] {
            assert_eq!(validate(bad), Err(FieldError::EmailFormat), "{bad:?}");
        }
    }

    #[test]
    fn length_limits() {
        let local = "a".repeat(64);
        assert!(validate(&format!("{local}@example.com")).is_ok());
        assert!(validate(&format!("a{local}@example.com")).is_err());
        let domain = format!("{}.com", vec!["b".repeat(60); 4].join("."));
        let at_limit = format!("{}@{domain}", "a".repeat(MAX_LEN - 1 - domain.len()));
        assert_eq!(at_limit.len(), MAX_LEN);
        assert!(validate(&at_limit).is_ok());
        assert!(validate(&format!("a{at_limit}")).is_err());
    }

    fn valid_address() -> impl Strategy<Value = String> {
        ("[a-z0-9._%+'-]{1,20}", prop::collection::vec("[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?", 2..4))
            .prop_map(|(local, labels)| format!("{local}@{}", labels.join(".")))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn generated_addresses_are_valid(address in valid_address()) {
            prop_assert_eq!(validate(&address), Ok(address.clone()));
            prop_assert_eq!(validate(&format!("  {address}\n")), Ok(address));
        }

        #[test]
        fn an_inner_space_is_invalid(address in valid_address(), at in any::<prop::sample::Index>()) {
            let cut = at.index(address.len() - 1) + 1;
            let spaced = format!("{} {}", &address[..cut], &address[cut..]);
            prop_assert_eq!(validate(&spaced), Err(FieldError::EmailFormat));
        }

        #[test]
        fn a_second_at_is_invalid(address in valid_address(), at in any::<prop::sample::Index>()) {
            let cut = at.index(address.len() + 1);
            let doubled = format!("{}@{}", &address[..cut], &address[cut..]);
            prop_assert_eq!(validate(&doubled), Err(FieldError::EmailFormat));
        }

        #[test]
        fn a_domain_without_a_dot_is_invalid(local in "[a-z0-9.]{1,20}", domain in "[a-z0-9-]{1,20}") {
            prop_assert_eq!(validate(&format!("{local}@{domain}")), Err(FieldError::EmailFormat));
        }

        #[test]
        fn an_empty_label_is_invalid(address in valid_address()) {
            let (local, domain) = address.split_once('@').unwrap();
            for broken in [format!("{local}@.{domain}"), format!("{local}@{domain}."), format!("{local}@{}", domain.replacen('.', "..", 1))] {
                prop_assert_eq!(validate(&broken), Err(FieldError::EmailFormat), "{}", broken);
            }
        }

        #[test]
        fn never_panics(raw in "\\PC{0,300}") {
            let _ = validate(&raw);
        }
    }
}
