//! `ReqwestGraphClient`: Graph over HTTP with reqwest, with retries, tracing and the
//! security checks that keep the token with Graph.

mod builder;
mod request_id;
mod send;
mod target;
mod tls;

/// What the mock kit's in-process client shares with this one: the same headers and the
/// same refusal of a bad path (which batch steps get too).
#[cfg(feature = "mock")]
pub(crate) use send::request_headers_with_token;
pub(crate) use target::check_path_segments;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tracing::field::Empty;
use tracing::Instrument;

use crate::auth::{Authorization, TokenCache};
use crate::client::{BoxedCall, GraphClient};
use crate::error::{Error, Kind};
use crate::request::{GraphRequest, GraphResponse};
use crate::retry::{is_retryable, next_wait, Outcome, RetryPolicy};

pub use builder::{
    ReqwestGraphClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BODY, DEFAULT_TIMEOUT,
};
use target::Root;
#[cfg(feature = "rustls")]
pub use tls::install_default_crypto_provider;

/// A [`GraphClient`] that calls Microsoft Graph over HTTP.
///
/// Cheap to clone: clones share one connection pool and one token cache.
///
/// Every request carries `Authorization: Bearer ...`, `Accept: application/json` (and
/// `Content-Type: application/json` with a body, and on any POST, PUT or PATCH), a `client-request-id` of its own (a UUID v4, the same on the replays
/// of one call; numbered from a random seed the client draws once, so ids never repeat and
/// no call pays a system call for randomness), `SdkVersion: graph-rust-msgraph-typed/<version>` and
/// `User-Agent: msgraph-typed/<version>`; replays add `Retry-Attempt: N`. A non-2xx
/// response without a `client-request-id` (a gateway's own error page) is given the one
/// sent, so that the [`Error`] made from it names it.
///
/// Throttled and failed attempts are replayed as the operation's [`Replay`](crate::Replay)
/// allows: 429 and 503 always (honouring `Retry-After`, in seconds or as an HTTP date), a
/// failed connect always (the request never left; but not a refused TLS certificate, which
/// would be refused again), and a 504, a timeout or a broken
/// connection only for operations that change nothing. Without `Retry-After` the wait is an
/// exponential backoff with jitter. When retries run out, the last response is returned
/// and the typed layer turns it into an [`Error`].
///
/// A 401 (Graph refused the token: revoked, or expired early) is replayed once, at once,
/// for any operation (Graph did not process the request), if the token provider hands out a
/// token other than the refused one; with a fixed
/// [`bearer_token`](ReqwestGraphClientBuilder::bearer_token), or a second 401, the 401 is
/// returned. This replay does not count against `max_retries`.
///
/// The token goes only to the configured root: redirects are not followed (a 3xx is an
/// [`Error`] naming its `Location`), plain http is refused except to loopback, and bodies
/// larger than the cap are an error as soon as they pass it.
///
/// Each call runs in a `tracing` span `graph.request` with the operation, method, path,
/// attempt, status, request-id and elapsed milliseconds; no token or body is recorded.
///
/// ```no_run
/// use msgraph_typed::{GraphClient, ReqwestGraphClient};
/// use msgraph_typed::models::ChangePasswordRequest;
///
/// # async fn run() -> Result<(), msgraph_typed::Error> {
/// let client = ReqwestGraphClient::builder().bearer_token("eyJ...").build()?;
/// client
///     .me()
///     .change_password(ChangePasswordRequest::new("old", "new"))
///     .await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ReqwestGraphClient {
    inner: Arc<ClientInner>,
}

struct ClientInner {
    http: reqwest::Client,
    root: Root,
    tokens: TokenCache,
    retry: RetryPolicy,
    timeout: Duration,
    /// The timeout to put on each request: `None` when `http` has it already.
    request_timeout: Option<Duration>,
    max_body: usize,
    /// Where each call's `client-request-id` comes from.
    request_ids: request_id::RequestIds,
    /// Whether `http` was given to the builder (and so may follow redirects).
    given_http: bool,
}

impl ReqwestGraphClient {
    /// A builder with the defaults (global cloud, 30 s timeout, 3 retries); a token must be
    /// set.
    pub fn builder() -> ReqwestGraphClientBuilder {
        ReqwestGraphClientBuilder::new()
    }

    /// The Graph root this client calls, e.g. `https://graph.microsoft.com`.
    pub fn base_url(&self) -> &str {
        self.inner.root.origin()
    }
}

impl fmt::Debug for ReqwestGraphClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestGraphClient")
            .field("base_url", &self.inner.root.origin())
            .field("token", &"[redacted]")
            .field("retry", &self.inner.retry)
            .field("timeout", &self.inner.timeout)
            .field("max_body", &self.inner.max_body)
            .finish()
    }
}

/// What retrying needs to know of an attempt's result; `None` if it is final whatever
/// the operation (a redirect, an oversized body, an auth or security error, a refused TLS
/// certificate).
fn outcome(result: &Result<GraphResponse, Error>) -> Option<Outcome> {
    match result {
        Ok(response) => Some(Outcome::Status(response.status)),
        Err(e) => match e.kind() {
            Kind::Connect => Some(Outcome::ConnectFailed),
            Kind::Timeout | Kind::Transport => Some(Outcome::Unknown),
            _ => None,
        },
    }
}

fn retry_after(result: &Result<GraphResponse, Error>) -> Option<Duration> {
    match result {
        Ok(response) => crate::retry_after::from_headers(&response.headers),
        Err(e) => e.retry_after(),
    }
}

/// Random bits for backoff jitter (from the OS random source, through uuid).
fn jitter() -> u32 {
    (uuid::Uuid::new_v4().as_u128() >> 64) as u32
}

impl ClientInner {
    /// The call with its replays.
    async fn attempts(
        &self,
        request: &GraphRequest,
        span: &tracing::Span,
    ) -> Result<GraphResponse, Error> {
        // Resolved (and checked) once; the first attempt takes it, a replay resolves it again
        // (a clone of the cached URL for a fixed path), so no attempt copies it twice.
        let mut url = Some(self.root.url_for(request)?);
        // On the stack: the header copies it, and only an error needs it as a `String`.
        let mut id = [0u8; uuid::fmt::Hyphenated::LENGTH];
        let client_request_id: &str = self.request_ids.next().hyphenated().encode_lower(&mut id);
        let replay = request.operation().replay;
        let mut waited = Duration::ZERO;
        // Replays so far: what `Retry-Attempt` says.
        let mut attempt = 0u32;
        // Replays after a throttled or failed attempt: what `max_retries` bounds.
        let mut retries = 0u32;
        // The token that replaced a refused one, for the replay; at most one per call.
        let mut replacement: Option<Authorization> = None;
        let mut refreshed = false;
        loop {
            // The attempt, which ends in the answer or in the wait before the next one. In a
            // block of its own so that nothing of it (the result, the token) is kept across
            // the wait: a local held across two awaits gets storage apart from both, which
            // makes every call's future larger, replayed or not (BENCHMARKS.md, issue 14).
            let wait = {
                span.record("attempt", attempt + 1);
                let token = match replacement.take() {
                    Some(token) => token,
                    None => self.tokens.get().await?,
                };
                let url = match url.take() {
                    Some(url) => url,
                    None => self.root.url_for(request)?,
                };
                let sent = send::Attempt {
                    http: &self.http,
                    url,
                    check_redirects: self.given_http,
                    authorization: &token,
                    client_request_id,
                    retry: attempt,
                    timeout: self.request_timeout,
                    max_body: self.max_body,
                };
                // Two statements: a local that receives an await's output is alive while
                // the awaited future is, so one kept across a later await (the token's
                // replacement) gets storage apart from the send's future.
                let sent = send::send(sent, request).await;
                let result =
                    sent.map_err(|e| e.with_client_request_id(Some(client_request_id.to_owned())));

                if let Ok(response) = &result {
                    if !span.is_disabled() {
                        span.record("status", response.status);
                        if let Some(id) = response.request_id() {
                            span.record("request_id", id);
                        }
                    }
                    if response.status == 401 {
                        if refreshed {
                            // The new token was refused too: the 401 is the answer, and the
                            // next call asks the provider again (unless another call has
                            // fetched a newer token meanwhile).
                            self.tokens.invalidate(&token);
                        } else {
                            refreshed = true;
                            // Graph refused the token (revoked, or expired before its stated
                            // expiry) and so did not process the request: a replay is safe for
                            // any operation, a password change included. It is replayed at once
                            // and does not count against `max_retries`: those bound replays
                            // after throttling and failures, each with a wait, while this one
                            // is bounded by itself (once per call) and a provider that cannot
                            // do better hands back the same token, which ends it here.
                            let refused = token;
                            match self.tokens.replacement_for(&refused).await {
                                Ok(Some(new)) => {
                                    tracing::debug!("token refused; replaying with a new one");
                                    replacement = Some(new);
                                    attempt += 1;
                                    continue;
                                }
                                // A fixed token, or the provider has nothing newer.
                                Ok(None) => {}
                                Err(e) => {
                                    // The provider failed to replace the refused token: its
                                    // error, with what Graph's 401 said about the call.
                                    return Err(e
                                        .with_status(response.status)
                                        .with_response_headers(&response.headers)
                                        .with_client_request_id(Some(
                                            client_request_id.to_owned(),
                                        )));
                                }
                            }
                            return result;
                        }
                    }
                }
                let Some(outcome) = outcome(&result).filter(|o| is_retryable(*o, replay)) else {
                    return result;
                };
                let next = next_wait(
                    &self.retry,
                    retries + 1,
                    retry_after(&result),
                    waited,
                    jitter(),
                );
                let Some(wait) = next else {
                    return result;
                };
                tracing::debug!(?outcome, wait_ms = wait.as_millis() as u64, "replaying");
                // Counted here, not after the wait: a `wait` still used after it is kept
                // across it, and its storage, alive through this whole block, then shares
                // with nothing in it (the result gets a slot of its own, 136 bytes more).
                waited += wait;
                retries += 1;
                attempt += 1;
                wait
            };
            tokio::time::sleep(wait).await;
        }
    }
}

// Written out instead of through `#[async_trait]`, whose future keeps a second copy of
// the request (the argument, and the local it is moved into). The call's future is one
// allocation; at its size the allocator serves it from its per-thread cache, a copy more
// and it does not (BENCHMARKS.md, issue 14).
impl GraphClient for ReqwestGraphClient {
    fn execute<'client, 'call>(&'client self, request: GraphRequest) -> BoxedCall<'call>
    where
        'client: 'call,
        Self: 'call,
    {
        let inner = &*self.inner;
        Box::pin(async move {
            let operation = request.operation();
            let span = tracing::info_span!(
                "graph.request",
                operation = operation.name,
                method = operation.method.as_str(),
                path = %format_args!("/{}{}", operation.version.as_str(), request.path()),
                attempt = Empty,
                status = Empty,
                request_id = Empty,
                elapsed_ms = Empty,
            );
            if span.is_disabled() {
                // No subscriber listens: nothing to enter, record or time.
                return inner.attempts(&request, &span).await;
            }
            // `elapsed_ms` goes on the span whatever the outcome, also when the call fails
            // before anything is sent (a bad path, a failing token provider).
            let started = Instant::now();
            let result = inner
                .attempts(&request, &span)
                .instrument(span.clone())
                .await;
            span.record("elapsed_ms", started.elapsed().as_millis() as u64);
            result
        })
    }

    fn retry_policy(&self) -> RetryPolicy {
        self.inner.retry
    }
}

const _: fn() = || {
    fn assert_impls<T: Send + Sync + Clone + fmt::Debug + 'static>() {}
    assert_impls::<ReqwestGraphClient>();
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{ApiVersion, Operation, Replay};

    static OP: Operation = Operation::new(
        "user: validatePassword",
        http::Method::POST,
        ApiVersion::Beta,
        "/users/validatePassword",
        Replay::Safe,
    );

    #[test]
    fn a_call_s_future_holds_its_request_once() {
        let client = ReqwestGraphClient::builder()
            .base_url("http://127.0.0.1:9")
            .bearer_token("t")
            .build()
            .unwrap();
        let request = GraphRequest::new(&OP, "/users/validatePassword");
        let span = tracing::Span::none();
        let attempts = std::mem::size_of_val(&client.inner.attempts(&request, &span));
        let call = client.execute(request);
        let held = std::mem::size_of_val(&*call);
        // The request, the attempts' future and a few words of the span's: a second copy
        // of the request (as `#[async_trait]` keeps) would not fit.
        assert!(
            held < 2 * std::mem::size_of::<GraphRequest>() + attempts,
            "the call's future is {held} bytes: the attempts' {attempts} and the request's {} more than once",
            std::mem::size_of::<GraphRequest>()
        );
    }
}
