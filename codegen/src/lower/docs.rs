//! Permission and role notes of an API page, for the operation's rustdoc.

use crate::parse::DocPage;

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
