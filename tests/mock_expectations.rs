//! Typed wiremock expectations: per-operation matchers refined on the typed body, Graph's
//! answers in wiremock's grammar, and the catch-all that names an unmatched request.
#![cfg(feature = "mock")]

mod mock_support;

use std::time::Duration;

use msgraph_typed::mock::{self, respond};
use msgraph_typed::models::{
    ChangePasswordRequest, PasswordValidationInformation, ValidatePasswordRequest, ValidationResult,
};
use msgraph_typed::{GraphClient, ReqwestGraphClient};
use wiremock::{Mock, MockServer};

fn client(server: &MockServer) -> ReqwestGraphClient {
    ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .max_retries(0)
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_matcher_refined_on_the_typed_body_answers_only_that_body() {
    let server = MockServer::start().await;
    Mock::given(
        mock::expect::change_password().body_eq(ChangePasswordRequest::new("Old-1!aA", "New-1!aA")),
    )
    .respond_with(respond::no_content())
    .expect(1)
    .mount(&server)
    .await;
    mock::catch_all().mount(&server).await;
    let c = client(&server);
    c.me()
        .change_password(ChangePasswordRequest::new("Old-1!aA", "New-1!aA"))
        .await
        .unwrap();
    let err = c
        .me()
        .change_password(ChangePasswordRequest::new("Old-1!aA", "Other-1!aA"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some(mock::respond::UNMATCHED_CODE));
    server.verify().await;
}

#[tokio::test]
async fn the_catch_all_names_method_path_and_body_shape_but_no_password() {
    let server = MockServer::start().await;
    mock::catch_all().mount(&server).await;
    let err = client(&server)
        .me()
        .change_password(ChangePasswordRequest::new("Old-Passw0rd!", "New-Passw0rd!"))
        .await
        .unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("no mock matched POST /v1.0/me/changePassword with body {currentPassword: string, newPassword: string}"),
        "{text}"
    );
    assert!(!text.contains("Passw0rd") && !format!("{err:?}").contains("Passw0rd"));
}

#[tokio::test]
async fn any_other_mock_wins_over_the_catch_all() {
    let server = MockServer::start().await;
    mock::catch_all().mount(&server).await;
    Mock::given(mock::expect::validate_password())
        .respond_with(respond::json(&PasswordValidationInformation::new(
            true,
            vec![ValidationResult::new(
                "password_not_meet_complexity",
                true,
                "fine",
            )],
        )))
        .mount(&server)
        .await;
    let info = client(&server)
        .users()
        .validate_password(ValidatePasswordRequest::new("pw"))
        .await
        .unwrap();
    assert!(info.is_valid);
    assert_eq!(info.validation_results[0].message, "fine");
}

#[tokio::test]
async fn a_matcher_checks_method_and_version_and_an_undecodable_body_does_not_match() {
    let server = MockServer::start().await;
    Mock::given(
        mock::expect::validate_password().body(|r: &ValidatePasswordRequest| r.password.len() > 3),
    )
    .respond_with(respond::json(&PasswordValidationInformation::new(
        true,
        vec![],
    )))
    .mount(&server)
    .await;
    let raw = |method: &'static str, path: &'static str, body: &'static str| {
        let addr = *server.address();
        async move {
            mock_support::send(
                addr,
                method,
                path,
                &[("Content-Type", "application/json")],
                body,
            )
            .await
            .status
        }
    };
    assert_eq!(
        raw(
            "POST",
            "/beta/users/validatePassword",
            r#"{"password":"long"}"#
        )
        .await,
        200
    );
    assert_eq!(
        raw(
            "POST",
            "/beta/users/validatePassword",
            r#"{"password":"abc"}"#
        )
        .await,
        404
    );
    assert_eq!(
        raw("POST", "/beta/users/validatePassword", "not json").await,
        404
    );
    assert_eq!(
        raw(
            "GET",
            "/beta/users/validatePassword",
            r#"{"password":"long"}"#
        )
        .await,
        404
    );
    assert_eq!(
        raw(
            "POST",
            "/v1.0/users/validatePassword",
            r#"{"password":"long"}"#
        )
        .await,
        404
    );
}

#[tokio::test]
async fn a_scripted_graph_error_reaches_the_client_with_code_message_and_ids() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::change_password())
        .respond_with(respond::graph_error(
            403,
            "Authorization_RequestDenied",
            "Not for you.",
        ))
        .mount(&server)
        .await;
    let err = client(&server)
        .me()
        .change_password(ChangePasswordRequest::new("a", "b"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(403));
    assert_eq!(err.code(), Some("Authorization_RequestDenied"));
    assert_eq!(err.message(), "Not for you.");
    let inner = err
        .graph_error()
        .and_then(|g| g.inner_error.clone())
        .expect("innerError");
    assert_eq!(inner.request_id.as_deref(), err.request_id());
    assert!(inner.date.is_some());
    assert_eq!(inner.client_request_id.as_deref(), err.client_request_id());
}

#[tokio::test]
async fn a_scripted_throttle_is_retried_by_the_client_after_retry_after() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::validate_password())
        .respond_with(respond::throttled(Duration::ZERO))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(mock::expect::validate_password())
        .respond_with(respond::json(&PasswordValidationInformation::new(
            false,
            vec![],
        )))
        .mount(&server)
        .await;
    let c = ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .max_retries(2)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    let info = c
        .users()
        .validate_password(ValidatePasswordRequest::new("x"))
        .await
        .unwrap();
    assert!(!info.is_valid);
    assert_eq!(server.received_requests().await.map(|r| r.len()), Some(2));
}

#[tokio::test]
async fn typed_answers_carry_graphs_headers_on_the_wire() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::validate_password())
        .respond_with(respond::json(&PasswordValidationInformation::new(
            true,
            vec![],
        )))
        .mount(&server)
        .await;
    Mock::given(mock::expect::change_password())
        .respond_with(respond::throttled(Duration::from_millis(2500)))
        .mount(&server)
        .await;
    let addr = *server.address();
    let headers = [
        ("Content-Type", "application/json"),
        ("client-request-id", "cid-1"),
    ];
    let ok = mock_support::send(
        addr,
        "POST",
        "/beta/users/validatePassword",
        &headers,
        r#"{"password":"x"}"#,
    )
    .await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("content-type"), Some(mock::ODATA_JSON));
    assert_eq!(ok.header("client-request-id"), Some("cid-1"));
    assert!(ok.header("request-id").is_some());
    assert_eq!(
        ok.json(),
        serde_json::json!({"isValid": true, "validationResults": []})
    );
    let throttled =
        mock_support::send(addr, "POST", "/v1.0/me/changePassword", &headers, "{}").await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.header("retry-after"), Some("2.5"));
    assert_eq!(throttled.header("content-type"), Some(mock::ERROR_JSON));
    assert_eq!(throttled.json()["error"]["code"], "TooManyRequests");
    assert_eq!(
        throttled.json()["error"]["innerError"]["client-request-id"],
        "cid-1"
    );
}

#[tokio::test]
async fn no_content_has_no_body_and_no_content_type() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::change_password())
        .respond_with(respond::no_content())
        .mount(&server)
        .await;
    let a = mock_support::send(
        *server.address(),
        "POST",
        "/v1.0/me/changePassword",
        &[],
        "{}",
    )
    .await;
    assert_eq!(a.status, 204);
    assert!(a.body.is_empty());
    assert!(a.header("content-type").is_none());
    assert!(a.header("request-id").is_some());
}
