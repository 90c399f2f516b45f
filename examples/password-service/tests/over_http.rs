//! The service against the simulated Graph served over HTTP, through the real client.

use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::mock::{Fault, SimulatedGraph};
use msgraph_typed::ReqwestGraphClient;
use password_service::{ChangeError, PasswordAdvisor, PasswordService};

fn client(base: &str, token: &str) -> ReqwestGraphClient {
    ReqwestGraphClient::builder()
        .base_url(base)
        .bearer_token(token)
        .max_retries(2)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn a_change_over_http_updates_the_tenant() {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.unwrap();
    let service = PasswordService::new(Arc::new(client(&server.uri(), "alice-token")));
    service
        .change("Old-Passw0rd!", "New-Passw0rd!")
        .await
        .unwrap();
    assert!(graph.password_works("alice@contoso.com", "New-Passw0rd!"));
    let again = service.change("Old-Passw0rd!", "Newer-Passw0rd!").await;
    assert!(
        matches!(again, Err(ChangeError::Refused { .. })),
        "{again:?}"
    );
}

#[tokio::test]
async fn a_throttled_change_is_retried_by_the_client_and_succeeds_once() {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.unwrap();
    graph.inject(Fault::status(429).retry_after(Duration::ZERO));
    let service = PasswordService::new(Arc::new(client(&server.uri(), "alice-token")));
    service
        .change("Old-Passw0rd!", "New-Passw0rd!")
        .await
        .unwrap();
    let statuses: Vec<u16> = graph.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [429, 204]);
}

#[tokio::test]
async fn the_advisor_works_over_http_for_an_admin() {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.unwrap();
    let advisor = PasswordAdvisor::new(client(&server.uri(), "admin-token"));
    assert_eq!(
        advisor.weaknesses("1234567890").await.unwrap(),
        ["password_not_meet_complexity"]
    );
}
