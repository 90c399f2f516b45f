//! The calls this crate generated from its own pages, through msgraph-typed's
//! `ReqwestGraphClient` against wiremock, with the generated typed expectations: the
//! call-surface table of the design, end to end.

use std::time::Duration;

use downstream_endpoint::graph::models::{GetMemberGroupsRequest, UpdateUserRequest};
use downstream_endpoint::graph::prelude::*;
use downstream_endpoint::{expectations, names_starting_with, security_groups_of};
use futures_util::StreamExt;
use msgraph_typed::mock::{self, respond};
use msgraph_typed::ReqwestGraphClient;
use serde_json::json;
use wiremock::matchers::{header, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

fn client(server: &MockServer) -> ReqwestGraphClient {
    ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .max_retries(0)
        .build()
        .expect("client builds")
}

/// The decoded query pairs of a request, sorted.
fn query(request: &Request) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = request
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.sort();
    pairs
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    out.sort();
    out
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap_or_default()
}

#[tokio::test]
async fn a_list_call_sends_its_query_options_with_the_dollar_prefix_encoded_once() {
    let server = MockServer::start().await;
    Mock::given(expectations::users_list())
        .respond_with(respond::json(
            &json!({"value": [{"id": "u1", "displayName": "Adele"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .users()
        .list()
        .select(["id", "displayName"])
        .filter("startswith(displayName,'A')")
        .orderby("displayName")
        .top(25)
        .await
        .unwrap();
    assert_eq!(page.value[0].display_name.as_deref(), Some("Adele"));
    assert!(!page.has_next());
    let seen = &requests(&server).await[0];
    assert_eq!(seen.url.path(), "/v1.0/users");
    assert_eq!(
        query(seen),
        pairs(&[
            ("$select", "id,displayName"),
            ("$filter", "startswith(displayName,'A')"),
            ("$orderby", "displayName"),
            ("$top", "25"),
        ])
    );
    // A space is %20 and the `$` is sent as is, not %24.
    let raw = seen.url.query().unwrap_or_default();
    assert!(raw.contains("$select=id,displayName"), "{raw}");
    assert!(!seen.headers.contains_key("consistencylevel"));
}

#[tokio::test]
async fn search_and_count_send_consistency_level_eventual() {
    let server = MockServer::start().await;
    Mock::given(expectations::users_list())
        .and(header("ConsistencyLevel", "eventual"))
        .and(query_param("$search", "\"displayName:room\""))
        .and(query_param("$count", "true"))
        .respond_with(respond::json(
            &json!({"@odata.count": 1, "value": [{"id": "r1"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mock::catch_all().mount(&server).await;
    let page = client(&server)
        .users()
        .list()
        .search("\"displayName:room\"")
        .count(true)
        .await
        .unwrap();
    assert_eq!(page.value.len(), 1);
    server.verify().await;
}

#[tokio::test]
async fn all_follows_next_links_to_the_last_page_and_a_cap_stops_it_early() {
    let server = MockServer::start().await;
    let next = format!("{}/v1.0/users?$top=2&$skiptoken=p2", server.uri());
    Mock::given(expectations::users_list())
        .and(query_param("$skiptoken", "p2"))
        .respond_with(respond::json(&json!({"value": [{"id": "u3"}]})))
        .mount(&server)
        .await;
    Mock::given(expectations::users_list())
        .respond_with(respond::json(
            &json!({"value": [{"id": "u1"}, {"id": "u2"}], "@odata.nextLink": next}),
        ))
        .mount(&server)
        .await;
    let client = client(&server);
    let all = client.users().list().top(2).all().await.unwrap();
    let ids: Vec<_> = all.iter().filter_map(|u| u.id.as_deref()).collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
    assert_eq!(requests(&server).await.len(), 2);

    let capped = client
        .users()
        .list()
        .top(2)
        .all()
        .max_items(2)
        .await
        .unwrap();
    assert_eq!(capped.len(), 2);
    assert_eq!(
        requests(&server).await.len(),
        3,
        "the cap fetched no second page"
    );

    let streamed: Vec<_> = client.users().list().top(2).items().collect().await;
    let ids: Vec<_> = streamed
        .iter()
        .map(|u| u.as_ref().unwrap().id.clone().unwrap())
        .collect();
    assert_eq!(ids, ["u1", "u2", "u3"]);
}

#[tokio::test]
async fn a_next_link_to_another_host_is_not_followed() {
    let server = MockServer::start().await;
    Mock::given(expectations::users_list())
        .respond_with(respond::json(
            &json!({"value": [{"id": "u1"}], "@odata.nextLink": "https://evil.example/v1.0/users?$skiptoken=1"}),
        ))
        .mount(&server)
        .await;
    let err = client(&server).users().list().all().await.unwrap_err();
    assert!(err.is_insecure(), "{err}");
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn get_update_and_delete_address_one_user_by_its_encoded_key() {
    let server = MockServer::start().await;
    Mock::given(expectations::users_item_get())
        .and(query_param("$select", "displayName"))
        .respond_with(respond::json(&json!({"displayName": "Adele"})))
        .mount(&server)
        .await;
    Mock::given(expectations::users_item_update())
        .respond_with(respond::no_content())
        .mount(&server)
        .await;
    Mock::given(expectations::users_item_delete())
        .respond_with(respond::no_content())
        .mount(&server)
        .await;
    let client = client(&server);
    let user = client
        .users()
        .by_id("adele@contoso.com")
        .get()
        .select(["displayName"])
        .await
        .unwrap();
    assert_eq!(user.display_name.as_deref(), Some("Adele"));
    client
        .users()
        .by_id("a/b")
        .update(UpdateUserRequest::new().with_job_title("Lead"))
        .await
        .unwrap();
    client.users().by_id("u1").delete().await.unwrap();
    let seen = requests(&server).await;
    assert_eq!(seen[0].url.path(), "/v1.0/users/adele@contoso.com");
    assert_eq!(seen[1].method.as_str(), "PATCH");
    assert_eq!(seen[1].url.path(), "/v1.0/users/a%2Fb");
    let body: serde_json::Value = serde_json::from_slice(&seen[1].body).unwrap();
    assert_eq!(
        body,
        json!({"jobTitle": "Lead"}),
        "only what was set is sent"
    );
    assert_eq!(seen[2].method.as_str(), "DELETE");
}

/// Sends `body` as the update of user `u1` and returns the JSON that reached the server.
async fn sent_update(body: UpdateUserRequest) -> serde_json::Value {
    let server = MockServer::start().await;
    Mock::given(expectations::users_item_update())
        .respond_with(respond::no_content())
        .expect(1)
        .mount(&server)
        .await;
    client(&server)
        .users()
        .by_id("u1")
        .update(body)
        .await
        .unwrap();
    let seen = &requests(&server).await[0];
    assert_eq!(seen.method.as_str(), "PATCH");
    assert_eq!(seen.url.path(), "/v1.0/users/u1");
    serde_json::from_slice(&seen.body).unwrap()
}

#[tokio::test]
async fn an_update_of_one_property_sends_exactly_that_property() {
    // The page marks none of its three properties: an update's are all optional.
    let body = sent_update(UpdateUserRequest::new().with_job_title("Lead")).await;
    assert_eq!(body, json!({"jobTitle": "Lead"}));
}

#[tokio::test]
async fn clearing_a_property_sends_it_as_null() {
    let body = sent_update(UpdateUserRequest::new().clear_office_location()).await;
    assert_eq!(body, json!({"officeLocation": null}));
}

#[tokio::test]
async fn an_update_that_sets_one_property_and_clears_another_sends_both() {
    let body = sent_update(
        UpdateUserRequest::new()
            .with_job_title("Lead")
            .clear_office_location(),
    )
    .await;
    assert_eq!(body, json!({"jobTitle": "Lead", "officeLocation": null}));
}

#[tokio::test]
async fn the_typed_expectation_tells_a_cleared_property_from_one_left_out() {
    let server = MockServer::start().await;
    let cleared = UpdateUserRequest::new()
        .with_job_title("Lead")
        .clear_office_location();
    Mock::given(expectations::users_item_update().body_eq(cleared.clone()))
        .respond_with(respond::no_content())
        .expect(1)
        .mount(&server)
        .await;
    mock::catch_all().mount(&server).await;
    let client = client(&server);
    let users = || client.users().by_id("u1");
    // Left out, not cleared: the catch-all answers (an error), the expectation does not.
    let left_out = UpdateUserRequest::new().with_job_title("Lead");
    assert!(users().update(left_out).await.is_err());
    users().update(cleared).await.unwrap();
    server.verify().await;
}

#[tokio::test]
async fn a_get_or_delete_without_a_body_says_no_content_type_as_microsofts_sdks_do() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(respond::no_content())
        .mount(&server)
        .await;
    let client = client(&server);
    let _ = client.users().by_id("u1").get().await;
    client
        .users()
        .by_id("u1")
        .update(UpdateUserRequest::new().with_job_title("Lead"))
        .await
        .unwrap();
    client.users().by_id("u1").delete().await.unwrap();
    let seen = requests(&server).await;
    let content_type = |r: &Request| r.headers.get("content-type").cloned();
    let accept = |r: &Request| r.headers.get("accept").cloned();
    assert_eq!(content_type(&seen[0]), None, "GET");
    assert_eq!(
        content_type(&seen[1]).as_ref().map(|v| v.as_bytes()),
        Some(&b"application/json"[..]),
        "PATCH"
    );
    assert_eq!(content_type(&seen[2]), None, "DELETE");
    assert!(seen
        .iter()
        .all(|r| accept(r).is_some_and(|v| v == "application/json")));
}

#[tokio::test]
async fn an_empty_key_is_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    let err = client(&server).users().by_id("").get().await.unwrap_err();
    assert!(err.is_builder(), "{err}");
    assert!(err.to_string().contains("empty"), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn group_members_and_messages_read_like_their_urls() {
    let server = MockServer::start().await;
    Mock::given(expectations::groups_item_members_list())
        .respond_with(respond::json(&json!({"value": [{"id": "d1"}]})))
        .mount(&server)
        .await;
    Mock::given(expectations::users_item_messages_item_get())
        .respond_with(respond::json(&json!({"id": "m1", "subject": "Hi"})))
        .mount(&server)
        .await;
    Mock::given(expectations::me_messages_list())
        .and(header("Prefer", "outlook.body-content-type=\"text\""))
        .respond_with(respond::json(&json!({"value": []})))
        .expect(1)
        .mount(&server)
        .await;
    let client = client(&server);
    let members = client.groups().by_id("g1").members().list().await.unwrap();
    assert_eq!(members.value[0].id.as_deref(), Some("d1"));
    let message = client
        .users()
        .by_id("u1")
        .messages()
        .by_id("m1")
        .get()
        .await
        .unwrap();
    assert_eq!(message.subject.as_deref(), Some("Hi"));
    client
        .me()
        .messages()
        .list()
        .header("Prefer", "outlook.body-content-type=\"text\"")
        .await
        .unwrap();
    server.verify().await;
    let seen = requests(&server).await;
    assert_eq!(seen[0].url.path(), "/v1.0/groups/g1/members");
    assert_eq!(seen[1].url.path(), "/v1.0/users/u1/messages/m1");
}

#[tokio::test]
async fn a_per_call_timeout_replaces_the_clients() {
    let server = MockServer::start().await;
    Mock::given(expectations::me_get())
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let err = client(&server)
        .me()
        .get()
        .timeout(Duration::from_millis(100))
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
}

#[tokio::test]
async fn a_header_that_is_not_valid_is_a_builder_error_that_hides_its_value() {
    let server = MockServer::start().await;
    let err = client(&server)
        .me()
        .get()
        .header("Prefer", "secret\nvalue")
        .await
        .unwrap_err();
    assert!(err.is_builder(), "{err}");
    assert!(!format!("{err} {err:?}").contains("secret"), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn the_sdks_own_calls_and_the_generated_ones_work_side_by_side_on_a_dyn_client() {
    let server = MockServer::start().await;
    Mock::given(mock::expect::validate_password())
        .respond_with(respond::json(
            &json!({"isValid": true, "validationResults": []}),
        ))
        .mount(&server)
        .await;
    Mock::given(expectations::users_list())
        .respond_with(respond::json(&json!({"value": [{"displayName": "Adele"}]})))
        .mount(&server)
        .await;
    let client: std::sync::Arc<dyn GraphClient> = std::sync::Arc::new(client(&server));
    let info = client
        .users()
        .validate_password(msgraph_typed::models::ValidatePasswordRequest::new("pw"))
        .await
        .unwrap();
    assert!(info.is_valid);
    let dyn_client: &dyn GraphClient = &*client;
    assert_eq!(
        names_starting_with(dyn_client, "A").await.unwrap(),
        ["Adele"]
    );
}

#[tokio::test]
async fn the_calls_run_on_the_in_process_simulated_graph_too() {
    let graph = mock::SimulatedGraph::contoso();
    let client = graph.client_as("admin-token");
    let err = client.users().by_id("nobody").get().await.unwrap_err();
    assert_eq!(err.status(), Some(404), "{err}");
}

#[tokio::test]
async fn on_the_simulated_graph_a_cleared_property_is_gone_and_the_others_stay() {
    let graph = mock::SimulatedGraph::contoso();
    let client = graph.client_as("app-token");
    let alice = || client.users().by_id("alice@contoso.com");
    alice()
        .update(
            UpdateUserRequest::new()
                .with_job_title("Engineer")
                .with_office_location("B1"),
        )
        .await
        .unwrap();
    alice()
        .update(
            UpdateUserRequest::new()
                .with_job_title("Lead")
                .clear_office_location(),
        )
        .await
        .unwrap();
    let user = alice()
        .get()
        .select(["displayName", "jobTitle", "officeLocation"])
        .await
        .unwrap();
    assert_eq!(user.job_title.as_deref(), Some("Lead"));
    assert_eq!(user.office_location, None);
    assert_eq!(
        user.display_name.as_deref(),
        Some("Alice Smith"),
        "left alone"
    );
}

#[tokio::test]
async fn the_action_posts_its_body_to_its_path_and_decodes_the_ids() {
    let server = MockServer::start().await;
    Mock::given(expectations::get_member_groups().body_eq(GetMemberGroupsRequest::new(true)))
        .respond_with(respond::json(&json!({"value": ["g1", "g2"]})))
        .expect(1)
        .mount(&server)
        .await;
    mock::catch_all().mount(&server).await;
    let ids = security_groups_of(&client(&server), "adele@contoso.com")
        .await
        .unwrap();
    assert_eq!(ids, ["g1", "g2"]);
    server.verify().await;
    assert_eq!(
        requests(&server).await[0].url.path(),
        "/v1.0/users/adele@contoso.com/getMemberGroups"
    );
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
    let err = client(&server)
        .users()
        .by_id("nobody@contoso.com")
        .get_member_groups(GetMemberGroupsRequest::new(false))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("Request_ResourceNotFound"));
}
