//! Rust names from documentation names: deterministic, and never a bare keyword.

/// Splits a documentation name into lower-case words: on any character that is not a
/// letter or digit, between a lower-case letter or digit and an upper-case letter, and
/// before the last capital of an acronym followed by lower case (`HTTPServer` ->
/// `http`, `server`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = if i > 0 {
            chars.get(i - 1).copied()
        } else {
            None
        };
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && match prev {
                Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
                _ => false,
            };
        if boundary && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// `changePassword` -> `change_password`; keywords become raw identifiers (`r#type`), and
/// the few that cannot be raw (`self`, `crate`, ...) get a trailing underscore.
pub fn snake_case(name: &str) -> String {
    let joined = words(name).join("_");
    let base = if joined.is_empty() {
        "value".to_owned()
    } else if joined.starts_with(|c: char| c.is_ascii_digit()) {
        format!("n{joined}")
    } else {
        joined
    };
    escape_keyword(base)
}

/// Like [`snake_case`], but a keyword gets a trailing underscore instead of `r#`, for names
/// that end up inside format strings (path parameters), where raw identifiers are refused.
pub fn plain_snake_case(name: &str) -> String {
    let s = snake_case(name);
    match s.strip_prefix("r#") {
        Some(bare) => format!("{bare}_"),
        None => s,
    }
}

/// `passwordValidationInformation` -> `PasswordValidationInformation`.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::new();
    for w in words(name) {
        let mut cs = w.chars();
        if let Some(first) = cs.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(cs);
        }
    }
    if out.is_empty() {
        return "Value".to_owned();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'N');
    }
    if out == "Self" {
        // `Self` is a keyword (not even `r#Self` is allowed); `Self_` would warn
        // downstream (non_camel_case_types).
        out.push_str("Value");
    }
    out
}

/// A Rust name without its `r#` prefix: `r#move` -> `move`.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// `change_password` -> `CHANGE_PASSWORD`.
pub fn screaming_case(name: &str) -> String {
    let s = name.strip_prefix("r#").unwrap_or(name);
    s.to_ascii_uppercase()
}

const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

const NOT_RAW: &[&str] = &["self", "super", "crate", "_"];

fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camel_case_names_become_snake_case() {
        assert_eq!(snake_case("changePassword"), "change_password");
        assert_eq!(snake_case("isValid"), "is_valid");
        assert_eq!(snake_case("@odata.type"), "odata_type");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("externalID"), "external_id");
        assert_eq!(snake_case("site-id"), "site_id");
        assert_eq!(snake_case("sha256Hash"), "sha256_hash");
    }

    #[test]
    fn keywords_become_raw_identifiers_or_get_an_underscore() {
        assert_eq!(snake_case("type"), "r#type");
        assert_eq!(snake_case("self"), "self_");
        assert_eq!(plain_snake_case("type"), "type_");
        assert_eq!(snake_case("3dModel"), "n3d_model");
    }

    #[test]
    fn type_names_become_pascal_case() {
        assert_eq!(
            pascal_case("passwordValidationInformation"),
            "PasswordValidationInformation"
        );
        assert_eq!(pascal_case("me"), "Me");
        assert_eq!(pascal_case("identityGovernance"), "IdentityGovernance");
        assert_eq!(pascal_case("self"), "SelfValue");
        assert_eq!(pascal_case(""), "Value");
    }

    #[test]
    fn constants_are_screaming_snake_case() {
        assert_eq!(screaming_case("change_password"), "CHANGE_PASSWORD");
        assert_eq!(screaming_case("r#type"), "TYPE");
    }
}
