//! The simulated Graph's directory over HTTP, driven with requests written by hand:
//! create/read/update/delete, the OData query options, `$count`, `$search`, `$ref`
//! links, `$batch`, who may write, and seeding, each checked on the wire.
#![cfg(feature = "mock")]

mod mock_support;

use std::time::Duration;

use mock_support::{send, RawAnswer};
use msgraph_typed::mock::{SimulatedGraph, SimulatedGraphServer, SimulatedUser, ERROR_JSON};
use serde_json::{json, Value};

const ALICE: &str = "11111111-1111-4111-8111-111111111111";
const ADMIN: &str = "22222222-2222-4222-8222-222222222222";
const ENGINEERING: &str = "44444444-4444-4444-8444-444444444444";
const ALL_COMPANY: &str = "66666666-6666-4666-8666-666666666666";

struct Fake {
    graph: SimulatedGraph,
    server: SimulatedGraphServer,
}

impl Fake {
    async fn contoso() -> Self {
        Self::of(SimulatedGraph::contoso()).await
    }

    async fn of(graph: SimulatedGraph) -> Self {
        let server = graph.serve().await.expect("serves on loopback");
        Self { graph, server }
    }

    async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        extra: &[(&str, &str)],
        body: &str,
    ) -> RawAnswer {
        let auth = format!("Bearer {token}");
        let mut headers = vec![("Authorization", auth.as_str())];
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json"));
        }
        headers.extend_from_slice(extra);
        send(self.server.address(), method, path, &headers, body).await
    }

    /// `method path` with `body` as the tenant's User Administrator.
    async fn admin(&self, method: &str, path: &str, body: &str) -> RawAnswer {
        self.call(method, path, "admin-token", &[], body).await
    }

    async fn get(&self, path: &str, token: &str) -> RawAnswer {
        self.call("GET", path, token, &[], "").await
    }

    async fn eventual(&self, path: &str) -> RawAnswer {
        self.call(
            "GET",
            path,
            "admin-token",
            &[("ConsistencyLevel", "eventual")],
            "",
        )
        .await
    }
}

#[track_caller]
fn ok(a: &RawAnswer, status: u16) -> Value {
    assert_eq!(a.status, status, "{}", String::from_utf8_lossy(&a.body));
    if a.body.is_empty() {
        Value::Null
    } else {
        a.json()
    }
}

/// Graph's error shape; returns the message.
#[track_caller]
fn refused(a: &RawAnswer, status: u16, code: &str) -> String {
    assert_eq!(a.status, status, "{}", String::from_utf8_lossy(&a.body));
    assert_eq!(a.header("content-type"), Some(ERROR_JSON));
    let v = a.json();
    assert_eq!(v["error"]["code"], code, "{v}");
    assert_eq!(
        v["error"]["innerError"]["request-id"].as_str(),
        a.header("request-id")
    );
    v["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

fn names(page: &Value) -> Vec<String> {
    page["value"]
        .as_array()
        .expect("a value array")
        .iter()
        .map(|u| u["displayName"].as_str().unwrap_or("-").to_owned())
        .collect()
}

fn new_user(name: &str) -> String {
    let nick = name.to_lowercase().replace(' ', ".");
    json!({
        "accountEnabled": true,
        "displayName": name,
        "mailNickname": nick,
        "userPrincipalName": format!("{nick}@contoso.com"),
        "passwordProfile": {"forceChangePasswordNextSignIn": true, "password": "Creat3d-Passw0rd!"},
        "jobTitle": "Tester",
    })
    .to_string()
}

#[tokio::test]
async fn a_user_is_created_read_updated_and_deleted_with_graphs_statuses() {
    let f = Fake::contoso().await;
    let created = ok(
        &f.admin("POST", "/v1.0/users", &new_user("Bob Jones")).await,
        201,
    );
    let id = created["id"].as_str().expect("a new id").to_owned();
    assert_eq!(id.len(), 36, "a GUID: {id}");
    assert!(created["@odata.context"]
        .as_str()
        .is_some_and(|c| c.ends_with("/v1.0/$metadata#users/$entity")));
    assert_eq!(
        created["passwordProfile"],
        Value::Null,
        "not in the default set"
    );

    let read = ok(
        &f.get(&format!("/v1.0/users/{id}"), "alice-token").await,
        200,
    );
    assert_eq!(read["displayName"], "Bob Jones");
    assert_eq!(read["jobTitle"], "Tester");
    assert_eq!(read["businessPhones"], json!([]));
    assert_eq!(read["officeLocation"], Value::Null);
    assert!(
        read.get("accountEnabled").is_none(),
        "outside the default set"
    );
    let by_upn = ok(
        &f.get("/v1.0/users/BOB.JONES@contoso.com", "alice-token")
            .await,
        200,
    );
    assert_eq!(by_upn["id"], id.as_str());

    let patch = json!({"jobTitle": "Lead", "officeLocation": "B1"}).to_string();
    let a = f.admin("PATCH", &format!("/v1.0/users/{id}"), &patch).await;
    assert_eq!(a.status, 204);
    assert!(a.body.is_empty());
    let clear = json!({"officeLocation": null}).to_string();
    ok(
        &f.admin("PATCH", &format!("/v1.0/users/{id}"), &clear).await,
        204,
    );
    let read = ok(
        &f.get(&format!("/v1.0/users/{id}"), "alice-token").await,
        200,
    );
    assert_eq!(read["jobTitle"], "Lead");
    assert_eq!(read["officeLocation"], Value::Null);

    let a = f.admin("DELETE", &format!("/v1.0/users/{id}"), "").await;
    assert_eq!(a.status, 204);
    let message = refused(
        &f.get(&format!("/v1.0/users/{id}"), "alice-token").await,
        404,
        "Request_ResourceNotFound",
    );
    assert!(message.contains(&id), "{message}");
    refused(
        &f.admin("DELETE", &format!("/v1.0/users/{id}"), "").await,
        404,
        "Request_ResourceNotFound",
    );
}

#[tokio::test]
async fn a_password_is_write_only_and_a_created_user_can_be_checked_with_it() {
    let f = Fake::contoso().await;
    let created = ok(
        &f.admin("POST", "/v1.0/users", &new_user("Carol Diaz"))
            .await,
        201,
    );
    let id = created["id"].as_str().unwrap();
    let read = ok(
        &f.get(
            &format!("/v1.0/users/{id}?$select=displayName,passwordProfile"),
            "admin-token",
        )
        .await,
        200,
    );
    assert_eq!(read["passwordProfile"]["password"], Value::Null);
    assert_eq!(
        read["passwordProfile"]["forceChangePasswordNextSignIn"],
        true
    );
    assert!(!String::from_utf8_lossy(
        &f.get(
            &format!("/v1.0/users/{id}?$select=passwordProfile"),
            "admin-token"
        )
        .await
        .body
    )
    .contains("Creat3d"));
    assert!(f
        .graph
        .password_works("carol.diaz@contoso.com", "Creat3d-Passw0rd!"));
    assert_eq!(
        f.graph.entity("users", id).unwrap()["passwordProfile"]["password"],
        Value::Null
    );
}

#[tokio::test]
async fn a_create_missing_a_required_property_or_with_a_weak_password_or_a_taken_name_is_400() {
    let f = Fake::contoso().await;
    let body =
        json!({"displayName": "X", "accountEnabled": true, "userPrincipalName": "x@contoso.com",
                      "passwordProfile": {"password": "Creat3d-Passw0rd!"}})
        .to_string();
    let m = refused(
        &f.admin("POST", "/v1.0/users", &body).await,
        400,
        "Request_BadRequest",
    );
    assert!(m.contains("mailNickname"), "{m}");
    let mut weak: Value = serde_json::from_str(&new_user("Weak One")).unwrap();
    weak["passwordProfile"]["password"] = json!("short");
    refused(
        &f.admin("POST", "/v1.0/users", &weak.to_string()).await,
        400,
        "Request_BadRequest",
    );
    let mut taken: Value = serde_json::from_str(&new_user("Alice Again")).unwrap();
    taken["userPrincipalName"] = json!("ALICE@contoso.com");
    let m = refused(
        &f.admin("POST", "/v1.0/users", &taken.to_string()).await,
        400,
        "Request_BadRequest",
    );
    assert!(m.contains("userPrincipalName already exists"), "{m}");
    refused(
        &f.admin("POST", "/v1.0/users", "[1]").await,
        400,
        "BadRequest",
    );
}

#[tokio::test]
async fn writes_need_an_admin_role_or_an_application_token_and_reads_a_known_token() {
    let f = Fake::contoso().await;
    refused(
        &f.get("/v1.0/users", "stranger-token").await,
        401,
        "InvalidAuthenticationToken",
    );
    refused(
        &f.call("POST", "/v1.0/users", "alice-token", &[], &new_user("Eve"))
            .await,
        403,
        "Authorization_RequestDenied",
    );
    let patch = json!({"jobTitle": "CEO"}).to_string();
    refused(
        &f.call("PATCH", "/v1.0/me", "alice-token", &[], &patch)
            .await,
        403,
        "Authorization_RequestDenied",
    );
    ok(
        &f.call(
            "POST",
            "/v1.0/users",
            "app-token",
            &[],
            &new_user("Made By App"),
        )
        .await,
        201,
    );
    // A user's own contained collections are theirs to write.
    let message = json!({"subject": "Hi"}).to_string();
    let m = ok(
        &f.call("POST", "/v1.0/me/messages", "alice-token", &[], &message)
            .await,
        201,
    );
    assert!(m["@odata.context"]
        .as_str()
        .is_some_and(|c| c.ends_with(&format!("#users('{ALICE}')/messages/$entity"))));
    refused(
        &f.call(
            "POST",
            &format!("/v1.0/users/{ADMIN}/messages"),
            "alice-token",
            &[],
            &message,
        )
        .await,
        403,
        "Authorization_RequestDenied",
    );
    refused(&f.get("/v1.0/me", "app-token").await, 400, "BadRequest");
}

#[tokio::test]
async fn me_resolves_to_the_caller_and_contained_collections_are_kept_per_parent() {
    let f = Fake::contoso().await;
    let me = ok(&f.get("/v1.0/me", "alice-token").await, 200);
    assert_eq!(me["id"], ALICE);
    assert_eq!(me["displayName"], "Alice Smith");
    for subject in ["one", "two"] {
        let body = json!({"subject": subject}).to_string();
        ok(
            &f.call("POST", "/v1.0/me/messages", "alice-token", &[], &body)
                .await,
            201,
        );
    }
    let mine = ok(
        &f.get(
            &format!("/v1.0/users/{ALICE}/messages?$orderby=subject%20desc"),
            "admin-token",
        )
        .await,
        200,
    );
    let subjects: Vec<&str> = mine["value"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(subjects, ["two", "one"]);
    let theirs = ok(&f.get("/v1.0/me/messages", "admin-token").await, 200);
    assert_eq!(theirs["value"], json!([]));
    let id = mine["value"][0]["id"].as_str().unwrap();
    let one = ok(
        &f.get(&format!("/v1.0/me/messages/{id}"), "alice-token")
            .await,
        200,
    );
    assert_eq!(one["subject"], "two");
    refused(
        &f.get("/v1.0/me/messagez", "alice-token").await,
        404,
        "ResourceNotFound",
    );
    refused(
        &f.get("/v1.0/nowhere", "alice-token").await,
        404,
        "ResourceNotFound",
    );
}

#[tokio::test]
async fn select_filter_orderby_and_top_shape_a_list_as_graph_does() {
    let f = Fake::contoso().await;
    let page = ok(
        &f.get(
            "/v1.0/users?$select=displayName,mail&$filter=startswith(displayName,'a')%20or%20mail%20eq%20'ADMIN@contoso.com'&$orderby=displayName%20desc",
            "alice-token",
        )
        .await,
        200,
    );
    assert!(page["@odata.context"]
        .as_str()
        .is_some_and(|c| c.ends_with("/v1.0/$metadata#users(displayName,mail)")));
    assert_eq!(names(&page), ["Contoso Admin", "Alice Smith"]);
    assert_eq!(
        page["value"][0],
        json!({"displayName": "Contoso Admin", "mail": "admin@contoso.com"})
    );
    let page = ok(
        &f.get(
            "/v1.0/users?$filter=id%20in%20('x','11111111-1111-4111-8111-111111111111')",
            "alice-token",
        )
        .await,
        200,
    );
    assert_eq!(names(&page), ["Alice Smith"]);
    let page = ok(
        &f.get("/v1.0/groups?$filter=displayName%20eq%20'Engineering'%20and%20securityEnabled%20eq%20true", "alice-token").await,
        200,
    );
    assert_eq!(names(&page), ["Engineering"]);
}

#[tokio::test]
async fn a_filter_it_cannot_read_is_a_400_never_ignored() {
    let f = Fake::contoso().await;
    for (query, code) in [
        ("$filter=displayName%20eq", "BadRequest"),
        ("$filter=displayName%20eq%20'x'%20extra", "BadRequest"),
        (
            "$filter=contains(displayName,'x')",
            "Request_UnsupportedQuery",
        ),
        ("$top=0", "BadRequest"),
        ("$expand=manager", "BadRequest"),
        ("$skiptoken=forged", "BadRequest"),
    ] {
        refused(
            &f.get(&format!("/v1.0/users?{query}"), "alice-token").await,
            400,
            code,
        );
    }
    // `ne` and `not` on directory objects are advanced queries, as on Graph.
    let m = refused(
        &f.get("/v1.0/users?$filter=displayName%20ne%20'x'", "alice-token")
            .await,
        400,
        "Request_UnsupportedQuery",
    );
    assert!(m.contains("ConsistencyLevel"), "{m}");
    let page = ok(
        &f.eventual("/v1.0/users?$filter=displayName%20ne%20'Alice%20Smith'&$count=true")
            .await,
        200,
    );
    assert_eq!(names(&page), ["Contoso Admin"]);
}

#[tokio::test]
async fn top_pages_with_a_next_link_that_keeps_the_query_and_ends_on_the_last_page() {
    let mut builder = SimulatedGraph::builder().user(
        SimulatedUser::new("admin@contoso.com", "Adm1n-Passw0rd!", "admin-token")
            .role("User Administrator"),
    );
    for i in 0..7 {
        builder = builder.user(
            SimulatedUser::new(format!("u{i}@contoso.com"), "Passw0rd!x", format!("t{i}"))
                .property("displayName", format!("User {i}"))
                .property("department", "Sales"),
        );
    }
    let f = Fake::of(builder.build().unwrap()).await;
    let mut link = format!(
        "{}/v1.0/users?$filter=department%20eq%20'Sales'&$top=3&$orderby=displayName%20desc&$select=displayName",
        f.server.uri()
    );
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let path = link
            .strip_prefix(&f.server.uri())
            .expect("a link to the same server");
        let page = ok(&f.get(path, "admin-token").await, 200);
        pages += 1;
        seen.extend(names(&page));
        match page["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(
                    next.contains("$top=3") && next.contains("$skiptoken="),
                    "{next}"
                );
                link = next.to_owned();
            }
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(
        seen,
        ["User 6", "User 5", "User 4", "User 3", "User 2", "User 1", "User 0"]
    );
}

#[tokio::test]
async fn count_and_search_need_consistency_level_eventual_on_directory_objects() {
    let f = Fake::contoso().await;
    let m = refused(
        &f.get("/v1.0/users/$count", "alice-token").await,
        400,
        "Request_BadRequest",
    );
    assert!(m.contains("ConsistencyLevel"), "{m}");
    refused(
        &f.get("/v1.0/users?$count=true", "alice-token").await,
        400,
        "Request_BadRequest",
    );
    refused(
        &f.get("/v1.0/users?$search=%22displayName:ali%22", "alice-token")
            .await,
        400,
        "Request_UnsupportedQuery",
    );
    let a = f.eventual("/v1.0/users/$count").await;
    assert_eq!(a.status, 200);
    assert!(a
        .header("content-type")
        .is_some_and(|c| c.starts_with("text/plain")));
    assert_eq!(a.body, b"2");
    let a = f
        .eventual("/v1.0/groups/$count?$filter=startswith(displayName,'e')")
        .await;
    assert_eq!(a.body, b"1");
    let page = ok(&f.eventual("/v1.0/users?$count=true&$top=1").await, 200);
    assert_eq!(page["@odata.count"], 2);
    assert_eq!(page["value"].as_array().map(Vec::len), Some(1));
    assert!(page["@odata.nextLink"].is_string());
    let found = ok(
        &f.eventual("/v1.0/users?$search=%22displayName:smi%22%20OR%20%22mail:nobody%22")
            .await,
        200,
    );
    assert_eq!(names(&found), ["Alice Smith"]);
    // Outside the directory, $count needs no header.
    let a = f.get("/v1.0/me/messages/$count", "alice-token").await;
    assert_eq!(a.body, b"0");
}

#[tokio::test]
async fn members_are_linked_with_ref_listed_with_their_type_and_unlinked() {
    let f = Fake::contoso().await;
    let members = ok(
        &f.get(
            &format!("/v1.0/groups/{ENGINEERING}/members"),
            "alice-token",
        )
        .await,
        200,
    );
    assert!(members["@odata.context"]
        .as_str()
        .is_some_and(|c| c.ends_with("$metadata#directoryObjects")));
    assert_eq!(members["value"][0]["@odata.type"], "#microsoft.graph.user");
    assert_eq!(members["value"][0]["id"], ALICE);
    let link =
        json!({"@odata.id": format!("https://graph.microsoft.com/v1.0/directoryObjects/{ADMIN}")})
            .to_string();
    let path = format!("/v1.0/groups/{ENGINEERING}/members/$ref");
    let a = f.admin("POST", &path, &link).await;
    assert_eq!(a.status, 204);
    let m = refused(
        &f.admin("POST", &path, &link).await,
        400,
        "Request_BadRequest",
    );
    assert!(m.contains("already exist"), "{m}");
    let missing =
        json!({"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/no-such-id"})
            .to_string();
    refused(
        &f.admin("POST", &path, &missing).await,
        404,
        "Request_ResourceNotFound",
    );
    refused(
        &f.call("POST", &path, "alice-token", &[], &link).await,
        403,
        "Authorization_RequestDenied",
    );
    let members = ok(
        &f.get(
            &format!("/v1.0/groups/{ENGINEERING}/members/microsoft.graph.user?$select=displayName"),
            "alice-token",
        )
        .await,
        200,
    );
    assert_eq!(names(&members), ["Alice Smith", "Contoso Admin"]);
    assert_eq!(members["value"][1]["@odata.type"], "#microsoft.graph.user");
    let groups = ok(
        &f.get(&format!("/v1.0/users/{ADMIN}/memberOf"), "admin-token")
            .await,
        200,
    );
    assert_eq!(groups["value"].as_array().map(Vec::len), Some(3));
    assert_eq!(groups["value"][0]["@odata.type"], "#microsoft.graph.group");
    let a = f
        .admin(
            "DELETE",
            &format!("/v1.0/groups/{ENGINEERING}/members/{ADMIN}/$ref"),
            "",
        )
        .await;
    assert_eq!(a.status, 204);
    assert_eq!(
        f.graph.links(&format!("groups/{ENGINEERING}/members")),
        [ALICE]
    );
    refused(
        &f.admin(
            "DELETE",
            &format!("/v1.0/groups/{ENGINEERING}/members/{ADMIN}/$ref"),
            "",
        )
        .await,
        404,
        "Request_ResourceNotFound",
    );
}

#[tokio::test]
async fn deleting_a_user_removes_it_from_its_groups() {
    let f = Fake::contoso().await;
    let a = f.admin("DELETE", &format!("/v1.0/users/{ALICE}"), "").await;
    assert_eq!(a.status, 204);
    assert_eq!(
        f.graph.links(&format!("groups/{ALL_COMPANY}/members")),
        [ADMIN]
    );
    refused(
        &f.get("/v1.0/me", "alice-token").await,
        401,
        "InvalidAuthenticationToken",
    );
}

#[tokio::test]
async fn a_group_is_created_with_members_bound_and_read_back() {
    let f = Fake::contoso().await;
    let body = json!({
        "displayName": "Ops", "mailNickname": "ops", "mailEnabled": false, "securityEnabled": true,
        "members@odata.bind": [format!("https://graph.microsoft.com/v1.0/directoryObjects/{ALICE}")],
    })
    .to_string();
    let g = ok(&f.admin("POST", "/v1.0/groups", &body).await, 201);
    let id = g["id"].as_str().unwrap();
    assert!(g.get("members@odata.bind").is_none());
    let members = ok(
        &f.get(&format!("/v1.0/groups/{id}/members"), "admin-token")
            .await,
        200,
    );
    assert_eq!(names(&members), ["Alice Smith"]);
}

fn batch(requests: Value) -> String {
    json!({ "requests": requests }).to_string()
}

#[tokio::test]
async fn a_batch_answers_each_step_with_its_own_status_headers_and_body() {
    let f = Fake::contoso().await;
    let body = batch(json!([
        {"id": "1", "method": "GET", "url": "/me?$select=displayName"},
        {"id": "2", "method": "GET", "url": "/users/no-such-user"},
        {"id": "3", "method": "POST", "url": "/users", "headers": {"Content-Type": "application/json"},
         "body": serde_json::from_str::<Value>(&new_user("Batch Made")).unwrap()},
        {"id": "4", "method": "GET", "url": "/users/$count", "headers": {"ConsistencyLevel": "eventual"}, "dependsOn": ["3"]},
    ]));
    let a = f.admin("POST", "/v1.0/$batch", &body).await;
    let v = ok(&a, 200);
    let steps = v["responses"].as_array().unwrap();
    assert_eq!(steps.len(), 4);
    assert_eq!(steps[0]["id"], "1");
    assert_eq!(steps[0]["status"], 200);
    assert_eq!(steps[0]["body"]["displayName"], "Contoso Admin");
    assert!(steps[0]["headers"]["Content-Type"]
        .as_str()
        .is_some_and(|c| c.starts_with("application/json")));
    assert_eq!(steps[1]["status"], 404);
    assert_eq!(
        steps[1]["body"]["error"]["code"],
        "Request_ResourceNotFound"
    );
    assert_eq!(steps[2]["status"], 201);
    assert_eq!(steps[2]["body"]["displayName"], "Batch Made");
    assert_eq!(steps[3]["status"], 200);
    assert_eq!(
        steps[3]["body"], "Mw==",
        "a body that is not JSON is base64: 3"
    );
    let journal = f.graph.journal();
    let batched: Vec<_> = journal
        .iter()
        .filter_map(|e| e.batch_step.clone())
        .collect();
    assert_eq!(batched, ["1", "2", "3", "4"]);
    assert_eq!(journal[0].query, "$select=displayName");
    assert_eq!(
        journal.last().map(|e| e.route.clone()),
        Some(Some("/v1.0/$batch".to_owned()))
    );
}

#[tokio::test]
async fn a_step_whose_dependency_failed_gets_424_and_more_than_20_steps_are_refused() {
    let f = Fake::contoso().await;
    let body = batch(json!([
        {"id": "a", "method": "GET", "url": "/users/nobody"},
        {"id": "b", "method": "GET", "url": "/me", "dependsOn": ["a"]},
        {"id": "c", "method": "GET", "url": "/me", "dependsOn": ["b"]},
    ]));
    let v = ok(
        &f.call("POST", "/v1.0/$batch", "alice-token", &[], &body)
            .await,
        200,
    );
    let status: Vec<u64> = v["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_u64().unwrap())
        .collect();
    assert_eq!(status, [404, 424, 424]);
    assert_eq!(
        v["responses"][1]["body"]["error"]["code"],
        "FailedDependency"
    );
    let many: Vec<Value> = (0..21)
        .map(|i| json!({"id": i.to_string(), "method": "GET", "url": "/me"}))
        .collect();
    let m = refused(
        &f.call(
            "POST",
            "/v1.0/$batch",
            "alice-token",
            &[],
            &batch(Value::Array(many)),
        )
        .await,
        400,
        "BadRequest",
    );
    assert!(m.contains("at most 20"), "{m}");
    refused(
        &f.call("POST", "/v1.0/$batch", "nobody", &[], &batch(json!([])))
            .await,
        401,
        "InvalidAuthenticationToken",
    );
}

#[tokio::test]
async fn injected_throttling_hits_single_steps_with_their_own_retry_after() {
    let f = Fake::contoso().await;
    f.graph.throttle_every(2, Duration::from_secs(7));
    // Call 1 is the batch itself; its steps are calls 2, 3 and 4.
    let body = batch(json!([
        {"id": "1", "method": "GET", "url": "/me"},
        {"id": "2", "method": "GET", "url": "/me"},
        {"id": "3", "method": "GET", "url": "/me"},
    ]));
    let v = ok(
        &f.call("POST", "/v1.0/$batch", "alice-token", &[], &body)
            .await,
        200,
    );
    let steps = v["responses"].as_array().unwrap();
    assert_eq!(steps[0]["status"], 429);
    assert_eq!(steps[0]["headers"]["Retry-After"], "7");
    assert_eq!(steps[0]["body"]["error"]["code"], "TooManyRequests");
    assert_eq!(steps[1]["status"], 200);
    assert_eq!(steps[2]["status"], 429);
}

#[tokio::test]
async fn a_seed_gives_users_any_property_and_further_entity_sets_with_members() {
    let seed = r#"{
      "users": [{"id": "u1", "userPrincipalName": "ada@contoso.com", "password": "Old-Passw0rd!",
                 "token": "ada-token", "roles": ["Groups Administrator"],
                 "displayName": "Ada", "department": "R&D", "employeeId": "7"},
                {"id": "u2", "userPrincipalName": "bo@contoso.com", "displayName": "Bo"}],
      "groups": [{"id": "g1", "displayName": "Research", "members": ["u1", "u2"]}],
      "devices": [{"displayName": "Laptop 1", "operatingSystem": "Windows"}]
    }"#;
    let f = Fake::of(SimulatedGraph::from_seed_json(seed).unwrap()).await;
    let me = ok(
        &f.get(
            "/v1.0/me?$select=displayName,department,password,token,roles",
            "ada-token",
        )
        .await,
        200,
    );
    assert_eq!(me["department"], "R&D");
    for seed_only in ["password", "token", "roles"] {
        assert_eq!(me[seed_only], Value::Null, "{seed_only} is the seed's own");
    }
    let all = serde_json::to_string(&f.graph.entity("users", "u1").unwrap()).unwrap();
    assert!(
        !all.contains("Old-Passw0rd!") && !all.contains("ada-token"),
        "{all}"
    );
    let members = ok(&f.get("/v1.0/groups/g1/members", "ada-token").await, 200);
    assert_eq!(names(&members), ["Ada", "Bo"]);
    let devices = ok(&f.get("/v1.0/devices", "ada-token").await, 200);
    assert_eq!(names(&devices), ["Laptop 1"]);
    // A Groups Administrator may write to the directory.
    let link =
        json!({"@odata.id": "https://graph.microsoft.com/v1.0/directoryObjects/u2"}).to_string();
    let a = f
        .call(
            "DELETE",
            "/v1.0/groups/g1/members/u2/$ref",
            "ada-token",
            &[],
            "",
        )
        .await;
    assert_eq!(a.status, 204);
    ok(
        &f.call(
            "POST",
            "/v1.0/groups/g1/members/$ref",
            "ada-token",
            &[],
            &link,
        )
        .await,
        204,
    );

    for (bad, says) in [
        (
            r#"{"groups": [{"id": "g", "members": ["nobody"]}]}"#,
            "nobody",
        ),
        (r#"{"widgets": []}"#, "unknown field `widgets`"),
        (r#"{"groups": {"id": "g"}}"#, "list"),
    ] {
        let e = SimulatedGraph::from_seed_json(bad).unwrap_err();
        assert!(e.problem().contains(says), "{bad}: {e}");
    }
}

#[tokio::test]
async fn behind_a_proxy_links_name_the_forwarded_host() {
    let f = Fake::contoso().await;
    let page = ok(
        &f.call(
            "GET",
            "/v1.0/users?$top=1",
            "alice-token",
            &[
                ("X-Forwarded-Host", "graph.microsoft.com"),
                ("X-Forwarded-Proto", "https"),
            ],
            "",
        )
        .await,
        200,
    );
    let next = page["@odata.nextLink"].as_str().unwrap_or_default();
    assert!(
        next.starts_with("https://graph.microsoft.com/v1.0/users?$top=1&$skiptoken="),
        "{next}"
    );
    let page = ok(&f.get("/v1.0/users?$top=1", "alice-token").await, 200);
    let next = page["@odata.nextLink"].as_str().unwrap_or_default();
    assert!(next.starts_with(&f.server.uri()), "{next}");
}
