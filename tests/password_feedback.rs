//! `PasswordFeedback`'s rules, each proved on tokio's paused clock (no real sleeps), with the
//! calls counted on the simulated Graph's journal.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use msgraph_typed::mock::{Fault, RecordedBody, SimulatedGraph};
use msgraph_typed::{
    Error, FeedbackState, GraphClient, GraphRequest, GraphResponse, PasswordFeedback,
    PasswordFeedbackBuilder,
};
use tokio::time::{sleep, Instant};

const WEAK: &str = "weakling";
const STRONG: &str = "Str0ng-Passw0rd!";

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// The passwords `validatePassword` was called with, oldest first.
fn validated(graph: &SimulatedGraph) -> Vec<String> {
    graph
        .journal()
        .iter()
        .filter_map(|e| match &e.body {
            RecordedBody::ValidatePassword(r) => Some(r.password.expose_secret().to_owned()),
            _ => None,
        })
        .collect()
}

/// A feedback on the built-in tenant, as its password administrator, worker running.
fn start(builder: PasswordFeedbackBuilder) -> (SimulatedGraph, PasswordFeedback) {
    let graph = SimulatedGraph::contoso();
    let (feedback, worker) = builder.build(graph.client_as("admin-token"));
    tokio::spawn(worker.run());
    (graph, feedback)
}

/// Types `text` one character more at a time, `gap` apart.
async fn type_out(feedback: &PasswordFeedback, text: &str, gap: Duration) -> u64 {
    let mut revision = 0;
    for end in text.char_indices().map(|(i, c)| i + c.len_utf8()) {
        revision = feedback.set_input(&text[..end]);
        sleep(gap).await;
    }
    revision
}

fn checked(state: &FeedbackState) -> Option<(u64, bool)> {
    match state {
        FeedbackState::Checked { revision, info } => Some((*revision, info.is_valid)),
        _ => None,
    }
}

#[tokio::test(start_paused = true)]
async fn typing_faster_than_the_delay_makes_one_call_once_the_input_is_still() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    let last = type_out(&feedback, STRONG, ms(100)).await; // 100 ms after the last key
    assert_eq!(last, STRONG.len() as u64);
    assert!(validated(&graph).is_empty());
    assert!(matches!(feedback.state(), FeedbackState::Checking { revision } if revision == last));

    sleep(ms(190)).await; // 290 ms still
    assert!(validated(&graph).is_empty());
    sleep(ms(20)).await; // 310 ms still
    assert_eq!(validated(&graph), [STRONG]);
    assert_eq!(checked(&feedback.state()), Some((last, true)));
}

#[tokio::test(start_paused = true)]
async fn the_delay_is_settable() {
    let (graph, feedback) = start(PasswordFeedback::builder().delay(Duration::from_secs(2)));
    feedback.set_input(WEAK);
    sleep(ms(1990)).await;
    assert!(validated(&graph).is_empty());
    sleep(ms(20)).await;
    assert_eq!(validated(&graph), [WEAK]);
    assert_eq!(checked(&feedback.state()), Some((1, false)));
}

#[tokio::test(start_paused = true)]
async fn a_pause_shorter_than_the_delay_makes_no_call() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    type_out(&feedback, "abc", ms(250)).await;
    type_out(&feedback, "abcdef", ms(250)).await;
    assert_eq!(validated(&graph), Vec::<String>::new());
    sleep(ms(100)).await;
    assert_eq!(validated(&graph), ["abcdef"]);
}

/// Counts calls in flight and finished; each call waits for its scripted delay (after the
/// tenant has journaled it), so answers can come back in any order.
struct Scripted {
    inner: msgraph_typed::mock::SimulatedClient,
    delays: Mutex<VecDeque<Duration>>,
    in_flight: AtomicUsize,
    most_in_flight: AtomicUsize,
    finished: AtomicUsize,
}

struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

#[async_trait]
impl GraphClient for Scripted {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.most_in_flight.fetch_max(now, Ordering::SeqCst);
        let _guard = InFlight(&self.in_flight);
        let delay = self.delays.lock().unwrap().pop_front().unwrap_or_default();
        let answer = self.inner.execute(request).await;
        sleep(delay).await;
        self.finished.fetch_add(1, Ordering::SeqCst);
        answer
    }
}

fn scripted(delays: &[u64]) -> (SimulatedGraph, Arc<Scripted>) {
    let graph = SimulatedGraph::contoso();
    let client = Arc::new(Scripted {
        inner: graph.client_as("admin-token"),
        delays: Mutex::new(delays.iter().copied().map(ms).collect()),
        in_flight: AtomicUsize::new(0),
        most_in_flight: AtomicUsize::new(0),
        finished: AtomicUsize::new(0),
    });
    (graph, client)
}

#[tokio::test(start_paused = true)]
async fn never_more_than_one_call_is_in_flight_and_a_changed_input_cancels_the_call() {
    // Every call takes 1 s; the user pauses 400 ms (past the delay) between words.
    let (graph, client) = scripted(&[1000; 8]);
    let (feedback, worker) = PasswordFeedback::new(Arc::clone(&client));
    tokio::spawn(worker.run());
    for word in [
        "correct",
        "correct-horse",
        "correct-horse-battery",
        "correct-Horse-8",
    ] {
        feedback.set_input(word);
        sleep(ms(400)).await;
    }
    sleep(ms(2000)).await;

    assert_eq!(client.most_in_flight.load(Ordering::SeqCst), 1);
    // Each of the first three calls was started, then dropped when the input changed.
    assert_eq!(validated(&graph).len(), 4);
    assert_eq!(client.finished.load(Ordering::SeqCst), 1);
    assert_eq!(checked(&feedback.state()), Some((4, true)));
}

#[tokio::test(start_paused = true)]
async fn the_answer_of_an_input_that_changed_is_never_shown() {
    let graph = SimulatedGraph::contoso();
    graph.set_latency(Duration::from_secs(1));
    let (feedback, worker) = PasswordFeedback::new(graph.client_as("admin-token"));
    tokio::spawn(worker.run());
    let weak = feedback.set_input(WEAK);
    sleep(ms(500)).await; // the call for WEAK is in flight
    assert_eq!(validated(&graph), [WEAK]);
    let strong = feedback.set_input(STRONG);
    assert!(matches!(feedback.state(), FeedbackState::Checking { revision } if revision == strong));

    sleep(ms(1000)).await; // WEAK's answer would have come back by now
    assert!(matches!(feedback.state(), FeedbackState::Checking { revision } if revision == strong));
    let state = feedback.settled(strong).await;
    assert_eq!(checked(&state), Some((strong, true)));
    assert!(weak < strong);
    assert_eq!(validated(&graph), [WEAK, STRONG]);
}

#[tokio::test(start_paused = true)]
async fn an_older_answer_never_follows_a_newer_one() {
    // The first call is slow, the second fast: a client that let both run would show the
    // first answer last.
    let (graph, client) = scripted(&[3000, 10]);
    let (feedback, worker) = PasswordFeedback::new(Arc::clone(&client));
    tokio::spawn(worker.run());
    let mut states = feedback.subscribe();
    let seen = tokio::spawn(async move {
        let mut seen = Vec::new();
        while states.changed().await.is_ok() {
            if let Some(answer) = checked(&states.borrow_and_update()) {
                seen.push(answer);
            }
        }
        seen
    });
    feedback.set_input(WEAK);
    sleep(ms(400)).await;
    feedback.set_input(STRONG);
    sleep(ms(5000)).await;
    assert_eq!(checked(&feedback.state()), Some((2, true)));
    assert_eq!(validated(&graph), [WEAK, STRONG]);
    drop(feedback);
    assert_eq!(seen.await.unwrap(), [(2, true)]);
}

#[tokio::test(start_paused = true)]
async fn an_input_already_checked_is_answered_at_once_without_a_call() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    let first = feedback.set_input(STRONG);
    feedback.settled(first).await;
    let weak = feedback.set_input(WEAK);
    feedback.settled(weak).await;
    assert_eq!(validated(&graph), [STRONG, WEAK]);

    let again = feedback.set_input(STRONG);
    assert_eq!(checked(&feedback.state()), Some((again, true)));
    sleep(Duration::from_secs(5)).await;
    assert_eq!(validated(&graph), [STRONG, WEAK]);
}

#[tokio::test(start_paused = true)]
async fn the_cache_is_bounded_and_forgets_the_least_recently_used_first() {
    let (graph, feedback) = start(PasswordFeedback::builder().cache_size(2));
    for text in [
        "first-Passw0rd!",
        "second-Passw0rd!",
        "first-Passw0rd!",
        "third-Passw0rd!",
    ] {
        let revision = feedback.set_input(text);
        feedback.settled(revision).await;
    }
    // "second" was used least recently: it is called again, "first" is not.
    for text in ["first-Passw0rd!", "second-Passw0rd!"] {
        let revision = feedback.set_input(text);
        feedback.settled(revision).await;
    }
    let calls = validated(&graph);
    assert_eq!(
        calls,
        [
            "first-Passw0rd!",
            "second-Passw0rd!",
            "third-Passw0rd!",
            "second-Passw0rd!"
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn clear_forgets_the_input_and_the_cached_answers() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    let revision = feedback.set_input(STRONG);
    feedback.settled(revision).await;
    feedback.clear();
    assert!(matches!(feedback.state(), FeedbackState::NoInput));
    let revision = feedback.set_input(STRONG);
    assert!(matches!(feedback.state(), FeedbackState::Checking { .. }));
    feedback.settled(revision).await;
    assert_eq!(validated(&graph), [STRONG, STRONG]);
}

#[tokio::test(start_paused = true)]
async fn a_throttled_call_waits_for_retry_after_before_the_next() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    graph.inject(Fault::status(429).retry_after(Duration::from_secs(5)));
    let start = Instant::now();
    let first = feedback.set_input(WEAK);
    sleep(ms(310)).await;
    let FeedbackState::Throttled { revision, until } = feedback.state() else {
        panic!("not throttled: {:?}", feedback.state());
    };
    assert_eq!((revision, until - start), (first, ms(5300)));

    // Typing on during the wait makes no call before it ends.
    let second = feedback.set_input(STRONG);
    assert!(
        matches!(feedback.state(), FeedbackState::Throttled { revision, .. } if revision == second)
    );
    sleep(ms(4900)).await; // 5.21 s since the start
    assert_eq!(validated(&graph), [WEAK]);
    sleep(ms(100)).await; // 5.31 s
    assert_eq!(validated(&graph), [WEAK, STRONG]);
    assert_eq!(checked(&feedback.state()), Some((second, true)));
}

#[tokio::test(start_paused = true)]
async fn a_503_without_retry_after_backs_off_one_second_then_two() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    graph.inject(Fault::status(503).times(2));
    let revision = feedback.set_input(STRONG);
    sleep(ms(310)).await;
    assert_eq!(validated(&graph).len(), 1);
    sleep(ms(1000)).await; // 1.31 s
    assert_eq!(validated(&graph).len(), 2); // retried after 1 s
    sleep(ms(1900)).await; // 3.21 s: the next wait is 2 s, due at 3.3 s
    assert_eq!(validated(&graph).len(), 2);
    sleep(ms(200)).await;
    assert_eq!(validated(&graph).len(), 3);
    assert_eq!(checked(&feedback.state()), Some((revision, true)));
}

#[tokio::test(start_paused = true)]
async fn a_failed_call_shows_its_error_and_is_not_repeated_for_the_same_input() {
    // Alice is no password administrator: the tenant answers 403.
    let graph = SimulatedGraph::contoso();
    let (feedback, worker) = PasswordFeedback::new(graph.client_as("alice-token"));
    tokio::spawn(worker.run());
    let revision = feedback.set_input(STRONG);
    let state = feedback.settled(revision).await;
    let FeedbackState::Failed {
        revision: failed,
        error,
    } = &state
    else {
        panic!("{state:?}");
    };
    assert_eq!((*failed, error.status()), (revision, Some(403)));
    assert_eq!(error.code(), Some("Authorization_RequestDenied"));
    sleep(Duration::from_secs(60)).await;
    assert_eq!(validated(&graph).len(), 1);
    assert_eq!(feedback.set_input(STRONG), revision);
}

#[tokio::test(start_paused = true)]
async fn an_empty_input_shows_no_input_and_makes_no_call() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    assert!(matches!(feedback.state(), FeedbackState::NoInput));
    assert_eq!(feedback.set_input(""), 0);
    feedback.set_input("a");
    let emptied = feedback.set_input("");
    assert_eq!(emptied, 2);
    assert!(matches!(feedback.state(), FeedbackState::NoInput));
    assert!(feedback.settled(emptied).await.is_settled());
    sleep(Duration::from_secs(5)).await;
    assert!(validated(&graph).is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_same_text_again_keeps_its_revision_and_its_wait() {
    let (graph, feedback) = start(PasswordFeedback::builder());
    let revision = feedback.set_input(STRONG);
    sleep(ms(200)).await;
    assert_eq!(feedback.set_input(STRONG), revision);
    sleep(ms(110)).await; // 310 ms after the text was first set
    assert_eq!(validated(&graph), [STRONG]);
}

#[tokio::test(start_paused = true)]
async fn the_worker_stops_once_every_handle_is_dropped() {
    let graph = SimulatedGraph::contoso();
    let (feedback, worker) = PasswordFeedback::new(graph.client_as("admin-token"));
    let worker = tokio::spawn(worker.run());
    let other = feedback.clone();
    drop(feedback);
    sleep(ms(10)).await;
    assert!(!worker.is_finished());
    drop(other);
    tokio::time::timeout(ms(10), worker)
        .await
        .expect("the worker stopped")
        .unwrap();
}

#[tokio::test(start_paused = true)]
async fn the_password_never_shows_in_debug() {
    let (_graph, feedback) = start(PasswordFeedback::builder());
    let revision = feedback.set_input(STRONG);
    let before = format!("{feedback:?} {:?}", feedback.state());
    let after = format!("{:?}", feedback.settled(revision).await);
    let (_, worker) = PasswordFeedback::new(SimulatedGraph::contoso().client_as("admin-token"));
    let all = format!("{before} {after} {feedback:#?} {worker:?}");
    assert!(!all.contains(STRONG), "{all}");
    assert!(all.contains("Checked"), "{all}");
}
