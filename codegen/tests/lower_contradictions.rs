//! A page that contradicts itself: its prose or table says one type, its machine-read
//! parts (the JSON representation of a resource, the annotation and shape of an example
//! response) another. Where Graph's answer could not decode into the table's or the
//! sentence's type, the generator takes the machine-read one. Pages written here, in the
//! docs' markdown format.

use std::path::Path;

use msgraph_typed_codegen::ir::{Response, TypeRef};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

/// A resource page with a Properties table and, when given, a JSON representation under
/// the docs' resource annotation.
fn resource(path: &str, name: &str, rows: &str, representation: Option<&str>) -> DocPage {
    let json = representation.map_or(String::new(), |json| {
        format!(
            "## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n\n```json\n{json}\n```\n\n"
        )
    });
    page(
        path,
        &format!(
            "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n{json}## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
        ),
    )
}

fn field_type(pages: &[DocPage], model: &str, json_name: &str) -> TypeRef {
    let api = lower(pages, false).unwrap_or_else(|d| panic!("{d:?}")).api;
    let m = &api.models[model];
    let f = m.fields.iter().find(|f| f.json_name == json_name).unwrap();
    f.ty.clone()
}

const ROWS: &str = "| wraps | String | Whether text wraps. |\n| ratio | String | The share. |\n| label | String | A label. |\n| size | Int32 | The size. |";

#[test]
fn a_string_property_the_json_representation_gives_as_a_boolean_is_a_bool() {
    let gadget = resource(
        "v1.0/resources/gadget.md",
        "gadget",
        ROWS,
        Some(
            "{\n  \"wraps\": true,\n  \"ratio\": 12.5,\n  \"label\": \"String\",\n  \"size\": 3\n}",
        ),
    );
    let representation = gadget.representation.clone().unwrap();
    assert!(representation.value.starts_with("{\n  \"wraps\": true,"));
    assert_eq!(
        representation.line, 15,
        "the line of the fence's first line"
    );
    let pages = [gadget];
    assert_eq!(field_type(&pages, "Gadget", "wraps"), TypeRef::Bool);
    assert_eq!(field_type(&pages, "Gadget", "ratio"), TypeRef::F64);
    assert_eq!(field_type(&pages, "Gadget", "label"), TypeRef::String);
    assert_eq!(field_type(&pages, "Gadget", "size"), TypeRef::I32);
    let api = lower(&pages, false).unwrap().api;
    let wraps = api.models["Gadget"]
        .fields
        .iter()
        .find(|f| f.json_name == "wraps")
        .unwrap();
    assert!(
        wraps.doc.contains("table says String") && wraps.doc.contains("a boolean"),
        "the rustdoc says why: {}",
        wraps.doc
    );
}

#[test]
fn without_a_resource_annotation_or_with_a_string_value_the_table_s_type_stands() {
    // The same values in a plain `json` block with no resource annotation: not the
    // representation.
    let text = format!(
        "---\ntitle: \"gadget resource type\"\ndoc_type: resourcePageType\n---\n\n# gadget resource type\n\nA thing.\n\n```json\n{{\"wraps\": true, \"ratio\": 1.5}}\n```\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{ROWS}\n"
    );
    let pages = [page("v1.0/resources/gadget.md", &text)];
    assert_eq!(pages[0].representation, None);
    assert_eq!(field_type(&pages, "Gadget", "wraps"), TypeRef::String);
    assert_eq!(field_type(&pages, "Gadget", "ratio"), TypeRef::String);
    let quoted = [resource(
        "v1.0/resources/gadget.md",
        "gadget",
        ROWS,
        Some("{\"wraps\": \"true\", \"ratio\": \"1.5\"}"),
    )];
    assert_eq!(field_type(&quoted, "Gadget", "wraps"), TypeRef::String);
    assert_eq!(field_type(&quoted, "Gadget", "ratio"), TypeRef::String);
}

/// An action page whose sentence says `a string collection`, with an example response
/// under the docs' response annotation.
fn lookup_page(annotation_type: &str, items: &str) -> DocPage {
    page(
        "v1.0/api/gadget-lookup.md",
        &format!(
            "---\ntitle: \"gadget: lookup\"\ndoc_type: apiPageType\n---\n\n# gadget: lookup\n\nLooks up gadgets.\n\n## HTTP request\n\n```http\nPOST /gadgets/lookup\n```\n\n## Request body\n\n| Parameter | Type | Description |\n|:--|:--|:--|\n| ids | String collection | The ids. |\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a string collection object in the response body.\n\n## Example\n\n### Response\n\n<!-- {{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"{annotation_type}\",\n  \"isCollection\": true\n}} -->\n\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{{\n  \"value\": [{items}]\n}}\n```\n"
        ),
    )
}

fn lookup_response(pages: &[DocPage]) -> Response {
    let api = lower(pages, false).unwrap_or_else(|d| panic!("{d:?}")).api;
    api.operations[&("/gadgets".to_owned(), "lookup".to_owned())]
        .response
        .clone()
}

#[test]
fn a_string_collection_answer_whose_example_holds_objects_of_the_annotated_type_is_that_type() {
    let gadget = resource(
        "v1.0/resources/gadget.md",
        "gadget",
        "| id | String | The id. |",
        None,
    );
    let pages = [
        lookup_page("microsoft.graph.gadget", "{\"id\": \"1\"}, {\"id\": \"2\"}"),
        gadget,
    ];
    assert_eq!(
        lookup_response(&pages),
        Response::Collection {
            status: 200,
            ty: TypeRef::Model("Gadget".into())
        }
    );
}

#[test]
fn a_string_collection_answer_stays_one_when_its_example_holds_strings_or_no_known_type() {
    let gadget = resource(
        "v1.0/resources/gadget.md",
        "gadget",
        "| id | String | The id. |",
        None,
    );
    let strings = [
        lookup_page("microsoft.graph.gadget", "\"1\", \"2\""),
        gadget.clone(),
    ];
    let string_collection = Response::Collection {
        status: 200,
        ty: TypeRef::String,
    };
    assert_eq!(lookup_response(&strings), string_collection);
    // Objects, but the annotation names a type no page describes.
    let unknown = [
        lookup_page("microsoft.graph.widget", "{\"id\": \"1\"}"),
        gadget,
    ];
    assert_eq!(lookup_response(&unknown), string_collection);
}
