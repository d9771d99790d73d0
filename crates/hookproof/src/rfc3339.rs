//! RFC 3339 date-times (`2020-01-01T00:00:00-07:00`), for senders whose
//! timestamp header is a date rather than a number (Box, Zendesk).
//!
//! Only the profile RFC 3339 §5.6 defines: `YYYY-MM-DD`, `T` (or `t`),
//! `hh:mm:ss`, an optional fraction, then `Z` (or `z`) or `±hh:mm`. Every
//! field is range-checked, the day against its month. A fraction is
//! dropped (the window is in whole seconds), and a leap second (`:60`)
//! counts as the second before it, as Unix time does. Nothing else is
//! taken: no week dates, no missing offset, no space for `T`, since a
//! sender that signs this text sends it exactly.

/// Unix seconds of an RFC 3339 date-time, or `None` when `text` is not one.
pub(crate) fn parse(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    let num = |at: usize, len: usize| -> Option<i64> {
        let digits = b.get(at..at + len)?;
        digits.iter().try_fold(0i64, |v, &d| {
            d.is_ascii_digit().then(|| v * 10 + i64::from(d - b'0'))
        })
    };
    let sep = |at: usize, allowed: &[u8]| b.get(at).is_some_and(|c| allowed.contains(c));
    if !(sep(4, b"-") && sep(7, b"-") && sep(10, b"Tt") && sep(13, b":") && sep(16, b":")) {
        return None;
    }
    let (year, month, day) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (hour, minute, second) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut at = 19;
    if sep(at, b".") {
        let fraction = b
            .get(at + 1..)?
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if fraction == 0 {
            return None;
        }
        at += 1 + fraction;
    }
    let offset = match b.get(at..)? {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let (h, m) = (num(at + 1, 2)?, num(at + 4, 2)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'-' { -minutes } else { minutes }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    Some(days * 86_400 + hour * 3_600 + minute * 60 + second.min(59) - offset * 60)
}

/// `seconds` (unix time) as RFC 3339 in UTC, to the second:
/// `2020-01-01T07:00:00Z`; `None` outside the years 1970 to 9999, which
/// four digits of year (and this crate's non-negative times) hold.
pub(crate) fn format(seconds: i64) -> Option<String> {
    if !(0..=253_402_300_799).contains(&seconds) {
        return None;
    }
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    Some(format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    ))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`, <https://howardhinnant.github.io/date_algorithms.html>).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`days_from_civil`] (Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{format, parse};

    #[test]
    fn reads_the_senders_spellings() {
        // Box's SDK tests: 2020-01-01T00:00:00-07:00 is 07:00 UTC.
        assert_eq!(parse("2020-01-01T00:00:00-07:00"), Some(1_577_862_000));
        assert_eq!(parse("2020-01-01T07:00:00Z"), Some(1_577_862_000));
        assert_eq!(parse("2020-01-01t07:00:00.999z"), Some(1_577_862_000));
        assert_eq!(parse("1970-01-01T00:00:00+00:00"), Some(0));
        assert_eq!(parse("2016-12-31T23:59:60Z"), Some(1_483_228_799));
        assert_eq!(parse("2024-02-29T12:00:00+05:30"), Some(1_709_188_200));
    }

    #[test]
    fn refuses_anything_else() {
        for bad in [
            "",
            "1577862000",
            "2020-01-01",
            "2020-01-01 07:00:00Z",
            "2020-01-01T07:00:00",
            "2020-01-01T07:00Z",
            "2020-13-01T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2020-01-01T24:00:00Z",
            "2020-01-01T00:00:00.Z",
            "2020-01-01T00:00:00+0700",
            "2020-01-01T00:00:00+24:00",
            "2020-01-01T00:00:00Z ",
            "+020-01-01T00:00:00Z",
            "２020-01-01T00:00:00Z",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn format_is_the_inverse_of_parse() {
        for seconds in [
            0,
            951_782_400,
            1_577_862_000,
            4_102_444_799,
            253_402_300_799,
        ] {
            let text = format(seconds).unwrap_or_default();
            assert_eq!(parse(&text), Some(seconds), "{text}");
        }
        assert_eq!(
            format(1_577_862_000).as_deref(),
            Some("2020-01-01T07:00:00Z")
        );
        assert_eq!(format(253_402_300_800), None);
    }
}
