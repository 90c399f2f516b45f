//! One attempt: build the HTTP request with its headers, send it, read the body under the cap.

use std::future::Future;
use std::sync::LazyLock;
use std::time::Duration;

use bytes::Bytes;

use http::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, LOCATION, USER_AGENT};
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use reqwest::Url;

use crate::auth::Authorization;
use crate::error::{Error, Kind};
use crate::request::{GraphRequest, GraphResponse};
#[cfg(feature = "mock")]
use crate::secret::SecretString;

/// `SdkVersion`, in the `graph-{lang}/{version}` form Microsoft's Graph SDKs send, with this
/// crate's name after the language so that it is not mistaken for an official SDK.
pub(crate) const SDK_VERSION: &str =
    concat!("graph-rust-msgraph-typed/", env!("CARGO_PKG_VERSION"));

/// `User-Agent`: this crate and its version.
pub(crate) const USER_AGENT_VALUE: &str = concat!("msgraph-typed/", env!("CARGO_PKG_VERSION"));

// Names and values known at compile time: `from_static` makes them without allocating
// (a `&str` name or value is copied into a fresh buffer on every request). HTTP/1 sends
// header names in lower case whatever the spelling, so these are what went on the wire.
const CLIENT_REQUEST_ID: HeaderName = HeaderName::from_static("client-request-id");
const SDK_VERSION_HEADER: HeaderName = HeaderName::from_static("sdkversion");
const RETRY_ATTEMPT: HeaderName = HeaderName::from_static("retry-attempt");
const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");
const SDK_VERSION_VALUE: HeaderValue = HeaderValue::from_static(SDK_VERSION);
const USER_AGENT_HEADER_VALUE: HeaderValue = HeaderValue::from_static(USER_AGENT_VALUE);

/// What one attempt needs besides the request.
pub(crate) struct Attempt<'a> {
    pub(crate) http: &'a reqwest::Client,
    /// The request's URL, moved into the request (no copy per attempt).
    pub(crate) url: Url,
    /// Whether `http` may follow redirects (a reqwest client given to the builder): then
    /// the answer's URL is checked against the one sent.
    pub(crate) check_redirects: bool,
    /// The `Authorization` value of the token for this attempt.
    pub(crate) authorization: &'a Authorization,
    pub(crate) client_request_id: &'a str,
    /// 0 for the first attempt, N for the Nth replay (sent as `Retry-Attempt`).
    pub(crate) retry: u32,
    /// The attempt's timeout, when the reqwest client does not apply it already.
    pub(crate) timeout: Option<Duration>,
    pub(crate) max_body: usize,
}

/// The headers of `request` sent with `token` (see [`request_headers`]): what the mock
/// kit's in-process client sends, which has no token cache.
#[cfg(feature = "mock")]
pub(crate) fn request_headers_with_token(
    request: &GraphRequest,
    token: &SecretString,
    client_request_id: &str,
) -> Result<HeaderMap, Error> {
    request_headers(
        request,
        &Authorization::bearer(token)?,
        client_request_id,
        0,
    )
}

/// Whether `request` says `Content-Type: application/json`: when it has a body, and on a
/// POST, PUT or PATCH without one (an action without parameters), as Microsoft's
/// JavaScript client does. A bodiless GET or DELETE says none, as neither of Microsoft's
/// SDKs does (compat/run.sh compares their requests with ours).
fn sends_content_type(request: &GraphRequest) -> bool {
    request.body().is_some()
        || [Method::POST, Method::PUT, Method::PATCH].contains(request.method())
}

/// Stands in for the values each request fills in (`Authorization`, `client-request-id`).
const UNSET: HeaderValue = HeaderValue::from_static("");

/// The headers every request starts from, made once: without and with `Content-Type`.
static TEMPLATES: LazyLock<[HeaderMap; 2]> = LazyLock::new(|| [template(false), template(true)]);

/// `Authorization` and `client-request-id` (unset), `Accept: application/json`,
/// `SdkVersion`, `User-Agent`, and `Content-Type: application/json` when `content`.
fn template(content: bool) -> HeaderMap {
    // Room for hyper's `content-length` and a call's own headers without growing the
    // index (which would rehash every header).
    let mut map = HeaderMap::with_capacity(10);
    map.insert(AUTHORIZATION, UNSET);
    map.insert(CLIENT_REQUEST_ID, UNSET);
    map.insert(ACCEPT, APPLICATION_JSON);
    map.insert(SDK_VERSION_HEADER, SDK_VERSION_VALUE);
    map.insert(USER_AGENT, USER_AGENT_HEADER_VALUE);
    if content {
        map.insert(CONTENT_TYPE, APPLICATION_JSON);
    }
    map
}

/// The headers of `request`: `Authorization`, `Accept: application/json`,
/// `client-request-id`, `SdkVersion`, `User-Agent`, `Content-Type: application/json` when
/// [`sends_content_type`], `Retry-Attempt` on the `retry`th replay, then the call's own,
/// leaving out any of those (also those sent only on some requests, such as
/// `Retry-Attempt`). The one list for the HTTP client and the mock kit's in-process client,
/// so that both send the same.
///
/// A copy of a map made once, with the two values of the request filled in: this runs on
/// every request, and inserting each header (hashing its name, placing it) cost more than
/// copying them all (BENCHMARKS.md, issue 14).
pub(crate) fn request_headers(
    request: &GraphRequest,
    authorization: &Authorization,
    client_request_id: &str,
    retry: u32,
) -> Result<HeaderMap, Error> {
    let mut id = Some(
        HeaderValue::from_str(client_request_id)
            .map_err(|_| Error::builder("the client-request-id is not a valid header value"))?,
    );
    let mut map = TEMPLATES[usize::from(sends_content_type(request))].clone();
    for (name, value) in map.iter_mut() {
        if name == AUTHORIZATION {
            *value = authorization.header_value();
        } else if name == CLIENT_REQUEST_ID {
            if let Some(id) = id.take() {
                *value = id;
            }
        }
    }
    if retry > 0 {
        map.insert(RETRY_ATTEMPT, HeaderValue::from(retry));
    }
    for (name, value) in request.headers() {
        if !is_transport_header(name) {
            map.append(name.clone(), value.clone());
        }
    }
    Ok(map)
}

/// Whether `name` is one of the headers [`request_headers`] sets, which a call's own
/// headers may not replace.
pub(crate) fn is_transport_header(name: &HeaderName) -> bool {
    [
        &AUTHORIZATION,
        &CONTENT_TYPE,
        &ACCEPT,
        &CLIENT_REQUEST_ID,
        &SDK_VERSION_HEADER,
        &USER_AGENT,
        &RETRY_ATTEMPT,
    ]
    .contains(&name)
}

/// Sends `request` once and reads the whole response.
///
/// An `async` block, not an `async fn`: an `async fn` keeps a second copy of its arguments
/// in its future (they are moved into locals before the body runs). Every call's future is
/// one allocation holding this one, and its size decides how the allocator serves it
/// (BENCHMARKS.md, issue 14).
#[allow(
    clippy::manual_async_fn,
    reason = "an async fn keeps its arguments twice in its future"
)]
pub(crate) fn send<'a>(
    a: Attempt<'a>,
    request: &'a GraphRequest,
) -> impl Future<Output = Result<GraphResponse, Error>> + Send + 'a {
    async move {
        let sent_url = a.check_redirects.then(|| a.url.clone());
        // Built in a block of its own so that the request's storage is not kept in the
        // future while the answer is awaited (it is moved into reqwest's).
        let pending = {
            // A `reqwest::Request`, not its `RequestBuilder`: the builder converts each
            // typed header again and grows the header map as it goes, which cost a
            // measurable share of a call (BENCHMARKS.md, issue 14).
            let mut http_request = reqwest::Request::new(request.method().clone(), a.url);
            *http_request.headers_mut() =
                request_headers(request, a.authorization, a.client_request_id, a.retry)?;
            // Only when there is one: reqwest keeps a request's timeout in its extensions,
            // which costs an allocation even to store `None`.
            if let Some(timeout) = request.timeout().or(a.timeout) {
                *http_request.timeout_mut() = Some(timeout);
            }
            if let Some(body) = request.body() {
                *http_request.body_mut() = Some(body.clone().into());
            }
            a.http.execute(http_request)
        };
        let mut response = pending.await.map_err(transport)?;
        if sent_url.is_some_and(|sent| *response.url() != sent) {
            // Only a reqwest client given to the builder follows redirects (ours has
            // `Policy::none()`). The answer is another host's; the query may hold secrets.
            let to = response.url();
            let to = format!("{}{}", to.origin().ascii_serialization(), to.path());
            return Err(Error::redirect_followed(&to));
        }

        let status = response.status().as_u16();
        if response.status().is_redirection() && !request.operation().answers_with_redirect {
            let headers = answer_headers(&mut response, a.client_request_id);
            let location = headers.get(LOCATION).and_then(|v| v.to_str().ok());
            return Err(Error::redirect(status, location).with_response_headers(&headers));
        }
        if response
            .content_length()
            .is_some_and(|len| len > a.max_body as u64)
        {
            let headers = answer_headers(&mut response, a.client_request_id);
            return Err(Error::body_too_large(status, a.max_body).with_response_headers(&headers));
        }
        let mut body = Body::default();
        loop {
            let chunk = match response.chunk().await {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(e) => {
                    let headers = answer_headers(&mut response, a.client_request_id);
                    return Err(transport(e)
                        .with_status(status)
                        .with_response_headers(&headers));
                }
            };
            if body.len().saturating_add(chunk.len()) > a.max_body {
                let headers = answer_headers(&mut response, a.client_request_id);
                return Err(
                    Error::body_too_large(status, a.max_body).with_response_headers(&headers)
                );
            }
            body.push(chunk);
        }
        Ok(GraphResponse {
            status,
            headers: answer_headers(&mut response, a.client_request_id),
            body: body.into_bytes(),
        })
    }
}

/// The headers of `response`, taken from it (they are kept in it while the body streams,
/// not in a copy of their own): with the `client-request-id` that was sent added to a
/// failure's headers that lack it. A gateway's own error page (an HTML 502) does not echo
/// the id; the error built from this response still names the one that was sent.
fn answer_headers(response: &mut reqwest::Response, client_request_id: &str) -> HeaderMap {
    let failed = !response.status().is_success();
    let mut headers = std::mem::take(response.headers_mut());
    if failed && !headers.contains_key(CLIENT_REQUEST_ID) {
        if let Ok(id) = HeaderValue::from_str(client_request_id) {
            headers.insert(CLIENT_REQUEST_ID, id);
        }
    }
    headers
}

/// A response body as it streams in. Most bodies arrive in one chunk, which is kept as it
/// came (no allocation, no copy); a second chunk starts a buffer.
#[derive(Default)]
struct Body {
    first: Option<Bytes>,
    rest: Vec<u8>,
}

impl Body {
    fn len(&self) -> usize {
        self.first.as_ref().map_or(0, Bytes::len) + self.rest.len()
    }

    fn push(&mut self, chunk: Bytes) {
        match self.first.take() {
            None if self.rest.is_empty() => self.first = Some(chunk),
            Some(first) => {
                self.rest.reserve(first.len() + chunk.len());
                self.rest.extend_from_slice(&first);
                self.rest.extend_from_slice(&chunk);
            }
            None => self.rest.extend_from_slice(&chunk),
        }
    }

    fn into_bytes(self) -> Bytes {
        match self.first {
            Some(first) => first,
            None => self.rest.into(),
        }
    }
}

/// Sorts reqwest's error into connect (a refused certificate apart), timeout or other
/// transport failure; reqwest's error stays as the `source()`.
fn transport(e: reqwest::Error) -> Error {
    let kind = if e.is_connect() {
        if is_certificate_error(&e) {
            Kind::Certificate
        } else {
            Kind::Connect
        }
    } else if e.is_timeout() {
        Kind::Timeout
    } else {
        Kind::Transport
    };
    Error::transport(kind, e)
}

/// Whether rustls refused the server's certificate somewhere in `e`'s chain. rustls' error
/// sits inside `std::io::Error`s, whose `source()` skips the error they wrap, so each one
/// is opened with `get_ref`. With `native-tls` this cannot be told apart (its error type is
/// not reachable from here), and a certificate failure stays a connect error.
#[cfg(feature = "rustls")]
fn is_certificate_error(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut current = Some(e);
    while let Some(error) = current {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return matches!(
                tls,
                rustls::Error::InvalidCertificate(_)
                    | rustls::Error::NoCertificatesPresented
                    | rustls::Error::InvalidCertRevocationList(_)
            );
        }
        current = match error
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => Some(inner),
            None => error.source(),
        };
    }
    false
}

#[cfg(not(feature = "rustls"))]
fn is_certificate_error(_: &(dyn std::error::Error + 'static)) -> bool {
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "rustls")]
    #[test]
    fn a_certificate_error_is_found_inside_nested_io_errors_and_others_are_not() {
        use std::io::{Error as Io, ErrorKind};
        let refused = rustls::Error::InvalidCertificate(rustls::CertificateError::UnknownIssuer);
        let nested = Io::other(Io::new(ErrorKind::InvalidData, refused));
        assert!(is_certificate_error(&nested));
        let other = rustls::Error::General("handshake".into());
        let nested = Io::other(Io::new(ErrorKind::InvalidData, other));
        assert!(!is_certificate_error(&nested));
        assert!(!is_certificate_error(&Io::from(
            ErrorKind::ConnectionRefused
        )));
    }

    static LIST: crate::request::Operation = crate::request::Operation::new(
        "user: list",
        Method::GET,
        crate::request::ApiVersion::V1,
        "/users",
        crate::request::Replay::Safe,
    );

    static CHANGE: crate::request::Operation = crate::request::Operation::new(
        "user: changePassword",
        Method::POST,
        crate::request::ApiVersion::V1,
        "/me/changePassword",
        crate::request::Replay::OnlyUnprocessed,
    );

    fn names_and_values(map: &HeaderMap) -> Vec<(String, String)> {
        let mut all: Vec<_> = map
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_str().unwrap().to_owned()))
            .collect();
        all.sort();
        all
    }

    const ID: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    #[test]
    fn every_request_gets_its_token_and_id_filled_in_and_the_fixed_headers() {
        let token = Authorization::bearer(&crate::secret::SecretString::from("t0k")).unwrap();
        let get = request_headers(&GraphRequest::new(&LIST, "/users"), &token, ID, 0).unwrap();
        let expected = |content: bool| {
            let mut all = vec![
                ("accept".to_owned(), "application/json".to_owned()),
                ("authorization".to_owned(), "Bearer t0k".to_owned()),
                ("client-request-id".to_owned(), ID.to_owned()),
                ("sdkversion".to_owned(), SDK_VERSION.to_owned()),
                ("user-agent".to_owned(), USER_AGENT_VALUE.to_owned()),
            ];
            if content {
                all.push(("content-type".to_owned(), "application/json".to_owned()));
            }
            all.sort();
            all
        };
        assert_eq!(names_and_values(&get), expected(false));
        assert!(get[AUTHORIZATION].is_sensitive());
        let post = GraphRequest::new(&CHANGE, "/me/changePassword");
        let post = request_headers(&post, &token, ID, 0).unwrap();
        assert_eq!(names_and_values(&post), expected(true));
        // The map made once is a template: nothing of one request stays in it.
        let other = Authorization::bearer(&crate::secret::SecretString::from("other")).unwrap();
        let next = request_headers(&GraphRequest::new(&LIST, "/users"), &other, "1", 0).unwrap();
        assert_eq!(next[AUTHORIZATION], "Bearer other");
        assert_eq!(next[CLIENT_REQUEST_ID], "1");
    }

    #[test]
    fn a_replay_says_its_attempt_and_a_calls_own_transport_headers_are_left_out() {
        let token = Authorization::bearer(&crate::secret::SecretString::from("t0k")).unwrap();
        let request = GraphRequest::new(&LIST, "/users")
            .with_header(RETRY_ATTEMPT, HeaderValue::from_static("9"))
            .with_header(CONTENT_TYPE, HeaderValue::from_static("text/plain"))
            .with_header(
                AUTHORIZATION,
                HeaderValue::from_static("Bearer someone-elses"),
            )
            .with_header(
                HeaderName::from_static("consistencylevel"),
                HeaderValue::from_static("eventual"),
            );
        let first = request_headers(&request, &token, ID, 0).unwrap();
        assert!(!first.contains_key(RETRY_ATTEMPT));
        assert!(!first.contains_key(CONTENT_TYPE));
        assert_eq!(first.get_all(AUTHORIZATION).iter().count(), 1);
        assert_eq!(first[AUTHORIZATION], "Bearer t0k");
        assert_eq!(first["consistencylevel"], "eventual");
        let replay = request_headers(&request, &token, ID, 2).unwrap();
        assert_eq!(
            replay.get_all(RETRY_ATTEMPT).iter().collect::<Vec<_>>(),
            ["2"]
        );
    }

    #[test]
    fn a_request_id_that_cannot_be_a_header_is_a_builder_error() {
        let token = Authorization::bearer(&crate::secret::SecretString::from("t0k")).unwrap();
        let request = GraphRequest::new(&LIST, "/users");
        let e = request_headers(&request, &token, "a\nb", 0).unwrap_err();
        assert!(e.is_builder(), "{e}");
    }

    #[test]
    fn a_body_in_one_chunk_is_kept_without_a_copy() {
        let chunk = Bytes::from_static(br#"{"isValid":true}"#);
        let mut body = Body::default();
        body.push(chunk.clone());
        assert_eq!(body.len(), chunk.len());
        let bytes = body.into_bytes();
        assert_eq!(bytes.as_ptr(), chunk.as_ptr());
    }

    #[test]
    fn a_body_in_several_chunks_is_joined_in_order() {
        let mut body = Body::default();
        for part in ["", "{\"a\":", "", "1", "}"] {
            body.push(Bytes::from(part));
        }
        assert_eq!(body.len(), 7);
        assert_eq!(&body.into_bytes()[..], b"{\"a\":1}");
        assert!(Body::default().into_bytes().is_empty());
    }
}
