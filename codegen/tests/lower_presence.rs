//! Which resource properties are an `Option`: every property of a resource that a read,
//! a list, a create or an update answers with (Graph may send only some), and of every
//! entity; an action's answer keeps what its page guarantees.

use std::path::Path;

use msgraph_typed_codegen::emit::{emit, Mode, Options};
use msgraph_typed_codegen::ir::{Api, OptionalBecause};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn resource(name: &str, rows: &str) -> DocPage {
    page(
        &format!("v1.0/resources/{}.md", name.to_ascii_lowercase()),
        &format!(
            "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
        ),
    )
}

fn operation(file: &str, title: &str, request: &str, status: &str, returns: &str) -> DocPage {
    page(
        &format!("v1.0/api/{file}.md"),
        &format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Response\n\nIf successful, this method returns a `{status}` response code and a [{returns}](../resources/{returns}.md) object in the response body.\n"
        ),
    )
}

fn lowered(pages: Vec<DocPage>) -> Api {
    lower(&pages, false)
        .unwrap_or_else(|d| panic!("{}", d[0]))
        .api
}

fn fields(api: &Api, model: &str) -> Vec<(String, bool, Option<OptionalBecause>)> {
    api.models[model]
        .fields
        .iter()
        .map(|f| (f.json_name.clone(), f.required, f.optional_because))
        .collect()
}

const WIDGET_ROWS: &str = "|id|String|The key. Not nullable.|\n|name|String|The name. Required.|\n|note|String|A note. Nullable.|\n|part|[gear](gear.md)|Its gear.|";
const GEAR_ROWS: &str = "|teeth|Int32|How many. Not nullable.|";
const CHECK_ROWS: &str =
    "|isValid|Boolean|Whether it passed. Not nullable.|\n|hint|String|Why not.|";

#[test]
fn a_resource_a_get_answers_with_has_every_property_optional_saying_why() {
    let api = lowered(vec![
        resource("widget", WIDGET_ROWS),
        resource("gear", GEAR_ROWS),
        operation(
            "widget-get",
            "Get widget",
            "GET /widgets/{id}",
            "200 OK",
            "widget",
        ),
    ]);
    let partial = Some(OptionalBecause::PartialResponse);
    assert_eq!(
        fields(&api, "Widget"),
        vec![
            ("id".to_owned(), false, partial),
            ("name".to_owned(), false, partial),
            ("note".to_owned(), false, Some(OptionalBecause::Marked)),
            ("part".to_owned(), false, Some(OptionalBecause::Unmarked)),
        ]
    );
    // A resource nested in the answer is answered in part too.
    assert_eq!(
        fields(&api, "Gear"),
        vec![("teeth".to_owned(), false, partial)]
    );
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        code.contains("pub name: ::std::option::Option<::std::string::String>"),
        "{code}"
    );
    assert!(
        code.contains("Optional: Graph may answer with only a default set of this resource's"),
        "{code}"
    );
    assert!(
        code.contains("Optional: the page does not mark it required"),
        "{code}"
    );
    // `A note. Nullable.` already says why; the rule is not said twice.
    assert!(!code.contains("Optional: the page marks it"), "{code}");
}

#[test]
fn a_resource_only_an_action_answers_with_keeps_what_its_page_guarantees() {
    let api = lowered(vec![
        resource("checkResult", CHECK_ROWS),
        operation(
            "widget-check",
            "widget: check",
            "POST /widgets/check",
            "200 OK",
            "checkResult",
        ),
    ]);
    assert_eq!(
        fields(&api, "CheckResult"),
        vec![
            ("isValid".to_owned(), true, None),
            ("hint".to_owned(), false, Some(OptionalBecause::Unmarked)),
        ]
    );
}

#[test]
fn an_entity_an_action_answers_with_is_optional_like_a_read() {
    let api = lowered(vec![
        resource("widget", WIDGET_ROWS),
        resource("gear", GEAR_ROWS),
        operation(
            "widget-verify",
            "widget: verify",
            "POST /widgets/{id}/verify",
            "200 OK",
            "widget",
        ),
    ]);
    assert!(fields(&api, "Widget")
        .iter()
        .all(|(_, required, _)| !required));
}

#[test]
fn a_create_answers_in_part_as_a_read_does() {
    let api = lowered(vec![
        resource("checkResult", CHECK_ROWS),
        operation(
            "check-create",
            "Create checkResult",
            "POST /checks",
            "201 Created",
            "checkResult",
        ),
    ]);
    assert_eq!(
        fields(&api, "CheckResult")[0],
        (
            "isValid".to_owned(),
            false,
            Some(OptionalBecause::PartialResponse)
        )
    );
}
