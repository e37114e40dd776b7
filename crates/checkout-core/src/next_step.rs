//! Turning a started payment's continuation into what the widget does next.

use crate::merchant_api::Continuation;
use crate::url_safety::{check_web_url, UrlRefusal};
use ams::TerminalType;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Send the browser to this web page (hosted payment page).
    Redirect(String),
    /// Nothing to open: wait for the status.
    Wait,
    /// The backend answered with something the widget must not open.
    Refused(UrlRefusal),
}

/// The next step for `terminal`. Web: the `normalUrl` (or the `applinkUrl`, which also works as
/// a web page) in this tab.
pub fn next_step(continuation: &Continuation, _terminal: &TerminalType) -> NextStep {
    let web = continuation.normal_url.as_deref().or(continuation.applink_url.as_deref());
    match web {
        Some(url) => match check_web_url(url) {
            Ok(()) => NextStep::Redirect(url.to_owned()),
            Err(why) => NextStep::Refused(why),
        },
        None => NextStep::Wait,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_goes_to_the_normal_url() {
        let c = Continuation { normal_url: Some("https://pay.example/x".into()), ..Default::default() };
        assert_eq!(next_step(&c, &TerminalType::Web), NextStep::Redirect("https://pay.example/x".into()));
    }

    #[test]
    fn hostile_urls_are_refused_not_opened() {
        let c = Continuation { normal_url: Some("javascript:alert(1)".into()), ..Default::default() };
        assert!(matches!(next_step(&c, &TerminalType::Web), NextStep::Refused(_)));
    }

    #[test]
    fn nothing_to_open_means_wait() {
        assert_eq!(next_step(&Continuation::default(), &TerminalType::Web), NextStep::Wait);
    }
}
