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
use std::time::Duration;

use http::{HeaderName, HeaderValue};

use crate::call::{Decoder, GraphCall};
use crate::client::GraphClient;
use crate::error::Error;
use crate::request::GraphRequest;

/// The future of an awaited [`Call`].
pub type CallFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, Error>> + Send + 'a>>;

/// `ConsistencyLevel`, which Graph requires (as `eventual`) for `$search` and `$count` on
/// directory objects.
const CONSISTENCY_LEVEL: &str = "consistencylevel";

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
    /// Query options in the order first set; setting one again replaces its value.
    query: Vec<(&'static str, String)>,
    /// Other query parameters (function parameters such as `startDateTime`), in order.
    params: Vec<(String, String)>,
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
            query: Vec::new(),
            params: Vec::new(),
            decode,
        }
    }

    /// The client the call is sent through when awaited.
    pub fn client(&self) -> &'a dyn GraphClient {
        self.client
    }

    fn option(mut self, name: &'static str, value: String) -> Self {
        match self.query.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.query.push((name, value)),
        }
        self
    }

    /// `$select`: only these properties (comma-joined), e.g. `["id", "displayName"]`.
    pub fn select<I>(self, properties: I) -> Self
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        let mut joined = String::new();
        for p in properties {
            if !joined.is_empty() {
                joined.push(',');
            }
            joined.push_str(p.as_ref());
        }
        self.option("$select", joined)
    }

    /// `$filter`: an OData filter, e.g. `startswith(displayName,'A')`.
    pub fn filter(self, expression: impl AsRef<str>) -> Self {
        self.option("$filter", expression.as_ref().to_owned())
    }

    /// `$orderby`: e.g. `displayName` or `displayName desc`.
    pub fn orderby(self, order: impl AsRef<str>) -> Self {
        self.option("$orderby", order.as_ref().to_owned())
    }

    /// `$top`: at most `n` items in a page.
    pub fn top(self, n: u32) -> Self {
        self.option("$top", n.to_string())
    }

    /// `$skip`: skip the first `n` items.
    pub fn skip(self, n: u32) -> Self {
        self.option("$skip", n.to_string())
    }

    /// `$expand`: related entities to include, e.g. `manager`.
    pub fn expand(self, expression: impl AsRef<str>) -> Self {
        self.option("$expand", expression.as_ref().to_owned())
    }

    /// `$search`: e.g. `"displayName:room"` (with the double quotes Graph expects); also
    /// sends `ConsistencyLevel: eventual`.
    pub fn search(self, expression: impl AsRef<str>) -> Self {
        self.option("$search", expression.as_ref().to_owned())
    }

    /// `$count`: with `true`, Graph adds `@odata.count` (the total); also sends
    /// `ConsistencyLevel: eventual`.
    pub fn count(self, on: bool) -> Self {
        self.option("$count", on.to_string())
    }

    /// Any other query parameter (a function's, such as `startDateTime`), unencoded.
    pub fn query(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
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
        let mut eventual = false;
        for (name, value) in &self.query {
            eventual |= *name == "$search" || (*name == "$count" && value == "true");
            request = request.with_query(name, value);
        }
        for (name, value) in &self.params {
            request = request.with_query(name, value);
        }
        if eventual && !request.headers().contains_key(CONSISTENCY_LEVEL) {
            request = request.with_header(
                HeaderName::from_static(CONSISTENCY_LEVEL),
                HeaderValue::from_static("eventual"),
            );
        }
        Ok((request, self.decode))
    }
}

impl<'a, T: Send + 'static> IntoFuture for Call<'a, T> {
    type Output = Result<T, Error>;
    type IntoFuture = CallFuture<'a, T>;

    fn into_future(self) -> Self::IntoFuture {
        let client = self.client;
        Box::pin(async move {
            let (request, decode) = self.into_parts()?;
            let operation = request.operation();
            let response = client.execute(request).await?;
            decode(operation, response)
        })
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
