//! JSON batching against the simulated Graph, in-process and over HTTP: the client's
//! batches are what the simulated `$batch` reads, and its answers are what the client
//! decodes.

use std::time::Duration;

use msgraph_typed::mock::SimulatedGraph;
use msgraph_typed::models::{PasswordValidationInformation, ValidatePasswordRequest};
use msgraph_typed::operations::VALIDATE_PASSWORD;
use msgraph_typed::{decode_json, Decoder, Error, GraphCall, GraphClient, GraphRequest};

struct Validate(&'static str);

impl GraphCall for Validate {
    type Output = PasswordValidationInformation;
    fn into_parts(self) -> Result<(GraphRequest, Decoder<Self::Output>), Error> {
        let request = GraphRequest::new(&VALIDATE_PASSWORD, VALIDATE_PASSWORD.path)
            .json(&ValidatePasswordRequest::new(self.0))?;
        Ok((request, decode_json::<PasswordValidationInformation>))
    }
}

async fn weak_and_strong(client: &dyn GraphClient) {
    let mut batch = client.batch();
    let weak = batch.add(Validate("1234"));
    let strong = batch.add(Validate("Blue-Harbor-42"));
    let mut done = batch.send().await.unwrap();
    assert!(!done.take(weak).unwrap().is_valid);
    assert!(done.take(strong).unwrap().is_valid);
}

#[tokio::test]
async fn steps_sent_in_process_are_answered_each_as_its_own_call() {
    let graph = SimulatedGraph::contoso();
    weak_and_strong(&graph.client_as("admin-token")).await;
    let steps: Vec<_> = graph
        .journal()
        .into_iter()
        .filter_map(|e| e.batch_step.map(|id| (id, e.status)))
        .collect();
    assert_eq!(steps, [("1".to_owned(), 200), ("2".to_owned(), 200)]);
}

#[tokio::test]
async fn steps_sent_over_http_are_answered_each_as_its_own_call() {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.unwrap();
    let client = msgraph_typed::ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("admin-token")
        .build()
        .unwrap();
    weak_and_strong(&client).await;
}

#[tokio::test]
async fn a_step_the_simulated_graph_throttles_is_sent_again_and_answered() {
    let graph = SimulatedGraph::contoso();
    graph.throttle_every(3, Duration::ZERO);
    let client = graph.client_as("admin-token");
    let mut batch = client.batch();
    let steps: Vec<_> = ["1234", "Blue-Harbor-42", "password1", "7 Quiet Otters Nap!"]
        .into_iter()
        .map(|p| batch.add(Validate(p)))
        .collect();
    let mut done = batch.send().await.unwrap();
    let valid: Vec<bool> = steps
        .into_iter()
        .map(|s| done.take(s).unwrap().is_valid)
        .collect();
    assert_eq!(valid, [false, true, false, true]);
    let journal = graph.journal();
    assert!(
        journal
            .iter()
            .any(|e| e.batch_step.is_some() && e.status == 429),
        "a step was throttled: {journal:?}"
    );
}

#[tokio::test]
async fn a_step_refused_by_the_simulated_graph_gives_graphs_error_for_that_step() {
    let graph = SimulatedGraph::contoso();
    // Alice has no admin role: validatePassword is 403 for her.
    let client = graph.client_as("alice-token");
    let mut batch = client.batch();
    let step = batch.add(Validate("Blue-Harbor-42"));
    let e = batch.send().await.unwrap().take(step).unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_eq!(e.code(), Some("Authorization_RequestDenied"));
}
