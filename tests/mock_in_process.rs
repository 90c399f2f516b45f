//! The simulated Graph in-process: typed calls through `client_as`, the errors they give,
//! faults, latency, the journal, and parity with the same tenant over HTTP.
#![cfg(feature = "mock")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use msgraph_typed::mock::{
    Caller, Fault, PasswordPolicy, RecordedBody, SimulatedGraph, SimulatedUser,
    RULE_INVALID_CHARACTERS,
};
use msgraph_typed::models::{
    ChangePasswordRequest, PasswordValidationInformation, ValidatePasswordRequest,
};
use msgraph_typed::operations::CHANGE_PASSWORD;
use msgraph_typed::{Error, GraphClient, GraphRequest, ReqwestGraphClient};

fn change(current: &str, new: &str) -> ChangePasswordRequest {
    ChangePasswordRequest::new(current, new)
}

/// `validatePassword` of `x` with `token`: the call most tests here make.
async fn validate_as(
    graph: &SimulatedGraph,
    token: &str,
) -> Result<PasswordValidationInformation, Error> {
    graph
        .client_as(token)
        .users()
        .validate_password(ValidatePasswordRequest::new("x"))
        .await
}

#[tokio::test]
async fn a_user_changes_their_password_in_process_and_the_old_one_stops_working() {
    let graph = SimulatedGraph::contoso();
    let alice = graph.client_as("alice-token");
    alice
        .me()
        .change_password(change("Old-Passw0rd!", "New-Passw0rd!"))
        .await
        .unwrap();
    assert!(graph.password_works("alice@contoso.com", "New-Passw0rd!"));
    let err = alice
        .me()
        .change_password(change("Old-Passw0rd!", "Other-Passw0rd!"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.code(), Some("Request_BadRequest"));
    assert!(err.request_id().is_some());
}

#[tokio::test]
async fn the_in_process_client_works_as_an_arc_dyn_graph_client() {
    let graph = SimulatedGraph::contoso();
    let client: Arc<dyn GraphClient> = Arc::new(graph.client_as("admin-token"));
    let info = client
        .users()
        .validate_password(ValidatePasswordRequest::new("abcDEF12!"))
        .await
        .unwrap();
    assert!(info.is_valid);
    assert_eq!(info.validation_results.len(), 5);
}

#[tokio::test]
async fn validate_password_in_process_reports_a_unicode_character_as_a_failed_rule() {
    let graph = SimulatedGraph::contoso();
    let admin = graph.client_as("admin-token");
    let info = admin
        .users()
        .validate_password(ValidatePasswordRequest::new("Passw0rd-\u{1F600}"))
        .await
        .unwrap();
    assert!(!info.is_valid);
    let failed: Vec<(&str, &str)> = info
        .validation_results
        .iter()
        .filter(|r| !r.validation_passed)
        .map(|r| (r.rule_name.as_str(), r.message.as_str()))
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, RULE_INVALID_CHARACTERS);
    assert!(!failed[0].1.contains('\u{1F600}'), "{}", failed[0].1);
    assert_eq!(graph.journal()[0].status, 200);
}

#[tokio::test]
async fn change_password_in_process_refuses_a_unicode_character_and_keeps_the_old_password() {
    let graph = SimulatedGraph::contoso();
    let alice = graph.client_as("alice-token");
    let err = alice
        .me()
        .change_password(change("Old-Passw0rd!", "Nouveau-Passw0rd-\u{e9}t\u{e9}"))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.code(), Some("Request_BadRequest"));
    assert!(
        err.message()
            .contains(&format!("({RULE_INVALID_CHARACTERS})")),
        "{err}"
    );
    assert!(graph.password_works("alice@contoso.com", "Old-Passw0rd!"));
    assert!(!graph.password_works("alice@contoso.com", "Nouveau-Passw0rd-\u{e9}t\u{e9}"));
    // The same password in ASCII only is accepted.
    alice
        .me()
        .change_password(change("Old-Passw0rd!", "Nouveau-Passw0rd-ete"))
        .await
        .unwrap();
}

#[tokio::test]
async fn errors_in_process_carry_graphs_status_and_code() {
    let graph = SimulatedGraph::contoso();
    let cases: [(&str, u16, &str); 3] = [
        ("", 401, "InvalidAuthenticationToken"),
        ("nobody-token", 401, "InvalidAuthenticationToken"),
        ("alice-token", 403, "Authorization_RequestDenied"),
    ];
    for (token, status, code) in cases {
        let err = validate_as(&graph, token).await.unwrap_err();
        assert_eq!(
            (err.status(), err.code()),
            (Some(status), Some(code)),
            "token {token:?}"
        );
    }
    let err = graph
        .client_as("app-token")
        .me()
        .change_password(change("a", "b"))
        .await
        .unwrap_err();
    assert_eq!((err.status(), err.code()), (Some(400), Some("BadRequest")));
}

#[tokio::test]
async fn the_policy_is_configurable_with_banned_words_and_extra_rules() {
    let graph = SimulatedGraph::builder()
        .user(SimulatedUser::new("a@contoso.com", "Old-Passw0rd!", "t").role("User Administrator"))
        .policy(
            PasswordPolicy::default()
                .min_length(12)
                .ban("contoso")
                .rule("no_season", "No seasons.", |pw| {
                    !pw.to_lowercase().contains("summer")
                }),
        )
        .build()
        .unwrap();
    let client = graph.client_as("t");
    let info = client
        .users()
        .validate_password(ValidatePasswordRequest::new("Contoso-Summer1"))
        .await
        .unwrap();
    let failed: Vec<&str> = info
        .validation_results
        .iter()
        .filter(|r| !r.validation_passed)
        .map(|r| r.rule_name.as_str())
        .collect();
    assert_eq!(failed, ["password_banned", "no_season"]);
    let err = client
        .me()
        .change_password(change("Old-Passw0rd!", "Winter-Passw0rd"))
        .await;
    assert!(err.is_ok(), "{err:?}");
    graph.set_policy(PasswordPolicy::default().max_length(10));
    let err = client
        .me()
        .change_password(change("Winter-Passw0rd", "Long-Passw0rd!"))
        .await
        .unwrap_err();
    assert!(err.message().contains("password_too_long"), "{err}");
}

#[tokio::test]
async fn a_throttled_call_in_process_gives_retry_after_to_the_error() {
    let graph = SimulatedGraph::contoso();
    graph.throttle_every(1, Duration::from_secs(9));
    let err = validate_as(&graph, "admin-token").await.unwrap_err();
    assert!(err.is_throttled());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(9)));
    graph.clear_faults();
    assert!(validate_as(&graph, "admin-token").await.is_ok());
}

#[tokio::test]
async fn a_call_throttled_in_process_with_a_fraction_of_a_second_gives_it_to_the_ms() {
    let graph = SimulatedGraph::contoso();
    graph.throttle_every(1, Duration::from_millis(2128));
    let err = validate_as(&graph, "admin-token").await.unwrap_err();
    assert!(err.is_throttled());
    assert_eq!(err.retry_after(), Some(Duration::from_millis(2128)));
}

#[tokio::test]
async fn injected_latency_delays_the_answer() {
    let graph = SimulatedGraph::contoso();
    graph.set_latency(Duration::from_millis(150));
    let started = Instant::now();
    let _ = validate_as(&graph, "admin-token").await;
    assert!(started.elapsed() >= Duration::from_millis(150));
}

#[tokio::test]
async fn the_journal_names_the_caller_and_keeps_the_typed_body_redacted() {
    let graph = SimulatedGraph::contoso();
    graph
        .client_as("alice-token")
        .me()
        .change_password(change("Old-Passw0rd!", "New-Passw0rd!"))
        .await
        .unwrap();
    let _ = graph
        .client_as("app-token")
        .users()
        .validate_password(ValidatePasswordRequest::new("Candidate-1!"))
        .await;
    let calls = graph.journal();
    assert_eq!(calls.len(), 2);
    assert_eq!(
        calls[0].caller,
        Caller::User {
            user_principal_name: "alice@contoso.com".into()
        }
    );
    assert_eq!(calls[0].method, http::Method::POST);
    assert_eq!(
        calls[1].caller,
        Caller::Application {
            display_name: "daemon".into()
        }
    );
    assert_eq!(calls[1].status, 403);
    assert_eq!(calls[1].operation, Some("user: validatePassword"));
    assert!(
        matches!(&calls[1].body, RecordedBody::ValidatePassword(b) if b.password.expose_secret() == "Candidate-1!")
    );
    let shown = format!("{calls:#?}");
    assert!(
        !shown.contains("Passw0rd") && !shown.contains("Candidate-1"),
        "{shown}"
    );
    graph.clear_journal();
    assert!(graph.journal().is_empty());
}

/// The same calls in-process and over HTTP (through `ReqwestGraphClient`) give the same
/// outcomes, because both go through one handler.
#[tokio::test]
async fn in_process_and_http_answer_alike() {
    let in_process = SimulatedGraph::contoso();
    let over_http = SimulatedGraph::contoso();
    let server = over_http.serve().await.unwrap();
    let http_client = |token: &str| {
        ReqwestGraphClient::builder()
            .base_url(server.uri())
            .bearer_token(token)
            .max_retries(0)
            .build()
            .unwrap()
    };
    let tokens = ["alice-token", "admin-token", "app-token", "bad-token"];
    for token in tokens {
        let a: Box<dyn GraphClient> = Box::new(in_process.client_as(token));
        let b: Box<dyn GraphClient> = Box::new(http_client(token));
        let va = a
            .users()
            .validate_password(ValidatePasswordRequest::new("abcDEF12"))
            .await;
        let vb = b
            .users()
            .validate_password(ValidatePasswordRequest::new("abcDEF12"))
            .await;
        match (va, vb) {
            (Ok(x), Ok(y)) => assert_eq!(x, y),
            (Err(x), Err(y)) => {
                assert_eq!((x.status(), x.code()), (y.status(), y.code()), "{token}")
            }
            (x, y) => panic!("{token}: in-process {x:?}, over HTTP {y:?}"),
        }
        let ca = a
            .me()
            .change_password(change("Old-Passw0rd!", "New-Passw0rd!"))
            .await;
        let cb = b
            .me()
            .change_password(change("Old-Passw0rd!", "New-Passw0rd!"))
            .await;
        assert_eq!(
            ca.as_ref()
                .map_err(|e| (e.status(), e.code().map(str::to_owned))),
            cb.as_ref()
                .map_err(|e| (e.status(), e.code().map(str::to_owned))),
            "{token}"
        );
        // Requests the typed API does not make: no body (both send `Content-Type` all the
        // same, so both get the 400 for an unreadable body, not a 415), and a path that
        // walks up (refused before it reaches either tenant).
        let bodiless = || GraphRequest::new(&CHANGE_PASSWORD, "/me/changePassword");
        let (ra, rb) = (
            a.execute(bodiless()).await.unwrap(),
            b.execute(bodiless()).await.unwrap(),
        );
        let code = |r: &msgraph_typed::GraphResponse| {
            r.json::<serde_json::Value>().unwrap()["error"]["code"].clone()
        };
        assert_eq!((ra.status, code(&ra)), (rb.status, code(&rb)), "{token}");
        if token == "alice-token" {
            assert_eq!(ra.status, 400);
        }
        let walks_up = || GraphRequest::new(&CHANGE_PASSWORD, "/users/%2E%2E/me/changePassword");
        let (ea, eb) = (
            a.execute(walks_up()).await.unwrap_err(),
            b.execute(walks_up()).await.unwrap_err(),
        );
        assert!(ea.is_builder() && eb.is_builder(), "{ea:?} {eb:?}");
        assert_eq!(ea.to_string(), eb.to_string());
    }
    let a: Vec<_> = in_process
        .journal()
        .iter()
        .map(|e| (e.status, e.caller.clone()))
        .collect();
    let b: Vec<_> = over_http
        .journal()
        .iter()
        .map(|e| (e.status, e.caller.clone()))
        .collect();
    assert_eq!(a, b);
}

#[tokio::test]
async fn the_reqwest_client_retries_through_injected_503s_and_the_journal_shows_each_try() {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.unwrap();
    graph.inject(Fault::status(503).times(2).retry_after(Duration::ZERO));
    let client = ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("alice-token")
        .max_retries(3)
        .retry_base_delay(Duration::from_millis(1))
        .build()
        .unwrap();
    client
        .me()
        .change_password(change("Old-Passw0rd!", "New-Passw0rd!"))
        .await
        .unwrap();
    let statuses: Vec<u16> = graph.journal().iter().map(|e| e.status).collect();
    assert_eq!(statuses, [503, 503, 204]);
}

#[tokio::test]
async fn the_journal_keeps_only_the_newest_calls_up_to_its_limit() {
    let graph = SimulatedGraph::builder()
        .user(SimulatedUser::new("a@contoso.com", "Old-Passw0rd!", "t"))
        .journal_limit(2)
        .build()
        .unwrap();
    let client = graph.client_as("t");
    for candidate in ["one", "two", "three"] {
        let _ = client
            .users()
            .validate_password(ValidatePasswordRequest::new(candidate))
            .await;
    }
    let kept: Vec<String> = graph
        .journal()
        .iter()
        .map(|e| match &e.body {
            RecordedBody::ValidatePassword(b) => b.password.expose_secret().to_owned(),
            other => panic!("typed body expected, got {other:?}"),
        })
        .collect();
    assert_eq!(kept, ["two", "three"]);
}
