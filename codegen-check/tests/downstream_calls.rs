//! The generated downstream code, called through a hand-made `GraphClient` that records
//! the request and answers with a canned response. No async runtime and no other
//! dependency: the futures complete at their first poll.

use std::future::{Future, IntoFuture};
use std::pin::Pin;
use std::sync::Mutex;
use std::task::{Context, Poll, Waker};

use msgraph_typed::models::{PasswordValidationInformation, ValidatePasswordRequest};
use msgraph_typed::{Error, GraphClient, GraphRequest, GraphResponse};
use msgraph_typed_codegen_check::models::{
    CheckMemberGroupsRequest, DirectoryObject, UpdateConnectorRequest,
};
use msgraph_typed_codegen_check::prelude::*;

/// Records each request and answers `status` with `body` (and `headers`).
struct Canned {
    status: u16,
    body: &'static str,
    headers: Vec<(&'static str, &'static str)>,
    seen: Mutex<Vec<(String, String, Option<String>)>>,
}

impl Canned {
    fn new(status: u16, body: &'static str) -> Self {
        Self {
            status,
            body,
            headers: Vec::new(),
            seen: Mutex::new(Vec::new()),
        }
    }

    fn with_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.headers.push((name, value));
        self
    }
}

impl GraphClient for Canned {
    fn execute<'a, 'b>(
        &'a self,
        request: GraphRequest,
    ) -> Pin<Box<dyn Future<Output = Result<GraphResponse, Error>> + Send + 'b>>
    where
        'a: 'b,
        Self: 'b,
    {
        let body = request
            .body()
            .map(|b| String::from_utf8_lossy(b).into_owned());
        self.seen.lock().unwrap().push((
            request.method().to_string(),
            format!("/{}{}", request.version(), request.target()),
            body,
        ));
        let mut response = GraphResponse::new(self.status, self.body);
        for (name, value) in &self.headers {
            response.headers.insert(
                msgraph_typed::http::HeaderName::from_static(name),
                msgraph_typed::http::HeaderValue::from_static(value),
            );
        }
        Box::pin(std::future::ready(Ok(response)))
    }
}

fn run<F: IntoFuture>(f: F) -> F::Output {
    let mut f = std::pin::pin!(f.into_future());
    let mut cx = Context::from_waker(Waker::noop());
    match f.as_mut().poll(&mut cx) {
        Poll::Ready(v) => v,
        Poll::Pending => panic!("the canned client never waits"),
    }
}

#[test]
fn a_new_group_is_reached_through_the_prelude_with_its_key_encoded() {
    let graph = Canned::new(200, r#"{"value": ["g1"]}"#);
    let body = CheckMemberGroupsRequest::new(vec!["g1".to_owned(), "g2".to_owned()]);
    let ids = run(graph.groups().by_id("a/b").check_member_groups(body)).unwrap();
    assert_eq!(ids.value, ["g1"]);
    let seen = graph.seen.lock().unwrap();
    assert_eq!(seen[0].0, "POST");
    assert_eq!(seen[0].1, "/v1.0/groups/a%2Fb/checkMemberGroups");
    assert_eq!(seen[0].2.as_deref(), Some(r#"{"groupIds":["g1","g2"]}"#));
}

#[test]
fn a_collection_response_is_the_value_array_with_unknown_fields_ignored() {
    let graph = Canned::new(
        200,
        r##"{"@odata.context": "x", "value": [{"@odata.type": "#microsoft.graph.user", "id": "u1", "extra": 1}]}"##,
    );
    let owners: Vec<DirectoryObject> = run(graph.groups().by_id("g").owners().list())
        .unwrap()
        .into_value();
    assert_eq!(owners.len(), 1);
    assert_eq!(owners[0].id.as_deref(), Some("u1"));
    assert_eq!(
        owners[0].odata_type.as_deref(),
        Some("#microsoft.graph.user")
    );
    assert_eq!(owners[0].deleted_date_time, None);
}

#[test]
fn a_new_call_under_an_sdk_group_is_reached_through_the_prelude_without_a_hop() {
    let graph = Canned::new(200, r#"{"value": true}"#);
    let revoked = run(graph
        .users()
        .by_id("adele@contoso.com")
        .revoke_sign_in_sessions())
    .unwrap();
    assert!(revoked);
    assert_eq!(
        graph.seen.lock().unwrap()[0].1,
        "/v1.0/users/adele@contoso.com/revokeSignInSessions"
    );
}

#[test]
fn a_graph_error_status_is_an_error_with_its_code() {
    let graph = Canned::new(
        404,
        r#"{"error": {"code": "Request_ResourceNotFound", "message": "no"}}"#,
    );
    let err = run(graph.groups().by_id("g").owners().list()).unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert_eq!(err.code(), Some("Request_ResourceNotFound"));
}

#[test]
fn optional_fields_have_setters_and_are_left_out_when_unset() {
    let body = CheckMemberGroupsRequest::new(vec!["g1".to_owned()]).with_include_nested(true);
    let graph = Canned::new(200, r#"{"value": []}"#);
    run(graph.groups().by_id("g").check_member_groups(body)).unwrap();
    assert_eq!(
        graph.seen.lock().unwrap()[0].2.as_deref(),
        Some(r#"{"groupIds":["g1"],"includeNested":true}"#)
    );
}

#[test]
fn a_recursive_resource_is_boxed_and_builds() {
    let boss = DirectoryObject::new().with_id("boss");
    let me = DirectoryObject::new()
        .with_id("me")
        .with_manager(boss.clone())
        .with_type("user");
    assert_eq!(me.manager.as_deref(), Some(&boss));
    assert_eq!(me.r#type.as_deref(), Some("user"));
}

#[test]
fn a_listed_resource_decodes_without_the_properties_graph_left_out() {
    // `id` is "Not nullable" on its page, but a list answers with what `$select` asked
    // for: an object without it still decodes.
    let graph = Canned::new(200, r#"{"value": [{"deletedDateTime": null}]}"#);
    let page = run(graph.groups().by_id("g").owners().list()).unwrap();
    assert_eq!(page.value, vec![DirectoryObject::new()]);
}

#[test]
fn a_collection_page_exposes_the_link_to_the_next_page() {
    let graph = Canned::new(
        200,
        r#"{"value": [{"id": "u1"}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/groups/g/owners?$skiptoken=X"}"#,
    );
    let page = run(graph.groups().by_id("g").owners().list()).unwrap();
    assert!(page.has_next());
    assert_eq!(
        page.next_link.as_deref(),
        Some("https://graph.microsoft.com/v1.0/groups/g/owners?$skiptoken=X")
    );
    assert_eq!(page.version(), Some(msgraph_typed::ApiVersion::V1));
    // Followed through the same client: a GET of the link's path and query.
    let next = run(page.next(&graph)).unwrap().expect("a next page");
    assert!(next.has_next());
    let seen = graph.seen.lock().unwrap();
    assert_eq!(seen[1].0, "GET");
    assert_eq!(seen[1].1, "/v1.0/groups/g/owners?$skiptoken=X");
    assert_eq!(seen[1].2, None);
}

#[test]
fn an_empty_key_is_refused_before_anything_is_sent() {
    let graph = Canned::new(200, r#"{"value": []}"#);
    let err = run(graph.groups().by_id("").owners().list()).unwrap_err();
    assert!(err.is_builder(), "{err}");
    assert!(
        err.to_string().contains("`{id}` after `/groups` is empty"),
        "{err}"
    );
    assert!(graph.seen.lock().unwrap().is_empty(), "nothing is sent");
}

#[test]
fn a_202_operation_returns_the_location_header() {
    let graph = Canned::new(202, "").with_header(
        "location",
        "https://graph.microsoft.com/v1.0/groups('g')/operations('7')",
    );
    let accepted = run(graph.groups().by_id("g").archive()).unwrap();
    assert_eq!(
        accepted.location.as_deref(),
        Some("https://graph.microsoft.com/v1.0/groups('g')/operations('7')")
    );
    assert_eq!(graph.seen.lock().unwrap()[0].1, "/v1.0/groups/g/archive");
}

/// Exactly the line that did not compile while operations took `&self`: the future
/// outlives the temporary group it was built from.
async fn validate_later(
    client: &dyn GraphClient,
    req: ValidatePasswordRequest,
) -> Result<PasswordValidationInformation, Error> {
    let f = client.users().validate_password(req);
    f.await
}

#[test]
fn a_future_built_from_a_temporary_group_can_be_awaited_later() {
    let graph = Canned::new(200, r#"{"isValid": true, "validationResults": []}"#);
    let info = run(validate_later(&graph, ValidatePasswordRequest::new("pw"))).unwrap();
    assert!(info.is_valid);

    let groups = Canned::new(200, r#"{"value": [{"id": "o1"}]}"#);
    let f = groups.groups().by_id("g").owners().list();
    assert_eq!(run(f).unwrap().value[0].id.as_deref(), Some("o1"));
}

#[test]
fn an_enum_keeps_a_value_the_page_does_not_list_in_its_one_catch_all() {
    use msgraph_typed_codegen_check::models::{ObjectOrigin, ObjectState};
    let o: DirectoryObject = msgraph_typed::__private::serde_json::from_str(
        r#"{"id": "1", "state": "softDeleted", "origin": "somewhereNew"}"#,
    )
    .unwrap();
    assert_eq!(o.state, Some(ObjectState::SoftDeleted));
    assert_eq!(
        o.origin,
        Some(ObjectOrigin::UnknownFutureValue("somewhereNew".to_owned())),
        "`other` is a member of its own; the catch-all keeps its one name"
    );
    let back = msgraph_typed::__private::serde_json::to_string(&o).unwrap();
    assert!(back.contains(r#""origin":"somewhereNew""#), "{back}");
    assert!(back.contains(r#""state":"softDeleted""#), "{back}");
    assert_eq!(ObjectOrigin::from("onPremises"), ObjectOrigin::OnPremises);
    assert_eq!(ObjectOrigin::from("other"), ObjectOrigin::Other);
    assert_eq!(ObjectState::UnknownFutureValue("x".into()).as_str(), "x");
}

#[test]
fn graphs_unknown_future_value_decodes_into_the_catch_all_and_goes_back_as_it_came() {
    use msgraph_typed_codegen_check::models::{ObjectOrigin, ObjectState};
    // Both enums list `unknownFutureValue` on their page (a member table and a
    // possible-values list): it is the catch-all, not a variant of its own.
    let o: DirectoryObject = msgraph_typed::__private::serde_json::from_str(
        r#"{"state": "unknownFutureValue", "origin": "unknownFutureValue"}"#,
    )
    .unwrap();
    let sentinel = "unknownFutureValue".to_owned();
    assert_eq!(
        o.state,
        Some(ObjectState::UnknownFutureValue(sentinel.clone()))
    );
    assert_eq!(o.origin, Some(ObjectOrigin::UnknownFutureValue(sentinel)));
    let back = msgraph_typed::__private::serde_json::to_value(&o).unwrap();
    assert_eq!(back["state"], "unknownFutureValue");
    assert_eq!(back["origin"], "unknownFutureValue");
    // A value matched by hand needs one arm for both "Graph held it back" and "new".
    let is_known = |s: &ObjectState| !matches!(s, ObjectState::UnknownFutureValue(_));
    assert!(!is_known(&ObjectState::from("unknownFutureValue")));
    assert!(!is_known(&ObjectState::from("archived")));
    assert!(is_known(&ObjectState::from("active")));
}

#[test]
fn an_update_sends_only_what_was_set_and_null_for_what_was_cleared() {
    let graph = Canned::new(204, "");
    let body = UpdateConnectorRequest::new()
        .with_target_url("https://hooks.contoso.com/signup")
        .clear_display_name();
    run(graph.identity().api_connectors().by_id("c1").update(body)).unwrap();
    let seen = graph.seen.lock().unwrap();
    let (method, path, body) = &seen[0];
    assert_eq!(method, "PATCH");
    assert_eq!(path, "/v1.0/identity/apiConnectors/c1");
    assert_eq!(
        body.as_deref(),
        Some(r#"{"displayName":null,"targetUrl":"https://hooks.contoso.com/signup"}"#)
    );
}

#[test]
fn a_secret_set_on_an_update_is_sent_but_never_shows_in_debug() {
    let graph = Canned::new(204, "");
    let body = UpdateConnectorRequest::new().with_password("Rotated-s3cret-value");
    let debug = format!("{body:?}");
    assert!(!debug.contains("Rotated-s3cret-value"), "{debug}");
    assert!(debug.contains("[redacted]"), "{debug}");
    run(graph.identity().api_connectors().by_id("c1").update(body)).unwrap();
    let seen = graph.seen.lock().unwrap();
    assert_eq!(
        seen[0].2.as_deref(),
        Some(r#"{"password":"Rotated-s3cret-value"}"#)
    );
}
