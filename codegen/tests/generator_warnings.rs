//! Lenient warnings through the [`Generator`]: reported in `Output::warnings`, apart from
//! the skipped pages of `Output::skipped`, and only for what the output contains.

use std::fs;
use std::path::{Path, PathBuf};

use msgraph_typed_codegen::{Diagnostic, Generator, Mode, Output};

/// A fresh folder under the system's temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!(
            "msgraph-typed-codegen-{name}-{}",
            std::process::id()
        ));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    fn write(&self, path: &str, text: &str) {
        let file = self.0.join(path);
        fs::create_dir_all(file.parent().unwrap()).unwrap();
        fs::write(file, text).unwrap();
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// A resource page; its first property row is at line 16 (line 10 holds `inherits`).
fn resource(name: &str, inherits: &str, rows: &str) -> String {
    format!(
        "---\ntitle: \"{name} resource type\"\ndoc_type: resourcePageType\n---\n\n# {name} resource type\n\nA thing.\n\n{inherits}\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n"
    )
}

/// A GET page returning the resource `returns` (empty: no HTTP request line at all).
fn get_page(title: &str, request: &str, returns: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\ndoc_type: apiPageType\n---\n\n# {title}\n\nReads a thing.\n\n## HTTP request\n\n```http\n{request}\n```\n\n## Response\n\nIf successful, this method returns a `200 OK` response code and a [{returns}](../resources/{returns}.md) object in the response body.\n"
    )
}

fn lines(ds: &[Diagnostic], root: &Path) -> Vec<String> {
    ds.iter()
        .map(|d| {
            let path = d.path.strip_prefix(root).unwrap_or(&d.path);
            format!("{}:{}: {}", path.display(), d.line, d.message)
        })
        .collect()
}

fn generate(dirs: &[&Path], all_types: bool) -> Output {
    let mut g = Generator::new()
        .mode(Mode::Downstream)
        .lenient(true)
        .all_types(all_types);
    for dir in dirs {
        g = g.pages(dir);
    }
    g.generate().unwrap()
}

#[test]
fn lenient_warnings_are_listed_apart_from_the_skipped_pages() {
    let dir = TempDir::new("warnings-apart");
    dir.write(
        "v1.0/resources/gadget.md",
        &resource(
            "gadget",
            "",
            "| id | String | The id. |\n| hue | hue | Its hue. |",
        ),
    );
    dir.write(
        "v1.0/api/gadget-get.md",
        &get_page("Get gadget", "GET /gadgets/{id}", "gadget"),
    );
    dir.write(
        "v1.0/api/gadget-break.md",
        &get_page("gadget: break", "", "gadget"),
    );
    let empty = TempDir::new("warnings-apart-empty");
    let out = generate(&[&dir.0, &empty.0], false);
    let skipped = lines(&out.skipped, &dir.0);
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert!(
        skipped[0].starts_with("v1.0/api/gadget-break.md:6: no HTTP request line"),
        "{skipped:?}"
    );
    let warnings = lines(&out.warnings, &dir.0);
    assert_eq!(
        warnings,
        [
            "v1.0/resources/gadget.md:17: warning: type hue unknown; kept as JSON (`hue`)"
                .to_owned(),
            format!(
                "{}:0: warning: no pages: expected *.md or *.txt files in the folder or below it",
                empty.0.display()
            ),
        ]
    );
    assert_eq!(
        out.summary(),
        "generated 1 of 2 operation pages (1 skipped)"
    );
}

#[test]
fn a_resource_no_operation_reaches_gives_no_warning_and_a_reached_one_does() {
    let dir = TempDir::new("warnings-reach");
    dir.write(
        "v1.0/resources/gadget.md",
        &resource(
            "gadget",
            "",
            "| id | String | The id. |\n| hue | hue | Its hue. |",
        ),
    );
    dir.write(
        "v1.0/resources/widget.md",
        &resource(
            "widget",
            "Inherits from [device](device.md).",
            "| id | String | The id. |\n| shade | shade | Its shade. |",
        ),
    );
    dir.write(
        "v1.0/api/gadget-get.md",
        &get_page("Get gadget", "GET /gadgets/{id}", "gadget"),
    );
    let out = generate(&[&dir.0], false);
    assert!(
        !out.api.models.contains_key("Widget"),
        "nothing reaches widget"
    );
    assert_eq!(
        lines(&out.warnings, &dir.0),
        ["v1.0/resources/gadget.md:17: warning: type hue unknown; kept as JSON (`hue`)"]
    );
    assert!(out.skipped.is_empty(), "{:?}", out.skipped);

    let all = generate(&[&dir.0], true);
    assert!(all.api.models.contains_key("Widget"));
    assert_eq!(
        lines(&all.warnings, &dir.0),
        [
            "v1.0/resources/gadget.md:17: warning: type hue unknown; kept as JSON (`hue`)",
            "v1.0/resources/widget.md:10: warning: base type device unknown; its properties \
             are left out of widget",
            "v1.0/resources/widget.md:17: warning: type shade unknown; kept as JSON (`shade`)",
        ],
        "with every type generated, every warning holds"
    );
}

#[test]
fn a_warning_at_a_base_resource_stays_when_only_a_resource_inheriting_it_is_generated() {
    let dir = TempDir::new("warnings-heir");
    dir.write(
        "v1.0/resources/thing.md",
        &resource(
            "thing",
            "",
            "| id | String | The id. |\n| hue | hue | Its hue. |",
        ),
    );
    dir.write(
        "v1.0/resources/gadget.md",
        &resource(
            "gadget",
            "Inherits from [thing](thing.md).",
            "| size | Int32 | Its size. |",
        ),
    );
    dir.write(
        "v1.0/api/gadget-get.md",
        &get_page("Get gadget", "GET /gadgets/{id}", "gadget"),
    );
    let out = generate(&[&dir.0], false);
    assert!(
        !out.api.models.contains_key("Thing"),
        "nothing reaches thing"
    );
    let gadget = &out.api.models["Gadget"];
    assert!(
        gadget.fields.iter().any(|f| f.json_name == "hue"),
        "gadget inherits hue"
    );
    assert_eq!(
        lines(&out.warnings, &dir.0),
        ["v1.0/resources/thing.md:17: warning: type hue unknown; kept as JSON (`hue`)"]
    );
}
