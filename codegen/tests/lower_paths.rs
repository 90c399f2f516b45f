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

/// A page of our own in the docs' format whose request lines give example keys instead of
/// `{id}`s: a GUID, a number and a quoted name.
fn page_with_literal_keys(lines: &[&str]) -> DocPage {
    let text = format!(
        "---\ntitle: \"room: ring\"\ndoc_type: apiPageType\n---\n\n# room: ring\n\nRings the bell of a room.\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{}\n```\n\n## Request body\n\nDon't supply a request body for this method.\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n",
        lines.join("\n")
    );
    read_page(Path::new("a/v1.0/api/room-ring.md"), &text)
        .unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

#[test]
fn literal_keys_after_a_collection_are_read_as_key_parameters_named_after_it() {
    let page = page_with_literal_keys(&[
        "POST /schools/3f2504e0-4f89-11d3-9a0c-0305e82c3301/rooms/17/ring",
        "POST /campuses/'north'/ring",
    ]);
    let out = lower(&[page], false).unwrap();
    let mut calls: Vec<(String, String, Vec<String>)> = out
        .api
        .operations
        .values()
        .map(|op| {
            (
                op.path.clone(),
                msgraph_typed_codegen::manifest::rust_call(op),
                op.path_params.iter().map(|p| p.rust_name.clone()).collect(),
            )
        })
        .collect();
    calls.sort();
    assert_eq!(
        calls,
        [
            (
                "/campuses/{campuses-id}/ring".to_owned(),
                "client.campuses().by_id(campuses_id).ring()".to_owned(),
                vec!["campuses_id".to_owned()]
            ),
            (
                "/schools/{schools-id}/rooms/{rooms-id}/ring".to_owned(),
                "client.schools().by_id(schools_id).rooms().by_id(rooms_id).ring()".to_owned(),
                vec!["schools_id".to_owned(), "rooms_id".to_owned()]
            ),
        ]
    );
}

#[test]
fn a_literal_key_where_no_key_can_stand_is_refused_at_its_line_saying_what_was_expected() {
    for (path, found) in [
        (
            "/schools/{id}/3f2504e0-4f89-11d3-9a0c-0305e82c3301/ring",
            "after `{id}`",
        ),
        ("/17/rooms/ring", "at the start of the path"),
        ("/schools/17/42/ring", "after `17`"),
    ] {
        let page = page_with_literal_keys(&[&format!("POST {path}")]);
        let line = page.http_requests.first().map(|r| r.line).unwrap();
        let err = lower(&[page], false).expect_err(path);
        assert_eq!(err.len(), 1, "{path}");
        assert_eq!(
            (err[0].path.as_path(), err[0].line),
            (Path::new("a/v1.0/api/room-ring.md"), line),
            "{path}"
        );
        for part in [found, "literal value", "expected"] {
            assert!(err[0].message.contains(part), "{path}: {}", err[0].message);
        }
    }
}

#[test]
fn lenient_mode_leaves_out_a_line_whose_literal_key_cannot_be_read_and_says_why() {
    let bad = "POST /schools/{id}/3f2504e0-4f89-11d3-9a0c-0305e82c3301/ring";
    // Beside a line that reads, the page is generated from that line, with a warning.
    let page = page_with_literal_keys(&[bad, "POST /schools/{id}/rooms/{room-id}/ring"]);
    let bad_line = page.http_requests.first().map(|r| r.line).unwrap();
    let out = lower(&[page], true).unwrap();
    assert_eq!((out.operation_pages, out.generated_operation_pages), (1, 1));
    let paths: Vec<&str> = out
        .api
        .operations
        .values()
        .map(|o| o.path.as_str())
        .collect();
    assert_eq!(paths, ["/schools/{id}/rooms/{room-id}/ring"]);
    let warning = out
        .warnings
        .iter()
        .find(|w| w.diagnostic.line == bad_line)
        .unwrap_or_else(|| panic!("no warning at line {bad_line}: {:?}", out.warnings));
    assert!(
        warning.diagnostic.message.contains("literal value")
            && warning.diagnostic.message.contains("left out"),
        "{}",
        warning.diagnostic.message
    );
    // Alone, it leaves the page nothing: the page is skipped with the reason.
    let out = lower(&[page_with_literal_keys(&[bad])], true).unwrap();
    assert_eq!((out.operation_pages, out.generated_operation_pages), (1, 0));
    assert_eq!(out.skipped.len(), 1);
    assert!(
        out.skipped[0].message.contains("literal value"),
        "{}",
        out.skipped[0].message
    );
}
