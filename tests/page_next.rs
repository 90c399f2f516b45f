//! Following a collection's `@odata.nextLink` with `Page::next`: the token goes only to
//! the client's root, under the version of the first request, and the query survives.

use msgraph_typed::{ApiVersion, Page, ReqwestGraphClient};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKEN: &str = "eyJ0eXAiOiJKV1QiLCJhbGciOiJub25lIn0.PAGE-TOKEN-19c4";

fn client(base: &str) -> ReqwestGraphClient {
    ReqwestGraphClient::builder()
        .base_url(base)
        .bearer_token(TOKEN)
        .max_retries(0)
        .build()
        .expect("test client builds")
}

fn first_page(link: String, version: ApiVersion) -> Page<String> {
    Page::new(vec!["a".to_owned()], Some(link)).under_version(version)
}

async fn received(s: &MockServer) -> Vec<Request> {
    s.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn two_pages_are_followed_with_the_token_and_the_exact_query() {
    let s = MockServer::start().await;
    let second_link = format!("{}/v1.0/users?$skiptoken=RFNw%2bAQ%3d&$top=2", s.uri());
    let third_link = format!("{}/v1.0/users?$skiptoken=Zm9v", s.uri());
    Mock::given(method("GET"))
        .and(path("/v1.0/users"))
        .and(query_param("$skiptoken", "RFNw+AQ="))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": ["b", "c"],
            "@odata.nextLink": third_link,
        })))
        .mount(&s)
        .await;
    Mock::given(method("GET"))
        .and(path("/v1.0/users"))
        .and(query_param("$skiptoken", "Zm9v"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "value": ["d"],
        })))
        .mount(&s)
        .await;
    let c = client(&s.uri());

    let first = first_page(second_link, ApiVersion::V1);
    let second = first.next(&c).await.unwrap().expect("a second page");
    assert_eq!(second.value, ["b", "c"]);
    assert_eq!(second.version(), Some(ApiVersion::V1));
    let third = second.next(&c).await.unwrap().expect("a third page");
    assert_eq!(third.value, ["d"]);
    assert!(third.next(&c).await.unwrap().is_none());

    let requests = received(&s).await;
    assert_eq!(requests.len(), 2, "the last page sends nothing");
    assert_eq!(
        requests[0].url.query(),
        Some("$skiptoken=RFNw%2bAQ%3d&$top=2"),
        "the query goes out as Graph wrote it"
    );
    assert_eq!(requests[1].url.query(), Some("$skiptoken=Zm9v"));
    for r in &requests {
        assert_eq!(r.method.as_str(), "GET");
        assert_eq!(
            r.headers.get("authorization").and_then(|v| v.to_str().ok()),
            Some(format!("Bearer {TOKEN}").as_str())
        );
    }
}

#[tokio::test]
async fn a_next_link_to_another_host_is_refused_naming_it_and_nothing_is_sent() {
    let ours = MockServer::start().await;
    let theirs = MockServer::start().await;
    for s in [&ours, &theirs] {
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value": []}"#))
            .mount(s)
            .await;
    }
    let link = format!("{}/v1.0/users?$skiptoken=1", theirs.uri());
    let e = first_page(link, ApiVersion::V1)
        .next(&client(&ours.uri()))
        .await
        .unwrap_err();
    assert!(e.is_insecure(), "{e}");
    let their_origin = theirs.uri();
    assert!(e.to_string().contains(&their_origin), "{e}");
    assert!(!e.to_string().contains(TOKEN), "{e}");
    assert!(received(&theirs).await.is_empty());
    assert!(received(&ours).await.is_empty());
}

#[tokio::test]
async fn a_next_link_to_the_same_host_on_another_scheme_or_port_is_refused() {
    let s = MockServer::start().await;
    let port = s.address().port();
    let c = client(&s.uri());
    for link in [
        format!("https://127.0.0.1:{port}/v1.0/users?$skiptoken=1"),
        format!("http://localhost:{port}/v1.0/users?$skiptoken=1"),
        "http://127.0.0.1/v1.0/users?$skiptoken=1".to_owned(),
    ] {
        let e = first_page(link.clone(), ApiVersion::V1)
            .next(&c)
            .await
            .unwrap_err();
        assert!(e.is_insecure(), "{link}: {e}");
    }
    assert!(received(&s).await.is_empty());
}

#[tokio::test]
async fn a_next_link_under_another_version_is_refused_and_nothing_is_sent() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"value": []}"#))
        .mount(&s)
        .await;
    let link = format!("{}/beta/users?$skiptoken=1", s.uri());
    let e = first_page(link, ApiVersion::V1)
        .next(&client(&s.uri()))
        .await
        .unwrap_err();
    assert!(e.is_builder(), "{e}");
    assert!(e.to_string().contains("/beta"), "{e}");
    assert!(received(&s).await.is_empty());
}

#[tokio::test]
async fn an_error_status_on_the_next_page_is_graphs_error() {
    let s = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(403).set_body_string(
            r#"{"error": {"code": "Authorization_RequestDenied", "message": "no"}}"#,
        ))
        .mount(&s)
        .await;
    let link = format!("{}/beta/groups?$skiptoken=1", s.uri());
    let e = first_page(link, ApiVersion::Beta)
        .next(&client(&s.uri()))
        .await
        .unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_eq!(e.code(), Some("Authorization_RequestDenied"));
    assert_eq!(received(&s).await[0].url.path(), "/beta/groups");
}
