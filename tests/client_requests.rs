//! What goes on the wire (paths, headers, bodies) and the builder's checks. Tracing is in `client_tracing.rs`.

mod support;

use std::time::Duration;

use msgraph_typed::{Cloud, GraphClient, ReqwestGraphClient};
use support::{
    builder, change_password, client, scanned, validate_password, CANDIDATE_PASSWORD,
    CURRENT_PASSWORD, NEW_PASSWORD, TOKEN, VALID_BODY,
};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

async fn answering(status: u16, body: &str) -> MockServer {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(status).set_body_string(body))
        .mount(&s)
        .await;
    s
}

async fn requests(s: &MockServer) -> Vec<Request> {
    s.received_requests().await.unwrap_or_default()
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers.get(name).and_then(|v| v.to_str().ok())
}

#[tokio::test]
async fn every_request_carries_the_documented_headers() {
    let s = answering(204, "").await;
    client(&s.uri())
        .me()
        .change_password(change_password())
        .await
        .unwrap();
    let r = &requests(&s).await[0];
    assert_eq!(
        header(r, "authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(header(r, "content-type"), Some("application/json"));
    assert_eq!(header(r, "accept"), Some("application/json"));
    let id = uuid::Uuid::parse_str(header(r, "client-request-id").unwrap()).unwrap();
    assert_eq!(id.get_version_num(), 4);
    let version = env!("CARGO_PKG_VERSION");
    assert_eq!(
        header(r, "sdkversion"),
        Some(format!("graph-rust-msgraph-typed/{version}").as_str())
    );
    assert_eq!(
        header(r, "user-agent"),
        Some(format!("msgraph-typed/{version}").as_str())
    );
    assert_eq!(header(r, "retry-attempt"), None);
}

#[tokio::test]
async fn replays_carry_retry_attempt_and_keep_the_client_request_id() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", "0"))
        .up_to_n_times(2)
        .with_priority(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(204))
        .with_priority(2)
        .mount(&s)
        .await;
    client(&s.uri())
        .me()
        .change_password(change_password())
        .await
        .unwrap();
    let rs = requests(&s).await;
    let attempts: Vec<_> = rs.iter().map(|r| header(r, "retry-attempt")).collect();
    assert_eq!(attempts, [None, Some("1"), Some("2")]);
    let ids: Vec<_> = rs.iter().map(|r| header(r, "client-request-id")).collect();
    assert!(
        ids[0].is_some() && ids.iter().all(|id| *id == ids[0]),
        "{ids:?}"
    );
}

#[tokio::test]
async fn each_call_gets_a_fresh_client_request_id() {
    let s = answering(204, "").await;
    let c = client(&s.uri());
    c.me().change_password(change_password()).await.unwrap();
    c.me().change_password(change_password()).await.unwrap();
    let rs = requests(&s).await;
    assert_ne!(
        header(&rs[0], "client-request-id"),
        header(&rs[1], "client-request-id")
    );
}

#[tokio::test]
async fn operations_post_their_json_bodies_to_their_versioned_paths() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/me/changePassword"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&s)
        .await;
    Mock::given(method("POST"))
        .and(path("/beta/users/validatePassword"))
        .respond_with(ResponseTemplate::new(200).set_body_string(VALID_BODY))
        .expect(1)
        .mount(&s)
        .await;
    let c = client(&s.uri());
    c.me().change_password(change_password()).await.unwrap();
    c.users()
        .validate_password(validate_password())
        .await
        .unwrap();
    let rs = requests(&s).await;
    let change: serde_json::Value = serde_json::from_slice(&rs[0].body).unwrap();
    assert_eq!(
        change,
        serde_json::json!({"currentPassword": CURRENT_PASSWORD, "newPassword": NEW_PASSWORD})
    );
    let validate: serde_json::Value = serde_json::from_slice(&rs[1].body).unwrap();
    assert_eq!(
        validate,
        serde_json::json!({"password": CANDIDATE_PASSWORD})
    );
}

#[tokio::test]
async fn a_redirect_to_the_same_host_is_not_followed_either() {
    let s = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v1.0/me/changePassword"))
        .respond_with(ResponseTemplate::new(308).insert_header("Location", "/v1.0/me/other"))
        .mount(&s)
        .await;
    let e = scanned(
        client(&s.uri())
            .me()
            .change_password(change_password())
            .await
            .unwrap_err(),
    );
    assert!(e.is_redirect());
    assert!(e.to_string().contains("/v1.0/me/other"));
    assert_eq!(requests(&s).await.len(), 1);
}

#[tokio::test]
async fn a_documented_redirect_is_the_answer_with_its_location_and_is_not_followed() {
    static REPORT: msgraph_typed::Operation = msgraph_typed::Operation::redirecting(
        "reportRoot: getEmailActivityUserCounts",
        http::Method::GET,
        msgraph_typed::ApiVersion::V1,
        "/reports/getEmailActivityUserCounts(period='{period_value}')",
        msgraph_typed::Replay::Safe,
    );
    static NOT_DOCUMENTED: msgraph_typed::Operation = msgraph_typed::Operation::new(
        "reportRoot: getEmailActivityUserCounts",
        http::Method::GET,
        msgraph_typed::ApiVersion::V1,
        "/reports/getEmailActivityUserCounts(period='{period_value}')",
        msgraph_typed::Replay::Safe,
    );
    let s = MockServer::start().await;
    let download = format!("{}/download/report.csv", s.uri());
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(302).insert_header("Location", download.as_str()))
        .mount(&s)
        .await;
    let c = client(&s.uri());
    let path = "/reports/getEmailActivityUserCounts(period='D7')";
    let response = c
        .execute(msgraph_typed::GraphRequest::new(&REPORT, path))
        .await
        .unwrap();
    let redirect = msgraph_typed::decode_redirect(&REPORT, response).unwrap();
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.location.as_deref(), Some(download.as_str()));
    // The same answer to an operation that does not document it stays an error.
    let e = scanned(
        c.execute(msgraph_typed::GraphRequest::new(&NOT_DOCUMENTED, path))
            .await
            .unwrap_err(),
    );
    assert!(e.is_redirect(), "{e}");
    // Neither was followed: the download URL was never asked for.
    let seen = requests(&s).await;
    assert_eq!(seen.len(), 2);
    assert!(seen
        .iter()
        .all(|r| r.url.path().starts_with("/v1.0/reports/")));
}

#[tokio::test]
async fn a_path_parameter_of_dots_or_nothing_is_refused_before_anything_is_sent() {
    static CHANGE_PASSWORD_OF: msgraph_typed::Operation = msgraph_typed::Operation::new(
        "user: changePassword",
        http::Method::POST,
        msgraph_typed::ApiVersion::V1,
        "/users/{id}/changePassword",
        msgraph_typed::Replay::OnlyUnprocessed,
    );
    let s = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(204))
        .mount(&s)
        .await;
    let c = client(&s.uri());
    for id in ["..", ".", ""] {
        let path = format!("/users/{}/changePassword", msgraph_typed::path_segment(id));
        let request = msgraph_typed::GraphRequest::new(&CHANGE_PASSWORD_OF, path)
            .json(&serde_json::json!({ "currentPassword": CURRENT_PASSWORD }))
            .unwrap();
        let e = scanned(c.execute(request).await.unwrap_err());
        assert!(e.is_builder(), "{id:?}: {e}");
        assert!(e.to_string().contains("/users/{id}/changePassword"), "{e}");
    }
    assert!(requests(&s).await.is_empty(), "a request was sent");
}

#[tokio::test]
async fn a_client_works_through_a_generic_bound_and_arc_dyn() {
    async fn call<C: GraphClient>(c: &C) -> bool {
        c.users()
            .validate_password(validate_password())
            .await
            .unwrap()
            .is_valid
    }
    let s = answering(200, VALID_BODY).await;
    let c = client(&s.uri());
    assert!(call(&c).await);
    let shared: std::sync::Arc<dyn GraphClient> = std::sync::Arc::new(c.clone());
    assert!(call(&shared).await);
    assert_eq!(requests(&s).await.len(), 2);
}

// --- builder ---

#[test]
fn a_base_url_with_a_version_is_a_builder_error() {
    let e = scanned(
        builder("https://graph.microsoft.com/v1.0")
            .build()
            .unwrap_err(),
    );
    assert!(e.is_builder());
    assert!(e.to_string().contains("root only"), "{e}");
}

#[test]
fn the_first_bad_setting_is_kept_and_returned_by_build() {
    let e = ReqwestGraphClient::builder()
        .base_url("not a url")
        .timeout(Duration::ZERO)
        .base_url("https://graph.microsoft.com")
        .bearer_token(TOKEN)
        .build()
        .unwrap_err();
    let e = scanned(e);
    assert!(e.is_builder());
    assert!(e.to_string().contains("base URL is not a URL"), "{e}");
}

#[test]
fn a_client_without_a_token_is_a_builder_error() {
    let e = scanned(ReqwestGraphClient::builder().build().unwrap_err());
    assert!(e.is_builder());
    assert!(e.to_string().contains("token"));
}

#[test]
fn bad_values_for_settings_are_builder_errors() {
    let b = || ReqwestGraphClient::builder().bearer_token(TOKEN);
    for e in [
        b().timeout(Duration::ZERO).build().unwrap_err(),
        b().max_response_body(0).build().unwrap_err(),
        ReqwestGraphClient::builder()
            .bearer_token("")
            .build()
            .unwrap_err(),
        ReqwestGraphClient::builder()
            .bearer_token("bad\ntoken-SECRET-TOKEN")
            .build()
            .unwrap_err(),
    ] {
        let e = scanned(e);
        assert!(e.is_builder(), "{e:?}");
    }
}

#[test]
fn base_url_takes_str_and_string() {
    let a = builder("http://127.0.0.1:1").build().unwrap();
    let b = builder(&String::from("http://localhost:2/"))
        .build()
        .unwrap();
    let c = ReqwestGraphClient::builder()
        .base_url(String::from("http://[::1]:3"))
        .bearer_token(TOKEN)
        .build()
        .unwrap();
    assert_eq!(a.base_url(), "http://127.0.0.1:1");
    assert_eq!(b.base_url(), "http://localhost:2");
    assert_eq!(c.base_url(), "http://[::1]:3");
}

#[test]
fn each_cloud_sets_its_graph_root_and_global_is_the_default() {
    let b = || ReqwestGraphClient::builder().bearer_token(TOKEN);
    assert_eq!(
        b().build().unwrap().base_url(),
        "https://graph.microsoft.com"
    );
    for cloud in [
        Cloud::Global,
        Cloud::UsGovL4,
        Cloud::UsGovL5Dod,
        Cloud::China,
    ] {
        assert_eq!(b().cloud(cloud).build().unwrap().base_url(), cloud.root());
    }
    let later = b()
        .base_url("http://127.0.0.1:9")
        .cloud(Cloud::China)
        .build()
        .unwrap();
    assert_eq!(later.base_url(), "https://microsoftgraph.chinacloudapi.cn");
}

#[test]
fn debug_of_the_client_and_its_builder_never_shows_the_token() {
    let b = ReqwestGraphClient::builder().bearer_token(TOKEN);
    let text = format!("{b:?}");
    assert!(!text.contains("SECRET-TOKEN"), "{text}");
    let c = b.build().unwrap();
    for text in [format!("{c:?}"), format!("{c:#?}")] {
        assert!(!text.contains("SECRET-TOKEN"), "{text}");
        assert!(text.contains("graph.microsoft.com"));
    }
}
