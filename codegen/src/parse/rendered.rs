//! The rendered text form (seed 004): front matter as a leading `| title | ... |` table, no
//! headings, one paragraph per line, request lines glued to the next table, and examples
//! whose JSON bodies are not fenced and may be followed by text on their last line.

use std::path::Path;

use super::example::{self, Bound};
use super::http;
use super::include;
use super::inline;
use super::lines::{self, Line};
use super::page::{DocPage, ExampleKind, PageForm, Paragraph, Spanned};
use super::table::{self, RowRule};
use crate::diag::Diagnostic;

/// Whether `text` is in the rendered form: its first line is a `| title | ... |` row.
pub(crate) fn is_rendered(text: &str) -> bool {
    let first = text
        .strip_prefix('\u{feff}')
        .unwrap_or(text)
        .lines()
        .next()
        .unwrap_or_default();
    first.trim_start().starts_with('|')
        && table::split_cells(first)
            .first()
            .is_some_and(|c| c.trim() == "title")
}

/// Reads a rendered page.
pub(crate) fn read(path: &Path, text: &str) -> Result<DocPage, Diagnostic> {
    let lines = lines::split(text);
    let mut page = DocPage::empty(path, PageForm::Rendered);
    let mut i = read_front_matter(path, &lines, &mut page)?;
    let mut pending: Option<Line<'_>> = None;
    loop {
        let (line, next) = match pending.take() {
            Some(rest) => (rest, i),
            None => match lines.get(i) {
                Some(&l) => (l, i + 1),
                None => break,
            },
        };
        let t = line.text.trim();
        i = next;
        if t.is_empty() {
            continue;
        }
        let (t, includes) = include::strip(t);
        if includes.beta && page.beta_marker.is_none() {
            page.beta_marker = Some(line.no);
        }
        let t = t.as_str();
        if t.is_empty() {
            continue;
        }
        let this = Line {
            no: line.no,
            text: t,
        };
        let after = lines.get(i..).unwrap_or_default();
        let kind = if http::is_status_line(t) {
            Some(ExampleKind::Response)
        } else {
            http::example_request(t, false)
                .filter(|m| http::is_method(m))
                .map(|_| ExampleKind::Request)
        };
        if let Some(kind) = kind {
            let read = example::read(path, this, after, kind, Bound::Open, None)?;
            let rest_len = read.rest.map(|r| r.text.len());
            page.examples.push(read.example);
            // `next` indexes `after`, which starts at line index i.
            if let Some(len) = rest_len {
                // The body closed on `after[next - 1]`, and text follows the close there.
                let close = read.next.saturating_sub(1);
                pending = after.get(close).and_then(|l| {
                    let text = l.text.get(l.text.len().saturating_sub(len)..)?;
                    Some(Line { no: l.no, text })
                });
            }
            i += read.next;
            continue;
        }
        if let Some((word, rest)) = http::method_word(t) {
            if http::is_method(word) && rest.starts_with('/') {
                let (path_text, glued) = http::split_path(rest);
                page.http_requests.push(Spanned {
                    value: super::page::HttpLine {
                        method: word.to_string(),
                        path: path_text.to_string(),
                    },
                    line: line.no,
                });
                let glued = glued.trim();
                if glued.starts_with('|') {
                    let header = Line {
                        no: line.no,
                        text: glued,
                    };
                    if let Some((table, used)) =
                        table::read_table(header, after, None, RowRule::LeadingPipe)
                    {
                        page.tables.push(table);
                        i += used;
                    }
                }
                continue;
            }
        }
        if t.starts_with('|') {
            if let Some((table, used)) = table::read_table(this, after, None, RowRule::LeadingPipe)
            {
                page.tables.push(table);
                i += used;
                continue;
            }
        }
        let (text, list) = match t.strip_prefix(['-', '*', '+']) {
            Some(rest) if rest.starts_with([' ', '\t']) => (rest, true),
            _ => (t, false),
        };
        let text = inline::to_text(text).text;
        if text.is_empty() {
            continue;
        }
        let paragraph = Paragraph {
            text,
            line: line.no,
            section: None,
        };
        if list {
            page.list_items.push(paragraph);
        } else {
            page.paragraphs.push(paragraph);
        }
    }
    Ok(page)
}

/// Reads the leading `| title | ... |` table into the front matter and title; returns the
/// index of the first line after it.
fn read_front_matter(
    path: &Path,
    lines: &[Line<'_>],
    page: &mut DocPage,
) -> Result<usize, Diagnostic> {
    let Some(&first) = lines.first() else {
        return Ok(0);
    };
    let rest = lines.get(1..).unwrap_or_default();
    let Some((table, used)) = table::read_table(first, rest, None, RowRule::LeadingPipe) else {
        return Err(Diagnostic::new(
            path,
            first.no,
            "found a `| title |` row with no delimiter row after it; expected `|---|---|` on the next line",
        ));
    };
    let mut entry = |cells: &[String], line: usize| {
        let Some(key) = cells.first().filter(|k| !k.is_empty()) else {
            return;
        };
        let value = cells.get(1..).unwrap_or_default().join(" | ");
        page.front_matter
            .push((key.clone(), Spanned { value, line }));
    };
    entry(&table.header, table.line);
    for row in &table.rows {
        entry(&row.cells, row.line);
    }
    page.title_from_front_matter();
    Ok(1 + used)
}
