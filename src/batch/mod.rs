//! JSON batching: many calls in one `POST /{version}/$batch`, each step given back as the
//! typed result of the call it came from.
//!
//! [`Batch`] collects calls without sending them; [`Batch::send`] sends them in as few
//! batch requests as Graph allows (at most 20 steps each, one version each), sends again
//! the steps Graph throttled, and gives a [`BatchResults`] from which
//! [`take`](BatchResults::take) gets each step's own `Result`.

mod join;
mod plan;
mod send;
mod wire;

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::call::{Decoder, GraphCall};
use crate::client::GraphClient;
use crate::error::Error;
use crate::request::{GraphRequest, GraphResponse, Operation};

/// The most steps Graph takes in one batch request; a [`Batch`] with more is split.
pub const MAX_BATCH_STEPS: usize = 20;

/// Tells batches apart, so that a [`Step`] is only taken from the results of its own batch.
static NEXT_BATCH: AtomicU64 = AtomicU64::new(1);

/// Calls to send together through Graph's JSON batching. Get one from
/// [`GraphClient::batch`].
///
/// [`add`](Self::add) takes any call of the call surface (a [`GraphCall`]: its query
/// options, headers and body included) without sending it, and gives a [`Step`] typed with
/// the call's result. [`send`](Self::send) sends every step and gives the results back:
///
/// ```
/// use msgraph_typed::mock::SimulatedGraph;
/// use msgraph_typed::models::ValidatePasswordRequest;
/// use msgraph_typed::GraphClient;
///
/// # tokio_test_block(async {
/// let client = SimulatedGraph::contoso().client_as("admin-token");
/// let mut batch = client.batch();
/// let short = batch.add(client.users().validate_password(ValidatePasswordRequest::new("1234")));
/// let long = batch.add(client.users().validate_password(ValidatePasswordRequest::new("7 Quiet Otters Nap!")));
/// let mut done = batch.send().await?;          // one POST /beta/$batch
/// assert!(!done.take(short)?.is_valid);          // each step's own typed Result
/// assert!(done.take(long)?.is_valid);
/// # Ok::<(), msgraph_typed::Error>(())
/// # });
/// # fn tokio_test_block<F: std::future::Future<Output = Result<(), msgraph_typed::Error>>>(f: F) {
/// #     tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(f).unwrap();
/// # }
/// ```
///
/// Calls a crate generates from its own pages go in the same way
/// (`batch.add(client.users().by_id("u1").get())`, `batch.add(client.groups().by_id("g1").members().list())`),
/// and so does anything that implements [`GraphCall`]:
///
/// ```
/// use msgraph_typed::{Error, GraphCall, GraphClient};
///
/// /// Two calls in one round trip, each with its own typed result.
/// async fn both<A: GraphCall, B: GraphCall>(
///     client: &dyn GraphClient,
///     a: A,
///     b: B,
/// ) -> Result<(Result<A::Output, Error>, Result<B::Output, Error>), Error> {
///     let mut batch = client.batch();
///     let first = batch.add(a);                 // Step<A::Output>: nothing sent yet
///     let second = batch.add(b);
///     let mut done = batch.send().await?;       // Err only if no batch could be sent
///     Ok((done.take(first), done.take(second))) // each step's own Result
/// }
/// ```
///
/// How the steps are sent:
///
/// - Each step's `url` is its path and query relative to the version; steps of different
///   versions go in separate batch requests (`/v1.0/$batch`, `/beta/$batch`).
/// - At most [`MAX_BATCH_STEPS`] (20) steps go in one request; more are split, in the order
///   they were added, into requests sent one after the other or, with
///   [`concurrency`](Self::concurrency), several at once.
/// - [`add_after`](Self::add_after) makes a step depend on another (`dependsOn`): it runs
///   only if that one succeeded, and otherwise gives `424 Failed Dependency`. A chain of
///   dependent steps goes in one request when it fits in one; a step that cannot (a chain
///   longer than 20, or a dependency under another version) is sent in a later request,
///   once its dependency has answered, and gets the 424 without being sent if it failed.
/// - A step Graph answers 429 or 503 (or 504, for an operation that changes nothing) is
///   sent again in a later request, after the longest `Retry-After` of the steps sent again
///   (or a backoff when none gives one), under the client's
///   [`retry_policy`](GraphClient::retry_policy): at most `max_retries` times, no wait
///   longer than its longest, no step waiting longer in all than its total. A step that
///   depended on it and got 424 for it goes again with it. A state change is sent again
///   only after 429 or 503, as for a call sent alone.
/// - The batch request itself is sent as any call is (the client's retries apply to it);
///   it is replayed after an unknown outcome (a timeout, a 504) only if every step in it is
///   replay-safe.
/// - A per-call timeout on a step makes its batch request's timeout the longest of them.
///
/// Step bodies may hold passwords: a batch's `Debug` shows none, and the batch request
/// body is wiped from memory when dropped, as every request body is.
#[must_use = "a batch does nothing until it is sent"]
pub struct Batch<'c> {
    client: &'c dyn GraphClient,
    id: u64,
    steps: Vec<Entry>,
    concurrency: usize,
}

/// A step as added: its request (or why it could not be built) and its decoder.
struct Entry {
    request: Result<GraphRequest, Error>,
    /// The step's `Decoder<T>`, taken back out by `BatchResults::take::<T>`.
    decoder: Box<dyn Any + Send + Sync>,
    /// The index of the step this one depends on.
    after: Option<usize>,
}

/// One step of a [`Batch`]: a handle to take its result from the [`BatchResults`] with
/// [`take`](BatchResults::take). `T` is what the call gives when it succeeds.
#[must_use = "a step's result is read with BatchResults::take"]
pub struct Step<T> {
    batch: u64,
    index: usize,
    _result: PhantomData<fn() -> T>,
}

impl<T> Step<T> {
    /// The step's id in the batch request (`"1"` for the first step added, and so on).
    pub fn id(&self) -> String {
        (self.index + 1).to_string()
    }
}

impl<T> fmt::Debug for Step<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Step")
            .field("id", &(self.index + 1))
            .field("result", &std::any::type_name::<T>())
            .finish()
    }
}

impl<'c> Batch<'c> {
    /// An empty batch sent through `client` (what [`GraphClient::batch`] gives).
    pub fn new(client: &'c dyn GraphClient) -> Self {
        Self {
            client,
            id: NEXT_BATCH.fetch_add(1, Ordering::Relaxed),
            steps: Vec::new(),
            concurrency: 1,
        }
    }

    /// Sends up to `requests` batch requests at once when there are more than 20 steps
    /// (default 1: one after the other, in order). Zero is taken as 1.
    pub fn concurrency(mut self, requests: usize) -> Self {
        self.concurrency = requests.max(1);
        self
    }

    /// Adds `call` as a step, without sending it. Its result is what `call` would give
    /// alone; a call that cannot be built, or cannot be a batch step, gives its error from
    /// [`take`](BatchResults::take) and is not sent.
    pub fn add<C: GraphCall>(&mut self, call: C) -> Step<C::Output> {
        self.push(call, None)
    }

    /// Adds `call` as a step that runs only after `after` succeeded (`dependsOn`); if
    /// `after` fails, this step gives Graph's `424 Failed Dependency`. `after` must be a
    /// step of this batch.
    pub fn add_after<D, C: GraphCall>(&mut self, after: &Step<D>, call: C) -> Step<C::Output> {
        if after.batch != self.id {
            let step = self.push(call, None);
            self.steps[step.index].request = Err(Error::builder(
                "add_after was given a step of another batch: a step can only depend on one \
                 of its own batch",
            ));
            return step;
        }
        self.push(call, Some(after.index))
    }

    fn push<C: GraphCall>(&mut self, call: C, after: Option<usize>) -> Step<C::Output> {
        let (request, decoder): (Result<GraphRequest, Error>, Decoder<C::Output>) =
            match call.into_parts() {
                Ok((request, decoder)) => (send::check(request), decoder),
                Err(e) => (Err(e), never_called::<C::Output>),
            };
        let index = self.steps.len();
        self.steps.push(Entry {
            request,
            decoder: Box::new(decoder),
            after,
        });
        Step {
            batch: self.id,
            index,
            _result: PhantomData,
        }
    }

    /// How many steps were added.
    pub fn len(&self) -> usize {
        self.steps.len()
    }

    /// Whether no step was added.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// Sends every step and gives their results.
    ///
    /// `Err` only if no batch request could be sent or got an answer (the first such
    /// error: a refused connection, a failing token provider). Otherwise each step's own
    /// outcome is in the [`BatchResults`]: Graph's answer to it, or, when the batch request
    /// carrying it failed, that failure (a batch request answered with an error status
    /// gives each of its steps that error; one whose answer is not Graph's batch response,
    /// or leaves a step out, gives a decode error naming the step).
    pub async fn send(mut self) -> Result<BatchResults, Error> {
        let policy = self.client.retry_policy();
        // The steps that could not be built have their outcome already: their error.
        let settled = self
            .steps
            .iter_mut()
            .map(|entry| match &mut entry.request {
                Ok(_) => None,
                Err(e) => Some(Err(std::mem::replace(e, Error::builder("moved")))),
            })
            .collect();
        let outcomes =
            send::run(self.client, &self.steps, settled, self.concurrency, policy).await?;
        let slots = self
            .steps
            .into_iter()
            .zip(outcomes)
            .map(|(entry, outcome)| {
                let operation = entry.request.as_ref().ok().map(|r| r.operation());
                Some(Slot {
                    operation,
                    outcome,
                    decoder: entry.decoder,
                })
            })
            .collect();
        Ok(BatchResults {
            batch: self.id,
            slots,
        })
    }
}

/// The decoder of a step whose call could not be built: its result is the build error,
/// so this is never reached.
fn never_called<T>(_: &'static Operation, response: GraphResponse) -> Result<T, Error> {
    Err(Error::from_response(&response))
}

impl fmt::Debug for Batch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A GraphRequest's Debug redacts its body.
        let steps: Vec<_> = self
            .steps
            .iter()
            .map(|e| e.request.as_ref().map_err(|e| e.to_string()))
            .collect();
        f.debug_struct("Batch")
            .field("steps", &steps)
            .field("concurrency", &self.concurrency)
            .finish()
    }
}

/// The outcome of a sent [`Batch`]: each step's answer, read with
/// [`take`](Self::take) as the typed result of its call.
pub struct BatchResults {
    batch: u64,
    slots: Vec<Option<Slot>>,
}

struct Slot {
    operation: Option<&'static Operation>,
    outcome: Result<GraphResponse, Error>,
    decoder: Box<dyn Any + Send + Sync>,
}

impl BatchResults {
    /// The result of `step`, decoded exactly as its call sent alone would be: `Ok` with the
    /// call's value, or the `Error` the call would give (status, Graph's code and message,
    /// the request-id of the step's answer, `retry_after`). A step of another batch is a
    /// builder error.
    pub fn take<T: 'static>(&mut self, step: Step<T>) -> Result<T, Error> {
        let slot = match self.slots.get_mut(step.index) {
            Some(slot) if step.batch == self.batch => slot.take(),
            _ => None,
        };
        let Some(slot) = slot else {
            return Err(Error::builder(
                "this step is not one of this batch's: take a step from the results of the \
                 batch it was added to",
            ));
        };
        let response = slot.outcome?;
        match (slot.operation, slot.decoder.downcast::<Decoder<T>>()) {
            (Some(operation), Ok(decode)) => (*decode)(operation, response),
            _ => Err(Error::builder(
                "this step's result is not of the type asked for",
            )),
        }
    }

    /// The HTTP status Graph answered `step` with, if an answer arrived and the step was
    /// not taken yet.
    pub fn status<T>(&self, step: &Step<T>) -> Option<u16> {
        if step.batch != self.batch {
            return None;
        }
        match self.slots.get(step.index)?.as_ref()?.outcome.as_ref() {
            Ok(response) => Some(response.status),
            Err(e) => e.status(),
        }
    }

    /// How many steps the batch had.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether the batch had no steps.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }
}

impl fmt::Debug for BatchResults {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let statuses: Vec<_> = self
            .slots
            .iter()
            .map(|s| match s {
                None => "taken".to_owned(),
                Some(slot) => match &slot.outcome {
                    Ok(r) => r.status.to_string(),
                    Err(e) => format!("error: {e}"),
                },
            })
            .collect();
        f.debug_struct("BatchResults")
            .field("steps", &statuses)
            .finish()
    }
}

const _: fn() = || {
    fn assert_send<T: Send>() {}
    assert_send::<Batch<'static>>();
    assert_send::<BatchResults>();
    assert_send::<Step<String>>();
};
