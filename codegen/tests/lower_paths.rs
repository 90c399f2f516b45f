//! Lowering of request paths: braces must pair into whole `{name}` parameters, or the page
//! is refused at its request line (and skipped with that reason in lenient mode).

use std::path::Path;

use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn api_page(request: &str) -> DocPage {
    let text = format!(
        "---\ntitle: \"thing: ping\"\ndoc_type: apiPageType\n---\n\n# thing: ping\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n"
    );
    read_page(Path::new("a/v1.0/api/thing-ping.md"), &text)
        .unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

const BAD_PATHS: &[&str] = &[
    "/users/{id/{x}}/getMemberGroups/{",
    "/é{/",
    "/users/x}/ping",
    "/users/{}/ping",
    "/users/{id}}/ping",
];

#[test]
fn a_path_whose_braces_do_not_pair_is_an_error_at_its_request_line() {
    for path in BAD_PATHS {
        let page = api_page(&format!("POST {path}"));
        let line = page.http_requests.first().map(|r| r.line).unwrap();
        let err = lower(&[page], false).expect_err(path);
        assert_eq!(err.len(), 1, "{path}");
        assert_eq!(err[0].line, line, "{path}: {}", err[0].message);
        assert!(
            err[0].message.contains("expected"),
            "{path}: {}",
            err[0].message
        );
    }
}

#[test]
fn lenient_mode_skips_a_path_whose_braces_do_not_pair_with_the_reason() {
    for path in BAD_PATHS {
        let out = lower(&[api_page(&format!("POST {path}"))], true).unwrap();
        assert_eq!(
            (out.operation_pages, out.generated_operation_pages),
            (1, 0),
            "{path}"
        );
        assert!(out.api.operations.is_empty(), "{path}");
        assert_eq!(out.skipped.len(), 1, "{path}");
        assert!(
            out.skipped[0].message.contains("parameter")
                || out.skipped[0].message.contains("never closed"),
            "{path}: {}",
            out.skipped[0].message
        );
    }
}

#[test]
fn paired_parameters_with_alternatives_still_lower() {
    let page = api_page("POST /users/{id | userPrincipalName}/things/{thing-id}/ping");
    let out = lower(&[page], false).unwrap();
    let op = out.api.operations.values().next().unwrap();
    let names: Vec<&str> = op
        .path_params
        .iter()
        .map(|p| p.rust_name.as_str())
        .collect();
    assert_eq!(names, ["id", "thing_id"]);
}
