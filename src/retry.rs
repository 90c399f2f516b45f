//! When to replay a request, and how long to wait first. Pure functions: no clock, no I/O.

use std::time::Duration;

use crate::request::Replay;

/// How a client replays throttled and failed calls: how many times, and how long it waits.
/// [`ReqwestGraphClient`](crate::ReqwestGraphClient) takes its settings from its builder
/// ([`max_retries`](crate::ReqwestGraphClientBuilder::max_retries) and the delays beside
/// it), and a [`Batch`](crate::Batch) applies its client's to the steps Graph throttled
/// (see [`GraphClient::retry_policy`](crate::GraphClient::retry_policy)).
///
/// ```
/// use std::time::Duration;
/// use msgraph_typed::RetryPolicy;
///
/// let policy = RetryPolicy::default().with_max_retries(5);
/// assert_eq!(policy.max_retries(), 5);
/// assert_eq!(policy.max_delay(), Duration::from_secs(60));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Replays after the first attempt.
    pub(crate) max_retries: u32,
    /// The first backoff wait, before jitter; it doubles on each retry.
    pub(crate) base_delay: Duration,
    /// The most one wait may last. A server asking for longer is not waited for.
    pub(crate) max_delay: Duration,
    /// The most all waits of one call may add up to.
    pub(crate) max_total_delay: Duration,
}

impl Default for RetryPolicy {
    /// Three retries; backoff from 500 ms; at most 60 s for one wait and 120 s for all.
    fn default() -> Self {
        Self {
            max_retries: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(60),
            max_total_delay: Duration::from_secs(120),
        }
    }
}

impl RetryPolicy {
    /// Replays allowed after the first attempt (0: none).
    pub fn max_retries(&self) -> u32 {
        self.max_retries
    }
    /// The first backoff wait when the server gives no `Retry-After`; it doubles on each
    /// retry and is scaled by a random factor between 0.5 and 1.
    pub fn base_delay(&self) -> Duration {
        self.base_delay
    }
    /// The most one wait may last: a `Retry-After` longer than this is not waited for.
    pub fn max_delay(&self) -> Duration {
        self.max_delay
    }
    /// The most all waits of one call (or one batch step) may add up to.
    pub fn max_total_delay(&self) -> Duration {
        self.max_total_delay
    }
    /// With `retries` replays allowed.
    pub fn with_max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }
    /// With `delay` as the first backoff wait.
    pub fn with_base_delay(mut self, delay: Duration) -> Self {
        self.base_delay = delay;
        self
    }
    /// With `delay` as the longest one wait may be.
    pub fn with_max_delay(mut self, delay: Duration) -> Self {
        self.max_delay = delay;
        self
    }
    /// With `delay` as the longest all waits may add up to.
    pub fn with_max_total_delay(mut self, delay: Duration) -> Self {
        self.max_total_delay = delay;
        self
    }
}

/// What came back from one attempt, as far as retrying cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// A response with this status arrived.
    Status(u16),
    /// No connection was made: the request never left.
    ConnectFailed,
    /// The request may have reached the service, but no whole answer came back
    /// (timeout, reset or closed connection, truncated body).
    Unknown,
}

/// Whether `outcome` may be replayed for an operation with `replay` safety.
///
/// 429 and 503 mean the service did not process the request, and a failed connect means
/// it never arrived: those are replayed for every operation. A 504, a timeout or a broken
/// connection leave the outcome unknown: replayed only for [`Replay::Safe`] operations.
/// Anything else (2xx, 4xx, 500, ...) is final here; a 401 is handled apart by the client,
/// which replays it once with a new token from its provider.
pub(crate) fn is_retryable(outcome: Outcome, replay: Replay) -> bool {
    match outcome {
        Outcome::Status(429 | 503) | Outcome::ConnectFailed => true,
        Outcome::Status(504) | Outcome::Unknown => replay == Replay::Safe,
        Outcome::Status(_) => false,
    }
}

/// The exponential backoff before retry number `retry` (1 for the first replay):
/// `base * 2^(retry-1)`, capped at `cap`, then scaled by a jitter factor between 0.5 and
/// 1.0 taken from `jitter` (any `u32`: its fraction of `u32::MAX`).
pub(crate) fn backoff(retry: u32, base: Duration, cap: Duration, jitter: u32) -> Duration {
    let doublings = retry.saturating_sub(1).min(31);
    let exp = base.saturating_mul(1u32 << doublings).min(cap);
    let fraction = 0.5 + 0.5 * (f64::from(jitter) / f64::from(u32::MAX));
    exp.mul_f64(fraction)
}

/// How long to wait before retry number `retry`, or `None` to stop and return what came
/// back. `retry_after` is the server's `Retry-After`; `waited` is the total waited so far in
/// this call.
pub(crate) fn next_wait(
    policy: &RetryPolicy,
    retry: u32,
    retry_after: Option<Duration>,
    waited: Duration,
    jitter: u32,
) -> Option<Duration> {
    if retry > policy.max_retries {
        return None;
    }
    let wait = match retry_after {
        // The server said when: honour it, unless it is longer than one wait may be.
        Some(after) if after > policy.max_delay => return None,
        Some(after) => after,
        None => backoff(retry, policy.base_delay, policy.max_delay, jitter),
    };
    if waited.saturating_add(wait) > policy.max_total_delay {
        return None;
    }
    Some(wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn a_state_change_is_replayed_only_when_the_service_did_not_process_it() {
        let r = Replay::OnlyUnprocessed;
        assert!(is_retryable(Outcome::Status(429), r));
        assert!(is_retryable(Outcome::Status(503), r));
        assert!(is_retryable(Outcome::ConnectFailed, r));
        assert!(!is_retryable(Outcome::Status(504), r));
        assert!(!is_retryable(Outcome::Unknown, r));
    }

    #[test]
    fn a_safe_operation_is_replayed_after_any_transient_failure() {
        let r = Replay::Safe;
        for outcome in [
            Outcome::Status(429),
            Outcome::Status(503),
            Outcome::Status(504),
            Outcome::Unknown,
            Outcome::ConnectFailed,
        ] {
            assert!(is_retryable(outcome, r), "{outcome:?}");
        }
    }

    #[test]
    fn final_statuses_are_never_replayed() {
        for status in [200, 204, 400, 401, 403, 404, 500, 502] {
            assert!(
                !is_retryable(Outcome::Status(status), Replay::Safe),
                "{status}"
            );
        }
    }

    #[test]
    fn backoff_doubles_from_the_base_with_no_jitter_at_the_top() {
        let cap = Duration::from_secs(60);
        assert_eq!(backoff(1, MS(500), cap, u32::MAX), MS(500));
        assert_eq!(backoff(2, MS(500), cap, u32::MAX), MS(1000));
        assert_eq!(backoff(3, MS(500), cap, u32::MAX), MS(2000));
    }

    #[test]
    fn backoff_jitter_keeps_the_wait_between_half_and_all_of_it() {
        let cap = Duration::from_secs(60);
        assert_eq!(backoff(3, MS(500), cap, 0), MS(1000));
        let mid = backoff(3, MS(500), cap, u32::MAX / 2);
        assert!(mid > MS(1400) && mid < MS(1600), "{mid:?}");
    }

    #[test]
    fn backoff_never_exceeds_the_cap_even_for_huge_retry_numbers() {
        let cap = Duration::from_secs(60);
        assert_eq!(backoff(u32::MAX, Duration::MAX, cap, u32::MAX), cap);
        assert_eq!(backoff(40, MS(500), cap, u32::MAX), cap);
        assert_eq!(backoff(0, MS(500), cap, u32::MAX), MS(500));
    }

    #[test]
    fn retry_after_is_honoured_instead_of_backoff() {
        let p = RetryPolicy::default();
        assert_eq!(
            next_wait(&p, 1, Some(Duration::from_secs(7)), Duration::ZERO, 0),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            next_wait(&p, 1, Some(Duration::ZERO), Duration::ZERO, 0),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn a_retry_after_longer_than_one_wait_may_be_is_not_waited_for() {
        let p = RetryPolicy::default();
        assert_eq!(
            next_wait(&p, 1, Some(Duration::from_secs(3600)), Duration::ZERO, 0),
            None
        );
    }

    #[test]
    fn retries_stop_when_the_total_wait_would_pass_its_cap() {
        let p = RetryPolicy::default();
        let waited = Duration::from_secs(115);
        assert_eq!(
            next_wait(&p, 2, Some(Duration::from_secs(5)), waited, 0),
            Some(Duration::from_secs(5))
        );
        assert_eq!(
            next_wait(&p, 2, Some(Duration::from_secs(6)), waited, 0),
            None
        );
    }

    #[test]
    fn retries_stop_after_max_retries() {
        let p = RetryPolicy {
            max_retries: 2,
            ..RetryPolicy::default()
        };
        assert!(next_wait(&p, 2, None, Duration::ZERO, 0).is_some());
        assert_eq!(next_wait(&p, 3, None, Duration::ZERO, 0), None);
        let none = RetryPolicy {
            max_retries: 0,
            ..p
        };
        assert_eq!(
            next_wait(&none, 1, Some(Duration::ZERO), Duration::ZERO, 0),
            None
        );
    }

    #[test]
    fn without_retry_after_the_wait_is_the_jittered_backoff() {
        let p = RetryPolicy::default();
        assert_eq!(
            next_wait(&p, 2, None, Duration::ZERO, u32::MAX),
            Some(MS(1000))
        );
    }
}
