//! Reader features of the markdown form, one small fixture each.

use std::path::Path;

use msgraph_typed_codegen::parse::{read_page, DocPage, ExampleKind, HttpLine, PageForm};

fn read(text: &str) -> DocPage {
    read_page(Path::new("fixture.md"), text).expect("fixture reads")
}

fn http(page: &DocPage) -> Vec<(&str, &str, usize)> {
    page.http_requests
        .iter()
        .map(|r| (r.value.method.as_str(), r.value.path.as_str(), r.line))
        .collect()
}

#[test]
fn the_title_is_the_first_level_one_heading_else_the_front_matter_title() {
    let page = read("---\ntitle: \"front\"\n---\n\n# heading title\n");
    assert_eq!(page.form, PageForm::Markdown);
    assert_eq!(
        page.title.map(|t| (t.value, t.line)),
        Some(("heading title".into(), 5))
    );
    let page = read("---\ntitle: front only\n---\n#\nText.\n");
    assert_eq!(
        page.title.map(|t| (t.value, t.line)),
        Some(("front only".into(), 2))
    );
}

#[test]
fn the_front_matter_title_key_is_found_in_any_case() {
    let page = read("---\nTitle: user: ping\n---\nText.\n");
    assert_eq!(
        page.title.map(|t| (t.value, t.line)),
        Some(("user: ping".into(), 2))
    );
}

#[test]
fn tab_headings_are_not_headings_and_do_not_change_the_section() {
    let page = read("## Example\n# [HTTP](#tab/http)\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n# [C#](#tab/csharp)\nText.\n");
    let texts: Vec<&str> = page.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, vec!["Example"]);
    assert_eq!(page.title, None);
    assert_eq!(page.paragraphs[0].section.as_deref(), Some("Example"));
}

#[test]
fn headings_keep_level_and_line_and_lose_closing_hashes_and_markup() {
    let page = read("# Title\n\n## `Request` body ##\n#### Deep\n#NotAHeading\n");
    let got: Vec<(u8, &str, usize)> = page
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str(), h.line))
        .collect();
    assert_eq!(
        got,
        vec![(1, "Title", 1), (2, "Request body", 3), (4, "Deep", 4)]
    );
    assert_eq!(page.paragraphs[0].text, "#NotAHeading");
    assert_eq!(page.paragraphs[0].section.as_deref(), Some("Request body"));
}

#[test]
fn the_beta_disclaimer_include_sets_the_beta_marker_and_other_includes_are_ignored() {
    let page = read("# t\n[!INCLUDE [national-cloud-support](../../includes/all-clouds.md)]\n\n[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]\n");
    assert_eq!(page.beta_marker, Some(4));
    assert!(page.paragraphs.is_empty());
    assert_eq!(
        read("# t\n[!INCLUDE [sample-code](x.md)]\n").beta_marker,
        None
    );
}

#[test]
fn every_line_of_the_http_request_section_is_a_request_line() {
    let page = read("## HTTP request\n<!-- { \"blockType\": \"ignored\" } -->\n``` http\nPOST /me/x\n\nPOST /users/{id | userPrincipalName}/assignLicense\nGET https://graph.microsoft.com/beta/users/{id}   # with host\n```\n");
    assert_eq!(
        http(&page),
        vec![
            ("POST", "/me/x", 4),
            ("POST", "/users/{id | userPrincipalName}/assignLicense", 6),
            ("GET", "/users/{id}", 7),
        ]
    );
    assert!(page.examples.is_empty());
}

#[test]
fn request_lines_from_several_blocks_of_the_section_are_all_kept() {
    let page = read("## HTTP Request\n```http\nPOST /a\n```\nOr:\n```http\nPOST /b\n```\n## Request body\n```http\nPOST https://graph.microsoft.com/v1.0/a\n```\n");
    assert_eq!(http(&page), vec![("POST", "/a", 3), ("POST", "/b", 7)]);
    assert_eq!(page.examples.len(), 1);
}

#[test]
fn a_multi_line_annotation_attaches_to_the_next_fenced_block() {
    let page = read("### Response\n<!-- {\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.x\"\n}\n-->\n\n```http\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n{\n  \"a\": 1\n}\n```\n");
    let ex = &page.examples[0];
    assert_eq!(ex.kind, ExampleKind::Response);
    assert_eq!(ex.line, 10);
    assert_eq!(ex.start, "HTTP/1.1 200 OK");
    assert_eq!(
        ex.annotation.as_deref(),
        Some(r#""blockType": "response", "truncated": true, "@odata.type": "microsoft.graph.x""#)
    );
    assert_eq!(
        ex.body.as_ref().map(|b| (b.value.as_str(), b.line)),
        Some(("{\n  \"a\": 1\n}", 13))
    );
}

#[test]
fn an_annotation_separated_from_the_block_by_prose_does_not_attach() {
    let page = read("<!-- { \"blockType\": \"permissions\" } -->\n[!INCLUDE [permissions-table](x.md)]\n\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n");
    assert_eq!(page.examples[0].annotation, None);
    let page = read("<!-- { \"blockType\": \"request\" } -->\nSome words.\n```http\nGET https://graph.microsoft.com/v1.0/me\n```\n");
    assert_eq!(page.examples[0].annotation, None);
}

#[test]
fn a_comment_that_is_not_an_annotation_is_dropped() {
    let page = read("Before.\n<!-- uuid: 8fcb5dbc\n2015-10-25 14:57:30 UTC -->\nAfter.\n");
    let texts: Vec<&str> = page.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, vec!["Before.", "After."]);
}

#[test]
fn an_example_request_has_its_request_line_headers_and_body() {
    let page = read("```http\nPOST https://graph.microsoft.com/v1.0/me/changePassword\nContent-type: application/json\nContent-length: 10\n\n{\n  \"x\": \"}\"\n}\n```\n");
    let ex = &page.examples[0];
    assert_eq!(ex.kind, ExampleKind::Request);
    assert_eq!(
        ex.start,
        "POST https://graph.microsoft.com/v1.0/me/changePassword"
    );
    assert_eq!(
        ex.headers,
        vec![
            ("Content-type".to_string(), "application/json".to_string()),
            ("Content-length".to_string(), "10".to_string())
        ]
    );
    assert_eq!(
        ex.body.as_ref().map(|b| b.value.as_str()),
        Some("{\n  \"x\": \"}\"\n}")
    );
}

#[test]
fn json_fences_and_fences_without_a_request_or_status_line_are_not_examples() {
    let page = read("```json\n{\"a\": 1}\n```\n\n```\nsome text\n```\n~~~http\nGET https://graph.microsoft.com/v1.0/me\n~~~\n");
    assert_eq!(page.examples.len(), 1);
    assert_eq!(page.examples[0].line, 9);
}

#[test]
fn an_indented_fence_is_read_with_its_indentation_removed() {
    let page = read("1. Step one:\n\n    ```http\n    PATCH https://graph.microsoft.com/beta/x\n    Content-Type: application/json\n\n    {\n        \"a\": 1\n    }\n    ```\n");
    let ex = &page.examples[0];
    assert_eq!(ex.start, "PATCH https://graph.microsoft.com/beta/x");
    assert_eq!(ex.headers.len(), 1);
    assert_eq!(
        ex.body.as_ref().map(|b| b.value.as_str()),
        Some("{\n    \"a\": 1\n}")
    );
}

#[test]
fn markup_inside_a_fence_is_not_read_as_page_structure() {
    let page = read("```http\nPOST https://graph.microsoft.com/v1.0/x\n\n{\n\"a\": \"# not a heading\",\n\"b\": \"| not | a | table |\"\n}\n```\n");
    assert!(page.headings.is_empty());
    assert!(page.tables.is_empty());
}

#[test]
fn paragraphs_join_their_lines_and_keep_their_first_line_and_section() {
    let page = read("# T\n\nNamespace: microsoft.graph\n\nUpdate the [user's](../resources/user.md)\n**password**.\n\n## Response\n> **Note:** shortened.\n");
    let got: Vec<(&str, usize, Option<&str>)> = page
        .paragraphs
        .iter()
        .map(|p| (p.text.as_str(), p.line, p.section.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("Namespace: microsoft.graph", 3, None),
            ("Update the user's password.", 5, None),
            ("Note: shortened.", 9, Some("Response")),
        ]
    );
}

#[test]
fn bullet_items_of_every_kind_are_list_items_and_numbered_items_are_paragraphs() {
    let page =
        read("## Notes\n- dash [link](x.md)\n* star\n+ plus\n  continued\n1. first\n2. second\n");
    let items: Vec<(&str, usize)> = page
        .list_items
        .iter()
        .map(|p| (p.text.as_str(), p.line))
        .collect();
    assert_eq!(
        items,
        vec![("dash link", 2), ("star", 3), ("plus continued", 4)]
    );
    let paragraphs: Vec<&str> = page.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(paragraphs, vec!["1. first", "2. second"]);
    assert!(page
        .list_items
        .iter()
        .all(|p| p.section.as_deref() == Some("Notes")));
}

#[test]
fn rules_and_callout_markers_are_not_prose() {
    let page = read("---\ntitle: t\n---\nText.\n\n---\n\n> [!NOTE]\n> Careful.\n");
    let texts: Vec<&str> = page.paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(texts, vec!["Text.", "Careful."]);
}

#[test]
fn a_page_without_front_matter_is_still_markdown() {
    let page = read("# Licence\n\nSome text.\n");
    assert_eq!(page.form, PageForm::Markdown);
    assert!(page.front_matter.is_empty());
    assert_eq!(page.title.map(|t| t.value), Some("Licence".into()));
}

#[test]
fn windows_line_endings_and_a_byte_order_mark_are_read() {
    let page = read(
        "\u{feff}---\r\ntitle: t\r\n---\r\n## HTTP request\r\n```http\r\nPOST /me/x\r\n```\r\n",
    );
    assert_eq!(
        page.http_requests
            .iter()
            .map(|r| r.value.clone())
            .collect::<Vec<_>>(),
        vec![HttpLine {
            method: "POST".into(),
            path: "/me/x".into()
        }]
    );
    assert_eq!(page.front_matter[0].1.value, "t");
}

#[test]
fn a_truncated_page_annotation_at_the_end_of_the_page_is_tolerated() {
    let page =
        read("# T\nText.\n<!--\n{\n  \"type\": \"#page.annotation\",\n  \"tocPath\": \"\"\n}\n");
    assert_eq!(page.paragraphs.len(), 1);
}
