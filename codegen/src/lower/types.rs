//! Type cells of doc tables (`String`, `Edm.Int32`, `validationResult collection`,
//! `Collection(microsoft.graph.x)`, a link to a resource page) -> [`TypeRef`].

use std::collections::BTreeMap;

use crate::ir::{TypeRef, Version};

/// What a documentation type name resolves to besides primitives: the resource pages
/// (and enums) of the same run, by lower-cased documentation name and version.
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// (Lower-cased doc name, version) -> resolved type (a model or an enum).
    pub by_doc_name: BTreeMap<(String, Version), TypeRef>,
}

impl Known {
    /// Records a resource model `doc_name` of `version` generated as `rust_name`.
    pub fn add_model(&mut self, doc_name: &str, version: Version, rust_name: &str) {
        self.by_doc_name.insert(
            (doc_name.to_ascii_lowercase(), version),
            TypeRef::Model(rust_name.to_owned()),
        );
    }

    /// The type named `name`, preferring the page of `version`, else the other version's.
    pub fn get(&self, name: &str, version: Version) -> Option<TypeRef> {
        let key = name.to_ascii_lowercase();
        let other = match version {
            Version::V1 => Version::Beta,
            Version::Beta => Version::V1,
        };
        self.by_doc_name
            .get(&(key.clone(), version))
            .or_else(|| self.by_doc_name.get(&(key, other)))
            .cloned()
    }
}

/// Resolves a type cell. `link` is the cell's link target, if any
/// (`../resources/validationresult.md`). The error says what was found and what was
/// expected; the caller puts it at the row's line.
pub fn resolve(
    cell: &str,
    link: Option<&str>,
    known: &Known,
    version: Version,
) -> Result<TypeRef, String> {
    let text = cell.trim().trim_matches('`').trim();
    if text.is_empty() {
        return Err("empty type cell: expected a type such as String or Boolean".to_owned());
    }
    if let Some(inner) = collection_element(text) {
        return resolve(inner, link, known, version).map(|t| TypeRef::Collection(Box::new(t)));
    }
    let bare = strip_namespace(text);
    if let Some(t) = primitive(bare) {
        return Ok(t);
    }
    if let Some(t) = known.get(bare, version) {
        return Ok(t);
    }
    if let Some(t) = link
        .and_then(link_stem)
        .and_then(|stem| known.get(stem, version))
    {
        return Ok(t);
    }
    Err(format!(
        "unknown type `{text}`: expected a primitive (String, Boolean, Int32, Int64, Double, \
         Single, Guid, DateTimeOffset, Date, TimeOfDay, Duration, Binary, Json), \
         `X collection`, `Collection(X)`, or a resource with a page in the same run"
    ))
}

/// `X collection`, `Collection(X)`, `collection of X` -> `X`.
fn collection_element(text: &str) -> Option<&str> {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("collection(") && text.ends_with(')') {
        return text.get("collection(".len()..text.len() - 1).map(str::trim);
    }
    if lower.ends_with(" collection") {
        return text.get(..text.len() - " collection".len()).map(str::trim);
    }
    if lower.starts_with("collection of ") {
        return text.get("collection of ".len()..).map(str::trim);
    }
    None
}

fn strip_namespace(text: &str) -> &str {
    for prefix in ["edm.", "microsoft.graph."] {
        if text.len() > prefix.len()
            && text.is_char_boundary(prefix.len())
            && text[..prefix.len()].eq_ignore_ascii_case(prefix)
        {
            return &text[prefix.len()..];
        }
    }
    text
}

fn link_stem(link: &str) -> Option<&str> {
    let file = link.rsplit('/').next()?;
    let file = file.split('#').next()?;
    file.strip_suffix(".md")
        .or(Some(file))
        .filter(|s| !s.is_empty())
}

fn primitive(name: &str) -> Option<TypeRef> {
    let t = match name.to_ascii_lowercase().as_str() {
        "string" => TypeRef::String,
        "boolean" | "bool" => TypeRef::Bool,
        "int32" | "int16" | "int" | "integer" | "byte" | "sbyte" => TypeRef::I32,
        "int64" => TypeRef::I64,
        "double" | "decimal" => TypeRef::F64,
        "single" => TypeRef::F32,
        "guid" => TypeRef::Guid,
        "datetimeoffset" | "datetime" => TypeRef::DateTimeOffset,
        "date" => TypeRef::Date,
        "timeofday" => TypeRef::TimeOfDay,
        "duration" => TypeRef::Duration,
        "binary" | "stream" => TypeRef::Binary,
        "json" | "untyped" | "object" => TypeRef::Json,
        _ => return None,
    };
    Some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Known {
        let mut k = Known::default();
        k.add_model("validationResult", Version::Beta, "ValidationResult");
        k
    }

    #[test]
    fn primitives_resolve_whatever_their_case_or_namespace() {
        let k = Known::default();
        assert_eq!(
            resolve("String", None, &k, Version::V1),
            Ok(TypeRef::String)
        );
        assert_eq!(
            resolve("string", None, &k, Version::V1),
            Ok(TypeRef::String)
        );
        assert_eq!(resolve("GUID", None, &k, Version::V1), Ok(TypeRef::Guid));
        assert_eq!(
            resolve("Edm.Int32", None, &k, Version::V1),
            Ok(TypeRef::I32)
        );
        assert_eq!(resolve("Int64", None, &k, Version::V1), Ok(TypeRef::I64));
        assert_eq!(resolve("Double", None, &k, Version::V1), Ok(TypeRef::F64));
        assert_eq!(resolve("Single", None, &k, Version::V1), Ok(TypeRef::F32));
        assert_eq!(
            resolve("DateTimeOffset", None, &k, Version::V1),
            Ok(TypeRef::DateTimeOffset)
        );
        assert_eq!(resolve("Date", None, &k, Version::V1), Ok(TypeRef::Date));
        assert_eq!(
            resolve("TimeOfDay", None, &k, Version::V1),
            Ok(TypeRef::TimeOfDay)
        );
        assert_eq!(
            resolve("Duration", None, &k, Version::V1),
            Ok(TypeRef::Duration)
        );
        assert_eq!(
            resolve("Binary", None, &k, Version::V1),
            Ok(TypeRef::Binary)
        );
        assert_eq!(resolve("Json", None, &k, Version::V1), Ok(TypeRef::Json));
        assert_eq!(resolve("Boolean", None, &k, Version::V1), Ok(TypeRef::Bool));
    }

    #[test]
    fn collections_in_both_spellings_resolve_to_their_element() {
        let k = known();
        let want = TypeRef::Collection(Box::new(TypeRef::Model("ValidationResult".into())));
        assert_eq!(
            resolve("validationResult collection", None, &k, Version::V1),
            Ok(want.clone())
        );
        assert_eq!(
            resolve(
                "Collection(microsoft.graph.validationResult)",
                None,
                &k,
                Version::V1
            ),
            Ok(want)
        );
        assert_eq!(
            resolve("String collection", None, &k, Version::V1),
            Ok(TypeRef::Collection(Box::new(TypeRef::String)))
        );
    }

    #[test]
    fn resources_resolve_by_name_or_by_link_case_insensitively() {
        let k = known();
        let want = Ok(TypeRef::Model("ValidationResult".into()));
        assert_eq!(resolve("ValidationResult", None, &k, Version::V1), want);
        assert_eq!(
            resolve(
                "result",
                Some("../resources/validationresult.md"),
                &k,
                Version::V1
            ),
            want
        );
    }

    #[test]
    fn an_unknown_type_is_an_error_naming_it() {
        let err = resolve("Strnig", None, &Known::default(), Version::V1).unwrap_err();
        assert!(err.contains("unknown type `Strnig`"), "{err}");
        assert!(resolve("  ", None, &Known::default(), Version::V1).is_err());
    }
}
