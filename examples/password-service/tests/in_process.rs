//! The service against the simulated Graph, in-process.

use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::mock::{Fault, PasswordPolicy, SimulatedGraph, SimulatedUser};
use password_service::{ChangeError, PasswordAdvisor, PasswordService};

fn tenant() -> SimulatedGraph {
    SimulatedGraph::builder()
        .user(SimulatedUser::new(
            "alice@contoso.com",
            "Old-Passw0rd!",
            "alice-token",
        ))
        .user(
            SimulatedUser::new("helpdesk@contoso.com", "Help-Passw0rd!", "helpdesk-token")
                .role("Helpdesk Administrator"),
        )
        .policy(PasswordPolicy::default().ban("contoso"))
        .build()
        .expect("a valid tenant")
}

#[tokio::test]
async fn a_change_goes_through_and_the_new_password_is_the_one_that_works() {
    let graph = tenant();
    let service = PasswordService::new(Arc::new(graph.client_as("alice-token")));
    service
        .change("Old-Passw0rd!", "New-Passw0rd!")
        .await
        .unwrap();
    assert!(graph.password_works("alice@contoso.com", "New-Passw0rd!"));
}

#[tokio::test]
async fn a_short_password_is_refused_without_calling_graph() {
    let graph = tenant();
    let service = PasswordService::new(Arc::new(graph.client_as("alice-token")));
    assert!(matches!(
        service.change("Old-Passw0rd!", "aB1!").await,
        Err(ChangeError::TooShort)
    ));
    assert!(graph.journal().is_empty());
}

#[tokio::test]
async fn graphs_refusals_become_the_services_errors() {
    let graph = tenant();
    let service = PasswordService::new(Arc::new(graph.client_as("alice-token")));
    let wrong = service.change("Not-The-Passw0rd!", "New-Passw0rd!").await;
    assert!(
        matches!(wrong, Err(ChangeError::Refused { .. })),
        "{wrong:?}"
    );
    let banned = service.change("Old-Passw0rd!", "Contoso-Passw0rd!").await;
    assert!(
        matches!(&banned, Err(ChangeError::Refused { reason }) if reason.contains("password_banned")),
        "{banned:?}"
    );
    let signed_out = PasswordService::new(Arc::new(graph.client_as("expired-token")));
    assert!(matches!(
        signed_out.change("a", "New-Passw0rd!").await,
        Err(ChangeError::NotSignedIn)
    ));
}

#[tokio::test]
async fn a_busy_graph_is_try_later_with_its_delay() {
    let graph = tenant();
    graph.inject(Fault::status(503).retry_after(Duration::from_secs(4)));
    let service = PasswordService::new(Arc::new(graph.client_as("alice-token")));
    let busy = service.change("Old-Passw0rd!", "New-Passw0rd!").await;
    assert!(
        matches!(busy, Err(ChangeError::TryLater { after: Some(d) }) if d == Duration::from_secs(4)),
        "{busy:?}"
    );
}

#[tokio::test]
async fn the_advisor_lists_the_rules_a_candidate_fails() {
    let graph = tenant();
    let advisor = PasswordAdvisor::new(graph.client_as("helpdesk-token"));
    assert_eq!(
        advisor.weaknesses("contoso").await.unwrap(),
        [
            "password_not_meet_complexity",
            "password_too_short",
            "password_banned"
        ]
    );
    assert!(advisor
        .weaknesses("Fine-Passw0rd!")
        .await
        .unwrap()
        .is_empty());
    let not_admin = PasswordAdvisor::new(graph.client_as("alice-token"));
    assert_eq!(
        not_admin.weaknesses("x").await.unwrap_err().status(),
        Some(403)
    );
}
