//! The design's call-surface and batching snippets (`DESIGN.md`, "Call surface for
//! generated operations" and "JSON batching"), written here expression for expression, so
//! that what the design shows is what was built: they compile against this crate's
//! generated calls and send what their comments say, against wiremock.

use downstream_endpoint::graph::models::{UpdateUserRequest, User};
use downstream_endpoint::graph::prelude::*; // the one import generated operations need
use msgraph_typed::mock::respond;
use msgraph_typed::models::ValidatePasswordRequest;
use msgraph_typed::{Error, ReqwestGraphClient};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request};

fn client(server: &MockServer) -> ReqwestGraphClient {
    ReqwestGraphClient::builder()
        .base_url(server.uri())
        .bearer_token("token")
        .max_retries(0)
        .build()
        .expect("client builds")
}

async fn answer(server: &MockServer, verb: &str, at: &str, body: Option<serde_json::Value>) {
    let response = match body {
        Some(b) => respond::json(&b),
        None => respond::no_content(),
    };
    Mock::given(method(verb))
        .and(path(at))
        .respond_with(response)
        .mount(server)
        .await;
}

/// `METHOD /path?query` of each request, in the order sent.
fn lines(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| match r.url.query() {
            Some(q) => format!("{} {}?{q}", r.method, r.url.path()),
            None => format!("{} {}", r.method, r.url.path()),
        })
        .collect()
}

/// The call-surface snippet, as the design writes it.
#[rustfmt::skip]
async fn call_surface(client: &ReqwestGraphClient) -> Result<(Vec<User>, usize), Error> {
    let page = client.users().list()             // GET /v1.0/users -> Page<User>
        .select(["id", "displayName"]).filter("startswith(displayName,'A')")
        .orderby("displayName").top(25).await?;
    let all: Vec<User> = client.users().list().top(100).all().await?;    // follows @odata.nextLink
    let n = client.users().list().search("\"displayName:room\"").count(true).await?; // + ConsistencyLevel: eventual
    let u: User = client.users().by_id("u1").get().select(["displayName"]).await?;
    client.users().by_id("u1").update(UpdateUserRequest::new().with_job_title("Lead").clear_office_location()).await?;
    client.users().by_id("u1").delete().await?;
    client.groups().by_id("g1").members().list().await?;                  // Page<DirectoryObject>
    client.users().by_id("u1").messages().by_id("m1").get().await?;       // Message
    client.me().messages().list().header("Prefer", "outlook.body-content-type=\"text\"").await?;
    client.users().validate_password(ValidatePasswordRequest::new("pw")).await?; // the SDK's own, beside them
    assert_eq!(u.display_name.as_deref(), Some("Adele Vance"));
    Ok((all, page.value.len() + n.value.len()))
}

/// The batching snippet, as the design writes it.
#[rustfmt::skip]
async fn batching(client: &ReqwestGraphClient) -> Result<User, Error> {
    let mut batch = client.batch();
    let alice = batch.add(client.users().by_id("u1").get());            // Step<User>
    let members = batch.add(client.groups().by_id("g1").members().list());
    let mut done = batch.send().await?;
    let user: User = done.take(alice)?;                                  // that step's own Result
    assert_eq!(done.take(members)?.value.len(), 1);
    Ok(user)
}

#[tokio::test]
async fn the_designs_call_surface_compiles_and_sends_what_its_comments_say() {
    let server = MockServer::start().await;
    let adele = json!({"id": "u1", "displayName": "Adele Vance"});
    answer(
        &server,
        "GET",
        "/v1.0/users",
        Some(json!({"value": [adele]})),
    )
    .await;
    answer(&server, "GET", "/v1.0/users/u1", Some(adele.clone())).await;
    answer(&server, "PATCH", "/v1.0/users/u1", None).await;
    answer(&server, "DELETE", "/v1.0/users/u1", None).await;
    let members = json!({"value": [{"id": "u2"}]});
    answer(&server, "GET", "/v1.0/groups/g1/members", Some(members)).await;
    let message = json!({"id": "m1", "subject": "Hi"});
    answer(&server, "GET", "/v1.0/users/u1/messages/m1", Some(message)).await;
    answer(
        &server,
        "GET",
        "/v1.0/me/messages",
        Some(json!({"value": []})),
    )
    .await;
    let info = json!({"isValid": true, "validationResults": []});
    answer(&server, "POST", "/beta/users/validatePassword", Some(info)).await;

    let (all, listed) = call_surface(&client(&server))
        .await
        .expect("the snippet runs");
    assert_eq!((all.len(), listed), (1, 2));

    let seen = server.received_requests().await.unwrap_or_default();
    assert_eq!(
        lines(&seen),
        [
            "GET /v1.0/users?$select=id,displayName&$filter=startswith(displayName,%27A%27)&$orderby=displayName&$top=25",
            "GET /v1.0/users?$top=100",
            "GET /v1.0/users?$search=%22displayName:room%22&$count=true",
            "GET /v1.0/users/u1?$select=displayName",
            "PATCH /v1.0/users/u1",
            "DELETE /v1.0/users/u1",
            "GET /v1.0/groups/g1/members",
            "GET /v1.0/users/u1/messages/m1",
            "GET /v1.0/me/messages",
            "POST /beta/users/validatePassword",
        ]
    );
    let header = |r: &Request, name: &str| {
        r.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    assert_eq!(
        header(&seen[2], "consistencylevel").as_deref(),
        Some("eventual")
    );
    assert_eq!(header(&seen[0], "consistencylevel"), None);
    assert_eq!(
        header(&seen[8], "prefer").as_deref(),
        Some("outlook.body-content-type=\"text\"")
    );
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&seen[4].body).ok(),
        Some(json!({"jobTitle": "Lead", "officeLocation": null}))
    );
}

#[tokio::test]
async fn the_designs_batch_sends_two_generated_calls_in_one_request() {
    let server = MockServer::start().await;
    let answers = json!({"responses": [
        {"id": "1", "status": 200, "body": {"id": "u1", "displayName": "Adele Vance"}},
        {"id": "2", "status": 200, "body": {"value": [{"id": "u2"}]}}
    ]});
    answer(&server, "POST", "/v1.0/$batch", Some(answers)).await;

    let user = batching(&client(&server)).await.expect("the snippet runs");
    assert_eq!(user.display_name.as_deref(), Some("Adele Vance"));

    let seen = server.received_requests().await.unwrap_or_default();
    assert_eq!(lines(&seen), ["POST /v1.0/$batch"]);
    let body: serde_json::Value = serde_json::from_slice(&seen[0].body).expect("JSON");
    let steps: Vec<(&str, &str)> = body["requests"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["method"].as_str().unwrap_or(""),
                s["url"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(steps, [("GET", "/users/u1"), ("GET", "/groups/g1/members")]);
}
