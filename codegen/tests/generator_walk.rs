//! How the generator walks its page folders.

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_between_folders_does_not_repeat_pages() {
    use msgraph_typed_codegen::{Generator, Mode};
    use std::path::Path;

    let root =
        std::env::temp_dir().join(format!("msgraph-typed-codegen-walk-{}", std::process::id()));
    let api = root.join("v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/mixed/v1.0/api");
    for page in ["widget-frob.md", "widget-polish.md"] {
        std::fs::copy(fixture.join(page), api.join(page)).unwrap();
    }
    let link = api.join("loop");
    if link.symlink_metadata().is_err() {
        std::os::unix::fs::symlink(&root, &link).unwrap();
    }
    let out = Generator::new()
        .pages(&root)
        .mode(Mode::Downstream)
        .lenient(true)
        .generate()
        .unwrap();
    assert_eq!(out.files.len(), 2, "pages read more than once");
    assert_eq!(
        out.files,
        [api.join("widget-frob.md"), api.join("widget-polish.md")]
    );
    assert_eq!(out.operation_pages, 2);
    std::fs::remove_dir_all(&root).unwrap();
}
