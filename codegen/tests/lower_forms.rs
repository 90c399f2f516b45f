//! The forms real Graph pages use, each in a small page written for the test: enums (enum
//! pages, `x values` sections, possible-values lists), unions, open types, `Name` and
//! `Required` columns, derived create pages, merged and namespaced resources, inheritance,
//! response tables, and pruning of types no operation reaches.

use std::path::Path;

use msgraph_typed_codegen::emit::{emit, Mode, Options};
use msgraph_typed_codegen::ir::{Api, Response, TypeRef};
use msgraph_typed_codegen::lower::{lower, reach};
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn resource(path: &str, title: &str, rest: &str) -> DocPage {
    page(
        path,
        &format!("---\ntitle: \"{title}\"\ndoc_type: resourcePageType\n---\n\n# {title}\n\nA thing.\n\n{rest}\n"),
    )
}

fn api(path: &str, title: &str, request: &str, body: &str, response: &str) -> DocPage {
    page(
        path,
        &format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body}\n\n## Response\n\n{response}\n"
        ),
    )
}

const GET_WIDGET: &str = "If successful, this method returns a `200 OK` response code and a [widget](../resources/widget.md) object in the response body.";

fn lowered(pages: &[DocPage]) -> Api {
    lower(pages, false)
        .unwrap_or_else(|d| panic!("{}", d[0]))
        .api
}

fn widget(rows: &str, more: &str) -> DocPage {
    resource(
        "v1.0/resources/widget.md",
        "widget resource type",
        &format!(
            "## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n\n{more}"
        ),
    )
}

fn get_widget() -> DocPage {
    api(
        "v1.0/api/widget-get.md",
        "Get widget",
        "GET /widgets/{id}",
        "",
        GET_WIDGET,
    )
}

#[test]
fn an_enum_page_gives_an_enum_with_its_members() {
    let colour = page(
        "v1.0/resources/colour.md",
        "---\ntitle: \"colour enum type\"\ndoc_type: enumPageType\n---\n\n# colour enum type\n\nColours.\n\n## Members\n|Member|Value|Description|\n|:---|:---|:---|\n|red|0|Red.|\n|darkBlue|1|Dark blue.|\n",
    );
    let api = lowered(&[
        colour,
        widget("|colour|[colour](../resources/colour.md)|Its colour.|", ""),
        get_widget(),
    ]);
    let e = &api.enums["Colour"];
    let members: Vec<(&str, &str)> = e
        .members
        .iter()
        .map(|m| (m.json_name.as_str(), m.rust_name.as_str()))
        .collect();
    assert_eq!(members, [("red", "Red"), ("darkBlue", "DarkBlue")]);
    assert_eq!(
        api.models["Widget"].fields[0].ty,
        TypeRef::Enum("Colour".into())
    );
}

#[test]
fn a_values_section_under_any_heading_level_defines_an_enum() {
    let api = lowered(&[
        widget(
            "|size|[widgetSize](#widgetsize-values)|The size.|",
            "#### widgetSize values\n\n| Value | Description |\n|:--|:--|\n| small | Small. |\n| large | Large. |\n",
        ),
        get_widget(),
    ]);
    assert_eq!(
        api.models["Widget"].fields[0].ty,
        TypeRef::Enum("WidgetSize".into())
    );
    assert_eq!(api.enums["WidgetSize"].members.len(), 2);
}

#[test]
fn a_possible_values_list_defines_an_enum_named_by_the_type_cell() {
    let api = lowered(&[
        widget("|mode|widgetMode|How it runs. Possible values are: fast, slow (default), unknownFutureValue.|", ""),
        get_widget(),
    ]);
    let names: Vec<&str> = api.enums["WidgetMode"]
        .members
        .iter()
        .map(|m| m.json_name.as_str())
        .collect();
    assert_eq!(names, ["fast", "slow", "unknownFutureValue"]);
}

#[test]
fn an_enum_is_emitted_with_one_catch_all_that_keeps_unknown_values() {
    let api = lowered(&[
        widget("|mode|widgetMode|Possible values are: fast, other.|", ""),
        get_widget(),
    ]);
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(code.contains("pub enum WidgetMode {"), "{code}");
    assert!(
        code.contains("        Other,\n"),
        "`other` is a member like any other: {code}"
    );
    assert!(
        code.contains("UnknownFutureValue(::std::string::String),"),
        "{code}"
    );
    assert!(code.contains("other => Self::UnknownFutureValue(other.to_owned()),"));
    assert!(code.contains("serializer.serialize_str(self.as_str())"));
}

#[test]
fn unknown_future_value_is_the_catch_all_not_a_variant_of_its_own() {
    let api = lowered(&[
        widget(
            "|mode|widgetMode|How it runs. Possible values are: fast, slow, unknownFutureValue.|",
            "",
        ),
        get_widget(),
    ]);
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        !code.contains("\"unknownFutureValue\" => Self::"),
        "no arm of its own: it falls to the catch-all with its text: {code}"
    );
    assert!(!code.contains("        UnknownFutureValue,\n"), "{code}");
    assert_eq!(
        code.matches("UnknownFutureValue(::std::string::String),")
            .count(),
        1,
        "{code}"
    );
    assert!(code.contains("Self::UnknownFutureValue(value) => value.as_str(),"));
    assert!(code.contains("Graph's `unknownFutureValue`, and any value the pages do not"));
}

#[test]
fn unions_are_json_and_notes_in_type_cells_are_dropped() {
    let api = lowered(&[
        widget(
            "|value|String or Int32|Either.|\n|url|String (url)|A link.|\n|extra|Json|Anything.|",
            "",
        ),
        get_widget(),
    ]);
    let types: Vec<&TypeRef> = api.models["Widget"].fields.iter().map(|f| &f.ty).collect();
    assert_eq!(types, [&TypeRef::Json, &TypeRef::String, &TypeRef::Json]);
}

#[test]
fn an_open_type_keeps_the_properties_it_does_not_list() {
    let open = resource(
        "v1.0/resources/widget.md",
        "widget resource type (Open Type)",
        "## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n|name|String|The name.|\n",
    );
    let api = lowered(&[open, get_widget()]);
    assert!(api.models["Widget"].open);
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        code.contains("#[serde(flatten)]\n        pub additional_properties:"),
        "{code}"
    );
}

#[test]
fn name_and_required_columns_of_a_body_table_are_read() {
    let page = api(
        "v1.0/api/widget-paint.md",
        "widget: paint",
        "POST /widgets/{id}/paint",
        "| Name | Type | Required | Description |\n|:--|:--|:--|:--|\n| colour | String | Yes | The colour. |\n| coats | Int32 | No | How many coats. |",
        "If successful, this action returns a `204 No Content` response code.",
    );
    let api = lowered(&[page]);
    let m = &api.models["PaintRequest"];
    let fields: Vec<(&str, bool)> = m
        .fields
        .iter()
        .map(|f| (f.json_name.as_str(), f.required))
        .collect();
    assert_eq!(fields, [("colour", true), ("coats", false)]);
}

#[test]
fn a_create_page_of_a_derived_type_sends_its_odata_type() {
    let text = "---\ntitle: \"Create fancyWidget\"\ndoc_type: apiPageType\n---\n\n# Create fancyWidget\n\nCreates one.\n\n## HTTP request\n\n```http\nPOST /widgets\n```\n\n## Request body\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|The name.|\n\n## Response\n\nIf successful, this method returns a `201 Created` response code and a JSON body.\n\n## Example\n\n```http\nPOST https://graph.microsoft.com/v1.0/widgets\nContent-type: application/json\n\n{\n  \"@odata.type\": \"#microsoft.graph.fancyWidget\",\n  \"name\": \"x\"\n}\n```\n";
    let api = lowered(&[page("v1.0/api/fancywidget-create.md", text)]);
    let model = api
        .models
        .values()
        .find(|m| m.doc_name == "Create fancyWidget")
        .unwrap();
    assert_eq!(
        model.odata_type.as_deref(),
        Some("#microsoft.graph.fancyWidget")
    );
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        code.contains(
            "#[serde(rename = \"@odata.type\")]\n        pub odata_type: ::std::string::String,"
        ),
        "{code}"
    );
    assert!(
        code.contains("odata_type: \"#microsoft.graph.fancyWidget\".to_owned()"),
        "{code}"
    );
}

#[test]
fn several_pages_of_one_resource_are_merged_the_page_named_after_it_first() {
    let main = widget("|id|String|The id.|\n|name|String|The name.|", "");
    let extra = resource(
        "v1.0/resources/intune-widget.md",
        "widget resource type",
        "## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n|name|String|Again.|\n|enrolled|Boolean|Enrolled.|\n",
    );
    let api = lowered(&[extra, main, get_widget()]);
    let names: Vec<&str> = api.models["Widget"]
        .fields
        .iter()
        .map(|f| f.json_name.as_str())
        .collect();
    assert_eq!(names, ["id", "name", "enrolled"]);
}

#[test]
fn the_same_name_in_another_namespace_gets_the_namespace_as_a_prefix() {
    let plain = resource(
        "v1.0/resources/group.md",
        "group resource type",
        "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n",
    );
    let store = page(
        "v1.0/resources/termstore-group.md",
        "---\ntitle: \"group resource type\"\ndoc_type: resourcePageType\n---\n\n# group resource type\n\nNamespace: microsoft.graph.termStore\n\nA term group.\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|Name.|\n",
    );
    let list = |p: &str, t: &str, ty: &str, path: &str| {
        api(p, t, path, "", &format!("If successful, this method returns a `200 OK` response code and a {ty} object in the response body."))
    };
    let out = lower(
        &[
            plain,
            store,
            list("v1.0/api/a.md", "Get a", "group", "GET /x"),
            list(
                "v1.0/api/b.md",
                "Get b",
                "microsoft.graph.termStore.group",
                "GET /y",
            ),
        ],
        false,
    )
    .unwrap()
    .api;
    assert!(out.models.contains_key("Group"));
    assert!(out.models.contains_key("TermStoreGroup"));
}

#[test]
fn a_derived_resource_gets_its_base_properties_first() {
    let base = resource(
        "v1.0/resources/entity.md",
        "entity resource type",
        "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n",
    );
    let derived = resource(
        "v1.0/resources/widget.md",
        "widget resource type",
        "Inherits from [entity](entity.md).\n\n## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|name|String|Name.|\n",
    );
    let api = lowered(&[base, derived, get_widget()]);
    let names: Vec<&str> = api.models["Widget"]
        .fields
        .iter()
        .map(|f| f.json_name.as_str())
        .collect();
    assert_eq!(names, ["id", "name"]);
}

#[test]
fn a_response_table_without_a_sentence_gives_a_response_model() {
    let text = "---\ntitle: \"widget: preview\"\ndoc_type: apiPageType\n---\n\n# widget: preview\n\nPreviews.\n\n## HTTP request\n\n```http\nPOST /widgets/{id}/preview\n```\n\n## Response\n\n| Name | Type | Description |\n|:--|:--|:--|\n| getUrl | string | Where to look. |\n";
    let api = lowered(&[page("v1.0/api/widget-preview.md", text)]);
    let op = api.operations.values().next().unwrap();
    assert_eq!(
        op.response,
        Response::Model {
            status: 200,
            ty: TypeRef::Model("PreviewResponse".into())
        }
    );
    assert_eq!(api.models["PreviewResponse"].fields[0].json_name, "getUrl");
}

#[test]
fn types_no_operation_reaches_are_not_generated() {
    let lonely = resource(
        "v1.0/resources/lonely.md",
        "lonely resource type",
        "## Properties\n\n|Property|Type|Description|\n|:--|:--|:--|\n|id|String|Id.|\n",
    );
    let mut api = lowered(&[lonely, widget("|id|String|Id.|", ""), get_widget()]);
    assert!(api.models.contains_key("Lonely"));
    reach::prune(&mut api);
    assert!(!api.models.contains_key("Lonely"));
    assert!(api.models.contains_key("Widget"));
}

#[test]
fn a_202_and_a_collection_response_are_read() {
    let accepted = api("v1.0/api/widget-archive.md", "widget: archive", "POST /widgets/{id}/archive", "", "If successful, this action returns a `202 Accepted` response code and a `Location` header.");
    let list = api("v1.0/api/widget-list.md", "List widgets", "GET /widgets", "", "If successful, this method returns a `200 OK` response code and a collection of [widget](../resources/widget.md) objects in the response body.");
    let api = lowered(&[accepted, list, widget("|id|String|Id.|", "")]);
    let responses: Vec<&Response> = api.operations.values().map(|o| &o.response).collect();
    assert!(responses.contains(&&Response::Unit { status: 202 }));
    assert!(responses.contains(&&Response::Collection {
        status: 200,
        ty: TypeRef::Model("Widget".into())
    }));
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(code.contains("::msgraph_typed::Accepted"), "{code}");
    assert!(
        code.contains("::msgraph_typed::Page<super::models::Widget>"),
        "{code}"
    );
    assert!(code.contains("node.key(\"id\", id.as_ref())"), "{code}");
}
