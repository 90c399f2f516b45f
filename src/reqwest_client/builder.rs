//! `ReqwestGraphClientBuilder`: setters that never fail, `build()` that says what was wrong.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use http::HeaderValue;

use super::target::Root;
use super::{tls, ClientInner, ReqwestGraphClient};
use crate::auth::{StaticToken, TokenCache, TokenProvider, REFRESH_MARGIN};
use crate::cloud::Cloud;
use crate::error::Error;
use crate::retry::RetryPolicy;
use crate::secret::SecretString;

/// The timeout of one attempt when none is set: 30 seconds, from sending the request to the
/// last byte of the response.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// How long making a connection may take on the client this builder makes: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The largest response body read when none is set: 16 MiB. A larger body is an error, found
/// while the body streams in, not after it was all buffered.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 16 * 1024 * 1024;

/// Builds a [`ReqwestGraphClient`]. Get one from [`ReqwestGraphClient::builder`].
///
/// Setters never fail: the first bad setting is kept, and [`build`](Self::build) returns
/// it. Defaults: the global cloud, a [`DEFAULT_TIMEOUT`] per attempt, three retries with
/// backoff from 500 ms, at most 60 s for one wait and 120 s for all waits of a call, bodies
/// up to [`DEFAULT_MAX_RESPONSE_BODY`].
///
/// ```
/// use std::time::Duration;
/// use msgraph_typed::{Cloud, ReqwestGraphClient};
///
/// # fn main() -> Result<(), msgraph_typed::Error> {
/// let client = ReqwestGraphClient::builder()
///     .cloud(Cloud::UsGovL4)
///     .bearer_token("eyJ...")
///     .timeout(Duration::from_secs(10))
///     .max_retries(5)
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[must_use]
pub struct ReqwestGraphClientBuilder {
    root: Root,
    tokens: Option<Arc<dyn TokenProvider>>,
    /// The cloud set by `cloud(...)` (default global): which Graph scope a credential is
    /// asked for, whatever `base_url` points at.
    cloud: Cloud,
    #[cfg(feature = "azure")]
    azure: Option<Arc<dyn azure_core::credentials::TokenCredential>>,
    refresh_margin: Duration,
    retry: RetryPolicy,
    timeout: Duration,
    max_body: usize,
    http: Option<reqwest::Client>,
    error: Option<Error>,
}

impl ReqwestGraphClientBuilder {
    pub(crate) fn new() -> Self {
        Self {
            root: Root::global(),
            tokens: None,
            cloud: Cloud::Global,
            #[cfg(feature = "azure")]
            azure: None,
            refresh_margin: REFRESH_MARGIN,
            retry: RetryPolicy::default(),
            timeout: DEFAULT_TIMEOUT,
            max_body: DEFAULT_MAX_RESPONSE_BODY,
            http: None,
            error: None,
        }
    }

    fn fail(mut self, error: Error) -> Self {
        if self.error.is_none() {
            self.error = Some(error);
        }
        self
    }

    /// The Graph root to call: scheme, host and port only, e.g. `https://graph.microsoft.com`
    /// (the version comes from each operation). Plain `http://` is accepted for loopback
    /// hosts only (127.0.0.0/8, `::1`, `localhost`), for test servers. Replaces any
    /// [`cloud`](Self::cloud) set before.
    pub fn base_url(mut self, url: impl AsRef<str>) -> Self {
        match Root::parse(url.as_ref()) {
            Ok(root) => {
                self.root = root;
                self
            }
            Err(e) => self.fail(e),
        }
    }

    /// Calls the Graph root of a national cloud (default [`Cloud::Global`]). Replaces any
    /// [`base_url`](Self::base_url) set before.
    pub fn cloud(mut self, cloud: Cloud) -> Self {
        self.root = Root::cloud(cloud);
        self.cloud = cloud;
        self
    }

    /// Sends this fixed token. Replaces any token provider set before. A 401 is returned
    /// as it is: a fixed token cannot be refreshed.
    pub fn bearer_token(mut self, token: impl Into<SecretString>) -> Self {
        let token = token.into();
        if token.is_empty() {
            return self.fail(Error::builder("the bearer token is empty"));
        }
        if HeaderValue::from_str(token.expose_secret()).is_err() {
            return self.fail(Error::builder(
                "the bearer token has characters not allowed in a header",
            ));
        }
        self.tokens = Some(Arc::new(StaticToken(token)));
        self.clear_credential();
        self
    }

    /// Gets tokens from `provider` (an async function or a [`TokenProvider`]). The token is
    /// cached and fetched again when it is within the refresh margin of its expiry (default
    /// [`REFRESH_MARGIN`]). Replaces any bearer token set before.
    /// A provider call that takes longer than the [`timeout`](Self::timeout) fails the call
    /// as an auth error.
    ///
    /// When Graph answers 401 (the token was revoked or expired early), the refused token
    /// is dropped and the provider asked again; if it hands out another token, the call is
    /// replayed once with it, at once and whatever the operation (Graph did not process
    /// it), without counting against [`max_retries`](Self::max_retries). A second 401, or
    /// the same token handed back, returns the 401; a provider error then is returned as an
    /// auth error that keeps the 401's status and request-id.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.tokens = Some(Arc::new(provider));
        self.clear_credential();
        self
    }

    /// Gets tokens from an Azure SDK credential (feature `azure`): any
    /// `azure_core::credentials::TokenCredential`, such as azure_identity's
    /// `DeveloperToolsCredential` (an `az login`), `ClientSecretCredential` or
    /// `ManagedIdentityCredential`. It is asked for the Graph scope of the
    /// [`cloud`](Self::cloud) (default [`Cloud::Global`]: `https://graph.microsoft.com/.default`;
    /// see [`Cloud::scope`]), also when [`base_url`](Self::base_url) points elsewhere (a
    /// proxy, a test server). The token is cached like any provider's, until it is within
    /// the [refresh margin](Self::token_refresh_margin) of the expiry the credential gave,
    /// and replaced once when Graph refuses it with 401. Replaces any token or provider set
    /// before.
    ///
    /// ```no_run
    /// # async fn f(credential: std::sync::Arc<dyn azure_core::credentials::TokenCredential>)
    /// # -> Result<(), msgraph_typed::Error> {
    /// use msgraph_typed::{Cloud, ReqwestGraphClient};
    ///
    /// // e.g. azure_identity::DeveloperToolsCredential::new(None)?
    /// let client = ReqwestGraphClient::builder()
    ///     .cloud(Cloud::UsGovL4) // asks for https://graph.microsoft.us/.default
    ///     .azure_credential(credential)
    ///     .build()?;
    /// # let _ = client; Ok(()) }
    /// ```
    #[cfg(feature = "azure")]
    #[cfg_attr(docsrs, doc(cfg(feature = "azure")))]
    pub fn azure_credential(
        mut self,
        credential: Arc<dyn azure_core::credentials::TokenCredential>,
    ) -> Self {
        self.tokens = None;
        self.azure = Some(credential);
        self
    }

    fn has_tokens(&self) -> bool {
        #[cfg(feature = "azure")]
        if self.azure.is_some() {
            return true;
        }
        self.tokens.is_some()
    }

    #[cfg(feature = "azure")]
    fn clear_credential(&mut self) {
        self.azure = None;
    }

    #[cfg(not(feature = "azure"))]
    fn clear_credential(&mut self) {}

    /// How long before expiry a cached token is replaced (default 5 minutes).
    pub fn token_refresh_margin(mut self, margin: Duration) -> Self {
        self.refresh_margin = margin;
        self
    }

    /// The time one attempt may take, from sending to the last byte of the response
    /// (default [`DEFAULT_TIMEOUT`]). Zero is a bad setting.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        if timeout.is_zero() {
            return self.fail(Error::builder("the timeout must be more than zero"));
        }
        self.timeout = timeout;
        self
    }

    /// How many times a call may be replayed after a throttled or failed attempt (default
    /// 3; 0 turns retries off). Which failures are replayed depends on the operation: see
    /// [`Replay`](crate::Replay).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The first backoff wait when the server gave no `Retry-After` (default 500 ms). It
    /// doubles on each retry and is scaled by a random factor between 0.5 and 1. Tests set
    /// it to a few milliseconds.
    pub fn retry_base_delay(mut self, delay: Duration) -> Self {
        self.retry.base_delay = delay;
        self
    }

    /// The most one wait may last (default 60 s). A `Retry-After` longer than this is not
    /// waited for: the throttled response is returned, with its
    /// [`retry_after`](Error::retry_after), for the caller to decide.
    pub fn max_retry_delay(mut self, delay: Duration) -> Self {
        self.retry.max_delay = delay;
        self
    }

    /// The most all waits of one call may add up to (default 120 s). A retry whose wait
    /// would pass it is not made.
    pub fn max_total_retry_delay(mut self, delay: Duration) -> Self {
        self.retry.max_total_delay = delay;
        self
    }

    /// The largest response body read, in bytes (default [`DEFAULT_MAX_RESPONSE_BODY`]).
    /// Zero is a bad setting.
    pub fn max_response_body(mut self, bytes: usize) -> Self {
        if bytes == 0 {
            return self.fail(Error::builder(
                "the response body cap must be more than zero",
            ));
        }
        self.max_body = bytes;
        self
    }

    /// Sends through your own reqwest client (its connection pool, proxy and TLS settings).
    ///
    /// Build it with `.redirect(reqwest::redirect::Policy::none())`: this crate cannot
    /// change a given client's redirect policy. With reqwest's default policy, a 307 or 308
    /// to another host sends the request body (passwords included) there before this crate
    /// sees anything; reqwest drops `Authorization` when the host changes, and this crate
    /// then returns an [`Error::is_redirect`] error instead of that host's answer, but the
    /// body has already left. The timeout set here still applies to each attempt.
    ///
    /// A given client is for https roots only: [`build`](Self::build) refuses it with a
    /// plain-http (loopback) [`base_url`](Self::base_url), since its proxy settings (say
    /// `HTTP_PROXY`), which this crate cannot see, could carry the token in clear text
    /// through a proxy. For a loopback test server leave this out: the client this crate
    /// makes never uses a proxy for plain http.
    ///
    /// With this crate's default `rustls` feature, reqwest is built without a crypto
    /// provider of its own: hand your client a TLS configuration
    /// (`reqwest::ClientBuilder::tls_backend_preconfigured` with a `rustls::ClientConfig`)
    /// or enable reqwest's `rustls` feature in your own Cargo.toml, else reqwest panics
    /// when you build it.
    pub fn reqwest_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// Checks the settings and makes the client.
    ///
    /// Errors: the first bad setting ([`Error::is_builder`]); a plain-http base URL to a
    /// host that is not loopback ([`Error::is_insecure`]); a
    /// [`reqwest_client`](Self::reqwest_client) with a plain-http base URL
    /// ([`Error::is_builder`]); no token configured; TLS that could not start.
    pub fn build(self) -> Result<ReqwestGraphClient, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let root = self.root;
        if root.is_plain_http() && self.http.is_some() {
            return Err(Error::builder(
                "a reqwest client you give is used with https roots only: on plain http its \
                 proxy settings could send the token in clear text through a proxy; leave \
                 reqwest_client(..) out for a loopback root (the client made here uses no proxy)",
            ));
        }
        #[cfg(feature = "azure")]
        let tokens = match self.azure {
            Some(credential) => Some(Arc::new(crate::azure::AzureCredential {
                credential,
                scope: self.cloud.scope(),
            }) as Arc<dyn TokenProvider>),
            None => self.tokens,
        };
        #[cfg(not(feature = "azure"))]
        let tokens = self.tokens;
        let provider = tokens.ok_or_else(|| {
            Error::builder("no token configured: call bearer_token(...) or token_provider(...)")
        })?;
        if !root.is_plain_http() && !tls::HAS_TLS && self.http.is_none() {
            return Err(Error::builder(
                "https needs a TLS feature: enable `rustls` or `native-tls`",
            ));
        }
        // A client made here has the timeout on itself; a client given to us gets it on
        // each request (which costs reqwest an allocation per request, so only then).
        let request_timeout = self.http.as_ref().map(|_| self.timeout);
        let given_http = self.http.is_some();
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(DEFAULT_CONNECT_TIMEOUT)
                    .timeout(self.timeout);
                if root.is_plain_http() {
                    // Loopback in clear text: never through a proxy from the environment.
                    builder = builder.no_proxy();
                }
                tls::configure(builder)?.build().map_err(|e| {
                    Error::builder("the HTTP client could not be built").with_source(e)
                })?
            }
        };
        Ok(ReqwestGraphClient {
            inner: Arc::new(ClientInner {
                http,
                root,
                tokens: TokenCache::new(provider, self.refresh_margin, self.timeout),
                retry: self.retry,
                timeout: self.timeout,
                request_timeout,
                max_body: self.max_body,
                request_ids: super::request_id::RequestIds::new(),
                given_http,
            }),
        })
    }
}

impl fmt::Debug for ReqwestGraphClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReqwestGraphClientBuilder")
            .field("root", &self.root.origin())
            .field("token", &self.has_tokens().then_some("[redacted]"))
            .field("scope_cloud", &self.cloud)
            .field("retry", &self.retry)
            .field("timeout", &self.timeout)
            .field("max_body", &self.max_body)
            .field("own_reqwest_client", &self.http.is_some())
            .field("error", &self.error)
            .finish()
    }
}
