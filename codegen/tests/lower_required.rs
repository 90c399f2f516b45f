//! Which rows of a request table are required: an action's parameters unless marked
//! optional, a create page's properties only when marked required.

use std::path::Path;

use msgraph_typed_codegen::emit::{emit, Mode, Options};
use msgraph_typed_codegen::ir::{Api, OptionalBecause};
use msgraph_typed_codegen::lower::lower;
use msgraph_typed_codegen::parse::{read_page, DocPage};

fn api_page(path: &str, title: &str, request: &str, body: &str) -> DocPage {
    let text = format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Request body\n\n{body}\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n"
    );
    read_page(Path::new(path), &text).unwrap_or_else(|d| panic!("fixture does not read: {d}"))
}

fn lowered(page: DocPage) -> Api {
    lower(&[page], false)
        .unwrap_or_else(|d| panic!("{}", d[0]))
        .api
}

fn required(api: &Api, model: &str) -> Vec<(String, bool)> {
    api.models[model]
        .fields
        .iter()
        .map(|f| (f.json_name.clone(), f.required))
        .collect()
}

fn pairs(expected: &[(&str, bool)]) -> Vec<(String, bool)> {
    expected.iter().map(|(n, r)| (n.to_string(), *r)).collect()
}

#[test]
fn a_create_pages_properties_are_optional_unless_a_row_says_required() {
    let body = "The following table shows the properties that are required when you create the widget.\n\n|Property|Type|Description|\n|:---|:---|:---|\n|id|String|Key of the entity.|\n|name|String|The name. Required.|\n|colour|String|Its colour. Not nullable.|\n|lockMinutes|Int32|Minutes of inactivity before a password is required.|\n|note|String|A note. Optional.|";
    let api = lowered(api_page(
        "v1.0/api/widget-create.md",
        "Create widget",
        "POST /widgets",
        body,
    ));
    assert_eq!(
        required(&api, "CreateWidgetRequest"),
        pairs(&[
            ("id", false),
            ("name", true),
            ("colour", false),
            ("lockMinutes", false),
            ("note", false),
        ])
    );
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        code.contains("pub fn new(name: impl Into<::std::string::String>) -> Self"),
        "the constructor takes the one required property:\n{code}"
    );
}

#[test]
fn a_required_column_decides_on_a_create_page() {
    let body = "|Property|Type|Description|Required|\n|:---|:---|:---|:---|\n|startDateTime|DateTimeOffset|When it starts. Required.|No|\n|lifetimeInMinutes|Int32|How long it lasts.|Yes|\n|isUsableOnce|Boolean|Once only.||";
    let api = lowered(api_page(
        "beta/api/pass-create.md",
        "Create temporaryPass",
        "POST /me/passes",
        body,
    ));
    assert_eq!(
        required(&api, "CreateTemporaryPassRequest"),
        pairs(&[
            ("startDateTime", false),
            ("lifetimeInMinutes", true),
            ("isUsableOnce", false),
        ])
    );
}

#[test]
fn an_actions_parameters_stay_required_unless_marked_optional() {
    let body = "| Parameter | Type | Description |\n|:--|:--|:--|\n| colour | String | The colour. |\n| coats | Int32 | How many coats. Optional. |\n| primer | Boolean | Whether a primer is required first. |";
    let api = lowered(api_page(
        "v1.0/api/widget-paint.md",
        "widget: paint",
        "POST /widgets/{id}/paint",
        body,
    ));
    assert_eq!(
        required(&api, "PaintRequest"),
        pairs(&[("colour", true), ("coats", false), ("primer", true)])
    );
}

#[test]
fn a_property_header_on_an_action_page_is_still_an_actions_parameters() {
    // Intune action pages head their parameter tables `Property`.
    let body = "|Property|Type|Description|\n|:---|:---|:---|\n|assignments|String collection|Not yet documented|";
    let api = lowered(api_page(
        "beta/api/widget-assign.md",
        "assign action",
        "POST /widgets/{id}/assign",
        body,
    ));
    assert_eq!(
        required(&api, "AssignActionRequest"),
        pairs(&[("assignments", true)])
    );
}

const UPDATE_BODY: &str = "|Property|Type|Description|\n|:---|:---|:---|\n|displayName|String|The name. Required.|\n|jobTitle|String|The job title. Not nullable.|\n|officeLocation|String|The office.|\n|password|String|The sign-in password.|";

#[test]
fn every_property_of_an_update_body_is_optional_whatever_its_row_says() {
    let api = lowered(api_page(
        "v1.0/api/user-update.md",
        "Update user",
        "PATCH /users/{id}",
        UPDATE_BODY,
    ));
    assert_eq!(
        required(&api, "UpdateUserRequest"),
        pairs(&[
            ("displayName", false),
            ("jobTitle", false),
            ("officeLocation", false),
            ("password", false),
        ])
    );
    assert!(api.models["UpdateUserRequest"]
        .fields
        .iter()
        .all(|f| f.optional_because == Some(OptionalBecause::Update)));
}

#[test]
fn an_update_body_is_emitted_as_patches_with_a_setter_and_a_clear_per_property() {
    let api = lowered(api_page(
        "v1.0/api/user-update.md",
        "Update user",
        "PATCH /users/{id}",
        UPDATE_BODY,
    ));
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    for want in [
        "pub fn new() -> Self {\n            Self::default()\n        }",
        "skip_serializing_if = \"::msgraph_typed::Patch::is_unchanged\"",
        "pub job_title: ::msgraph_typed::Patch<::std::string::String>,",
        "pub fn with_job_title(mut self, value: impl Into<::std::string::String>) -> Self {\n            self.job_title = ::msgraph_typed::Patch::Set(value.into());",
        "pub fn clear_office_location(mut self) -> Self {\n            self.office_location = ::msgraph_typed::Patch::Clear;",
        // A secret stays a SecretString inside its patch: Debug keeps it hidden.
        "pub password: ::msgraph_typed::Patch<::msgraph_typed::SecretString>,",
    ] {
        assert!(code.contains(want), "missing `{want}` in:\n{code}");
    }
    assert!(!code.contains("Option<::std::string::String>"), "{code}");
}

#[test]
fn a_post_action_and_a_create_keep_their_required_properties_beside_an_update() {
    let action = api_page(
        "v1.0/api/user-changepassword.md",
        "user: changePassword",
        "POST /me/changePassword",
        "|Parameter|Type|Description|\n|:---|:---|:---|\n|currentPassword|String|The current password.|\n|newPassword|String|The new password.|",
    );
    let create = api_page(
        "v1.0/api/widget-create.md",
        "Create widget",
        "POST /widgets",
        "|Property|Type|Description|\n|:---|:---|:---|\n|name|String|The name. Required.|",
    );
    let update = api_page(
        "v1.0/api/widget-update.md",
        "Update widget",
        "PATCH /widgets/{id}",
        "|Property|Type|Description|\n|:---|:---|:---|\n|name|String|The name. Required.|",
    );
    let api = lower(&[action, create, update], false)
        .unwrap_or_else(|d| panic!("{}", d[0]))
        .api;
    assert_eq!(
        required(&api, "ChangePasswordRequest"),
        pairs(&[("currentPassword", true), ("newPassword", true)])
    );
    assert_eq!(
        required(&api, "CreateWidgetRequest"),
        pairs(&[("name", true)])
    );
    assert_eq!(
        required(&api, "UpdateWidgetRequest"),
        pairs(&[("name", false)])
    );
    let code = emit(&api, &Options::for_mode(Mode::Downstream));
    assert!(
        code.contains("pub fn clear_name(mut self) -> Self {"),
        "{code}"
    );
    assert!(
        !code.contains("fn clear_current_password"),
        "an action's body has no clear_: {code}"
    );
}
