//! Which AMS terminal a browser is: WEB on desktop, WAP in a mobile browser (with its OS).

use ams::{OsType, TerminalType};

use crate::text::contains as has;

/// Classifies a `navigator.userAgent`. iPadOS pretends to be a Mac, so a touch-capable
/// "Macintosh" counts as iOS when the caller says the device has touch points.
pub fn detect_terminal(user_agent: &str, has_touch: bool) -> (TerminalType, Option<OsType>) {
    let ua = user_agent.to_ascii_lowercase();
    let os = if has(&ua, "android") {
        Some(OsType::Android)
    } else if has(&ua, "iphone") || has(&ua, "ipad") || has(&ua, "ipod") || (has(&ua, "macintosh") && has_touch) {
        Some(OsType::Ios)
    } else {
        None
    };
    let mobile = os.is_some() || has(&ua, "mobile");
    match (mobile, os) {
        (true, Some(os)) => (TerminalType::Wap, Some(os)),
        // A mobile browser on an OS AMS does not name: WAP needs an osType, so treat it as WEB.
        _ => (TerminalType::Web, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148";
    const ANDROID: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36";
    const DESKTOP: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/120 Safari/537.36";

    #[test]
    fn phones_are_wap_with_their_os() {
        assert_eq!(detect_terminal(IPHONE, true), (TerminalType::Wap, Some(OsType::Ios)));
        assert_eq!(detect_terminal(ANDROID, true), (TerminalType::Wap, Some(OsType::Android)));
    }

    #[test]
    fn desktops_are_web() {
        assert_eq!(detect_terminal(DESKTOP, false), (TerminalType::Web, None));
        assert_eq!(detect_terminal("", false), (TerminalType::Web, None));
    }

    #[test]
    fn ipad_in_desktop_mode_is_ios() {
        let ipad = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Safari/605.1.15";
        assert_eq!(detect_terminal(ipad, true), (TerminalType::Wap, Some(OsType::Ios)));
        assert_eq!(detect_terminal(ipad, false), (TerminalType::Web, None));
    }
}
