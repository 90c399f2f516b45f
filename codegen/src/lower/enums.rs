//! Enum types, from three forms real pages use:
//! - an enum page (`doc_type: enumPageType`, title `x enum type`) with a `Members` table;
//! - a `### x values` section with a `Member` table (the shared `enums.md` pages, and
//!   resource pages that list the enums of their properties);
//! - a property whose type names no page or section but whose description lists the
//!   values ("Possible values are: `a`, `b`.").
//!
//! Enums are generated with a catch-all variant that keeps values the pages do not list.

use std::collections::BTreeSet;
use std::path::Path;

use super::naming::pascal_case;
use super::page_info::{column, description, front_matter, title};
use super::types::{qualified_key, type_name_of_cell};
use crate::diag::Diagnostic;
use crate::ir::{EnumMember, Source, Version};
use crate::parse::{DocPage, Table};

/// An enum found in a page, before it gets its Rust name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnumDef {
    /// The doc's name as written (`bodyType`, `ediscovery.caseAction`).
    pub doc_name: String,
    /// Its lookup key: lower case, without `microsoft.graph.`.
    pub key: String,
    /// Version of the page it came from.
    pub version: Version,
    /// Members in table order, duplicates removed.
    pub members: Vec<EnumMember>,
    /// Rustdoc summary.
    pub doc: String,
    /// Where it came from.
    pub source: Source,
    /// The page's file stem, when the whole page is this enum (for links to the page).
    pub file_stem: Option<String>,
    /// Table rows whose value is not a plain name and gave no member, one reason each
    /// (listed in lenient mode).
    pub dropped: Vec<Diagnostic>,
}

/// Whether a page is an enum page (by `doc_type` or by its title).
pub fn is_enum_page(page: &DocPage) -> bool {
    let by_type =
        front_matter(page, "doc_type").is_some_and(|t| t.eq_ignore_ascii_case("enumPageType"));
    by_type
        || page
            .title
            .as_ref()
            .is_some_and(|t| t.value.trim().to_ascii_lowercase().ends_with(" enum type"))
}

/// The enums a page defines: its own (an enum page) and its `x values` sections.
pub fn enums_of(page: &DocPage, version: Version) -> Vec<EnumDef> {
    let mut out = Vec::new();
    let namespace = namespace_of(page);
    for table in &page.tables {
        let Some(heading) = heading_before(page, table.line) else {
            continue;
        };
        let Some(name) = section_enum_name(heading) else {
            continue;
        };
        if let Some(def) = from_table(page, table, name, &namespace, version, None) {
            out.push(def);
        }
    }
    if is_enum_page(page) {
        if let Ok((t, _)) = title(page) {
            let lower = t.to_ascii_lowercase();
            if let Some(i) = lower.find(" enum type") {
                let name = t.get(..i).unwrap_or("").trim();
                let table = page.tables.iter().find(|t| {
                    member_column(t).is_some()
                        && heading_before(page, t.line)
                            .is_none_or(|h| section_enum_name(h).is_none())
                });
                if let (false, Some(table)) = (name.is_empty() || name.contains(' '), table) {
                    let stem = page
                        .path
                        .file_stem()
                        .and_then(|s| s.to_str())
                        .map(str::to_ascii_lowercase);
                    if let Some(mut def) = from_table(page, table, name, &namespace, version, stem)
                    {
                        let d = description(page);
                        if !d.is_empty() {
                            def.doc = d;
                        }
                        out.push(def);
                    }
                }
            }
        }
    }
    out
}

/// The text of the last heading (of any level) above `line`.
fn heading_before(page: &DocPage, line: usize) -> Option<&str> {
    page.headings
        .iter()
        .filter(|h| h.line < line && h.level > 1)
        .max_by_key(|h| h.line)
        .map(|h| h.text.as_str())
}

/// `caseAction values` -> `caseAction`.
fn section_enum_name(section: &str) -> Option<&str> {
    let s = section.trim();
    let name = s
        .strip_suffix(" values")
        .or_else(|| s.strip_suffix(" Values"))?
        .trim();
    let name = name.trim_matches('`');
    (!name.is_empty() && !name.contains(' ')).then_some(name)
}

fn member_column(table: &Table) -> Option<usize> {
    column(table, &["Member", "Members", "Name"]).or_else(|| column(table, &["Value"]))
}

fn from_table(
    page: &DocPage,
    table: &Table,
    name: &str,
    namespace: &str,
    version: Version,
    file_stem: Option<String>,
) -> Option<EnumDef> {
    let col = member_column(table)?;
    let desc_col = column(table, &["Description"]);
    let mut members = Vec::new();
    let mut dropped = Vec::new();
    for row in table.rows.iter().filter(|r| !r.subheading) {
        let value = row
            .cells
            .get(col)
            .map(|c| c.trim().trim_matches('`').trim())
            .unwrap_or("");
        if value != "null" && !is_plain_member(value) {
            dropped.push(Diagnostic::new(
                &page.path,
                row.line,
                format!("enum `{name}`: the member `{value}` is left out: expected a plain name (letters, digits, `_`, `-`, `.`)"),
            ));
        }
        let doc = desc_col
            .and_then(|c| row.cells.get(c))
            .map(|c| c.trim().to_owned())
            .unwrap_or_default();
        push_member(&mut members, value, doc);
    }
    if members.is_empty() {
        return None;
    }
    let qualified = qualify(name, namespace);
    Some(EnumDef {
        key: qualified_key(&qualified),
        doc_name: qualified,
        version,
        members,
        doc: String::new(),
        source: Source {
            path: page.path.clone(),
            line: table.line,
        },
        file_stem,
        dropped,
    })
}

/// Whether an enum value is a plain name: not empty, only ASCII letters, digits, `_`, `-`
/// and `.`.
fn is_plain_member(value: &str) -> bool {
    !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// Adds a member unless the value is empty, not a plain name, or already there; the Rust
/// name gets a number when two values differ only in case or punctuation.
pub fn push_member(members: &mut Vec<EnumMember>, value: &str, doc: String) {
    let plain = value != "null" && is_plain_member(value);
    if !plain || members.iter().any(|m| m.json_name == value) {
        return;
    }
    let base = pascal_case(value);
    let taken: BTreeSet<&str> = members.iter().map(|m| m.rust_name.as_str()).collect();
    let mut rust_name = base.clone();
    let mut n = 2;
    while taken.contains(rust_name.as_str()) {
        rust_name = format!("{base}{n}");
        n += 1;
    }
    members.push(EnumMember {
        json_name: value.to_owned(),
        rust_name,
        doc,
    });
}

/// `Namespace: microsoft.graph.termStore` -> `termStore`; empty for `microsoft.graph`.
pub fn namespace_of(page: &DocPage) -> String {
    page.paragraphs
        .iter()
        .filter(|p| p.section.is_none())
        .find_map(|p| p.text.trim().strip_prefix("Namespace:"))
        .map(|ns| {
            let ns = ns.trim().trim_end_matches('.');
            ns.strip_prefix("microsoft.graph")
                .map(|rest| rest.trim_start_matches('.'))
                .unwrap_or(ns)
                .to_owned()
        })
        .unwrap_or_default()
}

/// `group` in namespace `termStore` -> `termStore.group`.
pub fn qualify(name: &str, namespace: &str) -> String {
    let name = name.strip_prefix("microsoft.graph.").unwrap_or(name);
    if namespace.is_empty() || name.contains('.') {
        name.to_owned()
    } else {
        format!("{namespace}.{name}")
    }
}

/// The values a description lists after "Possible values are:" (or "Supported values",
/// "Allowed values"): a list of single words separated by commas, `and` or `or`, up to
/// the end of the sentence, with a note in parentheses allowed after a value
/// (`RegisteredDevice (default)`). Empty when what follows is not such a list ("Possible
/// values are listed in the following table").
pub fn possible_values(description: &str) -> Vec<String> {
    let lower = description.to_ascii_lowercase();
    let Some((at, len)) = [
        "possible values are",
        "possible values include",
        "possible values",
        "supported values are",
        "supported values",
        "allowed values are",
        "allowed values",
        "the values are",
    ]
    .iter()
    .filter_map(|k| lower.find(k).map(|i| (i, k.len())))
    .min_by_key(|(i, l)| (*i, usize::MAX - l)) else {
        return Vec::new();
    };
    let rest = description.get(at + len..).unwrap_or("");
    let rest = rest.trim_start().trim_start_matches(':').trim_start();
    let sentence = match rest.find(". ") {
        Some(end) => rest.get(..end).unwrap_or(rest),
        None => rest.trim_end().trim_end_matches('.'),
    };
    let mut out: Vec<String> = Vec::new();
    for item in sentence.split(',') {
        let item = item.trim();
        let item = item
            .strip_prefix("and ")
            .or_else(|| item.strip_prefix("or "))
            .unwrap_or(item);
        for part in item.split(" and ").flat_map(|p| p.split(" or ")) {
            let without_note = match part.find('(') {
                Some(i) => part.get(..i).unwrap_or(part),
                None => part,
            };
            let value = without_note.trim().trim_matches(['"', '\'', '`']);
            if value.is_empty() {
                continue;
            }
            let single = value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
            if !single {
                return Vec::new();
            }
            if !out.iter().any(|o| o == value) {
                out.push(value.to_owned());
            }
        }
    }
    out
}

/// Enums named by a table's type cell that no page defines, from the values its
/// description lists. `is_known` tells whether a type name already resolves.
pub fn inline_enums(
    page: &DocPage,
    version: Version,
    is_known: &dyn Fn(&str) -> bool,
) -> Vec<EnumDef> {
    let namespace = namespace_of(page);
    let mut out: Vec<EnumDef> = Vec::new();
    for table in &page.tables {
        let (Some(type_col), Some(desc_col)) =
            (column(table, &["Type"]), column(table, &["Description"]))
        else {
            continue;
        };
        for row in table.rows.iter().filter(|r| !r.subheading) {
            let cell = row.cells.get(type_col).map(String::as_str).unwrap_or("");
            let Some(name) = type_name_of_cell(cell) else {
                continue;
            };
            if is_known(name) {
                continue;
            }
            let values = possible_values(row.cells.get(desc_col).map(String::as_str).unwrap_or(""));
            if values.is_empty() {
                continue;
            }
            let qualified = qualify(name, &namespace);
            let key = qualified_key(&qualified);
            if out.iter().any(|e| e.key == key) {
                continue;
            }
            let mut members = Vec::new();
            for v in &values {
                push_member(&mut members, v, String::new());
            }
            if members.is_empty() {
                continue;
            }
            out.push(EnumDef {
                doc_name: qualified,
                key,
                version,
                members,
                doc: String::new(),
                source: Source {
                    path: page.path.clone(),
                    line: row.line,
                },
                file_stem: None,
                dropped: Vec::new(),
            });
        }
    }
    out
}

/// The file stem of a path, lower case.
pub fn stem(path: &Path) -> Option<String> {
    path.file_stem()
        .and_then(|s| s.to_str())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possible_values_are_the_single_words_of_the_list() {
        assert_eq!(
            possible_values("The kind. Possible values are: include, exclude. Read-only."),
            ["include", "exclude"]
        );
        assert_eq!(
            possible_values("Possible values are text and html."),
            ["text", "html"]
        );
        assert_eq!(
            possible_values("Possible values: RegisteredDevice (default), SecureVM, IoT."),
            ["RegisteredDevice", "SecureVM", "IoT"]
        );
        assert_eq!(
            possible_values("Allowed values: null, minor, notAdult and adult. Refer to x."),
            ["null", "minor", "notAdult", "adult"]
        );
        assert!(possible_values("Possible values are listed in the following table.").is_empty());
        assert!(possible_values("Set x to true.").is_empty());
    }

    #[test]
    fn a_values_section_names_its_enum() {
        assert_eq!(section_enum_name("caseAction values"), Some("caseAction"));
        assert_eq!(section_enum_name("Properties"), None);
        assert_eq!(section_enum_name("some long values"), None);
    }

    #[test]
    fn members_that_clash_in_rust_get_a_number_and_junk_is_dropped() {
        let mut m = Vec::new();
        push_member(&mut m, "unknown", String::new());
        push_member(&mut m, "Unknown", String::new());
        push_member(&mut m, "unknown", String::new());
        push_member(&mut m, "not a value", String::new());
        let names: Vec<&str> = m.iter().map(|m| m.rust_name.as_str()).collect();
        assert_eq!(names, ["Unknown", "Unknown2"]);
    }

    #[test]
    fn members_self_and_self_in_capitals_get_camel_case_names() {
        let mut m = Vec::new();
        push_member(&mut m, "Self", String::new());
        push_member(&mut m, "self", String::new());
        let names: Vec<&str> = m.iter().map(|m| m.rust_name.as_str()).collect();
        assert_eq!(names, ["SelfValue", "SelfValue2"]);
    }

    #[test]
    fn namespaces_qualify_names_outside_microsoft_graph() {
        assert_eq!(qualify("group", "termStore"), "termStore.group");
        assert_eq!(qualify("user", ""), "user");
        assert_eq!(
            qualify("microsoft.graph.ediscovery.caseAction", "x"),
            "ediscovery.caseAction"
        );
    }
}
