//! Resource pages (`x resource type`) -> resource [`Model`]s from their Properties table.

use std::path::PathBuf;

use super::enums::{namespace_of, qualify};
use super::fields::{fields, Default};
use super::json_shape::{self, Kind};
use super::page_info::{column, description, tables_in, title};
use super::types::Known;
use crate::diag::Diagnostic;
use crate::ir::{Field, Model, ModelKind, Source, TypeRef, Version};
use crate::parse::{DocPage, Table};

/// Title endings that mark a resource page, longest first.
const RESOURCE_TITLES: &[&str] = &[
    " resource type",
    " complex type",
    " entity type",
    " resource",
    " object",
    " type",
];

/// The documentation name of a resource page, qualified by its namespace outside
/// `microsoft.graph` (`termStore.group`): from the `@odata.type` of its JSON
/// representation, else its title without ` resource type` (or ` complex type`, ` type`,
/// ` resource`).
pub fn doc_name(page: &DocPage) -> Result<String, Diagnostic> {
    if let Some(t) = odata_type(page) {
        let name = t.trim_start_matches('#');
        let name = name.strip_prefix("microsoft.graph.").unwrap_or(name);
        if !name.is_empty() && !name.contains(char::is_whitespace) {
            return Ok(name.to_owned());
        }
    }
    let (t, line) = title(page)?;
    // A note in parentheses after the title: `(deprecated)`, `(Open Type)`.
    let t = match t.find(" (") {
        Some(i) if t.ends_with(')') => t.get(..i).unwrap_or(t),
        _ => t,
    };
    let lower = t.to_ascii_lowercase();
    let name = RESOURCE_TITLES
        .iter()
        .find_map(|end| {
            lower
                .strip_suffix(end)
                .map(|n| t.get(..n.len()).unwrap_or(t))
        })
        .unwrap_or(t)
        .trim()
        .trim_matches('`');
    if name.is_empty() || name.contains(char::is_whitespace) {
        return Err(Diagnostic::new(
            &page.path,
            line,
            format!(
                "resource page title `{t}`: expected `<name> resource type` (or a JSON \
                 representation with an `@odata.type`)"
            ),
        ));
    }
    Ok(qualify(name, &namespace_of(page)))
}

/// An open type: `(Open Type)` in the title, or `"openType": true` in the resource
/// annotation.
pub fn is_open(page: &DocPage) -> bool {
    let in_title = page
        .title
        .as_ref()
        .is_some_and(|t| t.value.to_ascii_lowercase().contains("(open type)"));
    in_title
        || page
            .annotations
            .iter()
            .any(|a| a.value.replace(' ', "").contains("\"openType\":true"))
}

/// The base type a resource page names, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base {
    /// The documentation name (`entity`).
    pub name: String,
    /// The page that names it.
    pub path: PathBuf,
    /// The line of its `Inherits from` sentence.
    pub line: usize,
}

/// Words the docs sometimes put between `Inherits from` and the base's name, in any order
/// and combination (`the base class x`): stripped until none is left.
const BASE_LEADS: &[&str] = &["the ", "base class ", "base type "];

/// The base type of a resource (`Inherits from [entity](entity.md)`, `Inherits from base
/// class [identityUserFlow](...)`).
pub fn base_of(page: &DocPage) -> Option<Base> {
    let p = page
        .paragraphs
        .iter()
        .find(|p| p.text.trim_start().starts_with("Inherits from"))?;
    let mut rest = p.text.trim_start().strip_prefix("Inherits from")?.trim();
    // Each pass strips one lead, so this ends after at most the text's length in passes.
    while let Some(lead) = BASE_LEADS.iter().find(|lead| {
        rest.get(..lead.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(lead))
    }) {
        rest = rest.get(lead.len()..).unwrap_or_default().trim_start();
    }
    let body = rest.trim_start_matches(['[', '`']);
    let name: String = body
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
        .collect();
    // The sentence's full stop is not part of the name.
    let name = name.trim_end_matches('.');
    (!name.is_empty()).then(|| Base {
        name: name.to_owned(),
        path: page.path.clone(),
        line: p.line,
    })
}

/// Lowers a resource page to the model `rust_name`, resolving property types in `known`
/// (`lenient`: a property of an unknown type is kept as JSON, see [`fields`]).
pub fn lower_resource(
    page: &DocPage,
    rust_name: &str,
    version: Version,
    known: &Known,
    lenient: bool,
) -> Result<Model, Diagnostic> {
    let name = doc_name(page)?;
    let (_, line) = title(page)?;
    let tables = property_tables(page);
    let mut fields = fields(
        &page.path,
        &tables,
        known,
        version,
        Default::Optional,
        lenient,
    )?;
    if let Some(json) = &page.representation {
        retype_from_representation(&mut fields, &json.value);
    }
    Ok(Model {
        name: rust_name.to_owned(),
        doc_name: name,
        kind: ModelKind::Resource,
        version,
        fields,
        doc: description(page),
        odata_type: odata_type(page),
        open: is_open(page),
        source: Source {
            path: page.path.clone(),
            line,
        },
    })
}

/// A property its table calls `String` whose value in the page's own JSON representation
/// is a boolean (`"discoverable": true`) or a number with a fraction (`"maxScore":
/// 1024.13`) is generated as that type: `bool` or `f64`. The representation is the value
/// as Graph sends it; a table's `String` there is a slip of the page (Graph's schema
/// agrees with the representation in every such case of the docs sample). The field's
/// rustdoc says so. A string in the representation (`"String"`, `"plain | richText"`)
/// changes nothing, nor does any value for a property of another type.
fn retype_from_representation(fields: &mut [Field], json: &str) {
    let members = json_shape::members(json);
    for field in fields.iter_mut().filter(|f| f.ty == TypeRef::String) {
        let kind = members
            .iter()
            .find(|(name, _)| *name == field.json_name)
            .map(|(_, kind)| kind);
        let (ty, name, shown) = match kind {
            Some(Kind::Bool) => (TypeRef::Bool, "Boolean", "a boolean"),
            Some(Kind::Fraction) => (TypeRef::F64, "Double", "a number with a fraction"),
            _ => continue,
        };
        field.ty = ty;
        let note = format!(
            "Typed {name}: the page's table says String, but its JSON representation gives {shown}."
        );
        field.doc = if field.doc.trim().is_empty() {
            note
        } else {
            format!("{} {note}", field.doc.trim_end())
        };
    }
}

/// The Properties section's tables; in the rendered form (no headings), tables headed
/// `Property | Type | ...`.
fn property_tables(page: &DocPage) -> Vec<&Table> {
    let in_section: Vec<&Table> = tables_in(page, "Properties")
        .into_iter()
        .filter(|t| column(t, &["Type"]).is_some())
        .collect();
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
pub fn odata_type(page: &DocPage) -> Option<String> {
    let resource = page
        .annotations
        .iter()
        .map(|a| a.value.as_str())
        .filter(|a| a.replace(' ', "").contains("\"blockType\":\"resource\""));
    let examples = page.examples.iter().filter_map(|e| e.annotation.as_deref());
    resource.chain(examples).find_map(|a| {
        let rest = a.split("\"@odata.type\"").nth(1)?;
        let value = rest.split('"').nth(1)?.trim();
        (!value.is_empty()).then(|| format!("#{}", value.trim_start_matches('#')))
    })
}
