//! Timestamps: strict parsing and the two-sided tolerance window.

use crate::error::VerifyError;
use crate::scheme::TimestampUnit;

/// Parses a timestamp written in `unit`, surrounding spaces and tabs
/// already trimmed by the caller: the number in that unit, or, for RFC 3339
/// text, unix seconds.
pub(crate) fn parse(text: &str, unit: TimestampUnit) -> Option<i64> {
    match unit {
        TimestampUnit::Seconds | TimestampUnit::Milliseconds => digits(text),
        TimestampUnit::Rfc3339 => crate::rfc3339::parse(text),
    }
}

/// The text a sender writes for `seconds` in `unit` (`sign`); `None` when
/// the unit cannot write that time (a date past the year 9999).
pub(crate) fn format(seconds: i64, unit: TimestampUnit) -> Option<String> {
    match unit {
        TimestampUnit::Seconds => Some(seconds.to_string()),
        TimestampUnit::Milliseconds => Some(i128::from(seconds).saturating_mul(1000).to_string()),
        TimestampUnit::Rfc3339 => crate::rfc3339::format(seconds),
    }
}

/// A whole number: ASCII digits only. A sign, a fraction, an exponent,
/// other digit scripts, or a value past `i64` is refused
/// (`str::parse::<i64>` would take a leading `+`). One pass with checked
/// arithmetic: this runs on every delivery.
pub(crate) fn digits(text: &str) -> Option<i64> {
    if text.is_empty() {
        return None;
    }
    text.bytes().try_fold(0i64, |value, b| {
        let digit = b.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        value.checked_mul(10)?.checked_add(i64::from(digit))
    })
}

/// The timestamp in unix seconds (milliseconds are floored).
pub(crate) fn to_seconds(value: i64, unit: TimestampUnit) -> i64 {
    match unit {
        TimestampUnit::Seconds | TimestampUnit::Rfc3339 => value,
        TimestampUnit::Milliseconds => value.div_euclid(1000),
    }
}

/// Checks `value` (in `unit`) against `now` (unix seconds). The window is
/// inclusive: exactly `tolerance` seconds off still verifies.
pub(crate) fn check(
    value: i64,
    unit: TimestampUnit,
    now: i64,
    tolerance: u64,
) -> Result<(), VerifyError> {
    // i128 keeps every subtraction exact, whatever the inputs.
    let (then, now, tol) = match unit {
        TimestampUnit::Seconds | TimestampUnit::Rfc3339 => {
            (i128::from(value), i128::from(now), i128::from(tolerance))
        }
        TimestampUnit::Milliseconds => (
            i128::from(value),
            i128::from(now) * 1000,
            i128::from(tolerance) * 1000,
        ),
    };
    let per_second = if unit == TimestampUnit::Milliseconds {
        1000
    } else {
        1
    };
    let seconds = |d: i128| u64::try_from(d / per_second).unwrap_or(u64::MAX);
    let age = now - then;
    if age > tol {
        return Err(VerifyError::TimestampTooOld {
            age: seconds(age),
            tolerance,
        });
    }
    if -age > tol {
        return Err(VerifyError::TimestampTooNew {
            ahead: seconds(-age),
            tolerance,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check, digits as parse};
    use crate::scheme::TimestampUnit::{Milliseconds, Seconds};

    #[test]
    fn only_plain_ascii_digits_parse() {
        assert_eq!(parse("1748419200"), Some(1_748_419_200));
        assert_eq!(parse("0"), Some(0));
        for bad in [
            "",
            "+1",
            "-1",
            "1.5",
            "1e9",
            "1_0",
            "1 0",
            "٣٤",
            "99999999999999999999",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn window_is_inclusive_and_two_sided() {
        assert!(check(1000, Seconds, 1300, 300).is_ok());
        assert!(check(1000, Seconds, 700, 300).is_ok());
        assert_eq!(
            check(1000, Seconds, 1301, 300).map_err(|e| e.code()),
            Err("timestamp_too_old")
        );
        assert_eq!(
            check(1000, Seconds, 699, 300).map_err(|e| e.code()),
            Err("timestamp_too_new")
        );
        assert!(check(1_000_000, Milliseconds, 1300, 300).is_ok());
        assert!(check(999_999, Milliseconds, 1300, 300).is_err());
        assert!(check(i64::MAX, Milliseconds, i64::MIN, u64::MAX).is_ok());
    }
}
