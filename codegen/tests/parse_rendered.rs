//! Reader features of the rendered text form (seed 004's shape), and the reader's errors:
//! malformed pages are a `path:line: found ..., expected ...` diagnostic, never a panic.

use std::path::Path;

use msgraph_typed_codegen::parse::{read_page, DocPage, ExampleKind, PageForm};
use msgraph_typed_codegen::Diagnostic;

const HEAD: &str = "| title | thing: act |\n|---|---|\n| description | Does a thing. |\n";

fn read(text: &str) -> DocPage {
    read_page(Path::new("page.txt"), text).expect("fixture reads")
}

fn fail(text: &str) -> Diagnostic {
    read_page(Path::new("bad.md"), text).expect_err("fixture is refused")
}

#[test]
fn the_form_is_told_by_content_not_by_extension() {
    let rendered = read_page(Path::new("x.md"), HEAD).unwrap();
    assert_eq!(rendered.form, PageForm::Rendered);
    let markdown = read_page(Path::new("x.txt"), "---\ntitle: t\n---\n").unwrap();
    assert_eq!(markdown.form, PageForm::Markdown);
}

#[test]
fn the_leading_table_is_the_front_matter_and_gives_the_title() {
    let page = read(HEAD);
    let fm: Vec<(&str, &str, usize)> = page
        .front_matter
        .iter()
        .map(|(k, v)| (k.as_str(), v.value.as_str(), v.line))
        .collect();
    assert_eq!(
        fm,
        vec![
            ("title", "thing: act", 1),
            ("description", "Does a thing.", 3)
        ]
    );
    assert_eq!(
        page.title.map(|t| (t.value, t.line)),
        Some(("thing: act".into(), 1))
    );
    assert!(page.tables.is_empty());
}

#[test]
fn a_bare_request_line_is_an_http_request_and_its_glued_table_is_read() {
    let page = read(&format!(
        "{HEAD}POST /users/{{id | userPrincipalName}}/act| Name | Description |\n|---|---|\n| Authorization | Bearer {{token}}. |\nAfter.\n"
    ));
    let r = &page.http_requests[0];
    assert_eq!(
        (r.value.method.as_str(), r.value.path.as_str(), r.line),
        ("POST", "/users/{id | userPrincipalName}/act", 4)
    );
    let t = &page.tables[0];
    assert_eq!(
        (t.line, t.header.clone()),
        (4, vec!["Name".to_string(), "Description".to_string()])
    );
    assert_eq!(t.rows[0].cells, vec!["Authorization", "Bearer {token}."]);
    assert_eq!(page.paragraphs[0].text, "After.");
}

#[test]
fn a_request_line_with_a_host_is_an_example_not_an_http_request() {
    let page = read(&format!(
        "{HEAD}GET https://graph.microsoft.com/beta/me\nHTTP/1.1 204 No Content\n"
    ));
    assert!(page.http_requests.is_empty());
    let kinds: Vec<(ExampleKind, usize)> = page.examples.iter().map(|e| (e.kind, e.line)).collect();
    assert_eq!(
        kinds,
        vec![(ExampleKind::Request, 4), (ExampleKind::Response, 5)]
    );
}

#[test]
fn an_unfenced_body_ends_at_its_brace_and_the_text_after_it_is_read_on() {
    let page = read(&format!(
        "{HEAD}POST https://graph.microsoft.com/beta/x\nContent-Type: application/json\n{{\n\"a\": \"{{\"\n}}[!INCLUDE sample-code] [!INCLUDE beta-disclaimer]\nThe response.\n"
    ));
    let ex = &page.examples[0];
    assert_eq!(
        ex.body.as_ref().map(|b| (b.value.as_str(), b.line)),
        Some(("{\n\"a\": \"{\"\n}", 6))
    );
    assert_eq!(page.beta_marker, Some(8));
    assert_eq!(page.paragraphs[0].text, "The response.");
    assert_eq!(page.paragraphs[0].line, 9);
}

#[test]
fn the_rendered_beta_include_and_important_notes_with_role_items_are_read() {
    let page = read(&format!("{HEAD}[!INCLUDE beta-disclaimer]\nImportant\nRoles:\n- Password Administrator\n- User Administrator\n"));
    assert_eq!(page.beta_marker, Some(4));
    let items: Vec<(&str, usize)> = page
        .list_items
        .iter()
        .map(|p| (p.text.as_str(), p.line))
        .collect();
    assert_eq!(
        items,
        vec![("Password Administrator", 7), ("User Administrator", 8)]
    );
    assert!(page.list_items.iter().all(|p| p.section.is_none()));
    assert_eq!(page.paragraphs[0].text, "Important");
}

#[test]
fn a_prose_line_starting_with_a_method_word_but_no_path_is_prose() {
    let page = read(&format!(
        "{HEAD}POST requests are sent here.\nFETCH /x is not a method.\n"
    ));
    assert!(page.http_requests.is_empty());
    assert_eq!(page.paragraphs.len(), 2);
}

#[test]
fn an_unclosed_rendered_body_is_an_error_at_its_line() {
    let err = fail(&format!(
        "{HEAD}HTTP/1.1 200 OK\nContent-Type: application/json\n{{\n\"a\": [1,\n"
    ));
    assert_eq!(err.line, 6);
    assert!(
        err.to_string()
            .starts_with("bad.md:6: found a JSON body opened with `{`"),
        "{err}"
    );
}

#[test]
fn a_title_row_without_a_delimiter_row_is_an_error() {
    let err = fail("| title | x |\nNo delimiter.\n");
    assert_eq!(err.line, 1);
    assert!(err.message.contains("expected `|---|---|`"), "{err}");
}

#[test]
fn an_unclosed_fence_is_an_error_at_its_opening_line() {
    let err = fail("# T\n\n```http\nPOST https://graph.microsoft.com/v1.0/x\n");
    assert_eq!((err.line, err.path.as_path()), (3, Path::new("bad.md")));
    assert!(
        err.message.contains("never closed; expected a closing ```"),
        "{err}"
    );
}

#[test]
fn an_unclosed_front_matter_is_an_error() {
    let err = fail("---\ntitle: x\n\n# T\n");
    assert_eq!(err.line, 1);
    assert!(err.message.contains("expected a closing `---`"), "{err}");
}

#[test]
fn an_unclosed_annotation_before_page_structure_is_an_error() {
    let err =
        fail("# T\n<!-- {\n \"blockType\": \"request\"\n## HTTP request\n```http\nPOST /x\n```\n");
    assert_eq!(err.line, 2);
    assert!(err.message.contains("expected `-->`"), "{err}");
}

#[test]
fn a_request_line_with_an_unknown_method_is_an_error_at_its_line() {
    let err = fail("## HTTP request\n```http\nPOST /ok\nFETCH /me/x\n```\n");
    assert_eq!(err.line, 4);
    assert_eq!(
        err.to_string(),
        "bad.md:4: found `FETCH /me/x`; expected one of the methods GET, POST, PATCH, PUT, DELETE before the path"
    );
}

#[test]
fn a_request_section_line_without_a_path_is_an_error() {
    let err = fail("## HTTP request\n```http\nPOST\n```\n");
    assert_eq!(err.line, 3);
    assert!(
        err.message.contains("expected a path starting with `/`"),
        "{err}"
    );
}

#[test]
fn a_request_section_path_written_without_its_slash_is_read_with_it() {
    let page = read("## HTTP request\n```http\nPOST policies/tokenLifetimePolicies\n```\n");
    assert_eq!(
        page.http_requests[0].value.path,
        "/policies/tokenLifetimePolicies"
    );
}

#[test]
fn an_example_with_an_unknown_method_is_an_error() {
    let err = fail("```http\nHEAD https://graph.microsoft.com/v1.0/me\n```\n");
    assert_eq!(err.line, 2);
    assert!(
        err.message
            .contains("expected an example request with one of the methods"),
        "{err}"
    );
}

#[test]
fn a_fenced_body_without_its_close_is_tolerated_up_to_the_fence() {
    let page = read("```http\nHTTP/1.1 200 OK\n\n{\n  \"value\": [\n```\nAfter.\n");
    assert_eq!(
        page.examples[0].body.as_ref().map(|b| b.value.as_str()),
        Some("{\n  \"value\": [")
    );
    assert_eq!(page.paragraphs[0].text, "After.");
}

#[test]
fn an_empty_page_reads_as_an_empty_markdown_page() {
    let page = read("");
    assert_eq!(page.form, PageForm::Markdown);
    assert_eq!(page.title, None);
}
