//! `msgraph-typed-codegen list --docs DOCS [--version v] [FILTER]`: every operation of a
//! docs checkout (request line, page file), to find what to `add`.

#[path = "support/docs.rs"]
mod docs;

use std::path::Path;
use std::process::Output;

use docs::{bin, checkout, temp, text, write};

fn list(docs: &Path, args: &[&str]) -> Output {
    bin()
        .arg("list")
        .arg("--docs")
        .arg(docs)
        .args(args)
        .output()
        .unwrap()
}

/// The (request line, page) pairs a listing printed.
fn rows(out: &str) -> Vec<(String, String)> {
    out.lines()
        .map(|l| {
            let (request, page) = l.trim_end().rsplit_once("  ").unwrap();
            (request.trim().to_owned(), page.trim().to_owned())
        })
        .collect()
}

fn pair(request: &str, page: &str) -> (String, String) {
    (request.to_owned(), page.to_owned())
}

#[test]
fn every_request_line_of_every_api_page_is_listed_with_its_page() {
    let root = temp("list-all");
    let docs = checkout(&root);
    let run = list(&docs, &[]);
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stderr}");
    assert_eq!(
        rows(&stdout),
        [
            pair("POST /gadgets/{gadget-id}/polish", "gadget-polish.md"),
            pair("GET /gizmos/{id}", "gizmo-get.md"),
            pair("GET /widgets/{widget-id}", "widget-get.md"),
            pair("GET /widgets", "widget-list-all.md"),
            pair("GET /me/widgets", "widget-list-all.md"),
            pair("GET /widgets", "widget-list.md"),
        ]
    );
}

#[test]
fn a_filter_keeps_the_operations_whose_request_line_or_page_contains_it() {
    let root = temp("list-filter");
    let docs = checkout(&root);
    let (stdout, _) = text(&list(&docs, &["/ME/"]));
    assert_eq!(
        rows(&stdout),
        [pair("GET /me/widgets", "widget-list-all.md")]
    );
    let (stdout, _) = text(&list(&docs, &["gizmo-get"]));
    assert_eq!(rows(&stdout), [pair("GET /gizmos/{id}", "gizmo-get.md")]);
    let (stdout, _) = text(&list(&docs, &["--version", "beta"]));
    assert_eq!(
        rows(&stdout),
        [
            pair("GET /widgets/{widget-id}", "widget-get.md"),
            pair("POST /widgets/{widget-id}/reset", "widget-reset.md"),
        ]
    );
}

#[test]
fn an_unreadable_page_is_named_on_stderr_and_the_others_are_listed() {
    let root = temp("list-unreadable");
    let docs = checkout(&root);
    write(
        &docs.join("api-reference/v1.0/api/broken.md"),
        b"# broken: x\n\n## HTTP request\n\n```http\nFETCH /x\n```\n",
    );
    let run = list(&docs, &["widget-get"]);
    let (stdout, stderr) = text(&run);
    assert!(run.status.success(), "{stderr}");
    assert!(stderr.contains("warning: v1.0/api/broken.md:6"), "{stderr}");
    assert_eq!(
        rows(&stdout),
        [pair("GET /widgets/{widget-id}", "widget-get.md")]
    );
}

#[test]
fn no_such_docs_checkout_is_a_one_line_error_with_exit_code_2() {
    let root = temp("list-no-docs");
    let run = list(&root.join("nowhere"), &[]);
    let (_, stderr) = text(&run);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nowhere: no such folder"), "{stderr}");
    let run = list(&root, &["a", "b"]);
    assert_eq!(run.status.code(), Some(2), "one FILTER at most");
}
