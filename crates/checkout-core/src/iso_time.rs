//! ISO-8601 / RFC 3339 timestamps <-> epoch milliseconds, by hand.
//!
//! This ships in the wasm bundle, where a date-time crate would cost more than the one shape we
//! need: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`, as AMS sends in
//! `orderCodeForm.expireTime`. The calendar is the proleptic Gregorian one, in whole days
//! counted from 1970-01-01 ("days from civil"). Anything else is `None`, never a guess: a time
//! without an offset is ambiguous, so it is refused too.

const MS_PER_DAY: i64 = 86_400_000;

/// Days from 1970-01-01 to `year-month-day` (month 1..=12, day already validated).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March so that the leap day is the last day of the counted year.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400; // 0..=399
    let month_from_march = (month as i64 + 9) % 12; // March = 0 .. February = 11
    let day_of_year = (153 * month_from_march + 2) / 5 + day as i64 - 1; // 0..=365
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    // 719_468 days lie between 0000-03-01 and 1970-01-01.
    era * 146_097 + day_of_era - 719_468
}

/// The inverse of [`days_from_civil`]: `(year, month, day)`.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097; // 0..=146_096
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u32;
    let year = year_of_era + era * 400 + if month <= 2 { 1 } else { 0 };
    (year, month, day)
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A cursor over ASCII bytes; every reader returns `None` on the first surprise.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn digits(&mut self, count: usize) -> Option<u32> {
        let slice = self.bytes.get(self.at..self.at + count)?;
        let mut value = 0u32;
        for &b in slice {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.at += count;
        Some(value)
    }

    fn byte(&mut self, expected: &[u8]) -> Option<u8> {
        let b = *self.bytes.get(self.at)?;
        expected.contains(&b).then(|| {
            self.at += 1;
            b
        })
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }
}

/// Epoch milliseconds of an RFC 3339 time with an offset, e.g. `2026-01-01T12:00:00+08:00`,
/// `2026-01-01T04:00:00Z` or `2026-01-01T04:00:00.250Z`. Fractions beyond milliseconds are
/// truncated; a leap second (`:60`) counts as the first second of the next minute.
pub fn parse_iso8601_ms(text: &str) -> Option<i64> {
    let mut r = Reader { bytes: text.trim().as_bytes(), at: 0 };
    let year = r.digits(4)?;
    r.byte(b"-")?;
    let month = r.digits(2)?;
    r.byte(b"-")?;
    let day = r.digits(2)?;
    r.byte(b"Tt ")?;
    let hour = r.digits(2)?;
    r.byte(b":")?;
    let minute = r.digits(2)?;
    r.byte(b":")?;
    let second = r.digits(2)?;

    let mut millis = 0u32;
    if r.byte(b".,").is_some() {
        let mut fraction_digits = 0;
        while r.peek().is_some_and(|b| b.is_ascii_digit()) {
            let digit = r.digits(1)?;
            if fraction_digits < 3 {
                millis = millis * 10 + digit;
            }
            fraction_digits += 1;
        }
        if fraction_digits == 0 || fraction_digits > 9 {
            return None;
        }
        for _ in fraction_digits..3 {
            millis *= 10;
        }
    }

    let offset_minutes: i64 = match r.byte(b"Zz+-")? {
        b'Z' | b'z' => 0,
        sign => {
            let hours = r.digits(2)?;
            r.byte(b":"); // both ±HH:MM and ±HHMM are seen in the wild
            let minutes = r.digits(2)?;
            if hours > 23 || minutes > 59 {
                return None;
            }
            let magnitude = i64::from(hours * 60 + minutes);
            if sign == b'-' {
                -magnitude
            } else {
                magnitude
            }
        }
    };
    if r.at != r.bytes.len() {
        return None;
    }

    let year = i64::from(year);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour <= 23
        && minute <= 59
        && second <= 60;
    if !valid {
        return None;
    }
    let seconds_of_day = i64::from(hour * 3600 + minute * 60 + second);
    let local_ms = days_from_civil(year, month, day) * MS_PER_DAY + seconds_of_day * 1000 + i64::from(millis);
    // The local time is ahead of UTC by the offset.
    Some(local_ms - offset_minutes * 60_000)
}

/// `YYYY-MM-DDTHH:MM:SS.mmmZ` for epoch milliseconds; `None` outside years 0000..=9999, which
/// the four-digit year of the format cannot hold.
pub fn format_utc_ms(epoch_ms: i64) -> Option<String> {
    let days = epoch_ms.div_euclid(MS_PER_DAY);
    let ms_of_day = epoch_ms.rem_euclid(MS_PER_DAY);
    let (year, month, day) = civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let (hour, minute) = (ms_of_day / 3_600_000, ms_of_day / 60_000 % 60);
    let (second, millis) = (ms_of_day / 1000 % 60, ms_of_day % 1000);
    Some(format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{millis:03}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z.
    const MIN_MS: i64 = -62_167_219_200_000;
    const MAX_MS: i64 = 253_402_300_799_999;

    #[test]
    fn known_answers() {
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601_ms("2026-01-01T04:00:00Z"), Some(1_767_240_000_000));
        assert_eq!(parse_iso8601_ms("2026-01-01T12:00:00+08:00"), Some(1_767_240_000_000));
        assert_eq!(parse_iso8601_ms("2025-12-31T23:00:00-05:00"), Some(1_767_240_000_000));
        assert_eq!(parse_iso8601_ms("2026-01-01T12:00:00+0800"), Some(1_767_240_000_000));
        assert_eq!(parse_iso8601_ms("2000-02-29T00:00:00Z"), Some(951_782_400_000));
        assert_eq!(parse_iso8601_ms("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(parse_iso8601_ms("0000-01-01T00:00:00Z"), Some(MIN_MS));
        assert_eq!(parse_iso8601_ms("9999-12-31T23:59:59.999Z"), Some(MAX_MS));
    }

    #[test]
    fn fractions_are_milliseconds_truncated() {
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00.5Z"), Some(500));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00.25Z"), Some(250));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:01.123456789Z"), Some(1123));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00.1234567890Z"), None);
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:00.Z"), None);
    }

    #[test]
    fn lenient_only_where_rfc_3339_is() {
        assert_eq!(parse_iso8601_ms("1970-01-01t00:00:00z"), Some(0));
        assert_eq!(parse_iso8601_ms("1970-01-01 00:00:00Z"), Some(0));
        assert_eq!(parse_iso8601_ms("  1970-01-01T00:00:00Z\n"), Some(0));
        assert_eq!(parse_iso8601_ms("1970-01-01T00:00:60Z"), Some(60_000));
    }

    #[test]
    fn malformed_times_are_none() {
        for bad in [
            "",
            "2026-01-01",
            "2026-01-01T12:00:00", // no offset: ambiguous
            "2026-01-01T12:00Z",   // no seconds
            "2026-13-01T00:00:00Z",
            "2026-00-01T00:00:00Z",
            "2025-02-29T00:00:00Z", // not a leap year
            "1900-02-29T00:00:00Z", // centuries are not leap years...
            "2026-04-31T00:00:00Z",
            "2026-01-01T24:00:00Z",
            "2026-01-01T12:60:00Z",
            "2026-01-01T12:00:61Z",
            "2026-01-01T12:00:00+24:00",
            "2026-01-01T12:00:00+08:60",
            "2026-01-01T12:00:00+8:00",
            "2026-01-01T12:00:00Zjunk",
            "2026-1-01T12:00:00Z",
            "+2026-01-01T12:00:00Z",
            "２０２６-01-01T12:00:00Z",
            "1767240000000",
        ] {
            assert_eq!(parse_iso8601_ms(bad), None, "{bad:?}");
        }
        assert!(parse_iso8601_ms("2000-02-29T00:00:00Z").is_some(), "...but 2000 was");
    }

    #[test]
    fn formats_known_answers() {
        assert_eq!(format_utc_ms(0).as_deref(), Some("1970-01-01T00:00:00.000Z"));
        assert_eq!(format_utc_ms(1_767_240_000_000).as_deref(), Some("2026-01-01T04:00:00.000Z"));
        assert_eq!(format_utc_ms(-1).as_deref(), Some("1969-12-31T23:59:59.999Z"));
        assert_eq!(format_utc_ms(951_782_400_000).as_deref(), Some("2000-02-29T00:00:00.000Z"));
        assert_eq!(format_utc_ms(MAX_MS + 1), None);
        assert_eq!(format_utc_ms(MIN_MS - 1), None);
        assert_eq!(format_utc_ms(i64::MIN), None);
        assert_eq!(format_utc_ms(i64::MAX), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn format_then_parse_is_identity(ms in MIN_MS..=MAX_MS) {
            let text = format_utc_ms(ms).unwrap();
            prop_assert_eq!(parse_iso8601_ms(&text), Some(ms));
        }

        #[test]
        fn an_offset_names_the_same_instant(ms in 0i64..4_102_444_800_000, offset_min in -(23 * 60 + 59)..=(23 * 60 + 59i64)) {
            // Rewrite the UTC time as local time at the offset; both must parse to one instant.
            let shifted = format_utc_ms(ms - ms % 1000 + offset_min * 60_000).unwrap();
            let local = &shifted[..19];
            let sign = if offset_min < 0 { '-' } else { '+' };
            let text = format!("{local}{sign}{:02}:{:02}", offset_min.abs() / 60, offset_min.abs() % 60);
            prop_assert_eq!(parse_iso8601_ms(&text), Some(ms - ms % 1000));
        }

        #[test]
        fn civil_days_round_trip(days in -800_000i64..800_000) {
            let (y, m, d) = civil_from_days(days);
            prop_assert!((1..=12).contains(&m) && d >= 1 && d <= days_in_month(y, m));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn arbitrary_text_never_panics(text in "\\PC{0,40}") {
            let _ = parse_iso8601_ms(&text);
        }
    }
}
