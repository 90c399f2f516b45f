//! Resource pages (`x resource type`) -> resource [`Model`]s from their Properties table.

use super::fields::{fields, Default};
use super::page_info::{column, description, tables_in, title};
use super::types::Known;
use crate::diag::Diagnostic;
use crate::ir::{Model, ModelKind, Source, Version};
use crate::parse::{DocPage, Table};

/// The documentation name of a resource page: its title without ` resource type`.
pub fn doc_name(page: &DocPage) -> Result<String, Diagnostic> {
    let (t, line) = title(page)?;
    let lower = t.to_ascii_lowercase();
    let name = match lower.find(" resource type") {
        Some(i) => t.get(..i).unwrap_or(t),
        None => t,
    }
    .trim();
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(Diagnostic::new(
            &page.path,
            line,
            format!("resource page title `{t}`: expected `<name> resource type`"),
        ));
    }
    Ok(name.to_owned())
}

/// Lowers a resource page to the model `rust_name`, resolving property types in `known`.
pub fn lower_resource(
    page: &DocPage,
    rust_name: &str,
    version: Version,
    known: &Known,
) -> Result<Model, Diagnostic> {
    let name = doc_name(page)?;
    let (_, line) = title(page)?;
    let tables = property_tables(page);
    let fields = fields(&page.path, &tables, known, version, Default::Optional)?;
    Ok(Model {
        name: rust_name.to_owned(),
        doc_name: name,
        kind: ModelKind::Resource,
        version,
        fields,
        doc: description(page),
        odata_type: odata_type(page),
        source: Source {
            path: page.path.clone(),
            line,
        },
    })
}

/// The Properties section's tables; in the rendered form (no headings), tables headed
/// `Property | Type | ...`.
fn property_tables(page: &DocPage) -> Vec<&Table> {
    let in_section = tables_in(page, "Properties");
    if !in_section.is_empty() {
        return in_section;
    }
    page.tables
        .iter()
        .filter(|t| {
            t.section.is_none()
                && column(t, &["Property"]) == Some(0)
                && column(t, &["Type"]).is_some()
        })
        .collect()
}

/// `#microsoft.graph.x` from the JSON representation's `@odata.type` annotation.
fn odata_type(page: &DocPage) -> Option<String> {
    page.examples
        .iter()
        .filter_map(|e| e.annotation.as_deref())
        .find_map(|a| {
            let rest = a.split("\"@odata.type\"").nth(1)?;
            let value = rest.split('"').nth(1)?.trim();
            (!value.is_empty()).then(|| format!("#{}", value.trim_start_matches('#')))
        })
}
