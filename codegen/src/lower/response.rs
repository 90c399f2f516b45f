//! The "Response" sentence of an API page -> [`Response`]: `204 No Content` -> unit;
//! `200 OK` and "an x object" -> model x; "a collection of x objects" -> collection;
//! 201 with a body; 202 with only headers.

use super::json_shape::{self, Kind};
use super::types::{resolve_detailed, Known, Unresolved};
use crate::ir::{Response, TypeRef, Version};
use crate::parse::{DocPage, ExampleKind};

/// Why the response could not be read.
pub type Problem = (usize, String);

/// Reads the success response of an API page.
pub fn response(page: &DocPage, known: &Known, version: Version) -> Result<Response, Problem> {
    let in_response = |p: &&crate::parse::Paragraph| {
        p.section
            .as_deref()
            .is_some_and(|s| s.trim().to_ascii_lowercase().starts_with("response"))
    };
    let successful =
        |p: &&crate::parse::Paragraph| p.text.to_ascii_lowercase().contains("if successful");
    // A page may document two answers (a report: `302 Found` to a CSV download, and
    // `200 OK` with JSON under `$format=application/json`): the one with a 2xx status is
    // the call's answer.
    let sentence = page
        .paragraphs
        .iter()
        .filter(successful)
        .find(|p| status_in(&p.text).is_some())
        .or_else(|| page.paragraphs.iter().find(successful))
        .or_else(|| {
            // "An operation successful in creating ... returns `201 Created`".
            page.paragraphs.iter().filter(in_response).find(|p| {
                p.text.to_ascii_lowercase().contains("success") && status_in(&p.text).is_some()
            })
        })
        .or_else(|| {
            // "Returns a `302 Found` response redirecting to ...": a redirect is the answer.
            page.paragraphs
                .iter()
                .filter(in_response)
                .find(|p| redirect_in(&p.text).is_some())
        });
    // The first example response with a 2xx status line (`HTTP/1.1 200 OK`), for a
    // sentence that names none.
    let example_status = page
        .examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Response)
        .find_map(|e| status_in(&e.start));
    let example_has_body = page
        .examples
        .iter()
        .any(|e| e.kind == ExampleKind::Response && e.body.is_some());
    let Some(sentence) = sentence else {
        return match example_status {
            Some(status) if !example_has_body => Ok(Response::Unit { status }),
            Some(status) => Ok(Response::Model {
                status,
                ty: TypeRef::Json,
            }),
            None => Err((
                0,
                "no response: expected a sentence `If successful, ...` naming the status".into(),
            )),
        };
    };
    let text = sentence.text.as_str();
    if status_in(text).is_none() {
        if let Some(status) = redirect_in(text) {
            // Graph's answer is a redirect (to a pre-authenticated download URL): the call
            // gives its `Location`; the client never follows it.
            return Ok(Response::Unit { status });
        }
    }
    let Some(status) = status_in(text).or(example_status) else {
        return Err((
            sentence.line,
            "the response sentence names no status code: expected a 2xx status (200, 201, \
             202, 204) or a `302 Found` redirect in the sentence, or an example response \
             `HTTP/1.1 200 OK`"
                .into(),
        ));
    };
    if status == 204 || (status == 202 && !example_has_body) {
        return Ok(Response::Unit { status });
    }
    match named_type(text) {
        Some((name, collection)) => {
            // The sentence links the type's page (`[page](../resources/page.md)` for
            // `onenotePage`, `[Range](../resources/range.md)` for `workbookRange`): a name
            // that is no type's is looked up as a page file, case-insensitively.
            let ty = resolve_detailed(name, None, known, version)
                .or_else(|u| match (&u, known.get_or_file(name, version)) {
                    (Unresolved::Unknown { .. }, Some(t)) => Ok(t),
                    _ => Err(u),
                })
                .map_err(|u| (sentence.line, response_type_problem(&u)))?;
            let ty = if collection && is_primitive(&ty) {
                example_item_model(page, known, version).unwrap_or(ty)
            } else {
                ty
            };
            Ok(if collection {
                Response::Collection { status, ty }
            } else if is_primitive(&ty) {
                Response::Value { status, ty }
            } else {
                Response::Model { status, ty }
            })
        }
        None if example_has_body => Ok(Response::Model {
            status,
            ty: TypeRef::Json,
        }),
        None => Ok(Response::Unit { status }),
    }
}

/// Why the response type did not resolve; when its page was skipped, the chain:
/// `response type `user` was skipped: path:line: reason`.
fn response_type_problem(u: &Unresolved) -> String {
    match u {
        Unresolved::Unknown {
            name,
            skipped: Some(reason),
            ..
        } => format!("response type `{name}` was skipped: {reason}"),
        other => format!("response type: {}", other.message()),
    }
}

/// For a sentence that names a collection of a primitive (`a string collection`): the
/// model of the page's example response instead, when the example's `value` holds objects
/// and its annotation names their type (`"@odata.type": "microsoft.graph.directoryObject"`),
/// a type with a page. Objects cannot decode as strings; the annotation is the type the
/// docs' own tooling checks the example against.
fn example_item_model(page: &DocPage, known: &Known, version: Version) -> Option<TypeRef> {
    page.examples
        .iter()
        .filter(|e| e.kind == ExampleKind::Response)
        .find_map(|e| {
            let body = e.body.as_ref()?;
            let objects = json_shape::members(&body.value)
                .into_iter()
                .any(|(name, kind)| {
                    name == "value" && kind == Kind::Array(Some(Box::new(Kind::Object)))
                });
            if !objects {
                return None;
            }
            let annotation = e.annotation.as_deref()?;
            let rest = annotation.split("\"@odata.type\"").nth(1)?;
            let name = rest.split('"').nth(1)?.trim().trim_start_matches('#');
            let name = name.strip_prefix("microsoft.graph.").unwrap_or(name);
            match resolve_detailed(name, None, known, version) {
                Ok(ty @ TypeRef::Model(_)) => Some(ty),
                _ => None,
            }
        })
}

fn is_primitive(ty: &TypeRef) -> bool {
    !matches!(ty, TypeRef::Model(_) | TypeRef::Json)
}

/// A redirect status (301, 302, 303, 307, 308) in a sentence that says it redirects
/// (`returns a 302 Found response that redirects to a preauthenticated download URL`).
fn redirect_in(text: &str) -> Option<u16> {
    if !text.to_ascii_lowercase().contains("redirect") {
        return None;
    }
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse::<u16>().ok())
        .find(|s| matches!(s, 301 | 302 | 303 | 307 | 308))
}

/// The first 2xx status code in `text` (`200 OK`, `HTTP/1.1 204 No Content`).
fn status_in(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 3)
        .filter_map(|w| w.parse::<u16>().ok())
        .find(|s| (200..300).contains(s))
}

/// The type a response sentence names: "a|an X object" (one), "a collection of X
/// objects" or "X collection" (many). Returns the name and whether it is a collection.
fn named_type(text: &str) -> Option<(&str, bool)> {
    let tokens: Vec<&str> = text
        .split_whitespace()
        .map(|t| t.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_')))
        .collect();
    for (i, t) in tokens.iter().enumerate() {
        let lower = t.to_ascii_lowercase();
        if (lower == "object" || lower == "objects") && i > 0 {
            let name = tokens.get(i - 1)?;
            let before = if i >= 2 {
                tokens.get(i - 2).copied()
            } else {
                None
            };
            let collection = lower == "objects"
                || before.is_some_and(|b| b.eq_ignore_ascii_case("of"))
                    && tokens
                        .get(i.saturating_sub(3))
                        .is_some_and(|c| c.eq_ignore_ascii_case("collection"));
            if name.eq_ignore_ascii_case("collection") {
                continue;
            }
            return Some((name, collection));
        }
        if lower == "collection"
            && i > 0
            && !tokens
                .get(i + 1)
                .is_some_and(|n| n.eq_ignore_ascii_case("of"))
        {
            let name = tokens.get(i - 1)?;
            if !matches!(name.to_ascii_lowercase().as_str(), "a" | "the" | "an") {
                return Some((name, true));
            }
        }
    }
    // "a Boolean in the response body": a primitive wrapped in `{"value": ...}`.
    const PRIMITIVES: &[&str] = &[
        "boolean",
        "string",
        "int32",
        "int64",
        "double",
        "single",
        "guid",
        "datetimeoffset",
    ];
    for (i, t) in tokens.iter().enumerate() {
        if PRIMITIVES.contains(&t.to_ascii_lowercase().as_str())
            && i > 0
            && tokens
                .get(i - 1)
                .is_some_and(|a| a.eq_ignore_ascii_case("a") || a.eq_ignore_ascii_case("an"))
        {
            return Some((t, false));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_names_the_status_and_the_type() {
        let s = "If successful, this action returns a 200 OK response code and a passwordValidationInformation object in the response body.";
        assert_eq!(status_in(s), Some(200));
        assert_eq!(
            named_type(s),
            Some(("passwordValidationInformation", false))
        );
    }

    #[test]
    fn collections_are_told_apart_from_single_values() {
        let s = "If successful, this method returns a 200 OK response code and a collection of user objects in the response body.";
        assert_eq!(named_type(s), Some(("user", true)));
        let s = "returns a 200 OK response code and a String collection in the response body.";
        assert_eq!(named_type(s), Some(("String", true)));
    }

    #[test]
    fn a_primitive_in_the_body_is_a_value() {
        let s = "If successful, this method returns a 200 OK response code and a Boolean in the response body.";
        assert_eq!(named_type(s), Some(("Boolean", false)));
    }

    #[test]
    fn a_redirect_is_read_only_from_a_sentence_that_says_it_redirects() {
        let s = "If successful, this method returns a `302 Found` response that redirects to a download URL.";
        assert_eq!(status_in(s), None);
        assert_eq!(redirect_in(s), Some(302));
        assert_eq!(redirect_in("Returns `302` when the moon is full."), None);
        assert_eq!(redirect_in("It redirects with a 200 OK."), None);
    }

    #[test]
    fn no_content_has_no_type() {
        let s = "If successful, this method returns a 204 No Content response code.";
        assert_eq!(status_in(s), Some(204));
        assert_eq!(named_type(s), None);
    }
}
