//! What a page is comes from its structure: request lines under `## HTTP request` make an
//! operation page whatever the front matter says; a page whose front matter says API page
//! but that has no `## HTTP request` section and a resource's sections is a resource page
//! (and is not counted among the operation pages); every page left out says why. A
//! documented redirect (`302 Found` to a download URL) is the call's answer. The pages are
//! written here.

use std::fs;
use std::path::PathBuf;

use msgraph_typed_codegen::Generator;

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "msgraph-typed-codegen-kinds-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("v1.0/api")).unwrap();
    fs::create_dir_all(dir.join("v1.0/resources")).unwrap();
    dir
}

/// A resource page whose front matter wrongly says `apiPageType`.
const GADGET: &str = "---
title: \"gadget resource type\"
doc_type: apiPageType
---

# gadget resource type

Namespace: microsoft.graph

A gadget (a page written for this test).

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | The identifier. |
| label | String | What it is called. |

## JSON representation

```json
{ \"id\": \"String\", \"label\": \"String\" }
```
";

/// An operation page with no `doc_type` and a title without a colon.
const GET_GADGET: &str = "---
title: Get gadget
---

# Get gadget

Namespace: microsoft.graph

Reads a gadget.

## HTTP request

```http
GET /gadgets/{id}
```

## Response

If successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.
";

/// A report: the only answer is a redirect to a download.
const REPORT: &str = "---
title: \"reportRoot: getGadgetCounts\"
doc_type: apiPageType
---

# reportRoot: getGadgetCounts

Namespace: microsoft.graph

Counts gadgets.

## HTTP request

```http
GET /reports/getGadgetCounts(period='{period_value}')
```

## Response

If successful, this method returns a `302 Found` response that redirects to a preauthenticated download URL for the report.

## Example

```http
HTTP/1.1 302 Found
Location: https://reports.example/download/1
```
";

/// Two answers: a redirect to a CSV file, and JSON when asked for.
const TWO_ANSWERS: &str = "---
title: \"reportRoot: getGadgetDetail\"
doc_type: apiPageType
---

# reportRoot: getGadgetDetail

Namespace: microsoft.graph

Details of gadgets.

## HTTP request

```http
GET /reports/getGadgetDetail(period='{period_value}')
```

## Response

### CSV

If successful, this method returns a `302 Found` response that redirects to a preauthenticated download URL for the report.

### JSON

If successful, this method returns a `200 OK` response code and a [gadget](../resources/gadget.md) object in the response body.
";

/// A delete with two keys.
const DELETE_PART: &str = "---
title: \"gadget: delete part\"
doc_type: apiPageType
---

# gadget: delete part

Namespace: microsoft.graph

Deletes a part of a gadget.

## HTTP request

```http
DELETE /gadgets/{id}/parts/{part-id}
```

## Response

If successful, this method returns a `204 No Content` response code.
";

fn write_pages(name: &str) -> PathBuf {
    let dir = temp(name);
    fs::write(dir.join("v1.0/resources/gadget.md"), GADGET).unwrap();
    fs::write(dir.join("v1.0/api/gadget-get.md"), GET_GADGET).unwrap();
    fs::write(dir.join("v1.0/api/reportroot-getgadgetcounts.md"), REPORT).unwrap();
    fs::write(
        dir.join("v1.0/api/reportroot-getgadgetdetail.md"),
        TWO_ANSWERS,
    )
    .unwrap();
    fs::write(dir.join("v1.0/api/gadget-delete-part.md"), DELETE_PART).unwrap();
    dir
}

#[test]
fn a_resource_page_that_says_api_page_is_a_resource_and_says_why_it_is_not_counted() {
    let dir = write_pages("resource");
    let out = Generator::new().pages(&dir).generate().unwrap();
    assert_eq!(out.operation_pages, 4, "{:#?}", out.skipped);
    assert_eq!(out.generated_operation_pages, 4);
    assert!(out.code.contains("pub struct Gadget {"), "no Gadget model");
    let gadget = out
        .not_operation_pages
        .iter()
        .find(|d| d.path.ends_with("gadget.md"))
        .expect("the resource page is listed");
    assert_eq!(gadget.line, 6);
    assert!(
        gadget
            .message
            .starts_with("not an operation page: a resource page although its front matter says `doc_type: apiPageType`"),
        "{}",
        gadget.message
    );
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn request_lines_make_an_operation_page_without_doc_type_or_a_colon_in_the_title() {
    let dir = write_pages("request-lines");
    let out = Generator::new().pages(&dir).generate().unwrap();
    let get = out
        .manifest
        .operations
        .iter()
        .find(|o| o.path == "/gadgets/{id}" && o.method == "GET")
        .expect("GET /gadgets/{id} is generated");
    assert_eq!(get.call, "client.gadgets().by_id(id).get()");
    assert_eq!(get.response_type, "models::Gadget");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn a_documented_redirect_is_the_answer_and_a_2xx_sentence_wins_over_it() {
    let dir = write_pages("redirect");
    let out = Generator::new().pages(&dir).generate().unwrap();
    let op = |path: &str| {
        out.manifest
            .operations
            .iter()
            .find(|o| o.path.starts_with(path))
            .unwrap_or_else(|| panic!("{path} not generated: {:#?}", out.skipped))
    };
    let counts = op("/reports/getGadgetCounts");
    assert_eq!(counts.response_type, "::msgraph_typed::Redirect");
    assert_eq!(
        counts.call,
        "client.reports().get_gadget_counts(period_value)"
    );
    assert!(out
        .code
        .contains("::msgraph_typed::Operation::redirecting("));
    assert!(out.code.contains("::msgraph_typed::decode_redirect"));
    let detail = op("/reports/getGadgetDetail");
    assert_eq!(detail.response_type, "models::Gadget");
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn the_manifest_call_names_each_key_after_its_path_parameter() {
    let dir = write_pages("manifest");
    let out = Generator::new().pages(&dir).generate().unwrap();
    let delete = out
        .manifest
        .operations
        .iter()
        .find(|o| o.method == "DELETE")
        .expect("the delete is generated");
    assert_eq!(
        delete.call,
        "client.gadgets().by_id(id).parts().by_id(part_id).delete()"
    );
    assert!(out
        .manifest
        .to_json()
        .contains("\"call\": \"client.gadgets().by_id(id).parts().by_id(part_id).delete()\""));
    let _ = fs::remove_dir_all(&dir);
}
