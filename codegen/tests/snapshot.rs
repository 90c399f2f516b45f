//! The code generated for the SDK's pages (and for the downstream check crate) is checked
//! in; these tests fail when it is stale. Refresh with:
//!
//! ```text
//! UPDATE_SNAPSHOTS=1 cargo test -p msgraph-typed-codegen --test snapshot
//! ```

use std::path::{Path, PathBuf};

use msgraph_typed_codegen::emit::SDK_GROUPS;
use msgraph_typed_codegen::{Generator, Mode};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const HEADER: &str = "\
// SNAPSHOT of the code msgraph-typed-codegen generates for these pages; checked by
// codegen/tests/snapshot.rs, which fails when it is stale. Refresh it with:
//     UPDATE_SNAPSHOTS=1 cargo test -p msgraph-typed-codegen --test snapshot
";

fn check(snapshot: &Path, code: &str) {
    let want = format!("{HEADER}{code}");
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(snapshot, &want).unwrap();
        return;
    }
    let have = std::fs::read_to_string(snapshot).unwrap_or_default();
    if have != want {
        let line = have
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .map_or(0, |i| i + 1);
        panic!(
            "{} is stale (first difference at line {line}); refresh it with\n    \
             UPDATE_SNAPSHOTS=1 cargo test -p msgraph-typed-codegen --test snapshot",
            snapshot.display()
        );
    }
}

#[test]
fn the_sdk_snapshot_is_what_the_sdk_pages_generate() {
    let out = Generator::new()
        .pages(root().join("pages"))
        .mode(Mode::Sdk)
        .generate()
        .unwrap();
    check(&root().join("codegen/tests/snapshots/sdk.rs"), &out.code);
}

#[test]
fn the_downstream_snapshot_is_what_the_check_crate_pages_generate() {
    let out = Generator::new()
        .pages(root().join("pages"))
        .pages(root().join("codegen-check/pages"))
        .mode(Mode::Downstream)
        .doc_tests(true)
        .expectations_cfg(Some("feature = \"mock\""))
        .generate()
        .unwrap();
    check(&root().join("codegen-check/src/generated.rs"), &out.code);
}

#[test]
fn the_sdk_groups_known_to_downstream_mode_are_the_sdk_pages_groups() {
    let out = Generator::new()
        .pages(root().join("pages"))
        .mode(Mode::Sdk)
        .generate()
        .unwrap();
    let mut groups: Vec<&str> = out
        .api
        .operations
        .values()
        .map(|o| o.group_fn.as_str())
        .collect();
    groups.dedup();
    assert_eq!(groups, SDK_GROUPS);
}
