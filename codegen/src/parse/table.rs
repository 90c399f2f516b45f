//! Pipe tables: a header row, a delimiter row (`|:---|---:|`), then data rows. Leading and
//! trailing pipes are optional, cells are reduced to text by [`super::inline`], commented-out
//! rows are skipped and bold-only rows are marked as sub-headings.

use super::inline::{self, is_wholly_bold};
use super::lines::Line;
use super::page::{Row, Table};

/// How far a table's rows reach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RowRule {
    /// Markdown: any following line with a pipe is a row, with or without a leading pipe.
    AnyPipe,
    /// Rendered text: only lines that start with a pipe are rows (prose there may hold pipes).
    LeadingPipe,
}

/// Whether `s` is a delimiter row: cells of dashes with optional colons, and at least one
/// pipe (so that a `---` rule under a line of prose is not taken for one).
pub(crate) fn is_delimiter_row(s: &str) -> bool {
    let t = s.trim();
    if !t.contains('-') || !t.contains('|') {
        return false;
    }
    let cells = split_cells(t);
    cells.iter().all(|cell| {
        let c = cell.trim();
        let c = c.strip_prefix(':').unwrap_or(c);
        let c = c.strip_suffix(':').unwrap_or(c);
        !c.is_empty() && c.bytes().all(|b| b == b'-')
    })
}

/// Whether `s` holds a pipe that is not escaped.
pub(crate) fn has_pipe(s: &str) -> bool {
    let mut escaped = false;
    for b in s.bytes() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'|' if !escaped => return true,
            _ => escaped = false,
        }
    }
    false
}

/// Splits a row into raw cells on unescaped pipes; an outer leading or trailing pipe does not
/// make an empty cell.
pub(crate) fn split_cells(row: &str) -> Vec<&str> {
    let t = row.trim();
    let mut cells = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (k, b) in t.bytes().enumerate() {
        match b {
            b'\\' if !escaped => escaped = true,
            b'|' if !escaped => {
                cells.push(&t[start..k]);
                start = k + 1;
            }
            _ => escaped = false,
        }
    }
    cells.push(&t[start..]);
    if t.starts_with('|') && !cells.is_empty() {
        cells.remove(0);
    }
    if t.len() > 1 && t.ends_with('|') && !t.ends_with("\\|") {
        cells.pop();
    }
    cells
}

/// Reads a table whose header is `header` and whose delimiter row is `rest[0]`.
/// Returns the table and how many lines of `rest` it used, or `None` when `rest` does not
/// start with a delimiter row.
pub(crate) fn read_table(
    header: Line<'_>,
    rest: &[Line<'_>],
    section: Option<&str>,
    rule: RowRule,
) -> Option<(Table, usize)> {
    let delimiter = rest.first()?;
    if !has_pipe(header.text) || !is_delimiter_row(delimiter.text) {
        return None;
    }
    let header_cells: Vec<String> = split_cells(header.text)
        .into_iter()
        .map(|c| inline::to_text(c).text)
        .collect();
    let columns = header_cells.len();
    let mut rows = Vec::new();
    let mut used = 1;
    while let Some(line) = rest.get(used) {
        let t = line.text.trim();
        if let Some(comment) = t.strip_prefix("<!--") {
            // A commented-out row (or any comment) inside the table: skip to its end.
            if comment.contains("-->") {
                used += 1;
                continue;
            }
            match rest[used + 1..].iter().position(|l| l.text.contains("-->")) {
                Some(k) => {
                    used += k + 2;
                    continue;
                }
                None => break,
            }
        }
        let is_row = match rule {
            RowRule::LeadingPipe => t.starts_with('|'),
            RowRule::AnyPipe => {
                has_pipe(t) && !t.starts_with('#') && !t.starts_with("```") && !t.starts_with("~~~")
            }
        };
        if !is_row {
            break;
        }
        rows.push(read_row(*line, columns));
        used += 1;
    }
    Some((
        Table {
            line: header.no,
            section: section.map(str::to_string),
            header: header_cells,
            rows,
        },
        used,
    ))
}

fn read_row(line: Line<'_>, columns: usize) -> Row {
    let raw = split_cells(line.text);
    let mut cells = Vec::with_capacity(raw.len());
    let mut links = Vec::with_capacity(raw.len());
    for cell in &raw {
        let t = inline::to_text(cell);
        cells.push(t.text);
        links.push(t.link);
    }
    let subheading = columns > 1
        && raw.first().is_some_and(|c| is_wholly_bold(c))
        && cells.iter().skip(1).all(String::is_empty);
    Row {
        line: line.no,
        cells,
        links,
        subheading,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_rows_are_recognised_with_and_without_colons_and_pipes() {
        assert!(is_delimiter_row("|:---|---:|:-:|"));
        assert!(is_delimiter_row("----|--|---"));
        assert!(is_delimiter_row(":---------------|:--------|:----------|"));
        assert!(is_delimiter_row("| --- |"));
        assert!(!is_delimiter_row("| a | b |"));
        assert!(!is_delimiter_row("---"));
        assert!(!is_delimiter_row("||"));
        assert!(!is_delimiter_row(""));
    }

    #[test]
    fn cells_split_on_unescaped_pipes_only() {
        assert_eq!(split_cells(r"| a \| b | c |"), vec![r" a \| b ", " c "]);
        assert_eq!(split_cells("a | b"), vec!["a ", " b"]);
        assert_eq!(split_cells("|a|b"), vec!["a", "b"]);
        assert_eq!(
            split_cells("|securityEnabledOnly|Boolean||"),
            vec!["securityEnabledOnly", "Boolean", ""]
        );
        assert_eq!(split_cells("|"), vec![""]);
    }
}
