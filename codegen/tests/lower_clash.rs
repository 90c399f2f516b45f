//! Operations that share a method name in one group are named by what tells them apart.

use std::path::Path;

use msgraph_typed_codegen::ir::{Api, Version};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn api_page(path: &str, title: &str, requests: &[&str]) -> DocPage {
    let text = format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{}\n```\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n",
        requests.join("\n")
    );
    read_page(Path::new(path), &text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn names(pages: &[DocPage]) -> Vec<(String, String, String)> {
    let api: Api = lower(pages, false)
        .unwrap_or_else(|d| panic!("{}", d[0]))
        .api;
    api.operations
        .values()
        .map(|o| {
            (
                o.rust_name.clone(),
                match o.version {
                    Version::V1 => "v1.0".to_owned(),
                    Version::Beta => "beta".to_owned(),
                },
                o.path.clone(),
            )
        })
        .collect()
}

fn triples(expected: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    expected
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

#[test]
fn a_clash_in_one_group_is_named_by_the_first_path_segment_the_others_lack() {
    let page = api_page(
        "beta/api/mobileapp-assign.md",
        "mobileApp: assign",
        &[
            "POST /deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userId}/app/assign",
            "POST /deviceAppManagement/mobileApps/{mobileAppId}/assign",
            "POST /deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses/{statusId}/app/assign",
        ],
    );
    assert_eq!(
        names(&[page]),
        triples(&[
            (
                "assign",
                "beta",
                "/deviceAppManagement/mobileApps/{mobileAppId}/assign"
            ),
            (
                "assign_device_statuses",
                "beta",
                "/deviceAppManagement/mobileApps/{mobileAppId}/deviceStatuses/{statusId}/app/assign"
            ),
            (
                "assign_user_statuses",
                "beta",
                "/deviceAppManagement/mobileApps/{mobileAppId}/userStatuses/{userId}/app/assign"
            ),
        ])
    );
}

#[test]
fn a_cast_segment_names_the_clash_without_its_namespace() {
    let page = api_page(
        "beta/api/content-create.md",
        "Create content",
        &[
            "POST /deviceAppManagement/mobileApps/{id}/contentVersions",
            "POST /deviceAppManagement/mobileApps/{id}/microsoft.graph.mobileLobApp/contentVersions",
        ],
    );
    let got: Vec<String> = names(&[page]).into_iter().map(|n| n.0).collect();
    assert_eq!(got, ["create_content", "create_content_mobile_lob_app"]);
}

#[test]
fn the_beta_copy_of_a_v1_operation_gets_beta_in_any_page_order() {
    let v1 = api_page(
        "docs/v1.0/api/gizmo-spin.md",
        "gizmo: spin",
        &["POST /gizmos/spin"],
    );
    let beta = api_page(
        "docs/beta/api/gizmo-spin.md",
        "gizmo: spin",
        &["POST /gizmos/spin"],
    );
    let expected = triples(&[
        ("spin", "v1.0", "/gizmos/spin"),
        ("spin_beta", "beta", "/gizmos/spin"),
    ]);
    assert_eq!(names(&[v1.clone(), beta.clone()]), expected);
    assert_eq!(names(&[beta, v1]), expected);
}

#[test]
fn the_same_path_and_version_twice_gets_a_number() {
    let a = api_page("v1.0/api/a.md", "gizmo: spin", &["POST /gizmos/spin"]);
    let b = api_page("v1.0/api/b.md", "gizmo: spin", &["POST /gizmos/{id}/spin"]);
    let c = api_page("v1.0/api/c.md", "gizmo: spin", &["POST /gizmos/spin"]);
    let got: Vec<String> = names(&[c, b, a]).into_iter().map(|n| n.0).collect();
    // `b`'s path has no literal segment the shorter one lacks: numbers, in page order.
    assert_eq!(got, ["spin", "spin_2", "spin_3"]);
}

#[test]
fn a_clash_that_only_the_method_tells_apart_is_named_by_the_method() {
    let page = api_page(
        "v1.0/api/extension-create.md",
        "Create extension",
        &[
            "POST /me/events",
            "POST /me/messages",
            "PATCH /me/events/{id}",
            "PATCH /me/messages/{id}",
        ],
    );
    let got: Vec<String> = names(&[page]).into_iter().map(|n| n.0).collect();
    assert_eq!(
        got,
        [
            "create_extension",
            "create_extension_messages",
            "create_extension_messages_patch",
            "create_extension_patch",
        ]
    );
}
