//! The service against scripted answers: typed wiremock expectations.

use std::sync::Arc;
use std::time::Duration;

use msgraph_typed::mock::{self, respond};
use msgraph_typed::models::{
    ChangePasswordRequest, PasswordValidationInformation, ValidationResult,
};
use msgraph_typed::ReqwestGraphClient;
use password_service::{ChangeError, PasswordAdvisor, PasswordService};
use wiremock::{Mock, MockServer};

fn client(server: &MockServer) -> ReqwestGraphClient {
    ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .max_retries(0)
        .build()
        .expect("client builds")
}

#[tokio::test]
async fn the_service_sends_exactly_the_passwords_it_was_given_once() {
    let server = MockServer::start().await;
    Mock::given(
        mock::expect::change_password()
            .body_eq(ChangePasswordRequest::new("Old-Passw0rd!", "New-Passw0rd!")),
    )
    .respond_with(respond::no_content())
    .expect(1)
    .mount(&server)
    .await;
    mock::catch_all().mount(&server).await;
    PasswordService::new(Arc::new(client(&server)))
        .change("Old-Passw0rd!", "New-Passw0rd!")
        .await
        .unwrap();
    server.verify().await;
}

#[tokio::test]
async fn an_unexpected_500_is_passed_on_as_a_graph_error() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::change_password())
        .respond_with(respond::graph_error(500, "InternalServerError", "Boom."))
        .mount(&server)
        .await;
    let out = PasswordService::new(Arc::new(client(&server)))
        .change("Old-Passw0rd!", "New-Passw0rd!")
        .await;
    assert!(
        matches!(&out, Err(ChangeError::Graph(e)) if e.code() == Some("InternalServerError")),
        "{out:?}"
    );
}

#[tokio::test]
async fn a_throttle_without_retries_is_try_later() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::change_password())
        .respond_with(respond::throttled(Duration::from_secs(30)))
        .mount(&server)
        .await;
    let out = PasswordService::new(Arc::new(client(&server)))
        .change("Old-Passw0rd!", "New-Passw0rd!")
        .await;
    assert!(
        matches!(out, Err(ChangeError::TryLater { after: Some(d) }) if d == Duration::from_secs(30)),
        "{out:?}"
    );
}

#[tokio::test]
async fn the_advisor_reads_the_rule_names_graph_reports() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::validate_password())
        .respond_with(respond::json(&PasswordValidationInformation::new(
            false,
            vec![
                ValidationResult::new(
                    "password_not_meet_complexity",
                    false,
                    "Password does not meet complexity requirements.",
                ),
                ValidationResult::new("some_future_rule", true, "ok"),
            ],
        )))
        .mount(&server)
        .await;
    let advisor = PasswordAdvisor::new(client(&server));
    assert_eq!(
        advisor.weaknesses("x").await.unwrap(),
        ["password_not_meet_complexity"]
    );
}
