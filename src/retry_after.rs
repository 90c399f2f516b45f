//! `Retry-After`: seconds (whole, or with a fraction, as Graph sends them), or an HTTP date.

use std::time::{Duration, SystemTime};

/// Parses a `Retry-After` value: delay-seconds, whole (`7`) or with a decimal fraction
/// (`2.128`, the form in Graph's throttling guide), or an HTTP date (a date in the past is no
/// delay). A fraction is read to the millisecond, rounded up, so the wait is never shorter
/// than asked. Seconds too many to count are [`Duration::MAX`]: longer than any cap, so the
/// caller returns at once instead of ignoring the header and backing off. Anything else
/// (`soon`, `-3`, `1e3`, `2.`, an empty value) is `None`.
///
/// One parser for every place a `Retry-After` is read: response headers, errors, and the
/// headers of a batch step's response.
pub(crate) fn parse(value: &str) -> Option<Duration> {
    parse_at(value, SystemTime::now())
}

/// [`parse`] of the `Retry-After` header in `headers`, if there is one.
pub(crate) fn from_headers(headers: &http::HeaderMap) -> Option<Duration> {
    headers
        .get(http::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse)
}

pub(crate) fn parse_at(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    let (whole, fraction) = match value.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (value, None),
    };
    if is_digits(whole) && fraction.is_none_or(is_digits) {
        let Ok(secs) = whole.parse::<u64>() else {
            return Some(Duration::MAX);
        };
        let millis = fraction.map_or(0, millis_rounded_up);
        // 1000 ms (a fraction of .9995 or more) carries into the seconds.
        return Some(
            Duration::from_secs(secs).saturating_add(Duration::from_millis(u64::from(millis))),
        );
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// The decimal fraction `digits` (the part after the point, only ASCII digits) in
/// milliseconds, rounded up: `128` is 128, `1284` is 129, `5` is 500, `0001` is 1.
fn millis_rounded_up(digits: &str) -> u32 {
    let (first, rest) = digits.split_at(digits.len().min(3));
    let mut millis = first
        .bytes()
        .chain(std::iter::repeat(b'0'))
        .take(3)
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    if rest.bytes().any(|b| b != b'0') {
        millis += 1;
    }
    millis
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn retry_after_in_seconds_is_read_as_a_delay() {
        assert_eq!(parse("7"), Some(Duration::from_secs(7)));
        assert_eq!(parse(" 0 "), Some(Duration::ZERO));
    }

    #[test]
    fn retry_after_with_a_fraction_of_a_second_is_read_to_the_millisecond() {
        // The value in Graph's throttling guide.
        assert_eq!(parse("2.128"), Some(MS(2128)));
        assert_eq!(parse("0.5"), Some(MS(500)));
        assert_eq!(parse("0.05"), Some(MS(50)));
        assert_eq!(parse("3.000"), Some(MS(3000)));
        assert_eq!(parse(" 1.25 "), Some(MS(1250)));
    }

    #[test]
    fn a_fraction_finer_than_a_millisecond_is_rounded_up_never_down() {
        assert_eq!(parse("2.1281"), Some(MS(2129)));
        assert_eq!(parse("0.0001"), Some(MS(1)));
        assert_eq!(parse("0.9999"), Some(MS(1000)));
        assert_eq!(parse("1.1280000"), Some(MS(1128)));
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
        assert_eq!(parse("99999999999999999999999999.5"), Some(Duration::MAX));
        assert_eq!(
            parse("18446744073709551615"),
            Some(Duration::from_secs(u64::MAX))
        );
        assert_eq!(
            parse("18446744073709551615.9"),
            Some(Duration::from_secs(u64::MAX) + MS(900))
        );
    }

    #[test]
    fn a_retry_after_that_is_neither_is_ignored() {
        for junk in [
            "soon",
            "-3",
            "",
            "+99999999999999999999999",
            "2.",
            ".5",
            "2.1.2",
            "1e3",
            "2,5",
            "-0.5",
            "0x10",
            "2. 5",
            "NaN",
            "inf",
        ] {
            assert_eq!(parse(junk), None, "{junk:?}");
        }
    }

    #[test]
    fn the_header_is_found_in_a_header_map() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(from_headers(&headers), None);
        headers.insert(
            http::header::RETRY_AFTER,
            http::HeaderValue::from_static("2.128"),
        );
        assert_eq!(from_headers(&headers), Some(MS(2128)));
    }
}
