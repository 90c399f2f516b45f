//! Where a JSON body ends: from its opening `{` or `[` to the matching close, across lines,
//! minding strings and escapes. Values are not checked (doc bodies often hold `...` or
//! trailing commas); only the extent matters.

use super::lines::Line;

/// The position just after the close that matches the opener at `lines[start]`, byte
/// `col`: `(line index, byte offset in that line)`. `None` if it never closes.
pub(crate) fn find_close(lines: &[Line<'_>], start: usize, col: usize) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (idx, line) in lines.iter().enumerate().skip(start) {
        let from = if idx == start { col } else { 0 };
        let text = line.text.get(from..)?;
        for (k, b) in text.bytes().enumerate() {
            if in_string {
                match b {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some((idx, from + k + 1));
                    }
                }
                _ => {}
            }
        }
        // A string never spans lines in these bodies; a stray quote must not swallow the rest.
        in_string = false;
        escaped = false;
    }
    None
}

/// The text from `lines[start]` byte `col` to `lines[end]` byte `end_col`, lines joined with
/// `\n`.
pub(crate) fn slice(
    lines: &[Line<'_>],
    start: usize,
    col: usize,
    end: usize,
    end_col: usize,
) -> String {
    let mut out = String::new();
    for (idx, line) in lines.iter().enumerate().take(end + 1).skip(start) {
        let from = if idx == start { col } else { 0 };
        let to = if idx == end { end_col } else { line.text.len() };
        if idx > start {
            out.push('\n');
        }
        out.push_str(line.text.get(from..to).unwrap_or_default());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split;

    #[test]
    fn a_body_closes_at_its_matching_brace_even_with_text_after_it() {
        let lines = split("{\n\"a\": {\"b\": [1, 2]}\n}[!INCLUDE sample-code] rest");
        assert_eq!(find_close(&lines, 0, 0), Some((2, 1)));
        assert_eq!(slice(&lines, 0, 0, 2, 1), "{\n\"a\": {\"b\": [1, 2]}\n}");
    }

    #[test]
    fn braces_inside_strings_and_escaped_quotes_do_not_count() {
        let lines = split(r#"{"a": "}{ \" ]", "b": "x"} tail"#);
        assert_eq!(find_close(&lines, 0, 0), Some((0, 26)));
    }

    #[test]
    fn an_array_body_closes_at_its_bracket() {
        let lines = split("  [\n {\"x\": 1}\n ]");
        assert_eq!(find_close(&lines, 0, 2), Some((2, 2)));
    }

    #[test]
    fn a_body_that_never_closes_has_no_end() {
        let lines = split("{\n\"a\": [1,\n");
        assert_eq!(find_close(&lines, 0, 0), None);
    }

    #[test]
    fn an_unclosed_string_does_not_run_past_its_line() {
        let lines = split("{\n\"a\": \"oops\n}");
        assert_eq!(find_close(&lines, 0, 0), Some((2, 1)));
    }

    #[test]
    fn a_column_past_the_line_is_not_a_panic() {
        let lines = split("{");
        assert_eq!(find_close(&lines, 0, 5), None);
        assert_eq!(find_close(&lines, 3, 0), None);
    }
}
