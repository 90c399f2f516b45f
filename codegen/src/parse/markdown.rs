//! The markdown source form: YAML front matter, headings, prose, lists, pipe tables,
//! fenced blocks (request lines and examples) and `<!-- { ... } -->` annotations.

use std::path::Path;

use super::example::{self, Bound};
use super::front_matter;
use super::http;
use super::include;
use super::inline;
use super::lines::{self, Line};
use super::page::{DocPage, ExampleKind, Heading, PageForm, Paragraph, Spanned};
use super::table::{self, RowRule};
use crate::diag::Diagnostic;

/// Reads a markdown page.
pub(crate) fn read(path: &Path, text: &str) -> Result<DocPage, Diagnostic> {
    let lines = lines::split(text);
    let (front_matter, start) = match front_matter::read(path, &lines)? {
        Some(fm) => (fm.entries, fm.end),
        None => (Vec::new(), 0),
    };
    let mut reader = Reader {
        path,
        page: DocPage {
            front_matter,
            ..DocPage::empty(path, PageForm::Markdown)
        },
        section: None,
        in_http_section: false,
        http_parent: false,
        in_examples: false,
        annotation: None,
        building: None,
    };
    let mut i = start;
    while i < lines.len() {
        i = reader.line(&lines, i)?;
    }
    reader.finish_block();
    let mut page = reader.page;
    page.title_from_front_matter();
    Ok(page)
}

/// A paragraph or list item being collected.
struct Building {
    list: bool,
    raw: String,
    line: usize,
}

struct Reader<'p> {
    path: &'p Path,
    page: DocPage,
    /// The nearest level 2 or 3 heading.
    section: Option<String>,
    /// Whether request lines are read here: under an "HTTP request" heading of level 2, or
    /// of level 3 outside the examples, and the sub-headings of the level 2 one.
    in_http_section: bool,
    /// Whether the level 2 heading above is "HTTP request".
    http_parent: bool,
    /// Whether the level 2 heading above is "Example" or "Examples".
    in_examples: bool,
    /// The last annotation, waiting for its fenced block.
    annotation: Option<String>,
    building: Option<Building>,
}

/// An opening fence: its indentation, marker character and length.
struct Fence {
    indent: usize,
    marker: u8,
    len: usize,
    info: String,
}

impl Reader<'_> {
    /// Reads the construct starting at `lines[i]`; returns the index after it.
    fn line(&mut self, lines: &[Line<'_>], i: usize) -> Result<usize, Diagnostic> {
        let Some(&line) = lines.get(i) else {
            return Ok(i + 1);
        };
        if let Some(fence) = fence_open(line.text) {
            self.finish_block();
            return self.fence(lines, i, &fence);
        }
        let content = strip_quote(line.text.trim());
        if content.is_empty() {
            self.finish_block();
            return Ok(i + 1);
        }
        if content.starts_with("<!--") {
            self.finish_block();
            return self.comment(lines, i);
        }
        if let Some((level, text)) = heading(content) {
            self.finish_block();
            if !is_tab_heading(text) && !text.is_empty() {
                self.annotation = None;
                self.heading(level, text, line.no);
            }
            return Ok(i + 1);
        }
        if let Some(includes) = include::only_includes(content) {
            self.finish_block();
            self.annotation = None;
            if includes.beta && self.page.beta_marker.is_none() {
                self.page.beta_marker = Some(line.no);
            }
            return Ok(i + 1);
        }
        if table::has_pipe(content) {
            let header = Line {
                no: line.no,
                text: content,
            };
            let rest = lines.get(i + 1..).unwrap_or_default();
            if let Some((table, used)) =
                table::read_table(header, rest, self.section.as_deref(), RowRule::AnyPipe)
            {
                self.finish_block();
                self.annotation = None;
                self.page.tables.push(table);
                return Ok(i + 1 + used);
            }
        }
        if is_rule(content) || is_callout_marker(content) {
            self.finish_block();
            return Ok(i + 1);
        }
        self.annotation = None;
        if let Some(item) = list_item(content) {
            self.finish_block();
            self.building = Some(Building {
                list: true,
                raw: item.to_string(),
                line: line.no,
            });
        } else if is_numbered_item(content) {
            self.finish_block();
            self.building = Some(Building {
                list: false,
                raw: content.to_string(),
                line: line.no,
            });
        } else if let Some(b) = self.building.as_mut() {
            b.raw.push(' ');
            b.raw.push_str(content);
        } else {
            self.building = Some(Building {
                list: false,
                raw: content.to_string(),
                line: line.no,
            });
        }
        Ok(i + 1)
    }

    fn heading(&mut self, level: u8, raw: &str, line: usize) {
        let text = inline::to_text(raw).text;
        if level == 1 {
            if self.page.title.is_none() {
                self.page.title = Some(Spanned {
                    value: text.clone(),
                    line,
                });
            }
            self.section = None;
            self.in_http_section = false;
            self.http_parent = false;
            self.in_examples = false;
        } else if level == 2 {
            self.in_http_section = is_http_request_heading(&text);
            self.http_parent = self.in_http_section;
            self.in_examples = text.to_ascii_lowercase().starts_with("example");
            self.section = Some(text.clone());
        } else if level == 3 {
            // Under `## HTTP request`, sub-headings (`### Get the photo`) keep the section;
            // `### HTTP request` under `## Example` heads an example request, not a template.
            self.in_http_section =
                self.http_parent || (is_http_request_heading(&text) && !self.in_examples);
            self.section = Some(text.clone());
        }
        self.page.headings.push(Heading { level, text, line });
    }

    fn finish_block(&mut self) {
        let Some(b) = self.building.take() else {
            return;
        };
        let text = inline::to_text(&b.raw).text;
        if text.is_empty() {
            return;
        }
        let paragraph = Paragraph {
            text,
            line: b.line,
            section: self.section.clone(),
        };
        if b.list {
            self.page.list_items.push(paragraph);
        } else {
            self.page.paragraphs.push(paragraph);
        }
    }

    /// A comment: an annotation if its content is `{ ... }`, otherwise skipped.
    fn comment(&mut self, lines: &[Line<'_>], i: usize) -> Result<usize, Diagnostic> {
        let Some(first) = lines.get(i) else {
            return Ok(i + 1);
        };
        let mut inner = String::new();
        for (k, line) in lines.iter().enumerate().skip(i) {
            let mut text = line.text.trim();
            if k == i {
                let open = text.find("<!--").map_or(0, |p| p + 4);
                text = &text[open..];
            }
            if let Some(close) = text.find("-->") {
                push_joined(&mut inner, &text[..close]);
                if let Some(annotation) = annotation_text(&inner) {
                    self.page.annotations.push(Spanned {
                        value: annotation.clone(),
                        line: first.no,
                    });
                    self.annotation = Some(annotation);
                }
                return Ok(k + 1);
            }
            push_joined(&mut inner, text);
        }
        // Real pages end with a truncated page annotation; an unclosed comment that hides
        // no heading or fence is tolerated as running to the end. One that would swallow
        // page structure is an error.
        let hides_structure = lines.iter().skip(i + 1).any(|l| {
            let t = l.text.trim_start();
            heading(t).is_some() || fence_open(l.text).is_some()
        });
        if hides_structure {
            return Err(Diagnostic::new(
                self.path,
                first.no,
                "found a comment `<!--` that is never closed; expected `-->`",
            ));
        }
        Ok(lines.len())
    }

    /// A fenced block: request lines in the "HTTP request" section, examples elsewhere.
    fn fence(&mut self, lines: &[Line<'_>], i: usize, fence: &Fence) -> Result<usize, Diagnostic> {
        let annotation = self.annotation.take();
        let Some(opener) = lines.get(i) else {
            return Ok(i + 1);
        };
        let rest = lines.get(i + 1..).unwrap_or_default();
        let Some(close) = rest.iter().position(|l| fence_closes(l.text, fence)) else {
            let marker = if fence.marker == b'`' { "```" } else { "~~~" };
            return Err(Diagnostic::new(
                self.path,
                opener.no,
                format!("found a code fence `{marker}` that is never closed; expected a closing `{marker}` line"),
            ));
        };
        let content: Vec<Line<'_>> = rest[..close]
            .iter()
            .map(|l| Line {
                no: l.no,
                text: dedent(l.text, fence.indent),
            })
            .collect();
        let next = i + 1 + close + 1;
        if fence.info == "json" {
            let resource = annotation
                .as_deref()
                .is_some_and(|a| a.replace(' ', "").contains("\"blockType\":\"resource\""));
            if resource && self.page.representation.is_none() {
                let text: Vec<&str> = content.iter().map(|l| l.text).collect();
                self.page.representation = Some(Spanned {
                    value: text.join("\n"),
                    line: content.first().map_or(opener.no, |l| l.no),
                });
            }
            return Ok(next);
        }
        if self.in_http_section {
            for line in content.iter().filter(|l| !l.text.trim().is_empty()) {
                let read = http::block_line(line.text)
                    .map_err(|message| Diagnostic::new(self.path, line.no, message))?;
                let http::BlockLine::Request(request) = read else {
                    continue;
                };
                self.page.http_requests.push(Spanned {
                    value: request,
                    line: line.no,
                });
            }
            return Ok(next);
        }
        let Some(start) = content.iter().position(|l| !l.text.trim().is_empty()) else {
            return Ok(next);
        };
        let first = content[start].text.trim();
        let kind = if http::is_status_line(first) {
            ExampleKind::Response
        } else if let Some(method) = http::example_request(first, true) {
            if !http::is_method(method) {
                return Err(Diagnostic::new(
                    self.path,
                    content[start].no,
                    format!(
                        "found `{first}`; expected an example request with one of the methods {}",
                        http::METHODS.join(", ")
                    ),
                ));
            }
            ExampleKind::Request
        } else {
            return Ok(next);
        };
        let after = content.get(start + 1..).unwrap_or_default();
        let read = example::read(
            self.path,
            content[start],
            after,
            kind,
            Bound::Fence,
            annotation,
        )?;
        self.page.examples.push(read.example);
        Ok(next)
    }
}

/// `HTTP request` (any case), the heading of the request lines.
fn is_http_request_heading(text: &str) -> bool {
    text.to_ascii_lowercase().starts_with("http request")
}

/// Appends a trimmed comment line, separated by a space.
fn push_joined(out: &mut String, text: &str) {
    let t = text.trim();
    if t.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(t);
}

/// The inside of `{ ... }` in a comment, if the comment is an annotation.
fn annotation_text(inner: &str) -> Option<String> {
    let t = inner.trim();
    let body = t.strip_prefix('{')?;
    let body = body.strip_suffix('}').unwrap_or(body);
    Some(body.trim().to_string())
}

/// Reads an opening fence (```` ``` ```` or `~~~`, any indentation) and its info word,
/// lower-cased.
fn fence_open(line: &str) -> Option<Fence> {
    let body = line.trim_start_matches(' ');
    let indent = line.len() - body.len();
    let marker = *body.as_bytes().first()?;
    if marker != b'`' && marker != b'~' {
        return None;
    }
    let len = body.bytes().take_while(|&b| b == marker).count();
    if len < 3 {
        return None;
    }
    let info = body[len..].trim();
    if marker == b'`' && info.contains('`') {
        return None;
    }
    let word = info.split_whitespace().next().unwrap_or_default();
    Some(Fence {
        indent,
        marker,
        len,
        info: word.to_ascii_lowercase(),
    })
}

fn fence_closes(line: &str, fence: &Fence) -> bool {
    let t = line.trim();
    let run = t.bytes().take_while(|&b| b == fence.marker).count();
    run >= fence.len && run == t.len()
}

/// Removes up to `indent` leading spaces.
fn dedent(line: &str, indent: usize) -> &str {
    let spaces = line.bytes().take(indent).take_while(|&b| b == b' ').count();
    &line[spaces..]
}

/// Strips blockquote markers (`> `).
fn strip_quote(t: &str) -> &str {
    let mut t = t;
    while let Some(rest) = t.strip_prefix('>') {
        t = rest.trim_start();
    }
    t
}

/// `## Text ##` -> (2, "Text").
fn heading(t: &str) -> Option<(u8, &str)> {
    let level = t.bytes().take_while(|&b| b == b'#').count();
    if level == 0 || level > 6 {
        return None;
    }
    let rest = &t[level..];
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    let text = rest.trim().trim_end_matches('#').trim_end();
    u8::try_from(level).ok().map(|l| (l, text))
}

/// `# [HTTP](#tab/http)`: a tab of a code-sample group, not a section.
fn is_tab_heading(text: &str) -> bool {
    text.starts_with('[') && text.contains("](#tab/")
}

/// `---`, `***`, `___`: a thematic break (it also closes a tab group).
fn is_rule(t: &str) -> bool {
    let Some(first) = t.bytes().next() else {
        return false;
    };
    matches!(first, b'-' | b'*' | b'_')
        && t.bytes().filter(|&b| b == first).count() >= 3
        && t.bytes().all(|b| b == first || b == b' ')
}

/// `[!NOTE]` and its kin open a callout; the marker itself is not prose.
fn is_callout_marker(t: &str) -> bool {
    t.starts_with("[!") && t.ends_with(']') && !t.contains(' ')
}

/// `- x`, `* x`, `+ x` -> `x`.
fn list_item(t: &str) -> Option<&str> {
    let rest = t.strip_prefix(['-', '*', '+'])?;
    rest.starts_with([' ', '\t']).then(|| rest.trim())
}

/// `1. x`, `2) x`.
fn is_numbered_item(t: &str) -> bool {
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0 && t[digits..].starts_with(['.', ')']) && t[digits + 1..].starts_with([' ', '\t'])
}
