//! Type cells of doc tables (`String`, `Edm.Int32`, `validationResult collection`,
//! `Collection(microsoft.graph.x)`, a link to a resource page) -> [`TypeRef`].

use std::collections::BTreeMap;

use crate::ir::{TypeRef, Version};

/// What a documentation type name resolves to besides primitives: the resource pages
/// and enums of the same run, by lookup key ([`qualified_key`]) and version, and by the
/// file stem of their page (for links whose text is not the type's name).
#[derive(Debug, Clone, Default)]
pub struct Known {
    /// (Lookup key, version) -> resolved type (a model or an enum).
    pub by_doc_name: BTreeMap<(String, Version), TypeRef>,
    /// (Lower-cased page file stem, version) -> resolved type.
    pub by_file: BTreeMap<(String, Version), TypeRef>,
    /// (Last segment of a qualified key, version) -> resolved type: the fallback for a
    /// name written without its namespace (`caseAction` for `ediscovery.caseAction`).
    pub by_last: BTreeMap<(String, Version), TypeRef>,
    /// (Lookup key, version) -> why the type's page was skipped (`path:line: reason`), in
    /// lenient mode: a page that needs the type names that reason instead of "unknown".
    pub skipped: BTreeMap<(String, Version), String>,
}

/// Why a type cell did not resolve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unresolved {
    /// The cell names a type that is neither a primitive nor a page of the run.
    Unknown {
        /// The name as the cell writes it, without collection markup
        /// (`microsoft.graph.licenseAssignmentState`).
        name: String,
        /// How many collections the cell wraps it in (`X collection` -> 1).
        depth: usize,
        /// When the type's page was skipped (lenient mode): that page's
        /// `path:line: reason`.
        skipped: Option<String>,
    },
    /// The cell is not a type at all (empty, nested too deep): an error in every mode.
    Invalid(String),
}

impl Unresolved {
    /// What was found and what was expected, for a diagnostic at the row's line.
    pub fn message(&self) -> String {
        match self {
            Self::Unknown {
                name,
                skipped: Some(reason),
                ..
            } => format!("type `{name}` was skipped: {reason}"),
            Self::Unknown { name, .. } => format!(
                "unknown type `{name}`: expected a primitive (String, Boolean, Int32, Int64, \
                 Double, Single, Guid, DateTimeOffset, Date, TimeOfDay, Duration, Binary, Json), \
                 `X collection`, `Collection(X)`, or a resource with a page in the same run"
            ),
            Self::Invalid(m) => m.clone(),
        }
    }
}

/// The lookup key of a documentation type name: lower case, without `microsoft.graph.`
/// (`microsoft.graph.termStore.group` -> `termstore.group`).
pub fn qualified_key(name: &str) -> String {
    strip_namespace(name.trim()).to_ascii_lowercase()
}

/// The type name a type cell names, when it is not a primitive: `[bodyType](x.md)
/// collection` -> `bodyType`.
pub fn type_name_of_cell(cell: &str) -> Option<&str> {
    let text = normalize(cell);
    if is_union(text) {
        return None;
    }
    let inner = collection_element(text).unwrap_or(text);
    let name = strip_namespace(inner.trim());
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    (plain && primitive(name).is_none()).then_some(name)
}

impl Known {
    /// Records a resource model `doc_name` of `version` generated as `rust_name`.
    pub fn add_model(&mut self, doc_name: &str, version: Version, rust_name: &str) {
        self.add(doc_name, version, TypeRef::Model(rust_name.to_owned()));
    }

    /// Records an enum `doc_name` of `version` generated as `rust_name`.
    pub fn add_enum(&mut self, doc_name: &str, version: Version, rust_name: &str) {
        self.add(doc_name, version, TypeRef::Enum(rust_name.to_owned()));
    }

    fn add(&mut self, doc_name: &str, version: Version, ty: TypeRef) {
        let key = qualified_key(doc_name);
        if let Some((_, last)) = key.rsplit_once('.') {
            self.by_last
                .entry((last.to_owned(), version))
                .or_insert_with(|| ty.clone());
        }
        self.by_doc_name.entry((key, version)).or_insert(ty);
    }

    /// Records the page file stem of a type.
    pub fn add_file(&mut self, stem: &str, version: Version, ty: TypeRef) {
        self.by_file
            .entry((stem.to_ascii_lowercase(), version))
            .or_insert(ty);
    }

    /// The type named `name`, preferring the page of `version`, else the other version's;
    /// a qualified name (`ediscovery.caseAction`) that is not known falls back to its last
    /// segment.
    pub fn get(&self, name: &str, version: Version) -> Option<TypeRef> {
        let key = qualified_key(name);
        let found = lookup(&self.by_doc_name, &key, version);
        if found.is_some() {
            return found;
        }
        match key.rsplit_once('.') {
            Some((_, last)) => lookup(&self.by_doc_name, last, version),
            None => lookup(&self.by_last, &key, version),
        }
    }

    /// Records that the page of type `doc_name` was skipped, and why (`path:line: reason`).
    pub fn add_skipped(&mut self, doc_name: &str, version: Version, reason: String) {
        self.skipped
            .entry((qualified_key(doc_name), version))
            .or_insert(reason);
    }

    /// Why the page of the type `name` was skipped, if it was, found the way [`Known::get`]
    /// finds a type: by lookup key; for a qualified name, else by its last segment as a
    /// whole key (a page that names no namespace); for a bare name, else the one skipped
    /// type of any namespace with that last segment, when exactly one has it. So a
    /// qualified name never takes another namespace's reason (`security.case` is not
    /// `ediscovery.case`), and an ambiguous bare name takes none.
    pub fn skipped_reason(&self, name: &str, version: Version) -> Option<String> {
        let key = qualified_key(name);
        let exact = lookup_reason(&self.skipped, &key, version);
        if exact.is_some() {
            return exact;
        }
        if let Some((_, last)) = key.rsplit_once('.') {
            return lookup_reason(&self.skipped, last, version);
        }
        [version, other(version)].iter().find_map(|v| {
            let mut same_last = self
                .skipped
                .iter()
                .filter(|((k, kv), _)| kv == v && k.rsplit('.').next() == Some(key.as_str()));
            match (same_last.next(), same_last.next()) {
                (Some((_, reason)), None) => Some(reason.clone()),
                _ => None,
            }
        })
    }

    /// The type named `name`, else the type of the page whose file is named after it (a
    /// base named `identityUserFlow` whose page `identityuserflow.md` calls it `UserFlow`).
    pub fn get_or_file(&self, name: &str, version: Version) -> Option<TypeRef> {
        self.get(name, version)
            .or_else(|| self.get_file(name, version))
    }

    fn get_file(&self, stem: &str, version: Version) -> Option<TypeRef> {
        lookup(&self.by_file, &stem.to_ascii_lowercase(), version)
    }
}

fn other(version: Version) -> Version {
    match version {
        Version::V1 => Version::Beta,
        Version::Beta => Version::V1,
    }
}

fn lookup(
    map: &BTreeMap<(String, Version), TypeRef>,
    key: &str,
    version: Version,
) -> Option<TypeRef> {
    map.get(&(key.to_owned(), version))
        .or_else(|| map.get(&(key.to_owned(), other(version))))
        .cloned()
}

fn lookup_reason(
    map: &BTreeMap<(String, Version), String>,
    key: &str,
    version: Version,
) -> Option<String> {
    map.get(&(key.to_owned(), version))
        .or_else(|| map.get(&(key.to_owned(), other(version))))
        .cloned()
}

#[cfg(test)]
/// Resolves a type cell. `link` is the cell's link target, if any
/// (`../resources/validationresult.md`). The error says what was found and what was
/// expected; the caller puts it at the row's line.
pub fn resolve(
    cell: &str,
    link: Option<&str>,
    known: &Known,
    version: Version,
) -> Result<TypeRef, String> {
    resolve_detailed(cell, link, known, version).map_err(|u| u.message())
}

/// Resolves a type cell, saying why it did not resolve.
pub fn resolve_detailed(
    cell: &str,
    link: Option<&str>,
    known: &Known,
    version: Version,
) -> Result<TypeRef, Unresolved> {
    resolve_nested(cell, link, known, version, 0)
}

/// Resolves a type cell for lenient mode: a type the run does not know (or whose page was
/// skipped) becomes free JSON, inside the collections the cell names (`X collection` ->
/// a `Vec` of JSON values), and the name the cell wrote is returned beside it for a
/// warning. A cell that is not a type at all is still an error.
pub fn resolve_or_json(
    cell: &str,
    link: Option<&str>,
    known: &Known,
    version: Version,
) -> Result<(TypeRef, Option<String>), String> {
    match resolve_detailed(cell, link, known, version) {
        Ok(t) => Ok((t, None)),
        Err(Unresolved::Unknown { name, depth, .. }) => {
            let mut ty = TypeRef::Json;
            for _ in 0..depth {
                ty = TypeRef::Collection(Box::new(ty));
            }
            Ok((ty, Some(name)))
        }
        Err(Unresolved::Invalid(m)) => Err(m),
    }
}

/// The deepest nesting of collections a type cell may have (`X collection collection`).
const MAX_NESTING: usize = 8;

fn resolve_nested(
    cell: &str,
    link: Option<&str>,
    known: &Known,
    version: Version,
    depth: usize,
) -> Result<TypeRef, Unresolved> {
    let text = normalize(cell);
    if text.is_empty() {
        return Err(Unresolved::Invalid(
            "empty type cell: expected a type such as String or Boolean".to_owned(),
        ));
    }
    if is_union(text) {
        return Ok(TypeRef::Json);
    }
    if let Some(inner) = collection_element(text) {
        if depth >= MAX_NESTING {
            return Err(Unresolved::Invalid(format!(
                "collections nested more than {MAX_NESTING} deep: expected `X collection` with at most {MAX_NESTING} levels"
            )));
        }
        return resolve_nested(inner, link, known, version, depth + 1)
            .map(|t| TypeRef::Collection(Box::new(t)));
    }
    let bare = strip_namespace(text);
    if let Some(t) = primitive(bare) {
        return Ok(t);
    }
    if let Some(t) = known.get(bare, version) {
        return Ok(t);
    }
    if let Some(link) = link {
        if let Some(t) = link_anchor_enum(link).and_then(|name| known.get(name, version)) {
            return Ok(t);
        }
        if let Some(t) = link_stem(link).and_then(|stem| {
            known
                .get_file(stem, version)
                .or_else(|| known.get(stem, version))
        }) {
            return Ok(t);
        }
    }
    Err(Unresolved::Unknown {
        name: text.to_owned(),
        depth,
        skipped: known.skipped_reason(bare, version),
    })
}

/// A type cell without its markup and notes: backticks, a reference-style link
/// (`[identitySet][]` -> `identitySet`), a note in parentheses (`String (url)` ->
/// `String`).
fn normalize(cell: &str) -> &str {
    let mut text = cell.trim().trim_matches('`').trim();
    if text.starts_with('(') && text.ends_with(')') {
        text = text.get(1..text.len() - 1).unwrap_or(text).trim();
    }
    if let Some(inner) = text.strip_prefix('[') {
        if let Some((name, rest)) = inner.split_once("][") {
            if rest.ends_with(']') && !rest.contains('[') {
                text = name.trim();
            }
        }
    }
    if let Some(open) = text.find(" (") {
        if text.ends_with(')') {
            text = text.get(..open).unwrap_or(text).trim();
        }
    }
    text
}

/// `A or B`, `A/B`: a value of one of several types. Kept as JSON, which holds either.
fn is_union(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    let parts: Vec<&str> = if lower.contains(" or ") {
        lower.split(" or ").collect()
    } else if lower.contains('/') && !lower.contains(' ') {
        lower.split('/').collect()
    } else {
        return false;
    };
    parts.len() > 1
        && parts.iter().all(|p| {
            let p = p.trim();
            !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        })
}

/// `X collection`, `Collection(X)`, `collection of X` -> `X`.
fn collection_element(text: &str) -> Option<&str> {
    // Compared in place: lowering the whole cell at every level of nesting is quadratic.
    let starts = |p: &str| {
        text.get(..p.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(p))
    };
    let ends = |p: &str| {
        text.len() >= p.len()
            && text
                .get(text.len() - p.len()..)
                .is_some_and(|tail| tail.eq_ignore_ascii_case(p))
    };
    if starts("collection(") && text.ends_with(')') {
        return text.get("collection(".len()..text.len() - 1).map(str::trim);
    }
    if ends(" collection") {
        return text.get(..text.len() - " collection".len()).map(str::trim);
    }
    if starts("collection of ") {
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

/// `enums.md#bodytype-values` -> `bodytype`.
fn link_anchor_enum(link: &str) -> Option<&str> {
    let anchor = link.split('#').nth(1)?;
    anchor.strip_suffix("-values").filter(|a| !a.is_empty())
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
        "number" => TypeRef::F64,
        "json" | "untyped" | "object" | "untyped json object" | "json object" => TypeRef::Json,
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
    fn a_skipped_reason_is_never_taken_from_a_type_of_another_namespace() {
        let mut k = Known::default();
        k.add_skipped(
            "microsoft.graph.ediscovery.case",
            Version::V1,
            "e.md:3: bad".into(),
        );
        assert_eq!(k.skipped_reason("security.case", Version::V1), None);
        assert_eq!(
            k.skipped_reason("microsoft.graph.security.case", Version::V1),
            None
        );
        assert_eq!(
            k.skipped_reason("ediscovery.case", Version::Beta)
                .as_deref(),
            Some("e.md:3: bad"),
            "the same type, from the other version"
        );
        assert_eq!(
            k.skipped_reason("case", Version::V1).as_deref(),
            Some("e.md:3: bad"),
            "a bare name with one skipped type of that name"
        );
        k.add_skipped("security.case", Version::V1, "s.md:4: worse".into());
        assert_eq!(
            k.skipped_reason("security.case", Version::V1).as_deref(),
            Some("s.md:4: worse")
        );
        assert_eq!(
            k.skipped_reason("case", Version::V1),
            None,
            "a bare name that two skipped types share names neither"
        );
    }

    #[test]
    fn a_qualified_name_takes_the_reason_of_a_page_that_names_no_namespace() {
        let mut k = Known::default();
        k.add_skipped("person", Version::V1, "p.md:9: bad".into());
        assert_eq!(
            k.skipped_reason("microsoft.graph.person", Version::V1)
                .as_deref(),
            Some("p.md:9: bad")
        );
        assert_eq!(
            k.skipped_reason("other.person", Version::V1).as_deref(),
            Some("p.md:9: bad"),
            "like `Known::get`, which finds `other.person` at the key `person`"
        );
    }

    #[test]
    fn collections_nest_up_to_eight_levels_and_deeper_is_an_error() {
        let k = Known::default();
        let nested = |n: usize| format!("String{}", " Collection".repeat(n));
        let mut want = TypeRef::String;
        for _ in 0..MAX_NESTING {
            want = TypeRef::Collection(Box::new(want));
        }
        assert_eq!(resolve(&nested(8), None, &k, Version::V1), Ok(want));
        let err = resolve(&nested(9), None, &k, Version::V1).unwrap_err();
        assert!(err.contains("nested more than 8 deep"), "{err}");
        let err = resolve(&nested(100_000), None, &k, Version::V1).unwrap_err();
        assert!(err.contains("nested more than 8 deep"), "{err}");
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
    fn unions_are_json_and_notes_and_reference_links_are_dropped() {
        let k = known();
        assert_eq!(
            resolve("String or Int32", None, &k, Version::V1),
            Ok(TypeRef::Json)
        );
        assert_eq!(
            resolve("string/number", None, &k, Version::V1),
            Ok(TypeRef::Json)
        );
        assert_eq!(
            resolve("(boolean or string or number)", None, &k, Version::V1),
            Ok(TypeRef::Json)
        );
        assert_eq!(
            resolve("string (url)", None, &k, Version::V1),
            Ok(TypeRef::String)
        );
        assert_eq!(resolve("number", None, &k, Version::V1), Ok(TypeRef::F64));
        assert_eq!(
            resolve("Untyped JSON object", None, &k, Version::V1),
            Ok(TypeRef::Json)
        );
        assert_eq!(
            resolve("[validationResult][]", None, &k, Version::V1),
            Ok(TypeRef::Model("ValidationResult".into()))
        );
    }

    #[test]
    fn enums_resolve_by_name_by_a_values_anchor_and_by_page_file() {
        let mut k = Known::default();
        k.add_enum("ediscovery.caseAction", Version::Beta, "CaseAction");
        k.add_file(
            "intune-x-ruletype",
            Version::V1,
            TypeRef::Enum("RuleType".into()),
        );
        let want = Ok(TypeRef::Enum("CaseAction".into()));
        assert_eq!(
            resolve(
                "microsoft.graph.ediscovery.caseAction",
                None,
                &k,
                Version::Beta
            ),
            want
        );
        assert_eq!(
            resolve(
                "x",
                Some("ediscovery-caseoperation.md#caseaction-values"),
                &k,
                Version::V1
            ),
            want
        );
        assert_eq!(
            resolve(
                "ruleType",
                Some("../resources/intune-x-ruletype.md"),
                &k,
                Version::V1
            ),
            Ok(TypeRef::Enum("RuleType".into()))
        );
    }

    #[test]
    fn an_unknown_type_is_an_error_naming_it() {
        let err = resolve("Strnig", None, &Known::default(), Version::V1).unwrap_err();
        assert!(err.contains("unknown type `Strnig`"), "{err}");
        assert!(resolve("  ", None, &Known::default(), Version::V1).is_err());
    }
}
