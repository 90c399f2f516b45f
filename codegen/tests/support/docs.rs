//! A small docs checkout, laid out like Microsoft's docs repository
//! (`api-reference/{version}/{api,resources}`), written by the tests themselves, and the
//! command line run as a user runs it.

#![allow(dead_code)] // each test file uses a part of it

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fresh, empty folder for one test.
pub fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "msgraph-typed-codegen-{name}-{}",
        std::process::id()
    ));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// The command line tool, with a fixed date for its NOTICE.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_msgraph-typed-codegen"));
    c.env("SOURCE_DATE_EPOCH", "1796083200"); // 2026-12-01
    c
}

/// Stdout and stderr as text.
pub fn text(out: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A resource page whose first property row is at line 16 (its base named at line 10).
pub fn resource(name: &str, base: Option<&str>, rows: &str) -> String {
    let inherits = base.map_or_else(
        || "A thing of the tests.".to_owned(),
        |b| format!("Inherits from [{b}]({}.md).", b.to_ascii_lowercase()),
    );
    format!(
        "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n{inherits}\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
    )
}

/// An api page with one request line (or several, one a line), an optional body table
/// and a response sentence.
pub fn api(title: &str, requests: &str, body: &str, response: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nDoes a thing.\n\n## HTTP request\n\n```http\n{requests}\n```\n\n## Request body\n\n{body}\n\n## Response\n\n{response}\n"
    )
}

fn returns(what: &str) -> String {
    format!("If successful, this method returns a `200 OK` response code and {what} in the response body.")
}

/// Writes the test checkout under `root` (`root/api-reference/...`) and returns `root`.
///
/// v1.0 api pages: `widget-get` (GET /widgets/{widget-id} -> widget), `widget-list` and
/// `widget-list-all` (both GET /widgets), `gadget-polish` (POST /gadgets/{gadget-id}/polish
/// with a `finish` body parameter), `gizmo-get` (GET /gizmos/{id} -> gizmo).
/// v1.0 resources: `widget` (inherits `entity`, has a `size`), `entity`, `size` (has a
/// `sizeUnit` from `enums.md`), `finish`, `gizmo` (a `sprocket`, which no page describes,
/// at line 17), `unrelated` (a type typo: copying it would fail a strict build).
/// beta: `widget-get`, `widget-reset` (POST /widgets/{widget-id}/reset, in beta only),
/// `widget`, `entity`, `size`.
pub fn checkout(root: &Path) -> PathBuf {
    let v1 = root.join("api-reference/v1.0");
    let no_body = "Don't supply a request body for this method.";
    let pages: Vec<(&str, String)> = vec![
        (
            "api/widget-get.md",
            api(
                "Get widget",
                "GET /widgets/{widget-id}",
                no_body,
                &returns("a [widget](../resources/widget.md) object"),
            ),
        ),
        (
            "api/widget-list.md",
            api(
                "List widgets",
                "GET /widgets",
                no_body,
                &returns("a collection of [widget](../resources/widget.md) objects"),
            ),
        ),
        (
            "api/widget-list-all.md",
            api(
                "List all widgets",
                "GET /widgets\nGET /me/widgets",
                no_body,
                &returns("a collection of [widget](../resources/widget.md) objects"),
            ),
        ),
        (
            "api/gadget-polish.md",
            api(
                "gadget: polish",
                "POST /gadgets/{gadget-id}/polish",
                "| Parameter | Type | Description |\n|:--|:--|:--|\n| finish | [finish](../resources/finish.md) | Required. The finish. |",
                "If successful, this method returns a `204 No Content` response code.",
            ),
        ),
        (
            "api/gizmo-get.md",
            api(
                "Get gizmo",
                "GET /gizmos/{id}",
                no_body,
                &returns("a [gizmo](../resources/gizmo.md) object"),
            ),
        ),
        (
            "resources/widget.md",
            resource(
                "widget",
                Some("entity"),
                "| name | String | The name. |\n| size | [size](size.md) | How big. |",
            ),
        ),
        ("resources/entity.md", resource("entity", None, "| id | String | The id. |")),
        (
            "resources/size.md",
            resource(
                "size",
                None,
                "| width | Double | How wide. |\n| unit | [sizeUnit](enums.md#sizeunit-values) | Of width. |",
            ),
        ),
        (
            "resources/enums.md",
            "# Enum types\n\nThe enums of the tests.\n\n### sizeUnit values\n\n| Member | Description |\n|:--|:--|\n| millimetre | A thousandth of a metre. |\n| inch | An inch. |\n".to_owned(),
        ),
        ("resources/finish.md", resource("finish", None, "| gloss | Double | How glossy. |")),
        (
            "resources/gizmo.md",
            resource(
                "gizmo",
                None,
                "| label | String | A label. |\n| sprocket | [sprocket](sprocket.md) | No page describes it. |",
            ),
        ),
        (
            "resources/unrelated.md",
            resource("unrelated", None, "| oops | Strnig | A typo. |"),
        ),
    ];
    for (rel, body) in &pages {
        write(&v1.join(rel), body.as_bytes());
    }
    let beta = root.join("api-reference/beta");
    for (rel, body) in pages.iter().filter(|(r, _)| {
        [
            "api/widget-get.md",
            "resources/widget.md",
            "resources/entity.md",
        ]
        .contains(r)
    }) {
        let body = body.replace("A thing.", "A thing (beta).");
        write(&beta.join(rel), body.as_bytes());
    }
    write(
        &beta.join("api/widget-reset.md"),
        api(
            "widget: reset",
            "POST /widgets/{widget-id}/reset",
            no_body,
            "If successful, this method returns a `204 No Content` response code.",
        )
        .as_bytes(),
    );
    write(
        &beta.join("resources/size.md"),
        resource("size", None, "| width | Double | How wide. |").as_bytes(),
    );
    root.to_path_buf()
}

/// Writes a file, creating its folder.
pub fn write(path: &Path, bytes: &[u8]) {
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}

/// Every file under `dir`, relative to it with `/`, sorted.
pub fn files(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = fs::read_dir(dir) else {
            return;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap();
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push(parts.join("/"));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

/// `../shared` beside the workspace (or `MSGRAPH_SHARED_DIR`), as the other tests find it.
pub fn shared() -> PathBuf {
    match std::env::var_os("MSGRAPH_SHARED_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
    }
}
