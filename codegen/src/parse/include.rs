//! `[!INCLUDE [name](path)]` (markdown) and `[!INCLUDE name]` (rendered) lines. Only the
//! beta disclaimer matters to the reader; the others are dropped.

/// What a line's includes said.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Includes {
    /// One of them is the beta disclaimer.
    pub beta: bool,
    /// How many there were.
    pub count: usize,
}

/// The include name `beta-disclaimer` marks a beta page.
const BETA: &str = "beta-disclaimer";

/// Removes every `[!INCLUDE ...]` from `t`; returns the text left (trimmed) and what the
/// includes were.
pub(crate) fn strip(t: &str) -> (String, Includes) {
    let mut left = String::new();
    let mut found = Includes::default();
    let mut rest = t;
    while let Some(start) = rest.find("[!INCLUDE") {
        let Some(len) = bracket_len(&rest[start..]) else {
            break;
        };
        let token = &rest[start..start + len];
        found.count += 1;
        found.beta |= name(token) == BETA;
        left.push_str(&rest[..start]);
        left.push(' ');
        rest = &rest[start + len..];
    }
    left.push_str(rest);
    (left.trim().to_string(), found)
}

/// `Some` if `t` is nothing but includes.
pub(crate) fn only_includes(t: &str) -> Option<Includes> {
    if !t.starts_with("[!INCLUDE") {
        return None;
    }
    let (left, found) = strip(t);
    (left.is_empty() && found.count > 0).then_some(found)
}

/// Length of the balanced `[...]` at the start of `s`.
fn bracket_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (k, b) in s.bytes().enumerate() {
        match b {
            b'[' => depth += 1,
            b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some(k + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The include's name: `[!INCLUDE [beta-disclaimer](x.md)]` and `[!INCLUDE beta-disclaimer]`
/// both give `beta-disclaimer`.
fn name(token: &str) -> &str {
    let inner = token.trim_start_matches("[!INCLUDE").trim_start();
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    let end = inner.find([']', '(', ' ', '\t']).unwrap_or(inner.len());
    &inner[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_beta_disclaimer_is_found_in_both_forms() {
        let md = only_includes("[!INCLUDE [beta-disclaimer](../../includes/beta-disclaimer.md)]");
        assert_eq!(
            md,
            Some(Includes {
                beta: true,
                count: 1
            })
        );
        assert_eq!(
            only_includes("[!INCLUDE beta-disclaimer]").map(|i| i.beta),
            Some(true)
        );
    }

    #[test]
    fn other_includes_are_dropped_and_not_beta() {
        let found = only_includes("[!INCLUDE sample-code] [!INCLUDE sdk-documentation]");
        assert_eq!(
            found,
            Some(Includes {
                beta: false,
                count: 2
            })
        );
        assert_eq!(
            only_includes("[!INCLUDE [beta-disclaimer-x](x.md)]").map(|i| i.beta),
            Some(false)
        );
    }

    #[test]
    fn text_around_includes_is_kept() {
        let (left, found) = strip("Before [!INCLUDE [a](b.md)] after");
        assert_eq!(left, "Before   after");
        assert_eq!(found.count, 1);
        assert_eq!(only_includes("Before [!INCLUDE a]"), None);
    }

    #[test]
    fn an_unclosed_include_is_left_as_text() {
        let (left, found) = strip("[!INCLUDE [beta-disclaimer](x.md)");
        assert_eq!(left, "[!INCLUDE [beta-disclaimer](x.md)");
        assert_eq!(found.count, 0);
        assert_eq!(only_includes("[!INCLUDE [beta"), None);
    }
}
