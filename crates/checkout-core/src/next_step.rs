//! Turning a started payment's continuation into what the widget does next.
//!
//! Integration guide, Step 2 "Invoke the payment process":
//! - WEB: go to `normalUrl` (same tab, or a new tab while this page keeps watching the status);
//!   when `orderCodeForm` comes, show the codes here and offer `normalUrl` as a secondary link.
//! - WAP and APP (the widget is a web page in a mobile browser or a WebView): try `schemeUrl`,
//!   then `applinkUrl`, then `normalUrl`, moving on when the page stays visible (the app did not
//!   open). An app is the better experience on a phone, so it wins over on-page codes.
//!
//! Every URL passes `url_safety` first; an unsafe one is dropped, never opened.

use ams::TerminalType;

use crate::code_display::{codes_view, CodesView};
use crate::merchant_api::Continuation;
use crate::url_safety::{check_app_url, check_web_url, UrlRefusal};

/// How long to watch for the page being hidden after a deep link (`schemeUrl`) before
/// concluding that no app took it. Apps usually come up well within a second; slow phones and
/// the "Open in app?" sheet of some in-app browsers need more.
pub const SCHEME_WAIT_MS: u32 = 1500;
/// The same for an App Link / Universal Link, which the OS resolves more slowly and which some
/// WebViews load as a page instead.
pub const APPLINK_WAIT_MS: u32 = 2500;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NextStepOptions {
    /// WEB only: open the payment page in a new tab and keep watching the status here.
    /// Mobile browsers and WebViews often block or lose new tabs, so WAP/APP stay in this tab.
    pub open_in_new_tab: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttemptKind {
    /// `schemeUrl`: a custom-scheme deep link that only an installed app can take.
    Scheme,
    /// `applinkUrl`: an App Link / Universal Link; opens the app, or else loads as a web page.
    AppLink,
    /// `normalUrl`: the provider's web page.
    Web,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppAttempt {
    pub url: String,
    pub kind: AttemptKind,
    /// How long to wait for the page to become hidden before trying the next attempt. When it
    /// is the last attempt: 0 if it leaves the page anyway (a web URL), otherwise the time after
    /// which the widget says the app did not open.
    pub wait_ms: u32,
}

/// Ordered attempts to open the payment app, falling back to the web page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppLaunchPlan {
    pub attempts: Vec<AppAttempt>,
}

impl AppLaunchPlan {
    /// Whether the plan ends on a web page, so the user always gets somewhere.
    pub fn ends_on_web_page(&self) -> bool {
        self.attempts.last().is_some_and(|a| a.kind != AttemptKind::Scheme)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NextStep {
    /// Send the browser to this web page (the provider's hosted payment page).
    Redirect { url: String, new_tab: bool },
    /// Mobile: try the attempts in order.
    OpenApp(AppLaunchPlan),
    /// Show the codes on this page; `also_url` is a checked web page the user may prefer.
    ShowCodes { codes: CodesView, also_url: Option<String> },
    /// Nothing to open or show: wait for the status.
    Wait,
    /// The backend sent only things the widget must not open.
    Refused(UrlRefusal),
}

/// The continuation's URLs after the safety checks, plus the first refusal met.
#[derive(Default)]
struct CheckedUrls {
    scheme: Option<String>,
    applink: Option<String>,
    normal: Option<String>,
    refusal: Option<UrlRefusal>,
}

impl CheckedUrls {
    fn of(c: &Continuation) -> Self {
        let mut out = CheckedUrls::default();
        out.scheme = out.keep(c.scheme_url.as_deref(), check_app_url);
        out.applink = out.keep(c.applink_url.as_deref(), check_web_url);
        out.normal = out.keep(c.normal_url.as_deref(), check_web_url);
        out
    }

    /// `url` if present and safe; an unsafe one is remembered as the reason, an absent or
    /// blank one (servers send `""` for "none") is simply absent.
    fn keep(&mut self, url: Option<&str>, check: fn(&str) -> Result<(), UrlRefusal>) -> Option<String> {
        let url = url.filter(|u| !u.trim().is_empty())?;
        match check(url) {
            Ok(()) => Some(url.to_owned()),
            Err(why) => {
                self.refusal.get_or_insert(why);
                None
            }
        }
    }

    /// A page a desktop browser can show: `normalUrl`, else `applinkUrl` (which loads as a page).
    fn web_page(&self) -> Option<&String> {
        self.normal.as_ref().or(self.applink.as_ref())
    }

    fn nothing_left(self) -> NextStep {
        match self.refusal {
            Some(why) => NextStep::Refused(why),
            None => NextStep::Wait,
        }
    }
}

fn app_plan(urls: &CheckedUrls) -> AppLaunchPlan {
    let mut attempts: Vec<AppAttempt> = Vec::new();
    let candidates = [
        (&urls.scheme, AttemptKind::Scheme, SCHEME_WAIT_MS),
        (&urls.applink, AttemptKind::AppLink, APPLINK_WAIT_MS),
        (&urls.normal, AttemptKind::Web, 0),
    ];
    for (url, kind, wait_ms) in candidates {
        let Some(url) = url else { continue };
        // Servers sometimes send the same page as applinkUrl and normalUrl: try it once.
        if !attempts.iter().any(|a| &a.url == url) {
            attempts.push(AppAttempt { url: url.clone(), kind, wait_ms });
        }
    }
    if let Some(last) = attempts.last_mut() {
        if last.kind != AttemptKind::Scheme {
            last.wait_ms = 0;
        }
    }
    AppLaunchPlan { attempts }
}

/// The next step after a payment was started from a `terminal`.
pub fn next_step(c: &Continuation, terminal: &TerminalType, opts: &NextStepOptions) -> NextStep {
    let urls = CheckedUrls::of(c);
    let codes = c.order_code_form.as_ref().map(codes_view).filter(|v| !v.is_empty());

    let mobile = match terminal {
        TerminalType::Web => false,
        TerminalType::Wap | TerminalType::App => true,
        // An unknown terminal: a page in this tab is what works everywhere.
        TerminalType::Unknown(_) => false,
    };

    if mobile {
        if urls.scheme.is_some() || urls.applink.is_some() {
            return NextStep::OpenApp(app_plan(&urls));
        }
        if let Some(codes) = codes {
            return NextStep::ShowCodes { codes, also_url: urls.normal };
        }
        return match urls.normal {
            Some(url) => NextStep::Redirect { url, new_tab: false },
            None => urls.nothing_left(),
        };
    }

    // Desktop: a schemeUrl has no app to open here, so it is ignored.
    if let Some(codes) = codes {
        return NextStep::ShowCodes { codes, also_url: urls.web_page().cloned() };
    }
    match urls.web_page() {
        Some(url) => NextStep::Redirect { url: url.clone(), new_tab: opts.open_in_new_tab },
        None => urls.nothing_left(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ams::{CodeDetail, CodeValueType, DisplayType, OrderCodeForm};

    const NORMAL: &str = "https://pay.example/page";
    const APPLINK: &str = "https://applink.example/pay";
    const SCHEME: &str = "gcash://pay?id=1";

    const HOSTILE_WEB: &[&str] = &[
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://pay.example/page",
        "http://127.0.0.1@evil.example/",
        "https:\\\\evil.example",
        "vbscript:msgbox(1)",
    ];
    const HOSTILE_SCHEME: &[&str] =
        &["javascript:alert(1)", "data:,x", "file:///etc/passwd", "https://x.example", "http://x"];

    fn qr_form() -> OrderCodeForm {
        OrderCodeForm {
            expire_time: Some("2026-01-01T12:14:00+08:00".into()),
            code_details: vec![CodeDetail {
                code_value_type: CodeValueType::QrCode,
                code_value: "qr-payload".into(),
                display_type: DisplayType::MiddleImage,
            }],
        }
    }

    fn cont(normal: Option<&str>, applink: Option<&str>, scheme: Option<&str>, codes: bool) -> Continuation {
        Continuation {
            normal_url: normal.map(Into::into),
            applink_url: applink.map(Into::into),
            scheme_url: scheme.map(Into::into),
            app_identifier: None,
            order_code_form: codes.then(qr_form),
        }
    }

    fn step(c: &Continuation, terminal: TerminalType) -> NextStep {
        next_step(c, &terminal, &NextStepOptions::default())
    }

    fn plan_of(s: NextStep) -> Vec<(String, AttemptKind, u32)> {
        match s {
            NextStep::OpenApp(p) => p.attempts.into_iter().map(|a| (a.url, a.kind, a.wait_ms)).collect(),
            other => panic!("expected an app plan, got {other:?}"),
        }
    }

    #[test]
    fn web_goes_to_the_normal_url_in_this_tab_or_a_new_one() {
        let c = cont(Some(NORMAL), None, None, false);
        assert_eq!(step(&c, TerminalType::Web), NextStep::Redirect { url: NORMAL.into(), new_tab: false });
        let opts = NextStepOptions { open_in_new_tab: true };
        assert_eq!(next_step(&c, &TerminalType::Web, &opts), NextStep::Redirect { url: NORMAL.into(), new_tab: true });
        // On a phone a new tab is not honoured.
        assert_eq!(next_step(&c, &TerminalType::Wap, &opts), NextStep::Redirect { url: NORMAL.into(), new_tab: false });
    }

    #[test]
    fn web_falls_back_to_the_applink_as_a_page_and_ignores_schemes() {
        let c = cont(None, Some(APPLINK), Some(SCHEME), false);
        assert_eq!(step(&c, TerminalType::Web), NextStep::Redirect { url: APPLINK.into(), new_tab: false });
        assert_eq!(step(&cont(None, None, Some(SCHEME), false), TerminalType::Web), NextStep::Wait);
        let both = cont(Some(NORMAL), Some(APPLINK), None, false);
        assert_eq!(step(&both, TerminalType::Web), NextStep::Redirect { url: NORMAL.into(), new_tab: false });
    }

    #[test]
    fn web_with_codes_shows_them_and_offers_the_page() {
        let expected_codes = codes_view(&qr_form());
        assert_eq!(
            step(&cont(Some(NORMAL), Some(APPLINK), Some(SCHEME), true), TerminalType::Web),
            NextStep::ShowCodes { codes: expected_codes.clone(), also_url: Some(NORMAL.into()) }
        );
        assert_eq!(
            step(&cont(None, None, None, true), TerminalType::Web),
            NextStep::ShowCodes { codes: expected_codes.clone(), also_url: None }
        );
        // A hostile page next to good codes: the codes still help, the page is never offered.
        assert_eq!(
            step(&cont(Some("javascript:alert(1)"), None, None, true), TerminalType::Web),
            NextStep::ShowCodes { codes: expected_codes, also_url: None }
        );
    }

    #[test]
    fn empty_codes_count_as_no_codes() {
        let mut c = cont(Some(NORMAL), None, None, true);
        c.order_code_form.as_mut().unwrap().code_details[0].code_value = " ".into();
        assert_eq!(step(&c, TerminalType::Web), NextStep::Redirect { url: NORMAL.into(), new_tab: false });
        c.normal_url = None;
        assert_eq!(step(&c, TerminalType::Web), NextStep::Wait);
    }

    #[test]
    fn mobile_tries_scheme_then_applink_then_page() {
        for terminal in [TerminalType::Wap, TerminalType::App] {
            let plan = plan_of(step(&cont(Some(NORMAL), Some(APPLINK), Some(SCHEME), false), terminal.clone()));
            assert_eq!(
                plan,
                [
                    (SCHEME.into(), AttemptKind::Scheme, SCHEME_WAIT_MS),
                    (APPLINK.into(), AttemptKind::AppLink, APPLINK_WAIT_MS),
                    (NORMAL.into(), AttemptKind::Web, 0),
                ]
            );
        }
    }

    #[test]
    fn mobile_plan_shapes_for_every_url_combination() {
        let s = |x| (String::from(x), AttemptKind::Scheme, SCHEME_WAIT_MS);
        let plan = |n, a, sc| plan_of(step(&cont(n, a, sc, false), TerminalType::Wap));
        assert_eq!(plan(Some(NORMAL), None, Some(SCHEME)), [s(SCHEME), (NORMAL.into(), AttemptKind::Web, 0)]);
        assert_eq!(plan(None, Some(APPLINK), Some(SCHEME)), [s(SCHEME), (APPLINK.into(), AttemptKind::AppLink, 0)]);
        assert_eq!(
            plan(Some(NORMAL), Some(APPLINK), None),
            [(APPLINK.into(), AttemptKind::AppLink, APPLINK_WAIT_MS), (NORMAL.into(), AttemptKind::Web, 0)]
        );
        assert_eq!(plan(None, Some(APPLINK), None), [(APPLINK.into(), AttemptKind::AppLink, 0)]);
        // A lone scheme keeps its wait: after it the widget says the app did not open.
        let lone = plan(None, None, Some(SCHEME));
        assert_eq!(lone, [s(SCHEME)]);
        // The same page as app link and normal URL is tried once.
        assert_eq!(plan(Some(NORMAL), Some(NORMAL), None), [(NORMAL.into(), AttemptKind::AppLink, 0)]);
        // Only a page: a plain redirect.
        assert_eq!(
            step(&cont(Some(NORMAL), None, None, false), TerminalType::Wap),
            NextStep::Redirect { url: NORMAL.into(), new_tab: false }
        );
        assert_eq!(step(&cont(None, None, None, false), TerminalType::App), NextStep::Wait);
    }

    #[test]
    fn plan_ends_on_a_web_page_unless_only_a_scheme_remains() {
        let full = step(&cont(Some(NORMAL), None, Some(SCHEME), false), TerminalType::Wap);
        let NextStep::OpenApp(full) = full else { panic!() };
        assert!(full.ends_on_web_page());
        let lone = step(&cont(None, None, Some(SCHEME), false), TerminalType::Wap);
        let NextStep::OpenApp(lone) = lone else { panic!() };
        assert!(!lone.ends_on_web_page());
    }

    #[test]
    fn mobile_prefers_the_app_over_codes_and_codes_over_a_page() {
        assert!(matches!(step(&cont(Some(NORMAL), None, Some(SCHEME), true), TerminalType::Wap), NextStep::OpenApp(_)));
        assert!(matches!(step(&cont(None, Some(APPLINK), None, true), TerminalType::App), NextStep::OpenApp(_)));
        assert_eq!(
            step(&cont(Some(NORMAL), None, None, true), TerminalType::Wap),
            NextStep::ShowCodes { codes: codes_view(&qr_form()), also_url: Some(NORMAL.into()) }
        );
        assert_eq!(
            step(&cont(None, None, Some("javascript:alert(1)"), true), TerminalType::Wap),
            NextStep::ShowCodes { codes: codes_view(&qr_form()), also_url: None }
        );
    }

    #[test]
    fn hostile_urls_are_refused_not_opened() {
        for bad in HOSTILE_WEB {
            for terminal in [TerminalType::Web, TerminalType::Wap, TerminalType::App] {
                let only_bad = cont(Some(bad), Some(bad), None, false);
                assert!(matches!(step(&only_bad, terminal.clone()), NextStep::Refused(_)), "{bad} {terminal}");
            }
        }
        for bad in HOSTILE_SCHEME {
            assert!(
                matches!(step(&cont(None, None, Some(bad), false), TerminalType::Wap), NextStep::Refused(_)),
                "{bad}"
            );
        }
        assert_eq!(
            step(&cont(Some("javascript:alert(1)"), None, None, false), TerminalType::Web),
            NextStep::Refused(UrlRefusal::DangerousScheme("javascript".into()))
        );
    }

    #[test]
    fn hostile_urls_are_dropped_and_the_safe_ones_kept() {
        for bad in HOSTILE_WEB {
            let plan = plan_of(step(&cont(Some(bad), Some(APPLINK), Some(SCHEME), false), TerminalType::Wap));
            assert_eq!(plan.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(), [SCHEME, APPLINK], "{bad}");
            assert_eq!(
                step(&cont(Some(bad), Some(APPLINK), None, false), TerminalType::Web),
                NextStep::Redirect { url: APPLINK.into(), new_tab: false }
            );
        }
        for bad in HOSTILE_SCHEME {
            let plan = plan_of(step(&cont(Some(NORMAL), Some(APPLINK), Some(bad), false), TerminalType::App));
            assert!(plan.iter().all(|a| a.1 != AttemptKind::Scheme), "{bad}");
        }
    }

    #[test]
    fn blank_urls_are_absent_not_hostile() {
        assert_eq!(step(&cont(Some(""), Some(" "), Some(""), false), TerminalType::Wap), NextStep::Wait);
        assert_eq!(step(&cont(Some(""), None, None, false), TerminalType::Web), NextStep::Wait);
    }

    #[test]
    fn nothing_to_open_means_wait() {
        for terminal in [TerminalType::Web, TerminalType::Wap, TerminalType::App, TerminalType::Unknown("TV".into())] {
            assert_eq!(step(&Continuation::default(), terminal), NextStep::Wait);
        }
    }
}
