//! Lowering: pages -> IR. Pages are written inline in the docs' markdown format (read by
//! the real reader), plus one `DocPage` built by hand, so these tests pin the lowering
//! rules rather than the reader.

use std::path::{Path, PathBuf};

use msgraph_typed_codegen::ir::{Method, Replay, Response, TypeRef, Version};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage, PageForm, Row, Spanned, Table};

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn api_page(path: &str, title: &str, request: &str, body_table: &str, response: &str) -> DocPage {
    page(
        path,
        &format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body_table}\n\n## Response\n\n{response}\n"
        ),
    )
}

fn resource_page(path: &str, name: &str, rows: &str) -> DocPage {
    page(
        path,
        &format!(
            "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
        ),
    )
}

fn seeds() -> Vec<DocPage> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../pages");
    [
        "v1.0/api/user-changepassword.md",
        "beta/api/user-validatepassword.txt",
        "beta/resources/passwordvalidationinformation.md",
        "beta/resources/validationresult.md",
    ]
    .iter()
    .map(|p| {
        let path = root.join(p);
        read_page(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
    })
    .collect()
}

#[test]
fn the_seed_pages_give_the_two_operations_of_the_contract() {
    let api = lower(&seeds(), false).unwrap().api;
    let change = &api.operations[&("/me".to_owned(), "change_password".to_owned())];
    assert_eq!(
        (change.method, change.version, change.path.as_str()),
        (Method::Post, Version::V1, "/me/changePassword")
    );
    assert_eq!(change.replay, Replay::OnlyUnprocessed);
    assert_eq!(change.response, Response::Unit { status: 204 });
    assert_eq!(change.request.as_deref(), Some("ChangePasswordRequest"));
    assert!(change
        .example_request
        .as_deref()
        .unwrap()
        .contains("xWwvJ]6NMw+bWH-d"));

    let validate = &api.operations[&("/users".to_owned(), "validate_password".to_owned())];
    assert_eq!(
        validate.version,
        Version::Beta,
        "from the beta marker of the rendered page"
    );
    assert_eq!(validate.replay, Replay::Safe);
    assert_eq!(
        validate.response,
        Response::Model {
            status: 200,
            ty: TypeRef::Model("PasswordValidationInformation".into())
        }
    );
    assert!(validate.docs.notes.iter().any(|n| n.contains(
        "Password Administrator, Helpdesk Administrator, User Administrator, Global Administrator"
    )));
    assert!(validate
        .example_response
        .as_deref()
        .unwrap()
        .contains("password_not_meet_complexity"));

    let req = &api.models["ChangePasswordRequest"];
    assert!(req
        .fields
        .iter()
        .all(|f| f.secret && f.required && f.ty == TypeRef::String));
    let info = &api.models["PasswordValidationInformation"];
    assert_eq!(
        info.fields[1].ty,
        TypeRef::Collection(Box::new(TypeRef::Model("ValidationResult".into())))
    );
    assert!(info.fields.iter().all(|f| f.required), "Not nullable");
}

#[test]
fn an_unknown_type_is_an_error_at_its_row_line_in_strict_mode() {
    let p = api_page(
        "a/v1.0/api/x.md",
        "thing: doIt",
        "POST /things/doIt",
        "| Parameter | Type | Description |\n|:--|:--|:--|\n| a | String | A. |\n| b | Strnig | B. |",
        "If successful, this action returns a `204 No Content` response code.",
    );
    let err = lower(&[p], false).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].line, 21, "the `b` row");
    assert!(
        err[0].message.contains("`b`: unknown type `Strnig`"),
        "{}",
        err[0].message
    );
}

#[test]
fn lenient_mode_skips_a_resource_and_the_pages_that_need_it() {
    let bad = resource_page(
        "a/v1.0/resources/gadget.md",
        "gadget",
        "| size | Int32 | ? |\n| big size | Int32 | Two words in the name column. |",
    );
    let user = api_page(
        "a/v1.0/api/gadget-get.md",
        "gadget: fetch",
        "GET /gadgets/fetch",
        "",
        "If successful, this method returns a `200 OK` response code and a gadget object in the response body.",
    );
    let fine = api_page(
        "a/v1.0/api/z.md",
        "thing: ping",
        "POST /things/ping",
        "",
        "If successful, this action returns a `204 No Content` response code.",
    );
    let out = lower(&[bad, user, fine], true).unwrap();
    assert_eq!((out.operation_pages, out.generated_operation_pages), (2, 1));
    assert_eq!(out.skipped.len(), 2);
    let skip = out
        .skipped
        .iter()
        .find(|d| d.path == Path::new("a/v1.0/api/gadget-get.md"))
        .expect("the page that returns a gadget is skipped");
    assert_eq!(
        skip.message,
        "response type `gadget` was skipped: a/v1.0/resources/gadget.md:15: the name `big size` \
         has several words; expected one JSON name, optionally followed by a note in \
         parentheses like `(deprecated)`",
        "the reason names the chain"
    );
}

#[test]
fn nullability_comes_from_descriptions_or_a_required_column() {
    let res = resource_page(
        "a/v1.0/resources/gizmo.md",
        "gizmo",
        "| serial | String | Not nullable. |\n| note | String | Something. |\n| kind | string | Required. |",
    );
    let p = api_page(
        "a/v1.0/api/y.md",
        "gizmo: tune",
        "POST /gizmos/{id}/tune",
        "| Name | Type | Required | Description |\n|:--|:--|:--|:--|\n| level | Int64 | Yes | L. |\n| hint | GUID | No | H. |\n| mode | Edm.String | | Optional. M. |",
        "If successful, this action returns a `200 OK` response code and a [gizmo](../resources/gizmo.md) object in the response body.",
    );
    let api = lower(&[res, p], false).unwrap().api;
    let gizmo = &api.models["Gizmo"];
    let req: Vec<bool> = gizmo.fields.iter().map(|f| f.required).collect();
    assert_eq!(req, [true, false, true]);
    let tune = &api.models["TuneRequest"];
    let req: Vec<(bool, TypeRef)> = tune
        .fields
        .iter()
        .map(|f| (f.required, f.ty.clone()))
        .collect();
    assert_eq!(
        req,
        [
            (true, TypeRef::I64),
            (false, TypeRef::Guid),
            (false, TypeRef::String)
        ]
    );
    let op = api.operations.values().next().unwrap();
    assert_eq!(op.path_params[0].rust_name, "id");
    assert_eq!(
        op.response,
        Response::Model {
            status: 200,
            ty: TypeRef::Model("Gizmo".into())
        }
    );
}

#[test]
fn created_accepted_and_collection_responses_are_told_apart() {
    let res = resource_page(
        "a/v1.0/resources/gizmo.md",
        "gizmo",
        "| id | String | Not nullable. |",
    );
    let created = api_page("a/v1.0/api/c.md", "Create gizmo", "POST /gizmos", "", "If successful, this method returns a `201 Created` response code and a gizmo object in the response body.");
    let accepted = api_page(
        "a/v1.0/api/d.md",
        "gizmo: rebuild",
        "POST /gizmos/{id}/rebuild",
        "",
        "If successful, this action returns a `202 Accepted` response code and a Location header.",
    );
    let listed = api_page("a/v1.0/api/e.md", "List gizmos", "GET /gizmos", "", "If successful, this method returns a `200 OK` response code and a collection of gizmo objects in the response body.");
    let api = lower(&[res, created, accepted, listed], false).unwrap().api;
    let by_name = |n: &str| {
        api.operations
            .values()
            .find(|o| o.rust_name == n)
            .unwrap()
            .response
            .clone()
    };
    let gizmo = TypeRef::Model("Gizmo".into());
    assert_eq!(
        by_name("create"),
        Response::Model {
            status: 201,
            ty: gizmo.clone()
        }
    );
    assert_eq!(by_name("rebuild"), Response::Unit { status: 202 });
    assert_eq!(
        by_name("list"),
        Response::Collection {
            status: 200,
            ty: gizmo
        }
    );
    assert_eq!(
        api.operations
            .values()
            .find(|o| o.rust_name == "list")
            .unwrap()
            .replay,
        Replay::Safe
    );
}

#[test]
fn clashing_names_follow_the_documented_rules() {
    let v1 = resource_page(
        "a/v1.0/resources/gizmo.md",
        "gizmo",
        "| id | String | Not nullable. |",
    );
    let beta = page(
        "a/beta/resources/gizmo.md",
        "---\ntitle: \"gizmo resource type\"\ndoc_type: resourcePageType\n---\n\n# gizmo resource type\n\n[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| id | String | Not nullable. |\n| extra | Int32 | E. |\n",
    );
    let table =
        |t: &str| format!("| Parameter | Type | Description |\n|:--|:--|:--|\n| x | {t} | X. |");
    let a = api_page(
        "a/v1.0/api/a.md",
        "gizmo: spin",
        "POST /gizmos/spin",
        &table("String"),
        "If successful, this action returns a `204 No Content` response code.",
    );
    let b = api_page(
        "a/v1.0/api/b.md",
        "gizmo: spin",
        "POST /gizmos/{id}/spin",
        &table("Int32"),
        "If successful, this action returns a `204 No Content` response code.",
    );
    let c = api_page(
        "a/v1.0/api/c.md",
        "widget: spin",
        "POST /widgets/spin",
        &table("String"),
        "If successful, this action returns a `204 No Content` response code.",
    );
    let api = lower(&[v1, beta, a, b, c], false).unwrap().api;
    assert!(api.models.contains_key("Gizmo") && api.models.contains_key("GizmoBeta"));
    assert!(
        api.models.contains_key("SpinRequest") && api.models.contains_key("SpinRequest2"),
        "{:?}",
        api.models.keys()
    );
    let names: Vec<(&str, &str, &str)> = api
        .operations
        .values()
        .map(|o| {
            (
                o.group_fn.as_str(),
                o.rust_name.as_str(),
                o.const_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        names,
        [
            // The method name is the action's on each node; the statics are prefixed
            // with the node, since three operations are `spin`.
            ("gizmos", "spin", "GIZMOS_SPIN"),
            ("gizmos", "spin", "GIZMOS_ITEM_SPIN"),
            ("widgets", "spin", "WIDGETS_SPIN")
        ]
    );
    let widget_spin = api
        .operations
        .values()
        .find(|o| o.group_fn == "widgets")
        .unwrap();
    assert_eq!(
        widget_spin.request.as_deref(),
        Some("SpinRequest"),
        "identical request models are shared"
    );
}

#[test]
fn the_version_comes_from_the_example_url_when_there_is_no_marker() {
    let p = page(
        "x.md",
        "---\ntitle: \"thing: go\"\ndoc_type: apiPageType\n---\n# thing: go\n\n## HTTP request\n\n```http\nPOST /things/go\n```\n\n## Response\n\nIf successful, this action returns a `204 No Content` response code.\n\n## Example\n\n```http\nPOST https://graph.microsoft.com/beta/things/go\n```\n",
    );
    let api = lower(&[p], false).unwrap().api;
    assert_eq!(
        api.operations.values().next().unwrap().version,
        Version::Beta
    );
}

#[test]
fn a_hand_built_doc_page_lowers_without_the_reader() {
    let spanned = |v: &str, line| Spanned {
        value: v.to_owned(),
        line,
    };
    let row = |line, cells: &[&str]| Row {
        line,
        cells: cells.iter().map(|c| (*c).to_owned()).collect(),
        links: vec![None; cells.len()],
        subheading: false,
    };
    let page = DocPage {
        path: PathBuf::from("hand/v1.0/resources/sprocket.md"),
        form: PageForm::Markdown,
        front_matter: vec![("doc_type".into(), spanned("resourcePageType", 2))],
        title: Some(spanned("sprocket resource type", 5)),
        beta_marker: None,
        headings: Vec::new(),
        paragraphs: Vec::new(),
        list_items: Vec::new(),
        http_requests: Vec::new(),
        tables: vec![Table {
            line: 9,
            section: Some("Properties".into()),
            header: vec!["Property".into(), "Type".into(), "Description".into()],
            rows: vec![
                row(11, &["teeth", "Int32", "Not nullable."]),
                Row {
                    subheading: true,
                    ..row(12, &["**Advanced**", "", ""])
                },
                row(13, &["clientSecret", "String", "Optional."]),
                row(14, &["type", "Collection(Edm.String)", "Kinds."]),
            ],
        }],
        examples: Vec::new(),
        annotations: Vec::new(),
        representation: None,
    };
    let api = lower(&[page], false).unwrap().api;
    let m = &api.models["Sprocket"];
    let f: Vec<(&str, &str, bool, bool)> = m
        .fields
        .iter()
        .map(|f| {
            (
                f.json_name.as_str(),
                f.rust_name.as_str(),
                f.required,
                f.secret,
            )
        })
        .collect();
    assert_eq!(
        f,
        [
            ("teeth", "teeth", true, false),
            ("clientSecret", "client_secret", false, true),
            ("type", "r#type", false, false)
        ]
    );
    assert_eq!(m.fields[2].line, 14);
}
