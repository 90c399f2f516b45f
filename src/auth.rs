//! Access tokens: where they come from ([`TokenProvider`]) and how they are cached.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex as StdMutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use async_trait::async_trait;
use bytes::Bytes;
use http::HeaderValue;
use tokio::sync::Mutex;

use crate::error::Error;
use crate::secret::{SecretString, WipeOnDrop};

/// The error a [`TokenProvider`] returns: any error type, boxed.
pub type TokenError = Box<dyn StdError + Send + Sync + 'static>;

/// How long before its expiry a cached token is replaced: 5 minutes, so that a token
/// never expires while a request (with its retries) is on the way.
pub const REFRESH_MARGIN: Duration = Duration::from_secs(5 * 60);

/// A bearer token for Graph, with its expiry when known.
///
/// The token is a [`SecretString`]: it never prints and is wiped on drop.
///
/// ```
/// use std::time::Duration;
/// use msgraph_typed::AccessToken;
///
/// let token = AccessToken::new("eyJ0eXAi...").expires_in(Duration::from_secs(3600));
/// assert!(!format!("{token:?}").contains("eyJ"));
/// ```
#[derive(Clone)]
pub struct AccessToken {
    secret: SecretString,
    expires_at: Option<Instant>,
}

impl AccessToken {
    /// A token with no known expiry (it is cached for the life of the client).
    pub fn new(secret: impl Into<SecretString>) -> Self {
        Self {
            secret: secret.into(),
            expires_at: None,
        }
    }

    /// The token expires `lifetime` from now (OAuth's `expires_in`).
    #[must_use]
    pub fn expires_in(mut self, lifetime: Duration) -> Self {
        self.expires_at = Instant::now().checked_add(lifetime);
        self
    }

    /// The token expires at `when` (a wall-clock time; a time in the past means expired).
    #[must_use]
    pub fn expires_at(mut self, when: SystemTime) -> Self {
        let left = when
            .duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO);
        self.expires_at = Instant::now().checked_add(left);
        self
    }

    /// The token itself. Call it only where it must leave the program.
    pub fn secret(&self) -> &SecretString {
        &self.secret
    }

    /// Time left before expiry, if an expiry is known (zero once expired).
    pub fn time_left(&self) -> Option<Duration> {
        self.expires_at
            .map(|at| at.saturating_duration_since(Instant::now()))
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessToken")
            .field("secret", &self.secret)
            .field("time_left", &self.time_left())
            .finish()
    }
}

/// A source of access tokens: MSAL, a managed identity, a secret store, a test fixture.
///
/// The client caches the token it gets and asks again only when it is within
/// [`REFRESH_MARGIN`] of its expiry; concurrent requests then wait for one call to the
/// provider instead of each calling it.
///
/// Any `Fn() -> impl Future<Output = Result<AccessToken, E>>` is a provider:
///
/// ```
/// use std::time::Duration;
/// use msgraph_typed::{AccessToken, ReqwestGraphClient};
///
/// # fn main() -> Result<(), msgraph_typed::Error> {
/// let client = ReqwestGraphClient::builder()
///     .token_provider(|| async {
///         // Ask your identity library here.
///         Ok::<_, std::io::Error>(AccessToken::new("eyJ...").expires_in(Duration::from_secs(3600)))
///     })
///     .build()?;
/// # let _ = client; Ok(()) }
/// ```
#[async_trait]
pub trait TokenProvider: Send + Sync + 'static {
    /// A token for Graph. An error here becomes an [`Error`] for which
    /// [`is_auth`](Error::is_auth) is true, with this error as its `source()`.
    async fn token(&self) -> Result<AccessToken, TokenError>;
}

#[async_trait]
impl<F, Fut, E> TokenProvider for F
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<AccessToken, E>> + Send,
    E: Into<TokenError>,
{
    async fn token(&self) -> Result<AccessToken, TokenError> {
        (self)().await.map_err(Into::into)
    }
}

/// A fixed token: what `bearer_token(...)` configures.
pub(crate) struct StaticToken(pub(crate) SecretString);

#[async_trait]
impl TokenProvider for StaticToken {
    async fn token(&self) -> Result<AccessToken, TokenError> {
        Ok(AccessToken::new(self.0.clone()))
    }
}

/// A token as it is sent: the whole `Authorization: Bearer ...` header value, built once
/// per token and handed to each call as a clone (a reference-count bump, where formatting,
/// checking and copying the token for every request cost a byte scan over a token of 1,500
/// to 2,500 bytes).
///
/// The value is marked sensitive (http's `Debug` prints `Sensitive`) and its bytes are
/// owned by a [`WipeOnDrop`]: they are wiped when the last clone is dropped, that is when
/// the cache has let go of the token and the last request that carried it is gone. Only
/// this copy is ours to wipe: hyper copies each header into its write buffer for every
/// request (and TLS encrypts from its own buffers), and those copies are freed unwiped, as
/// they were when this crate built a new value per request. Two values are equal when their
/// tokens are.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Authorization(HeaderValue);

impl Authorization {
    /// `Bearer {token}`; an auth error if the token has bytes a header cannot carry.
    pub(crate) fn bearer(token: &SecretString) -> Result<Self, Error> {
        let secret = token.expose_secret();
        let mut text = WipeOnDrop(Vec::with_capacity("Bearer ".len() + secret.len()));
        text.0.extend_from_slice(b"Bearer ");
        text.0.extend_from_slice(secret.as_bytes());
        let mut value = HeaderValue::from_maybe_shared(Bytes::from_owner(text))
            .map_err(|_| Error::auth_detail("the token has characters not allowed in a header"))?;
        value.set_sensitive(true);
        Ok(Self(value))
    }

    /// The header value for one request (shares the bytes).
    pub(crate) fn header_value(&self) -> HeaderValue {
        self.0.clone()
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Authorization([redacted])")
    }
}

/// Whether a token expiring at `expires_at` (`None`: no known expiry) is still good for at
/// least `margin`.
fn good_for(expires_at: Option<Instant>, margin: Duration) -> bool {
    expires_at.is_none_or(|at| at.saturating_duration_since(Instant::now()) > margin)
}

/// The header value made from the provider's token, and when that token expires. The token
/// itself is not kept: the header value is the one copy the cache holds.
struct Cached {
    expires_at: Option<Instant>,
    authorization: Authorization,
}

/// Caches the provider's token; one caller at a time refreshes it.
///
/// Two locks, so that the common case costs no more than it must: the cached value sits
/// behind a plain mutex, held only to read or replace it (never across an `await`), and
/// a call that finds it fresh takes nothing else. Only a call that has to ask the
/// provider takes `refresh`, an async lock held across that provider call, so that
/// concurrent callers wait for the one call instead of each asking.
pub(crate) struct TokenCache {
    provider: Arc<dyn TokenProvider>,
    margin: Duration,
    /// How long one provider call may take before the call fails as an auth error.
    patience: Duration,
    cached: StdMutex<Option<Cached>>,
    refresh: Mutex<()>,
}

impl TokenCache {
    pub(crate) fn new(
        provider: Arc<dyn TokenProvider>,
        margin: Duration,
        patience: Duration,
    ) -> Self {
        Self {
            provider,
            margin,
            patience,
            cached: StdMutex::new(None),
            refresh: Mutex::new(()),
        }
    }

    /// The cached token if fresh, else a new one from the provider. Concurrent callers that
    /// find no fresh token wait for one provider call.
    pub(crate) async fn get(&self) -> Result<Authorization, Error> {
        if let Some(fresh) = self.fresh() {
            return Ok(fresh);
        }
        let _refreshing = self.refresh.lock().await;
        self.fresh_or_fetched().await
    }

    /// Forgets the cached token after Graph refused `refused`, if that is still the one
    /// cached: a token another call fetched meanwhile is kept. It does not wait for a
    /// provider call in progress: that call stores its new token whatever this does.
    pub(crate) fn invalidate(&self, refused: &Authorization) {
        forget_if_cached(&mut self.slot(), refused);
    }

    /// After Graph refused `refused`: forgets it (as [`invalidate`](Self::invalidate)
    /// does) and gets a token again under the same lock, so that concurrent refusals share
    /// one provider call and a newer token another call fetched is used as it is. `None`
    /// when that token is `refused` again (a fixed token, or a provider that hands back the
    /// one it has): replaying with it would only be refused again.
    pub(crate) async fn replacement_for(
        &self,
        refused: &Authorization,
    ) -> Result<Option<Authorization>, Error> {
        let _refreshing = self.refresh.lock().await;
        forget_if_cached(&mut self.slot(), refused);
        let token = self.fresh_or_fetched().await?;
        Ok((token != *refused).then_some(token))
    }

    /// The cached value. Nothing panics while it is held, so a poisoned lock still holds a
    /// whole value.
    fn slot(&self) -> MutexGuard<'_, Option<Cached>> {
        self.cached.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The cached token, if it is good for longer than the margin.
    fn fresh(&self) -> Option<Authorization> {
        let cached = self.slot();
        let c = cached.as_ref()?;
        good_for(c.expires_at, self.margin).then(|| c.authorization.clone())
    }

    /// The cached token if fresh, else a new one from the provider, stored in the cache.
    /// The caller holds `refresh`. A token that is empty or cannot go in a header is an
    /// auth error and is not stored (the provider is asked again next time).
    async fn fresh_or_fetched(&self) -> Result<Authorization, Error> {
        if let Some(fresh) = self.fresh() {
            return Ok(fresh);
        }
        let token = tokio::time::timeout(self.patience, self.provider.token())
            .await
            .map_err(|_| Error::auth_detail("the token provider did not answer in time"))?
            .map_err(Error::auth)?;
        if token.secret.is_empty() {
            return Err(Error::auth_detail(
                "the token provider returned an empty token",
            ));
        }
        let authorization = Authorization::bearer(&token.secret)?;
        *self.slot() = Some(Cached {
            expires_at: token.expires_at,
            authorization: authorization.clone(),
        });
        Ok(authorization)
    }
}

/// Empties `cached` if it holds `refused`.
fn forget_if_cached(cached: &mut Option<Cached>, refused: &Authorization) {
    if cached.as_ref().is_some_and(|c| c.authorization == *refused) {
        *cached = None;
    }
}

impl fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCache")
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
impl Authorization {
    /// The token inside, for tests' assertions.
    fn expose_secret(&self) -> &str {
        let text = self.0.to_str().unwrap_or_default();
        text.strip_prefix("Bearer ").unwrap_or(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn the_authorization_value_is_bearer_and_token_marked_sensitive_and_never_printed() {
        let token = SecretString::from("eyJ0eXAi.payload.sig");
        let authorization = Authorization::bearer(&token).unwrap();
        let value = authorization.header_value();
        assert_eq!(value.as_bytes(), b"Bearer eyJ0eXAi.payload.sig");
        assert!(value.is_sensitive());
        for text in [format!("{authorization:?}"), format!("{value:?}")] {
            assert!(!text.contains("eyJ"), "{text}");
        }
    }

    #[test]
    fn each_call_shares_the_bytes_of_the_one_value_built_for_the_token() {
        let authorization = Authorization::bearer(&SecretString::from("a-token")).unwrap();
        let (first, second) = (authorization.header_value(), authorization.header_value());
        assert_eq!(first.as_bytes().as_ptr(), second.as_bytes().as_ptr());
        assert_eq!(
            first.as_bytes().as_ptr(),
            authorization.0.as_bytes().as_ptr()
        );
    }

    #[test]
    fn a_token_with_a_line_break_or_control_byte_is_an_auth_error() {
        for bad in ["a\nb", "a\rb", "a\u{0}b", "a\u{7f}b"] {
            let e = Authorization::bearer(&SecretString::from(bad)).unwrap_err();
            assert!(e.is_auth(), "{bad:?}: {e}");
            assert!(!e.to_string().contains(bad), "{e}");
        }
    }

    #[tokio::test]
    async fn a_provider_token_that_cannot_go_in_a_header_is_not_cached() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let provider = move || {
            let n = c.fetch_add(1, Ordering::SeqCst);
            async move {
                Ok::<_, std::io::Error>(AccessToken::new(match n {
                    0 => "line\nbreak",
                    _ => "good-token",
                }))
            }
        };
        let cache = TokenCache::new(Arc::new(provider), REFRESH_MARGIN, PATIENCE);
        let e = cache.get().await.unwrap_err();
        assert!(e.is_auth(), "{e}");
        assert!(e.to_string().contains("not allowed in a header"), "{e}");
        assert_eq!(cache.get().await.unwrap().expose_secret(), "good-token");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    const PATIENCE: Duration = Duration::from_secs(5);

    fn counting(lifetime: Option<Duration>) -> (Arc<AtomicUsize>, Arc<dyn TokenProvider>) {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let provider = move || {
            let c = c.clone();
            async move {
                let n = c.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                let token = AccessToken::new(format!("token-{n}"));
                Ok::<_, std::io::Error>(match lifetime {
                    Some(l) => token.expires_in(l),
                    None => token,
                })
            }
        };
        (calls, Arc::new(provider))
    }

    #[tokio::test]
    async fn a_token_without_expiry_is_fetched_once() {
        let (calls, provider) = counting(None);
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        for _ in 0..3 {
            assert_eq!(cache.get().await.unwrap().expose_secret(), "token-0");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn a_token_inside_the_refresh_margin_is_replaced() {
        let (calls, provider) = counting(Some(Duration::from_secs(60)));
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-0");
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_token_outside_the_refresh_margin_is_reused() {
        let (calls, provider) = counting(Some(Duration::from_secs(3600)));
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        cache.get().await.unwrap();
        cache.get().await.unwrap();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_callers_share_one_provider_call() {
        let (calls, provider) = counting(Some(Duration::from_secs(3600)));
        let cache = Arc::new(TokenCache::new(provider, REFRESH_MARGIN, PATIENCE));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.get().await.map(|t| t.expose_secret().to_owned()) })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap(), "token-0");
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn an_invalidated_token_is_fetched_again() {
        let (calls, provider) = counting(None);
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        let refused = cache.get().await.unwrap();
        cache.invalidate(&refused);
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refused_old_token_does_not_discard_a_newer_one_another_call_fetched() {
        let (calls, provider) = counting(None);
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        let old = cache.get().await.unwrap();
        // Another call was refused first and fetched token-1.
        cache.invalidate(&old);
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-1");
        // The 401 for the old token arrives late: token-1 stays.
        cache.invalidate(&old);
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refused_token_is_replaced_by_a_new_one_from_the_provider() {
        let (calls, provider) = counting(None);
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        let refused = cache.get().await.unwrap();
        let new = cache.replacement_for(&refused).await.unwrap();
        assert_eq!(new.as_ref().map(|t| t.expose_secret()), Some("token-1"));
        // The replacement is cached for the calls after.
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-1");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_refused_token_that_the_provider_hands_back_again_has_no_replacement() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let provider = move || {
            c.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, std::io::Error>(AccessToken::new("always-the-same")) }
        };
        let cache = TokenCache::new(Arc::new(provider), REFRESH_MARGIN, PATIENCE);
        let refused = cache.get().await.unwrap();
        assert!(cache.replacement_for(&refused).await.unwrap().is_none());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_fixed_token_has_no_replacement() {
        let fixed = StaticToken(SecretString::from("fixed-token"));
        let cache = TokenCache::new(Arc::new(fixed), REFRESH_MARGIN, PATIENCE);
        let refused = cache.get().await.unwrap();
        assert!(cache.replacement_for(&refused).await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_token_another_call_fetched_after_the_refusal_is_the_replacement() {
        let (calls, provider) = counting(None);
        let cache = TokenCache::new(provider, REFRESH_MARGIN, PATIENCE);
        let old = cache.get().await.unwrap();
        // Another call was refused first and fetched token-1.
        assert!(cache.replacement_for(&old).await.unwrap().is_some());
        // This call's 401 for the old token arrives late: it gets token-1, no new fetch.
        let new = cache.replacement_for(&old).await.unwrap();
        assert_eq!(new.as_ref().map(|t| t.expose_secret()), Some("token-1"));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_refusals_of_one_token_share_one_provider_call() {
        let (calls, provider) = counting(None);
        let cache = Arc::new(TokenCache::new(provider, REFRESH_MARGIN, PATIENCE));
        let refused = cache.get().await.unwrap();
        let tasks: Vec<_> = (0..8)
            .map(|_| {
                let (cache, refused) = (cache.clone(), refused.clone());
                tokio::spawn(async move {
                    let new = cache.replacement_for(&refused).await;
                    new.map(|t| t.map(|t| t.expose_secret().to_owned()))
                })
            })
            .collect();
        for task in tasks {
            assert_eq!(task.await.unwrap().unwrap().as_deref(), Some("token-1"));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_provider_failing_after_a_refusal_is_an_auth_error_and_the_refused_token_is_gone() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let provider = move || {
            let n = c.fetch_add(1, Ordering::SeqCst);
            async move {
                match n {
                    0 => Ok(AccessToken::new("token-0")),
                    1 => Err(std::io::Error::other("refresh token revoked")),
                    _ => Ok(AccessToken::new("token-2")),
                }
            }
        };
        let cache = TokenCache::new(Arc::new(provider), REFRESH_MARGIN, PATIENCE);
        let refused = cache.get().await.unwrap();
        assert!(cache.replacement_for(&refused).await.unwrap_err().is_auth());
        assert_eq!(cache.get().await.unwrap().expose_secret(), "token-2");
    }

    #[tokio::test]
    async fn a_failing_provider_is_an_auth_error_and_is_asked_again_next_time() {
        let calls = Arc::new(AtomicUsize::new(0));
        let c = calls.clone();
        let provider = move || {
            c.fetch_add(1, Ordering::SeqCst);
            async { Err::<AccessToken, _>(std::io::Error::other("identity service down")) }
        };
        let cache = TokenCache::new(Arc::new(provider), REFRESH_MARGIN, PATIENCE);
        let err = cache.get().await.unwrap_err();
        assert!(err.is_auth());
        assert!(std::error::Error::source(&err)
            .unwrap()
            .to_string()
            .contains("identity service down"));
        assert!(cache.get().await.is_err());
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn an_empty_token_is_an_auth_error() {
        let provider = || async { Ok::<_, std::io::Error>(AccessToken::new("")) };
        let cache = TokenCache::new(Arc::new(provider), REFRESH_MARGIN, PATIENCE);
        assert!(cache.get().await.unwrap_err().is_auth());
    }

    #[tokio::test]
    async fn a_provider_that_never_answers_is_an_auth_error_after_the_patience() {
        let provider = || async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok::<_, std::io::Error>(AccessToken::new("late"))
        };
        let cache = TokenCache::new(
            Arc::new(provider),
            REFRESH_MARGIN,
            Duration::from_millis(50),
        );
        let started = std::time::Instant::now();
        let e = cache.get().await.unwrap_err();
        assert!(e.is_auth());
        assert!(e.to_string().contains("in time"), "{e}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn an_expiry_in_the_past_leaves_no_time() {
        let t = AccessToken::new("x").expires_at(SystemTime::UNIX_EPOCH);
        assert_eq!(t.time_left(), Some(Duration::ZERO));
        assert!(!good_for(t.expires_at, Duration::ZERO));
    }
}
