//! A downstream crate's test, as its authors would write it: create a user, add it to a
//! group, list the group's members filtered and paged, delete the user. Against the
//! simulated Graph in-process and over HTTP, with no scripted answer: the same code, the
//! same outcome. The calls go through `GraphRequest` and `GraphClient::execute`, as
//! generated operations do.
#![cfg(feature = "mock")]

use msgraph_typed::http::{HeaderName, HeaderValue, Method};
use msgraph_typed::mock::SimulatedGraph;
use msgraph_typed::{
    decode_json, decode_no_content, decode_page, ApiVersion, Error, GraphClient, GraphRequest,
    Operation, Page, ReqwestGraphClient,
};
use serde::Deserialize;
use serde_json::json;

static CREATE_USER: Operation = Operation::new(
    "user: create",
    Method::POST,
    ApiVersion::V1,
    "/users",
    msgraph_typed::Replay::OnlyUnprocessed,
);
static ADD_MEMBER: Operation = Operation::new(
    "group: add members",
    Method::POST,
    ApiVersion::V1,
    "/groups/{id}/members/$ref",
    msgraph_typed::Replay::OnlyUnprocessed,
);
static LIST_MEMBERS: Operation = Operation::new(
    "group: list members",
    Method::GET,
    ApiVersion::V1,
    "/groups/{id}/members",
    msgraph_typed::Replay::Safe,
);
static DELETE_USER: Operation = Operation::new(
    "user: delete",
    Method::DELETE,
    ApiVersion::V1,
    "/users/{id}",
    msgraph_typed::Replay::OnlyUnprocessed,
);

/// The members of Contoso's `All Company` group in the built-in tenant.
const ALL_COMPANY: &str = "66666666-6666-4666-8666-666666666666";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Member {
    #[serde(rename = "@odata.type")]
    odata_type: String,
    id: String,
    display_name: Option<String>,
}

/// Creates two users, adds them to `All Company`, lists the members whose name starts with
/// "Test" one per page, deletes one: the names seen on each page, then after the delete.
async fn onboard_and_offboard(
    client: &dyn GraphClient,
) -> Result<(Vec<Vec<String>>, Vec<String>), Error> {
    let mut ids = Vec::new();
    for name in ["Test Ada", "Test Bo"] {
        let nick = name.to_lowercase().replace(' ', ".");
        let request = GraphRequest::new(&CREATE_USER, "/users").json(&json!({
            "accountEnabled": true,
            "displayName": name,
            "mailNickname": nick,
            "userPrincipalName": format!("{nick}@contoso.com"),
            "passwordProfile": {"password": "Test-Passw0rd!", "forceChangePasswordNextSignIn": true},
        }))?;
        let created: serde_json::Value = decode_json(&CREATE_USER, client.execute(request).await?)?;
        ids.push(created["id"].as_str().unwrap_or_default().to_owned());
    }
    for id in &ids {
        let request = GraphRequest::new(&ADD_MEMBER, format!("/groups/{ALL_COMPANY}/members/$ref"))
            .json(&json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{id}")}))?;
        decode_no_content(&ADD_MEMBER, client.execute(request).await?)?;
    }
    let list = || {
        GraphRequest::new(&LIST_MEMBERS, format!("/groups/{ALL_COMPANY}/members"))
            .with_query("$filter", "startswith(displayName,'Test')")
            .with_query("$select", "id,displayName")
            .with_query("$orderby", "displayName")
            .with_query("$top", "1")
    };
    let mut pages = Vec::new();
    let mut page: Page<Member> = decode_page(&LIST_MEMBERS, client.execute(list()).await?)?;
    loop {
        assert!(page
            .value
            .iter()
            .all(|m| m.odata_type == "#microsoft.graph.user"));
        pages.push(
            page.value
                .iter()
                .filter_map(|m| m.display_name.clone())
                .collect(),
        );
        match page.next(client).await? {
            Some(next) => page = next,
            None => break,
        }
    }
    let first = ids.first().cloned().unwrap_or_default();
    let request = GraphRequest::new(&DELETE_USER, format!("/users/{first}"));
    decode_no_content(&DELETE_USER, client.execute(request).await?)?;
    let after: Page<Member> = decode_page(
        &LIST_MEMBERS,
        client
            .execute(list().with_header(
                HeaderName::from_static("consistencylevel"),
                HeaderValue::from_static("eventual"),
            ))
            .await?,
    )?;
    assert!(after.value.iter().all(|m| m.id != first));
    Ok((
        pages,
        after
            .value
            .into_iter()
            .filter_map(|m| m.display_name)
            .collect(),
    ))
}

#[tokio::test]
async fn a_user_is_onboarded_listed_in_its_group_page_by_page_and_offboarded_in_process() {
    let graph = SimulatedGraph::contoso();
    let (pages, after) = onboard_and_offboard(&graph.client_as("admin-token"))
        .await
        .expect("every call succeeds");
    assert_eq!(
        pages,
        [vec!["Test Ada".to_owned()], vec!["Test Bo".to_owned()]]
    );
    assert_eq!(after, ["Test Bo"]);
    assert!(graph.entity("users", "test.ada@contoso.com").is_none());
    let journal = graph.journal();
    assert_eq!(
        journal.len(),
        8,
        "2 creates, 2 links, 2 pages, a delete, a list"
    );
    assert_eq!(
        journal[4].route.as_deref(),
        Some("/v1.0/groups/{id}/members")
    );
    assert!(journal[4].query.contains("$top=1"), "{}", journal[4].query);
}

#[tokio::test]
async fn a_user_is_onboarded_listed_in_its_group_page_by_page_and_offboarded_over_http() {
    let graph = SimulatedGraph::contoso();
    let server = graph.serve().await.expect("serves on loopback");
    let client = ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("admin-token")
        .build()
        .expect("a client");
    let (pages, after) = onboard_and_offboard(&client)
        .await
        .expect("every call succeeds");
    assert_eq!(
        pages,
        [vec!["Test Ada".to_owned()], vec!["Test Bo".to_owned()]]
    );
    assert_eq!(after, ["Test Bo"]);
    assert_eq!(graph.journal().len(), 8);
}

#[tokio::test]
async fn the_same_calls_without_an_admin_role_are_refused_with_403() {
    let graph = SimulatedGraph::contoso();
    let error = onboard_and_offboard(&graph.client_as("alice-token"))
        .await
        .expect_err("alice may not create users");
    assert_eq!(error.status(), Some(403));
    assert_eq!(error.code(), Some("Authorization_RequestDenied"));
}
