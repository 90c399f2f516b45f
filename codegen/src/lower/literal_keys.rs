//! Literal keys in a request line: some pages write an example value where the key goes
//! (`/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments`), not `{id}`.
//!
//! What a segment is comes from its form and its place, never from the value itself:
//! - A segment is a *literal key* when it has the form of an OData value rather than a
//!   name: a name is a dotted chain of identifiers (a letter or `_`, then letters, digits
//!   and `_`: `messages`, `microsoft.graph.user`), so a segment of letters, digits, `-`,
//!   `.` and `_` that is not one (a GUID, a number, `2024-05-01`), or a quoted string
//!   (`'room-1'`), is a value.
//! - A key stands right after a segment that names what it indexes, the place `{id}` has
//!   on every page (`/users/{id}`, `/me/messages/{id}`): a literal key there is read as a
//!   key parameter named after that segment (`classes/<guid>` -> `{classes-id}`), so the
//!   call is `.classes().by_id(id)` and the operation's path template has no example
//!   value in it.
//! - Anywhere else (first in the path, after another key, after `$ref`, `$value` or
//!   `$count`, after a function or a path key, or glued into a function call) it cannot
//!   be read as a key, and the request line is refused, saying what was expected.

use std::borrow::Cow;

/// `path` with each literal key read as a `{segment-id}` key parameter; unchanged (and not
/// copied) when it has none. The error says which segment could not be read and what was
/// expected, for a diagnostic at the request line.
pub fn read_literal_keys(path: &str) -> Result<Cow<'_, str>, String> {
    let segments: Vec<&str> = path.split('/').collect();
    if !segments.iter().any(|s| is_literal_key(s)) {
        return Ok(Cow::Borrowed(path));
    }
    let mut out: Vec<String> = Vec::with_capacity(segments.len());
    // The segment before, when it is a name a key can follow.
    let mut indexable: Option<&str> = None;
    for (k, &segment) in segments.iter().enumerate() {
        if is_literal_key(segment) {
            let Some(before) = indexable else {
                return Err(misplaced(segment, segments.get(..k).unwrap_or(&[])));
            };
            let name = before.rsplit('.').next().unwrap_or(before);
            out.push(format!("{{{name}-id}}"));
            indexable = None;
            continue;
        }
        indexable = (is_name(segment)).then_some(segment);
        out.push(segment.to_owned());
    }
    Ok(Cow::Owned(out.join("/")))
}

/// Why a literal key cannot be read where it is, naming what is before it.
fn misplaced(segment: &str, before: &[&str]) -> String {
    let before: Vec<&str> = before.iter().copied().filter(|s| !s.is_empty()).collect();
    match before.last() {
        None => format!(
            "the segment `{segment}` is a literal value (an example key?) at the start of the path; expected a name first, e.g. `/users/{{id}}`"
        ),
        Some(prev) => format!(
            "the segment `{segment}` is a literal value (an example key?) after `{prev}`, where no key can stand; expected a key only right after a segment that names a collection, written `{{id}}`, e.g. `/users/{{id}}`"
        ),
    }
}

/// A name of Graph's: dotted identifiers, each a letter or `_` then letters, digits and
/// `_` (`messages`, `microsoft.graph.user`).
fn is_name(segment: &str) -> bool {
    !segment.is_empty()
        && segment.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// A value written where a segment goes: letters, digits, `-`, `.` and `_` but not a name
/// (a GUID, a number), or a quoted string (`'x'`).
fn is_literal_key(segment: &str) -> bool {
    let quoted = segment.len() >= 2
        && segment.starts_with('\'')
        && segment.ends_with('\'')
        && !segment.contains(['/', '{', '}']);
    let plain = !segment.is_empty()
        && segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
        && !is_name(segment)
        && segment != "...";
    quoted || plain
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_without_literal_keys_is_left_as_it_is() {
        for path in [
            "/users/{id}/messages",
            "/me/drive/root:/{item-path}:/content",
            "/groups/{id}/members/$ref",
            "/reports/getEmailActivityCounts(period='{period}')",
            "/deviceManagement/microsoft.graph.windowsDomainJoinConfiguration",
            "/me/mailFolders/{id}/.../messages",
        ] {
            assert!(
                matches!(read_literal_keys(path), Ok(Cow::Borrowed(p)) if p == path),
                "{path}"
            );
        }
    }

    #[test]
    fn guids_numbers_and_quoted_strings_after_a_name_are_keys_named_after_it() {
        assert_eq!(
            read_literal_keys("/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments/42/resources/'r-1'")
                .unwrap(),
            "/education/classes/{classes-id}/assignments/{assignments-id}/resources/{resources-id}"
        );
        assert_eq!(
            read_literal_keys("/x/microsoft.graph.things/7f3a").unwrap(),
            "/x/microsoft.graph.things/{things-id}"
        );
    }

    #[test]
    fn a_literal_key_where_no_key_can_stand_is_an_error_saying_what_was_expected() {
        for (path, before) in [
            ("/0f3a-11/users", None),
            ("/users/{id}/12", Some("{id}")),
            ("/users/12/34", Some("12")),
            ("/groups/{id}/members/$ref/5", Some("$ref")),
            ("/me/drive/root:/{p}:/99", Some("{p}:")),
        ] {
            let e = read_literal_keys(path).expect_err(path);
            assert!(e.contains("expected"), "{path}: {e}");
            match before {
                Some(b) => assert!(e.contains(&format!("after `{b}`")), "{path}: {e}"),
                None => assert!(e.contains("at the start of the path"), "{path}: {e}"),
            }
        }
    }
}
