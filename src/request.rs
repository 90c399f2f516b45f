//! The transport-neutral request and response that every `GraphClient` executes.

use std::borrow::Cow;
use std::fmt;
use std::sync::LazyLock;
use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::Error;

/// The Graph API version an operation lives under (its path prefix).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum ApiVersion {
    /// `/v1.0`: the stable API.
    V1,
    /// `/beta`: preview APIs, subject to change; not supported for production use.
    Beta,
}

impl ApiVersion {
    /// The path segment of the version: `v1.0` or `beta`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ApiVersion::V1 => "v1.0",
            ApiVersion::Beta => "beta",
        }
    }
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Whether a request may be sent again after an outcome the client cannot know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Replay {
    /// The operation changes nothing (or is idempotent): it may be replayed after a timeout,
    /// a reset connection or a 504, as well as after 429 and 503.
    Safe,
    /// The operation changes state: it is replayed only when the service said it did not
    /// process it (429, 503, and a 401 that refused the token, once with a new one), never
    /// after a timeout, a reset connection or a 504.
    OnlyUnprocessed,
}

/// What the generator knows of one Graph operation, from its documentation page.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Operation {
    /// The page's name of the operation, e.g. `user: changePassword`.
    pub name: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The API version the operation's page documents.
    pub version: ApiVersion,
    /// The path template under the version, e.g. `/users/{id}/assignLicense`.
    pub path: &'static str,
    /// Replay safety, from the method and the kind of operation.
    pub replay: Replay,
    /// Graph's documented answer is a redirect (`302 Found` to a pre-authenticated
    /// download URL, as report and file-conversion pages document): a transport hands the
    /// 3xx response to the decoder instead of failing with
    /// [`Error::is_redirect`](crate::Error::is_redirect), and still never follows it.
    pub answers_with_redirect: bool,
}

impl Operation {
    /// Describes an operation. Generated code calls this; it is public so that code
    /// generated for a downstream crate can too.
    pub const fn new(
        name: &'static str,
        method: Method,
        version: ApiVersion,
        path: &'static str,
        replay: Replay,
    ) -> Self {
        Self {
            name,
            method,
            version,
            path,
            replay,
            answers_with_redirect: false,
        }
    }

    /// Describes an operation whose documented answer is a redirect
    /// ([`Operation::answers_with_redirect`]); otherwise as [`Operation::new`].
    ///
    /// ```
    /// use http::Method;
    /// use msgraph_typed::{ApiVersion, Operation, Replay};
    ///
    /// static REPORT: Operation = Operation::redirecting(
    ///     "reportRoot: getEmailActivityUserCounts",
    ///     Method::GET,
    ///     ApiVersion::V1,
    ///     "/reports/getEmailActivityUserCounts(period='{period_value}')",
    ///     Replay::Safe,
    /// );
    /// assert!(REPORT.answers_with_redirect);
    /// ```
    pub const fn redirecting(
        name: &'static str,
        method: Method,
        version: ApiVersion,
        path: &'static str,
        replay: Replay,
    ) -> Self {
        let mut op = Self::new(name, method, version, path, replay);
        op.answers_with_redirect = true;
        op
    }
}

/// A request to Graph, ready for any [`GraphClient`](crate::GraphClient).
///
/// The path, the query and the per-call headers travel apart, so that a transport and the
/// mock kit read each without splitting strings. The body is serialized JSON. It may carry a
/// password, so it is redacted in `Debug` and wiped from memory when the last copy is
/// dropped.
///
/// ```
/// use http::{HeaderName, HeaderValue, Method};
/// use msgraph_typed::{ApiVersion, GraphRequest, Operation, Replay};
///
/// static LIST_USERS: Operation =
///     Operation::new("user: list", Method::GET, ApiVersion::V1, "/users", Replay::Safe);
///
/// let request = GraphRequest::new(&LIST_USERS, "/users")
///     .with_query("$filter", "startswith(displayName,'A B')")
///     .with_query("$top", "5")
///     .with_header(HeaderName::from_static("consistencylevel"), HeaderValue::from_static("eventual"));
/// assert_eq!(request.query(), "$filter=startswith(displayName,%27A%20B%27)&$top=5");
/// assert_eq!(request.target(), "/users?$filter=startswith(displayName,%27A%20B%27)&$top=5");
/// let pairs: Vec<_> = request.query_pairs().collect();
/// assert_eq!(pairs[0], ("$filter".into(), "startswith(displayName,'A B')".into()));
/// assert_eq!(request.headers()["consistencylevel"], "eventual");
/// ```
#[derive(Clone)]
pub struct GraphRequest {
    operation: &'static Operation,
    path: String,
    /// The query, percent-encoded, without `?` (empty when none).
    query: String,
    /// Headers of this call only (`ConsistencyLevel`, `Prefer`, ...), boxed: most calls
    /// have none, and a `HeaderMap` in place would make every call's future 96 bytes
    /// larger (BENCHMARKS.md, issue 14).
    headers: Option<Box<HeaderMap>>,
    /// This call's timeout, instead of the client's.
    timeout: Option<Duration>,
    body: Option<Bytes>,
    /// The origin (`scheme://host[:port]`) an absolute link named, for a next-page request:
    /// the transport refuses the request unless this is its own root.
    origin: Option<String>,
}

impl GraphRequest {
    /// A request for `operation` at `path` (under the version, e.g. `/me/changePassword`).
    /// The path holds no query: query options go in with [`with_query`](Self::with_query),
    /// and a `?` or `#` in the path is refused when the request is sent.
    pub fn new(operation: &'static Operation, path: impl Into<String>) -> Self {
        Self {
            operation,
            path: path.into(),
            query: String::new(),
            headers: None,
            timeout: None,
            body: None,
            origin: None,
        }
    }

    /// Appends the query option `name=value`: `name` as Graph spells it (`$select`,
    /// `$filter`, `$top`, a function's `startDateTime`), `value` as plain text. Both are
    /// percent-encoded here, once (see [`query_component`]).
    pub fn with_query(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        if !self.query.is_empty() {
            self.query.push('&');
        }
        encode_into(&mut self.query, name.as_ref());
        self.query.push('=');
        encode_into(&mut self.query, value.as_ref());
        self
    }

    /// Sets the whole query as already-encoded text, without `?`: for a link Graph sent
    /// (`@odata.nextLink`, `@odata.deltaLink`), whose query is kept as Graph wrote it.
    pub fn with_raw_query(mut self, encoded: impl Into<String>) -> Self {
        self.query = encoded.into();
        self
    }

    /// Appends query options already percent-encoded (`a=1&b=2`, as
    /// [`encode_into`] writes them): for a [`Call`](crate::Call), which encodes its options
    /// once, as they are set.
    /// An empty query takes `encoded` as it is (no copy).
    pub(crate) fn with_encoded_query(mut self, encoded: String) -> Self {
        if self.query.is_empty() {
            self.query = encoded;
        } else if !encoded.is_empty() {
            self.query.push('&');
            self.query.push_str(&encoded);
        }
        self
    }

    /// The query, percent-encoded, without `?`; empty when the request has none.
    pub fn query(&self) -> &str {
        &self.query
    }

    /// The query's options, decoded (`%XX` and, as Graph's servers read a query, `+` as a
    /// space), in the order they were added.
    pub fn query_pairs(&self) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
        query_pairs(&self.query)
    }

    /// Sends the header `name: value` with this call only (`ConsistencyLevel: eventual`,
    /// `Prefer: ...`), replacing one of the same name set before. The headers every request
    /// carries (`Authorization`, `client-request-id`, `SdkVersion`, `User-Agent`,
    /// `Retry-Attempt`, ...) are the transport's and are set after these, so they cannot be
    /// replaced this way.
    pub fn with_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers
            .get_or_insert_with(Default::default)
            .insert(name, value);
        self
    }

    /// The headers of this call only (see [`with_header`](Self::with_header)).
    pub fn headers(&self) -> &HeaderMap {
        static NONE: LazyLock<HeaderMap> = LazyLock::new(HeaderMap::new);
        self.headers.as_deref().unwrap_or(&NONE)
    }

    /// Gives this call `timeout` instead of the client's own.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// This call's own timeout, if it has one.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// The path and, when there is one, `?` and the query: what the request asks for under
    /// its version (a batch step's `url`), e.g. `/users?$top=5`.
    pub fn target(&self) -> String {
        if self.query.is_empty() {
            self.path.clone()
        } else {
            let mut target = String::with_capacity(self.path.len() + 1 + self.query.len());
            target.push_str(&self.path);
            target.push('?');
            target.push_str(&self.query);
            target
        }
    }

    /// Requires the transport's root to be `origin` (`scheme://host[:port]`, as
    /// [`Url::origin`](reqwest::Url::origin) serializes it): set for a request built from
    /// an absolute link Graph sent, such as a page's `@odata.nextLink`.
    pub(crate) fn at_origin(mut self, origin: String) -> Self {
        self.origin = Some(origin);
        self
    }

    /// For a request built from an absolute link Graph sent (a page's `@odata.nextLink`):
    /// the origin (`scheme://host[:port]`) the link named. A client must refuse the request,
    /// without sending it, unless this is the root it sends its token to;
    /// [`ReqwestGraphClient`](crate::ReqwestGraphClient) does. `None` for other requests.
    pub fn origin(&self) -> Option<&str> {
        self.origin.as_deref()
    }

    /// Serializes `body` as the JSON request body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Result<Self, Error> {
        let bytes = crate::secret::to_json(body).map_err(Error::encode)?;
        self.body = Some(Bytes::from_owner(bytes));
        Ok(self)
    }

    /// The operation this request calls.
    pub fn operation(&self) -> &'static Operation {
        self.operation
    }

    /// The HTTP method.
    pub fn method(&self) -> &Method {
        &self.operation.method
    }

    /// The API version.
    pub fn version(&self) -> ApiVersion {
        self.operation.version
    }

    /// The path under the version, e.g. `/me/changePassword`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The path with its version prefix, e.g. `/v1.0/me/changePassword`.
    pub fn versioned_path(&self) -> String {
        format!("/{}{}", self.operation.version.as_str(), self.path)
    }

    /// Sets the body to `body`, already JSON (a batch request's, built with its steps'
    /// bodies in a buffer that is wiped on drop).
    pub(crate) fn with_body(mut self, body: Bytes) -> Self {
        self.body = Some(body);
        self
    }

    /// The JSON body, if any. Treat it as secret: it may hold a password.
    pub fn body(&self) -> Option<&Bytes> {
        self.body.as_ref()
    }
}

impl fmt::Debug for GraphRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GraphRequest")
            .field("operation", &self.operation.name)
            .field("method", &self.operation.method)
            .field("version", &self.operation.version)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("headers", self.headers())
            .field("timeout", &self.timeout)
            .field("origin", &self.origin)
            .field(
                "body",
                &self
                    .body
                    .as_ref()
                    .map(|b| format!("[redacted, {} bytes]", b.len())),
            )
            .finish()
    }
}

/// A response from Graph: status, headers and body, whatever the status.
#[derive(Debug, Clone)]
pub struct GraphResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body.
    pub body: Bytes,
}

impl GraphResponse {
    /// A response with no headers.
    pub fn new(status: u16, body: impl Into<Bytes>) -> Self {
        Self {
            status,
            headers: HeaderMap::new(),
            body: body.into(),
        }
    }

    /// Graph's `request-id` header, if present.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("request-id").and_then(|v| v.to_str().ok())
    }

    /// `Ok(self)` for a 2xx status; otherwise the [`Error`] Graph's error body describes.
    pub fn error_for_status(self) -> Result<Self, Error> {
        if (200..300).contains(&self.status) {
            Ok(self)
        } else {
            Err(Error::from_response(&self))
        }
    }

    /// Decodes the body as `T`; a body that does not fit is a decode error carrying the
    /// status, the request-id and a short snippet of the body.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, Error> {
        serde_json::from_slice(&self.body).map_err(|e| Error::decode(self, e))
    }

    /// For operations documented to return no body (`204 No Content`).
    pub fn no_content(self) -> Result<(), Error> {
        Ok(())
    }
}

/// Percent-encodes `text` as one name or value of a URL query, as
/// [`GraphRequest::with_query`] does: every byte but the RFC 3986 unreserved characters
/// (`A-Z a-z 0-9 - . _ ~`) and `$ ( ) , : @ /` is encoded, so a space is `%20`, `'` is `%27`
/// (as URL parsers encode it in a query), and `+`, `&`, `=`, `#` and `%` cannot change how
/// the query splits or reads.
///
/// ```
/// use msgraph_typed::query_component;
///
/// assert_eq!(query_component("startswith(displayName,'A')"), "startswith(displayName,%27A%27)");
/// assert_eq!(query_component("\"displayName:a+b&c\""), "%22displayName:a%2Bb%26c%22");
/// ```
pub fn query_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    encode_into(&mut out, text);
    out
}

/// Appends `text` percent-encoded as a query component (see [`query_component`]): runs of
/// bytes sent as they are are copied whole, each other byte is `%XX`.
pub(crate) fn encode_into(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    out.reserve(text.len());
    let mut run = 0;
    for (i, byte) in text.bytes().enumerate() {
        if sent_as_is(byte) {
            continue;
        }
        // `run..i` is empty or only ASCII bytes sent as they are, so a non-empty run starts
        // and ends on character boundaries (an empty one at a non-boundary gives `""`).
        out.push_str(text.get(run..i).unwrap_or_default());
        out.push('%');
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0xF)]));
        run = i + 1;
    }
    out.push_str(text.get(run..).unwrap_or_default());
}

/// The bytes a query component carries unencoded: RFC 3986's unreserved characters and
/// `$ ( ) , : @ /`, which Graph's query options are written with.
const fn sent_as_is(byte: u8) -> bool {
    matches!(
        byte,
        b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'-'
            | b'.'
            | b'_'
            | b'~'
            | b'$'
            | b'('
            | b')'
            | b','
            | b':'
            | b'@'
            | b'/'
    )
}

/// The options of an encoded query, decoded (see [`GraphRequest::query_pairs`]). An option
/// without `=` has an empty value; empty options (`a=1&&b=2`) are skipped.
pub(crate) fn query_pairs(query: &str) -> impl Iterator<Item = (Cow<'_, str>, Cow<'_, str>)> {
    query
        .split('&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = part.split_once('=').unwrap_or((part, ""));
            (decode(name), decode(value))
        })
}

/// Decodes `%XX` and `+` (a space); a `%` not followed by two hex digits stays as it is.
fn decode(text: &str) -> Cow<'_, str> {
    if !text.bytes().any(|b| b == b'%' || b == b'+') {
        return Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&byte) = bytes.get(i) {
        let hex = |at: usize| bytes.get(at).and_then(|b| char::from(*b).to_digit(16));
        match byte {
            b'+' => out.push(b' '),
            b'%' => match (hex(i + 1), hex(i + 2)) {
                (Some(high), Some(low)) => {
                    // Two hex digits make a value below 256.
                    out.push(u8::try_from(high * 16 + low).unwrap_or(b'%'));
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            _ => out.push(byte),
        }
        i += 1;
    }
    match String::from_utf8(out) {
        Ok(s) => Cow::Owned(s),
        Err(e) => Cow::Owned(String::from_utf8_lossy(e.as_bytes()).into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation::new("t", Method::GET, ApiVersion::V1, "/users", Replay::Safe);

    #[test]
    fn a_query_value_is_encoded_once_and_reads_back_as_it_was_given() {
        let values = [
            "startswith(displayName,'A')",
            "\"displayName:room\" OR \"mail:a+b@x.com\"",
            "a&b=c#d%e",
            "caf\u{e9} \u{1F600}",
            "",
        ];
        for value in values {
            let request = GraphRequest::new(&OP, "/users").with_query("$filter", value);
            assert!(!request.query().contains(' '), "{}", request.query());
            let pairs: Vec<_> = request.query_pairs().collect();
            assert_eq!(pairs.len(), 1, "{value:?} split: {}", request.query());
            assert_eq!(pairs[0].0, "$filter");
            assert_eq!(pairs[0].1, value);
        }
    }

    #[test]
    fn options_keep_their_order_and_the_dollar_prefix() {
        let request = GraphRequest::new(&OP, "/users")
            .with_query("$select", "id,displayName")
            .with_query("$top", "25")
            .with_query("$count", "true");
        assert_eq!(
            request.query(),
            "$select=id,displayName&$top=25&$count=true"
        );
        assert_eq!(
            request.target(),
            "/users?$select=id,displayName&$top=25&$count=true"
        );
        assert_eq!(GraphRequest::new(&OP, "/users").target(), "/users");
    }

    #[test]
    fn a_raw_query_is_kept_as_written_and_plus_reads_as_a_space() {
        let request =
            GraphRequest::new(&OP, "/users").with_raw_query("$skiptoken=X%27a+b%27&$top=2&&x");
        assert_eq!(request.query(), "$skiptoken=X%27a+b%27&$top=2&&x");
        let pairs: Vec<(String, String)> = request
            .query_pairs()
            .map(|(n, v)| (n.into_owned(), v.into_owned()))
            .collect();
        assert_eq!(
            pairs,
            [
                ("$skiptoken".to_owned(), "X'a b'".to_owned()),
                ("$top".to_owned(), "2".to_owned()),
                ("x".to_owned(), String::new()),
            ]
        );
    }

    #[test]
    fn a_stray_percent_or_bad_utf8_decodes_without_a_panic() {
        let pairs: Vec<_> = query_pairs("a=%&b=%4&c=%ZZ&d=%FF").collect();
        assert_eq!(pairs[0].1, "%");
        assert_eq!(pairs[1].1, "%4");
        assert_eq!(pairs[2].1, "%ZZ");
        assert_eq!(pairs[3].1, "\u{FFFD}");
    }

    #[test]
    fn a_header_set_twice_keeps_the_last_value_and_the_timeout_is_the_calls() {
        let name = HeaderName::from_static("prefer");
        let request = GraphRequest::new(&OP, "/users")
            .with_header(name.clone(), HeaderValue::from_static("a"))
            .with_header(name, HeaderValue::from_static("b"))
            .with_timeout(Duration::from_secs(3));
        assert_eq!(request.headers().get_all("prefer").iter().count(), 1);
        assert_eq!(request.headers()["prefer"], "b");
        assert_eq!(request.timeout(), Some(Duration::from_secs(3)));
        assert_eq!(GraphRequest::new(&OP, "/users").timeout(), None);
    }
}
