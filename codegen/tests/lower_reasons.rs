//! What lenient mode leaves out is listed with a reason: pages under an `api/` folder
//! that say nothing of what they are (counted as operation pages that gave nothing), and
//! enum rows whose value is not a plain name.

use std::path::Path;

use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn unclassified() -> Vec<DocPage> {
    vec![
        page("a/v1.0/api/empty.md", ""),
        page("a/v1.0/api/front-only.md", "---\nauthor: someone\n---\n"),
    ]
}

#[test]
fn lenient_mode_counts_an_unclassified_page_under_api_with_a_reason() {
    let out = lower(&unclassified(), true).unwrap();
    assert_eq!((out.operation_pages, out.generated_operation_pages), (2, 0));
    let reasons: Vec<String> = out.skipped.iter().map(ToString::to_string).collect();
    assert_eq!(reasons.len(), 2, "{reasons:?}");
    for r in &reasons {
        assert!(r.contains(":1: not an API page: expected"), "{reasons:?}");
    }
}

#[test]
fn strict_mode_refuses_an_unclassified_page_under_api() {
    let err = lower(&unclassified(), false).unwrap_err();
    assert!(err[0].message.starts_with("not an API page"), "{}", err[0]);
}

#[test]
fn an_unclassified_page_outside_api_is_ignored() {
    let out = lower(&[page("a/v1.0/resources/empty.md", "")], false).unwrap();
    assert_eq!(out.operation_pages, 0);
    assert!(out.skipped.is_empty());
}

#[test]
fn lenient_mode_gives_a_reason_for_each_enum_row_that_is_not_a_plain_name() {
    let text = "---\ntitle: \"widgetKind enum type\"\ndoc_type: enumPageType\n---\n\n# widgetKind enum type\n\nKinds.\n\n| Member | Description |\n|:--|:--|\n| small | Small. |\n| @odata.type | Junk. |\n| a b | Junk. |\n|  | Empty. |\n| null | Not a member. |\n";
    let enum_page = page("a/v1.0/resources/widgetkind.md", text);
    let rows: Vec<usize> = enum_page.tables[0].rows.iter().map(|r| r.line).collect();
    let out = lower(&[enum_page], true).unwrap();
    let reasons: Vec<(usize, &str)> = out
        .skipped
        .iter()
        .map(|d| (d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        reasons.iter().map(|r| r.0).collect::<Vec<_>>(),
        [rows[1], rows[2], rows[3]],
        "{reasons:?}"
    );
    assert!(
        reasons[0].1.contains("`@odata.type` is left out"),
        "{reasons:?}"
    );
    assert!(reasons[1].1.contains("`a b` is left out"), "{reasons:?}");
    let members: Vec<&str> = out
        .api
        .enums
        .values()
        .next()
        .unwrap()
        .members
        .iter()
        .map(|m| m.json_name.as_str())
        .collect();
    assert_eq!(members, ["small"]);
}
