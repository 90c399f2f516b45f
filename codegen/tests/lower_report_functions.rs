//! Report functions as their pages write them: arguments written `name=name-value` are
//! arguments, quoted where the page's parameter table types them as strings; and a report
//! generated with its JSON answer asks for it with the `$format` of the page's example
//! request. Pages written here, in the docs' markdown format.

use std::path::Path;

use msgraph_typed_codegen::emit::{emit, Options};
use msgraph_typed_codegen::ir::{Operation, Response, Step};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};
use msgraph_typed_codegen::Mode;

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn jobs_page() -> DocPage {
    page(
        "beta/api/reports-getthingjobs.md",
        "---\ntitle: \"reports: getThingJobs\"\ndoc_type: apiPageType\n---\n\n# reports: getThingJobs\n\nLists a thing's jobs.\n\n## HTTP request\n\n```http\nGET /reports/getThingJobs(thingId=thingId-value,since=since-value)\n```\n\n## Function parameters\n\n| Parameter | Type | Required? | Description |\n|:--|:--|:--|:--|\n| `thingId` | `Edm.String` | Yes | The thing. |\n| `since` | `Edm.DateTimeOffset` | No | The start. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a JSON object in the response body.\n",
    )
}

fn only_operation(pages: &[DocPage]) -> Operation {
    let api = lower(pages, false).unwrap_or_else(|d| panic!("{d:?}")).api;
    assert_eq!(api.operations.len(), 1, "{:?}", api.operations.keys());
    api.operations.into_values().next().unwrap()
}

#[test]
fn an_argument_written_as_its_name_and_value_is_an_argument_quoted_when_a_string() {
    let op = only_operation(&[jobs_page()]);
    assert_eq!(op.rust_name, "get_thing_jobs");
    let Some(Step::Function { template, args, .. }) = op.steps.last() else {
        panic!("{:?}", op.steps);
    };
    assert_eq!(template, "getThingJobs(thingId='{}',since={})");
    let names: Vec<&str> = args.iter().map(|(_, rust)| rust.as_str()).collect();
    assert_eq!(names, ["thing_id", "since"]);
    assert!(op.default_query.is_empty(), "no example asks for a format");
}

/// A report page with the two answers of Graph's usage reports: a CSV redirect and, under
/// `$format=application/json`, a JSON `200 OK`.
fn usage_page(json_example: bool) -> DocPage {
    let json = if json_example {
        "#### Request\n\n```http\nGET https://graph.microsoft.com/beta/reports/getThingCounts(period='D7')?$format=application/json\n```\n\n#### Response\n\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  \"value\": []\n}\n```\n"
    } else {
        ""
    };
    page(
        "beta/api/reportroot-getthingcounts.md",
        &format!(
            "---\ntitle: \"reportRoot: getThingCounts\"\ndoc_type: apiPageType\n---\n\n# reportRoot: getThingCounts\n\nCounts things.\n\n## HTTP request\n\n```http\nGET /reports/getThingCounts(period='{{period_value}}')\n```\n\n## Response\n\n### CSV\n\nIf successful, this method returns a `302 Found` response that redirects to a preauthenticated download URL for the report.\n\n### JSON\n\nIf successful, this method returns a `200 OK` response code and a JSON object in the response body.\n\n## Example\n\n#### Request\n\n```http\nGET https://graph.microsoft.com/beta/reports/getThingCounts(period='D7')?$format=text/csv\n```\n\n#### Response\n\n```http\nHTTP/1.1 302 Found\nLocation: https://reports.office.com/data/download/x\n```\n\n{json}"
        ),
    )
}

#[test]
fn a_report_generated_with_its_json_answer_asks_for_json_as_its_example_does() {
    let op = only_operation(&[usage_page(true)]);
    assert!(matches!(op.response, Response::Model { status: 200, .. }));
    assert_eq!(
        op.default_query,
        [("$format".to_owned(), "application/json".to_owned())]
    );
    let api = lower(&[usage_page(true)], false).unwrap().api;
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        code.contains(r#"call.query("$format", "application/json")"#),
        "the generated call sends it"
    );
    assert!(
        code.contains("The call sends `$format=application/json`"),
        "its rustdoc says so"
    );
}

#[test]
fn without_such_an_example_the_call_sends_no_format() {
    let op = only_operation(&[usage_page(false)]);
    assert!(matches!(op.response, Response::Model { status: 200, .. }));
    assert!(op.default_query.is_empty());
}
