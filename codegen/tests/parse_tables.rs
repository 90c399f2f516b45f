//! Pipe tables with the irregularities real Graph pages have, from small fixtures.

use std::path::Path;

use msgraph_typed_codegen::parse::{read_page, DocPage, Row, Table};

const IRREGULAR: &str = include_str!("fixtures/parse/resource-irregular.md");

fn read(text: &str) -> DocPage {
    read_page(Path::new("fixture.md"), text).expect("fixture reads")
}

fn cells(row: &Row) -> Vec<&str> {
    row.cells.iter().map(String::as_str).collect()
}

fn irregular() -> Vec<Table> {
    read(IRREGULAR).tables
}

#[test]
fn tabs_in_the_header_row_are_trimmed_away() {
    let tables = irregular();
    assert_eq!(
        tables[0].header,
        vec!["Method", "Return Type", "Description"]
    );
    assert_eq!(tables[0].line, 7);
}

#[test]
fn a_link_in_a_cell_keeps_its_text_and_its_target_goes_to_links() {
    let tables = irregular();
    let row = &tables[0].rows[0];
    assert_eq!(
        cells(row),
        vec!["List things", "thing collection", "Lists things."]
    );
    assert_eq!(
        row.links,
        vec![Some("../api/thing-list.md".to_string()), None, None]
    );
    let values = &tables[2].rows[1];
    assert_eq!(values.cells[1], "keyValue collection");
    assert_eq!(values.links[1].as_deref(), Some("../resources/keyvalue.md"));
}

#[test]
fn a_commented_out_row_between_tables_is_not_a_row_or_a_table() {
    let tables = irregular();
    assert_eq!(tables.len(), 3);
    assert!(tables
        .iter()
        .flat_map(|t| &t.rows)
        .all(|r| r.cells[0] != "Get thing"));
}

#[test]
fn a_commented_out_row_inside_a_table_is_skipped_and_the_table_goes_on() {
    let props = &irregular()[2];
    let names: Vec<&str> = props.rows.iter().map(|r| r.cells[0].as_str()).collect();
    assert_eq!(
        names,
        vec![
            "id",
            "values",
            "emailSenderName",
            "securityEnabledOnly",
            "bold html"
        ]
    );
    assert_eq!(props.rows[2].line, 26);
}

#[test]
fn several_tables_in_one_section_separated_by_a_blank_line_stay_apart() {
    let tables = irregular();
    assert_eq!(tables[0].section.as_deref(), Some("Methods"));
    assert_eq!(tables[1].section.as_deref(), Some("Methods"));
    assert_eq!(tables[0].rows.len(), 1);
    assert_eq!(tables[1].line, 13);
}

#[test]
fn bold_rows_with_empty_cells_or_no_other_cells_are_sub_headings() {
    let methods = &irregular()[1];
    let flags: Vec<(&str, bool)> = methods
        .rows
        .iter()
        .map(|r| (r.cells[0].as_str(), r.subheading))
        .collect();
    assert_eq!(
        flags,
        vec![
            ("Attachments", true),
            ("Add attachment", false),
            ("Resource Access Policy", true),
            ("Create thing", false),
        ]
    );
    assert_eq!(methods.rows[2].cells, vec!["Resource Access Policy"]);
}

#[test]
fn a_bold_first_cell_with_data_beside_it_is_not_a_sub_heading() {
    let props = &irregular()[2];
    let last = &props.rows[4];
    assert_eq!(
        cells(last),
        vec!["bold html", "Int32", "Has <code> in code and <tag>."]
    );
    assert!(!last.subheading);
}

#[test]
fn rows_and_headers_without_leading_or_trailing_pipes_are_read() {
    let tables = irregular();
    assert_eq!(
        cells(&tables[1].rows[3]),
        vec!["Create thing", "thing", "No leading pipe."]
    );
    assert_eq!(tables[2].header, vec!["Property", "Type", "Description"]);
    let single = read("| a | b\n|---|---\n| 1 | 2\n");
    assert_eq!(single.tables[0].header, vec!["a", "b"]);
    assert_eq!(cells(&single.tables[0].rows[0]), vec!["1", "2"]);
}

#[test]
fn backticks_bold_and_italics_are_removed_from_cells() {
    let props = &irregular()[2];
    assert_eq!(
        props.rows[0].cells[2],
        "The unique identifier. Read-only, Not nullable"
    );
    assert_eq!(
        props.rows[2].cells[2],
        "Attacker|victim or a | b, italic and em."
    );
}

#[test]
fn br_and_other_html_become_spaces_and_entities_are_decoded() {
    let props = &irregular()[2];
    assert_eq!(props.rows[1].cells[2], "One two three four");
}

#[test]
fn an_empty_last_cell_is_kept_as_an_empty_cell() {
    let props = &irregular()[2];
    assert_eq!(
        cells(&props.rows[3]),
        vec!["securityEnabledOnly", "Boolean", ""]
    );
}

#[test]
fn a_table_right_before_a_heading_ends_at_the_heading() {
    let page = read(IRREGULAR);
    assert_eq!(page.tables[2].rows.len(), 5);
    let none = page
        .paragraphs
        .iter()
        .find(|p| p.text == "None.")
        .expect("prose after the table");
    assert_eq!(none.section.as_deref(), Some("Relationships"));
}

#[test]
fn a_header_directly_followed_by_a_colon_delimiter_row_is_a_table() {
    let page = read("## Request body\n|Parameter|Type|Description|\n|:---|:---:|---:|\n|password|String|The password.|\n");
    let t = &page.tables[0];
    assert_eq!(t.section.as_deref(), Some("Request body"));
    assert_eq!(t.line, 2);
    assert_eq!(
        cells(&t.rows[0]),
        vec!["password", "String", "The password."]
    );
    assert_eq!(t.rows[0].line, 4);
}

#[test]
fn a_multi_line_commented_row_inside_a_table_is_skipped() {
    let page = read("|a|b|\n|-|-|\n|1|2|\n<!--\n|hidden|x|\n-->\n|3|4|\n");
    let rows: Vec<Vec<&str>> = page.tables[0].rows.iter().map(cells).collect();
    assert_eq!(rows, vec![vec!["1", "2"], vec!["3", "4"]]);
}

#[test]
fn a_line_with_a_pipe_but_no_delimiter_row_is_prose() {
    let page = read("Use a | b here.\nNext line.\n");
    assert!(page.tables.is_empty());
    assert_eq!(page.paragraphs[0].text, "Use a | b here. Next line.");
}

#[test]
fn single_column_member_tables_have_no_sub_headings() {
    let page = read("## Members\n|Member|\n|:---|\n|none|\n|**odd**|\n");
    let t = &page.tables[0];
    assert_eq!(t.header, vec!["Member"]);
    assert!(t.rows.iter().all(|r| !r.subheading));
}

#[test]
fn a_table_indented_under_a_list_item_is_read() {
    let page = read("- item\n\n  |a|b|\n  |---|---|\n  |1|2|\n");
    assert_eq!(page.tables.len(), 1);
    assert_eq!(cells(&page.tables[0].rows[0]), vec!["1", "2"]);
}
