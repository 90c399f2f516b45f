//! A property or request parameter whose type the run does not know (no page, not a
//! primitive): an error at its row in strict mode; in lenient mode kept as free JSON, with
//! a warning `path:line: warning: type X unknown; kept as JSON (`name`)` among the
//! lenient diagnostics, and the resource (and the pages that return it) generated.

use std::path::Path;

use msgraph_typed_codegen::ir::{Field, Response, TypeRef};
use msgraph_typed_codegen::lower::{lower, Lowered};
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn page(path: &str, text: &str) -> DocPage {
    read_page(Path::new(path), text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

/// A resource page whose first property row is at line 14.
fn resource_page(path: &str, name: &str, rows: &str) -> DocPage {
    page(
        path,
        &format!(
            "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
        ),
    )
}

/// An API page whose first request body row is at line 20.
fn api_page(path: &str, title: &str, request: &str, body_table: &str, response: &str) -> DocPage {
    page(
        path,
        &format!(
            "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body_table}\n\n## Response\n\n{response}\n"
        ),
    )
}

/// A user resource with a property of a type that has no page, and a create page that
/// returns a user: the shape of the sample's `user.md` and `intune-mam-user-create.md`.
fn user_pages() -> Vec<DocPage> {
    let user = resource_page(
        "a/v1.0/resources/user.md",
        "user",
        "| id | String | Not nullable. |\n| licenseAssignmentStates | [licenseAssignmentState](licenseassignmentstate.md) collection | The states. |\n| manager | microsoft.graph.person | One of them. |",
    );
    let create = api_page(
        "a/v1.0/api/user-create.md",
        "Create user",
        "POST /users",
        "| Property | Type | Description |\n|:--|:--|:--|\n| id | String | Optional. |\n| hint | Strnig | Optional. A typo in the type column. |",
        "If successful, this method returns a `201 Created` response code and a [user](../resources/user.md) object in the response body.",
    );
    vec![user, create]
}

fn field<'a>(fields: &'a [Field], json_name: &str) -> &'a Field {
    fields
        .iter()
        .find(|f| f.json_name == json_name)
        .unwrap_or_else(|| panic!("no field {json_name}"))
}

fn warnings(out: &Lowered) -> Vec<String> {
    out.warnings.iter().map(ToString::to_string).collect()
}

#[test]
fn strict_mode_still_refuses_a_resource_property_of_an_unknown_type_at_its_line() {
    let err = lower(&user_pages(), false).unwrap_err();
    assert_eq!(err.len(), 1);
    assert_eq!(err[0].path, Path::new("a/v1.0/resources/user.md"));
    assert_eq!(err[0].line, 15, "the licenseAssignmentStates row");
    assert!(
        err[0]
            .message
            .starts_with("`licenseAssignmentStates`: unknown type `licenseAssignmentState`"),
        "{}",
        err[0].message
    );
}

#[test]
fn strict_mode_still_refuses_a_request_parameter_of_an_unknown_type_at_its_line() {
    let [_, create] = <[DocPage; 2]>::try_from(user_pages()).unwrap();
    let err = lower(&[create], false).unwrap_err();
    assert_eq!((err[0].line, err.len()), (21, 1), "the hint row");
    assert!(
        err[0].message.contains("`hint`: unknown type `Strnig`"),
        "{}",
        err[0].message
    );
}

#[test]
fn lenient_mode_keeps_a_property_of_an_unknown_type_as_json_with_a_warning_at_its_line() {
    let out = lower(&user_pages(), true).unwrap();
    let user = &out.api.models["User"];
    let manager = field(&user.fields, "manager");
    assert_eq!(manager.ty, TypeRef::Json);
    assert_eq!(
        manager.unknown_type.as_deref(),
        Some("microsoft.graph.person")
    );
    assert!(!manager.required);
    assert!(warnings(&out).contains(
        &"a/v1.0/resources/user.md:16: warning: type microsoft.graph.person unknown; kept as JSON (`manager`)"
            .to_owned()
    ));
    let id = field(&user.fields, "id");
    assert_eq!((&id.ty, &id.unknown_type), (&TypeRef::String, &None));
}

#[test]
fn lenient_mode_keeps_a_collection_of_an_unknown_type_as_a_vec_of_json_values() {
    let out = lower(&user_pages(), true).unwrap();
    let states = field(&out.api.models["User"].fields, "licenseAssignmentStates");
    assert_eq!(states.ty, TypeRef::Collection(Box::new(TypeRef::Json)));
    assert_eq!(
        states.unknown_type.as_deref(),
        Some("licenseAssignmentState")
    );
    assert!(warnings(&out).contains(
        &"a/v1.0/resources/user.md:15: warning: type licenseAssignmentState unknown; kept as JSON (`licenseAssignmentStates`)"
            .to_owned()
    ));
}

#[test]
fn lenient_mode_keeps_a_request_parameter_of_an_unknown_type_and_generates_the_page() {
    let out = lower(&user_pages(), true).unwrap();
    assert_eq!((out.operation_pages, out.generated_operation_pages), (1, 1));
    let op = out.api.operations.values().next().unwrap();
    assert_eq!(
        op.response,
        Response::Model {
            status: 201,
            ty: TypeRef::Model("User".into())
        },
        "the resource with an unknown property still serves as a response type"
    );
    let request = &out.api.models[op.request.as_deref().unwrap()];
    let hint = field(&request.fields, "hint");
    assert_eq!(hint.ty, TypeRef::Json);
    assert!(!hint.secret);
    assert!(warnings(&out).contains(
        &"a/v1.0/api/user-create.md:21: warning: type Strnig unknown; kept as JSON (`hint`)"
            .to_owned()
    ));
    assert!(
        out.skipped.is_empty(),
        "nothing was skipped: {:?}",
        out.skipped
    );
}

#[test]
fn a_property_whose_type_page_was_skipped_is_kept_as_json_naming_that_page_reason() {
    let broken = resource_page(
        "a/v1.0/resources/person.md",
        "person",
        "| name | String | A name. |\n| full name | String | Two words in the name column. |",
    );
    let mut pages = user_pages();
    pages.push(broken);
    let out = lower(&pages, true).unwrap();
    let manager = field(&out.api.models["User"].fields, "manager");
    assert_eq!(manager.ty, TypeRef::Json);
    let warning = warnings(&out)
        .into_iter()
        .find(|w| w.contains("(`manager`)"))
        .unwrap();
    assert!(
        warning.starts_with(
            "a/v1.0/resources/user.md:16: warning: type microsoft.graph.person was skipped \
             (a/v1.0/resources/person.md:15: the name `full name` has several words"
        ),
        "{warning}"
    );
    assert!(warning.ends_with("; kept as JSON (`manager`)"), "{warning}");
    assert_eq!(
        out.skipped
            .iter()
            .filter(|d| d.path == Path::new("a/v1.0/resources/person.md"))
            .count(),
        1,
        "the broken page is skipped once, not once per pass"
    );
}

#[test]
fn a_response_type_that_is_unknown_still_skips_its_page() {
    let p = api_page(
        "a/v1.0/api/thing-get.md",
        "thing: fetch",
        "GET /things/fetch",
        "",
        "If successful, this method returns a `200 OK` response code and a widget object in the response body.",
    );
    let out = lower(&[p], true).unwrap();
    assert_eq!(out.generated_operation_pages, 0);
    assert!(
        out.skipped[0]
            .message
            .starts_with("response type: unknown type `widget`"),
        "{}",
        out.skipped[0].message
    );
}

/// A resource page whose description says what it inherits from; first property at 16.
fn derived_page(path: &str, name: &str, inherits: &str, rows: &str) -> DocPage {
    page(
        path,
        &format!(
            "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n{inherits}\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
        ),
    )
}

#[test]
fn a_base_written_as_base_class_and_linked_to_a_page_of_another_name_is_inherited() {
    let base = resource_page(
        "a/v1.0/resources/identityuserflow.md",
        "UserFlow",
        "| userFlowType | String | The kind. |",
    );
    let derived = derived_page(
        "a/v1.0/resources/b2xidentityuserflow.md",
        "b2xIdentityUserFlow",
        "Inherits from base class [identityUserFlow](../resources/identityuserflow.md).",
        "| apiConnectorConfiguration | String | A setting. |",
    );
    for lenient in [false, true] {
        let out = lower(&[base.clone(), derived.clone()], lenient).unwrap();
        let names: Vec<&str> = out.api.models["B2xIdentityUserFlow"]
            .fields
            .iter()
            .map(|f| f.json_name.as_str())
            .collect();
        assert_eq!(names, ["userFlowType", "apiConnectorConfiguration"]);
        assert!(out.skipped.is_empty(), "{:?}", out.skipped);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    }
}

#[test]
fn lenient_mode_warns_at_the_inherits_line_when_a_base_type_has_no_page_and_keeps_the_resource() {
    let derived = derived_page(
        "a/v1.0/resources/gadget.md",
        "gadget",
        "Inherits from [device](device.md).",
        "| size | Int32 | The size. |",
    );
    let strict = lower(std::slice::from_ref(&derived), false).unwrap();
    assert!(
        strict.api.models.contains_key("Gadget"),
        "strict mode unchanged"
    );
    let out = lower(&[derived], true).unwrap();
    let gadget = &out.api.models["Gadget"];
    assert_eq!(gadget.fields.len(), 1, "its own properties");
    assert_eq!(
        warnings(&out),
        ["a/v1.0/resources/gadget.md:10: warning: base type device unknown; its properties are left out of gadget"]
    );
}

#[test]
fn a_base_written_as_the_base_class_or_the_base_type_is_inherited_by_its_name() {
    let base = resource_page(
        "a/v1.0/resources/identityuserflow.md",
        "UserFlow",
        "| userFlowType | String | The kind. |",
    );
    for lead in ["the base class", "The base type", "base class the"] {
        let derived = derived_page(
            "a/v1.0/resources/b2xidentityuserflow.md",
            "b2xIdentityUserFlow",
            &format!("Inherits from {lead} [identityUserFlow](../resources/identityuserflow.md)."),
            "| apiConnectorConfiguration | String | A setting. |",
        );
        let out = lower(&[base.clone(), derived], true).unwrap();
        let names: Vec<&str> = out.api.models["B2xIdentityUserFlow"]
            .fields
            .iter()
            .map(|f| f.json_name.as_str())
            .collect();
        assert_eq!(
            names,
            ["userFlowType", "apiConnectorConfiguration"],
            "{lead}"
        );
        assert!(out.skipped.is_empty(), "{lead}: {:?}", out.skipped);
        assert!(out.warnings.is_empty(), "{lead}: {:?}", out.warnings);
    }
}
