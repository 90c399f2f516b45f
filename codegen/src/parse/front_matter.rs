//! YAML front matter of a markdown page: the flat `key: value` subset Graph pages use,
//! between a leading `---` line and the next `---` (or `...`) line.

use std::path::Path;

use super::lines::Line;
use super::page::Spanned;
use crate::diag::Diagnostic;

/// Front matter entries in page order, and the index of the first line after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatter {
    /// `(key, value)` pairs, values unquoted.
    pub entries: Vec<(String, Spanned<String>)>,
    /// Index (into the lines) of the first line after the closing `---`.
    pub end: usize,
}

/// Reads the front matter if the page starts with `---`; `Ok(None)` if it does not.
pub(crate) fn read(path: &Path, lines: &[Line<'_>]) -> Result<Option<FrontMatter>, Diagnostic> {
    let Some(first) = lines.first() else {
        return Ok(None);
    };
    if first.text.trim_end() != "---" {
        return Ok(None);
    }
    let Some(close) = lines[1..]
        .iter()
        .position(|l| matches!(l.text.trim_end(), "---" | "..."))
    else {
        return Err(Diagnostic::new(
            path,
            first.no,
            "front matter opened with `---` is never closed; expected a closing `---` line",
        ));
    };
    let mut entries: Vec<(String, Spanned<String>)> = Vec::new();
    for line in &lines[1..=close] {
        let t = line.text.trim_end();
        if t.trim().is_empty() || t.trim_start().starts_with('#') {
            continue;
        }
        let continues = t.starts_with([' ', '\t']) || t.starts_with("- ");
        if continues {
            if let Some((_, value)) = entries.last_mut() {
                if !value.value.is_empty() {
                    value.value.push(' ');
                }
                value.value.push_str(t.trim());
                continue;
            }
        }
        let Some((key, raw)) = split_key(t) else {
            return Err(Diagnostic::new(
                path,
                line.no,
                format!(
                    "found `{}` in the front matter; expected `key: value`",
                    t.trim()
                ),
            ));
        };
        let value = unquote(raw.trim()).map_err(|expected| {
            Diagnostic::new(
                path,
                line.no,
                format!(
                    "found `{}` as the value of `{key}`; expected {expected}",
                    raw.trim()
                ),
            )
        })?;
        entries.push((
            key.to_string(),
            Spanned {
                value,
                line: line.no,
            },
        ));
    }
    Ok(Some(FrontMatter {
        entries,
        end: close + 2,
    }))
}

/// Splits `key: value`; keys are letters, digits, `_`, `-` and `.`.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let colon = line.find(':')?;
    let key = &line[..colon];
    let valid = !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
    let rest = &line[colon + 1..];
    (valid && (rest.is_empty() || rest.starts_with([' ', '\t']))).then_some((key, rest))
}

/// Removes YAML quoting: `"a \"b\""`, `'it''s'`, or a plain value with an optional
/// ` # comment`. The error names what was expected.
fn unquote(raw: &str) -> Result<String, &'static str> {
    if let Some(body) = raw.strip_prefix('"') {
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Ok(out),
                '\\' => match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => break,
                },
                _ => out.push(c),
            }
        }
        Err("a closing `\"`")
    } else if let Some(body) = raw.strip_prefix('\'') {
        let mut out = String::with_capacity(body.len());
        let mut chars = body.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '\'' {
                if chars.peek() == Some(&'\'') {
                    chars.next();
                    out.push('\'');
                } else {
                    return Ok(out);
                }
            } else {
                out.push(c);
            }
        }
        Err("a closing `'`")
    } else {
        let plain = match raw.find(" #") {
            Some(k) => &raw[..k],
            None => raw,
        };
        Ok(plain.trim().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split;

    fn read_str(text: &str) -> Result<Option<FrontMatter>, Diagnostic> {
        read(Path::new("p.md"), &split(text))
    }

    #[test]
    fn front_matter_keys_keep_page_order_and_lose_their_quotes() {
        let fm = read_str("---\ntitle: \"user: changePassword\"\nms.date: 08/16/2024\nauthor: 'o''brien'\n---\n# x")
            .unwrap()
            .unwrap();
        let got: Vec<_> = fm
            .entries
            .iter()
            .map(|(k, v)| (k.as_str(), v.value.as_str(), v.line))
            .collect();
        assert_eq!(
            got,
            vec![
                ("title", "user: changePassword", 2),
                ("ms.date", "08/16/2024", 3),
                ("author", "o'brien", 4)
            ]
        );
        assert_eq!(fm.end, 5);
    }

    #[test]
    fn escaped_quotes_comments_blank_lines_and_continuations_are_handled() {
        let fm = read_str("---\ndescription: \"say \\\"hi\\\"\"\n\n# note\nkeywords: a # trailing\nlong: first\n  second\n---")
            .unwrap()
            .unwrap();
        let values: Vec<_> = fm.entries.iter().map(|(_, v)| v.value.as_str()).collect();
        assert_eq!(values, vec!["say \"hi\"", "a", "first second"]);
    }

    #[test]
    fn a_page_without_front_matter_has_none() {
        assert_eq!(read_str("# Title\n---\n").unwrap(), None);
        assert_eq!(read_str("").unwrap(), None);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_its_opening_line() {
        let err = read_str("---\ntitle: x\n# Title\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.contains("never closed"), "{err}");
    }

    #[test]
    fn a_line_that_is_not_key_value_is_an_error_at_its_line() {
        let err = read_str("---\ntitle: x\nnot a key\n---\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("expected `key: value`"), "{err}");
    }

    #[test]
    fn an_unterminated_quoted_value_is_an_error() {
        let err = read_str("---\ntitle: \"open\n---\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("closing `\"`"), "{err}");
    }
}
