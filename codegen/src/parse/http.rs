//! HTTP lines: `METHOD /path` request lines, `HTTP/1.1 200 OK` status lines and
//! `Name: value` headers, as written in request sections and examples.

use super::page::HttpLine;

/// The methods an operation may use.
pub(crate) const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/// A request line's first word, if it looks like a method (upper-case ASCII letters), and
/// what follows it.
pub(crate) fn method_word(line: &str) -> Option<(&str, &str)> {
    let t = line.trim_start();
    let end = t.find([' ', '\t']).unwrap_or(t.len());
    let word = &t[..end];
    let upper = !word.is_empty() && word.bytes().all(|b| b.is_ascii_uppercase());
    upper.then(|| (word, t[end..].trim_start()))
}

/// Whether `word` is one of [`METHODS`].
pub(crate) fn is_method(word: &str) -> bool {
    METHODS.contains(&word)
}

/// The path token at the start of `rest`, and what follows it. The token ends at
/// whitespace or a pipe outside braces, so `/users/{id | userPrincipalName}/x` stays whole
/// and `/users/validatePassword| Name |` stops before the glued table.
pub(crate) fn split_path(rest: &str) -> (&str, &str) {
    let mut depth = 0usize;
    for (k, c) in rest.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ' ' | '\t' | '|' if depth == 0 => return (&rest[..k], &rest[k..]),
            _ => {}
        }
    }
    (rest, "")
}

/// Drops the scheme, host and API version from a URL
/// (`https://graph.microsoft.com/v1.0/me/x` -> `/me/x`); other paths are returned as written.
pub(crate) fn path_without_host(url: &str) -> &str {
    let Some(after_scheme) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return url;
    };
    let Some(slash) = after_scheme.find('/') else {
        return "/";
    };
    let path = &after_scheme[slash..];
    for version in ["/v1.0", "/beta", "/{version}"] {
        if let Some(rest) = path.strip_prefix(version) {
            if rest.is_empty() {
                return "/";
            }
            if rest.starts_with(['/', '?']) {
                return rest;
            }
        }
    }
    path
}

/// A method glued to its path (`DELETE/identity/x`): the method and the path.
fn glued_method(t: &str) -> Option<(&str, &str)> {
    let slash = t.find('/')?;
    let (word, path) = t.split_at(slash);
    is_method(word).then_some((word, path))
}

/// The text Graph's generated pages put where an address is missing
/// (`** Collection URI for microsoft.x not found`).
fn is_placeholder(path: &str) -> bool {
    path.starts_with("**")
}

/// Reads a line of an "HTTP request" block: `METHOD /path`, optionally with a host, and
/// optionally followed by a comment. The pages also write the path without its leading `/`
/// (`POST policies/x`), as `~/x`, or glued to the method (`DELETE/identity/x`); all are read
/// as `/x`. The error says what was found and what was expected.
pub(crate) fn request_line(line: &str) -> Result<HttpLine, String> {
    let t = line.trim();
    let found = || format!("found `{t}`");
    let Some((word, rest)) = method_word(t).or_else(|| glued_method(t)) else {
        return Err(format!(
            "{}; expected a request line `METHOD /path`",
            found()
        ));
    };
    if !is_method(word) {
        return Err(format!(
            "{}; expected one of the methods {} before the path",
            found(),
            METHODS.join(", ")
        ));
    }
    let (path, _comment) = split_path(rest);
    if is_placeholder(rest) {
        return Err(format!(
            "{}: a placeholder where the page should give the address; expected a path \
             starting with `/` after `{word}`",
            found()
        ));
    }
    let path = path_without_host(path);
    let path = path.strip_prefix('~').unwrap_or(path);
    if path.starts_with('/') {
        return Ok(HttpLine {
            method: word.to_string(),
            path: path.to_string(),
        });
    }
    if path.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Ok(HttpLine {
            method: word.to_string(),
            path: format!("/{path}"),
        });
    }
    Err(format!(
        "{}; expected a path starting with `/` after `{word}`",
        found()
    ))
}

/// What a non-blank line of an "HTTP request" block holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum BlockLine {
    /// A request line.
    Request(HttpLine),
    /// A header sent with the request (`Prefer: odata.maxpagesize=2`), not an address.
    Header,
    /// A word between two request lines (`or`).
    Connective,
}

/// Reads a non-blank line of an "HTTP request" block: a request line, a header, or the word
/// `or` / `and` between two request lines. Anything else is refused as [`request_line`]
/// refuses it.
pub(crate) fn block_line(line: &str) -> Result<BlockLine, String> {
    let t = line.trim();
    if ["or", "and"].iter().any(|w| t.eq_ignore_ascii_case(w)) {
        return Ok(BlockLine::Connective);
    }
    match request_line(t) {
        Ok(request) => Ok(BlockLine::Request(request)),
        Err(e) => match header(t) {
            Some(_) if method_word(t).is_none_or(|(w, _)| !is_method(w)) => Ok(BlockLine::Header),
            _ => Err(e),
        },
    }
}

/// Whether `line` is a status line (`HTTP/1.1 200 OK`, `HTTP/2 204`).
pub(crate) fn is_status_line(line: &str) -> bool {
    let Some(rest) = line.trim().strip_prefix("HTTP/") else {
        return false;
    };
    let mut words = rest.split_whitespace();
    let version_ok = words
        .next()
        .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit() || b == b'.'));
    let code_ok = words
        .next()
        .is_some_and(|c| c.len() == 3 && c.bytes().all(|b| b.is_ascii_digit()));
    version_ok && code_ok
}

/// Whether `line` starts an example request: a method word, then a URL (`https://...`) or,
/// when `relative` is allowed, a path (`/me/...`). Returns the method word.
pub(crate) fn example_request(line: &str, relative: bool) -> Option<&str> {
    let (word, rest) = method_word(line)?;
    let url = rest.starts_with("https://") || rest.starts_with("http://");
    (url || (relative && rest.starts_with('/'))).then_some(word)
}

/// Reads `Name: value`; the name is a header token (letters, digits, `-`, `_`).
pub(crate) fn header(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let name = name.trim();
    let token = !name.is_empty()
        && !line.starts_with([' ', '\t'])
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    token.then(|| (name.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(method: &str, path: &str) -> HttpLine {
        HttpLine {
            method: method.into(),
            path: path.into(),
        }
    }

    #[test]
    fn a_request_line_keeps_its_path_as_written() {
        assert_eq!(
            request_line("POST /users/{id | userPrincipalName}/assignLicense"),
            Ok(line(
                "POST",
                "/users/{id | userPrincipalName}/assignLicense"
            ))
        );
        assert_eq!(
            request_line("  POST /me/drive/root:/{item-path}:/workbook/worksheets/{id|name}/range(address='<address>')/merge"),
            Ok(line(
                "POST",
                "/me/drive/root:/{item-path}:/workbook/worksheets/{id|name}/range(address='<address>')/merge"
            ))
        );
    }

    #[test]
    fn a_request_line_may_carry_a_comment_after_the_path() {
        assert_eq!(
            request_line("GET /me/events/{id}   # the signed-in user"),
            Ok(line("GET", "/me/events/{id}"))
        );
    }

    #[test]
    fn a_request_line_with_a_host_loses_host_and_version() {
        assert_eq!(
            request_line("PATCH https://graph.microsoft.com/v1.0/me"),
            Ok(line("PATCH", "/me"))
        );
        assert_eq!(path_without_host("https://graph.microsoft.com/beta"), "/");
        assert_eq!(
            path_without_host("https://graph.microsoft.com/{version}/me?$x=1"),
            "/me?$x=1"
        );
        assert_eq!(
            path_without_host("https://bot.contoso.com/api/calls"),
            "/api/calls"
        );
        assert_eq!(path_without_host("https://host"), "/");
        assert_eq!(path_without_host("/betamax/x"), "/betamax/x");
    }

    #[test]
    fn an_unknown_method_is_refused_with_what_was_expected() {
        let err = request_line("FETCH /me").unwrap_err();
        assert!(err.contains("found `FETCH /me`"), "{err}");
        assert!(err.contains("GET, POST, PATCH, PUT, DELETE"), "{err}");
    }

    #[test]
    fn a_line_that_is_not_a_request_is_refused() {
        assert!(request_line("see below")
            .unwrap_err()
            .contains("METHOD /path"));
        assert!(request_line("POST")
            .unwrap_err()
            .contains("path starting with `/`"));
        assert!(request_line("POST {id}/x")
            .unwrap_err()
            .contains("path starting with `/`"));
    }

    #[test]
    fn a_path_without_its_slash_a_tilde_path_and_a_glued_method_are_read() {
        assert_eq!(
            request_line("POST policies/tokenLifetimePolicies"),
            Ok(line("POST", "/policies/tokenLifetimePolicies"))
        );
        assert_eq!(
            request_line("POST ~/onPremisesPublishingProfiles/{publishingType}/agentGroups"),
            Ok(line(
                "POST",
                "/onPremisesPublishingProfiles/{publishingType}/agentGroups"
            ))
        );
        assert_eq!(
            request_line("DELETE/identity/b2xUserFlows/{id}/$ref"),
            Ok(line("DELETE", "/identity/b2xUserFlows/{id}/$ref"))
        );
        assert!(request_line("GETTER/x").is_err());
    }

    #[test]
    fn a_placeholder_instead_of_an_address_is_refused_as_a_placeholder() {
        let err =
            request_line("GET ** Collection URI for microsoft.x.device not found").unwrap_err();
        assert!(
            err.contains("a placeholder where the page should give the address"),
            "{err}"
        );
        assert!(
            err.contains("expected a path starting with `/` after `GET`"),
            "{err}"
        );
    }

    #[test]
    fn a_request_block_may_hold_headers_and_the_word_or_between_requests() {
        assert_eq!(
            block_line("Prefer: odata.maxpagesize=2"),
            Ok(BlockLine::Header)
        );
        assert_eq!(block_line("or"), Ok(BlockLine::Connective));
        assert_eq!(
            block_line("GET /me/memberOf"),
            Ok(BlockLine::Request(line("GET", "/me/memberOf")))
        );
        assert!(block_line("see below")
            .unwrap_err()
            .contains("METHOD /path"));
        assert!(block_line("FETCH /me")
            .unwrap_err()
            .contains("one of the methods"));
    }

    #[test]
    fn a_path_glued_to_a_table_stops_at_the_pipe() {
        assert_eq!(
            split_path("/users/validatePassword| Name | Description |"),
            ("/users/validatePassword", "| Name | Description |")
        );
        assert_eq!(
            split_path("/users/{id | upn}/x| A |"),
            ("/users/{id | upn}/x", "| A |")
        );
    }

    #[test]
    fn status_lines_are_recognised() {
        assert!(is_status_line("HTTP/1.1 200 OK"));
        assert!(is_status_line("HTTP/1.1 204 No Content"));
        assert!(is_status_line("HTTP/2 202"));
        assert!(!is_status_line("HTTP/1.1 OK"));
        assert!(!is_status_line("HTTP request"));
    }

    #[test]
    fn example_requests_need_a_url_unless_relative_paths_are_allowed() {
        assert_eq!(
            example_request("POST https://graph.microsoft.com/beta/x", false),
            Some("POST")
        );
        assert_eq!(example_request("POST /users/validatePassword", false), None);
        assert_eq!(
            example_request("POST /users/validatePassword", true),
            Some("POST")
        );
        assert_eq!(example_request("Namespace: microsoft.graph", true), None);
    }

    #[test]
    fn headers_are_name_colon_value() {
        assert_eq!(
            header("Content-Type: application/json"),
            Some(("Content-Type".into(), "application/json".into()))
        );
        assert_eq!(
            header("Authorization: Bearer {token}").map(|h| h.1),
            Some("Bearer {token}".into())
        );
        assert_eq!(header("{"), None);
        assert_eq!(header("\"key\": 1"), None);
        assert_eq!(header("two words: x"), None);
    }
}
