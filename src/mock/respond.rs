//! Typed responders in wiremock's grammar: Graph's answers (JSON, no content, errors,
//! throttling), stamped with fresh ids per request, and the catch-all.

use std::time::Duration;

use http::header::{HeaderName, HeaderValue};
use serde::Serialize;
use wiremock::{Mock, Respond, ResponseTemplate};

use super::redact::body_summary;
use super::wire::{self, Stamp};
use crate::request::GraphResponse;

/// The priority of the [`catch_all`] mock: wiremock's lowest, so any other mock wins.
pub const CATCH_ALL_PRIORITY: u8 = u8::MAX;

/// The error code of the catch-all's answer.
pub const UNMATCHED_CODE: &str = "UnmatchedRequest";

#[derive(Debug, Clone)]
enum Body {
    Json(Vec<u8>),
    NoContent,
    Error { code: String, message: String },
}

/// A Graph answer for a wiremock [`Mock`]: built by [`json`], [`no_content`],
/// [`graph_error`] or [`throttled`], given to `respond_with`.
///
/// Each request gets its own `request-id`, its `client-request-id` echoed, the `Date`,
/// and Graph's other headers; JSON carries Graph's OData `Content-Type`; errors carry
/// `innerError` with the same ids.
#[derive(Debug, Clone)]
#[must_use]
pub struct GraphAnswer {
    status: u16,
    body: Body,
    headers: Vec<(HeaderName, HeaderValue)>,
    delay: Option<Duration>,
}

/// `200 OK` with `value` as the JSON body (the typed response of an operation).
///
/// ```
/// use msgraph_typed::mock;
/// use msgraph_typed::models::{PasswordValidationInformation, ValidationResult};
///
/// let answer = mock::respond::json(&PasswordValidationInformation::new(
///     true,
///     vec![ValidationResult::new("password_not_meet_complexity", true, "ok")],
/// ));
/// # let _ = answer;
/// ```
pub fn json<T: Serialize + ?Sized>(value: &T) -> GraphAnswer {
    match serde_json::to_vec(value) {
        Ok(bytes) => GraphAnswer::new(200, Body::Json(bytes)),
        Err(e) => graph_error(
            500,
            "InternalServerError",
            &format!("the mock's typed answer did not serialize: {e}"),
        ),
    }
}

/// `204 No Content`: what `changePassword` answers.
pub fn no_content() -> GraphAnswer {
    GraphAnswer::new(204, Body::NoContent)
}

/// A Graph error: `status`, with `{"error":{"code","message","innerError":{...}}}`.
/// A status outside 100..=599 is answered as 500.
pub fn graph_error(status: u16, code: &str, message: &str) -> GraphAnswer {
    GraphAnswer::new(
        status,
        Body::Error {
            code: code.to_owned(),
            message: message.to_owned(),
        },
    )
}

/// Throttling: `429 TooManyRequests` with `Retry-After` as Graph writes it: whole seconds
/// when `retry_after` is whole (`7`), else to the millisecond (`2.128`), rounded up.
pub fn throttled(retry_after: Duration) -> GraphAnswer {
    graph_error(
        429,
        "TooManyRequests",
        "Too many requests; retry after the delay in the Retry-After header.",
    )
    .header(
        HeaderName::from_static("retry-after"),
        // Digits and a dot: always a valid header value.
        HeaderValue::from_str(&wire::retry_after_value(retry_after))
            .unwrap_or_else(|_| HeaderValue::from_static("1")),
    )
}

impl GraphAnswer {
    fn new(status: u16, body: Body) -> Self {
        let status = if (100..=599).contains(&status) {
            status
        } else {
            500
        };
        Self {
            status,
            body,
            headers: Vec::new(),
            delay: None,
        }
    }

    /// Answers with `status` instead (e.g. 201 for a JSON answer, 503 for an error).
    pub fn status(mut self, status: u16) -> Self {
        if (100..=599).contains(&status) {
            self.status = status;
        }
        self
    }

    /// Adds (or replaces) a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value));
        self
    }

    /// Waits `delay` before answering.
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }

    /// The answer for one request, as a [`GraphResponse`].
    fn to_response(&self, stamp: &Stamp) -> GraphResponse {
        let mut response = match &self.body {
            Body::Json(bytes) => wire::json_response(stamp, self.status, bytes.clone()),
            Body::NoContent => {
                let mut r = wire::no_content(stamp);
                r.status = self.status;
                r
            }
            Body::Error { code, message } => {
                wire::error_response(stamp, self.status, code, message)
            }
        };
        for (name, value) in &self.headers {
            response.headers.insert(name.clone(), value.clone());
        }
        response
    }
}

impl Respond for GraphAnswer {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let stamp = Stamp::for_headers(&request.headers);
        template(self.to_response(&stamp), self.delay.unwrap_or_default())
    }
}

/// A mock, at the lowest priority, that answers any request no other mock matched with a
/// Graph error naming it: method, path and query, and the body's shape (keys and kinds of
/// values, never the values). The client's error then says what arrived:
///
/// `404 UnmatchedRequest: no mock matched POST /v1.0/me/changePassword with body
/// {currentPassword: string, newPassword: string}`
pub fn catch_all() -> Mock {
    Mock::given(wiremock::matchers::any())
        .respond_with(CatchAll)
        .with_priority(CATCH_ALL_PRIORITY)
        .named("catch-all: no other mock matched")
}

struct CatchAll;

impl Respond for CatchAll {
    fn respond(&self, request: &wiremock::Request) -> ResponseTemplate {
        let stamp = Stamp::for_headers(&request.headers);
        let target = match request.url.query() {
            Some(q) => format!("{}?{}", request.url.path(), q),
            None => request.url.path().to_owned(),
        };
        let message = format!(
            "no mock matched {} {} with body {}",
            request.method,
            target,
            body_summary(&request.body)
        );
        template(
            wire::error_response(&stamp, 404, UNMATCHED_CODE, &message),
            Duration::ZERO,
        )
    }
}

/// A [`GraphResponse`] as a wiremock template: status, every header, body, delay.
pub(crate) fn template(response: GraphResponse, delay: Duration) -> ResponseTemplate {
    let status = if (100..=599).contains(&response.status) {
        response.status
    } else {
        500
    };
    let mut template = ResponseTemplate::new(status);
    for (name, value) in &response.headers {
        template = template.append_header(name.clone(), value.clone());
    }
    if !response.body.is_empty() {
        template = template.set_body_bytes(response.body.to_vec());
    }
    if !delay.is_zero() {
        template = template.set_delay(delay);
    }
    template
}
