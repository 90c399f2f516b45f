//! Example requests and responses: a request or status line, headers, then an optional
//! JSON body. In markdown the block is a fence; in rendered text it runs until the body's
//! matching close, and text after that close on the same line is handed back.

use std::path::Path;

use super::http;
use super::json_extent;
use super::lines::Line;
use super::page::{Example, ExampleKind, Spanned};
use crate::diag::Diagnostic;

/// What bounds an example block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// The lines are a fence's content: the block ends with them, and a body that never
    /// closes runs to the fence's end.
    Fence,
    /// Rendered text: headers run while lines are headers, the body ends at its matching
    /// close, and a body that never closes is an error.
    Open,
}

/// An example and where reading continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ExampleRead<'a> {
    /// The example.
    pub example: Example,
    /// Index of the first line not used.
    pub next: usize,
    /// Text after the body's close on its last line (`[!INCLUDE sample-code]`), if any.
    pub rest: Option<Line<'a>>,
}

/// Words that, followed by a colon, open prose in rendered text rather than a header.
const PROSE_LABELS: [&str; 11] = [
    "Note",
    "Notes",
    "Important",
    "Tip",
    "Warning",
    "Caution",
    "Namespace",
    "Example",
    "Examples",
    "Request",
    "Response",
];

/// Reads the example whose request or status line is `first`; `lines` are the lines after
/// it, and [`ExampleRead::next`] indexes into them.
pub(crate) fn read<'a>(
    path: &Path,
    first: Line<'a>,
    lines: &[Line<'a>],
    kind: ExampleKind,
    bound: Bound,
    annotation: Option<String>,
) -> Result<ExampleRead<'a>, Diagnostic> {
    let mut example = Example {
        kind,
        line: first.no,
        start: first.text.trim().to_string(),
        headers: Vec::new(),
        body: None,
        annotation,
    };
    let mut idx = 0;
    while let Some(line) = lines.get(idx) {
        let Some((name, value)) = http::header(line.text) else {
            break;
        };
        if bound == Bound::Open && PROSE_LABELS.contains(&name.as_str()) {
            break;
        }
        example.headers.push((name, value));
        idx += 1;
    }
    if bound == Bound::Fence {
        while lines.get(idx).is_some_and(|l| l.text.trim().is_empty()) {
            idx += 1;
        }
    }
    let Some(open) = lines.get(idx) else {
        return Ok(ExampleRead {
            example,
            next: idx,
            rest: None,
        });
    };
    let trimmed = open.text.trim_start();
    if !trimmed.starts_with(['{', '[']) {
        let next = if bound == Bound::Fence {
            lines.len()
        } else {
            idx
        };
        return Ok(ExampleRead {
            example,
            next,
            rest: None,
        });
    }
    let col = open.text.len() - trimmed.len();
    match json_extent::find_close(lines, idx, col) {
        Some((end, end_col)) => {
            example.body = Some(Spanned {
                value: json_extent::slice(lines, idx, col, end, end_col),
                line: open.no,
            });
            let rest = lines
                .get(end)
                .and_then(|l| l.text.get(end_col..).map(|text| Line { no: l.no, text }))
                .filter(|l| !l.text.trim().is_empty());
            let next = if bound == Bound::Fence {
                lines.len()
            } else {
                end + 1
            };
            Ok(ExampleRead {
                example,
                next,
                rest: if bound == Bound::Fence { None } else { rest },
            })
        }
        None if bound == Bound::Fence => {
            let last = lines.len().saturating_sub(1);
            let end_col = lines.get(last).map_or(0, |l| l.text.trim_end().len());
            example.body = Some(Spanned {
                value: json_extent::slice(lines, idx, col, last, end_col),
                line: open.no,
            });
            Ok(ExampleRead {
                example,
                next: lines.len(),
                rest: None,
            })
        }
        None => {
            let opener = &trimmed[..1];
            let closer = if opener == "{" { "}" } else { "]" };
            Err(Diagnostic::new(
                path,
                open.no,
                format!(
                    "found a JSON body opened with `{opener}` that never closes; \
                     expected a matching `{closer}` before the end of the page"
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::lines::split;

    fn p() -> &'static Path {
        Path::new("page.md")
    }

    #[test]
    fn a_fenced_request_has_headers_a_blank_line_and_a_body() {
        let lines = split("POST https://graph.microsoft.com/v1.0/me/changePassword\nContent-type: application/json\n\n{\n  \"a\": 1\n}");
        let read = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Request,
            Bound::Fence,
            None,
        )
        .unwrap();
        let ex = read.example;
        assert_eq!(
            ex.start,
            "POST https://graph.microsoft.com/v1.0/me/changePassword"
        );
        assert_eq!(
            ex.headers,
            vec![("Content-type".into(), "application/json".into())]
        );
        assert_eq!(
            ex.body,
            Some(Spanned {
                value: "{\n  \"a\": 1\n}".into(),
                line: 4
            })
        );
        assert_eq!(read.next, lines.len() - 1);
    }

    #[test]
    fn a_body_right_after_the_headers_without_a_blank_line_is_read() {
        let lines = split("PUT https://x/beta/a\nAuthorization: Bearer {Token}\n{\"b\": 2}");
        let ex = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Request,
            Bound::Fence,
            None,
        )
        .unwrap()
        .example;
        assert_eq!(ex.body.map(|b| b.value), Some("{\"b\": 2}".into()));
    }

    #[test]
    fn a_response_without_a_body_has_none() {
        let lines = split("HTTP/1.1 204 No Content");
        let ex = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Response,
            Bound::Fence,
            None,
        )
        .unwrap()
        .example;
        assert_eq!(ex.kind, ExampleKind::Response);
        assert_eq!(ex.body, None);
        assert!(ex.headers.is_empty());
    }

    #[test]
    fn a_non_json_body_is_not_taken_for_json() {
        let lines = split("POST https://x/v1.0/pages\nContent-Type: text/html\n\n<html></html>");
        let ex = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Request,
            Bound::Fence,
            None,
        )
        .unwrap()
        .example;
        assert_eq!(ex.body, None);
        assert_eq!(ex.headers.len(), 1);
    }

    #[test]
    fn a_fenced_body_that_never_closes_runs_to_the_fence_end() {
        let lines = split("HTTP/1.1 200 OK\n\n{\n  \"value\": [\n    {\"id\": 1},  ");
        let ex = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Response,
            Bound::Fence,
            None,
        )
        .unwrap()
        .example;
        assert_eq!(
            ex.body.map(|b| b.value),
            Some("{\n  \"value\": [\n    {\"id\": 1},".into())
        );
    }

    #[test]
    fn a_rendered_body_hands_back_the_text_after_its_close() {
        let lines = split("POST https://graph.microsoft.com/beta/users/validatePassword\nContent-Type: application/json\n{\n\"password\": \"1\"\n}[!INCLUDE sample-code] x\nnext");
        let read = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Request,
            Bound::Open,
            None,
        )
        .unwrap();
        assert_eq!(
            read.example.body,
            Some(Spanned {
                value: "{\n\"password\": \"1\"\n}".into(),
                line: 3
            })
        );
        assert_eq!(
            read.rest,
            Some(Line {
                no: 5,
                text: "[!INCLUDE sample-code] x"
            })
        );
        assert_eq!(read.next, 4);
    }

    #[test]
    fn rendered_headers_stop_at_prose_that_looks_like_a_header() {
        let lines = split("HTTP/1.1 204 No Content\nNote: this is prose.");
        let read = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Response,
            Bound::Open,
            None,
        )
        .unwrap();
        assert!(read.example.headers.is_empty());
        assert_eq!(read.next, 0);
    }

    #[test]
    fn a_rendered_body_that_never_closes_is_an_error_at_its_opening_line() {
        let lines = split("HTTP/1.1 200 OK\nContent-Type: application/json\n{\n\"a\": [1");
        let err = read(
            p(),
            lines[0],
            &lines[1..],
            ExampleKind::Response,
            Bound::Open,
            None,
        )
        .unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.message.contains("never closes"), "{err}");
        assert!(err.message.contains("matching `}`"), "{err}");
    }
}
