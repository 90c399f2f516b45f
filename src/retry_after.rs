//! `Retry-After`: seconds, or an HTTP date.

use std::time::{Duration, SystemTime};

/// Parses a `Retry-After` value: delay-seconds, or an HTTP date (a date in the past is
/// no delay). Seconds too many to count are [`Duration::MAX`]: longer than any cap, so the
/// caller returns at once instead of ignoring the header and backing off.
pub(crate) fn parse(value: &str) -> Option<Duration> {
    parse_at(value, SystemTime::now())
}

pub(crate) fn parse_at(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::MAX);
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_is_read_as_a_delay() {
        assert_eq!(parse("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_as_an_http_date_is_the_time_until_that_date() {
        let now = httpdate::parse_http_date("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        assert_eq!(
            parse_at("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_at("Wed, 21 Oct 2015 07:27:00 GMT", now),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn retry_after_in_more_seconds_than_a_u64_holds_is_the_longest_delay() {
        assert_eq!(parse("18446744073709551616"), Some(Duration::MAX));
        assert_eq!(parse("99999999999999999999999999"), Some(Duration::MAX));
        assert_eq!(
            parse("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
    }

    #[test]
    fn a_retry_after_that_is_neither_is_ignored() {
        assert_eq!(parse("soon"), None);
        assert_eq!(parse("-3"), None);
        assert_eq!(parse(""), None);
        assert_eq!(parse("+99999999999999999999999"), None);
    }
}
