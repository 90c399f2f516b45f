//! The shape of a JSON example as the docs write it: the kind of value each member of an
//! object's first level holds (a boolean, a number with a fraction, an array of objects).
//! Not a JSON parser: it reads just far enough to tell the kinds apart, and stops without
//! an error where the text stops being JSON (the docs cut long examples with `...`), so a
//! member after that point is not seen.

/// What kind of value a member holds, from its first character (and, for a number,
/// whether it has a fraction or an exponent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// `{ ... }`.
    Object,
    /// `[ ... ]`, with the kind of its first item (`None` when empty or unreadable).
    Array(Option<Box<Kind>>),
    /// `"..."`.
    String,
    /// `true` or `false`.
    Bool,
    /// A number without a fraction or an exponent (`255`).
    Integer,
    /// A number with a fraction or an exponent (`1024.13`).
    Fraction,
    /// `null`.
    Null,
}

/// The members of the JSON object `json` (its first level), in order, each with the kind
/// of its value. Not an object: none. Reading stops at the first thing that is not JSON.
pub fn members(json: &str) -> Vec<(String, Kind)> {
    let b = json.as_bytes();
    let mut out = Vec::new();
    let mut i = skip_ws(b, 0);
    if b.get(i) != Some(&b'{') {
        return out;
    }
    i += 1;
    loop {
        i = skip_ws(b, i);
        if b.get(i) != Some(&b'"') {
            return out;
        }
        let Some(end) = string_end(b, i) else {
            return out;
        };
        let name = json.get(i + 1..end - 1).unwrap_or_default().to_owned();
        i = skip_ws(b, end);
        if b.get(i) != Some(&b':') {
            return out;
        }
        i = skip_ws(b, i + 1);
        let Some(kind) = kind_at(b, i) else {
            return out;
        };
        out.push((name, kind));
        let Some(after) = value_end(b, i) else {
            return out;
        };
        i = skip_ws(b, after);
        match b.get(i) {
            Some(b',') => i += 1,
            _ => return out,
        }
    }
}

/// The kind of the value starting at `i`.
fn kind_at(b: &[u8], i: usize) -> Option<Kind> {
    let rest = b.get(i..)?;
    Some(match rest.first()? {
        b'{' => Kind::Object,
        b'[' => {
            let first = skip_ws(b, i + 1);
            Kind::Array(kind_at(b, first).map(Box::new))
        }
        b'"' => Kind::String,
        b't' if rest.starts_with(b"true") => Kind::Bool,
        b'f' if rest.starts_with(b"false") => Kind::Bool,
        b'n' if rest.starts_with(b"null") => Kind::Null,
        b'-' | b'0'..=b'9' => {
            let number = rest.iter().take_while(|c| {
                c.is_ascii_digit() || matches!(c, b'-' | b'+' | b'.' | b'e' | b'E')
            });
            if number.clone().any(|c| matches!(c, b'.' | b'e' | b'E')) {
                Kind::Fraction
            } else {
                Kind::Integer
            }
        }
        _ => return None,
    })
}

/// The index just past the string that opens at `i` (a `"`), escapes included.
fn string_end(b: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    while let Some(&c) = b.get(j) {
        match c {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// The index just past the value that starts at `i`: a string, a nested object or array
/// (to its matching close), or a bare word or number (to the next `,`, `}`, `]` or space).
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            while let Some(&c) = b.get(j) {
                match c {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            None
        }
        _ => {
            let len = b
                .get(i..)?
                .iter()
                .take_while(|c| !matches!(c, b',' | b'}' | b']') && !c.is_ascii_whitespace())
                .count();
            Some(i + len)
        }
    }
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while b.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_first_level_member_has_the_kind_of_its_value() {
        let json = r#"{
  "allowMultipleLines": true, "note": "a \"quoted\" } text",
  "nested": {"flag": false, "list": [1, {"x": "]"}]},
  "maxLength": 255, "maxScore": 1024.13, "big": 1e3, "gone": null,
  "value": [ {"id": "1"} ], "empty": [], "names": ["a"]
}"#;
        let got = members(json);
        let kinds: Vec<(&str, &Kind)> = got.iter().map(|(n, k)| (n.as_str(), k)).collect();
        assert_eq!(
            kinds,
            vec![
                ("allowMultipleLines", &Kind::Bool),
                ("note", &Kind::String),
                ("nested", &Kind::Object),
                ("maxLength", &Kind::Integer),
                ("maxScore", &Kind::Fraction),
                ("big", &Kind::Fraction),
                ("gone", &Kind::Null),
                ("value", &Kind::Array(Some(Box::new(Kind::Object)))),
                ("empty", &Kind::Array(None)),
                ("names", &Kind::Array(Some(Box::new(Kind::String)))),
            ]
        );
    }

    #[test]
    fn reading_stops_where_the_text_stops_being_json() {
        let got = members(r#"{"a": true, ... , "b": false}"#);
        assert_eq!(got, vec![("a".to_owned(), Kind::Bool)]);
        assert!(members("[1, 2]").is_empty());
        assert!(members("not json").is_empty());
        assert!(members(r#"{"a": {"never": "closed""#).len() == 1);
        assert!(members(r#"{"unterminated"#).is_empty());
    }
}
