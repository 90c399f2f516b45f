//! Doc text from pages, made safe for rustdoc: no accidental links, HTML tags or bare
//! URLs; and the phrases the emitter adds (versions, statuses).

use crate::ir::{Response, Version};

/// Escapes page text for a doc comment: brackets and angle brackets are escaped, URLs are
/// wrapped in `<...>`.
pub fn text(s: &str) -> String {
    let mut out = Vec::new();
    for word in s.split_whitespace() {
        if word.starts_with("http://") || word.starts_with("https://") {
            let url = word.trim_end_matches(['.', ',', ')', ';']);
            let rest = word.get(url.len()..).unwrap_or("");
            out.push(format!("<{url}>{rest}"));
            continue;
        }
        let mut w = String::new();
        for c in word.chars() {
            if matches!(c, '[' | ']' | '<' | '>' | '*' | '_' | '`' | '\\' | '#') {
                w.push('\\');
            }
            w.push(c);
        }
        out.push(w);
    }
    out.join(" ")
}

/// A name from a page as inline code (`` `licenseAssignmentState` ``) when it is a plain
/// name (letters, digits, `.`, `_`); anything else is escaped as [`text`].
pub fn code(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
    if plain {
        format!("`{name}`")
    } else {
        text(name)
    }
}

/// `v1.0` or `beta`.
pub fn version(v: Version) -> &'static str {
    match v {
        Version::V1 => "v1.0",
        Version::Beta => "beta",
    }
}

/// `204 No Content`, `200 OK`, ...
pub fn status(code: u16) -> String {
    let reason = match code {
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        _ => "",
    };
    if reason.is_empty() {
        code.to_string()
    } else {
        format!("{code} {reason}")
    }
}

/// The status of a response.
pub fn response_status(r: &Response) -> u16 {
    match r {
        Response::Unit { status }
        | Response::Model { status, .. }
        | Response::Value { status, .. }
        | Response::Collection { status, .. } => *status,
    }
}

/// The beta warning every beta item carries.
pub const BETA: &str = "**Beta:** APIs under `/beta` are subject to change and are not \
                        supported for production use.";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_text_cannot_become_links_or_html() {
        assert_eq!(text("see [x] <b>"), "see \\[x\\] \\<b\\>");
        assert_eq!(text("at https://example.com."), "at <https://example.com>.");
    }

    #[test]
    fn a_plain_name_is_inline_code_and_anything_else_is_escaped_text() {
        assert_eq!(code("microsoft.graph.x_y"), "`microsoft.graph.x_y`");
        assert_eq!(code("a `b` <c>"), "a \\`b\\` \\<c\\>");
        assert_eq!(code(""), "");
    }
}
