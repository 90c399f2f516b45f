//! Graph's wire conventions, shared by the simulated tenant and the typed responders: the
//! headers Graph sends with every answer, and the shape of its error bodies.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::header::{HeaderMap, HeaderName, HeaderValue};
use serde_json::json;

use crate::request::GraphResponse;

/// The `Content-Type` Graph sends with a JSON entity or action result.
pub const ODATA_JSON: &str = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

/// The `Content-Type` Graph sends with an error body.
pub const ERROR_JSON: &str = "application/json";

/// The ids and the time one answer is stamped with.
#[derive(Debug, Clone)]
pub(crate) struct Stamp {
    pub(crate) request_id: String,
    pub(crate) client_request_id: String,
    pub(crate) at: SystemTime,
}

impl Stamp {
    /// A fresh `request-id`; the caller's `client-request-id` is echoed when it is a
    /// plausible id, else Graph's habit is followed and the request-id is used for both.
    pub(crate) fn new(client_request_id: Option<&str>) -> Self {
        let request_id = uuid::Uuid::new_v4().to_string();
        let client_request_id = client_request_id
            .map(str::trim)
            .filter(|id| plausible_id(id))
            .map_or_else(|| request_id.clone(), str::to_owned);
        Self {
            request_id,
            client_request_id,
            at: SystemTime::now(),
        }
    }

    /// The stamp for a request whose headers are `headers`.
    pub(crate) fn for_headers(headers: &HeaderMap) -> Self {
        Self::new(
            headers
                .get("client-request-id")
                .and_then(|v| v.to_str().ok()),
        )
    }

    /// `innerError.date`: Graph writes UTC to the second, without a zone suffix.
    pub(crate) fn inner_date(&self) -> String {
        iso8601_seconds(self.at)
    }

    /// The headers Graph puts on every answer.
    pub(crate) fn headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        put(&mut h, "request-id", &self.request_id);
        put(&mut h, "client-request-id", &self.client_request_id);
        put(&mut h, "date", &httpdate::fmt_http_date(self.at));
        put(&mut h, "cache-control", "no-cache");
        put(&mut h, "strict-transport-security", "max-age=31536000");
        put(&mut h, "vary", "Accept-Encoding");
        put(
            &mut h,
            "x-ms-ags-diagnostic",
            r#"{"ServerInfo":{"DataCenter":"Simulated","Slice":"E","Ring":"0","ScaleUnit":"000","RoleInstance":"msgraph-typed-mock"}}"#,
        );
        put(&mut h, "x-ms-resource-unit", "1");
        h
    }
}

/// An id we are willing to echo: short, printable ASCII.
fn plausible_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_graphic())
}

/// Inserts a header whose name and value are known to be valid; an invalid one (which
/// only a bug could produce) is skipped rather than panicking.
pub(crate) fn put(headers: &mut HeaderMap, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        headers.insert(HeaderName::from_static(name), value);
    }
}

/// `200 OK` (or another 2xx) with a JSON body, as Graph sends an action's result.
pub(crate) fn json_response(stamp: &Stamp, status: u16, body: Vec<u8>) -> GraphResponse {
    let mut headers = stamp.headers();
    put(&mut headers, "content-type", ODATA_JSON);
    put(&mut headers, "odata-version", "4.0");
    GraphResponse {
        status,
        headers,
        body: body.into(),
    }
}

/// `204 No Content`: Graph's headers, no `Content-Type`, no body.
pub(crate) fn no_content(stamp: &Stamp) -> GraphResponse {
    GraphResponse {
        status: 204,
        headers: stamp.headers(),
        body: Default::default(),
    }
}

/// An error in Graph's shape:
/// `{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}`.
pub(crate) fn error_response(
    stamp: &Stamp,
    status: u16,
    code: &str,
    message: &str,
) -> GraphResponse {
    let body = json!({
        "error": {
            "code": code,
            "message": message,
            "innerError": {
                "date": stamp.inner_date(),
                "request-id": stamp.request_id,
                "client-request-id": stamp.client_request_id,
            }
        }
    });
    let mut headers = stamp.headers();
    put(&mut headers, "content-type", ERROR_JSON);
    GraphResponse {
        status,
        headers,
        body: serde_json::to_vec(&body).unwrap_or_default().into(),
    }
}

/// Graph's throttling answer: `429 TooManyRequests` with `Retry-After` in seconds (see
/// [`retry_after_value`]).
pub(crate) fn throttled(stamp: &Stamp, retry_after: Duration) -> GraphResponse {
    let mut response = error_response(
        stamp,
        429,
        "TooManyRequests",
        "Too many requests; retry after the delay in the Retry-After header.",
    );
    put(
        &mut response.headers,
        "retry-after",
        &retry_after_value(retry_after),
    );
    response
}

/// `Retry-After` as Graph writes it: whole seconds when the delay is whole (`7`), else
/// seconds with the fraction to the millisecond (`2.128`, `1.5`), rounded up so that no
/// delay is sent shorter than it is (and a sub-millisecond one is not zero).
pub(crate) fn retry_after_value(delay: Duration) -> String {
    let millis = delay.as_nanos().div_ceil(1_000_000);
    let (secs, millis) = (millis / 1000, millis % 1000);
    if millis == 0 {
        return secs.to_string();
    }
    let fraction = format!("{millis:03}");
    format!("{secs}.{}", fraction.trim_end_matches('0'))
}

/// The error code Graph uses for a bare status.
pub(crate) fn code_for_status(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "InvalidAuthenticationToken",
        403 => "Authorization_RequestDenied",
        404 => "ResourceNotFound",
        405 => "Request_BadRequest",
        409 => "Conflict",
        412 => "PreconditionFailed",
        415 => "BadRequest",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        501 => "NotImplemented",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "UnknownError",
    }
}

/// `YYYY-MM-DDTHH:MM:SS` in UTC.
pub(crate) fn iso8601_seconds(at: SystemTime) -> String {
    let secs = at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let rem = secs % 86_400;
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        u32::try_from(month).unwrap_or(1),
        u32::try_from(day).unwrap_or(1),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_error_dates_are_utc_to_the_second_without_a_zone() {
        let at = UNIX_EPOCH + Duration::from_secs(1_486_219_048);
        assert_eq!(iso8601_seconds(at), "2017-02-04T14:37:28");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400);
        assert_eq!(iso8601_seconds(leap), "2000-02-29T00:00:00");
    }

    #[test]
    fn a_plausible_client_request_id_is_echoed_and_a_bad_one_replaced() {
        let s = Stamp::new(Some("abc-123"));
        assert_eq!(s.client_request_id, "abc-123");
        let s = Stamp::new(Some("has space"));
        assert_eq!(s.client_request_id, s.request_id);
        let s = Stamp::new(None);
        assert_eq!(s.client_request_id, s.request_id);
    }

    #[test]
    fn retry_after_is_whole_seconds_when_whole_and_a_fraction_to_the_millisecond_else() {
        assert_eq!(retry_after_value(Duration::ZERO), "0");
        assert_eq!(retry_after_value(Duration::from_secs(7)), "7");
        assert_eq!(retry_after_value(Duration::from_millis(2128)), "2.128");
        assert_eq!(retry_after_value(Duration::from_millis(1500)), "1.5");
        assert_eq!(retry_after_value(Duration::from_millis(1050)), "1.05");
        assert_eq!(retry_after_value(Duration::from_millis(1)), "0.001");
        // Finer than a millisecond: rounded up, never sent shorter (nor as zero).
        assert_eq!(retry_after_value(Duration::from_nanos(1)), "0.001");
        assert_eq!(retry_after_value(Duration::from_micros(2_128_100)), "2.129");
        assert_eq!(
            retry_after_value(Duration::from_micros(999_999_999)),
            "1000"
        );
        assert_eq!(
            retry_after_value(Duration::MAX),
            (u128::from(u64::MAX) + 1).to_string()
        );
    }

    #[test]
    fn an_error_answer_has_graphs_shape_and_headers() {
        let s = Stamp::new(Some("cid"));
        let r = error_response(&s, 403, "Authorization_RequestDenied", "no");
        let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap();
        assert_eq!(v["error"]["code"], "Authorization_RequestDenied");
        assert_eq!(v["error"]["innerError"]["client-request-id"], "cid");
        assert_eq!(
            v["error"]["innerError"]["request-id"],
            s.request_id.as_str()
        );
        assert_eq!(r.headers["content-type"], ERROR_JSON);
        assert_eq!(r.headers["request-id"], s.request_id.as_str());
    }
}
