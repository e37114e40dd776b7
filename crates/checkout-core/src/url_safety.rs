//! Which URLs the widget may navigate to (DESIGN.md, Rules).
//!
//! `https:` anywhere; `http:` only to loopback (the sandbox); an app scheme for deep links,
//! never `javascript:`, `data:`, `file:`, `vbscript:` or `blob:`. Hand-written on purpose: a URL
//! crate would cost the wasm bundle more than these rules are worth, and the rules are strict
//! enough that anything unusual is simply refused.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UrlRefusal {
    Empty,
    /// Spaces, control characters or backslashes, which browsers "repair" unpredictably.
    Malformed,
    /// A scheme that can run code or read local data.
    DangerousScheme(String),
    /// Plain http to a host that is not loopback.
    InsecureHttp,
    /// A web URL where an app scheme was expected, or the reverse.
    WrongKind,
}

impl std::fmt::Display for UrlRefusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Empty => f.write_str("the address is empty"),
            Self::Malformed => f.write_str("the address is malformed"),
            Self::DangerousScheme(s) => write!(f, "the address uses the forbidden scheme \"{s}\""),
            Self::InsecureHttp => f.write_str("the address is not secure (http)"),
            Self::WrongKind => f.write_str("the address is not of the expected kind"),
        }
    }
}

const FORBIDDEN_SCHEMES: &[&str] = &["javascript", "data", "file", "vbscript", "blob", "about", "filesystem"];

/// Splits `scheme:rest`, lower-casing the scheme; `None` when there is no valid scheme.
fn split_scheme(url: &str) -> Option<(String, &str)> {
    let (scheme, rest) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (first_ok && rest_ok).then(|| (scheme.to_ascii_lowercase(), rest))
}

fn basic_checks(url: &str) -> Result<(String, &str), UrlRefusal> {
    if url.trim().is_empty() {
        return Err(UrlRefusal::Empty);
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || c == '\\') {
        return Err(UrlRefusal::Malformed);
    }
    let (scheme, rest) = split_scheme(url).ok_or(UrlRefusal::Malformed)?;
    if FORBIDDEN_SCHEMES.contains(&scheme.as_str()) {
        return Err(UrlRefusal::DangerousScheme(scheme));
    }
    Ok((scheme, rest))
}

/// The host of `//[userinfo@]host[:port]/...`, lower-cased. Cut at ASCII bytes (always char
/// boundaries) rather than with `split`/`rsplit`, whose searchers weigh in the widget's bundle.
fn authority_host(rest: &str) -> Option<String> {
    let after = rest.strip_prefix("//")?;
    let authority = &after[..after.bytes().position(|b| matches!(b, b'/' | b'?' | b'#')).unwrap_or(after.len())];
    let host_port = &authority[authority.bytes().rposition(|b| b == b'@').map_or(0, |at| at + 1)..];
    let host = if let Some(v6) = host_port.strip_prefix('[') {
        format!("[{}]", &v6[..v6.bytes().position(|b| b == b']').unwrap_or(v6.len())])
    } else {
        host_port[..host_port.bytes().position(|b| b == b':').unwrap_or(host_port.len())].to_owned()
    };
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

fn is_loopback(host: &str) -> bool {
    if host == "localhost" || host == "[::1]" {
        return true;
    }
    let mut parts = 0;
    host.starts_with("127.")
        && host.split('.').all(|p| {
            parts += 1;
            !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok()
        })
        && parts == 4
}

/// A URL the page may navigate to or open in a new tab.
pub fn check_web_url(url: &str) -> Result<(), UrlRefusal> {
    let (scheme, rest) = basic_checks(url)?;
    let host = authority_host(rest).ok_or(UrlRefusal::Malformed)?;
    match scheme.as_str() {
        "https" => Ok(()),
        "http" if is_loopback(&host) => Ok(()),
        "http" => Err(UrlRefusal::InsecureHttp),
        _ => Err(UrlRefusal::WrongKind),
    }
}

/// A deep link that opens a payment app: a custom scheme, never a web or dangerous one.
pub fn check_app_url(url: &str) -> Result<(), UrlRefusal> {
    let (scheme, _) = basic_checks(url)?;
    match scheme.as_str() {
        "http" | "https" | "ftp" | "ws" | "wss" | "mailto" | "tel" | "sms" => Err(UrlRefusal::WrongKind),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The host and loopback rules as first written with `split`: the byte-cut versions must agree.
    fn split_authority_host(rest: &str) -> Option<String> {
        let after = rest.strip_prefix("//")?;
        let authority = after.split(['/', '?', '#']).next().unwrap_or("");
        let host_port = authority.rsplit('@').next().unwrap_or("");
        let host = if let Some(v6) = host_port.strip_prefix('[') {
            format!("[{}]", v6.split(']').next()?)
        } else {
            host_port.split(':').next().unwrap_or("").to_owned()
        };
        (!host.is_empty()).then(|| host.to_ascii_lowercase())
    }

    fn split_is_loopback(host: &str) -> bool {
        let parts: Vec<&str> = host.split('.').collect();
        host == "localhost"
            || host == "[::1]"
            || (parts.len() == 4
                && parts[0] == "127"
                && parts.iter().all(|p| !p.is_empty() && p.len() <= 3 && p.parse::<u8>().is_ok()))
    }

    proptest! {
        #[test]
        fn the_host_is_cut_as_split_would(rest in "(//)?[a-c1-2\u{e9}/?#@:.\\[\\]]{0,16}") {
            prop_assert_eq!(authority_host(&rest), split_authority_host(&rest));
        }

        #[test]
        fn loopback_is_decided_as_split_would(host in "(127|localhost|\\[::1\\])?[0-9.]{0,12}") {
            prop_assert_eq!(is_loopback(&host), split_is_loopback(&host));
        }
    }

    #[test]
    fn https_is_allowed_everywhere() {
        assert_eq!(check_web_url("https://pay.example.com/p?x=1"), Ok(()));
        assert_eq!(check_web_url("HTTPS://PAY.EXAMPLE.COM"), Ok(()));
    }

    #[test]
    fn http_only_to_loopback() {
        assert_eq!(check_web_url("http://127.0.0.1:8080/sandbox"), Ok(()));
        assert_eq!(check_web_url("http://localhost/x"), Ok(()));
        assert_eq!(check_web_url("http://[::1]:80/x"), Ok(()));
        assert_eq!(check_web_url("http://example.com/"), Err(UrlRefusal::InsecureHttp));
        // userinfo must not disguise the real host
        assert_eq!(check_web_url("http://127.0.0.1@evil.com/"), Err(UrlRefusal::InsecureHttp));
        assert_eq!(check_web_url("http://127.0.0.1.evil.com/"), Err(UrlRefusal::InsecureHttp));
    }

    #[test]
    fn dangerous_and_malformed_urls_are_refused() {
        for bad in
            ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,x", "file:///etc/passwd", "vbscript:x"]
        {
            assert!(matches!(check_web_url(bad), Err(UrlRefusal::DangerousScheme(_))), "{bad}");
            assert!(matches!(check_app_url(bad), Err(UrlRefusal::DangerousScheme(_))), "{bad}");
        }
        assert_eq!(check_web_url(""), Err(UrlRefusal::Empty));
        assert_eq!(check_web_url("java\nscript:alert(1)"), Err(UrlRefusal::Malformed));
        assert_eq!(check_web_url("https:\\\\evil.com"), Err(UrlRefusal::Malformed));
        assert_eq!(check_web_url("//evil.com"), Err(UrlRefusal::Malformed));
        assert_eq!(check_web_url("https:evil.com"), Err(UrlRefusal::Malformed));
    }

    #[test]
    fn app_urls_are_custom_schemes() {
        assert_eq!(check_app_url("gcash://pay?id=1"), Ok(()));
        assert_eq!(check_app_url("alipayhk://platformapi/startapp"), Ok(()));
        assert_eq!(check_app_url("https://x.com"), Err(UrlRefusal::WrongKind));
    }
}
