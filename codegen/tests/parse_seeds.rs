//! The two seed pages the SDK ships read into exactly the DocPages expected.

use std::path::{Path, PathBuf};

use msgraph_typed_codegen::parse::*;

const CHANGE_PASSWORD: &str = include_str!("../../pages/v1.0/api/user-changepassword.md");
const VALIDATE_PASSWORD: &str = include_str!("../../pages/beta/api/user-validatepassword.txt");

fn s(value: &str, line: usize) -> Spanned<String> {
    Spanned {
        value: value.to_string(),
        line,
    }
}

fn fm(pairs: &[(&str, &str, usize)]) -> Vec<(String, Spanned<String>)> {
    pairs
        .iter()
        .map(|&(k, v, l)| (k.to_string(), s(v, l)))
        .collect()
}

fn para(text: &str, line: usize, section: Option<&str>) -> Paragraph {
    Paragraph {
        text: text.to_string(),
        line,
        section: section.map(str::to_string),
    }
}

fn row(line: usize, cells: &[&str], links: &[Option<&str>]) -> Row {
    Row {
        line,
        cells: cells.iter().map(|c| c.to_string()).collect(),
        links: links.iter().map(|l| l.map(str::to_string)).collect(),
        subheading: false,
    }
}

fn table(line: usize, section: Option<&str>, header: &[&str], rows: Vec<Row>) -> Table {
    Table {
        line,
        section: section.map(str::to_string),
        header: header.iter().map(|c| c.to_string()).collect(),
        rows,
    }
}

fn heading(level: u8, text: &str, line: usize) -> Heading {
    Heading {
        level,
        text: text.to_string(),
        line,
    }
}

fn request(method: &str, path: &str, line: usize) -> Spanned<HttpLine> {
    Spanned {
        value: HttpLine {
            method: method.to_string(),
            path: path.to_string(),
        },
        line,
    }
}

#[test]
fn seed_000_reads_into_the_expected_markdown_page() {
    let path = PathBuf::from("pages/v1.0/api/user-changepassword.md");
    let page = read_page(&path, CHANGE_PASSWORD).expect("seed 000 reads");
    let permissions_text = "Choose the permission or permissions marked as least privileged for this API. \
        Use a higher privileged permission or permissions only if your app requires it. For details \
        about delegated and application permissions, see Permission types. To learn more about \
        these permissions, see the permissions reference.";
    let expected = DocPage {
        path: path.clone(),
        form: PageForm::Markdown,
        front_matter: fm(&[
            ("title", "user: changePassword", 2),
            ("description", "Update your own password.", 3),
            ("ms.localizationpriority", "medium", 4),
            ("author", "yyuank", 5),
            ("ms.reviewer", "iamut", 6),
            ("ms.subservice", "entra-users", 7),
            ("doc_type", "apiPageType", 8),
            ("ms.date", "08/16/2024", 9),
        ]),
        title: Some(s("user: changePassword", 12)),
        beta_marker: None,
        headings: vec![
            heading(1, "user: changePassword", 12),
            heading(2, "Permissions", 20),
            heading(2, "HTTP request", 27),
            heading(2, "Request headers", 34),
            heading(2, "Request body", 40),
            heading(2, "Response", 48),
            heading(2, "Example", 52),
            heading(3, "Request", 55),
            heading(3, "Response", 107),
            heading(2, "Related content", 116),
        ],
        paragraphs: vec![
            para("Namespace: microsoft.graph", 14, None),
            para(
                "Update the signed-in user's password. Any user can update their password without \
                 belonging to any administrator role.",
                16,
                None,
            ),
            para(permissions_text, 21, Some("Permissions")),
            para(
                "In the request body, provide a JSON object with the following parameters.",
                41,
                Some("Request body"),
            ),
            para(
                "If successful, this method returns a 204 No Content response code.",
                50,
                Some("Response"),
            ),
            para(
                "The following example shows a request to update your own password.",
                53,
                Some("Example"),
            ),
        ],
        list_items: vec![para(
            "Update the passwordProfile of a user to reset their password",
            117,
            Some("Related content"),
        )],
        http_requests: vec![request("POST", "/me/changePassword", 30)],
        tables: vec![
            table(
                35,
                Some("Request headers"),
                &["Header", "Value"],
                vec![
                    row(
                        37,
                        &[
                            "Authorization",
                            "Bearer {token}. Required. Learn more about authentication and authorization.",
                        ],
                        &[None, Some("/graph/auth/auth-concepts")],
                    ),
                    row(38, &["Content-type", "application/json. Required."], &[None, None]),
                ],
            ),
            table(
                43,
                Some("Request body"),
                &["Parameter", "Type", "Description"],
                vec![
                    row(45, &["currentPassword", "String", "Your current password."], &[None, None, None]),
                    row(46, &["newPassword", "String", "Your new password."], &[None, None, None]),
                ],
            ),
        ],
        examples: vec![
            Example {
                kind: ExampleKind::Request,
                line: 64,
                start: "POST https://graph.microsoft.com/v1.0/me/changePassword".into(),
                headers: vec![("Content-type".into(), "application/json".into())],
                body: Some(s(
                    "{\n    \"currentPassword\": \"xWwvJ]6NMw+bWH-d\",\n    \"newPassword\": \"0eM85N54wFxWwvJ]\"\n}",
                    67,
                )),
                annotation: Some(r#""blockType": "request", "name": "user_changepassword""#.into()),
            },
            Example {
                kind: ExampleKind::Response,
                line: 113,
                start: "HTTP/1.1 204 No Content".into(),
                headers: vec![],
                body: None,
                annotation: Some(r#""blockType": "response", "truncated": true"#.into()),
            },
        ],
        annotations: vec![
            s(r#""blockType": "permissions", "name": "user_changepassword""#, 24),
            s(r#""blockType": "ignored""#, 28),
            s(r#""blockType": "request", "name": "user_changepassword""#, 59),
            s(r#""blockType": "response", "truncated": true"#, 108),
            s(
                r##""type": "#page.annotation", "description": "user: changePassword", "keywords": "", "section": "documentation", "tocPath": "", "suppressions": [ ]"##,
                121,
            ),
        ],
        representation: None,
    };
    assert_eq!(page, expected);
}

#[test]
fn seed_004_reads_into_the_expected_rendered_page() {
    let path = Path::new("pages/beta/api/user-validatepassword.txt");
    let page = read_page(path, VALIDATE_PASSWORD).expect("seed 004 reads");
    let description = "Check a user's password against the organization's password validation \
        policy and report whether the password is valid.";
    let expected = DocPage {
        path: path.to_path_buf(),
        form: PageForm::Rendered,
        front_matter: fm(&[
            ("title", "user: validatePassword", 1),
            ("description", description, 3),
            ("author", "yyuank", 4),
            ("ms.reviewer", "iamut", 5),
            ("ms.localizationpriority", "medium", 6),
            ("ms.subservice", "entra-users", 7),
            ("doc_type", "apiPageType", 8),
            ("ms.date", "4/15/2026", 9),
        ]),
        title: Some(s("user: validatePassword", 1)),
        beta_marker: Some(11),
        headings: vec![],
        paragraphs: vec![
            para("Namespace: microsoft.graph", 10, None),
            para(
                &format!(
                    "{description} Use this action to provide real-time feedback on password \
                     strength while the user types their password."
                ),
                12,
                None,
            ),
            para(
                "Choose the permission or permissions marked as least privileged for this API. \
                 Use a higher privileged permission or permissions only if your app requires it. \
                 For details about delegated and application permissions, see Permission types. \
                 To learn more about these permissions, see the permissions reference.",
                14,
                None,
            ),
            para("Important", 16, None),
            para(
                "In delegated scenarios with work or school accounts, the signed-in user must be \
                 assigned a supported Microsoft Entra role or a custom role with a supported role \
                 permission. The following least privileged roles are supported for this operation:",
                17,
                None,
            ),
            para("In the request body, supply JSON representation of the parameters.", 26, None),
            para(
                "The following table shows the parameters that are required with this action.",
                27,
                None,
            ),
            para(
                "If successful, this action returns a 200 OK response code and a \
                 passwordValidationInformation object in the response body.",
                31,
                None,
            ),
            para("The following example shows the response.", 43, None),
            para(
                "Note: The response object shown here might be shortened for readability.",
                44,
                None,
            ),
        ],
        list_items: vec![
            para("Password Administrator", 18, None),
            para("Helpdesk Administrator", 19, None),
            para("User Administrator", 20, None),
            para("Global Administrator", 21, None),
        ],
        http_requests: vec![request("POST", "/users/validatePassword", 22)],
        tables: vec![
            table(
                22,
                None,
                &["Name", "Description"],
                vec![
                    row(
                        24,
                        &[
                            "Authorization",
                            "Bearer {token}. Required. Learn more about authentication and authorization.",
                        ],
                        &[None, None],
                    ),
                    row(25, &["Content-Type", "application/json. Required."], &[None, None]),
                ],
            ),
            table(
                28,
                None,
                &["Parameter", "Type", "Description"],
                vec![row(
                    30,
                    &["password", "String", "The password to be validated by this action."],
                    &[None, None, None],
                )],
            ),
        ],
        examples: vec![
            Example {
                kind: ExampleKind::Request,
                line: 32,
                start: "POST https://graph.microsoft.com/beta/users/validatePassword".into(),
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: Some(s("{\n\"password\": \"1234567890\"\n}", 34)),
                annotation: None,
            },
            Example {
                kind: ExampleKind::Response,
                line: 45,
                start: "HTTP/1.1 200 OK".into(),
                headers: vec![("Content-Type".into(), "application/json".into())],
                body: Some(s(
                    "{\n\"@odata.context\": \"https://graph.microsoft.com/beta/$metadata#users/$entity\",\n\
                     \"isValid\": false,\n\"validationResults\": [\n{\n\
                     \"ruleName\": \"password_not_meet_complexity\",\n\"validationPassed\": false,\n\
                     \"message\": \"Password does not meet complexity requirements.\"\n}\n]\n}",
                    47,
                )),
                annotation: None,
            },
        ],
        annotations: Vec::new(),
        representation: None,
    };
    assert_eq!(page, expected);
}
