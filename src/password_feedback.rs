//! Live feedback on a password while it is typed: `user: validatePassword` called the way
//! its page means it ("real-time feedback on password strength while the user types").
//!
//! One handle ([`PasswordFeedback`]) takes the text as it changes and shows the latest
//! [`FeedbackState`]; one worker ([`PasswordFeedbackWorker`]) makes the calls. They share a
//! small state behind a mutex and two `tokio::sync::watch` channels: the input (to the
//! worker) and the state (to whoever reads it).

use std::collections::VecDeque;
use std::fmt;
use std::future::{poll_fn, Future};
use std::pin::pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Poll;
use std::time::Duration;

use tokio::sync::watch;
use tokio::time::Instant;

use crate::client::GraphClient;
use crate::error::Error;
use crate::models::{PasswordValidationInformation, ValidatePasswordRequest};
use crate::secret::SecretString;

/// How long the input must stay unchanged before it is checked, unless told otherwise.
pub const DEFAULT_FEEDBACK_DELAY: Duration = Duration::from_millis(300);

/// How many checked inputs keep their answer, unless told otherwise.
pub const DEFAULT_FEEDBACK_CACHE: usize = 32;

/// The first wait after Graph throttled without saying how long to wait; it doubles on
/// each throttled call in a row, up to [`MAX_THROTTLE_WAIT`].
const FIRST_THROTTLE_WAIT: Duration = Duration::from_secs(1);

/// The longest wait after a throttled call, also when `Retry-After` asks for more.
const MAX_THROTTLE_WAIT: Duration = Duration::from_secs(300);

/// What the caller sees of the password being typed. Each input set with
/// [`PasswordFeedback::set_input`] has a `revision`, counting up from 1; a state names the
/// revision it is about.
///
/// `Debug` shows no password: the state never holds one.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum FeedbackState {
    /// Nothing typed yet, or the input is empty (or was [cleared](PasswordFeedback::clear)).
    NoInput,
    /// The input has no answer yet: it is waiting to be still for the delay, or its call is
    /// in flight.
    Checking {
        /// The input this is about.
        revision: u64,
    },
    /// Graph throttled the last call: the input is checked once `until` has passed.
    Throttled {
        /// The input this is about.
        revision: u64,
        /// When the next call may be made (`Retry-After`, or a backoff without one).
        until: Instant,
    },
    /// Graph's answer for the input.
    Checked {
        /// The input this is about.
        revision: u64,
        /// What `validatePassword` answered.
        info: Arc<PasswordValidationInformation>,
    },
    /// The call for the input failed (not throttling: that is [`Throttled`](Self::Throttled)).
    /// The same input is not called again; a changed one is.
    Failed {
        /// The input this is about.
        revision: u64,
        /// Why.
        error: Arc<Error>,
    },
}

impl FeedbackState {
    /// The input this state is about; `None` for [`NoInput`](Self::NoInput).
    pub fn revision(&self) -> Option<u64> {
        match self {
            Self::NoInput => None,
            Self::Checking { revision }
            | Self::Throttled { revision, .. }
            | Self::Checked { revision, .. }
            | Self::Failed { revision, .. } => Some(*revision),
        }
    }

    /// Whether the state is final for its input: no input, an answer or an error.
    pub fn is_settled(&self) -> bool {
        matches!(
            self,
            Self::NoInput | Self::Checked { .. } | Self::Failed { .. }
        )
    }
}

/// Live `validatePassword` feedback for a password being typed.
///
/// Feed it the text each time it changes ([`set_input`](Self::set_input)); its worker
/// calls `validatePassword` once the input has been still for the
/// [delay](PasswordFeedbackBuilder::delay), and:
///
/// - never has more than one call in flight;
/// - when the input changes during a call, drops that call (the request is cancelled where
///   the client can: a `ReqwestGraphClient` closes the connection) and never shows its
///   answer;
/// - so never shows an older answer after a newer one;
/// - answers an input it has already checked from a small cache, at once and without a
///   call (the cache holds the passwords as [`SecretString`]s, wiped when dropped, and at
///   most [`cache_size`](PasswordFeedbackBuilder::cache_size) of them);
/// - when Graph throttles (429 or 503), waits as long as `Retry-After` says (or 1 s,
///   doubling, without one) before the next call.
///
/// Read the latest [`state`](Self::state), or wait for changes with
/// [`subscribe`](Self::subscribe) or [`settled`](Self::settled). The handle is cheap to
/// clone; the worker stops once every handle is dropped. The password never appears in
/// `Debug`, in the state or in errors.
///
/// ```
/// use std::time::Duration;
/// use msgraph_typed::mock::SimulatedGraph;
/// use msgraph_typed::{FeedbackState, PasswordFeedback};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// // Arrange: a tenant whose password administrator may call validatePassword.
/// let graph = SimulatedGraph::contoso();
/// let (feedback, worker) = PasswordFeedback::builder()
///     .delay(Duration::from_millis(300))
///     .build(graph.client_as("admin-token"));
/// tokio::spawn(worker.run());
///
/// // Act: the user types, faster than the delay.
/// for typed in ["c", "co", "cor", "correct-Horse-8"] {
///     feedback.set_input(typed);
///     tokio::time::sleep(Duration::from_millis(100)).await;
/// }
/// let state = feedback.settled(feedback.revision()).await;
///
/// // Assert: one call, for the last input.
/// let FeedbackState::Checked { revision, info } = state else { panic!("{state:?}") };
/// assert_eq!(revision, 4);
/// assert!(info.is_valid);
/// assert_eq!(graph.journal().len(), 1);
/// # }
/// ```
#[derive(Clone)]
pub struct PasswordFeedback {
    shared: Arc<Shared>,
    /// The worker's input; it stops when the last handle (and so this sender) is dropped.
    input: Arc<watch::Sender<Input>>,
}

/// Makes the calls of a [`PasswordFeedback`]: run [`run`](Self::run) on your runtime
/// (`tokio::spawn(worker.run())`). Until it runs, inputs stay
/// [`Checking`](FeedbackState::Checking).
pub struct PasswordFeedbackWorker<C> {
    client: C,
    delay: Duration,
    shared: Arc<Shared>,
    input: watch::Receiver<Input>,
}

/// Settings of a [`PasswordFeedback`]. Setters never fail.
#[must_use]
#[derive(Debug, Clone)]
pub struct PasswordFeedbackBuilder {
    delay: Duration,
    cache_size: usize,
}

impl Default for PasswordFeedbackBuilder {
    fn default() -> Self {
        Self {
            delay: DEFAULT_FEEDBACK_DELAY,
            cache_size: DEFAULT_FEEDBACK_CACHE,
        }
    }
}

impl PasswordFeedbackBuilder {
    /// How long the input must stay unchanged before it is checked (default
    /// [`DEFAULT_FEEDBACK_DELAY`], 300 ms). `Duration::ZERO` checks each input at once
    /// (still one call at a time).
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// How many checked inputs keep their answer (default [`DEFAULT_FEEDBACK_CACHE`]);
    /// the least recently used is forgotten first. 0 keeps none.
    pub fn cache_size(mut self, entries: usize) -> Self {
        self.cache_size = entries;
        self
    }

    /// The handle and the worker that calls `validatePassword` through `client`.
    pub fn build<C: GraphClient>(self, client: C) -> (PasswordFeedback, PasswordFeedbackWorker<C>) {
        let (state, _) = watch::channel(FeedbackState::NoInput);
        let shared = Arc::new(Shared {
            inner: Mutex::new(Inner {
                revision: 0,
                latest: None,
                cache: Cache::new(self.cache_size),
                throttled_until: None,
            }),
            state,
        });
        let (input, receiver) = watch::channel(Input::none(0));
        let feedback = PasswordFeedback {
            shared: Arc::clone(&shared),
            input: Arc::new(input),
        };
        let worker = PasswordFeedbackWorker {
            client,
            delay: self.delay,
            shared,
            input: receiver,
        };
        (feedback, worker)
    }
}

impl PasswordFeedback {
    /// Starts building one, with the default delay and cache size.
    pub fn builder() -> PasswordFeedbackBuilder {
        PasswordFeedbackBuilder::default()
    }

    /// With the defaults: `PasswordFeedback::builder().build(client)`.
    pub fn new<C: GraphClient>(client: C) -> (Self, PasswordFeedbackWorker<C>) {
        Self::builder().build(client)
    }

    /// The text as it is now; returns its revision. The state changes at once: to
    /// [`Checked`](FeedbackState::Checked) when this text was checked before,
    /// [`NoInput`](FeedbackState::NoInput) when it is empty, else
    /// [`Checking`](FeedbackState::Checking) (or [`Throttled`](FeedbackState::Throttled)).
    /// A call in flight for an earlier text is dropped. The same text as the latest
    /// keeps its revision and changes nothing.
    pub fn set_input(&self, text: impl Into<SecretString>) -> u64 {
        let text = text.into();
        let mut inner = self.shared.lock();
        let unchanged = match &inner.latest {
            Some(latest) => **latest == text,
            None => text.is_empty(),
        };
        if unchanged {
            return inner.revision;
        }
        inner.revision += 1;
        let revision = inner.revision;
        if text.is_empty() {
            inner.latest = None;
            self.shared.state.send_replace(FeedbackState::NoInput);
            self.input.send_replace(Input::none(revision));
            return revision;
        }
        let text = Arc::new(text);
        inner.latest = Some(Arc::clone(&text));
        let cached = inner.cache.get(&text);
        let state = match (&cached, inner.throttled_until) {
            (Some(info), _) => FeedbackState::Checked {
                revision,
                info: Arc::clone(info),
            },
            (None, Some(until)) if until > Instant::now() => {
                FeedbackState::Throttled { revision, until }
            }
            (None, _) => FeedbackState::Checking { revision },
        };
        self.shared.state.send_replace(state);
        self.input.send_replace(Input {
            revision,
            text: Some(text),
            changed_at: Instant::now(),
            needs_call: cached.is_none(),
        });
        revision
    }

    /// Forgets the input and every cached answer (their passwords are wiped); the state
    /// becomes [`NoInput`](FeedbackState::NoInput). For after the password was changed.
    pub fn clear(&self) {
        let mut inner = self.shared.lock();
        inner.cache.clear();
        inner.latest = None;
        inner.revision += 1;
        self.shared.state.send_replace(FeedbackState::NoInput);
        self.input.send_replace(Input::none(inner.revision));
    }

    /// The revision of the latest input (0 before any).
    pub fn revision(&self) -> u64 {
        self.shared.lock().revision
    }

    /// The state now.
    pub fn state(&self) -> FeedbackState {
        self.shared.state.borrow().clone()
    }

    /// A receiver of every state change, for `changed().await` or `wait_for`.
    pub fn subscribe(&self) -> watch::Receiver<FeedbackState> {
        self.shared.state.subscribe()
    }

    /// Waits until input `revision` is settled (an answer, an error, or no input) or a
    /// later input has replaced it, and returns the state then. Needs the worker running.
    pub async fn settled(&self, revision: u64) -> FeedbackState {
        let mut states = self.subscribe();
        let done = |s: &FeedbackState| s.is_settled() || s.revision().is_some_and(|r| r > revision);
        // The sender lives in `self.shared`, so the channel cannot close while we wait.
        let state = match states.wait_for(done).await {
            Ok(state) => state.clone(),
            Err(_) => self.state(),
        };
        state
    }
}

impl fmt::Debug for PasswordFeedback {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordFeedback")
            .field("revision", &self.revision())
            .field("state", &self.state())
            .finish_non_exhaustive()
    }
}

impl<C> fmt::Debug for PasswordFeedbackWorker<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordFeedbackWorker")
            .field("delay", &self.delay)
            .finish_non_exhaustive()
    }
}

impl<C: GraphClient> PasswordFeedbackWorker<C> {
    /// Makes the calls until every [`PasswordFeedback`] handle is dropped.
    pub async fn run(mut self) {
        // The last revision that needs no further call (answered, or failed for good).
        let mut done = 0;
        let mut throttled_in_a_row = 0u32;
        loop {
            let input = self.input.borrow_and_update().clone();
            let text = match &input.text {
                Some(text) if input.needs_call && input.revision != done => Arc::clone(text),
                _ => {
                    if self.input.changed().await.is_err() {
                        return;
                    }
                    continue;
                }
            };
            let mut due = input.changed_at + self.delay;
            if let Some(until) = self.shared.lock().throttled_until {
                due = due.max(until);
            }
            match race(self.input.changed(), tokio::time::sleep_until(due)).await {
                Either::First(Err(_)) => return,
                Either::First(Ok(())) => continue,
                Either::Second(()) => {}
            }
            let body = ValidatePasswordRequest::new(SecretString::clone(&text));
            let call = async { self.client.users().validate_password(body).await };
            let answer = match race(self.input.changed(), call).await {
                Either::First(Err(_)) => return,
                // The input changed: the call is dropped, and its answer with it.
                Either::First(Ok(())) => continue,
                Either::Second(answer) => answer,
            };
            match answer {
                Err(e) if e.is_throttled() => {
                    throttled_in_a_row += 1;
                    let backoff = FIRST_THROTTLE_WAIT
                        .saturating_mul(1 << (throttled_in_a_row - 1).min(16))
                        .min(MAX_THROTTLE_WAIT);
                    let wait = e.retry_after().unwrap_or(backoff).min(MAX_THROTTLE_WAIT);
                    self.shared.throttled(input.revision, Instant::now() + wait);
                }
                answer => {
                    throttled_in_a_row = 0;
                    done = input.revision;
                    self.shared.answered(input.revision, &text, answer);
                }
            }
        }
    }
}

/// The first of two futures to finish; `a` is polled first, so when both are ready, `a` wins.
async fn race<A: Future, B: Future>(a: A, b: B) -> Either<A::Output, B::Output> {
    let mut a = pin!(a);
    let mut b = pin!(b);
    poll_fn(|cx| {
        if let Poll::Ready(out) = a.as_mut().poll(cx) {
            return Poll::Ready(Either::First(out));
        }
        if let Poll::Ready(out) = b.as_mut().poll(cx) {
            return Poll::Ready(Either::Second(out));
        }
        Poll::Pending
    })
    .await
}

enum Either<A, B> {
    First(A),
    Second(B),
}

/// What the handle and the worker share.
struct Shared {
    inner: Mutex<Inner>,
    state: watch::Sender<FeedbackState>,
}

struct Inner {
    revision: u64,
    /// The latest input, when not empty.
    latest: Option<Arc<SecretString>>,
    cache: Cache,
    /// No call before this instant: Graph throttled the last one.
    throttled_until: Option<Instant>,
}

impl Shared {
    /// A poisoned lock still holds consistent data (each update leaves it whole), so it is
    /// used rather than turned into a panic.
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Keeps an answer, and shows it if its input is still the latest.
    fn answered(
        &self,
        revision: u64,
        text: &Arc<SecretString>,
        answer: Result<PasswordValidationInformation, Error>,
    ) {
        let mut inner = self.lock();
        inner.throttled_until = None;
        let state = match answer {
            Ok(info) => {
                let info = Arc::new(info);
                inner.cache.put(Arc::clone(text), Arc::clone(&info));
                FeedbackState::Checked { revision, info }
            }
            Err(e) => FeedbackState::Failed {
                revision,
                error: Arc::new(e),
            },
        };
        if inner.revision == revision {
            self.state.send_replace(state);
        }
    }

    fn throttled(&self, revision: u64, until: Instant) {
        let mut inner = self.lock();
        inner.throttled_until = Some(until);
        if inner.revision == revision {
            self.state
                .send_replace(FeedbackState::Throttled { revision, until });
        }
    }
}

/// The input as the worker sees it.
#[derive(Clone)]
struct Input {
    revision: u64,
    text: Option<Arc<SecretString>>,
    changed_at: Instant,
    /// False when the answer came from the cache, or there is nothing to check.
    needs_call: bool,
}

impl Input {
    fn none(revision: u64) -> Self {
        Self {
            revision,
            text: None,
            changed_at: Instant::now(),
            needs_call: false,
        }
    }
}

/// Answers of checked inputs, most recently used first. The passwords are `SecretString`s,
/// wiped when the last copy is dropped; a linear search over a few dozen entries keeps them
/// out of a hash table that would leave copies behind when it grows.
struct Cache {
    limit: usize,
    entries: VecDeque<(Arc<SecretString>, Arc<PasswordValidationInformation>)>,
}

impl Cache {
    fn new(limit: usize) -> Self {
        Self {
            limit,
            entries: VecDeque::new(),
        }
    }

    fn get(&mut self, text: &SecretString) -> Option<Arc<PasswordValidationInformation>> {
        let at = self.entries.iter().position(|(t, _)| **t == *text)?;
        let entry = self.entries.remove(at)?;
        let info = Arc::clone(&entry.1);
        self.entries.push_front(entry);
        Some(info)
    }

    fn put(&mut self, text: Arc<SecretString>, info: Arc<PasswordValidationInformation>) {
        if self.limit == 0 {
            return;
        }
        self.entries.retain(|(t, _)| **t != *text);
        self.entries.push_front((text, info));
        self.entries.truncate(self.limit);
    }

    fn clear(&mut self) {
        self.entries.clear();
    }
}
