//! Permission and role notes of an API page, for the operation's rustdoc.

use super::page_info::tables_in;
use crate::parse::DocPage;

/// The OData system query options (`$select`, `$top`, ...) named in the page's
/// "Optional query parameters" section, in the order of first mention.
pub fn query_options(page: &DocPage) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let in_section = page.paragraphs.iter().chain(&page.list_items).filter(|p| {
        p.section
            .as_deref()
            .is_some_and(|s| s.trim().eq_ignore_ascii_case("optional query parameters"))
    });
    for p in in_section {
        let text = p.text.as_str();
        for (at, _) in text.match_indices('$') {
            let name: String = text
                .get(at + 1..)
                .unwrap_or("")
                .chars()
                .take_while(char::is_ascii_alphabetic)
                .collect();
            let known = [
                "select",
                "filter",
                "orderby",
                "top",
                "skip",
                "expand",
                "search",
                "count",
                "format",
                "skiptoken",
            ];
            if known.contains(&name.to_ascii_lowercase().as_str()) {
                let option = format!("${}", name.to_ascii_lowercase());
                if !out.contains(&option) {
                    out.push(option);
                }
            }
        }
    }
    out
}

/// The header names in the first column of the page's "Request headers" table.
pub fn headers(page: &DocPage) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for table in tables_in(page, "Request headers") {
        for row in &table.rows {
            let name = row.cells.first().map_or("", |c| c.trim().trim_matches('`'));
            let ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if ok && !out.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                out.push(name.to_owned());
            }
        }
    }
    out
}

/// The role requirements a page states: a paragraph about Microsoft Entra roles followed
/// by a list of roles (seed 004's "Important" block) becomes one note naming the roles.
pub fn notes(page: &DocPage) -> Vec<String> {
    let mut out = Vec::new();
    for p in &page.paragraphs {
        let lower = p.text.to_ascii_lowercase();
        if !(lower.contains("role") && (lower.contains("entra") || lower.contains("supported"))) {
            continue;
        }
        let roles = list_after(page, p.line);
        if roles.is_empty() {
            continue;
        }
        let scope = if lower.contains("delegated scenarios with work or school accounts") {
            "in delegated scenarios with work or school accounts, the signed-in user needs"
        } else {
            "the caller needs"
        };
        out.push(format!(
            "Permissions: {scope} one of these Microsoft Entra roles: {}.",
            roles.join(", ")
        ));
    }
    out
}

/// The list items that directly follow the paragraph at `line` (consecutive lines).
fn list_after(page: &DocPage, line: usize) -> Vec<String> {
    let mut items: Vec<_> = page.list_items.iter().filter(|i| i.line > line).collect();
    items.sort_by_key(|i| i.line);
    let mut out = Vec::new();
    let mut next = None;
    for item in items {
        match next {
            None if item.line > line + 3 => break,
            Some(n) if item.line != n => break,
            _ => {}
        }
        out.push(item.text.trim().to_owned());
        next = Some(item.line + 1);
    }
    out
}
