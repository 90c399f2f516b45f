//! JSON batching against wiremock: typed steps, a Graph error per step, splitting past 20,
//! throttled steps sent again, dependsOn and 424, mixed versions, failures of the batch
//! request itself.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use http::{HeaderName, HeaderValue, Method};
use msgraph_typed::{
    ApiVersion, Decoder, Error, GraphCall, GraphClient, GraphRequest, GraphResponse, Operation,
    Replay,
};
use serde::Deserialize;
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

// ---- calls of our own, as the call surface builds them --------------------------------

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    #[serde(rename = "displayName")]
    display_name: Option<String>,
}

static GET_USER: Operation = Operation::new(
    "user: get",
    Method::GET,
    ApiVersion::V1,
    "/users/{id}",
    Replay::Safe,
);
static GET_USER_BETA: Operation = Operation::new(
    "user: get",
    Method::GET,
    ApiVersion::Beta,
    "/users/{id}",
    Replay::Safe,
);
static UPDATE_USER: Operation = Operation::new(
    "user: update",
    Method::PATCH,
    ApiVersion::V1,
    "/users/{id}",
    Replay::OnlyUnprocessed,
);

fn decode_user(_: &'static Operation, response: GraphResponse) -> Result<User, Error> {
    response.error_for_status()?.json()
}

fn decode_none(_: &'static Operation, response: GraphResponse) -> Result<(), Error> {
    response.error_for_status().map(|_| ())
}

/// `GET /users/{id}?$select=id,displayName`.
struct GetUser {
    id: &'static str,
    version: ApiVersion,
    header: Option<(&'static str, &'static str)>,
}

fn get_user(id: &'static str) -> GetUser {
    GetUser {
        id,
        version: ApiVersion::V1,
        header: None,
    }
}

/// [`get_user`] under beta.
fn get_beta_user(id: &'static str) -> GetUser {
    GetUser {
        version: ApiVersion::Beta,
        ..get_user(id)
    }
}

impl GraphCall for GetUser {
    type Output = User;
    fn into_parts(self) -> Result<(GraphRequest, Decoder<User>), Error> {
        let op = match self.version {
            ApiVersion::Beta => &GET_USER_BETA,
            _ => &GET_USER,
        };
        let mut request = GraphRequest::new(op, format!("/users/{}", self.id))
            .with_query("$select", "id,displayName");
        if let Some((name, value)) = self.header {
            request = request.with_header(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        Ok((request, decode_user))
    }
}

/// `PATCH /users/{id}` with a body: a state change.
struct UpdateUser(&'static str, Value);

impl GraphCall for UpdateUser {
    type Output = ();
    fn into_parts(self) -> Result<(GraphRequest, Decoder<()>), Error> {
        let request =
            GraphRequest::new(&UPDATE_USER, format!("/users/{}", self.0)).json(&self.1)?;
        Ok((request, decode_none))
    }
}

/// A call whose body does not serialize (a map with keys that are not strings).
struct Broken;

impl GraphCall for Broken {
    type Output = ();
    fn into_parts(self) -> Result<(GraphRequest, Decoder<()>), Error> {
        let body: std::collections::HashMap<(u8, u8), u8> = [((1, 2), 3)].into();
        let request = GraphRequest::new(&UPDATE_USER, "/users/a").json(&body)?;
        Ok((request, decode_none))
    }
}

/// A call at a path with an empty key, as `by_id("")` would make.
struct EmptyKey;

impl GraphCall for EmptyKey {
    type Output = User;
    fn into_parts(self) -> Result<(GraphRequest, Decoder<User>), Error> {
        Ok((GraphRequest::new(&GET_USER, "/users/"), decode_user))
    }
}

// ---- a $batch server made of a function from step to answer ---------------------------

/// Answers each step of a batch request with `answer(step)`, listing the answers in
/// reverse order (Graph may list them in any order), and records the requests' steps.
#[derive(Clone)]
struct Steps {
    answer: Arc<dyn Fn(&Value) -> Value + Send + Sync>,
    seen: Arc<Mutex<Vec<Vec<Value>>>>,
}

impl Steps {
    fn new(answer: impl Fn(&Value) -> Value + Send + Sync + 'static) -> Self {
        Self {
            answer: Arc::new(answer),
            seen: Arc::default(),
        }
    }
    /// The steps of every batch request received, in order.
    fn requests(&self) -> Vec<Vec<Value>> {
        self.seen.lock().unwrap().clone()
    }
    fn ids(&self) -> Vec<Vec<String>> {
        self.requests()
            .iter()
            .map(|r| {
                r.iter()
                    .map(|s| s["id"].as_str().unwrap().to_owned())
                    .collect()
            })
            .collect()
    }
}

impl Respond for Steps {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let body: Value = serde_json::from_slice(&request.body).expect("a batch body is JSON");
        let steps = body["requests"].as_array().expect("requests").clone();
        assert!(steps.len() <= 20, "Graph takes at most 20 steps");
        let mut answers: Vec<Value> = steps
            .iter()
            .map(|s| {
                let mut a = (self.answer)(s);
                a["id"] = s["id"].clone();
                a
            })
            .collect();
        answers.reverse();
        self.seen.lock().unwrap().push(steps);
        ResponseTemplate::new(200)
            .insert_header("request-id", "batch-rid")
            .set_body_json(json!({ "responses": answers }))
    }
}

fn user_answer(step: &Value) -> Value {
    let url = step["url"].as_str().unwrap();
    let id = url.trim_start_matches("/users/").split('?').next().unwrap();
    json!({"status": 200, "headers": {"Content-Type": "application/json"},
           "body": {"id": id, "displayName": format!("User {id}")}})
}

async fn server_with(version: &str, steps: &Steps) -> MockServer {
    let server = MockServer::start().await;
    also_serve(&server, version, steps).await;
    server
}

/// Makes `server` answer `POST /{version}/$batch` too, with `steps`.
async fn also_serve(server: &MockServer, version: &str, steps: &Steps) {
    Mock::given(method("POST"))
        .and(path(format!("/{version}/$batch")))
        .respond_with(steps.clone())
        .mount(server)
        .await;
}

// ---- tests -----------------------------------------------------------------------------

#[tokio::test]
async fn typed_steps_decode_as_their_calls_would_alone_whatever_the_order_of_the_answers() {
    let steps = Steps::new(user_answer);
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());

    let mut batch = client.batch();
    let alice = batch.add(get_user("alice"));
    let bob = batch.add(GetUser {
        header: Some(("consistencylevel", "eventual")),
        ..get_user("bob")
    });
    let mut done = batch.send().await.unwrap();

    assert_eq!(
        done.take(bob).unwrap().display_name.as_deref(),
        Some("User bob")
    );
    assert_eq!(
        done.take(alice).unwrap(),
        User {
            id: "alice".into(),
            display_name: Some("User alice".into())
        }
    );
    let sent = steps.requests();
    assert_eq!(sent.len(), 1, "one batch request");
    assert_eq!(
        sent[0][0],
        json!({"id": "1", "method": "GET", "url": "/users/alice?$select=id,displayName"})
    );
    assert_eq!(sent[0][1]["url"], "/users/bob?$select=id,displayName");
    assert_eq!(
        sent[0][1]["headers"],
        json!({"consistencylevel": "eventual"})
    );
}

#[tokio::test]
async fn a_step_graph_refuses_gives_the_error_the_call_alone_would() {
    let error_body = json!({"error": {"code": "Request_ResourceNotFound",
        "message": "Resource 'ghost' does not exist.",
        "innerError": {"date": "2026-12-01T13:00:00", "request-id": "inner-rid"}}});
    let body = error_body.clone();
    let steps = Steps::new(move |step| {
        if step["url"].as_str().unwrap().starts_with("/users/ghost") {
            json!({"status": 404, "headers": {"Content-Type": "application/json",
                   "request-id": "step-rid-404"}, "body": body})
        } else {
            user_answer(step)
        }
    });
    let server = server_with("v1.0", &steps).await;
    // The same answer to the call sent alone.
    Mock::given(method("GET"))
        .and(path("/v1.0/users/ghost"))
        .respond_with(
            ResponseTemplate::new(404)
                .insert_header("request-id", "step-rid-404")
                .set_body_json(&error_body),
        )
        .mount(&server)
        .await;
    let client = support::client(&server.uri());

    let mut batch = client.batch();
    let ghost = batch.add(get_user("ghost"));
    let alice = batch.add(get_user("alice"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.status(&ghost), Some(404));
    let in_batch = done.take(ghost).unwrap_err();
    assert!(done.take(alice).is_ok(), "the other step is unaffected");

    let (request, decode) = get_user("ghost").into_parts().unwrap();
    let alone = decode(request.operation(), client.execute(request).await.unwrap()).unwrap_err();
    assert_eq!(in_batch.status(), Some(404));
    assert_eq!(in_batch.code(), Some("Request_ResourceNotFound"));
    assert_eq!(in_batch.message(), "Resource 'ghost' does not exist.");
    assert_eq!(in_batch.request_id(), Some("step-rid-404"));
    assert_eq!(in_batch.to_string(), alone.to_string());
    assert_eq!(in_batch.graph_error(), alone.graph_error());
    assert_eq!(in_batch.is_status(), alone.is_status());
}

#[tokio::test]
async fn more_than_twenty_steps_are_split_into_requests_of_twenty_sent_in_order() {
    let steps = Steps::new(user_answer);
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());

    let mut batch = client.batch();
    let ids: Vec<String> = (0..45).map(|i| format!("u{i}")).collect();
    let handles: Vec<_> = ids
        .iter()
        .map(|id| batch.add(get_user(Box::leak(id.clone().into_boxed_str()))))
        .collect();
    assert_eq!(batch.len(), 45);
    let mut done = batch.send().await.unwrap();
    for (handle, id) in handles.into_iter().zip(&ids) {
        assert_eq!(&done.take(handle).unwrap().id, id);
    }
    let sent = steps.ids();
    let sizes: Vec<usize> = sent.iter().map(Vec::len).collect();
    assert_eq!(sizes, [20, 20, 5]);
    let all: Vec<String> = sent.concat();
    let expected: Vec<String> = (1..=45).map(|i| i.to_string()).collect();
    assert_eq!(all, expected, "in the order added, each id once");
}

/// Counts the batch requests in flight at once.
struct Counting<C> {
    inner: C,
    now: AtomicUsize,
    peak: AtomicUsize,
}

#[async_trait]
impl<C: GraphClient> GraphClient for Counting<C> {
    async fn execute(&self, request: GraphRequest) -> Result<GraphResponse, Error> {
        let n = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(n, Ordering::SeqCst);
        // Long enough for the others to start, if they may.
        tokio::time::sleep(Duration::from_millis(50)).await;
        let response = self.inner.execute(request).await;
        self.now.fetch_sub(1, Ordering::SeqCst);
        response
    }
}

#[tokio::test]
async fn split_requests_go_out_together_up_to_the_concurrency_the_batch_sets() {
    let steps = Steps::new(user_answer);
    let server = server_with("v1.0", &steps).await;
    for (concurrency, peak) in [(None, 1), (Some(2), 2), (Some(8), 4)] {
        let client = Counting {
            inner: support::client(&server.uri()),
            now: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        };
        let mut batch = client.batch();
        if let Some(c) = concurrency {
            batch = batch.concurrency(c);
        }
        let handles: Vec<_> = (0..70).map(|_| batch.add(get_user("x"))).collect();
        let mut done = batch.send().await.unwrap();
        for h in handles {
            done.take(h).unwrap();
        }
        assert_eq!(client.peak.load(Ordering::SeqCst), peak, "{concurrency:?}");
    }
}

#[tokio::test]
async fn a_throttled_step_is_sent_again_alone_after_its_retry_after() {
    let throttled = Arc::new(AtomicUsize::new(0));
    let count = throttled.clone();
    let steps = Steps::new(move |step| {
        if step["url"].as_str().unwrap().starts_with("/users/busy")
            && count.fetch_add(1, Ordering::SeqCst) == 0
        {
            json!({"status": 429, "headers": {"Retry-After": "0.05",
                   "Content-Type": "application/json"},
                   "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}})
        } else {
            user_answer(step)
        }
    });
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());

    let mut batch = client.batch();
    let a = batch.add(get_user("a"));
    let busy = batch.add(get_user("busy"));
    let c = batch.add(get_user("c"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.take(busy).unwrap().id, "busy");
    assert_eq!(done.take(a).unwrap().id, "a");
    assert_eq!(done.take(c).unwrap().id, "c");
    assert_eq!(steps.ids(), [vec!["1", "2", "3"], vec!["2"]]);
}

#[tokio::test]
async fn a_step_throttled_past_max_retries_gives_its_429_with_its_retry_after() {
    let steps = Steps::new(|_| {
        json!({"status": 429, "headers": {"Retry-After": "0", "Content-Type": "application/json"},
               "body": {"error": {"code": "TooManyRequests", "message": "slow down"}}})
    });
    let server = server_with("v1.0", &steps).await;
    let client = support::builder(&server.uri())
        .max_retries(2)
        .build()
        .unwrap();
    let mut batch = client.batch();
    let step = batch.add(get_user("a"));
    let mut done = batch.send().await.unwrap();
    let e = done.take(step).unwrap_err();
    assert!(e.is_throttled(), "{e}");
    assert_eq!(e.code(), Some("TooManyRequests"));
    assert_eq!(e.retry_after(), Some(Duration::ZERO));
    assert_eq!(steps.requests().len(), 3, "the first send and two retries");
}

#[tokio::test]
async fn a_step_asking_to_wait_longer_than_one_wait_may_be_is_not_sent_again() {
    let steps = Steps::new(|_| json!({"status": 503, "headers": {"Retry-After": "3600"}}));
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let step = batch.add(get_user("a"));
    let e = batch.send().await.unwrap().take(step).unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert_eq!(e.retry_after(), Some(Duration::from_secs(3600)));
    assert_eq!(steps.requests().len(), 1);
}

#[tokio::test]
async fn a_state_change_is_sent_again_after_a_429_but_not_after_a_504() {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let log = seen.clone();
    let steps = Steps::new(move |step| {
        let url = step["url"].as_str().unwrap().to_owned();
        let method = step["method"].as_str().unwrap().to_owned();
        let mut log = log.lock().unwrap();
        log.push(format!("{method} {url}"));
        let first = log
            .iter()
            .filter(|s| **s == format!("{method} {url}"))
            .count()
            == 1;
        match (method.as_str(), url.as_str()) {
            ("PATCH", "/users/throttled") if first => {
                json!({"status": 429, "headers": {"Retry-After": "0"}})
            }
            (_, "/users/timeout") | (_, "/users/timeout?$select=id,displayName") if first => {
                json!({"status": 504})
            }
            ("PATCH", _) => json!({"status": 204}),
            _ => user_answer(step),
        }
    });
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let throttled = batch.add(UpdateUser("throttled", json!({"jobTitle": "Lead"})));
    let change = batch.add(UpdateUser("timeout", json!({"jobTitle": "Lead"})));
    let read = batch.add(get_user("timeout"));
    let mut done = batch.send().await.unwrap();
    assert!(done.take(throttled).is_ok(), "429: Graph did not run it");
    assert_eq!(
        done.take(change).unwrap_err().status(),
        Some(504),
        "never twice"
    );
    assert!(done.take(read).is_ok(), "a read is replay-safe");
    let sent = seen.lock().unwrap().clone();
    assert_eq!(
        sent.iter().filter(|s| *s == "PATCH /users/timeout").count(),
        1,
        "{sent:?}"
    );
    // The step with a body carries its Content-Type, as Graph requires.
    assert_eq!(
        steps.requests()[0][0]["headers"]["Content-Type"],
        "application/json"
    );
    assert_eq!(steps.requests()[0][0]["body"], json!({"jobTitle": "Lead"}));
}

#[tokio::test]
async fn add_after_sets_depends_on_and_a_step_whose_dependency_failed_gives_424() {
    let steps = Steps::new(|step| {
        let url = step["url"].as_str().unwrap();
        if url.starts_with("/users/ghost") {
            return json!({"status": 404, "body": {"error": {"code": "Request_ResourceNotFound", "message": "no"}}});
        }
        if step["dependsOn"] == json!(["1"]) {
            return json!({"status": 424, "body": {"error": {"code": "FailedDependency",
                "message": "Dependent request failed"}}});
        }
        user_answer(step)
    });
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let ghost = batch.add(get_user("ghost"));
    let after_ghost = batch.add_after(&ghost, get_user("a"));
    let fine = batch.add(get_user("b"));
    let after_fine = batch.add_after(&fine, get_user("c"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.take(ghost).unwrap_err().status(), Some(404));
    let e = done.take(after_ghost).unwrap_err();
    assert_eq!(e.status(), Some(424));
    assert_eq!(e.code(), Some("FailedDependency"));
    assert_eq!(done.take(fine).unwrap().id, "b");
    assert_eq!(done.take(after_fine).unwrap().id, "c");
    let sent = &steps.requests()[0];
    assert_eq!(sent[1]["dependsOn"], json!(["1"]));
    assert_eq!(sent[3]["dependsOn"], json!(["3"]));
    assert!(sent[0].get("dependsOn").is_none());
}

#[tokio::test]
async fn a_dependent_of_a_throttled_step_goes_again_with_it() {
    let first = Arc::new(AtomicUsize::new(0));
    let count = first.clone();
    let steps = Steps::new(move |step| {
        if step["url"].as_str().unwrap().starts_with("/users/busy")
            && count.fetch_add(1, Ordering::SeqCst) == 0
        {
            return json!({"status": 429, "headers": {"Retry-After": "0"}});
        }
        if step.get("dependsOn").is_some() && count.load(Ordering::SeqCst) == 1 {
            return json!({"status": 424});
        }
        user_answer(step)
    });
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let busy = batch.add(get_user("busy"));
    let after = batch.add_after(&busy, get_user("next"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.take(busy).unwrap().id, "busy");
    assert_eq!(done.take(after).unwrap().id, "next");
    let sent = steps.requests();
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1].len(), 2, "both again, in one request");
    assert_eq!(sent[1][1]["dependsOn"], json!(["1"]));
}

#[tokio::test]
async fn a_chain_longer_than_twenty_is_cut_and_its_rest_sent_after_its_dependency_answered() {
    let steps = Steps::new(user_answer);
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let mut last = batch.add(get_user("u0"));
    let mut all = Vec::new();
    for _ in 1..25 {
        let next = batch.add_after(&last, get_user("u"));
        all.push(last);
        last = next;
    }
    all.push(last);
    let mut done = batch.send().await.unwrap();
    for step in all {
        done.take(step).unwrap();
    }
    let sent = steps.requests();
    assert_eq!(sent.iter().map(Vec::len).collect::<Vec<_>>(), [20, 5]);
    assert!(
        sent[1][0].get("dependsOn").is_none(),
        "its dependency answered in the request before"
    );
    assert_eq!(sent[1][1]["dependsOn"], json!(["21"]));
}

#[tokio::test]
async fn steps_of_two_versions_go_to_their_own_batch_endpoints() {
    let v1 = Steps::new(user_answer);
    let beta = Steps::new(user_answer);
    let server = server_with("v1.0", &v1).await;
    also_serve(&server, "beta", &beta).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let a = batch.add(get_user("a"));
    let b = batch.add(get_beta_user("b"));
    // Depends on a step of another version: sent once that one has answered.
    let c = batch.add_after(&a, get_beta_user("c"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.take(a).unwrap().id, "a");
    assert_eq!(done.take(b).unwrap().id, "b");
    assert_eq!(done.take(c).unwrap().id, "c");
    assert_eq!(v1.ids(), [vec!["1"]]);
    assert_eq!(beta.ids(), [vec!["2"], vec!["3"]]);
    assert!(beta.requests()[1][0].get("dependsOn").is_none());
}

#[tokio::test]
async fn a_step_depending_on_a_failed_step_of_another_version_gets_424_unsent() {
    let v1 = Steps::new(
        |_| json!({"status": 403, "body": {"error": {"code": "Authorization_RequestDenied", "message": "no"}}}),
    );
    let beta = Steps::new(user_answer);
    let server = server_with("v1.0", &v1).await;
    also_serve(&server, "beta", &beta).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let a = batch.add(get_user("a"));
    let c = batch.add_after(&a, get_beta_user("c"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.take(a).unwrap_err().status(), Some(403));
    let e = done.take(c).unwrap_err();
    assert_eq!(e.status(), Some(424));
    assert!(e.message().contains("step 1"), "{e}");
    assert!(beta.requests().is_empty(), "never sent");
}

#[tokio::test]
async fn a_step_missing_from_the_answer_is_an_error_naming_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/$batch"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"responses": [
                {"id": "1", "status": 200, "body": {"id": "a"}}
            ]})),
        )
        .mount(&server)
        .await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let a = batch.add(get_user("a"));
    let b = batch.add(get_user("b"));
    let mut done = batch.send().await.unwrap();
    assert_eq!(done.take(a).unwrap().id, "a");
    let e = done.take(b).unwrap_err();
    assert!(e.is_decode(), "{e}");
    let text = e.to_string();
    assert!(text.contains("step 2 (user: get GET /users/b)"), "{text}");
}

#[tokio::test]
async fn a_refused_batch_request_gives_each_of_its_steps_that_error_and_the_others_their_answers() {
    let v1 = Steps::new(user_answer);
    let server = server_with("v1.0", &v1).await;
    Mock::given(method("POST"))
        .and(path("/beta/$batch"))
        .respond_with(
            ResponseTemplate::new(400)
                .insert_header("request-id", "rid-400")
                .set_body_json(
                    json!({"error": {"code": "BadRequest", "message": "Invalid batch payload."}}),
                ),
        )
        .mount(&server)
        .await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let a = batch.add(get_user("a"));
    let b = batch.add(get_beta_user("b"));
    let mut done = batch.send().await.unwrap();
    assert!(done.take(a).is_ok());
    let e = done.take(b).unwrap_err();
    assert_eq!(
        (e.status(), e.code(), e.request_id()),
        (Some(400), Some("BadRequest"), Some("rid-400"))
    );
}

#[tokio::test]
async fn send_fails_only_when_no_batch_request_could_be_sent() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = support::client(&format!("http://127.0.0.1:{port}"));
    let mut batch = client.batch();
    let _a = batch.add(get_user("a"));
    let e = batch.send().await.unwrap_err();
    assert!(e.is_connect(), "{e}");

    // An answer that is not a batch response still counts as sent: each step says so.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_string("<html>proxy</html>"))
        .mount(&server)
        .await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let a = batch.add(get_user("a"));
    let e = batch.send().await.unwrap().take(a).unwrap_err();
    assert!(
        e.is_decode() && e.message().contains("not Graph's batch response"),
        "{e}"
    );
    assert_eq!(e.body_snippet(), Some("<html>proxy</html>"));
}

#[tokio::test]
async fn a_step_that_cannot_be_built_gives_its_error_and_is_not_sent() {
    let steps = Steps::new(user_answer);
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let broken = batch.add(Broken);
    let after_broken = batch.add_after(&broken, get_user("b"));
    let empty = batch.add(EmptyKey);
    let a = batch.add(get_user("a"));
    let mut done = batch.send().await.unwrap();
    assert!(done.take(broken).unwrap_err().is_encode());
    assert_eq!(done.take(after_broken).unwrap_err().status(), Some(424));
    let e = done.take(empty).unwrap_err();
    assert!(e.is_builder() && e.to_string().contains("user: get"), "{e}");
    assert!(done.take(a).is_ok());
    assert_eq!(steps.ids(), [vec!["4"]]);
}

#[tokio::test]
async fn an_empty_batch_sends_nothing() {
    let server = MockServer::start().await;
    let client = support::client(&server.uri());
    let done = client.batch().send().await.unwrap();
    assert!(done.is_empty());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_step_is_taken_only_from_its_own_batch() {
    let steps = Steps::new(user_answer);
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut first = client.batch();
    let mine = first.add(get_user("a"));
    let mut second = client.batch();
    let other = second.add(get_user("b"));
    let foreign = second.add_after(&mine, get_user("c"));
    let mut first = first.send().await.unwrap();
    let mut second = second.send().await.unwrap();
    assert!(second.take(foreign).unwrap_err().is_builder());
    assert!(first.take(other).unwrap_err().is_builder());
    assert!(first.take(mine).is_ok());
}

#[tokio::test]
async fn a_step_body_never_shows_in_debug_and_the_batch_goes_to_the_client_s_own_host() {
    let steps = Steps::new(|_| json!({"status": 204}));
    let server = server_with("v1.0", &steps).await;
    let client = support::client(&server.uri());
    let mut batch = client.batch();
    let step = batch.add(UpdateUser(
        "a",
        json!({"passwordProfile": {"password": support::NEW_PASSWORD}}),
    ));
    let debug = format!("{batch:?} {step:?}");
    assert!(!debug.contains(support::NEW_PASSWORD), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
    let done = batch.send().await.unwrap();
    assert!(!format!("{done:?}").contains(support::NEW_PASSWORD));
    let received = server.received_requests().await.unwrap();
    assert_eq!(
        received[0].headers["authorization"],
        format!("Bearer {}", support::TOKEN)
    );
}
