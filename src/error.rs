//! The crate's one error type, shaped like reqwest's: a boxed inner with a private kind
//! and public predicates and accessors.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use serde::Deserialize;

use crate::request::GraphResponse;

pub(crate) type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// How many characters of an unreadable body an error keeps.
const SNIPPET_CHARS: usize = 200;

/// An error from building a client, sending a request, or reading Graph's answer.
///
/// `Display` gives the HTTP status, Graph's error code and message and the request-id,
/// whichever are known, and never a password or a token.
pub struct Error {
    inner: Box<Inner>,
}

struct Inner {
    kind: Kind,
    status: Option<u16>,
    graph: Option<GraphError>,
    request_id: Option<String>,
    client_request_id: Option<String>,
    retry_after: Option<Duration>,
    snippet: Option<String>,
    detail: Option<String>,
    source: Option<BoxError>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Builder,
    Connect,
    /// The TLS handshake failed on the server's certificate: a connect error that is never
    /// replayed (the same certificate would be refused again).
    Certificate,
    Timeout,
    Transport,
    Status,
    Throttled,
    Decode,
    Encode,
    Auth,
    Redirect,
    BodyTooLarge,
    Insecure,
}

/// The `error` object of Graph's error body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct GraphError {
    /// Graph's error code, e.g. `InvalidAuthenticationToken`.
    pub code: String,
    /// The human-readable message.
    #[serde(default)]
    pub message: String,
    /// The target of the error, when Graph names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    /// Further errors, when Graph lists them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<GraphErrorDetail>,
    /// Diagnostics: request-id, client-request-id, date.
    #[serde(
        default,
        rename = "innerError",
        alias = "innererror",
        skip_serializing_if = "Option::is_none"
    )]
    pub inner_error: Option<InnerError>,
}

/// One entry of `details` in Graph's error body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct GraphErrorDetail {
    /// The detail's code.
    #[serde(default)]
    pub code: String,
    /// The detail's message.
    #[serde(default)]
    pub message: String,
    /// The detail's target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

/// The `innerError` object of Graph's error body.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
#[non_exhaustive]
pub struct InnerError {
    /// Graph's id for the request.
    #[serde(
        default,
        rename = "request-id",
        skip_serializing_if = "Option::is_none"
    )]
    pub request_id: Option<String>,
    /// The id the client sent in `client-request-id`.
    #[serde(
        default,
        rename = "client-request-id",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_request_id: Option<String>,
    /// When Graph answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: GraphError,
}

impl Error {
    fn new(kind: Kind) -> Self {
        Self {
            inner: Box::new(Inner {
                kind,
                status: None,
                graph: None,
                request_id: None,
                client_request_id: None,
                retry_after: None,
                snippet: None,
                detail: None,
                source: None,
            }),
        }
    }

    pub(crate) fn with_source(mut self, source: impl Into<BoxError>) -> Self {
        self.inner.source = Some(source.into());
        self
    }

    pub(crate) fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.inner.detail = Some(detail.into());
        self
    }

    pub(crate) fn with_client_request_id(mut self, id: Option<String>) -> Self {
        if self.inner.client_request_id.is_none() {
            self.inner.client_request_id = id;
        }
        self
    }

    pub(crate) fn builder(detail: impl Into<String>) -> Self {
        Self::new(Kind::Builder).with_detail(detail)
    }

    pub(crate) fn transport(kind: Kind, source: impl Into<BoxError>) -> Self {
        Self::new(kind).with_source(source)
    }

    pub(crate) fn encode(source: serde_json::Error) -> Self {
        Self::new(Kind::Encode).with_source(source)
    }

    /// The token provider failed; its error is the `source()`, kept out of `Display`
    /// (it is the provider's text, which this crate cannot vouch for).
    pub(crate) fn auth(source: impl Into<BoxError>) -> Self {
        Self::new(Kind::Auth).with_source(source)
    }

    /// A token problem this crate found itself (no answer in time, an empty token).
    pub(crate) fn auth_detail(detail: impl Into<String>) -> Self {
        Self::new(Kind::Auth).with_detail(detail)
    }

    pub(crate) fn redirect(status: u16, location: Option<&str>) -> Self {
        let mut e = Self::new(Kind::Redirect)
            .with_detail(format!("Location {}", location.unwrap_or("(none given)")));
        e.inner.status = Some(status);
        e
    }

    /// A reqwest client given to the builder followed a redirect and answered from `to`
    /// (origin and path): that answer is refused, though the request went there.
    pub(crate) fn redirect_followed(to: &str) -> Self {
        Self::new(Kind::Redirect).with_detail(format!(
            "the reqwest client given to the builder followed a redirect to {to}; its answer \
             is refused, but the request (body included) was sent there: build that client \
             with redirect(Policy::none())"
        ))
    }

    pub(crate) fn insecure(detail: impl Into<String>) -> Self {
        Self::new(Kind::Insecure).with_detail(detail)
    }

    pub(crate) fn body_too_large(status: u16, limit: usize) -> Self {
        let mut e = Self::new(Kind::BodyTooLarge)
            .with_detail(format!("response body larger than the {limit}-byte limit"));
        e.inner.status = Some(status);
        e
    }

    /// A batch step that was not sent because the step it depends on failed: the `424
    /// Failed Dependency` Graph gives such a step, said by the client.
    pub(crate) fn failed_dependency(detail: impl Into<String>) -> Self {
        let mut e = Self::new(Kind::Status).with_detail(detail);
        e.inner.status = Some(424);
        e
    }

    /// The answer to a batch request did not say what became of a step (not Graph's batch
    /// response, or no answer for that step): a decode error with the batch response's
    /// status and request-id.
    pub(crate) fn batch_answer(
        response: &GraphResponse,
        detail: impl Into<String>,
        with_snippet: bool,
    ) -> Self {
        let mut e = Self::new(Kind::Decode).with_detail(detail);
        e.fill_from_response(response);
        if with_snippet {
            e.inner.snippet = Some(snippet(&response.body));
        }
        e
    }

    /// The error of a batch request, for one of the steps it carried: the same kind,
    /// status, codes and ids, with the shared error as its source.
    pub(crate) fn shared(error: &std::sync::Arc<Error>) -> Self {
        let from = &error.inner;
        let mut e = Self::new(from.kind);
        e.inner.status = from.status;
        e.inner.graph = from.graph.clone();
        e.inner.request_id = from.request_id.clone();
        e.inner.client_request_id = from.client_request_id.clone();
        e.inner.retry_after = from.retry_after;
        e.inner.snippet = from.snippet.clone();
        e.inner.detail = from.detail.clone();
        e.inner.source = from
            .source
            .as_ref()
            .map(|_| Box::new(SharedSource(error.clone())) as BoxError);
        e
    }

    pub(crate) fn kind(&self) -> Kind {
        self.inner.kind
    }

    /// The error for a non-2xx response: Graph's error body if it has one, else a short
    /// snippet of what came back. 429 and 503 are throttling.
    pub fn from_response(response: &GraphResponse) -> Self {
        let kind = match response.status {
            429 | 503 => Kind::Throttled,
            _ => Kind::Status,
        };
        let mut e = Self::new(kind);
        e.fill_from_response(response);
        e.inner.graph = serde_json::from_slice::<ErrorEnvelope>(&response.body)
            .ok()
            .map(|env| env.error);
        if let Some(inner) = e.inner.graph.as_ref().and_then(|g| g.inner_error.as_ref()) {
            if e.inner.request_id.is_none() {
                e.inner.request_id = inner.request_id.clone();
            }
            if e.inner.client_request_id.is_none() {
                e.inner.client_request_id = inner.client_request_id.clone();
            }
        }
        if e.inner.graph.is_none() && !response.body.is_empty() {
            e.inner.snippet = Some(snippet(&response.body));
        }
        e
    }

    /// A body that could not be decoded into the documented type.
    pub fn decode(response: &GraphResponse, source: serde_json::Error) -> Self {
        let mut e = Self::new(Kind::Decode).with_source(source);
        e.fill_from_response(response);
        e.inner.snippet = Some(snippet(&response.body));
        e
    }

    fn fill_from_response(&mut self, response: &GraphResponse) {
        self.inner.status = Some(response.status);
        self.fill_from_headers(&response.headers);
    }

    fn fill_from_headers(&mut self, headers: &http::HeaderMap) {
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        if let Some(id) = header("request-id") {
            self.inner.request_id = Some(id);
        }
        if let Some(id) = header("client-request-id") {
            self.inner.client_request_id = Some(id);
        }
        if let Some(after) = crate::retry_after::from_headers(headers) {
            self.inner.retry_after = Some(after);
        }
    }

    /// Records the status of a response whose body then failed.
    pub(crate) fn with_status(mut self, status: u16) -> Self {
        self.inner.status = Some(status);
        self
    }

    /// Records request-id, client-request-id and Retry-After from response headers.
    pub(crate) fn with_response_headers(mut self, headers: &http::HeaderMap) -> Self {
        self.fill_from_headers(headers);
        self
    }

    /// The HTTP status, whenever a response arrived (decode errors included).
    pub fn status(&self) -> Option<u16> {
        self.inner.status
    }

    /// Graph's error code (`error.code`), when the body carried one.
    pub fn code(&self) -> Option<&str> {
        self.inner.graph.as_ref().map(|g| g.code.as_str())
    }

    /// Graph's message, or else (no message, or an empty one) a description of what went
    /// wrong; never empty.
    pub fn message(&self) -> &str {
        if let Some(g) = self.inner.graph.as_ref().filter(|g| !g.message.is_empty()) {
            return &g.message;
        }
        if let Some(d) = &self.inner.detail {
            return d;
        }
        self.kind_text()
    }

    /// Graph's `request-id` (from the header, else from `innerError`).
    pub fn request_id(&self) -> Option<&str> {
        self.inner.request_id.as_deref()
    }

    /// The `client-request-id` this client sent (or Graph echoed).
    pub fn client_request_id(&self) -> Option<&str> {
        self.inner.client_request_id.as_deref()
    }

    /// The delay the server asked for (`Retry-After`), if any: whole seconds, seconds with
    /// a fraction (`2.128` is 2 128 ms; finer fractions round up to the millisecond), or the
    /// time until an HTTP date. A value that is none of these gives `None`.
    ///
    /// ```
    /// use std::time::Duration;
    /// use msgraph_typed::GraphResponse;
    ///
    /// let mut throttled = GraphResponse::new(429, "");
    /// throttled.headers.insert("retry-after", "2.128".parse().unwrap());
    /// let err = throttled.error_for_status().unwrap_err();
    /// assert_eq!(err.retry_after(), Some(Duration::from_millis(2128)));
    /// ```
    pub fn retry_after(&self) -> Option<Duration> {
        self.inner.retry_after
    }

    /// Graph's whole error object, when the body carried one.
    pub fn graph_error(&self) -> Option<&GraphError> {
        self.inner.graph.as_ref()
    }

    /// A short, cut snippet of a body that was not Graph's error shape or did not decode.
    pub fn body_snippet(&self) -> Option<&str> {
        self.inner.snippet.as_deref()
    }

    /// Building the client failed (bad base URL, bad setting).
    pub fn is_builder(&self) -> bool {
        self.inner.kind == Kind::Builder
    }
    /// No connection could be made (a refused server certificate included).
    pub fn is_connect(&self) -> bool {
        matches!(self.inner.kind, Kind::Connect | Kind::Certificate)
    }
    /// The request timed out.
    pub fn is_timeout(&self) -> bool {
        self.inner.kind == Kind::Timeout
    }
    /// The connection failed before a whole response arrived (connect, timeout, reset).
    pub fn is_transport(&self) -> bool {
        matches!(
            self.inner.kind,
            Kind::Connect | Kind::Certificate | Kind::Timeout | Kind::Transport
        )
    }
    /// Graph answered with a non-2xx status (throttling included).
    pub fn is_status(&self) -> bool {
        matches!(self.inner.kind, Kind::Status | Kind::Throttled)
    }
    /// Graph throttled the request (429 or 503) and retries ran out.
    pub fn is_throttled(&self) -> bool {
        self.inner.kind == Kind::Throttled
    }
    /// The body did not decode into the documented type (or exceeded the size cap).
    pub fn is_decode(&self) -> bool {
        matches!(self.inner.kind, Kind::Decode | Kind::BodyTooLarge)
    }
    /// The request body could not be serialized.
    pub fn is_encode(&self) -> bool {
        self.inner.kind == Kind::Encode
    }
    /// The token provider failed.
    pub fn is_auth(&self) -> bool {
        self.inner.kind == Kind::Auth
    }
    /// Graph answered with a redirect, which is not followed (the token stays with Graph).
    pub fn is_redirect(&self) -> bool {
        self.inner.kind == Kind::Redirect
    }
    /// The request was refused before sending because it would leak the token
    /// (plain http to a host other than loopback).
    pub fn is_insecure(&self) -> bool {
        self.inner.kind == Kind::Insecure
    }

    fn kind_text(&self) -> &'static str {
        match self.inner.kind {
            Kind::Builder => "invalid client configuration",
            Kind::Connect => "could not connect to Graph",
            Kind::Certificate => "could not connect to Graph: its TLS certificate was refused",
            Kind::Timeout => "request timed out",
            Kind::Transport => "the connection failed before the whole response arrived",
            Kind::Status => "Graph answered with an error status",
            Kind::Throttled => "Graph throttled the request",
            Kind::Decode => "response body did not match the documented type",
            Kind::Encode => "request body could not be serialized",
            Kind::Auth => "the token provider failed",
            Kind::Redirect => "redirect not followed",
            Kind::BodyTooLarge => "response body too large",
            Kind::Insecure => "refused to send the token insecurely",
        }
    }
}

/// The source of an error shared by the steps of one batch request: the source of that
/// request's error, reached through it.
struct SharedSource(std::sync::Arc<Error>);

impl fmt::Debug for SharedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.inner.source {
            Some(source) => fmt::Debug::fmt(source, f),
            None => f.write_str("None"),
        }
    }
}

impl fmt::Display for SharedSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.inner.source {
            Some(source) => fmt::Display::fmt(source, f),
            None => Ok(()),
        }
    }
}

impl StdError for SharedSource {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.0.inner.source.as_ref()?.source()
    }
}

/// The innermost error of a `source()` chain.
fn root_cause<'a>(error: &'a (dyn StdError + 'static)) -> &'a (dyn StdError + 'static) {
    let mut current = error;
    while let Some(next) = current.source() {
        current = next;
    }
    current
}

fn snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut out: String = text
        .chars()
        .take(SNIPPET_CHARS)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if text.chars().count() > SNIPPET_CHARS {
        out.push('…');
    }
    out
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.kind_text())?;
        if let Some(status) = self.inner.status {
            write!(f, ": status {status}")?;
        }
        if let Some(g) = &self.inner.graph {
            write!(f, ", {}", g.code)?;
            if !g.message.is_empty() {
                write!(f, ": {}", g.message)?;
            }
        } else if let Some(d) = &self.inner.detail {
            write!(f, ": {d}")?;
        }
        if let Some(id) = &self.inner.request_id {
            write!(f, " (request-id {id})")?;
        }
        if let Some(s) = &self.inner.snippet {
            write!(f, "; body starts: {s}")?;
        }
        if let Some(source) = &self.inner.source {
            match self.inner.kind {
                Kind::Decode | Kind::Encode => write!(f, "; {source}")?,
                // The transport's own error is a chain of wrappers; its root says what
                // happened (reset by peer, closed early, timed out).
                Kind::Connect | Kind::Certificate | Kind::Timeout | Kind::Transport => {
                    write!(f, "; {}", root_cause(&**source))?
                }
                _ => {}
            }
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.inner.kind);
        if let Some(s) = self.inner.status {
            d.field("status", &s);
        }
        if let Some(g) = &self.inner.graph {
            d.field("graph", g);
        }
        if let Some(id) = &self.inner.request_id {
            d.field("request_id", id);
        }
        if let Some(id) = &self.inner.client_request_id {
            d.field("client_request_id", id);
        }
        if let Some(r) = self.inner.retry_after {
            d.field("retry_after", &r);
        }
        if let Some(s) = &self.inner.snippet {
            d.field("snippet", s);
        }
        if let Some(s) = &self.inner.detail {
            d.field("detail", s);
        }
        if let Some(s) = &self.inner.source {
            d.field("source", s);
        }
        d.finish()
    }
}

impl StdError for Error {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner
            .source
            .as_ref()
            .map(|s| &**s as &(dyn StdError + 'static))
    }
}

const _: fn() = || {
    fn assert_send_sync_static<T: Send + Sync + 'static + StdError>() {}
    assert_send_sync_static::<Error>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transport_error_shows_its_root_cause() {
        #[derive(Debug)]
        struct Wrapper(std::io::Error);
        impl fmt::Display for Wrapper {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("error sending request")
            }
        }
        impl StdError for Wrapper {
            fn source(&self) -> Option<&(dyn StdError + 'static)> {
                Some(&self.0)
            }
        }
        let io = std::io::Error::new(std::io::ErrorKind::ConnectionReset, "reset by peer");
        let e = Error::transport(Kind::Transport, Wrapper(io));
        let text = e.to_string();
        assert!(text.contains("reset by peer"), "{text}");
        assert!(!text.contains("error sending request"), "{text}");
        assert!(e.is_transport());
    }

    #[test]
    fn a_redirect_error_names_its_location_and_status() {
        let e = Error::redirect(302, Some("https://elsewhere.example/x"));
        assert_eq!(e.status(), Some(302));
        assert_eq!(
            e.to_string(),
            "redirect not followed: status 302: Location https://elsewhere.example/x"
        );
        assert!(Error::redirect(301, None)
            .to_string()
            .contains("(none given)"));
    }

    #[test]
    fn display_gives_status_code_message_and_request_id() {
        let body = r#"{"error":{"code":"Request_BadRequest","message":"Bad.","innerError":{"request-id":"rid-7"}}}"#;
        let e = Error::from_response(&GraphResponse::new(400, body));
        assert_eq!(
            e.to_string(),
            "Graph answered with an error status: status 400, Request_BadRequest: Bad. (request-id rid-7)"
        );
    }

    #[test]
    fn an_empty_graph_message_falls_back_to_a_description() {
        let body = r#"{"error":{"code":"UnknownError","message":""}}"#;
        let e = Error::from_response(&GraphResponse::new(500, body));
        assert_eq!(e.code(), Some("UnknownError"));
        assert_eq!(e.message(), "Graph answered with an error status");
        assert_eq!(
            e.to_string(),
            "Graph answered with an error status: status 500, UnknownError"
        );
        let throttled = r#"{"error":{"code":"TooManyRequests"}}"#;
        let e = Error::from_response(&GraphResponse::new(429, throttled));
        assert_eq!(e.message(), "Graph throttled the request");
    }

    #[test]
    fn a_body_too_large_error_is_a_decode_error_with_the_limit() {
        let e = Error::body_too_large(200, 1024);
        assert!(e.is_decode() && !e.is_transport());
        assert!(e.to_string().contains("1024"));
    }
}
