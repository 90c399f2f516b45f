//! Facts about a page that every lowering step needs: its kind, title, version and
//! description.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::ir::Version;
use crate::parse::{DocPage, ExampleKind, Paragraph, Table};

/// What a page documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An API page (`doc_type: apiPageType`, or a title `x: y`): gives operations.
    Api,
    /// A resource page (`doc_type: resourcePageType`, or a title `x resource type`):
    /// gives a model.
    Resource,
    /// Anything else (overviews, enum lists, includes): not used.
    Other,
}

/// A front matter value, by key (case-insensitive).
pub fn front_matter<'p>(page: &'p DocPage, key: &str) -> Option<&'p str> {
    page.front_matter
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v.value.trim())
}

/// The page's title and its line.
pub fn title(page: &DocPage) -> Result<(&str, usize), Diagnostic> {
    match &page.title {
        Some(t) if !t.value.trim().is_empty() => Ok((t.value.trim(), t.line)),
        _ => Err(Diagnostic::new(
            &page.path,
            1,
            "the page has no title: expected a `# ` heading or a front matter `title`",
        )),
    }
}

/// Classifies a page by its `doc_type`, else by the form of its title.
pub fn kind(page: &DocPage) -> PageKind {
    if super::enums::is_enum_page(page) {
        return PageKind::Other;
    }
    match front_matter(page, "doc_type")
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("apipagetype") => return PageKind::Api,
        Some("resourcepagetype") => return PageKind::Resource,
        Some(_) => return PageKind::Other,
        None => {}
    }
    let Some(t) = page
        .title
        .as_ref()
        .map(|t| t.value.trim().to_ascii_lowercase())
    else {
        return PageKind::Other;
    };
    if t.ends_with(" resource type") {
        PageKind::Resource
    } else if t.contains(':') {
        PageKind::Api
    } else {
        PageKind::Other
    }
}

/// Whether `path` lies under a folder named `api`.
pub fn in_api_folder(path: &Path) -> bool {
    path.components().any(|c| c.as_os_str() == "api")
}

/// A page under an `api` folder that says nothing of what it is: no `doc_type` and no
/// title that classifies it (an empty file, front matter only, an overview title).
pub fn unclassified_in_api_folder(page: &DocPage) -> bool {
    in_api_folder(&page.path)
        && front_matter(page, "doc_type").is_none()
        && !super::enums::is_enum_page(page)
        && kind(page) == PageKind::Other
}

/// The reason an unclassified page under `api/` gives no operation, at its title line
/// (else line 1).
pub fn not_an_api_page(page: &DocPage) -> Diagnostic {
    let line = page.title.as_ref().map_or(1, |t| t.line.max(1));
    Diagnostic::new(
        &page.path,
        line,
        "not an API page: expected `doc_type: apiPageType` in the front matter or a title `resource: action`",
    )
}

/// The API version: the beta marker, else the example request URL, else a `beta` or
/// `v1.0` folder in the page's path.
pub fn version(page: &DocPage) -> Option<Version> {
    if page.beta_marker.is_some() {
        return Some(Version::Beta);
    }
    for ex in &page.examples {
        if ex.kind == ExampleKind::Request {
            if ex.start.contains("/beta/") {
                return Some(Version::Beta);
            }
            if ex.start.contains("/v1.0/") {
                return Some(Version::V1);
            }
        }
    }
    version_from_path(&page.path)
}

fn version_from_path(path: &Path) -> Option<Version> {
    path.components()
        .rev()
        .find_map(|c| match c.as_os_str().to_str() {
            Some("beta") => Some(Version::Beta),
            Some("v1.0") => Some(Version::V1),
            _ => None,
        })
}

/// Prose that is not description: the namespace line, includes, notes, inheritance.
fn is_boilerplate(p: &Paragraph) -> bool {
    let t = p.text.trim();
    t.is_empty()
        || t.starts_with("Namespace:")
        || t.contains("[!INCLUDE")
        || t.starts_with("[!")
        || t.starts_with("Inherits from")
        || t.starts_with("Note:")
        || t.starts_with("Choose the permission")
}

/// The description: the first paragraph before the first section, else the front matter
/// `description`.
pub fn description(page: &DocPage) -> String {
    let title_line = page.title.as_ref().map_or(0, |t| t.line);
    page.paragraphs
        .iter()
        .filter(|p| p.section.is_none() && p.line > title_line && !is_boilerplate(p))
        .map(|p| p.text.trim().to_owned())
        .next()
        .or_else(|| front_matter(page, "description").map(str::to_owned))
        .unwrap_or_default()
}

/// Tables of a section (markdown form), by heading name, case-insensitively.
pub fn tables_in<'p>(page: &'p DocPage, section: &str) -> Vec<&'p Table> {
    page.tables
        .iter()
        .filter(|t| {
            t.section
                .as_deref()
                .is_some_and(|s| s.trim().eq_ignore_ascii_case(section))
        })
        .collect()
}

/// The index of the first header cell named one of `names` (case-insensitive).
pub fn column(table: &Table, names: &[&str]) -> Option<usize> {
    table
        .header
        .iter()
        .position(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
}
