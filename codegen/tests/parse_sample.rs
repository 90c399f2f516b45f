//! Reads every real Graph page in `../shared/graph-docs-sample` and `../shared/graph-docs-current`
//! (when that folder exists beside the repository) and checks what every page must yield.

use std::path::{Path, PathBuf};

use msgraph_typed_codegen::parse::{read_page, DocPage};

/// `CARGO_MANIFEST_DIR/../../shared`, or the folder named by `MSGRAPH_SHARED_DIR`.
fn shared() -> PathBuf {
    match std::env::var_os("MSGRAPH_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            files_under(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn in_folder(path: &Path, name: &str) -> bool {
    path.parent()
        .and_then(Path::file_name)
        .is_some_and(|n| n == name)
}

fn is_properties(section: Option<&str>) -> bool {
    section.is_some_and(|s| s.eq_ignore_ascii_case("properties"))
}

/// Whether a table sits under the `Properties` heading.
fn has_properties_table(page: &DocPage) -> bool {
    page.tables
        .iter()
        .any(|t| is_properties(t.section.as_deref()))
}

/// Whether prose sits under the `Properties` heading (`None.`, or an open type's note).
fn has_properties_prose(page: &DocPage) -> bool {
    page.paragraphs
        .iter()
        .any(|p| is_properties(p.section.as_deref()))
}

/// How the reader refuses a request line that is a placeholder
/// (`GET ** Collection URI for microsoft.x not found`).
const PLACEHOLDER: &str = "a placeholder where the page should give the address";

#[test]
fn every_sample_page_is_read_and_yields_what_its_kind_needs() {
    let mut files = Vec::new();
    for folder in ["graph-docs-sample", "graph-docs-current"] {
        files_under(&shared().join(folder), &mut files);
    }
    if files.is_empty() {
        println!("no shared Graph pages at {}; skipping", shared().display());
        return;
    }
    let (mut read, mut api, mut resources, mut with_properties, mut with_table) = (0, 0, 0, 0, 0);
    let mut prose_only = Vec::new();
    let (mut tables, mut examples, mut requests) = (0, 0, 0);
    let mut failures = Vec::new();
    let mut refused = Vec::new();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let page = match std::panic::catch_unwind(|| read_page(path, &text)) {
            Err(_) => {
                failures.push(format!("{}: the reader panicked", path.display()));
                continue;
            }
            Ok(Err(diag)) => {
                // A page whose request block holds a placeholder instead of an address has
                // nothing to read: it must be refused, at its line, saying so.
                let text = diag.to_string();
                if text.contains(PLACEHOLDER) && diag.line > 0 && text.contains("expected") {
                    refused.push(text);
                } else {
                    failures.push(text);
                }
                continue;
            }
            Ok(Ok(page)) => page,
        };
        read += 1;
        tables += page.tables.len();
        examples += page.examples.len();
        requests += page.http_requests.len();
        if in_folder(path, "api") {
            api += 1;
            if page.title.is_none() {
                failures.push(format!("{}: api page without a title", path.display()));
            }
            if page.http_requests.is_empty() {
                failures.push(format!(
                    "{}: api page without an HTTP request line",
                    path.display()
                ));
            }
        }
        if in_folder(path, "resources") {
            resources += 1;
            let properties = page
                .headings
                .iter()
                .any(|h| h.level <= 3 && h.text.eq_ignore_ascii_case("properties"));
            if properties {
                with_properties += 1;
                if has_properties_table(&page) {
                    with_table += 1;
                } else if has_properties_prose(&page) {
                    prose_only.push(path.display().to_string());
                } else {
                    failures.push(format!(
                        "{}: `Properties` heading with neither a table nor prose under it",
                        path.display()
                    ));
                }
            }
        }
    }
    println!(
        "read {read} of {} files: {api} api pages, {resources} resource pages \
         ({with_properties} with Properties: {with_table} with a table, {} with prose only); \
         {requests} request lines, {tables} tables, {examples} examples",
        files.len(),
        prose_only.len()
    );
    for path in &prose_only {
        println!("  Properties as prose only: {path}");
    }
    for line in &refused {
        println!("  refused: {line}");
    }
    assert!(
        api > 0 && resources > 0,
        "the sample has api and resource pages"
    );
    assert!(
        failures.is_empty(),
        "{} pages failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
