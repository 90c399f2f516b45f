//! The Azure SDK's credentials as a token source (feature `azure`).

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use azure_core::credentials::TokenCredential;

use crate::auth::{AccessToken, TokenError, TokenProvider};
use crate::secret::SecretString;

/// A [`TokenCredential`] asked for one scope: what `azure_credential(...)` configures.
pub(crate) struct AzureCredential {
    pub(crate) credential: Arc<dyn TokenCredential>,
    pub(crate) scope: &'static str,
}

#[async_trait]
impl TokenProvider for AzureCredential {
    async fn token(&self) -> Result<AccessToken, TokenError> {
        let token = self.credential.get_token(&[self.scope], None).await?;
        let expires_at = wall_clock(token.expires_on.unix_timestamp_nanos());
        // The credential's own copy (azure_core's `Secret`) is dropped right here; ours is a
        // SecretString, wiped when the cache lets it go.
        Ok(AccessToken::new(SecretString::new(token.token.secret())).expires_at(expires_at))
    }
}

/// A Unix time in nanoseconds as a `SystemTime`; a time before 1970 is the epoch (long
/// expired), a time too far ahead for this platform is a century from now.
fn wall_clock(unix_nanos: i128) -> SystemTime {
    let Ok(nanos) = u128::try_from(unix_nanos) else {
        return SystemTime::UNIX_EPOCH;
    };
    let secs = u64::try_from(nanos / 1_000_000_000).unwrap_or(u64::MAX);
    let since = Duration::new(secs, (nanos % 1_000_000_000) as u32);
    SystemTime::UNIX_EPOCH
        .checked_add(since)
        .unwrap_or_else(|| SystemTime::now() + Duration::from_secs(100 * 365 * 24 * 3600))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_nanoseconds_become_the_same_wall_clock_time() {
        let t = wall_clock(1_700_000_000_123_000_000);
        assert_eq!(
            t.duration_since(SystemTime::UNIX_EPOCH).unwrap(),
            Duration::new(1_700_000_000, 123_000_000)
        );
    }

    #[test]
    fn a_time_before_1970_is_the_epoch_and_a_far_one_does_not_panic() {
        assert_eq!(wall_clock(-5), SystemTime::UNIX_EPOCH);
        assert!(wall_clock(i128::MAX) > SystemTime::now());
    }
}
