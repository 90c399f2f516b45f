//! The call comes from the request line alone; two pages claiming one call, or one method
//! name for two things on a node, are a diagnostic naming both.

use std::path::Path;

use msgraph_typed_codegen::ir::{Api, Version};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn api_page(path: &str, title: &str, requests: &[&str], status: &str) -> DocPage {
    let text = format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{}\n```\n\n## Response\n\nIf successful, this action returns a `{status}` response code.\n",
        requests.join("\n")
    );
    read_page(Path::new(path), &text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn calls(api: &Api) -> Vec<(String, String, String)> {
    api.operations
        .values()
        .map(|o| {
            let version = match o.version {
                Version::V1 => "v1.0",
                Version::Beta => "beta",
            };
            (o.node.clone(), o.rust_name.clone(), version.to_owned())
        })
        .collect()
}

fn owned(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn paths_that_share_an_action_name_give_calls_on_their_own_nodes() {
    let page = api_page(
        "beta/api/mobileapp-assign.md",
        "mobileApp: assign",
        &[
            "POST /deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userId}/app/assign",
            "POST /deviceAppManagement/mobileApps/{mobileAppId}/assign",
        ],
        "204 No Content",
    );
    let api = lower(&[page], false).unwrap().api;
    assert_eq!(
        calls(&api),
        owned(&[
            ("/deviceAppManagement/mobileApps/{}", "assign", "beta"),
            (
                "/deviceAppManagement/mobileApps/{}/userStatuses/{}/app",
                "assign",
                "beta"
            ),
        ])
    );
}

#[test]
fn adding_a_page_never_renames_another_operation() {
    let a = api_page(
        "v1.0/api/a.md",
        "thing: go",
        &["POST /things/{id}/go"],
        "204 No Content",
    );
    let b = api_page(
        "v1.0/api/b.md",
        "other: go",
        &["POST /others/{id}/go"],
        "204 No Content",
    );
    let alone = calls(&lower(std::slice::from_ref(&a), false).unwrap().api);
    let both = calls(&lower(&[a, b], false).unwrap().api);
    assert!(alone.iter().all(|c| both.contains(c)), "{alone:?} {both:?}");
}

#[test]
fn two_pages_claiming_one_call_are_a_diagnostic_naming_both() {
    let v1 = api_page(
        "v1.0/api/a.md",
        "thing: go",
        &["POST /things/{id}/go"],
        "204 No Content",
    );
    let beta = api_page(
        "beta/api/a.md",
        "thing: go",
        &["POST /things/{key}/go"],
        "204 No Content",
    );
    let strict = lower(&[beta.clone(), v1.clone()], false).unwrap_err();
    let text = strict[0].to_string();
    assert!(text.starts_with("beta/api/a.md:"), "{text}");
    assert!(
        text.contains("v1.0/api/a.md (line 13)") && text.contains("same call"),
        "{text}"
    );
    // Lenient: the v1.0 page keeps the call, in any page order; the beta page is a
    // warning, and counts as generated since its call is.
    for pages in [[beta.clone(), v1.clone()], [v1, beta]] {
        let lowered = lower(&pages, true).unwrap();
        assert_eq!(calls(&lowered.api), owned(&[("/things/{}", "go", "v1.0")]));
        assert!(lowered.skipped.is_empty(), "{:?}", lowered.skipped);
        let warning = lowered.warnings[0].to_string();
        assert!(
            warning.starts_with("beta/api/a.md:13: warning:"),
            "{warning}"
        );
        assert_eq!(lowered.generated_operation_pages, 2);
    }
}

#[test]
fn a_method_name_that_would_mean_two_things_on_one_node_is_a_diagnostic() {
    // `POST .../reply` answered 201 creates in a `reply` collection; answered 202 it is
    // the action `reply(body)`: both would be `reply` on `/me/messages/{}`.
    let create = api_page(
        "v1.0/api/a.md",
        "Create reply",
        &["POST /me/messages/{id}/reply"],
        "201 Created",
    );
    let action = api_page(
        "v1.0/api/b.md",
        "message: reply",
        &["POST /me/messages/{id}/reply"],
        "202 Accepted",
    );
    let lowered = lower(&[create, action], true).unwrap();
    assert_eq!(
        calls(&lowered.api),
        owned(&[("/me/messages/{}/reply", "create", "v1.0")])
    );
    let d = lowered.skipped[0].to_string();
    assert!(
        d.starts_with("v1.0/api/b.md:") && d.contains("v1.0/api/a.md (line"),
        "{d}"
    );
    assert_eq!(lowered.generated_operation_pages, 1);
    assert!(d.contains("the method `reply`"), "{d}");
}

#[test]
fn a_page_with_one_duplicate_line_keeps_its_other_calls_with_a_warning() {
    let page = api_page(
        "v1.0/api/a.md",
        "List things",
        &["GET /things/{id}/parts", "GET /things/{thing-id}/parts"],
        "200 OK",
    );
    let lowered = lower(&[page], true).unwrap();
    assert_eq!(lowered.api.operations.len(), 1);
    assert!(lowered.skipped.is_empty());
    assert!(lowered.warnings[0].to_string().contains("warning:"));
    assert_eq!(lowered.generated_operation_pages, 1);
}
