//! Time left to pay: arithmetic, a compact display, and when a screen reader should hear it.
//!
//! The widget ticks every second for sighted users, but a live region updated every second
//! would drown a screen reader; `announce` picks the few moments worth saying out loud.

use crate::iso_time::parse_iso8601_ms;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    /// Milliseconds left, never negative (0 once expired).
    pub total_ms: i64,
    /// The parts of the whole seconds left, rounded up so "0:00" shows only at expiry.
    pub days: u64,
    pub hours: u32,
    pub minutes: u32,
    pub seconds: u32,
    pub expired: bool,
}

impl Remaining {
    /// Whole seconds left, rounded up.
    pub fn total_seconds(&self) -> u64 {
        (self.total_ms as u64).div_ceil(1000)
    }
}

pub fn remaining(expires_at_ms: i64, now_ms: i64) -> Remaining {
    let total_ms = expires_at_ms.saturating_sub(now_ms).max(0);
    let secs = (total_ms as u64).div_ceil(1000);
    Remaining {
        total_ms,
        days: secs / 86_400,
        hours: (secs % 86_400 / 3600) as u32,
        minutes: (secs % 3600 / 60) as u32,
        seconds: (secs % 60) as u32,
        expired: total_ms == 0,
    }
}

/// "14:59", "1:02:03", "2d 03:04:05"; "0:00" once expired. Digits only (plus "d"), so it reads
/// the same in every language the widget speaks; the words around it come from messages.
pub fn display(r: &Remaining) -> String {
    let (h, m, s) = (r.hours, r.minutes, r.seconds);
    if r.days > 0 {
        format!("{}d {h:02}:{m:02}:{s:02}", r.days)
    } else if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m}:{s:02}")
    }
}

/// The latest announcement moment (seconds left) at or below `secs`. The moments thin out with
/// distance: every 15 min above an hour, every 5 min above 10 min, every minute above 2 min,
/// every 30 s in the last 2 minutes, and 0 (expiry). Each band's step divides the band's lower
/// edge, so the moments are exactly the multiples of the step inside each band.
fn moment_at_or_below(secs: u64) -> u64 {
    let step = match secs {
        s if s > 3600 => 900,
        s if s > 600 => 300,
        s if s > 120 => 60,
        _ => 30,
    };
    secs - secs % step
}

/// Whether to put `now` in the live region, given what was last computed (`prev`, `None` on
/// the first tick). True on the first tick, when a moment was reached or passed since `prev`
/// (a throttled background tab that skips several says it once), and at expiry.
pub fn announce(prev: Option<&Remaining>, now: &Remaining) -> bool {
    let Some(prev) = prev else { return true };
    if prev.expired != now.expired {
        // Expiry, or a new expiry time that revived the countdown.
        return true;
    }
    let (before, after) = (prev.total_seconds(), now.total_seconds());
    if after >= before {
        return false; // no time passed, or the clock moved back: nothing new to say
    }
    moment_at_or_below(before - 1) >= after
}

/// The expiry to count down to: `orderCodeForm.expireTime` when it parses (the guide says to
/// drive the countdown from it), else the server's `expiresAtMs`.
pub fn expiry_source(code_expire: Option<&str>, server_ms: Option<i64>) -> Option<i64> {
    code_expire.and_then(parse_iso8601_ms).or(server_ms)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const MIN: i64 = 60_000;
    const SEC: i64 = 1000;

    fn left(ms: i64) -> Remaining {
        remaining(1_000_000_000_000 + ms, 1_000_000_000_000)
    }

    #[test]
    fn arithmetic_and_display() {
        let r = left(14 * MIN + 59 * SEC);
        assert_eq!((r.days, r.hours, r.minutes, r.seconds, r.expired), (0, 0, 14, 59, false));
        assert_eq!(display(&r), "14:59");
        assert_eq!(display(&left(3723 * SEC)), "1:02:03");
        assert_eq!(display(&left(2 * 86_400 * SEC + 3 * 3600 * SEC + 4 * MIN + 5 * SEC)), "2d 03:04:05");
        assert_eq!(display(&left(59 * SEC)), "0:59");
        assert_eq!(display(&left(3600 * SEC)), "1:00:00");
        assert_eq!(display(&left(86_400 * SEC)), "1d 00:00:00");
    }

    #[test]
    fn partial_seconds_round_up_and_expiry_is_exact() {
        assert_eq!(display(&left(14 * MIN + 59 * SEC + 1)), "15:00");
        let last = left(1);
        assert_eq!((display(&last), last.expired), ("0:01".to_owned(), false));
        let zero = left(0);
        assert_eq!((display(&zero), zero.expired, zero.total_ms), ("0:00".to_owned(), true, 0));
    }

    #[test]
    fn negative_remaining_is_expired_at_zero() {
        let r = left(-5 * MIN);
        assert_eq!((r.total_ms, r.days, r.hours, r.minutes, r.seconds, r.expired), (0, 0, 0, 0, 0, true));
        assert_eq!(display(&r), "0:00");
        // Extremes do not overflow.
        assert!(remaining(i64::MIN, i64::MAX).expired);
        let far = remaining(i64::MAX, i64::MIN);
        assert_eq!(far.total_ms, i64::MAX);
        assert!(!far.expired && far.days > 0);
    }

    #[test]
    fn announcement_moments() {
        let said = |from: i64, to: i64| announce(Some(&left(from)), &left(to));
        assert!(announce(None, &left(14 * MIN)), "the first value is always said");
        // Above 10 minutes: every 5 minutes.
        assert!(!said(14 * MIN + SEC, 14 * MIN));
        assert!(said(10 * MIN + SEC, 10 * MIN));
        assert!(!said(11 * MIN, 11 * MIN - SEC), "11:00 -> 10:59 says nothing");
        // Between 2 and 10 minutes: every minute.
        assert!(said(5 * MIN + SEC, 5 * MIN));
        assert!(!said(5 * MIN, 5 * MIN - SEC));
        // Last two minutes: every 30 seconds.
        assert!(said(90 * SEC + 1, 90 * SEC));
        assert!(!said(89 * SEC, 88 * SEC));
        assert!(said(30 * SEC + 500, 30 * SEC));
        // Above an hour: every 15 minutes.
        assert!(said(75 * MIN + SEC, 75 * MIN));
        assert!(!said(70 * MIN + SEC, 70 * MIN));
        // Expiry once, then silence.
        assert!(said(SEC, 0));
        assert!(!said(0, -SEC));
        assert!(said(0, 10 * MIN), "a new expiry revives the countdown");
        // Same second or time moving back: silence.
        assert!(!said(10 * MIN, 10 * MIN));
        assert!(!said(9 * MIN + 30 * SEC, 9 * MIN + 40 * SEC));
        // A throttled tab that jumps across a moment says it once.
        assert!(said(10 * MIN + 20 * SEC, 9 * MIN + 50 * SEC));
    }

    #[test]
    fn expiry_prefers_the_code_form() {
        assert_eq!(expiry_source(Some("1970-01-01T00:00:01Z"), Some(5)), Some(1000));
        assert_eq!(expiry_source(Some("not a time"), Some(5)), Some(5));
        assert_eq!(expiry_source(None, Some(5)), Some(5));
        assert_eq!(expiry_source(Some("2026-01-01T12:00:00"), None), None);
        assert_eq!(expiry_source(None, None), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn parts_add_up(ms in -1_000_000_000i64..1_000_000_000_000) {
            let r = left(ms);
            let secs = r.days * 86_400 + u64::from(r.hours) * 3600 + u64::from(r.minutes) * 60 + u64::from(r.seconds);
            prop_assert_eq!(secs, r.total_seconds());
            prop_assert!(r.hours < 24 && r.minutes < 60 && r.seconds < 60);
            prop_assert_eq!(r.expired, ms <= 0);
        }

        /// Ticking every second from 15 minutes, the live region speaks rarely: at the start,
        /// at each moment, and at expiry; never twice within 30 s.
        #[test]
        fn ticking_does_not_flood(start in 60_000i64..3_600_000, jitter in 0i64..1000) {
            let mut prev: Option<Remaining> = None;
            let mut spoken: Vec<i64> = Vec::new();
            let mut t = start + jitter;
            while t >= -2000 {
                let now = left(t);
                if announce(prev.as_ref(), &now) {
                    spoken.push(t);
                }
                prev = Some(now);
                t -= 1000;
            }
            prop_assert!(spoken.windows(2).all(|w| w[0] - w[1] >= 30_000 || w[1] <= 0 || w[0] == start + jitter));
            prop_assert!(spoken.iter().any(|&t| t <= 0), "expiry is announced");
            prop_assert!(spoken.len() as i64 <= 2 + start / 60_000 + 4);
        }
    }
}
