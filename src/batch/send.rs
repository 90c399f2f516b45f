//! Sending a batch: rounds of batch requests, until every step has its final answer.
//!
//! A round sends the steps that are ready (not waiting out a `Retry-After`, and whose
//! dependency has succeeded or goes in the same request), packed by [`plan::pack`]. Its
//! answers are final, or (429, 503, ...) put the step back to wait for the next round.

use std::sync::Arc;
use std::time::{Duration, Instant};

use http::Method;

use super::{join, plan, wire, Entry};
use crate::client::GraphClient;
use crate::error::Error;
use crate::request::{ApiVersion, GraphRequest, GraphResponse, Operation, Replay};
use crate::retry::{is_retryable, next_wait, Outcome, RetryPolicy};

/// `POST /{version}/$batch`, replayed after an unknown outcome only when every step it
/// carries is replay-safe.
static BATCH_V1: Operation = Operation::new(
    "JSON batch",
    Method::POST,
    ApiVersion::V1,
    "/$batch",
    Replay::OnlyUnprocessed,
);
static BATCH_V1_SAFE: Operation = Operation::new(
    "JSON batch",
    Method::POST,
    ApiVersion::V1,
    "/$batch",
    Replay::Safe,
);
static BATCH_BETA: Operation = Operation::new(
    "JSON batch",
    Method::POST,
    ApiVersion::Beta,
    "/$batch",
    Replay::OnlyUnprocessed,
);
static BATCH_BETA_SAFE: Operation = Operation::new(
    "JSON batch",
    Method::POST,
    ApiVersion::Beta,
    "/$batch",
    Replay::Safe,
);

fn batch_operation(version: ApiVersion, safe: bool) -> &'static Operation {
    match (version, safe) {
        (ApiVersion::V1, true) => &BATCH_V1_SAFE,
        (ApiVersion::V1, false) => &BATCH_V1,
        (ApiVersion::Beta, true) => &BATCH_BETA_SAFE,
        (ApiVersion::Beta, false) => &BATCH_BETA,
    }
}

/// Checks that `request` can be a step, as it was added: what the transport would refuse
/// (a bad path) is refused here, since a step's URL is not checked by the transport.
pub(super) fn check(request: GraphRequest) -> Result<GraphRequest, Error> {
    let operation = request.operation();
    let refuse = |why: &str| {
        Error::builder(format!(
            "{} ({} {}) cannot be a batch step: {why}",
            operation.name, operation.method, operation.path
        ))
    };
    if request.origin().is_some() {
        return Err(refuse(
            "it was built from an absolute link (a next page); send it on its own",
        ));
    }
    crate::reqwest_client::check_path_segments(&request)?;
    for (name, value) in request.headers() {
        if value.to_str().is_err() {
            return Err(refuse(&format!(
                "its header {name} is not text (a batch step's headers are JSON strings)"
            )));
        }
    }
    if let Some(body) = request.body() {
        if serde_json::from_slice::<serde::de::IgnoredAny>(body).is_err() {
            return Err(refuse("its body is not JSON"));
        }
    }
    Ok(request)
}

/// What a step has been through.
#[derive(Default, Clone, Copy)]
struct Track {
    retries: u32,
    waited: Duration,
    /// Not sent again before this.
    not_before: Option<Instant>,
}

fn succeeded(outcome: &Result<GraphResponse, Error>) -> bool {
    matches!(outcome, Ok(r) if (200..300).contains(&r.status))
}

fn describe(step: usize, request: &GraphRequest) -> String {
    format!(
        "step {} ({} {} {})",
        step + 1,
        request.operation().name,
        request.method(),
        request.path()
    )
}

/// Random bits for backoff jitter (from the OS random source, through uuid).
fn jitter() -> u32 {
    (uuid::Uuid::new_v4().as_u128() >> 64) as u32
}

/// Sends `steps` until each has a final outcome, in the order the steps were added.
/// `Err` only when no batch request of the first round could be sent or answered.
/// `outcomes` has the steps already settled (those that could not be built).
pub(super) async fn run(
    client: &dyn GraphClient,
    steps: &[Entry],
    mut outcomes: Vec<Option<Result<GraphResponse, Error>>>,
    concurrency: usize,
    policy: RetryPolicy,
) -> Result<Vec<Result<GraphResponse, Error>>, Error> {
    let n = steps.len();
    let mut track = vec![Track::default(); n];
    let mut answered = false;
    loop {
        settle_failed_dependencies(steps, &mut outcomes);
        let pending: Vec<usize> = (0..n).filter(|&i| outcomes[i].is_none()).collect();
        if pending.is_empty() {
            break;
        }
        let now = Instant::now();
        let mut in_round = vec![false; n];
        let mut ready = Vec::new();
        for &i in &pending {
            if track[i].not_before.is_some_and(|t| t > now) {
                continue;
            }
            let Ok(request) = &steps[i].request else {
                continue;
            };
            let version = request.version();
            let after = match steps[i].after {
                None => None,
                // Settled above unless it succeeded: nothing to wait for.
                Some(d) if outcomes[d].is_some() => None,
                Some(d) if in_round[d] && version_of(steps, d) == Some(version) => Some(d),
                // Its dependency waits, or is under another version: this one waits for it.
                Some(_) => continue,
            };
            in_round[i] = true;
            ready.push(plan::Ready {
                index: i,
                version,
                after,
            });
        }
        if ready.is_empty() {
            // Every pending step waits out a Retry-After (or for a step that does).
            match pending.iter().filter_map(|&i| track[i].not_before).min() {
                Some(at) => {
                    tokio::time::sleep(at.saturating_duration_since(Instant::now())).await;
                    continue;
                }
                None => {
                    // Cannot happen (the first pending step of a chain is always ready or
                    // waiting for a time); said as an error rather than a hang.
                    for &i in &pending {
                        outcomes[i] = Some(Err(Error::builder(
                            "the step could not be placed in a batch request",
                        )));
                    }
                    break;
                }
            }
        }
        let (chunks, _later) = plan::pack(&ready, plan::MAX_STEPS);
        let dependency_in_round = |i: usize| ready.iter().find(|r| r.index == i)?.after;
        let requests: Vec<GraphRequest> = chunks
            .iter()
            .map(|chunk| batch_request(steps, chunk, &dependency_in_round))
            .collect();
        let answers = join::limited(
            requests.into_iter().map(|r| client.execute(r)).collect(),
            concurrency,
        )
        .await;
        if !answered && answers.iter().all(Result::is_err) {
            // Nothing could be sent: the first failure is the batch's.
            if let Some(Err(e)) = answers.into_iter().next() {
                return Err(e);
            }
            unreachable!("a round sends at least one request");
        }
        answered = true;

        // Each step's answer from its request, in step order (a step's dependency first).
        let mut answered_steps: Vec<(usize, Result<GraphResponse, Error>)> = Vec::new();
        for (chunk, answer) in chunks.iter().zip(answers) {
            distribute(steps, chunk, answer, &mut answered_steps);
        }
        answered_steps.sort_by_key(|(i, _)| *i);

        let mut again: Vec<(usize, Duration, GraphResponse)> = Vec::new();
        let mut waiting_on_again: Vec<usize> = Vec::new();
        for (i, answer) in answered_steps {
            let Ok(response) = answer else {
                outcomes[i] = Some(answer);
                continue;
            };
            let replay = steps[i]
                .request
                .as_ref()
                .map_or(Replay::OnlyUnprocessed, |r| r.operation().replay);
            if is_retryable(Outcome::Status(response.status), replay) {
                let retry_after = response
                    .headers
                    .get(http::header::RETRY_AFTER)
                    .and_then(|v| v.to_str().ok())
                    .and_then(crate::retry_after::parse);
                let t = track[i];
                if let Some(wait) =
                    next_wait(&policy, t.retries + 1, retry_after, t.waited, jitter())
                {
                    again.push((i, wait, response));
                    continue;
                }
            }
            let failed_for_one_sent_again = response.status == 424
                && dependency_in_round(i).is_some_and(|d| {
                    again.iter().any(|(a, ..)| *a == d) || waiting_on_again.contains(&d)
                });
            if failed_for_one_sent_again {
                // Graph did not run it because its dependency was throttled: it goes
                // again with it, and this is not one of its retries.
                waiting_on_again.push(i);
                continue;
            }
            outcomes[i] = Some(Ok(response));
        }
        // One wait for all steps sent again: the longest any of them asked for.
        let wait = again.iter().map(|(_, w, _)| *w).max().unwrap_or_default();
        let resume = Instant::now() + wait;
        for (i, _, response) in again {
            let t = &mut track[i];
            if t.waited.saturating_add(wait) > policy.max_total_delay {
                outcomes[i] = Some(Ok(response));
                continue;
            }
            tracing::debug!(
                step = i + 1,
                status = response.status,
                wait_ms = wait.as_millis() as u64,
                "batch step sent again"
            );
            t.retries += 1;
            t.waited += wait;
            t.not_before = Some(resume);
        }
    }
    Ok(outcomes
        .into_iter()
        .map(|o| o.unwrap_or_else(|| Err(Error::builder("the step was not sent"))))
        .collect())
}

fn version_of(steps: &[Entry], i: usize) -> Option<ApiVersion> {
    steps[i].request.as_ref().ok().map(GraphRequest::version)
}

/// Gives a step whose dependency failed (or could not be sent) its 424, without sending
/// it. Steps come in order and depend only on earlier ones, so one pass settles chains.
fn settle_failed_dependencies(
    steps: &[Entry],
    outcomes: &mut [Option<Result<GraphResponse, Error>>],
) {
    for i in 0..steps.len() {
        if outcomes[i].is_some() {
            continue;
        }
        let (Some(d), Ok(request)) = (steps[i].after, &steps[i].request) else {
            continue;
        };
        let Some(dependency) = &outcomes[d] else {
            continue;
        };
        if succeeded(dependency) {
            continue;
        }
        let why = match dependency {
            Ok(r) => format!("it answered {}", r.status),
            Err(e) => format!("it failed: {e}"),
        };
        let detail = format!(
            "{} was not sent: the step it depends on, step {}, did not succeed ({why})",
            describe(i, request),
            d + 1,
        );
        outcomes[i] = Some(Err(Error::failed_dependency(detail)));
    }
}

/// The batch request for the steps of `chunk`.
fn batch_request(
    steps: &[Entry],
    chunk: &plan::Chunk,
    dependency_in_round: &dyn Fn(usize) -> Option<usize>,
) -> GraphRequest {
    let requests: Vec<&GraphRequest> = chunk
        .steps
        .iter()
        .filter_map(|&i| steps[i].request.as_ref().ok())
        .collect();
    let targets: Vec<String> = requests.iter().map(|r| r.target()).collect();
    let wire_steps: Vec<wire::WireStep<'_>> = chunk
        .steps
        .iter()
        .zip(&requests)
        .zip(&targets)
        .map(|((&i, request), target)| {
            let mut headers: Vec<(&str, &str)> = request
                .headers()
                .iter()
                // Checked to be text when the step was added.
                .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?)))
                .collect();
            let body = request.body().map(|b| &b[..]);
            if body.is_some() && !request.headers().contains_key(http::header::CONTENT_TYPE) {
                // Graph requires it on a step with a body.
                headers.push(("Content-Type", "application/json"));
            }
            wire::WireStep {
                id: i + 1,
                method: request.method().as_str(),
                url: target,
                headers,
                depends_on: dependency_in_round(i)
                    .filter(|d| chunk.steps.contains(d))
                    .map(|d| d + 1),
                body,
            }
        })
        .collect();
    let safe = requests
        .iter()
        .all(|r| r.operation().replay == Replay::Safe);
    let timeout = requests.iter().filter_map(|r| r.timeout()).max();
    let mut request = GraphRequest::new(batch_operation(chunk.version, safe), "/$batch")
        .with_body(wire::encode(&wire_steps));
    if let Some(timeout) = timeout {
        request = request.with_timeout(timeout);
    }
    request
}

/// Each step of `chunk` with its part of `answer`.
fn distribute(
    steps: &[Entry],
    chunk: &plan::Chunk,
    answer: Result<GraphResponse, Error>,
    out: &mut Vec<(usize, Result<GraphResponse, Error>)>,
) {
    let response = match answer {
        Err(e) => {
            let e = Arc::new(e);
            out.extend(chunk.steps.iter().map(|&i| (i, Err(Error::shared(&e)))));
            return;
        }
        Ok(response) => response,
    };
    if !(200..300).contains(&response.status) {
        // The batch request itself was refused: each step gets that answer, which its
        // decoder turns into the same Error.
        out.extend(chunk.steps.iter().map(|&i| (i, Ok(response.clone()))));
        return;
    }
    let mut answers = match wire::decode(&response.body) {
        Ok(answers) => answers,
        Err(e) => {
            let detail =
                format!("the answer to the batch request is not Graph's batch response: {e}");
            out.extend(
                chunk
                    .steps
                    .iter()
                    .map(|&i| (i, Err(Error::batch_answer(&response, detail.clone(), true)))),
            );
            return;
        }
    };
    for &i in &chunk.steps {
        let answer = match answers.remove(&(i + 1).to_string()) {
            Some(step) => Ok(step),
            None => {
                let what = steps[i]
                    .request
                    .as_ref()
                    .map(|r| describe(i, r))
                    .unwrap_or_else(|_| format!("step {}", i + 1));
                Err(Error::batch_answer(
                    &response,
                    format!("the batch response has no answer for {what}"),
                    false,
                ))
            }
        };
        out.push((i, answer));
    }
}
