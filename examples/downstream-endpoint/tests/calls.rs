//! The operation this crate generated from its own page, called through msgraph-typed's
//! `ReqwestGraphClient` against wiremock, with the generated typed expectation and the
//! mock kit's responders.

use downstream_endpoint::models::GetMemberGroupsRequest;
use downstream_endpoint::{expectations, security_groups_of, UsersExt};
use msgraph_typed::mock::{self, respond};
use msgraph_typed::{GraphClient, ReqwestGraphClient};
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
async fn the_new_operation_posts_its_body_to_its_path_and_decodes_the_ids() {
    let server = MockServer::start().await;
    Mock::given(expectations::get_member_groups().body_eq(GetMemberGroupsRequest::new(true)))
        .respond_with(respond::json(&member_groups_body()))
        .expect(1)
        .mount(&server)
        .await;
    mock::catch_all().mount(&server).await;

    let ids = security_groups_of(&client(&server), "adele@contoso.com")
        .await
        .unwrap();
    assert_eq!(ids, ["g1", "g2"]);
    server.verify().await;
    let requests = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        requests[0].url.path(),
        "/v1.0/users/adele@contoso.com/getMemberGroups"
    );
}

/// The body Graph answers with: a `value` array of ids.
fn member_groups_body() -> std::collections::BTreeMap<&'static str, Vec<&'static str>> {
    std::collections::BTreeMap::from([("value", vec!["g1", "g2"])])
}

#[tokio::test]
async fn a_graph_error_reaches_the_caller_with_its_code() {
    let server = MockServer::start().await;
    Mock::given(expectations::get_member_groups())
        .respond_with(respond::graph_error(
            404,
            "Request_ResourceNotFound",
            "No such user.",
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let err = client
        .users()
        .ext()
        .get_member_groups("nobody@contoso.com", GetMemberGroupsRequest::new(false))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("Request_ResourceNotFound"));
}

#[tokio::test]
async fn the_new_operation_works_through_a_dyn_graph_client() {
    let server = MockServer::start().await;
    Mock::given(expectations::get_member_groups())
        .respond_with(respond::json(&member_groups_body()))
        .mount(&server)
        .await;
    let client: std::sync::Arc<dyn GraphClient> = std::sync::Arc::new(client(&server));
    let page = client
        .users()
        .ext()
        .get_member_groups("adele@contoso.com", GetMemberGroupsRequest::new(true))
        .await
        .unwrap();
    assert!(!page.has_next());
    assert_eq!(page.value.len(), 2);
}
