//! Percent-encoding of path segments for the paths generated code builds.

use std::fmt::Write;

/// Percent-encodes `value` as one URL path segment.
///
/// Generated code builds paths such as `/users/{id}/changePassword` from values the caller
/// gives (an id, a user principal name). Everything except the RFC 3986 unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`) and `@` is encoded, so a value can never add a
/// segment (`/`), start a query (`?`) or a fragment (`#`).
///
/// Encoding alone cannot stop a value of `""`, `"."` or `".."`: URL parsers resolve `%2E%2E`
/// as `..` too. The clients refuse such a path when the request is sent (an
/// [`Error::is_builder`](crate::Error::is_builder) error naming the operation), so
/// `/users/{id}/changePassword` with an `id` of `..` never goes out as `/changePassword`.
///
/// ```
/// use msgraph_typed::path_segment;
///
/// assert_eq!(path_segment("adele@contoso.com"), "adele@contoso.com");
/// assert_eq!(path_segment("a/b?c#d"), "a%2Fb%3Fc%23d");
/// assert_eq!(path_segment(".."), "%2E%2E");
/// ```
pub fn path_segment(value: &str) -> String {
    // "." and ".." are dot-segments that URL parsers resolve; encode their dots.
    if value == "." || value == ".." {
        return value.bytes().map(|_| "%2E").collect();
    }
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => {
                out.push(char::from(byte));
            }
            _ => {
                // Writing to a String cannot fail.
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// Checks and percent-encodes the path parameter `name` (what generated operations call
/// for each `{name}` segment): an empty value is refused with an
/// [`Error::is_builder`](crate::Error::is_builder) error naming the parameter, before
/// anything is sent, since `/users//assignLicense` would reach another endpoint.
///
/// ```
/// use msgraph_typed::path_param;
///
/// assert_eq!(path_param("id", "a/b").unwrap(), "a%2Fb");
/// let err = path_param("id", "").unwrap_err();
/// assert!(err.is_builder());
/// assert!(err.to_string().contains("`id`"));
/// ```
pub fn path_param(name: &str, value: &str) -> Result<String, crate::Error> {
    if value.is_empty() {
        return Err(crate::Error::builder(format!(
            "the path parameter `{name}` is empty: expected a value for its segment"
        )));
    }
    Ok(path_segment(value))
}

#[cfg(test)]
mod tests {
    use super::{path_param, path_segment};

    #[test]
    fn an_empty_path_parameter_is_refused_before_sending() {
        let err = path_param("user_id", "").unwrap_err();
        assert!(err.is_builder());
        assert!(err.to_string().contains("`user_id`"), "{err}");
        assert_eq!(path_param("user_id", "a b").unwrap(), "a%20b");
    }

    #[test]
    fn unreserved_characters_and_at_signs_pass_through() {
        assert_eq!(path_segment("Az09-._~@"), "Az09-._~@");
    }

    #[test]
    fn separators_and_spaces_are_percent_encoded() {
        assert_eq!(path_segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
    }

    #[test]
    fn non_ascii_is_encoded_byte_by_byte_as_utf8() {
        assert_eq!(path_segment("é"), "%C3%A9");
    }

    /// Only the encoding: that such a segment never reaches the wire is tested where requests
    /// are sent (`Root::url_for` and tests/client_requests.rs).
    #[test]
    fn dot_segments_have_their_dots_encoded() {
        assert_eq!(path_segment("."), "%2E");
        assert_eq!(path_segment(".."), "%2E%2E");
        assert_eq!(path_segment("..."), "...");
    }

    #[test]
    fn an_empty_value_stays_empty() {
        assert_eq!(path_segment(""), "");
    }
}
