//! The one generic call type of the generated operations, [`Call`]: query options,
//! headers and a timeout set on it, awaited directly ([`IntoFuture`]), or taken apart by a
//! sender such as batching ([`GraphCall`]). Paging and delta rounds live in `pages` and
//! `delta`.

mod decode;
mod delta;
mod node;
mod pages;

pub use decode::{decode_accepted, decode_redirect, decode_value};
pub use delta::{Changes, Delta, DeltaLink};
pub use node::Node;
pub use pages::{All, Items};

use std::fmt;
use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{HeaderName, HeaderValue};

use crate::call::{Decoder, GraphCall};
use crate::client::{BoxedCall, GraphClient};
use crate::error::Error;
use crate::request::{encode_into, GraphRequest, Operation};

/// The future of an awaited [`All`], [`Changes`] or other call that makes several requests.
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// `ConsistencyLevel`, which Graph requires (as `eventual`) for `$search` and `$count` on
/// directory objects.
const CONSISTENCY_LEVEL: &str = "consistencylevel";

/// The room the query of a call starts with when its first option is set: enough for
/// `$select` of a few properties, a short `$filter` and `$top`.
const QUERY_CAPACITY: usize = 96;

/// A call to Graph, built but not sent: what every generated operation returns
/// (`client.users().list()`, `client.me().change_password(body)`).
///
/// Await it as it is, or configure it first with the OData query options Graph's pages
/// list (`$select`, `$filter`, `$orderby`, `$top`, `$skip`, `$expand`, `$search`,
/// `$count`), request headers and a timeout. Values are given unencoded and
/// percent-encoded once, when the request is built; the `$` prefix is always sent.
/// `$search` and `$count=true` also send `ConsistencyLevel: eventual`, which Graph needs
/// for them on directory objects (unless the call sets that header itself).
///
/// ```no_run
/// # async fn run(client: &dyn msgraph_typed::GraphClient, call: msgraph_typed::Call<'_, ()>) -> Result<(), msgraph_typed::Error> {
/// call.select(["id", "displayName"])
///     .filter("startswith(displayName,'A')")
///     .top(25)
///     .header("Prefer", "outlook.body-content-type=\"text\"")
///     .timeout(std::time::Duration::from_secs(10))
///     .await?;
/// # Ok(()) }
/// ```
///
/// A call that cannot be built (an empty key, a header that is not valid, a body that does
/// not serialize) fails when awaited, with an [`is_builder`](Error::is_builder) or
/// [`is_encode`](Error::is_encode) error, before anything is sent.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T> {
    client: &'a dyn GraphClient,
    request: Result<GraphRequest, Error>,
    /// The query options, percent-encoded once as they are set (`$top=5&$select=id`), in
    /// the order first set; setting one again replaces its value in place.
    query: String,
    /// Other query parameters (function parameters such as `startDateTime`), encoded, in
    /// order.
    params: String,
    decode: Decoder<T>,
}

impl<'a, T> Call<'a, T> {
    /// A call of `request` (or of the reason it cannot be built) through `client`.
    pub fn from_request(
        client: &'a dyn GraphClient,
        request: Result<GraphRequest, Error>,
        decode: Decoder<T>,
    ) -> Self {
        Self {
            client,
            request,
            query: String::new(),
            params: String::new(),
            decode,
        }
    }

    /// The client the call is sent through when awaited.
    pub fn client(&self) -> &'a dyn GraphClient {
        self.client
    }

    /// Sets the option `name` (`$select`, spelled as sent: nothing in it is encoded), its
    /// value written encoded by `write`. A value set before is replaced where it stands.
    fn option(mut self, name: &'static str, write: impl FnOnce(&mut String)) -> Self {
        let query = &mut self.query;
        match option_value(query, name) {
            Some(range) => {
                let mut value = String::new();
                write(&mut value);
                query.replace_range(range, &value);
            }
            None => {
                if query.is_empty() {
                    // Room for a few options at once: growing the text as each is added
                    // would copy it again and again.
                    query.reserve(QUERY_CAPACITY);
                } else {
                    query.push('&');
                }
                query.push_str(name);
                query.push('=');
                write(query);
            }
        }
        self
    }

    /// `$select`: only these properties (comma-joined), e.g. `["id", "displayName"]`.
    pub fn select<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        self.option("$select", |out| {
            for (i, p) in properties.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                encode_into(out, p.as_ref());
            }
        })
    }

    /// `$filter`: an OData filter, e.g. `startswith(displayName,'A')`.
    pub fn filter(self, expression: impl AsRef<str>) -> Self {
        self.option("$filter", |out| encode_into(out, expression.as_ref()))
    }

    /// `$orderby`: e.g. `displayName` or `displayName desc`.
    pub fn orderby(self, order: impl AsRef<str>) -> Self {
        self.option("$orderby", |out| encode_into(out, order.as_ref()))
    }

    /// `$top`: at most `n` items in a page.
    pub fn top(self, n: u32) -> Self {
        self.option("$top", |out| push_number(out, n))
    }

    /// `$skip`: skip the first `n` items.
    pub fn skip(self, n: u32) -> Self {
        self.option("$skip", |out| push_number(out, n))
    }

    /// `$expand`: related entities to include, e.g. `manager`.
    pub fn expand(self, expression: impl AsRef<str>) -> Self {
        self.option("$expand", |out| encode_into(out, expression.as_ref()))
    }

    /// `$search`: e.g. `"displayName:room"` (with the double quotes Graph expects); also
    /// sends `ConsistencyLevel: eventual`.
    pub fn search(self, expression: impl AsRef<str>) -> Self {
        self.option("$search", |out| encode_into(out, expression.as_ref()))
    }

    /// `$count`: with `true`, Graph adds `@odata.count` (the total); also sends
    /// `ConsistencyLevel: eventual`.
    pub fn count(self, on: bool) -> Self {
        self.option("$count", |out| {
            out.push_str(if on { "true" } else { "false" })
        })
    }

    /// Any other query parameter (a function's, such as `startDateTime`), unencoded.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let (name, value) = (name.into(), value.into());
        if !self.params.is_empty() {
            self.params.push('&');
        }
        encode_into(&mut self.params, &name);
        self.params.push('=');
        encode_into(&mut self.params, &value);
        self
    }

    /// A request header (`Prefer`, `ConsistencyLevel`, ...), replacing one of the same
    /// name. A name or value that is not a valid header is the call's error (naming the
    /// header, never showing the value). The client's own headers (`Authorization`,
    /// `client-request-id`, ...) cannot be replaced this way.
    pub fn header(mut self, name: impl AsRef<str>, value: impl AsRef<str>) -> Self {
        let name = name.as_ref();
        let parsed = HeaderName::from_bytes(name.as_bytes())
            .ok()
            .zip(HeaderValue::from_str(value.as_ref()).ok());
        self.request = match (self.request, parsed) {
            (Ok(request), Some((n, v))) => Ok(request.with_header(n, v)),
            (Ok(_), None) => Err(Error::builder(format!(
                "the header `{}` is not a valid header name and value",
                name.escape_debug()
            ))),
            (Err(e), _) => Err(e),
        };
        self
    }

    /// A timeout for this call, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request = self.request.map(|r| r.with_timeout(timeout));
        self
    }
}

impl<T: Send + 'static> GraphCall for Call<'_, T> {
    type Output = T;

    fn into_parts(self) -> Result<(GraphRequest, Decoder<T>), Error> {
        let mut request = self.request?;
        if self.query.is_empty() && self.params.is_empty() {
            // Most calls (an action, a plain read) set no option: nothing to add.
            return Ok((request, self.decode));
        }
        let eventual = self
            .query
            .split('&')
            .any(|option| option.starts_with("$search=") || option == "$count=true");
        request = request
            .with_encoded_query(self.query)
            .with_encoded_query(self.params);
        if eventual && !request.headers().contains_key(CONSISTENCY_LEVEL) {
            request = request.with_header(
                HeaderName::from_static(CONSISTENCY_LEVEL),
                HeaderValue::from_static("eventual"),
            );
        }
        Ok((request, self.decode))
    }
}

/// Where the value of the option `name` stands in the encoded `query`, if it is set.
fn option_value(query: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let mut at = 0;
    for option in query.split('&') {
        let start = at;
        at += option.len() + 1;
        let rest = option.strip_prefix(name).and_then(|r| r.strip_prefix('='));
        if let Some(value) = rest {
            let value_start = start + option.len() - value.len();
            return Some(value_start..start + option.len());
        }
    }
    None
}

/// Appends `n` in decimal, without the formatting machinery or an allocation.
fn push_number(out: &mut String, mut n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

impl<'a, T: Send + 'static> IntoFuture for Call<'a, T> {
    type Output = Result<T, Error>;
    type IntoFuture = Pending<'a, T>;

    fn into_future(self) -> Self::IntoFuture {
        Pending {
            state: State::Built(self),
        }
    }
}

/// The future of an awaited [`Call`]: the client's future for the call's request, then the
/// call's decoder on the answer.
///
/// Not boxed itself (the client's future is, behind the `dyn GraphClient` seam): awaiting a
/// call allocates no future of its own, which is measurable on a call that takes
/// tens of microseconds (BENCHMARKS.md, issue 14). Polled again after it gave its result,
/// it gives an error rather than panicking.
#[must_use = "futures do nothing unless polled"]
pub struct Pending<'a, T> {
    state: State<'a, T>,
}

// The call is kept in place until the first poll: boxing it to make the variants even would
// cost the allocation this future exists to save.
#[allow(clippy::large_enum_variant)]
enum State<'a, T> {
    /// Not polled yet: the request is built on the first poll.
    Built(Call<'a, T>),
    /// On its way: the client's future, and what reads its answer.
    Sent {
        /// The client's future for the request, as `GraphClient::execute` returns it.
        response: BoxedCall<'a>,
        operation: &'static Operation,
        decode: Decoder<T>,
    },
    /// The result was given.
    Done,
}

impl<T: Send + 'static> Future for Pending<'_, T> {
    type Output = Result<T, Error>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // Nothing in it is pinned in place: the client's future is boxed.
        let this = self.get_mut();
        if let State::Built(_) = this.state {
            if let State::Built(call) = std::mem::replace(&mut this.state, State::Done) {
                let client = call.client;
                let (request, decode) = match call.into_parts() {
                    Ok(parts) => parts,
                    Err(e) => return Poll::Ready(Err(e)),
                };
                this.state = State::Sent {
                    operation: request.operation(),
                    response: client.execute(request),
                    decode,
                };
            }
        }
        match &mut this.state {
            State::Sent {
                response,
                operation,
                decode,
            } => {
                let answer = std::task::ready!(response.as_mut().poll(cx));
                let (operation, decode) = (*operation, *decode);
                this.state = State::Done;
                Poll::Ready(answer.and_then(|response| decode(operation, response)))
            }
            _ => Poll::Ready(Err(Error::builder(
                "the call was polled again after it gave its result",
            ))),
        }
    }
}

impl<T> fmt::Debug for Pending<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = match &self.state {
            State::Built(_) => "built",
            State::Sent { .. } => "sent",
            State::Done => "done",
        };
        f.debug_struct("Pending")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

impl<T> fmt::Debug for Call<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("request", &self.request)
            .field("query", &self.query)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use async_trait::async_trait;
    use http::Method;

    use super::*;
    use crate::call::decode_json;
    use crate::request::{ApiVersion, GraphResponse, Replay};

    static GET_USER: Operation = Operation::new(
        "user: get",
        Method::GET,
        ApiVersion::V1,
        "/users/{id}",
        Replay::Safe,
    );

    /// Answers every request with `{"id":"u1"}` and counts them.
    #[derive(Default)]
    struct Counting(AtomicUsize);

    #[async_trait]
    impl GraphClient for Counting {
        async fn execute(&self, _: GraphRequest) -> Result<GraphResponse, Error> {
            self.0.fetch_add(1, Ordering::SeqCst);
            Ok(GraphResponse::new(200, r#"{"id":"u1"}"#))
        }
    }

    #[derive(serde::Deserialize, Debug)]
    struct User {
        id: String,
    }

    fn get_user<'a>(client: &'a Counting, id: &str) -> Call<'a, User> {
        let request = crate::path_param("id", id)
            .map(|id| GraphRequest::new(&GET_USER, format!("/users/{id}")));
        Call::from_request(client, request, decode_json::<User>)
    }

    #[tokio::test]
    async fn an_awaited_call_sends_once_and_decodes_the_answer() {
        let client = Counting::default();
        let mut pending = get_user(&client, "u1").into_future();
        assert_eq!(format!("{pending:?}"), r#"Pending { state: "built", .. }"#);
        let user = (&mut pending).await.unwrap();
        assert_eq!(user.id, "u1");
        assert_eq!(client.0.load(Ordering::SeqCst), 1);
        assert_eq!(format!("{pending:?}"), r#"Pending { state: "done", .. }"#);
    }

    #[tokio::test]
    async fn a_call_polled_again_after_its_result_is_an_error_not_a_panic_nor_a_resend() {
        let client = Counting::default();
        let mut pending = get_user(&client, "u1").into_future();
        (&mut pending).await.unwrap();
        let again = (&mut pending).await.unwrap_err();
        assert!(again.is_builder(), "{again}");
        assert!(again.to_string().contains("polled again"), "{again}");
        assert_eq!(client.0.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_call_that_cannot_be_built_fails_on_its_first_poll_without_reaching_the_client() {
        let client = Counting::default();
        let e = get_user(&client, "").await.unwrap_err();
        assert!(e.is_builder(), "{e}");
        assert_eq!(client.0.load(Ordering::SeqCst), 0);
    }
}
