//! Facts about a page that every lowering step needs: its kind, title, version and
//! description.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::ir::Version;
use crate::parse::{DocPage, ExampleKind, Paragraph, Table};

/// What a page documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// An API page (request lines under `## HTTP request`, `doc_type: apiPageType`, or a
    /// title `x: y`): gives operations.
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

/// Classifies a page ([`classify`] says why).
pub fn kind(page: &DocPage) -> PageKind {
    classify(page).0
}

/// Why a page is read as an operation page, a resource page or neither: its structure
/// first (request lines under `## HTTP request`; a resource's sections where the front
/// matter says API page), then its `doc_type`, then the form of its title. The reason is
/// one fixed phrase per rule, so that pages can be counted by it.
pub fn classify(page: &DocPage) -> (PageKind, &'static str) {
    if super::enums::is_enum_page(page) {
        return (
            PageKind::Other,
            "an enum page (`doc_type: enumPageType` or a title `x enum type`)",
        );
    }
    if !page.http_requests.is_empty() {
        return (PageKind::Api, "request lines under `## HTTP request`");
    }
    let doc_type = front_matter(page, "doc_type").map(str::to_ascii_lowercase);
    match doc_type.as_deref() {
        Some("apipagetype") if !has_http_request_section(page) && has_resource_sections(page) => {
            return (
                PageKind::Resource,
                "a resource page although its front matter says `doc_type: apiPageType`: no \
                 `## HTTP request` section, and the sections of a resource (`## Properties`, \
                 `## Relationships` or `## JSON representation`)",
            )
        }
        Some("apipagetype") => return (PageKind::Api, "`doc_type: apiPageType`"),
        Some("resourcepagetype") => return (PageKind::Resource, "`doc_type: resourcePageType`"),
        Some(_) if title_says_resource(page) && has_resource_sections(page) => {
            return (
                PageKind::Resource,
                "another `doc_type` (such as a misspelt `resourcePageType_`), but a title `x \
                 resource type` and the sections of a resource",
            )
        }
        Some(_) => {
            return (
                PageKind::Other,
                "another `doc_type` (conceptual, overview, ...) and no request lines",
            )
        }
        None => {}
    }
    let Some(t) = page
        .title
        .as_ref()
        .map(|t| t.value.trim().to_ascii_lowercase())
    else {
        return (
            PageKind::Other,
            "no `doc_type`, no title and no request lines",
        );
    };
    if t.ends_with(" resource type") {
        (
            PageKind::Resource,
            "no `doc_type`; a title `x resource type`",
        )
    } else if t.contains(':') {
        (PageKind::Api, "no `doc_type`; a title `resource: action`")
    } else if has_resource_sections(page) {
        (
            PageKind::Resource,
            "no `doc_type`, no request lines; the sections of a resource (`## Properties`, \
             `## Relationships` or `## JSON representation`)",
        )
    } else {
        (
            PageKind::Other,
            "no `doc_type`, no request lines, no resource sections, and a title of neither form",
        )
    }
}

/// Whether the title is `x resource type`.
fn title_says_resource(page: &DocPage) -> bool {
    page.title.as_ref().is_some_and(|t| {
        t.value
            .trim()
            .to_ascii_lowercase()
            .ends_with(" resource type")
    })
}

/// Whether the page has a level 2 `## HTTP request` heading.
fn has_http_request_section(page: &DocPage) -> bool {
    page.headings.iter().any(|h| {
        h.level == 2
            && h.text
                .trim()
                .to_ascii_lowercase()
                .starts_with("http request")
    })
}

/// Whether the page has the sections of a resource: `## Properties`, `## Relationships`
/// or `## JSON representation`.
fn has_resource_sections(page: &DocPage) -> bool {
    page.headings.iter().any(|h| {
        let t = h.text.trim().to_ascii_lowercase();
        h.level == 2 && (t == "properties" || t == "relationships" || t == "json representation")
    })
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
