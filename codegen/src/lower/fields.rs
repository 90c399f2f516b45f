//! Rows of a parameter or property table -> [`Field`]s: names, types, nullability,
//! secrets. Shared by request bodies and resource pages.

use std::collections::BTreeSet;
use std::path::Path;

use super::naming::{snake_case, words};
use super::page_info::column;
use super::types::{resolve_detailed, resolve_or_json, Known};
use crate::diag::Diagnostic;
use crate::ir::{Field, OptionalBecause, TypeRef, Version};
use crate::parse::Table;

/// Whether a field with no marking is required, by the kind of table.
///
/// The rule, per row: a `Required` column (yes/no) decides; else a marker in the
/// description decides; else this default. Which markers count depends on the table too:
/// see [`Default::CreateOptional`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Default {
    /// Unmarked rows are required: the parameters of an action (`changePassword`'s
    /// `currentPassword` and `newPassword`), which Graph's action pages list because the
    /// action needs them.
    Required,
    /// Unmarked rows are optional: resource properties (they may be absent or null in a
    /// response) and response tables.
    Optional,
    /// The property table of a create page (`Create x`: a `POST` to a collection making a
    /// resource). Unmarked rows are optional, and only a `Required` column or a sentence
    /// `Required.` / `Optional.` in the row's description marks a row: nullability ("Not
    /// nullable") describes the stored resource, not what a create must send, and create
    /// tables copy it from the resource page. The page's sentence "the following table
    /// shows the properties that are required when you create ..." is not a marking: it is
    /// boilerplate above full property lists (the Intune create pages list the entity's
    /// key `id`, which the service assigns, under it), so trusting it gave constructors of
    /// up to 53 arguments.
    CreateOptional,
}

/// A name cell's JSON name and what follows it that is not a note in parentheses:
/// `owner (deprecated)` -> (`owner`, ``); `e f` -> (`e`, `f`).
fn split_name(cell: &str) -> (&str, &str) {
    let cell = cell.trim();
    let Some((name, rest)) = cell.split_once(char::is_whitespace) else {
        return (cell, "");
    };
    let rest = rest.trim();
    let note = rest.starts_with('(') && rest.ends_with(')');
    (name, if note { "" } else { rest })
}

/// Reads the fields of `tables` (several tables of one section are one list). Sub-heading
/// rows are skipped; a row without a name is an error at its line. A row of an unknown
/// type is an error at its line too, unless `lenient`: then it is kept as free JSON
/// (inside the collections its cell names), with [`Field::unknown_type`] set; see
/// [`kept_as_json`] for its warning.
pub fn fields(
    path: &Path,
    tables: &[&Table],
    known: &Known,
    version: Version,
    default: Default,
    lenient: bool,
) -> Result<Vec<Field>, Diagnostic> {
    let mut out: Vec<Field> = Vec::new();
    let mut rust_names = BTreeSet::new();
    let mut json_names: BTreeSet<&str> = BTreeSet::new();
    for table in tables {
        let name_col = column(table, &["Parameter", "Property", "Name"]).unwrap_or(0);
        let Some(type_col) = column(table, &["Type"]) else {
            return Err(Diagnostic::new(
                path,
                table.line,
                "the table has no `Type` column: expected `Parameter | Type | Description`",
            ));
        };
        let desc_col = column(table, &["Description"]);
        let required_col = column(table, &["Required"]);
        for row in table.rows.iter().filter(|r| !r.subheading) {
            let cell = |i: usize| row.cells.get(i).map(|c| c.trim()).unwrap_or("");
            let (json_name, note) = split_name(cell(name_col));
            if json_name.is_empty() {
                return Err(Diagnostic::new(
                    path,
                    row.line,
                    "a table row has no name in its first column",
                ));
            }
            if !note.is_empty() {
                return Err(Diagnostic::new(
                    path,
                    row.line,
                    format!(
                        "the name `{json_name} {note}` has several words; expected one JSON name, optionally followed by a note in parentheses like `(deprecated)`"
                    ),
                ));
            }
            if !json_names.insert(json_name) {
                continue;
            }
            let link = row.links.get(type_col).and_then(|l| l.as_deref());
            let at_row = |m: String| Diagnostic::new(path, row.line, format!("`{json_name}`: {m}"));
            let (ty, unknown_type) = if lenient {
                let (ty, unknown) =
                    resolve_or_json(cell(type_col), link, known, version).map_err(at_row)?;
                (ty, unknown)
            } else {
                let ty = resolve_detailed(cell(type_col), link, known, version)
                    .map_err(|u| at_row(u.message()))?;
                (ty, None)
            };
            let doc = desc_col.map(cell).unwrap_or("").to_owned();
            let in_description = match default {
                Default::CreateOptional => marked_in(&doc),
                Default::Required | Default::Optional => required_in(&doc),
            };
            let marked = required_col
                .and_then(|c| required_cell(cell(c)))
                .or(in_description);
            let required = marked.unwrap_or(default == Default::Required);
            let optional_because = match marked {
                _ if required => None,
                Some(_) => Some(OptionalBecause::Marked),
                None => Some(OptionalBecause::Unmarked),
            };
            let mut rust_name = snake_case(json_name);
            while !rust_names.insert(rust_name.clone()) {
                rust_name.push('_');
            }
            out.push(Field {
                json_name: json_name.to_owned(),
                rust_name,
                secret: is_secret(json_name, &ty),
                ty,
                required,
                optional_because,
                doc,
                line: row.line,
                unknown_type,
            });
        }
    }
    Ok(out)
}

/// The warning for a field of page `path` that lenient mode kept as JSON because its type
/// is unknown (`path:line: warning: type X unknown; kept as JSON (`name`)`), or whose
/// type's page was skipped (then that page's reason is given too). `None` for a field of
/// a known type.
pub fn kept_as_json(path: &Path, f: &Field, known: &Known, version: Version) -> Option<Diagnostic> {
    let name = f.unknown_type.as_deref()?;
    let why = match known.skipped_reason(name, version) {
        Some(reason) => format!("was skipped ({reason})"),
        None => "unknown".to_owned(),
    };
    Some(Diagnostic::new(
        path,
        f.line,
        format!(
            "warning: type {name} {why}; kept as JSON (`{}`)",
            f.json_name
        ),
    ))
}

/// A `Required` column: yes/true/required, or no/false/optional.
fn required_cell(cell: &str) -> Option<bool> {
    match cell
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase()
        .as_str()
    {
        "yes" | "true" | "required" | "y" => Some(true),
        "no" | "false" | "optional" | "n" => Some(false),
        _ => None,
    }
}

/// Nullability in a description: "Not nullable" and "Required" mark a required field;
/// "Optional" and "Nullable" an optional one.
pub fn required_in(description: &str) -> Option<bool> {
    let d = description.to_ascii_lowercase();
    if d.contains("not nullable") || d.contains("non-nullable") {
        Some(true)
    } else if d.contains("not required") || d.contains("optional") || d.contains("nullable") {
        Some(false)
    } else if d.contains("required") {
        Some(true)
    } else {
        None
    }
}

/// A sentence of its own in a description that marks the row: `Required.` (or
/// `Required:`/`Required,` and what follows) marks it required; `Optional.` or
/// `Not required.` optional. The word inside prose ("the minimum number of characters
/// required", "Possible values are: `required`, ...") is not a marking.
pub fn marked_in(description: &str) -> Option<bool> {
    let text = description.replace("<br>", ". ").replace("<br/>", ". ");
    text.split(['.', ';'])
        .map(|s| s.trim().trim_start_matches(['*', '_']).trim())
        .find_map(|sentence| {
            let lower = sentence.to_ascii_lowercase();
            let first = |word: &str| {
                lower.strip_prefix(word).is_some_and(|rest| {
                    rest.is_empty() || rest.starts_with([',', ':', ' ', '*', '_'])
                })
            };
            if first("not required") || first("optional") {
                Some(false)
            } else if first("required") {
                // "Required format: ..." describes a value, not the row.
                let rest = lower.get("required".len()..).unwrap_or("").trim_start();
                (!rest.starts_with("format")).then_some(true)
            } else {
                None
            }
        })
}

/// Name endings, in lower case, that mark a key (`preSharedKey`, `privateKey`, `apiKey`).
const SECRET_ENDINGS: &[&str] = &["sharedkey", "privatekey", "apikey"];
/// Parts of a name, in lower case, that mark a secret wherever they stand.
const SECRET_PARTS: &[&str] = &["passphrase", "passcode"];

/// A password, secret, token or key: a string field whose camelCase words include
/// `password` or `secret`, whose last word is `token` (`accessToken`), whose name ends in
/// [`SECRET_ENDINGS`] or contains [`SECRET_PARTS`] (any case).
pub fn is_secret(json_name: &str, ty: &TypeRef) -> bool {
    if *ty != TypeRef::String {
        return false;
    }
    let w = words(json_name);
    let lower = json_name.to_ascii_lowercase();
    w.iter().any(|w| w == "password" || w == "secret")
        || w.last().is_some_and(|l| l == "token")
        || SECRET_ENDINGS.iter().any(|e| lower.ends_with(e))
        || SECRET_PARTS.iter().any(|p| lower.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pre_shared_key_is_a_secret() {
        assert!(is_secret("preSharedKey", &TypeRef::String));
    }

    #[test]
    fn a_private_key_is_a_secret() {
        assert!(is_secret("privateKey", &TypeRef::String));
        assert!(is_secret("certificatePrivateKey", &TypeRef::String));
    }

    #[test]
    fn an_api_key_is_a_secret() {
        assert!(is_secret("apiKey", &TypeRef::String));
        assert!(is_secret("partnerApiKey", &TypeRef::String));
    }

    #[test]
    fn a_name_containing_passphrase_is_a_secret() {
        assert!(is_secret("passphrase", &TypeRef::String));
        assert!(is_secret("wifiPassphrase", &TypeRef::String));
    }

    #[test]
    fn a_name_containing_passcode_is_a_secret() {
        assert!(is_secret("passcode", &TypeRef::String));
        assert!(is_secret("devicePasscodeValue", &TypeRef::String));
    }

    #[test]
    fn keys_that_are_not_secrets_and_non_strings_stay_plain() {
        assert!(!is_secret("keyId", &TypeRef::String));
        assert!(!is_secret("publicKey", &TypeRef::String));
        assert!(!is_secret("sharedKeyLength", &TypeRef::String));
        assert!(!is_secret("passcodeMinimumLength", &TypeRef::I32));
    }

    #[test]
    fn descriptions_mark_nullability() {
        assert_eq!(required_in("Not nullable. Read-only."), Some(true));
        assert_eq!(required_in("Required. The id."), Some(true));
        assert_eq!(required_in("Optional. A note."), Some(false));
        assert_eq!(required_in("Nullable."), Some(false));
        assert_eq!(required_in("Not required."), Some(false));
        assert_eq!(required_in("The name."), None);
    }

    #[test]
    fn only_a_sentence_of_its_own_marks_a_create_row() {
        assert_eq!(marked_in("The ID of the role. Required."), Some(true));
        assert_eq!(marked_in("Required. The name."), Some(true));
        assert_eq!(marked_in("**Required**, the name."), Some(true));
        assert_eq!(marked_in("The name.<br>Optional"), Some(false));
        assert_eq!(marked_in("Not required. A note."), Some(false));
        assert_eq!(marked_in("Friendly name. Optional."), Some(false));
        // The word inside prose, nullability and format notes are not markings.
        assert_eq!(
            marked_in("Minutes of inactivity before a password is required"),
            None
        );
        assert_eq!(
            marked_in("Possible values are: `deviceDefault`, `required`."),
            None
        );
        assert_eq!(marked_in("Not nullable. Read-only."), None);
        assert_eq!(marked_in("Required format: \"/subscriptions/x\"."), None);
        assert_eq!(marked_in(""), None);
    }

    #[test]
    fn passwords_secrets_and_tokens_are_secret_strings() {
        assert!(is_secret("currentPassword", &TypeRef::String));
        assert!(is_secret("password", &TypeRef::String));
        assert!(is_secret("clientSecret", &TypeRef::String));
        assert!(is_secret("accessToken", &TypeRef::String));
        assert!(!is_secret("tokenIssuer", &TypeRef::String));
        assert!(!is_secret(
            "passwordProfile",
            &TypeRef::Model("PasswordProfile".into())
        ));
        assert!(!is_secret("displayName", &TypeRef::String));
    }
}
