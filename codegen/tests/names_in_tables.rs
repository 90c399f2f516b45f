//! JSON names from table rows: written into the generated code as escaped string
//! literals, and a name cell holding several words is an error at its row.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use msgraph_typed_codegen::emit::{emit, Options};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};
use msgraph_typed_codegen::Mode;

fn resource_page(rows: &str) -> DocPage {
    let text = format!(
        "---\ntitle: \"gizmo resource type\"\ndoc_type: resourcePageType\n---\n\n# gizmo resource type\n\nA thing.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
    );
    read_page(Path::new("a/v1.0/resources/gizmo.md"), &text)
        .unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn api_page() -> DocPage {
    let text = "---\ntitle: \"gizmo: get\"\ndoc_type: apiPageType\n---\n\n# gizmo: get\n\nGets it.\n\n## HTTP request\n\n```http\nGET /gizmos/fetch\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [gizmo](../resources/gizmo.md) object in the response body.\n";
    read_page(Path::new("a/v1.0/api/gizmo-get.md"), text)
        .unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

/// Whether rustfmt parses `code`; `None` when rustfmt is not installed.
fn rustfmt_parses(code: &str) -> Option<bool> {
    let mut child = Command::new("rustfmt")
        .args(["--edition", "2021", "--emit", "stdout"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(code.as_bytes()).ok()?;
    Some(child.wait().ok()?.success())
}

#[test]
fn quotes_and_backslashes_in_json_names_are_escaped_in_serde_renames() {
    let pages = [
        resource_page("| a\"b | String | Quoted. |\n| c\\d | String | Slashed. |"),
        api_page(),
    ];
    let api = lower(&pages, false).unwrap().api;
    let names: Vec<&str> = api.models["Gizmo"]
        .fields
        .iter()
        .map(|f| f.json_name.as_str())
        .collect();
    assert_eq!(names, ["a\"b", "c\\d"], "the fixture's names as read");
    let code = emit(&api, &Options::for_mode(Mode::Sdk));
    assert!(code.contains(r#"rename = "a\"b""#), "{code}");
    assert!(code.contains(r#"rename = "c\\d""#), "{code}");
    match rustfmt_parses(&code) {
        Some(ok) => assert!(ok, "the generated code does not parse:\n{code}"),
        None => eprintln!("SKIPPED: rustfmt is not installed; parsing not checked"),
    }
}

#[test]
fn a_name_cell_with_several_words_is_an_error_at_its_row() {
    let page = resource_page("| id | String | Fine. |\n| e f | String | Two words. |");
    let row_line = page.tables[0].rows[1].line;
    let err = lower(&[page, api_page()], false).unwrap_err();
    assert_eq!(err[0].line, row_line, "{}", err[0].message);
    assert!(err[0].message.contains("`e f`"), "{}", err[0].message);
}

#[test]
fn a_note_in_parentheses_after_a_name_is_not_part_of_it() {
    let page = resource_page("| owner (deprecated) | String | Old. |");
    let api = lower(&[page, api_page()], false).unwrap().api;
    assert_eq!(api.models["Gizmo"].fields[0].json_name, "owner");
}

#[test]
fn a_name_listed_twice_keeps_its_first_row() {
    let page =
        resource_page("| id | String | First. |\n| id | Int32 | Second. |\n| n | Int32 | N. |");
    let api = lower(&[page, api_page()], false).unwrap().api;
    let fields: Vec<(&str, &str)> = api.models["Gizmo"]
        .fields
        .iter()
        .map(|f| (f.json_name.as_str(), f.doc.as_str()))
        .collect();
    assert_eq!(fields, [("id", "First."), ("n", "N.")]);
}
