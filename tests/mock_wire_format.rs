//! The simulated Graph over HTTP, driven with requests written by hand: every kind of
//! answer is checked on the wire (status, headers, JSON shape).
#![cfg(feature = "mock")]

mod mock_support;

use std::time::{Duration, Instant};

use mock_support::{send, RawAnswer};
use msgraph_typed::mock::{
    Fault, SimulatedGraph, SimulatedGraphServer, ERROR_JSON, JOURNAL_ENDPOINT, ODATA_JSON,
};
use msgraph_typed::models::ValidatePasswordRequest;
use msgraph_typed::{GraphClient, ReqwestGraphClient};

const CHANGE: &str = "/v1.0/me/changePassword";
const VALIDATE: &str = "/beta/users/validatePassword";
const GOOD_CHANGE: &str = r#"{"currentPassword":"Old-Passw0rd!","newPassword":"New-Passw0rd!"}"#;

async fn served() -> (SimulatedGraph, SimulatedGraphServer) {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.expect("serves on loopback");
    (graph, server)
}

fn json_headers(token: &str) -> Vec<(&'static str, String)> {
    vec![
        ("Authorization", format!("Bearer {token}")),
        ("Content-Type", "application/json".to_owned()),
        (
            "client-request-id",
            "11111111-2222-3333-4444-555555555555".to_owned(),
        ),
    ]
}

async fn post(server: &SimulatedGraphServer, path: &str, token: &str, body: &str) -> RawAnswer {
    let headers = json_headers(token);
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    send(server.address(), "POST", path, &headers, body).await
}

/// Graph's headers on every answer; the client-request-id echoed.
#[track_caller]
fn assert_graph_headers(a: &RawAnswer) {
    let request_id = a.header("request-id").expect("request-id header");
    assert!(uuid_like(request_id), "request-id is a UUID: {request_id}");
    assert_eq!(
        a.header("client-request-id"),
        Some("11111111-2222-3333-4444-555555555555")
    );
    assert!(
        a.header("date").is_some_and(|d| d.ends_with(" GMT")),
        "Date header"
    );
    assert_eq!(a.header("cache-control"), Some("no-cache"));
    assert_eq!(
        a.header("strict-transport-security"),
        Some("max-age=31536000")
    );
    assert!(a
        .header("x-ms-ags-diagnostic")
        .is_some_and(|d| d.contains("ServerInfo")));
}

fn uuid_like(s: &str) -> bool {
    s.len() == 36 && s.chars().filter(|c| *c == '-').count() == 4
}

/// Graph's error shape, with the ids of the headers in `innerError`; returns the message.
#[track_caller]
fn assert_graph_error(a: &RawAnswer, status: u16, code: &str) -> String {
    assert_eq!(
        a.status,
        status,
        "body: {}",
        String::from_utf8_lossy(&a.body)
    );
    assert_graph_headers(a);
    assert_eq!(a.header("content-type"), Some(ERROR_JSON));
    let v = a.json();
    let error = v["error"].as_object().expect("an error object");
    assert_eq!(
        v.as_object().map(|o| o.len()),
        Some(1),
        "only `error` at the top"
    );
    assert_eq!(error["code"], code);
    let inner = error["innerError"].as_object().expect("innerError");
    assert_eq!(
        inner["request-id"],
        a.header("request-id").unwrap_or_default()
    );
    assert_eq!(
        inner["client-request-id"],
        "11111111-2222-3333-4444-555555555555"
    );
    let date = inner["date"].as_str().expect("innerError.date");
    assert_eq!(date.len(), 19, "YYYY-MM-DDTHH:MM:SS: {date}");
    assert_eq!(&date[10..11], "T");
    error["message"].as_str().expect("a message").to_owned()
}

#[tokio::test]
async fn a_password_change_answers_204_with_no_body_and_no_content_type() {
    let (graph, server) = served().await;
    let a = post(&server, CHANGE, "alice-token", GOOD_CHANGE).await;
    assert_eq!(a.status, 204);
    assert_graph_headers(&a);
    assert!(a.body.is_empty());
    assert!(a.header("content-type").is_none());
    assert!(graph.password_works("alice@contoso.com", "New-Passw0rd!"));
    assert!(!graph.password_works("alice@contoso.com", "Old-Passw0rd!"));
}

#[tokio::test]
async fn after_a_change_the_old_password_is_refused_and_the_new_one_works() {
    let (_graph, server) = served().await;
    assert_eq!(
        post(&server, CHANGE, "alice-token", GOOD_CHANGE)
            .await
            .status,
        204
    );
    let again = post(&server, CHANGE, "alice-token", GOOD_CHANGE).await;
    assert_graph_error(&again, 400, "Request_BadRequest");
    let back = r#"{"currentPassword":"New-Passw0rd!","newPassword":"Third-Passw0rd!"}"#;
    assert_eq!(post(&server, CHANGE, "alice-token", back).await.status, 204);
}

#[tokio::test]
async fn a_validation_answers_200_with_odata_json_and_one_result_per_rule() {
    let (_graph, server) = served().await;
    let a = post(
        &server,
        VALIDATE,
        "admin-token",
        r#"{"password":"1234567890"}"#,
    )
    .await;
    assert_eq!(a.status, 200);
    assert_graph_headers(&a);
    assert_eq!(a.header("content-type"), Some(ODATA_JSON));
    assert_eq!(a.header("odata-version"), Some("4.0"));
    let v = a.json();
    assert_eq!(
        v["@odata.context"],
        format!(
            "{}/beta/$metadata#microsoft.graph.passwordValidationInformation",
            server.uri()
        )
    );
    assert_eq!(v["isValid"], false);
    let results = v["validationResults"]
        .as_array()
        .expect("validationResults");
    let names: Vec<&str> = results
        .iter()
        .filter_map(|r| r["ruleName"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "password_not_meet_complexity",
            "password_too_short",
            "password_too_long",
            "password_banned",
            "password_invalid_characters"
        ]
    );
    assert_eq!(results[0]["validationPassed"], false);
    assert_eq!(
        results[0]["message"],
        "Password does not meet complexity requirements."
    );
    assert!(results[1..].iter().all(|r| r["validationPassed"] == true));
    for r in results {
        assert_eq!(
            r.as_object().map(|o| o.len()),
            Some(3),
            "ruleName, validationPassed, message"
        );
    }
}

#[tokio::test]
async fn missing_and_unknown_tokens_answer_401_invalid_authentication_token() {
    let (_graph, server) = served().await;
    let none = send(
        server.address(),
        "POST",
        CHANGE,
        &[
            ("Content-Type", "application/json"),
            ("client-request-id", "11111111-2222-3333-4444-555555555555"),
        ],
        GOOD_CHANGE,
    )
    .await;
    let message = assert_graph_error(&none, 401, "InvalidAuthenticationToken");
    assert_eq!(message, "Access token is empty.");
    assert!(none
        .header("www-authenticate")
        .is_some_and(|w| w.starts_with("Bearer")));
    let unknown = post(&server, CHANGE, "stolen-token", GOOD_CHANGE).await;
    let message = assert_graph_error(&unknown, 401, "InvalidAuthenticationToken");
    assert!(
        !message.contains("stolen-token"),
        "the token is not echoed: {message}"
    );
}

#[tokio::test]
async fn an_application_token_cannot_change_a_password() {
    let (_graph, server) = served().await;
    let a = post(&server, CHANGE, "app-token", GOOD_CHANGE).await;
    let message = assert_graph_error(&a, 400, "BadRequest");
    assert!(message.contains("delegated"), "{message}");
}

#[tokio::test]
async fn validation_needs_an_admin_role() {
    let (_graph, server) = served().await;
    for token in ["alice-token", "app-token"] {
        let a = post(&server, VALIDATE, token, r#"{"password":"x"}"#).await;
        assert_graph_error(&a, 403, "Authorization_RequestDenied");
    }
}

#[tokio::test]
async fn bad_bodies_answer_400_bad_request() {
    let (graph, server) = served().await;
    for body in [
        "{not json",
        "",
        "[]",
        r#"{"currentPassword":"Old-Passw0rd!"}"#,
        r#"{"currentPassword":"Old-Passw0rd!","newPassword":7}"#,
        r#"{"currentPassword":"Old-Passw0rd!","newPassword":"New-Passw0rd!","extra":"x"}"#,
    ] {
        let a = post(&server, CHANGE, "alice-token", body).await;
        let message = assert_graph_error(&a, 400, "BadRequest");
        assert!(
            !message.contains("Old-Passw0rd"),
            "no password in: {message}"
        );
    }
    assert!(graph.password_works("alice@contoso.com", "Old-Passw0rd!"));
}

#[tokio::test]
async fn a_refused_new_password_names_the_failed_rules_and_changes_nothing() {
    let (graph, server) = served().await;
    let weak = r#"{"currentPassword":"Old-Passw0rd!","newPassword":"short"}"#;
    let message = assert_graph_error(
        &post(&server, CHANGE, "alice-token", weak).await,
        400,
        "Request_BadRequest",
    );
    assert!(
        message.contains("password_not_meet_complexity") && message.contains("password_too_short"),
        "{message}"
    );
    let same = r#"{"currentPassword":"Old-Passw0rd!","newPassword":"Old-Passw0rd!"}"#;
    assert_graph_error(
        &post(&server, CHANGE, "alice-token", same).await,
        400,
        "Request_BadRequest",
    );
    assert!(graph.password_works("alice@contoso.com", "Old-Passw0rd!"));
}

#[tokio::test]
async fn a_password_with_a_unicode_character_is_refused_on_the_wire_by_both_operations() {
    let (graph, server) = served().await;
    // Raw UTF-8 and a JSON escape decode to the same refused character.
    for password in ["Passw0rd-\u{e9}t\u{e9}", r"Passw0rd-\u00e9t\u00e9"] {
        let a = post(
            &server,
            VALIDATE,
            "admin-token",
            &format!(r#"{{"password":"{password}"}}"#),
        )
        .await;
        assert_eq!(a.status, 200, "{password}");
        let v = a.json();
        assert_eq!(v["isValid"], false, "{password}");
        let failed: Vec<&str> = v["validationResults"]
            .as_array()
            .expect("validationResults")
            .iter()
            .filter(|r| r["validationPassed"] == false)
            .filter_map(|r| r["ruleName"].as_str())
            .collect();
        assert_eq!(failed, ["password_invalid_characters"], "{password}");
        let change = format!(r#"{{"currentPassword":"Old-Passw0rd!","newPassword":"{password}"}}"#);
        let message = assert_graph_error(
            &post(&server, CHANGE, "alice-token", &change).await,
            400,
            "Request_BadRequest",
        );
        assert!(
            message.contains("(password_invalid_characters)"),
            "{message}"
        );
        assert!(!message.contains('\u{e9}'), "no password in: {message}");
    }
    assert!(graph.password_works("alice@contoso.com", "Old-Passw0rd!"));
}

#[tokio::test]
async fn a_wrong_content_type_answers_415() {
    let (_graph, server) = served().await;
    let a = send(
        server.address(),
        "POST",
        CHANGE,
        &[
            ("Authorization", "Bearer alice-token"),
            ("Content-Type", "text/plain"),
            ("client-request-id", "11111111-2222-3333-4444-555555555555"),
        ],
        GOOD_CHANGE,
    )
    .await;
    assert_graph_error(&a, 415, "BadRequest");
}

#[tokio::test]
async fn an_unknown_path_answers_404_and_a_wrong_method_405_with_allow() {
    let (_graph, server) = served().await;
    let a = post(
        &server,
        "/v1.0/me/changePasswordz",
        "alice-token",
        GOOD_CHANGE,
    )
    .await;
    let message = assert_graph_error(&a, 404, "ResourceNotFound");
    assert!(message.contains("changePasswordz"), "{message}");
    let headers = json_headers("alice-token");
    let headers: Vec<(&str, &str)> = headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let a = send(server.address(), "GET", CHANGE, &headers, "").await;
    assert_graph_error(&a, 405, "Request_BadRequest");
    assert_eq!(a.header("allow"), Some("POST"));
}

const VALIDATE_X: &str = r#"{"password":"x"}"#;

/// With every second call throttled for `retry_after`: call 1 passes, and call 2's answer,
/// Graph's 429.
async fn second_call_throttled(
    graph: &SimulatedGraph,
    server: &SimulatedGraphServer,
    retry_after: Duration,
) -> RawAnswer {
    graph.throttle_every(2, retry_after);
    let first = post(server, VALIDATE, "admin-token", VALIDATE_X).await;
    assert_eq!(first.status, 200);
    let second = post(server, VALIDATE, "admin-token", VALIDATE_X).await;
    assert_graph_error(&second, 429, "TooManyRequests");
    second
}

#[tokio::test]
async fn throttling_every_second_call_answers_429_with_retry_after() {
    let (graph, server) = served().await;
    let a = second_call_throttled(&graph, &server, Duration::from_secs(3)).await;
    assert_eq!(a.header("retry-after"), Some("3"));
    assert_eq!(
        post(&server, VALIDATE, "admin-token", VALIDATE_X)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_fractional_retry_after_goes_out_as_graph_writes_it_and_the_client_reads_it_to_the_ms() {
    let (graph, server) = served().await;
    // Graph's throttling guide shows `Retry-After: 2.128`.
    let a = second_call_throttled(&graph, &server, Duration::from_millis(2128)).await;
    assert_eq!(a.header("retry-after"), Some("2.128"));

    let client = ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("admin-token")
        .max_retries(0)
        .build()
        .expect("a client");
    let validate = || {
        client
            .users()
            .validate_password(ValidatePasswordRequest::new("x"))
    };
    assert!(validate().await.is_ok(), "call 3 is not throttled");
    let e = validate().await.expect_err("call 4 is throttled");
    assert!(e.is_throttled(), "{e}");
    assert_eq!(e.retry_after(), Some(Duration::from_millis(2128)));
}

#[tokio::test]
async fn the_client_replays_a_call_throttled_with_a_fractional_retry_after_no_sooner_than_it_says()
{
    let (graph, server) = served().await;
    graph.throttle_every(2, Duration::from_millis(250));
    let client = ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("admin-token")
        .build()
        .expect("a client");
    let validate = || {
        client
            .users()
            .validate_password(ValidatePasswordRequest::new("x"))
    };
    validate().await.expect("call 1 passes");
    let started = Instant::now();
    validate()
        .await
        .expect("call 2 is throttled, its replay (call 3) passes");
    // Whole seconds (rounded up) would make this 1 s; without Retry-After the client's
    // backoff starts at its base delay with jitter. The lower bound is what is promised.
    assert!(started.elapsed() >= Duration::from_millis(250));
    assert_eq!(graph.journal().len(), 3, "one replay");
}

#[tokio::test]
async fn an_injected_fault_answers_its_status_then_service_resumes() {
    let (graph, server) = served().await;
    graph.inject(
        Fault::status(503)
            .times(2)
            .retry_after(Duration::from_millis(1500)),
    );
    for _ in 0..2 {
        let a = post(&server, CHANGE, "alice-token", GOOD_CHANGE).await;
        assert_graph_error(&a, 503, "ServiceUnavailable");
        assert_eq!(a.header("retry-after"), Some("1.5"));
    }
    assert!(
        graph.password_works("alice@contoso.com", "Old-Passw0rd!"),
        "a fault processes nothing"
    );
    assert_eq!(
        post(&server, CHANGE, "alice-token", GOOD_CHANGE)
            .await
            .status,
        204
    );
}

#[tokio::test]
async fn without_a_client_request_id_graph_uses_the_request_id_for_both() {
    let (_graph, server) = served().await;
    let a = send(
        server.address(),
        "GET",
        "/v1.0/nowhere",
        &[("Authorization", "Bearer alice-token")],
        "",
    )
    .await;
    assert_eq!(a.status, 404);
    assert_eq!(a.header("client-request-id"), a.header("request-id"));
}

#[tokio::test]
async fn the_journal_records_http_calls_with_status_caller_and_typed_body() {
    let (graph, server) = served().await;
    post(&server, CHANGE, "alice-token", GOOD_CHANGE).await;
    post(&server, VALIDATE, "nobody", "{oops").await;
    let calls = graph.journal();
    assert_eq!(calls.len(), 2);
    assert_eq!(calls[0].operation, Some("user: changePassword"));
    assert_eq!(calls[0].path, CHANGE);
    assert_eq!(calls[0].status, 204);
    assert_eq!(
        calls[0].client_request_id,
        "11111111-2222-3333-4444-555555555555"
    );
    match &calls[0].body {
        msgraph_typed::mock::RecordedBody::ChangePassword(b) => {
            assert_eq!(b.new_password.expose_secret(), "New-Passw0rd!")
        }
        other => panic!("typed body expected, got {other:?}"),
    }
    assert_eq!(calls[1].status, 401);
    assert_eq!(calls[1].caller, msgraph_typed::mock::Caller::Anonymous);
    assert!(matches!(
        calls[1].body,
        msgraph_typed::mock::RecordedBody::Raw(_)
    ));
    assert!(!format!("{calls:?}").contains("Passw0rd"));
}

#[tokio::test]
async fn injected_latency_delays_the_http_answer_too() {
    let (graph, server) = served().await;
    graph.set_latency(Duration::from_millis(200));
    let started = std::time::Instant::now();
    let a = post(&server, VALIDATE, "admin-token", r#"{"password":"x"}"#).await;
    assert_eq!(a.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(200));
}

#[tokio::test]
async fn the_journal_endpoint_lists_each_call_with_its_decoded_query_and_headers_but_no_token() {
    let (graph, server) = served().await;
    graph.set_journal_endpoint(true);
    let headers = [
        ("Authorization", "Bearer admin-token"),
        ("ConsistencyLevel", "eventual"),
    ];
    let path = "/v1.0/users?$search=%22displayName:smi%22&$count=true&$filter=mail%20eq%20'a%2Bb@contoso.com'";
    let listed = send(server.address(), "GET", path, &headers, "").await;
    assert_eq!(listed.status, 200);
    let changed = post(&server, CHANGE, "alice-token", GOOD_CHANGE).await;
    assert_eq!(changed.status, 204);

    let answer = send(server.address(), "GET", JOURNAL_ENDPOINT, &[], "").await;
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-type"), Some("application/json"));
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    assert!(
        !text.contains("admin-token") && !text.contains("alice-token"),
        "{text}"
    );
    assert!(!text.contains("Passw0rd"), "{text}");
    let journal = answer.json();
    let entries = journal["value"].as_array().expect("value is a list");
    assert_eq!(
        entries.len(),
        2,
        "the endpoint's own call is not journaled: {journal}"
    );
    let list = &entries[0];
    assert_eq!(list["method"], "GET");
    assert_eq!(list["path"], "/v1.0/users");
    assert_eq!(list["status"], 200);
    // Over HTTP the query is what the URL parser kept: it writes `'` as `%27`.
    assert_eq!(
        list["query"],
        "$search=%22displayName:smi%22&$count=true&$filter=mail%20eq%20%27a%2Bb@contoso.com%27"
    );
    assert_eq!(
        list["query_pairs"],
        serde_json::json!([
            ["$search", "\"displayName:smi\""],
            ["$count", "true"],
            ["$filter", "mail eq 'a+b@contoso.com'"]
        ])
    );
    let header = |entry: &serde_json::Value, name: &str| {
        entry["headers"]
            .as_array()
            .expect("headers is a list")
            .iter()
            .find(|pair| pair[0] == name)
            .map(|pair| pair[1].clone())
    };
    assert_eq!(header(list, "consistencylevel"), Some("eventual".into()));
    assert_eq!(
        header(list, "authorization"),
        Some("Bearer [redacted]".into())
    );
    assert_eq!(
        list["caller"],
        serde_json::json!({"user": "admin@contoso.com"})
    );
    assert_eq!(list["body"], serde_json::Value::Null);
    let change = &entries[1];
    assert_eq!(change["operation"], "user: changePassword");
    assert_eq!(
        change["body"],
        "{currentPassword: string, newPassword: string}"
    );
    assert_eq!(
        change["client_request_id"],
        "11111111-2222-3333-4444-555555555555"
    );
    assert_eq!(
        graph.journal()[0].query_pairs[1],
        ("$count".into(), "true".into())
    );

    let cleared = send(server.address(), "DELETE", JOURNAL_ENDPOINT, &[], "").await;
    assert_eq!(cleared.status, 204);
    assert!(graph.journal().is_empty());
    let refused = send(server.address(), "POST", JOURNAL_ENDPOINT, &[], "{}").await;
    assert_eq!(refused.status, 405);
    assert_eq!(refused.header("allow"), Some("GET, DELETE"));
}

#[tokio::test]
async fn without_the_journal_endpoint_its_path_is_an_unknown_path_like_any_other() {
    let (graph, server) = served().await;
    let auth = [("Authorization", "Bearer admin-token")];
    let answer = send(server.address(), "GET", JOURNAL_ENDPOINT, &auth, "").await;
    assert_eq!(answer.status, 404);
    assert!(answer.json()["error"]["code"].is_string());
    assert_eq!(graph.journal().len(), 1, "an ordinary call, journaled");
}
