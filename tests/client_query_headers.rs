//! A request's query, per-call headers and per-call timeout reach the wire as
//! `GraphRequest` carries them, apart from the path.

mod support;

use std::time::Duration;

use http::{HeaderName, HeaderValue, Method};
use msgraph_typed::{ApiVersion, GraphClient, GraphRequest, Operation, Replay};
use support::{client, TOKEN};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

static LIST_USERS: Operation = Operation::new(
    "user: list",
    Method::GET,
    ApiVersion::V1,
    "/users",
    Replay::Safe,
);

#[tokio::test]
async fn query_options_go_out_encoded_once_and_decode_to_what_was_given() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users"))
        .and(query_param("$filter", "startswith(displayName,'A B')"))
        .and(query_param("$search", "\"mail:a+b@contoso.com\""))
        .and(query_param("$top", "5"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value":[]}"#))
        .expect(1)
        .mount(&s)
        .await;
    let request = GraphRequest::new(&LIST_USERS, "/users")
        .with_query("$filter", "startswith(displayName,'A B')")
        .with_query("$search", "\"mail:a+b@contoso.com\"")
        .with_query("$top", "5");
    let response = client(&s.uri()).execute(request).await.unwrap();
    assert_eq!(response.status, 200);
    let received = &s.received_requests().await.unwrap()[0];
    assert_eq!(
        received.url.query(),
        Some("$filter=startswith(displayName,%27A%20B%27)&$search=%22mail:a%2Bb@contoso.com%22&$top=5")
    );
}

#[tokio::test]
async fn a_calls_own_headers_are_sent_and_cannot_replace_the_transports() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value":[]}"#))
        .mount(&s)
        .await;
    let request = GraphRequest::new(&LIST_USERS, "/users")
        .with_header(
            HeaderName::from_static("consistencylevel"),
            HeaderValue::from_static("eventual"),
        )
        .with_header(
            http::header::AUTHORIZATION,
            HeaderValue::from_static("Bearer someone-elses"),
        )
        .with_header(
            HeaderName::from_static("client-request-id"),
            HeaderValue::from_static("fixed"),
        );
    client(&s.uri()).execute(request).await.unwrap();
    let received = &s.received_requests().await.unwrap()[0];
    let all = |name: &str| -> Vec<&str> {
        received
            .headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect()
    };
    assert_eq!(all("consistencylevel"), ["eventual"]);
    assert_eq!(all("authorization"), [format!("Bearer {TOKEN}").as_str()]);
    let ids = all("client-request-id");
    assert_eq!(ids.len(), 1);
    assert_ne!(ids[0], "fixed");
}

#[tokio::test]
async fn a_calls_own_timeout_replaces_the_clients() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_string(r#"{"value":[]}"#)
                .set_delay(Duration::from_millis(1500)),
        )
        .mount(&s)
        .await;
    let c = client(&s.uri());
    let quick = GraphRequest::new(&LIST_USERS, "/users").with_timeout(Duration::from_millis(100));
    let e = c.execute(quick).await.unwrap_err();
    assert!(e.is_timeout(), "{e}");
}

#[tokio::test]
async fn a_query_inside_the_path_is_refused_before_anything_is_sent() {
    let s = MockServer::start().await;
    let request = GraphRequest::new(&LIST_USERS, "/users?$top=1");
    let e = client(&s.uri()).execute(request).await.unwrap_err();
    assert!(e.is_builder(), "{e}");
    assert!(s.received_requests().await.unwrap().is_empty());
}
